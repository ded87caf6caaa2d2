"""Feeds as publishers really serve them, from a review of discovery: which link of an entry
is its page, documents with text before them, charsets, old formats, redirecting feed
services, tracking parameters, huge feeds, and the content types feeds come with."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.cli import Run
from tests.support.site import Site
from watcher.feeds import MAX_ITEMS, FeedError, feed_links

BASE = "https://n.example/feed.xml"


def rss(items: str, head: str = '<?xml version="1.0"?>') -> bytes:
    return f"{head}<rss version='2.0'><channel><title>t</title>{items}</channel></rss>".encode()


def test_an_atom_entry_is_its_alternate_link_never_its_comments_enclosure_or_edit_link() -> None:
    doc = (
        b'<feed xmlns="http://www.w3.org/2005/Atom">'
        b'<entry><link rel="replies" href="/comments/4"/><link rel="enclosure" href="/audio/4.mp3"/><id>urn:4</id></entry>'
        b'<entry><link rel="edit" href="/edit/7"/><id>https://n.example/posts/7</id></entry>'
        b'<entry><link rel="http://www.iana.org/assignments/relation/alternate" href="/posts/8"/></entry></feed>'
    )
    assert feed_links(doc, BASE) == ["https://n.example/posts/7", "https://n.example/posts/8"]


def test_a_guid_is_a_page_only_when_it_is_a_whole_address() -> None:
    doc = rss("<item><guid>12345</guid></item><item><guid>https://n.example/g</guid></item>")
    assert feed_links(doc, BASE) == ["https://n.example/g"]


def test_a_warning_printed_before_the_feed_is_skipped() -> None:
    doc = (
        b"<br />\n<b>Warning</b>:  Cannot modify header information - headers already sent in "
        b"<b>/var/www/wp-includes/feed-rss2.php</b> on line <b>8</b><br />\n"
        + rss("<item><link>https://n.example/php/1</link></item>", '<?xml version="1.0" encoding="UTF-8"?>')
    )
    assert feed_links(doc, BASE) == ["https://n.example/php/1"]


def test_an_html_page_is_named_in_the_error() -> None:
    with pytest.raises(FeedError, match=r"not a feed: the document is <html>"):
        feed_links(b"<html><body><p>hello</p></body></html>", BASE)


def test_the_content_types_charset_counts_for_a_feed_that_states_none() -> None:
    latin1 = "<rss><channel><item><link>https://n.example/caf\u00e9/2</link></item></channel></rss>".encode(
        "latin-1"
    )
    assert feed_links(latin1, BASE, "iso-8859-1") == ["https://n.example/caf\u00e9/2"]
    # a feed that states its own encoding is read in it, whatever the server's default says
    stated = (
        b'<?xml version="1.0" encoding="utf-8"?>'
        + "<rss><channel><item><link>https://n.example/caf\u00e9</link></item></channel></rss>".encode()
    )
    assert feed_links(stated, BASE, "iso-8859-1") == ["https://n.example/caf\u00e9"]


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (  # Atom 0.3
            '<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry><link rel="alternate" href="/a03/1"/></entry></feed>',
            ["https://n.example/a03/1"],
        ),
        (  # RSS 0.90
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">'
            "<item><title>t</title><link>https://n.example/r090/1</link></item></rdf:RDF>",
            ["https://n.example/r090/1"],
        ),
        (  # an RSS item whose one link is an <atom:link>
            '<rss xmlns:atom="http://www.w3.org/2005/Atom"><channel><item>'
            '<atom:link rel="alternate" href="https://n.example/al/1"/><guid isPermaLink="false">id-1</guid>'
            "</item></channel></rss>",
            ["https://n.example/al/1"],
        ),
        (  # FeedBurner: its own redirect in <link>, the publisher's address in origLink
            '<rss xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><channel><item>'
            "<link>http://feedproxy.google.com/~r/Example/~3/AbC/story01.htm</link>"
            "<feedburner:origLink>https://n.example/real/story01.htm</feedburner:origLink></item></channel></rss>",
            ["https://n.example/real/story01.htm"],
        ),
    ],
)
def test_older_formats_and_feed_services(doc: str, expected: list[str]) -> None:
    assert feed_links(doc.encode(), BASE) == expected


def test_tracking_parameters_are_left_out_so_one_article_is_one_watch() -> None:
    doc = rss(
        "<item><link>https://n.example/story/42?utm_source=rss&amp;utm_campaign=politics</link></item>"
        "<item><link>https://n.example/story/42?utm_source=rss&amp;utm_campaign=europe</link></item>"
        "<item><link>https://n.example/story/43?id=7&amp;fbclid=abc&amp;page=2</link></item>"
    )
    assert feed_links(doc, BASE) == ["https://n.example/story/42", "https://n.example/story/43?id=7&page=2"]


def test_a_feed_whose_items_have_no_links_says_so() -> None:
    with pytest.raises(FeedError, match="lists 2 items, none with a link"):
        feed_links(rss("<item><title>a</title></item><item><guid>9</guid></item>"), BASE)


def test_a_huge_feed_is_read_to_its_first_items_once_each() -> None:
    items = "".join(f"<item><link>/a/{k % (MAX_ITEMS + 5000)}</link></item>" for k in range(3 * MAX_ITEMS))
    links = feed_links(rss(items), BASE)
    assert len(links) == MAX_ITEMS and links[-1] == f"https://n.example/a/{MAX_ITEMS - 1}"


@pytest.mark.parametrize(
    "content_type",
    ["application/x-rss+xml", "text/rss+xml", "application/x-atom+xml", "application/octet-stream"],
)
def test_feeds_served_as_other_xml_types_are_polled(
    site: Site, cli: Callable[..., Run], content_type: str
) -> None:
    body = rss(f"<item><link>{site.url('/news/1')}</link></item>")
    feed = site.serve("/feed", body, content_type=content_type)
    assert cli("feed", "add", feed).code == 0
    polled = cli("feed", "poll", "--json")
    assert polled.code == 0, polled.err
    assert [(p["outcome"], p["added"]) for p in polled.json()["polls"]] == [("polled", 1)]


def test_a_feed_of_another_type_is_refused_as_not_a_feed(site: Site, cli: Callable[..., Run]) -> None:
    feed = site.serve("/feed.pdf", b"%PDF-1.4", content_type="application/pdf")
    assert cli("feed", "add", feed).code == 0
    polled = cli("feed", "poll", "--json")
    assert polled.code == 3
    (poll,) = polled.json()["polls"]
    assert poll["error"] == "not a feed: application/pdf"


def test_a_watch_removed_by_hand_is_not_added_back_by_its_feed(
    site: Site, cli: Callable[..., Run], tmp_path: Path
) -> None:
    a, b = site.url("/news/a"), site.url("/news/b")
    feed = site.serve("/feed.xml", rss(f"<item><link>{a}</link></item><item><link>{b}</link></item>"))
    assert cli("feed", "add", feed).code == 0
    assert [p["added"] for p in cli("feed", "poll", "--json").json()["polls"]] == [2]
    assert cli("remove", b).code == 0
    again = cli("feed", "poll", "--all", "--json")
    assert again.code == 0 and [p["added"] for p in again.json()["polls"]] == [0]
    assert [w["url"] for w in cli("list", "--json").json()["watches"]] == [a]
    # added by hand again, it is watched again, and the feed finds it watched
    assert cli("add", b).code == 0
    assert sorted(w["url"] for w in cli("list", "--json").json()["watches"]) == [a, b]
    assert cli("remove", a).code == 0
    listed = tmp_path / "urls.txt"
    listed.write_text(f"{a}\n")
    assert cli("add", "--from-file", str(listed)).code == 0  # (by hand too, from a file)
    assert [p["added"] for p in cli("feed", "poll", "--all", "--json").json()["polls"]] == [0]
    assert sorted(w["url"] for w in cli("list", "--json").json()["watches"]) == [a, b]


def test_a_feed_is_removed_by_the_id_feed_list_shows(site: Site, cli: Callable[..., Run]) -> None:
    feed = site.serve("/feed.xml", rss(f"<item><link>{site.url('/a')}</link></item>"))
    assert cli("feed", "add", feed).code == 0
    (row,) = cli("feed", "list", "--json").json()["feeds"]
    missing = cli("feed", "remove", str(row["id"] + 1))
    assert missing.code == 1 and "no such feed" in missing.err and "Traceback" not in missing.err
    assert cli("feed", "remove", str(row["id"])).code == 0
    assert cli("feed", "list", "--json").json()["feeds"] == []


def test_feeds_on_a_host_that_asked_for_a_pause_are_deferred_not_failed(
    site: Site, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WATCHER_FETCH__PER_HOST_CONCURRENCY", "1")
    busy = site.serve("/a.xml", "slow down", status=429, headers={"Retry-After": "3600"})
    other = site.serve("/b.xml", rss(f"<item><link>{site.url('/n/1')}</link></item>"))
    assert cli("feed", "add", busy).code == 0 and cli("feed", "add", other).code == 0
    polled = cli("feed", "poll", "--json")
    outcomes = {p["url"]: p["outcome"] for p in polled.json()["polls"]}
    assert outcomes == {busy: "error", other: "deferred"}
    assert polled.code == 3  # (the 429 is the failure)
    assert site.hits["/b.xml"] == 0


def test_links_to_private_addresses_are_not_watched_when_they_would_be_refused() -> None:
    """A feed listing the cloud's metadata address or an intranet host added watches that
    were refused only when checked; they are not added at all unless private addresses are
    allowed (a host name is judged when it is fetched: its address is not known here)."""
    from watcher.discover import _watchable

    private = [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.5/admin",
        "http://[::1]/x",
        "http://localhost/x",
    ]
    assert [_watchable(u, allow_private=False) for u in private] == [False] * 4
    assert all(_watchable(u, allow_private=True) for u in private)
    assert _watchable("https://news.example/a", allow_private=False)


@pytest.mark.parametrize("content_type", ["text/xml", "application/xml", "application/rss+xml"])
def test_a_feed_added_as_a_watch_is_a_failed_check_that_names_feed_add(
    site: Site, cli: Callable[..., Run], content_type: str
) -> None:
    """A feed pasted into "watch a URL" was stored as an article whose one paragraph ran its
    items together."""
    url = site.serve(
        "/feed.xml",
        rss(f"<item><title>One</title><link>{site.url('/n/1')}</link></item>"),
        content_type=content_type,
    )
    assert cli("add", url).code == 0
    run = cli("check", "--json")
    (check,) = run.json()["checks"]
    assert check["outcome"] == "error" and "use watcher feed add URL" in check["error"]
    assert cli("history", url, "--json").json()["versions"] == []
