"""The pages in real headless Chromium (Debian's package, driven by Playwright)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import Run, run_cli
from tests.support.site import Site
from tests.support.web import LiveServer, hostile_watch, run_carney, start_server

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.browser


@contextmanager
def open_browser(executable: str) -> Iterator[Any]:
    """Started after the checks: Playwright's sync API keeps an event loop on this thread."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def server(sqlite_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    s = start_server(sqlite_url, tmp_path)
    yield s
    s.close()


@pytest.fixture
def local_cli(sqlite_url: str) -> Callable[..., Run]:
    return lambda *args: run_cli("--db", sqlite_url, *args)


def test_carney_dashboard_and_diff_in_chromium(
    chromium: str, server: LiveServer, site: Site, local_cli: Callable[..., Run]
) -> None:
    run_carney(site, local_cli)
    with open_browser(chromium) as browser:
        carney_pages(browser.new_page(viewport={"width": 1280, "height": 900}), server)


def carney_pages(page: Any, server: LiveServer) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(server.url + "/")
    badges = page.locator(".badge").all_inner_texts()
    for label in ("quote added", "updated stamp moved", "stealth edit", "timestamp only"):
        assert label in badges, label
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)

    page.get_by_role("link", name="v2 → v3").click()
    page.wait_for_url("**/watches/1/diff?from=2&to=3")
    added_quotes = page.locator(".diff ins mark.quote").all_inner_texts()
    assert any("successful talk" in q for q in added_quotes), added_quotes
    assert any("crazy tariff chaos" in q for q in added_quotes), added_quotes
    # highlighted: the stylesheet applied (a CSP blocking it would leave these transparent)
    bg = page.locator(".diff ins").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent")
    page.screenshot(path=str(ARTIFACTS / "diff-v2-v3.png"), full_page=True)
    page.get_by_role("link", name="side by side").click()
    assert page.locator("table.sbs ins mark.quote").count() >= 9
    page.goto(server.url + "/watches/1")
    assert page.locator("svg.chart circle.seen").count() == 5
    page.screenshot(path=str(ARTIFACTS / "watch.png"), full_page=True)
    assert not errors, errors  # e.g. a CSP violation would be reported here


def test_hostile_markup_shows_as_text_and_never_runs(
    chromium: str, server: LiveServer, site: Site, local_cli: Callable[..., Run]
) -> None:
    hostile_watch(site, local_cli)
    with open_browser(chromium) as browser:
        hostile_pages(browser.new_page(), server)


def hostile_pages(page: Any, server: LiveServer) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in ("/", "/watches/1", "/watches/1/diff?from=1&to=2"):
        page.goto(server.url + path)
        assert "<script>alert(1)</script>" in page.inner_text("body"), path
        assert page.locator("main img, main script").count() == 0, path
    page.goto(server.url + "/watches/1/diff?from=1&to=2")
    assert "<img src=x onerror=alert(1)>" in page.inner_text(".diff")
    page.hover(".diff ins")
    assert dialogs == [] and page.title() != "pwned"


def test_add_a_url_from_the_page(chromium: str, server: LiveServer, site: Site) -> None:
    url = site.serve("/fresh", "<html><title>Fresh</title><p>Some words here.</p></html>")
    with open_browser(chromium) as browser:
        page = browser.new_page()
        page.goto(server.url + "/")
        page.fill("input[name=url]", url)
        page.fill("input[name=labels]", "politics")
        page.click("form.card button")
        page.wait_for_url("**/watches/1")
        assert url in page.inner_text("main")
    assert server.watcher.store.get_watch(1).labels == ("politics",)


def test_a_word_longer_than_the_screen_wraps_in_every_page(
    chromium: str, server: LiveServer, site: Site, local_cli: Callable[..., Run]
) -> None:
    word = "Tunnel" * 800  # (4,800 characters with no break: a pasted hash or a scraped URL)
    page_html = (
        "<html><head><title>{word} closed</title></head><body><article><h1>{word} closed</h1>"
        "<p>The {word} under the pass stays closed, the operator said on Monday.</p>"
        "<p>{more}</p></article></body></html>"
    )
    url = site.serve("/long", page_html.format(word=word, more="Engineers are on site."))
    assert local_cli("add", url).code == 0 and local_cli("check", url).code == 0
    site.serve("/long", page_html.format(word=word, more=f"Engineers found {word} cracks on site."))
    assert local_cli("check", url, "--all").code == 0
    with open_browser(chromium) as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for path in (
            "/",
            "/watches/1",
            "/watches/1/diff?from=1&to=2",
            "/watches/1/diff?from=1&to=2&view=side",
        ):
            page.goto(server.url + path)
            assert word[:600] in page.inner_text("main"), path
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 1280, (path, width)
