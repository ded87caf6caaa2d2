"""The JSON API on a real uvicorn server on loopback, over SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import insert, select

from tests.support.cli import Run
from tests.support.site import Site
from tests.support.web import LiveServer, run_carney, start_server
from watcher.config import WebSettings
from watcher.errors import ConfigError
from watcher.store.schema import alerts, channels
from watcher.web import check_bind
from watcher.web.auth import _origin_host
from watcher.web.headers import PAGE_CSP
from watcher.web.limits import MAX_BODY_BYTES

TOKEN = "s3cret-test-token"

FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def server(db_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    s = start_server(db_url, tmp_path, token=TOKEN)
    yield s
    s.close()


def error_of(resp: object) -> dict[str, object]:
    body = resp.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "type", "message", "details"}
    assert body["error"]["status"] == resp.status_code  # type: ignore[attr-defined]
    return body["error"]  # type: ignore[no-any-return]


def test_watch_crud_and_errors(server: LiveServer, site: Site) -> None:
    api = server.client(TOKEN)
    url = site.serve("/a", "<html><title>A</title><p>Hello.</p></html>")
    r = api.post("/api/watches", json={"url": url, "every": "1h", "labels": ["politics", "canada"]})
    assert r.status_code == 201, r.text
    watch = r.json()
    assert watch["url"] == url and watch["every"] == "1h" and watch["labels"] == ["politics", "canada"]

    assert error_of(api.post("/api/watches", json={"url": url}))["type"] == "watch_exists"
    bad = api.post("/api/watches", json={"url": "ftp://example.com/x"})
    assert bad.status_code == 422 and error_of(bad)["type"] == "invalid_url"
    bad = api.post("/api/watches", json={"url": site.url("/b"), "every": "soon"})
    assert bad.status_code == 422 and "interval" in str(error_of(bad)["message"])
    bad = api.post("/api/watches", json={"url": site.url("/b"), "surprise": 1})
    assert bad.status_code == 422 and error_of(bad)["details"]

    for i in range(3):
        api.post("/api/watches", json={"url": site.url(f"/other{i}"), "labels": ["sport"]})
    listing = api.get("/api/watches", params={"label": "sport", "limit": 2}).json()
    assert listing["total"] == 3 and len(listing["watches"]) == 2
    assert (
        api.get("/api/watches", params={"label": "sport", "offset": 2})
        .json()["watches"][0]["url"]
        .endswith("/other2")
    )
    assert [w["id"] for w in api.get("/api/watches", params={"search": "/A"}).json()["watches"]] == [
        watch["id"]
    ]

    r = api.patch(f"/api/watches/{watch['id']}", json={"every": "2d", "labels": ["x"], "active": False})
    assert r.status_code == 200
    assert (r.json()["every"], r.json()["labels"], r.json()["active"], r.json()["status"]) == (
        "2d",
        ["x"],
        False,
        "paused",
    )
    assert api.get("/api/watches", params={"status": "paused"}).json()["total"] == 1
    assert api.delete(f"/api/watches/{watch['id']}").status_code == 204
    gone = api.get(f"/api/watches/{watch['id']}")
    assert gone.status_code == 404 and error_of(gone)["type"] == "watch_not_found"
    assert error_of(api.get("/api/watches", params={"limit": 0}))["details"][0]["loc"] == ["query", "limit"]


def test_history_endpoints_after_the_carney_scenario(
    server: LiveServer, site: Site, cli: Callable[..., Run]
) -> None:
    run_carney(site, cli)
    api = server.client(TOKEN)
    wid = api.get("/api/watches").json()["watches"][0]["id"]

    versions = api.get(f"/api/watches/{wid}/versions").json()
    assert versions["total"] == 5 and [v["seq"] for v in versions["versions"]] == [1, 2, 3, 4, 5]
    v3 = api.get(f"/api/watches/{wid}/versions/3").json()
    assert v3["updated_at"] == "2025-03-29T01:15:00Z"
    assert any("successful talk" in q["text"] for q in v3["quotes"]) and "2025-04-28" in v3["dates"]
    assert api.get(f"/api/watches/{wid}/versions/9").status_code == 404

    raw = api.get(f"/api/watches/{wid}/versions/3/snapshot")
    assert raw.status_code == 200 and raw.headers["content-type"].startswith("text/plain")
    assert (
        raw.headers["content-security-policy"] == "sandbox; default-src 'none'"
        and "<html" in raw.text.lower()
    )
    dl = api.get(f"/api/watches/{wid}/versions/3/snapshot", params={"download": "true"})
    assert dl.headers["content-disposition"].startswith("attachment;") and dl.content == raw.content

    diff = api.get(f"/api/watches/{wid}/diff", params={"from": 2, "to": 3}).json()
    added = " ".join(text for op, text in diff["body"] if op == 1)
    assert "successful talk" in added and "quote_added" in diff["change"]["kinds"]
    fragment = api.get(f"/api/watches/{wid}/diff.html", params={"from": 2, "to": 3, "view": "side"})
    assert fragment.headers["content-type"].startswith("text/html") and "<ins>" in fragment.text
    assert api.get(f"/api/watches/{wid}/diff", params={"from": 2, "to": 77}).status_code == 404

    changes = api.get("/api/changes").json()
    assert changes["total"] == 5
    assert [c["to_version"] for c in changes["changes"]] == [5, 4, 3, 2, 1]  # newest first
    quotes = api.get("/api/changes", params={"kind": "quote_added", "label": "politics"}).json()
    assert [c["to_version"] for c in quotes["changes"]] == [3, 2]
    assert api.get("/api/changes", params={"label": "nope"}).json()["total"] == 0
    assert api.get("/api/changes", params={"since": "2000-01-01T00:00:00"}).json()["total"] == 5
    assert api.get("/api/changes", params={"until": "2000-01-01T00:00:00+02:00"}).json()["total"] == 0
    bogus = api.get("/api/changes", params={"kind": "bogus"})
    assert bogus.status_code == 422 and error_of(bogus)["message"].startswith("kind: Input should be ")
    # the verdicts filter like kinds (they live in the record, not in the kinds column)
    for verdict, versions_with_it in (("stealth_edit", [4]), ("timestamp_only", [5])):
        found = api.get("/api/changes", params={"kind": verdict, "label": "politics"}).json()
        assert [c["to_version"] for c in found["changes"]] == versions_with_it and found["total"] == 1
    one = api.get(f"/api/changes/{quotes['changes'][0]['id']}").json()
    assert one["to_version"] == 3 and one["watch"]["id"] == wid
    assert error_of(api.get("/api/changes/999999"))["type"] == "not_found"

    export = api.get(f"/api/watches/{wid}/export.json").json()
    assert len(export["versions"]) == 5 and len(export["changes"]) == 5
    assert export["versions"][2]["paragraphs"]
    rows = list(csv.DictReader(io.StringIO(api.get(f"/api/watches/{wid}/export.csv").text)))
    assert [r["to_version"] for r in rows] == ["1", "2", "3", "4", "5"]
    assert rows[3]["stealth_edit"] == "true" and rows[4]["timestamp_only"] == "true"
    assert rows[2]["diff_path"] == f"/watches/{wid}/diff?from=2&to=3"
    # paged by cursor: a change arriving between two pages is neither repeated nor a gap's cause
    first = api.get("/api/changes", params={"limit": 2}).json()
    assert [c["to_version"] for c in first["changes"]] == [5, 4]
    assert first["next_before"] == first["changes"][-1]["id"]
    from tests.conftest import SEEDS

    spec = json.loads((SEEDS / "carney-call" / "scenario.json").read_text())
    site.serve(spec["path"], (SEEDS / "carney-call" / "v1.html").read_bytes())  # (back to v1: a 6th change)
    held = cli("check", "--all", "--json").json()["summary"]
    assert held == {"held": 1}  # (much shorter than v5: stored once a second check sees it too)
    rerun = cli("check", "--all", "--json")
    assert rerun.code == 0 and rerun.json()["summary"] == {"changed": 1}, rerun.out
    walked = [c["to_version"] for c in first["changes"]]
    cursor = first["next_before"]
    while cursor is not None:
        page = api.get("/api/changes", params={"limit": 2, "before": cursor}).json()
        walked += [c["to_version"] for c in page["changes"]]
        cursor = page["next_before"]
    assert walked == [5, 4, 3, 2, 1]
    assert api.get("/api/changes").json()["changes"][0]["to_version"] == 6
    assert api.get("/api/changes", params={"before": 0}).status_code == 422


def test_channels_rules_alerts_keep_secrets_redacted(
    server: LiveServer, site: Site, cli: Callable[..., Run]
) -> None:
    api = server.client(TOKEN)
    config = {"url": "https://user:hunter2@hooks.example/x", "secret": "abc"}
    r = api.post("/api/channels", json={"name": "desk", "kind": "webhook", "config": config})
    assert r.status_code == 201, r.text
    ch = r.json()
    assert ch["config"]["url"] == "https://***@hooks.example/***" and ch["config"]["secret"] == "***"
    assert (
        "hunter2" not in api.get("/api/channels").text
        and "abc" not in api.get(f"/api/channels/{ch['id']}").text
    )
    dup = {"name": "desk", "kind": "email", "config": {"to": "desk@example.org"}}
    assert error_of(api.post("/api/channels", json=dup))["status"] == 409
    # A channel's config is validated as `watcher channel add` validates it.
    bad = api.post("/api/channels", json={"name": "ops", "kind": "email", "config": {"to": "nobody"}})
    assert error_of(bad)["status"] == 422 and "valid addresses" in error_of(bad)["message"]
    bad = api.post("/api/channels", json={"name": "ops", "kind": "webhook", "config": {"smtp_password": "x"}})
    assert error_of(bad)["status"] == 422 and "unknown option" in error_of(bad)["message"]
    # Sending back what was shown keeps the secret; a new value replaces it.
    r = api.patch(
        f"/api/channels/{ch['id']}", json={"config": {"secret": "***", "url": "https://hooks.example/y"}}
    )
    assert r.json()["config"]["url"] == "https://hooks.example/***"  # the path may be the token
    with server.watcher.store.engine.connect() as conn:
        stored = conn.scalar(select(channels.c.config).where(channels.c.id == ch["id"]))
    assert stored["secret"] == "abc" and stored["url"] == "https://hooks.example/y"
    assert (
        error_of(api.patch(f"/api/channels/{ch['id']}", json={"config": {"url": "ftp://x"}}))["status"] == 422
    )

    rule = api.post(
        "/api/rules", json={"channel_id": ch["id"], "kinds": ["quote_removed"], "label": "politics"}
    )
    assert rule.status_code == 201 and rule.json()["kinds"] == ["quote_removed"]
    rid = rule.json()["id"]
    assert api.patch(f"/api/rules/{rid}", json={"min_chars": 50, "label": None}).json()["label"] is None
    assert api.post("/api/rules", json={"channel_id": 999, "kinds": []}).status_code == 404
    assert api.post("/api/rules", json={"channel_id": ch["id"], "kinds": ["typo"]}).status_code == 422
    stealth = api.post(
        "/api/rules", json={"channel_id": ch["id"], "kinds": ["stealth_edit", "title_changed"]}
    )
    assert stealth.status_code == 201 and stealth.json()["kinds"] == ["stealth_edit", "title_changed"]
    assert api.delete(f"/api/rules/{stealth.json()['id']}").status_code == 204
    assert [x["id"] for x in api.get("/api/rules", params={"channel": ch["id"]}).json()["rules"]] == [rid]

    run_carney(site, cli)
    change_id = api.get("/api/changes", params={"limit": 1}).json()["changes"][0]["id"]
    now = server.watcher.clock.now()
    with server.watcher.store.engine.begin() as conn:
        for key, status in (("k-failed", "failed"), ("k-sent", "sent")):
            conn.execute(
                insert(alerts).values(
                    change_id=change_id,
                    channel_id=ch["id"],
                    status=status,
                    attempts=3,
                    next_attempt_at=now,
                    last_error="HTTP 500",
                    idempotency_key=key,
                    created_at=now,
                )
            )
    listing = api.get("/api/alerts", params={"status": "failed"}).json()
    assert listing["total"] == 1 and listing["alerts"][0]["channel"] == "desk"
    # as `watcher alerts --json` lists them, field for field, counts too
    shown = cli("alerts", "--status", "failed", "--json").json()
    assert listing["alerts"] == shown["alerts"] and listing["counts"] == shown["counts"]
    failed_id = listing["alerts"][0]["id"]
    assert api.post(f"/api/alerts/{failed_id}/retry").json()["status"] == "pending"
    sent_id = api.get("/api/alerts", params={"status": "sent"}).json()["alerts"][0]["id"]
    assert error_of(api.post(f"/api/alerts/{sent_id}/retry"))["status"] == 409
    assert api.post("/api/alerts/424242/retry").status_code == 404

    assert api.delete(f"/api/channels/{ch['id']}").status_code == 204
    assert api.get(f"/api/rules/{rid}").status_code == 404
    assert api.get("/api/alerts").json()["total"] == 0


def test_token_is_required_and_session_cookie_reads_only(server: LiveServer) -> None:
    anon = server.client()
    r = anon.get("/api/watches")
    assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
    assert error_of(r)["type"] == "unauthorized"
    assert server.client("wrong").get("/api/watches").status_code == 401
    assert anon.get("/healthz").json() == {"ok": True}
    page = anon.get("/watches/1/diff?from=1&to=2")
    assert page.status_code == 303 and page.headers["location"].startswith(
        "/login?next=%2Fwatches%2F1%2Fdiff"
    )

    login = anon.get("/login")
    csrf = login.cookies["watcher_csrf"]
    bad = anon.post("/login", data={"token": "nope", "csrf": csrf, "next": "/"})
    assert bad.status_code == 401 and "wrong token" in bad.text
    assert anon.post("/login", data={"token": TOKEN, "csrf": "forged", "next": "/"}).status_code == 403
    ok = anon.post("/login", data={"token": TOKEN, "csrf": csrf, "next": "https://evil.example/"})
    assert ok.status_code == 303 and ok.headers["location"] == "/"  # no open redirect
    assert (
        "httponly" in ok.headers["set-cookie"].lower() and "samesite=lax" in ok.headers["set-cookie"].lower()
    )
    assert anon.get("/").status_code == 200
    assert anon.get("/api/watches").status_code == 200  # reads by cookie
    assert (
        anon.post("/api/watches", json={"url": "http://127.0.0.1/x"}).status_code == 401
    )  # writes need the header


def test_without_token_only_loopback(db_url: str, tmp_path: Path) -> None:
    s = start_server(db_url, tmp_path, token="")
    try:
        c = s.client()
        assert c.get("/api/watches").status_code == 200
        rebound = c.get("/api/watches", headers={"Host": "attacker.example"})
        assert rebound.status_code == 403 and error_of(rebound)["type"] == "forbidden"
        r = c.post(
            "/api/watches", content='{"url": "http://127.0.0.1/x"}', headers={"Content-Type": "text/plain"}
        )
        assert r.status_code == 415
        # a body-less write from another site's page (an auto-submitted form): no content type
        # to refuse it by, so the browser's word on where it comes from does
        for headers in (
            {"Origin": "https://evil.example"},
            {"Origin": "null"},
            {"Sec-Fetch-Site": "cross-site"},
        ):
            r = c.post("/api/alerts/1/retry", headers=headers)
            assert r.status_code == 403 and "another site" in error_of(r)["message"], headers
        host = c.base_url.netloc.decode()
        same = c.post(
            "/api/alerts/1/retry", headers={"Origin": f"http://{host}", "Sec-Fetch-Site": "same-origin"}
        )
        assert same.status_code == 404  # (past the guard: no alert 1 here)
        assert c.post("/api/alerts/1/retry").status_code == 404  # (a script sends no Origin)
    finally:
        s.close()
    with pytest.raises(ConfigError, match="without a token"):
        check_bind("0.0.0.0", WebSettings())
    # (an IPv6 origin is bracketed as its Host header is: [::1]:8765 is the same origin)
    assert _origin_host("http://[::1]:8765") == "[::1]:8765" and _origin_host("http://[::1]") == "[::1]"
    check_bind("0.0.0.0", WebSettings(token="t"))
    check_bind("::1", WebSettings())


def test_serve_refuses_a_public_bind_without_token(cli: Callable[..., Run]) -> None:
    r = cli("serve", "--host", "0.0.0.0", "--port", "0")
    assert r.code == 1 and r.err.strip().startswith("error: refusing to serve on 0.0.0.0 without a token")


def test_an_unreachable_database_is_a_503_in_the_one_shape(tmp_path: Path) -> None:
    from sqlalchemy import create_engine

    from watcher.app import Watcher
    from watcher.config import load_settings
    from watcher.store import SqlStore

    config = tmp_path / "empty.toml"
    config.write_text("")
    missing = tmp_path / "no-such-dir" / "watcher.db"
    watcher = Watcher(load_settings(config, {}), SqlStore(create_engine(f"sqlite:///{missing}")))
    s = LiveServer(watcher)
    try:
        r = s.client().get("/api/watches")
        assert r.status_code == 503 and error_of(r)["type"] == "unavailable"
        assert str(missing) not in r.text
    finally:
        s.close()


def test_a_watch_is_rendered_when_asked_and_switched_only_before_its_first_version(
    server: LiveServer, site: Site, cli: Callable[..., Run]
) -> None:
    api = server.client(TOKEN)
    rendered = api.post("/api/watches", json={"url": site.url("/js"), "render": True})
    assert rendered.status_code == 201 and rendered.json()["render"] is True
    plain_url = site.serve("/plain", "<html><h1>Plain</h1><p>Read as fetched, a paragraph.</p></html>")
    plain = api.post("/api/watches", json={"url": plain_url}).json()
    assert plain["render"] is False
    bad = api.post("/api/watches", json={"url": site.url("/x"), "render": "sometimes"})
    assert bad.status_code == 422 and error_of(bad)["details"][0]["loc"] == ["body", "render"]

    # no version yet: the way it is read may change
    switched = api.patch(f"/api/watches/{rendered.json()['id']}", json={"render": False})
    assert switched.status_code == 200 and switched.json()["render"] is False
    assert cli("check", plain_url).code == 0
    refused = api.patch(f"/api/watches/{plain['id']}", json={"render": True})
    assert refused.status_code == 409 and "first version" in str(error_of(refused)["message"])
    assert error_of(refused)["type"] == "render_locked"
    assert api.get(f"/api/watches/{plain['id']}").json()["render"] is False
    same = api.patch(f"/api/watches/{plain['id']}", json={"render": False})  # (no change asked)
    assert same.status_code == 200


@pytest.mark.parametrize(
    "content_type",
    [
        "text/html; charset=utf-8, text/html",  # (browsers take the last type of such a list)
        "text/html; charset=\xe2\x82\xac",  # (the UTF-8 bytes of a euro sign)
        "text/html",  # (the charset stated in the page alone, as the check read it)
    ],
)
def test_a_snapshot_is_plain_text_whatever_its_page_declared(
    server: LiveServer, site: Site, cli: Callable[..., Run], content_type: str
) -> None:
    page = '<html><head><meta charset="windows-1252"><title>Caf\xe9</title></head><body><article>'
    page += "<h1>Caf\xe9 reopens</h1><p>The caf\xe9 on the square reopened on Monday.</p>"
    page += '<script>alert(1)</script><img src="http://127.0.0.1:9/pixel"></article></body></html>'
    url = site.serve("/cafe", page.encode("cp1252"), content_type=content_type)
    assert cli("add", url).code == 0 and cli("check", url).code == 0
    api = server.client(TOKEN)
    wid = api.get("/api/watches").json()["watches"][0]["id"]
    raw = api.get(f"/api/watches/{wid}/versions/1/snapshot")
    assert raw.status_code == 200
    assert raw.headers["content-type"] == "text/plain; charset=utf-8"
    assert raw.headers["content-security-policy"] == "sandbox; default-src 'none'"
    assert "The café on the square" in raw.content.decode("utf-8")  # (as the check read it)
    dl = api.get(f"/api/watches/{wid}/versions/1/snapshot", params={"download": "true"})
    assert dl.content == page.encode("cp1252")  # (the bytes as fetched)


def test_a_damaged_snapshot_is_never_served(
    server: LiveServer, site: Site, cli: Callable[..., Run], db_url: str
) -> None:
    """A stored page that no longer matches its digest is an error, as a download and as
    text, where it was handed out as the page watcher read (the WARC export leaves it out)."""
    import zstandard
    from sqlalchemy import create_engine, update

    from watcher.store.schema import snapshots

    page = "<html><body><article><h1>Levy</h1><p>The council voted on Tuesday.</p></article></body></html>"
    url = site.serve("/levy", page)
    assert cli("add", url).code == 0 and cli("check", url).code == 0
    digest = cli("show", url, "--json").json()["snapshot"]
    engine = create_engine(db_url)
    with engine.begin() as conn:  # one word changed on disk, still a good zstd frame
        damaged = zstandard.ZstdCompressor().compress(page.replace("Tuesday", "Monday ").encode())
        conn.execute(update(snapshots).where(snapshots.c.hash == digest).values(zstd=damaged))
    engine.dispose()
    api = server.client(TOKEN)
    wid = api.get("/api/watches").json()["watches"][0]["id"]
    for params in ({}, {"download": "true"}):
        r = api.get(f"/api/watches/{wid}/versions/1/snapshot", params=params)
        assert r.status_code == 500 and b"Monday" not in r.content
        error = error_of(r)
        assert error["type"] == "damaged_snapshot" and digest in str(error["message"])


def test_a_snapshot_in_a_charset_no_browser_knows_is_read_as_they_read_it(
    server: LiveServer, site: Site, cli: Callable[..., Run]
) -> None:
    # (UTF-7 made "+2AA-" half a surrogate pair, and the snapshot a 500)
    page = "<html><body><article><h1>Seven</h1><p>Labelled UTF-7, where +2AA- is plain text.</p>"
    page += "</article></body></html>"
    url = site.serve("/seven", page.encode("ascii"), content_type="text/html; charset=utf-7")
    assert cli("add", url).code == 0 and cli("check", url).code == 0
    api = server.client(TOKEN)
    wid = api.get("/api/watches").json()["watches"][0]["id"]
    raw = api.get(f"/api/watches/{wid}/versions/1/snapshot")
    assert raw.status_code == 200 and "where +2AA- is plain text." in raw.text
    assert "where +2AA- is plain text." in cli("show", url, "--json").json()["paragraphs"][0]


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("post", "/api/watches", {"url": "https://example.com/a", "render": "yes"}, "render"),
        ("post", "/api/watches", {"url": "https://example.com/a", "render": 1}, "render"),
        ("post", "/api/rules", {"channel_id": "1"}, "channel_id"),
        ("post", "/api/rules", {"channel_id": 1, "min_chars": "20"}, "min_chars"),
        ("post", "/api/channels", {"name": "n", "kind": "webhook", "active": "false"}, "active"),
    ],
)
def test_a_body_gets_json_types_not_guesses(
    server: LiveServer, method: str, path: str, body: dict[str, object], field: str
) -> None:
    # ("yes" read as true, or "false" as false, would do what the client never said)
    resp = getattr(server.client(TOKEN), method)(path, json=body)
    assert resp.status_code == 422, resp.text
    assert error_of(resp)["details"][0]["loc"] == ["body", field]
    assert server.client(TOKEN).get("/api/watches").json()["total"] == 0


def test_a_body_over_the_cap_is_refused_before_it_is_read(server: LiveServer) -> None:
    api = server.client(TOKEN)
    big = b"a" * (MAX_BODY_BYTES + 1)
    # declared: refused from its Content-Length, on the open login form too
    login = server.client().post("/login", content=b"token=" + big, headers={"content-type": FORM})
    assert login.status_code == 413 and login.headers["content-security-policy"] == PAGE_CSP
    declared = api.post("/api/watches", content=big, headers={"content-type": "application/json"})
    assert declared.status_code == 413 and error_of(declared)["type"] == "payload_too_large"

    def chunks(body: bytes) -> Iterator[bytes]:  # (no Content-Length: sent chunked)
        for at in range(0, len(body), 65536):
            yield body[at : at + 65536]

    chunked = api.post("/api/watches", content=chunks(big), headers={"content-type": "application/json"})
    assert chunked.status_code == 413 and error_of(chunked)["type"] == "payload_too_large"
    as_text = api.post("/api/watches", content=chunks(b'{"url": "https://example.com/a"}'))
    assert as_text.status_code == 415  # (a chunked body is a body: JSON only)
    fits = api.post(
        "/api/watches",
        content=chunks(b'{"url": "https://example.com/a"}'),
        headers={"content-type": "application/json"},
    )
    assert fits.status_code == 201
    assert api.get("/api/watches").json()["total"] == 1


def test_a_crash_answers_in_the_one_shape_with_the_security_headers(db_url: str, tmp_path: Path) -> None:
    def add_a_bug(app: FastAPI) -> None:
        @app.get("/api/boom")
        def boom() -> None:
            raise RuntimeError("a bug, with internals: /srv/secret")

    server = start_server(db_url, tmp_path, token=TOKEN, extend=add_a_bug)
    try:
        resp = server.client(TOKEN).get("/api/boom")
    finally:
        server.close()
    assert resp.status_code == 500 and error_of(resp)["type"] == "internal_error"
    assert "secret" not in resp.text
    assert resp.headers["content-security-policy"] == PAGE_CSP
    assert resp.headers["x-content-type-options"] == "nosniff" and resp.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("body", [b"{bad", b'\xff\xfe{"url": 1}', b"[" * 100_000])
def test_a_body_that_is_no_json_is_a_422_however_it_fails(server: LiveServer, body: bytes) -> None:
    # (JSON nested too deep was a 400 "bad_request", other unreadable JSON a 422)
    resp = server.client(TOKEN).post(
        "/api/watches", content=body, headers={"content-type": "application/json"}
    )
    assert resp.status_code == 422 and error_of(resp)["type"] == "invalid"
