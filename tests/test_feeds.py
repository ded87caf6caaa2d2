"""Feeds: parsing RSS/Atom/RDF, and polling real feeds on a loopback server into watches."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.cli import Run
from tests.support.site import Site
from watcher.feeds import FeedError, feed_links

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>
{items}</channel></rss>"""
ATOM = """<feed xmlns="http://www.w3.org/2005/Atom"><title>News</title>
<entry><link rel="enclosure" href="/a.mp3"/><link rel="alternate" href="/news/atom-1"/></entry>
<entry><link href="https://other.example/atom-2"/></entry></feed>"""
RDF = """<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<item rdf:about="https://n.example/r1"><link>https://n.example/r1</link></item>
<item rdf:about="https://n.example/r2"/></rdf:RDF>"""


def rss(*links: str) -> str:
    return RSS.format(items="".join(f"<item><title>t</title><link>{u}</link></item>" for u in links))


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (
            rss("https://n.example/a", "/b", "https://n.example/a", "javascript:alert(1)"),
            ["https://n.example/a", "https://n.example/b"],
        ),
        (
            RSS.format(
                items="<item><guid>https://n.example/g</guid></item><item><guid isPermaLink='false'>x</guid></item>"
            ),
            ["https://n.example/g"],
        ),
        (ATOM, ["https://n.example/news/atom-1", "https://other.example/atom-2"]),
        (RDF, ["https://n.example/r1", "https://n.example/r2"]),
        (rss("https://n.example/a") + "<<< trailing junk", ["https://n.example/a"]),
        (  # Atom's xml:base (RFC 4287), on the feed and on an entry, relative to the feed's URL
            '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="/atombase/">'
            '<entry><link href="rel1"/></entry><entry xml:base="sub/"><link href="rel2"/></entry>'
            '<entry><link href="/root"/></entry></feed>',
            [
                "https://n.example/atombase/rel1",
                "https://n.example/atombase/sub/rel2",
                "https://n.example/root",
            ],
        ),
        (rss("b"), ["https://n.example/b"]),  # (no base stated: the feed's own URL)
        # HTML's entities, which XML does not define (after one, libxml2 lost every "&amp;")
        (
            RSS.format(
                items="<item><description>a&nbsp;b &bogus;</description><link>https://n.example/a</link></item>"
                "<item><link>https://n.example/c?a=1&amp;b=2</link></item>"
            ),
            ["https://n.example/a", "https://n.example/c?a=1&b=2"],
        ),
        (rss("https://n.example/caf&eacute;"), ["https://n.example/caf\u00e9"]),
    ],
)
def test_feed_links(doc: str, expected: list[str]) -> None:
    assert feed_links(doc.encode(), "https://n.example/feed.xml") == expected


@pytest.mark.parametrize("doc", [b"", b"<html><body><p>not a feed</p></body></html>", b"\x00\x01\x02", b"{}"])
def test_not_a_feed(doc: bytes) -> None:
    with pytest.raises(FeedError, match="not a feed"):
        feed_links(doc, "https://n.example/")


def test_polling_feeds_adds_watches(site: Site, cli: Callable[..., Run]) -> None:
    a, b = site.url("/news/a"), site.url("/news/b")
    feed = site.serve("/feed.xml", rss(a, "/news/b"), content_type="application/rss+xml")
    atom = site.serve(
        "/atom", ATOM.replace("https://other.example", site.url("")), content_type="application/atom+xml"
    )
    assert cli("feed", "add", feed, "--every", "5m", "--watch-every", "30m", "--label", "wire").code == 0
    added = cli("feed", "add", atom, "--render", "--json")  # (its articles are built by scripts)
    assert added.code == 0 and added.json()["feed"]["render"] is True
    assert "already added" in cli("feed", "add", feed).err

    polled = cli("feed", "poll", "--json")
    assert polled.code == 0, polled.err
    assert sorted((p["outcome"], p["added"]) for p in polled.json()["polls"]) == [
        ("polled", 2),
        ("polled", 2),
    ]
    watches = {w["url"]: w for w in cli("list", "--json").json()["watches"]}
    assert watches[a]["labels"] == ["wire"] and watches[a]["every"] == "30m"
    assert {u: w["render"] for u, w in watches.items()} == {
        a: False,
        b: False,
        site.url("/news/atom-1"): True,
        site.url("/atom-2"): True,
    }
    assert set(watches) == {a, b, site.url("/news/atom-1"), site.url("/atom-2")}

    again = cli("feed", "poll", "--all", "--json").json()["polls"]
    assert sorted(p["outcome"] for p in again) == ["not_modified", "not_modified"]  # conditional GET
    site.serve("/feed.xml", rss(a, "/news/b", "/news/c"), content_type="application/rss+xml")
    third = cli("feed", "poll", "--all", "--json").json()["polls"]
    assert sorted(p["added"] for p in third) == [0, 1]
    assert len(cli("list", "--json").json()["watches"]) == 5
    assert cli("feed", "poll", "--json").json()["polls"] == []  # nothing due before --every

    assert cli("feed", "remove", atom).code == 0
    assert [f["url"] for f in cli("feed", "list", "--json").json()["feeds"]] == [feed]


def test_broken_feeds_are_recorded(site: Site, cli: Callable[..., Run]) -> None:
    broken = site.serve("/broken.xml", "<html><p>moved</p></html>", content_type="text/html")
    gone = site.url("/gone.xml")
    cli("feed", "add", broken)
    cli("feed", "add", gone)
    run = cli("feed", "poll")
    assert run.code == 3 and "Traceback" not in run.err
    errors = {f["url"]: f["last_error"] for f in cli("feed", "list", "--json").json()["feeds"]}
    assert "not a feed" in errors[broken] and "HTTP 404" in errors[gone]
    assert cli("list", "--json").json()["watches"] == []
    assert cli("feed", "remove", site.url("/never")).code == 1


def test_feeds_are_fetched_together_within_the_per_host_limit(
    site: Site, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Feeds are polled concurrently (a slow feed does not hold up the others), at most
    fetch.per_host_concurrency at a time on one host; feeds listing the same article add it once."""
    monkeypatch.setenv("WATCHER_FETCH__PER_HOST_CONCURRENCY", "3")
    shared = site.url("/news/shared")
    feeds = [
        site.serve(
            f"/feed{k}.xml", rss(shared, f"/news/only-{k}"), content_type="application/rss+xml", delay=0.3
        )
        for k in range(6)
    ]
    for feed in feeds:
        assert cli("feed", "add", feed).code == 0
    polled = cli("feed", "poll", "--json")
    assert polled.code == 0, polled.err
    polls = polled.json()["polls"]
    assert [p["url"] for p in polls] == feeds and {p["outcome"] for p in polls} == {"polled"}
    assert sum(p["added"] for p in polls) == 7  # the shared article once, and one of each feed's own
    assert site.most_in_flight == 3
    assert len(cli("list", "--json").json()["watches"]) == 7


def test_a_feed_whose_host_asks_for_a_pause_is_not_polled_before_it_ends(
    site: Site, cli: Callable[..., Run]
) -> None:
    feed = site.serve("/busy.xml", "slow down", status=429, headers={"Retry-After": "7200"})
    assert cli("feed", "add", feed, "--every", "5m").code == 0
    before = datetime.now(UTC).replace(microsecond=0)  # (listed to the second)
    assert cli("feed", "poll").code == 3
    (row,) = cli("feed", "list", "--json").json()["feeds"]
    assert "HTTP 429" in row["last_error"]
    next_poll = datetime.fromisoformat(row["next_poll_at"].replace("Z", "+00:00"))
    assert next_poll >= before + timedelta(seconds=7200)
