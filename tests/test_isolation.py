"""What goes wrong with one page stays with that page's watch: the batch, the other watches
and what is stored survive it (pages here are hostile or broken on purpose)."""

from __future__ import annotations

import os
from collections.abc import Callable

from sqlalchemy import delete

from tests.support.cli import Run
from tests.support.site import Site
from watcher.analyse.textdiff import diff_paragraphs
from watcher.app import make_watcher
from watcher.config import load_settings
from watcher.feeds import feed_links
from watcher.store.schema import watches

Cli = Callable[..., Run]
ARTICLE = (
    "<html><head><title>{t}</title>{head}</head><body><article><h1>{t}</h1>"
    "{extra}<p>{t} is a story with enough words in it to count as the body.</p></article></body></html>"
)


def article(title: str, head: str = "", extra: str = "") -> str:
    return ARTICLE.format(t=title, head=head, extra=extra)


def by_url(run: Run) -> dict[str, dict]:  # type: ignore[type-arg]
    return {c["url"]: c for c in run.json()["checks"]}


def test_hostile_pages_fail_alone_and_the_batch_is_stored(site: Site, cli: Cli) -> None:
    far_future = site.serve(
        "/far-future",
        article(
            "Year 9999",
            head='<meta property="article:modified_time" content="9999-12-31T23:00:00-05:00">',
            extra="<p>Updated 11:00 PM EST, December 31, 9999</p>",
        ),
    )
    # on another host name: a 429 rightly holds back every request to its host
    parked = site.serve("/parked", "", status=429, headers={"Retry-After": "99999999999999"}).replace(
        "127.0.0.1", "localhost"
    )
    to_ftp = site.serve("/to-ftp", "", status=302, headers={"Location": "ftp://files.example/a"})
    to_space = site.serve("/to-space", "", status=302, headers={"Location": "http://bad host.example/a"})
    fine = site.serve("/fine", article("Fine"))
    assert cli("add", far_future, parked, to_ftp, to_space, fine).code == 0

    run = cli("check", "--all", "--json")
    assert run.code == 3 and "Traceback" not in run.err  # 3: some checks failed
    checks = by_url(run)
    assert checks[fine]["outcome"] == "new", checks[fine]
    assert checks[far_future]["outcome"] == "new", checks[far_future]  # the impossible stamp is ignored
    assert checks[parked]["outcome"] == "error" and "429" in checks[parked]["error"]
    for url in (to_ftp, to_space):
        assert checks[url]["outcome"] == "error" and "bad redirect" in checks[url]["error"]
    listed = {w["url"]: w for w in cli("list", "--json").json()["watches"]}
    assert all(w["last_checked_at"] for w in listed.values())  # every check was recorded
    shown = cli("show", far_future, "--version", "1", "--json").json()
    assert shown["updated_at"] is None


def test_oversized_header_values_do_not_stop_the_write(site: Site, cli: Cli) -> None:
    # PostgreSQL rejects values longer than their column; the whole batch used to roll back
    odd = site.serve(
        "/odd-headers",
        article("Odd headers"),
        validators=False,
        content_type="text/html; charset=utf-8; " + "x" * 300,
        headers={"ETag": '"' + "e" * 600 + '"', "Last-Modified": "L" * 300},
    )
    fine = site.serve("/fine", article("Fine"))
    cli("add", odd, fine)
    run = cli("check", "--all", "--json")
    assert run.code == 0, run.err
    assert {c["outcome"] for c in run.json()["checks"]} == {"new"}
    again = cli("check", "--all", "--json").json()["checks"]
    assert by_url_list(again)[odd] == "unchanged"  # the dropped validators are not sent back
    assert site.requests[-1].get("if-none-match") is None or site.requests[-2].get("if-none-match") is None


def by_url_list(checks: list[dict]) -> dict[str, str]:  # type: ignore[type-arg]
    return {c["url"]: c["outcome"] for c in checks}


def test_a_watch_named_twice_is_checked_once(site: Site, cli: Cli) -> None:
    url = site.serve("/once", article("Once"))
    other = site.serve("/other", article("Other"))
    cli("add", url, other)
    run = cli("check", url, url, other, "--json")
    assert run.code == 0, run.err
    assert sorted(c["url"] for c in run.json()["checks"]) == sorted([url, other])
    assert site.hits["/once"] == 1


def test_a_watch_removed_during_a_batch_does_not_cost_the_others(db_url: str, site: Site) -> None:
    w = make_watcher(load_settings(environ={**os.environ, "WATCHER_DB": db_url}))
    w.add_many([site.serve(f"/r{i}", article(f"Story {i}")) for i in range(3)], every="1h")
    stale = w.store.list_watches()
    with w.store.engine.begin() as conn:  # `watcher remove` while the checks are in flight
        conn.execute(delete(watches).where(watches.c.id == stale[0].id))
    results = {r.watch_id: r for r in w.check(stale)}
    assert results[stale[0].id].outcome == "not_stored" and "not stored" in (results[stale[0].id].error or "")
    assert [results[x.id].outcome for x in stale[1:]] == ["new", "new"]
    assert [len(w.versions(x)) for x in stale[1:]] == [1, 1]


def test_a_malformed_link_in_a_feed_skips_only_that_link() -> None:
    doc = (
        b"<rss><channel><item><link>http://[::1/a</link></item><item><link>/ok</link></item></channel></rss>"
    )
    assert feed_links(doc, "https://n.example/feed") == ["https://n.example/ok"]


def test_a_rewrite_of_a_huge_page_is_diffed_as_removed_and_added() -> None:
    # quadratic before: pairing every removed paragraph with every added one, and an unbounded
    # paragraph diff; 20,000 paragraphs took minutes on the event loop
    old = [f"Old paragraph number {i} says something about the harbour and the port." for i in range(20000)]
    new = [f"New text {i}: a different page about tariffs, trade and the election." for i in range(20000)]
    d = diff_paragraphs(old, new)
    assert len(d.removed) + len(d.changed) == 20000 and len(d.added) + len(d.changed) == 20000
