"""A new release of watcher may read the same page into another article (a better extractor).
That must make no version and no alert of its own: the stored page is read again by the new
extractor and compared. Real server, real CLI, real database."""

from __future__ import annotations

import json
from collections.abc import Callable

from sqlalchemy import create_engine, text

from tests.support.cli import Run
from tests.support.site import Site
from watcher.extract import extract, fingerprint, is_current

BODY = [
    "The city council voted on Tuesday to close the Lindenau bridge for repairs until the spring.",
    "Engineers found corrosion in two of the main supports during an inspection last month.",
    "Traffic will be diverted over the North Street and Ring Street bridges, the city said.",
]


def page(body: list[str], ad: str = "a1") -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in body)
    return (
        f'<html lang="en"><head><title>Bridge closed</title></head><body>'
        f'<div class="ad" id="{ad}">Advertisement {ad}</div>'
        f"<article><h1>Bridge closed</h1><p>By Jane Doe</p>{paragraphs}</article></body></html>"
    ).encode()


def as_an_older_release_stored_it(db_url: str) -> None:
    """What an older extractor made of the page: the byline line was body text, the byline
    empty, and the fingerprint had no extractor mark."""
    engine = create_engine(db_url)
    with engine.begin() as conn:
        paragraphs = json.dumps(["By Jane Doe", *BODY])
        conn.execute(
            text("UPDATE versions SET paragraphs = :p, byline = '', fingerprint = :f"),
            {"p": paragraphs, "f": "0f" * 16},
        )
        conn.execute(text("UPDATE watches SET fingerprint = :f"), {"f": "0f" * 16})
    engine.dispose()


def stored_fingerprint(db_url: str) -> str:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        value = conn.execute(text("SELECT fingerprint FROM watches")).scalar_one()
    engine.dispose()
    return str(value)


def check(cli: Callable[..., Run]) -> dict[str, object]:
    run = cli("check", "--all", "--json")
    assert run.code == 0, run.err
    (result,) = run.json()["checks"]
    return dict(result)


def test_the_page_read_again_by_this_extractor_is_what_the_new_one_is_compared_with(
    site: Site, cli: Callable[..., Run], db_url: str
) -> None:
    url = site.serve("/bridge", page(BODY))
    assert cli("add", url).code == 0
    assert check(cli)["outcome"] == "new"
    as_an_older_release_stored_it(db_url)

    site.serve("/bridge", page(BODY, ad="b2"))  # only chrome moved: new bytes, same article
    assert check(cli)["outcome"] == "unchanged"
    assert len(cli("history", url, "--json").json()["versions"]) == 1
    now = stored_fingerprint(db_url)
    assert is_current(now) and now == fingerprint(extract(page(BODY).decode(), url))

    edited = [*BODY[:2], "Traffic will be diverted over the North Street bridge only, the city said."]
    site.serve("/bridge", page(edited, ad="c3"))
    changed = check(cli)
    assert changed["outcome"] == "changed"
    record = cli("changes", "--json").json()["changes"][-1]
    # compared with the stored page as this extractor reads it: one paragraph changed, and
    # no "By Jane Doe" paragraph removed, no byline changed
    counts = record["text"]
    assert counts["paragraphs_removed"] == 0 and counts["paragraphs_changed"] == 1, counts
    assert "byline_changed" not in record["kinds"]


def test_an_article_that_moved_under_an_older_extractor_is_a_new_version(
    site: Site, cli: Callable[..., Run], db_url: str
) -> None:
    url = site.serve("/bridge", page(BODY))
    cli("add", url)
    check(cli)
    as_an_older_release_stored_it(db_url)
    site.serve("/bridge", page([*BODY, "The repairs will cost 4 million euros."]))
    assert check(cli)["outcome"] == "changed"
    assert len(cli("history", url, "--json").json()["versions"]) == 2
    assert is_current(stored_fingerprint(db_url))
