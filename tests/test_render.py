"""Watches added with ``--render``: pages built by scripts, run in real headless Chromium.

The pages and their data come from a real HTTP server on loopback; the browser is Debian's
Chromium driven by Playwright, as in production.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import Run, run_cli
from tests.support.site import Site
from watcher.clock import SystemClock
from watcher.config import BrowserSettings, FetchSettings
from watcher.errors import BodyTooLargeError, FetchError
from watcher.fetch import Fetcher, make_transport
from watcher.fetch.hosts import HostLimiter
from watcher.fetch.render import Renderer
from watcher.types import FetchResult

#: a shell: the article is written by the script from the story's JSON once the page loaded;
#: the most-read box gets a new number at every load (chrome that must raise nothing)
SHELL = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<script src="/js/app.js"></script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<main id="app"></main>
<aside id="most-read"></aside>
<img src="/js/pic.png" alt="">
</body></html>"""

APP = """
document.addEventListener('DOMContentLoaded', async () => {
  document.getElementById('most-read').innerHTML =
    '<h2>Most read</h2><ol><li>Story ' + Math.floor(Math.random() * 1e9) + '</li></ol>';
  const d = await (await fetch('/js/story.json')).json();
  const art = document.createElement('article');
  const add = (tag, text, cls) => {
    const el = document.createElement(tag);
    el.textContent = text;
    if (cls) el.className = cls;
    art.appendChild(el);
  };
  add('h1', d.title);
  add('p', 'By ' + d.byline, 'byline');
  add('p', 'Updated: ' + d.updated, 'updated');
  for (const t of d.paragraphs) add('p', t);
  document.getElementById('app').replaceChildren(art);
});
"""

STORY = {
    "title": "Harbour plan approved after late-night council vote",
    "byline": "Jane Doe",
    "updated": "March 28, 2025 9:47 PM EDT",
    "paragraphs": [
        "The city council approved the harbour redevelopment plan on Tuesday night after a "
        "six-hour debate that ran past midnight.",
        '"This is a good day for the harbour and for every family that lives beside it," the '
        "mayor said after the vote.",
        "Opponents said the plan would raise rents along the waterfront and promised to "
        "challenge it in court before the end of the year.",
    ],
}


def serve_story(site: Site, story: dict[str, Any]) -> str:
    site.serve("/js/app.js", APP, content_type="text/javascript")
    site.serve("/js/story.json", json.dumps(story), content_type="application/json")
    site.serve("/js/pic.png", b"\x89PNG\r\n\x1a\n" + bytes(64), content_type="image/png")
    return site.serve("/js/story", SHELL)


@pytest.fixture
def local(sqlite_url: str, chromium: str, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    monkeypatch.setenv("WATCHER_BROWSER__EXECUTABLE", chromium)

    def run(*args: str) -> Run:
        return run_cli("--db", sqlite_url, *args)

    return run


@pytest.mark.browser
def test_a_page_built_by_scripts_is_read_when_rendered(local: Callable[..., Run], site: Site) -> None:
    url = serve_story(site, STORY)
    plain = site.serve("/js/plain", SHELL)  # the same shell, watched as fetched

    assert local("add", plain).code == 0
    added = local("add", url, "--render", "--json")
    assert added.code == 0 and added.json()["added"][0]["render"] is True

    first = local("check", "--json")
    results = {r["url"]: r for r in first.json()["checks"]}
    assert first.code == 3  # the plain watch failed, and says what to do
    assert results[plain]["outcome"] == "error"
    assert "no article found" in results[plain]["error"] and "--render" in results[plain]["error"]
    assert results[url]["outcome"] == "new", results[url]

    article = local("show", url, "--json").json()
    assert article["title"] == STORY["title"]
    assert article["paragraphs"] == STORY["paragraphs"]
    assert article["updated_at"] == "2025-03-29T01:47:00Z"
    assert "Most read" not in json.dumps(article)

    # every request of the page went through watcher's fetcher, and no image was fetched
    data = [r for r in site.requests if r["path"] == "/js/story.json"]
    assert data and {r["user-agent"] for r in data} == {FetchSettings().user_agent}
    assert site.hits["/js/pic.png"] == 0

    # the shell and its data unchanged, the chrome moved: nothing stored
    again = local("check", url, "--json").json()["checks"][0]
    assert again["outcome"] == "unchanged", again

    # the data moved while the shell stayed byte for byte the same: a new version
    edited = dict(STORY, updated="March 29, 2025 8:05 AM EDT")
    edited["paragraphs"] = [*STORY["paragraphs"][:1], STORY["paragraphs"][1].replace("good", "great")]
    serve_story(site, edited)
    changed = local("check", url, "--json").json()["checks"][0]
    assert changed["outcome"] == "changed" and changed["version"] == 2, changed
    assert "updated_changed" in changed["kinds"] and "text_removed" in changed["kinds"]
    history = local("history", url, "--json").json()
    assert [v["seq"] for v in history["versions"]] == [1, 2]


def _page(url: str, html: str) -> FetchResult:
    return FetchResult(
        url=url,
        final_url=url,
        status=200,
        fetched_at=datetime.now(UTC),
        elapsed_ms=1.0,
        body=html.encode(),
        text=html,
        content_type="text/html; charset=utf-8",
    )


def _renders(
    chromium: str,
    pages: list[str],
    *,
    allow_private: bool,
    fetch: dict[str, Any] | None = None,
    drivers: list[tuple[int, str | None]] | None = None,
    linger: float = 0.0,
    max_bytes: int = 10**6,
    **browser: Any,
) -> list[str | FetchError]:
    """Each of ``pages`` rendered in turn by one renderer: its document, or why it failed.
    ``fetch``: settings of the fetcher (and of the politeness the renderer keeps);
    ``drivers``: gets the Playwright driver and the launcher's folder after each page;
    ``linger``: seconds the event loop goes on after the last page (as a service's does);
    ``max_bytes``: the largest document taken (``fetch.max_bytes``)."""

    async def go() -> list[str | FetchError]:
        settings = FetchSettings(
            allow_private_addresses=allow_private, timeout=5, total_timeout=5, **(fetch or {})
        )
        transport = make_transport(settings)
        clock = SystemClock()
        renderer = Renderer(
            BrowserSettings(executable=chromium, **browser),
            Fetcher(settings, transport, clock, HostLimiter(settings, clock)),
            max_bytes,
        )
        out: list[str | FetchError] = []
        try:
            for html in pages:
                try:
                    out.append((await renderer.render(_page("http://news.example/story", html))).text)
                except FetchError as exc:
                    out.append(exc)
                if drivers is not None:
                    drivers.append((id(renderer._playwright), renderer._workdir))
                if html is CLOSE_BROWSER:
                    await renderer._browser.close()  # (as when the browser crashes)
            await asyncio.sleep(linger)
            return out
        finally:
            await renderer.aclose()
            await transport.aclose()

    return asyncio.run(go())


def _render(chromium: str, html: str, *, allow_private: bool, **browser: Any) -> str:
    (result,) = _renders(chromium, [html], allow_private=allow_private, **browser)
    if isinstance(result, FetchError):
        raise result
    return result


#: rendered, then the browser is closed under the renderer
CLOSE_BROWSER = "<html><body><article><h1>Story</h1><p>Before the crash.</p></article></body></html>"


SNOOP = """<html><body><article><h1>Story</h1><p id="out">waiting</p></article><script>
fetch('{target}').then(r => r.text())
  .then(t => {{ document.getElementById('out').textContent = 'got ' + t; }})
  .catch(() => {{ document.getElementById('out').textContent = 'blocked'; }});
</script></body></html>"""


#: every other way out of the page: none goes through the fetcher, so none may leave
ESCAPES = """<iframe src="{base}/frame"></iframe><script>
try {{ new WebSocket('{ws}/socket'); }} catch (e) {{}}
try {{ new EventSource('{base}/events'); }} catch (e) {{}}
try {{ navigator.sendBeacon('{base}/beacon', 'x'); }} catch (e) {{}}
try {{ window.open('{base}/popup'); }} catch (e) {{}}
fetch('{base}/post', {{method: 'POST', body: 'x'}}).catch(() => {{}});
setTimeout(() => {{ location.href = '{base}/away'; }}, 10);
</script>"""
ESCAPED = ("/frame", "/socket", "/events", "/beacon", "/popup", "/post", "/away")


@pytest.mark.browser
def test_the_page_scripts_are_held_to_the_address_policy(chromium: str, site: Site) -> None:
    target = site.serve("/secret.json", '"the intranet"', content_type="application/json")
    for path in ESCAPED:
        site.serve(path, "<html><p>reached</p></html>")
    base = site.url("")
    page = SNOOP.format(target=target).replace(
        "</body>", ESCAPES.format(base=base, ws=base.replace("http", "ws")) + "</body>"
    )

    refused = _render(chromium, page, allow_private=False)
    assert ">blocked<" in refused and site.hits["/secret.json"] == 0

    allowed = _render(chromium, page, allow_private=True)  # (the same page, loopback allowed)
    assert 'got "the intranet"' in allowed and site.hits["/secret.json"] == 1
    assert {path: site.hits[path] for path in ESCAPED} == dict.fromkeys(ESCAPED, 0)
    assert "<h1>Story</h1>" in allowed  # (still the page: the script's navigation was refused)


STUN = """<html><body><article><h1>Story</h1><p>The text.</p></article><script>
const pc = new RTCPeerConnection({{iceServers: [{{urls: 'stun:127.0.0.1:{port}'}}]}});
pc.createDataChannel('x');
pc.createOffer().then(offer => pc.setLocalDescription(offer));
// (the page keeps changing until the gathering of addresses is over: it is read after that)
const tick = setInterval(() => {{
  document.title = pc.iceGatheringState + ' ' + Date.now();
  if (pc.iceGatheringState === 'complete') clearInterval(tick);
}}, 50);
</script></body></html>"""


def _udp_packets(chromium: str, **browser: Any) -> int:
    """How many UDP packets reach a socket on loopback while a page asks it for its address."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.bind(("127.0.0.1", 0))
        udp.settimeout(0.2)
        got: list[bytes] = []
        done = threading.Event()

        def listen() -> None:
            while not done.is_set():
                with contextlib.suppress(TimeoutError):
                    got.append(udp.recv(2048))

        listener = threading.Thread(target=listen, daemon=True)
        listener.start()
        try:
            page = STUN.format(port=udp.getsockname()[1])
            _render(chromium, page, allow_private=True, settle=2.0, **browser)
        finally:
            done.set()
            listener.join()
        return len(got)


@pytest.mark.browser
def test_webrtc_reaches_nothing_from_a_browser_kept_off_the_network(chromium: str) -> None:
    assert _udp_packets(chromium) == 0
    # (from a browser on the host's network the page's STUN requests do arrive: the page sends them)
    assert _udp_packets(chromium, isolate_network=False) > 0


@pytest.mark.browser
def test_a_page_that_never_finishes_is_a_failed_check(chromium: str) -> None:
    stuck = "<html><body><p>Story</p><script>while (true) {}</script></body></html>"
    with pytest.raises(FetchError, match=r"rendering did not finish in 3s \(browser.timeout\)"):
        _render(chromium, stuck, allow_private=True, timeout=3.0, settle=1.0)


@pytest.mark.browser
def test_a_document_built_too_large_is_refused_before_it_is_read_back(chromium: str) -> None:
    # 3 M characters written by the script, and the size the page would report hidden
    huge = """<html><body><article><h1>Story</h1><p id="x"></p></article><script>
    document.getElementById('x').textContent = 'word '.repeat(600000);
    Object.defineProperty(Element.prototype, 'outerHTML', {get() { return ''; }});
    </script></body></html>"""
    (result,) = _renders(chromium, [huge], allow_private=True, max_bytes=10**6)
    assert isinstance(result, BodyTooLargeError), result
    assert "rendered page too large: at least 3000" in str(result)  # (measured in the page)
    assert "fetch.max_bytes 1000000" in str(result)
    small = _render(chromium, huge.replace("600000", "10"), allow_private=True)
    assert "word word" in small


@pytest.mark.browser
def test_a_page_that_keeps_changing_is_read_once_settle_has_passed(chromium: str) -> None:
    ticking = """<html><body><article><h1>Story</h1><p>The text of the story.</p></article>
    <aside id="clock"></aside><script>
    setInterval(() => { document.getElementById('clock').textContent = String(Date.now()); }, 50);
    </script></body></html>"""
    started = time.perf_counter()
    html = _render(chromium, ticking, allow_private=True, timeout=10.0, settle=1.0)
    assert "The text of the story." in html and 'id="clock">1' in html
    assert time.perf_counter() - started < 9  # (read after settle, not failed at the timeout)


def test_no_browser_is_a_recorded_failure_for_every_rendered_watch(
    sqlite_url: str, site: Site, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("WATCHER_BROWSER__EXECUTABLE", str(tmp_path / "no-chromium"))
    urls = [site.serve(f"/js/{n}", SHELL) for n in ("a", "b")]
    assert run_cli("--db", sqlite_url, "add", *urls, "--render").code == 0
    run = run_cli("--db", sqlite_url, "check", "--json")
    assert run.code == 3 and "Traceback" not in run.err
    errors = {r["error"] for r in run.json()["checks"]}
    assert errors == {f"cannot render: no browser found ({tmp_path / 'no-chromium'}; set browser.executable)"}
    listed = run_cli("--db", sqlite_url, "list", "--json").json()["watches"]
    assert [(w["render"], w["versions"], w["consecutive_failures"]) for w in listed] == [(True, 0, 1)] * 2


def test_without_playwright_a_rendered_watch_says_what_to_install_and_the_others_go_on(
    sqlite_url: str, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "playwright.async_api", None)  # (as if not installed)
    rendered = site.serve("/js/a", SHELL)
    plain = site.serve("/plain", "<html><h1>Plain</h1><p>A paragraph of the plain article.</p></html>")
    assert run_cli("--db", sqlite_url, "add", rendered, "--render").code == 0
    assert run_cli("--db", sqlite_url, "add", plain).code == 0
    run = run_cli("--db", sqlite_url, "check", "--json")
    assert run.code == 3 and "Traceback" not in run.err
    outcomes = {r["url"]: (r["outcome"], r["error"]) for r in run.json()["checks"]}
    assert outcomes == {
        rendered: ("error", "rendering needs Playwright: pip install 'watcher[browser]' (and a Chromium)"),
        plain: ("new", None),
    }


@pytest.mark.browser
def test_the_page_scripts_requests_keep_the_politeness_of_every_fetch(chromium: str, site: Site) -> None:
    for n in range(3):
        site.serve(f"/d{n}.json", f'"part {n}"', content_type="application/json", delay=0.3)
    page = """<html><body><article><h1>Story</h1><p id="out"></p></article><script>
    Promise.all([0, 1, 2].map(n => fetch('{base}/d' + n + '.json').then(r => r.json())))
      .then(parts => {{ document.getElementById('out').textContent = parts.join(', '); }});
    </script></body></html>""".format(base=site.url(""))
    (polite,) = _renders(chromium, [page], allow_private=True, fetch={"per_host_concurrency": 1})
    assert "part 0, part 1, part 2" in str(polite) and site.most_in_flight == 1
    site.most_in_flight = 0
    (eager,) = _renders(chromium, [page], allow_private=True, fetch={"per_host_concurrency": 3})
    assert "part 0, part 1, part 2" in str(eager) and site.most_in_flight > 1


@pytest.mark.browser
def test_a_page_cannot_break_the_settling_nor_write_control_characters_into_the_error(chromium: str) -> None:
    hostile = """<html><body><article><h1>Story</h1><p>The text of the story.</p></article><script>
    try { Object.defineProperty(window, '__watcherQuiet', {get() { throw new Error('\x1b[31mFAKE'); }}); }
    catch (e) { document.title = 'refused'; }
    performance.now = () => { throw new Error('\x1b]8;;http://evil.example\x07click'); };
    </script></body></html>"""
    html = _render(chromium, hostile, allow_private=True, settle=2.0)
    assert "The text of the story." in html and "<title>refused</title>" in html


@pytest.mark.browser
def test_a_browser_that_crashed_is_started_again_for_the_next_page(chromium: str) -> None:
    after = "<html><body><article><h1>Story</h1><p>After the crash.</p></article></body></html>"
    drivers: list[tuple[int, str | None]] = []
    pages = [CLOSE_BROWSER, after, after]
    first, lost, again = _renders(chromium, pages, allow_private=True, drivers=drivers)
    # one Playwright driver for both browsers, and no launcher left once a browser has started
    assert len({driver for driver, _ in drivers}) == 1 and {folder for _, folder in drivers} == {None}
    assert "Before the crash." in str(first)
    assert isinstance(lost, FetchError) and lost.reason.startswith("rendering failed: ")
    assert lost.reason.isprintable()
    assert "After the crash." in str(again)


@pytest.mark.browser
def test_a_page_read_while_its_requests_wait_lets_them_go(chromium: str, site: Site) -> None:
    for n in range(4):
        site.serve(f"/slow{n}.json", '"late"', content_type="application/json", delay=2.0)
    page = """<html><body><article><h1>Story</h1><p>The text of the story.</p></article><script>
    for (const n of [0, 1, 2, 3]) fetch('{base}/slow' + n + '.json');
    </script></body></html>""".format(base=site.url(""))
    (html,) = _renders(
        chromium, [page], allow_private=True, fetch={"per_host_concurrency": 1}, settle=1.0, linger=5.0
    )
    assert "The text of the story." in str(html)
    # one request was on the wire when the page was read; the three waiting for the host's turn
    # were let go with the page, not fetched for nobody in the 5 s after
    assert sum(site.hits[f"/slow{n}.json"] for n in range(4)) == 1
