"""The server-rendered pages over a real server: content, escaping, CSRF, headers."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.cli import Run
from tests.support.site import Site
from tests.support.web import LiveServer, hostile_watch, run_carney, start_server


@pytest.fixture
def server(sqlite_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    s = start_server(sqlite_url, tmp_path)
    yield s
    s.close()


@pytest.fixture
def sqlite_cli(sqlite_url: str) -> Callable[..., Run]:
    from tests.support.cli import run_cli

    return lambda *args: run_cli("--db", sqlite_url, *args)


def test_page_content_from_tracked_sites_is_escaped(
    server: LiveServer, site: Site, sqlite_cli: Callable[..., Run]
) -> None:
    hostile_watch(site, sqlite_cli)
    c = server.client()
    for path in ("/", "/watches/1", "/watches/1/diff?from=1&to=2", "/watches/1/diff?from=1&to=2&view=side"):
        r = c.get(path)
        assert r.status_code == 200, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text, path
        assert "<script" not in r.text.lower(), path
        assert not re.search(r"<[^>]*\son(error|click|mouseover)=", r.text, re.IGNORECASE), path
        assert "script-src" not in r.headers["content-security-policy"]
        assert r.headers["content-security-policy"].startswith("default-src 'none'")
        assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"
    diff = c.get("/watches/1/diff?from=1&to=2").text
    assert "&lt;b onmouseover=alert(3)&gt;" in diff
    fragment = c.get("/api/watches/1/diff.html?from=1&to=2").text
    assert "&lt;b onmouseover=alert(3)&gt;" in fragment and "<b " not in fragment


def test_dashboard_watch_and_diff_pages_after_carney(
    server: LiveServer, site: Site, sqlite_cli: Callable[..., Run]
) -> None:
    run_carney(site, sqlite_cli)
    c = server.client()
    home = c.get("/").text
    for badge in ("quote added", "updated stamp moved", "stealth edit", "timestamp only", "headline changed"):
        assert f">{badge}</span>" in home, badge
    assert home.index("v4 → v5") < home.index("v3 → v4") < home.index("v2 → v3")  # newest first
    only = c.get("/", params={"kind": "quote_removed"}).text
    assert "v3 → v4" in only and "v2 → v3" not in only
    stealth = c.get("/", params={"kind": "stealth_edit"}).text
    assert "v3 → v4" in stealth and "v4 → v5" not in stealth and "v2 → v3" not in stealth
    assert '<option value="stealth_edit" selected>stealth edit</option>' in stealth
    assert "v2 → v3" not in c.get("/", params={"label": "sport"}).text

    page = c.get("/watches/1").text
    assert page.count('<circle class="pt seen') == 5 and 'id="v5"' in page
    assert "rendered in a browser" not in page
    assert sqlite_cli("add", site.url("/built-by-scripts"), "--render").code == 0
    assert " · rendered in a browser" in c.get("/watches/2").text
    assert page.count('<circle class="pt seen nostamp"') == 1  # v1 stated no update time
    assert page.count('<line class="link"') == 4
    assert "2025-03-29 01:15Z" in page  # the stated time next to the seen time

    diff = c.get("/watches/1/diff", params={"from": 2, "to": 3}).text
    assert re.search(r"<ins>[^<]*<mark class=\"quote\">[^<]*successful talk", diff)
    assert '<a class="permalink" href="/watches/1/diff?from=2&amp;to=3">' in diff
    assert "2025-03-28T21:42:00Z" in diff and "2025-03-29T01:15:00Z" in diff  # stamp change on top
    side = c.get("/watches/1/diff", params={"from": 2, "to": 3, "view": "side"}).text
    assert '<table class="sbs">' in side
    missing = c.get("/watches/1/diff", params={"from": 2, "to": 42})
    assert missing.status_code == 404 and "no version 42" in missing.text
    assert c.get("/watches/99").status_code == 404


def test_add_form_needs_its_csrf_token(server: LiveServer, site: Site) -> None:
    c = server.client()
    url = site.serve("/new", "<html><title>New</title><p>Words.</p></html>")
    forged = c.post("/watches", data={"url": url, "csrf": "guess"})
    assert forged.status_code == 403
    assert server.watcher.store.count_watches() == 0
    c.get("/")
    csrf = c.cookies["watcher_csrf"]
    r = c.post("/watches", data={"url": url, "every": "1h", "labels": "a, b", "csrf": csrf})
    assert r.status_code == 303 and r.headers["location"] == "/watches/1"
    assert server.watcher.store.get_watch(1).labels == ("a", "b")
    again = c.post("/watches", data={"url": url, "csrf": csrf})
    assert again.status_code == 409 and "already watched" in again.text
    bad = c.post("/watches", data={"url": "javascript:alert(1)", "csrf": csrf})
    assert bad.status_code == 422 and "only http://" in bad.text
    many = ",".join(f"l{i}" for i in range(11))  # (one more than a watch may have: refused, not cut)
    other = site.serve("/other", "<html><title>Other</title><p>Words.</p></html>")
    too_many = c.post("/watches", data={"url": other, "labels": many, "csrf": csrf})
    assert too_many.status_code == 422 and "at most 10 labels, not 11" in too_many.text
    assert server.watcher.store.count_watches() == 1


def test_a_form_posted_from_another_port_is_refused_with_a_planted_csrf_cookie(
    server: LiveServer, site: Site
) -> None:
    """Cookies know no ports: a page served from another port of 127.0.0.1 can set the CSRF
    cookie itself and post a form with the same value (review). The browser's Origin says
    where the form comes from, and a form from another origin is refused as the API's writes are."""
    c = server.client()
    url = site.serve("/planted", "<html><title>Planted</title><p>Words.</p></html>")
    c.cookies.set("watcher_csrf", "planted")
    for headers in (
        {"Origin": "http://127.0.0.1:1"},
        {"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"},
    ):
        forged = c.post("/watches", data={"url": url, "csrf": "planted"}, headers=headers)
        assert forged.status_code == 403 and "another site" in forged.text, headers
    assert server.watcher.store.count_watches() == 0
    host = c.base_url.netloc.decode()
    mine = c.post("/watches", data={"url": url, "csrf": "planted"}, headers={"Origin": f"http://{host}"})
    assert mine.status_code == 303 and server.watcher.store.count_watches() == 1


def test_a_right_to_left_override_in_a_headline_stays_in_its_own_element(
    server: LiveServer, site: Site, sqlite_cli: Callable[..., Run]
) -> None:
    """A headline with an unclosed U+202E (right-to-left override) is shown in an element the
    stylesheet isolates, so it cannot turn round watcher's own words after it ("v1 -> v2")."""
    title = "Minister resigns \u202e 2 v :detaerc tnemmoc"
    body = "<p>The minister resigned on Tuesday after the vote in parliament, her office said.</p>"
    url = site.serve(
        "/rlo", f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"
    )
    assert sqlite_cli("add", url).code == 0 and sqlite_cli("check", "--all").code == 0
    site.serve(
        "/rlo", f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{body}{body}</body></html>"
    )
    assert sqlite_cli("check", "--all").code == 0
    c = server.client()
    isolated = ("a", "del", "ins", "mark", "span", "code", "q", "time", "td", "th", "li")
    css = c.get("/static/style.css").text
    rule = re.search(r"\n([a-z, ]+) \{ unicode-bidi: isolate; \}", css)
    assert rule and set(isolated) <= {t.strip() for t in rule.group(1).split(",")}
    for path in ("/", "/watches/1"):
        page = c.get(path).text
        for m in re.finditer("\u202e", page):
            before = page[: m.start()]
            opened = re.findall(r"<(/?)([a-z0-9]+)[^>]*>", before)
            stack: list[str] = []
            for closing, tag in opened:
                if closing:
                    if tag in stack:
                        del stack[len(stack) - 1 - stack[::-1].index(tag) :]
                elif tag not in ("br", "meta", "link", "input", "img"):
                    stack.append(tag)
            # (in a block of its own, the headline turns round only itself)
            assert stack[-1] in (*isolated, "h1", "title"), (path, stack[-3:])


def test_a_bad_filter_on_the_dashboard_names_the_field(server: LiveServer) -> None:
    page = server.client().get("/", params={"kind": "bogus"})
    assert page.status_code == 422
    assert "kind: Input should be" in page.text and "literal[" not in page.text
