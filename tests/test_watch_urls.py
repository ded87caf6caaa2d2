"""Watch URLs (review): a host no resolver takes is refused when added, not at every check with
a codec's or a class's name; the forms one page can be typed in make one watch, found again by
any of them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.support.cli import Run
from tests.support.site import Site
from tests.support.web import LiveServer, start_server
from watcher.errors import InvalidURLError
from watcher.fetch import validate_url

Cli = Callable[..., Run]
ARTICLE = (SEEDS / "carney-call" / "v1.html").read_bytes()

BAD_HOSTS = [
    ("http://a..b/", "empty label"),
    ("http://" + "a" * 64 + ".example/", "longer than 63"),
    ("http://xn--/", "punycode"),
    ("http://xn--zz.example/", "punycode"),
    ("http://2130706433:8801/", "IPv4 address a.b.c.d"),
    ("http://127.1/", "IPv4 address a.b.c.d"),
    ("http://ex$ample.com/", "has the character"),
    ("http://☃.example/", "international host name"),
    ("http://news.example/esc\x1b[31mRED\x1b[0m", "control characters"),
    ("http://news.example/a\x01b", "control characters"),
    ("http://news.example/a\x7f", "control characters"),
]

#: each pair: two ways of typing one page
SAME_PAGE = [
    ("https://bücher.example/a", "https://xn--bcher-kva.example/a"),
    ("https://BÜCHER.Example/a", "https://xn--bcher-kva.example/a"),
    ("http://news.example:80/a", "http://news.example/a"),
    ("https://news.example:443/a?id=1", "https://news.example/a?id=1"),
    ("https://news.example/a#comments", "https://news.example/a"),
    ("https://news.example", "https://news.example/"),
    ("http://[0:0::1]:8080/a", "http://[::1]:8080/a"),
    ("http://@news.example/a", "http://news.example/a"),  # (no credentials: the same page)
    ("http://:@news.example/a", "http://news.example/a"),
    # credentials, path and query as written (only the host is lower-cased)
    (
        "https://user:Pw@News.example:443/Politik/Artikel?ID=7&x=%41#c",
        "https://user:Pw@news.example/Politik/Artikel?ID=7&x=%41",
    ),
]


@pytest.mark.parametrize(("url", "why"), BAD_HOSTS)
def test_a_host_no_resolver_takes_is_refused(url: str, why: str) -> None:
    with pytest.raises(InvalidURLError, match=why) as caught:
        validate_url(url)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(("typed", "stored"), SAME_PAGE)
def test_one_page_has_one_url(typed: str, stored: str) -> None:
    assert validate_url(typed) == stored


@pytest.mark.parametrize(("url", "why"), BAD_HOSTS[:5])
def test_add_refuses_a_bad_host_in_one_line(cli: Cli, url: str, why: str) -> None:
    run = cli("add", url)
    assert run.code == 1 and run.err.startswith("error: invalid URL ") and why in run.err, run.err
    assert run.err.count("\n") == 1 and "Error" not in run.err
    assert cli("list", "--json").json()["watches"] == []


@pytest.mark.parametrize(("typed", "stored"), SAME_PAGE[:5])
def test_the_second_form_of_a_page_is_already_watched(cli: Cli, typed: str, stored: str) -> None:
    assert cli("add", stored).code == 0
    run = cli("add", typed)
    assert run.code == 1 and "already watched" in run.err, run.err
    both = cli("add", stored, typed, "--json").json()
    assert both["added"] == [] and both["skipped"] == [stored]
    assert [w["url"] for w in cli("list", "--json").json()["watches"]] == [stored]


def test_a_watch_is_found_by_the_url_as_typed(site: Site, cli: Cli) -> None:
    typed = site.serve("/a", ARTICLE) + "#top"
    added = cli("add", typed, "--json").json()["added"][0]
    assert added["url"] == typed.removesuffix("#top")
    checked = cli("check", typed, "--json")
    assert checked.code == 0 and checked.json()["summary"] == {"new": 1}, checked.err
    assert cli("history", typed.replace("/a#", "/b#"), "--json").code == 1  # another page
    assert cli("history", typed, "--json").json()["watch"]["id"] == added["id"]
    assert cli("remove", typed).code == 0
    assert cli("list", "--json").json()["watches"] == []


def test_remove_by_another_form_of_the_url(cli: Cli) -> None:
    assert cli("add", "https://bücher.example/a").code == 0
    removed = cli("remove", "https://BÜCHER.example:443/a#x", "--json")
    assert removed.code == 0 and removed.json()["removed"]["url"] == "https://xn--bcher-kva.example/a"


def test_a_feed_is_removed_by_the_url_as_typed(cli: Cli) -> None:
    assert cli("feed", "add", "https://News.example/feed.xml#latest").code == 0
    run = cli("feed", "remove", "https://news.example:443/feed.xml")
    assert run.code == 0 and "removed feed https://news.example/feed.xml" in run.out, run.err


@pytest.fixture
def server(db_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    s = start_server(db_url, tmp_path)
    yield s
    s.close()


def test_api_refuses_bad_hosts_and_second_forms(server: LiveServer) -> None:
    api = server.client()
    for url, why in BAD_HOSTS:
        r = api.post("/api/watches", json={"url": url})
        assert r.status_code == 422 and why in r.json()["error"]["message"], r.text
    first = api.post("/api/watches", json={"url": "https://bücher.example/a"})
    assert first.status_code == 201 and first.json()["url"] == "https://xn--bcher-kva.example/a"
    again = api.post("/api/watches", json={"url": "https://xn--bcher-kva.example:443/a#x"})
    assert again.status_code == 409
