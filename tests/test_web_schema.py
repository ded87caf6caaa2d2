"""Property-based API testing: schemathesis over our OpenAPI spec finds no server error.

Bounded (a few examples per operation) so the run stays well under a minute per database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from tests.support.cli import Run
from tests.support.site import Site
from tests.support.web import LiveServer, start_server

TOKEN = "schema-test-token"
PAGE = "<html><head><title>T {n}</title></head><body><article><p>“Quote {n},” she said on March {n}.</p>"
PAGE += "<p>Second paragraph of the article, version {n}.</p></article></body></html>"


@pytest.fixture
def live(db_url: str, tmp_path: Path, site: Site, cli: Callable[..., Run]) -> Iterator[LiveServer]:
    url = site.url("/story")
    assert cli("add", url, "--label", "news").code == 0
    for n in (1, 2, 3):
        site.serve("/story", PAGE.format(n=n))
        assert cli("check", url, "--all").code == 0
    s = start_server(db_url, tmp_path, token=TOKEN)
    with s.client(TOKEN) as c:
        ch = c.post(
            "/api/channels",
            json={
                "name": "desk",
                "kind": "webhook",
                "config": {"url": "https://hooks.example/x", "secret": "x"},
            },
        )
        c.post("/api/rules", json={"channel_id": ch.json()["id"]})
    yield s
    s.close()


def test_no_server_errors(live: LiveServer) -> None:
    """Every operation, positive and negative examples: never a 5xx, errors in the one shape."""
    # Driven through Hypothesis directly: schemathesis' pytest plugin does not load on pytest 9.
    schema = schemathesis.openapi.from_url(live.url + "/openapi.json")
    auth = {"Authorization": f"Bearer {TOKEN}"}
    # deletions last, so the seeded watch's versions and diffs are exercised first
    operations = sorted(
        (result.ok() for result in schema.get_all_operations()), key=lambda op: op.method.upper() == "DELETE"
    )
    assert len(operations) >= 25
    failures: list[str] = []

    for operation in operations:
        strategy = st.one_of(
            operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
            operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
            *schema.get_strategies_from_examples(operation),  # ids of the seeded watch
        )

        @given(case=strategy)
        @settings(max_examples=12, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def run(case: Any) -> None:
            response = case.call(base_url=live.url, headers=auth)
            where = f"{case.method} {case.formatted_path} {case.query or ''}"
            if response.status_code >= 500:
                failures.append(f"{where}: {response.status_code} {response.text[:300]}")
            elif response.status_code >= 400:
                body = response.json()
                assert set(body["error"]) == {"status", "type", "message", "details"}, (where, body)

        run()
    assert not failures, "\n".join(failures[:10])


def test_the_document_says_what_the_api_answers(live: LiveServer) -> None:
    """The error shape, the statuses and the bearer scheme are in the OpenAPI document (it
    showed FastAPI's own 422 shape, which the API never sends, no 401/404/409, and no way for
    /docs to send the token)."""
    from watcher.web.schema import ErrorBody

    with live.client(TOKEN) as c:
        doc = c.get("/openapi.json").json()
        assert doc["components"]["securitySchemes"]["bearer"] == {
            "type": "http",
            "scheme": "bearer",
            "description": "the service's web.token",
        }
        assert doc["security"] == [{"bearer": []}]
        assert "HTTPValidationError" not in str(doc) and "ErrorBody" in doc["components"]["schemas"]
        for path, method, params, status in (
            ("/api/changes/{change_id}", "get", None, 404),
            ("/api/changes", "get", {"kind": "bogus"}, 422),
            ("/api/watches", "post", None, 422),
        ):
            responses = doc["paths"][path][method]["responses"]
            assert responses[str(status)]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/ErrorBody"
            }
            real = c.request(
                method,
                path.replace("{change_id}", "999999"),
                params=params,
                json={} if method == "post" else None,
            )
            assert real.status_code == status
            ErrorBody.model_validate(real.json())
    anonymous = live.client()
    refused = anonymous.get("/api/watches")
    assert refused.status_code == 401 and "401" in doc["paths"]["/api/watches"]["get"]["responses"]
    ErrorBody.model_validate(refused.json())
