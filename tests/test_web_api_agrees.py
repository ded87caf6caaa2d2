"""The API and the CLI read and show the same things the same way (times, filters, watches,
rules), and the API answers HTTP as clients expect (HEAD, Allow). A real uvicorn server on
loopback, over SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.responses import StreamingResponse

from tests.support.cli import Run
from tests.support.site import Site
from tests.support.web import LiveServer, run_carney, start_server

TOKEN = "s3cret-test-token"


@pytest.fixture
def server(db_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    s = start_server(db_url, tmp_path, token=TOKEN)
    yield s
    s.close()


@pytest.fixture
def sqlite_server(sqlite_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    """For what the database has no part in."""
    s = start_server(sqlite_url, tmp_path, token=TOKEN)
    yield s
    s.close()


def test_since_and_until_are_iso_times_as_on_the_command_line(
    server: LiveServer, site: Site, cli: Callable[..., Run]
) -> None:
    # (a bare number was read as Unix time: 29991231 seconds is December 1970, so "since the
    # year 2999" gave every change)
    run_carney(site, cli)
    api = server.client(TOKEN)
    for since, count in (("29991231", 0), ("19991231", 5), ("2999-12-31T00:00:00+02:00", 0)):
        assert api.get("/api/changes", params={"since": since}).json()["total"] == count, since
        assert len(cli("changes", "--since", since, "--json").json()["changes"]) == count, since
    assert api.get("/api/changes", params={"until": "29991231"}).json()["total"] == 5
    assert api.get("/api/changes", params={"until": "19991231"}).json()["total"] == 0
    for name in ("since", "until"):
        refused = api.get("/api/changes", params={name: "1700000000"})
        assert refused.status_code == 422, refused.text
        error = refused.json()["error"]
        assert (error["type"], error["message"]) == (
            "invalid",
            f"{name}: '1700000000' is not an ISO date or date-time in range",
        )
    run = cli("changes", "--since", "1700000000")
    assert run.code == 2 and "'1700000000' is not an ISO date or date-time in range" in run.err
    # empty is no filter, as `watcher changes --since ''`
    assert api.get("/api/changes", params={"since": ""}).json()["total"] == 5


def test_an_empty_kind_is_no_filter_on_the_api_as_on_the_page(
    server: LiveServer, site: Site, cli: Callable[..., Run]
) -> None:
    """The page took ``kind=`` as no filter (its form's "any kind" sends it), the API refused
    it. On the command line an empty ``--kind ''`` is bad usage: a variable left unset, not a
    choice made in a form."""
    run_carney(site, cli)
    api = server.client(TOKEN)
    assert api.get("/api/changes", params={"kind": ""}).json()["total"] == 5
    assert cli("changes", "--kind", "").code == 2
    page = api.get("/", params={"kind": ""})
    assert page.status_code == 200 and "1–5 of 5" in page.text
    bogus = api.get("/api/changes", params={"kind": "bogus"})
    assert bogus.status_code == 422 and bogus.json()["error"]["message"].startswith("kind: Input should be ")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{bad", "body: not JSON: Expecting property name enclosed in double quotes (char 1)"),
        (b'{"url": "x",}', "body: not JSON: Expecting property name enclosed in double quotes (char 12)"),
    ],
)
def test_a_body_that_is_not_json_is_said_to_be_so(
    sqlite_server: LiveServer, body: bytes, message: str
) -> None:
    # (the message was "1: JSON decode error", as if a field named 1 were wrong)
    resp = sqlite_server.client(TOKEN).post(
        "/api/watches", content=body, headers={"content-type": "application/json"}
    )
    assert resp.status_code == 422
    assert (resp.json()["error"]["type"], resp.json()["error"]["message"]) == ("invalid", message)


def test_the_document_gives_the_csv_type_and_the_damaged_snapshot_error(
    sqlite_server: LiveServer, site: Site, sqlite_url: str
) -> None:
    # (it said export.csv was text/plain, and the snapshot route never answered 500)
    api = sqlite_server.client(TOKEN)
    paths = api.get("/openapi.json").json()["paths"]
    csv_ok = paths["/api/watches/{watch_id}/export.csv"]["get"]["responses"]["200"]
    assert list(csv_ok["content"]) == ["text/csv"]
    damaged = paths["/api/watches/{watch_id}/versions/{seq}/snapshot"]["get"]["responses"]["500"]
    assert "damaged_snapshot" in damaged["description"]
    # every error in JSON, on routes answering text or CSV too (they were listed in the route's type)
    for path in ("/api/watches/{watch_id}/versions/{seq}/snapshot", "/api/watches/{watch_id}/export.csv"):
        for status, response in paths[path]["get"]["responses"].items():
            if status != "200":
                assert response["content"] == {
                    "application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}
                }, (path, status)
    watch = api.post("/api/watches", json={"url": site.url("/a")}).json()
    exported = api.get(f"/api/watches/{watch['id']}/export.csv")
    assert exported.headers["content-type"] == "text/csv; charset=utf-8"
    assert exported.text.startswith("change_id,detected_at")


def test_the_dashboard_past_the_last_change_says_so_and_leads_back(
    server: LiveServer, site: Site, cli: Callable[..., Run]
) -> None:
    # (it showed "← newer 1001–1000 of 5", the newer link leading to 950, past the end again)
    run_carney(site, cli)
    page = server.client(TOKEN).get("/", params={"offset": 1000, "label": "politics"})
    assert page.status_code == 200
    pager = page.text[page.text.index('<nav class="pager">') :].split("</nav>")[0]
    assert "past the last of 5" in pager and "1001" not in pager
    assert '<a href="/?label=politics">← newer</a>' in pager and "older" not in pager
    first = server.client(TOKEN).get("/").text
    assert "1–5 of 5" in first and "← newer" not in first


def test_a_watch_is_the_same_object_on_the_command_line_and_in_the_api(
    server: LiveServer, site: Site, cli: Callable[..., Run]
) -> None:
    # (`watcher list --json` had no interval_seconds)
    url = run_carney(site, cli)
    assert cli("add", site.url("/never-checked"), "--every", "2h").code == 0
    api = server.client(TOKEN)
    listed = {w["id"]: w for w in cli("list", "--json").json()["watches"]}
    served = {w["id"]: w for w in api.get("/api/watches").json()["watches"]}
    assert listed == served and len(listed) == 2
    assert 7200 in {w["interval_seconds"] for w in listed.values()}
    (carney,) = (w for w in served.values() if w["url"] == url)
    assert cli("history", url, "--json").json()["watch"] == carney


def test_a_rule_stores_each_kind_once(sqlite_server: LiveServer) -> None:
    # (["quote_added", "quote_added"] was stored, and shown, twice)
    api = sqlite_server.client(TOKEN)
    hook = {"name": "desk", "kind": "webhook", "config": {"url": "https://hooks.example.org/x"}}
    channel = api.post("/api/channels", json=hook).json()
    twice = ["quote_added", "title_changed", "quote_added"]
    rule = api.post(
        "/api/rules", json={"channel_id": channel["id"], "kinds": twice, "skip_kinds": ["reverted"] * 2}
    )
    assert rule.status_code == 201, rule.text
    assert (rule.json()["kinds"], rule.json()["skip_kinds"]) == (
        ["quote_added", "title_changed"],
        ["reverted"],
    )
    patched = api.patch(f"/api/rules/{rule.json()['id']}", json={"kinds": ["date_added"] * 3}).json()
    assert patched["kinds"] == ["date_added"]
    assert api.get(f"/api/rules/{rule.json()['id']}").json()["kinds"] == ["date_added"]


def test_head_is_answered_wherever_get_is_with_its_headers_and_no_body(
    server: LiveServer, site: Site, cli: Callable[..., Run]
) -> None:
    # (every route answered HEAD with a 405)
    run_carney(site, cli)
    api = server.client(TOKEN)
    wid = api.get("/api/watches").json()["watches"][0]["id"]
    for path in (
        "/healthz",
        "/",
        "/api/watches",
        f"/watches/{wid}",
        f"/api/watches/{wid}/export.csv",
        f"/api/watches/{wid}/export.json",
        f"/api/watches/{wid}/export.warc.gz",
        f"/api/watches/{wid}/versions/2/snapshot?download=true",
        "/static/style.css",
    ):
        got, head = api.get(path), api.head(path)
        assert (head.status_code, got.status_code) == (200, 200), path
        assert head.content == b"" and got.content, path
        for name in ("content-type", "content-length", "content-disposition", "content-security-policy"):
            assert head.headers.get(name) == got.headers.get(name), (path, name)
    missing = api.head("/api/watches/424242")
    assert missing.status_code == 404 and missing.content == b""
    assert server.client().head("/api/watches").status_code == 401  # (no token: as its GET)


def test_a_streamed_body_is_not_made_for_a_head(db_url: str, tmp_path: Path) -> None:
    made: list[int] = []

    def add_a_long_stream(app: FastAPI) -> None:
        @app.get("/api/long")
        def long() -> StreamingResponse:
            def pieces() -> Iterator[bytes]:
                for n in range(1000):
                    made.append(n)
                    yield b"x" * 1000

            return StreamingResponse(pieces(), media_type="application/octet-stream")

    server = start_server(db_url, tmp_path, token=TOKEN, extend=add_a_long_stream)
    try:
        head = server.client(TOKEN).head("/api/long")
        assert head.status_code == 200 and head.headers["content-type"] == "application/octet-stream"
        assert head.content == b"" and len(made) < 10
        assert len(server.client(TOKEN).get("/api/long").content) == 1_000_000
    finally:
        server.close()


def test_a_405_lists_every_method_of_its_path(server: LiveServer) -> None:
    # (PUT /api/watches/1 said "Allow: GET", though PATCH and DELETE are taken too)
    api = server.client(TOKEN)
    for method, path, allowed in (
        ("PUT", "/api/watches/1", "DELETE, GET, HEAD, PATCH"),
        ("POST", "/api/watches/1", "DELETE, GET, HEAD, PATCH"),
        ("PUT", "/api/channels/1", "DELETE, GET, HEAD, PATCH"),
        ("DELETE", "/api/rules", "GET, HEAD, POST"),
        ("POST", "/healthz", "GET, HEAD"),
        ("GET", "/api/alerts/1/retry", "POST"),
    ):
        refused = api.request(method, path, json={})
        assert refused.status_code == 405, (method, path)
        assert refused.headers["allow"] == allowed, (method, path)
        if path.startswith("/api"):  # (elsewhere the error page)
            assert refused.json()["error"]["type"] == "method_not_allowed"


RULE_KEYS = {
    "id",
    "channel_id",
    "channel",
    "kinds",
    "label",
    "url_pattern",
    "url",
    "min_chars",
    "skip_kinds",
    "active",
    "default",
    "created_at",
}


def test_the_api_shows_each_channels_rules_as_the_command_line_does(
    server: LiveServer, cli: Callable[..., Run]
) -> None:
    # (the API had no default rule, so a channel without rules of its own seemed to send
    # nothing, and named a rule's fields otherwise: url_pattern/url, channel_id/channel)
    assert cli("channel", "add", "webhook", "plain", "--url", "https://hooks.example.org/a").code == 0
    api = server.client(TOKEN)
    hook = {"name": "picky", "kind": "webhook", "config": {"url": "https://hooks.example.org/b"}}
    picky = api.post("/api/channels", json=hook).json()
    added = cli("rule", "add", "--channel", "picky", "--kinds", "quote_added", "--url", "*evil*", "--json")
    paused = api.post(
        "/api/rules", json={"channel_id": picky["id"], "url_pattern": "*calm*", "active": False}
    ).json()

    cli_channels = cli("channel", "list", "--json").json()["channels"]
    api_channels = api.get("/api/channels").json()["channels"]
    assert [c["rules"] for c in cli_channels] == [c["rules"] for c in api_channels]
    plain, picky_rules = (c["rules"] for c in api_channels)
    (default,) = plain
    assert set(default) == RULE_KEYS
    assert (default["id"], default["default"], default["active"], default["channel"]) == (
        None,
        True,
        True,
        "plain",
    )
    assert default["kinds"] and default["skip_kinds"] == ["reverted"]
    assert [(r["id"], r["url"], r["url_pattern"], r["active"]) for r in picky_rules] == [
        (added.json()["rule"]["id"], "*evil*", "*evil*", True),
        (paused["id"], "*calm*", "*calm*", False),
    ]
    assert added.json()["rule"] == picky_rules[0] == api.get(f"/api/rules/{picky_rules[0]['id']}").json()
    assert api.get(f"/api/channels/{picky['id']}").json()["rules"] == picky_rules

    cli_rules = cli("rule", "list", "--json").json()
    api_rules = api.get("/api/rules").json()
    assert cli_rules == api_rules and api_rules["rules"] == plain + picky_rules
    assert api_rules["default_kinds"] == default["kinds"] and api_rules["default_skip_kinds"] == ["reverted"]
    assert api.get("/api/rules", params={"channel": picky["id"]}).json()["rules"] == picky_rules
    # a channel whose rules are all paused alerts on the default rule again, and says so
    assert api.patch(f"/api/rules/{picky_rules[0]['id']}", json={"active": False}).status_code == 200
    shown = api.get(f"/api/channels/{picky['id']}").json()["rules"]
    assert [(r["id"], r["default"]) for r in shown] == [
        (picky_rules[0]["id"], False),
        (paused["id"], False),
        (None, True),
    ]
    assert "(paused)" in cli("channel", "list").out
