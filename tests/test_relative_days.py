"""Stamps that count days from the fetch ("Publié aujourd'hui à 14h35", "gestern, 10:00 Uhr")
resolve against the day the page was fetched, on the page's calendar: the same article read on
the next day ("hier à 14h35"), or with its date written out, is no new version. A real server,
a real database, a clock the test sets."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from tests.support.site import Site
from watcher.app import make_watcher
from watcher.config import load_settings
from watcher.types import CheckResult

BODY = "".join(
    f"<p>{p}</p>"
    for p in (
        "La grève des conducteurs de métro a été reconduite jusqu'à nouvel ordre, a indiqué la RTM.",
        "Les syndicats réclament une hausse des salaires et de meilleures conditions de travail.",
        "La direction propose une réunion de négociation avant la fin de la semaine prochaine.",
    )
)


def page(stamp: str) -> str:
    return (
        '<html lang="fr"><head><title>Grève du métro</title></head><body><article>'
        f'<h1>Grève du métro à Marseille</h1><p class="date">{stamp}</p>{BODY}</article></body></html>'
    )


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


def test_today_and_yesterday_are_the_days_of_the_fetch(db_url: str, site: Site) -> None:
    clock = Clock(datetime(2026, 3, 12, 15, 0, tzinfo=UTC))  # 16:00 in Paris
    w = make_watcher(load_settings(environ={**os.environ, "WATCHER_DB": db_url}), clock=clock)
    try:
        url = site.serve("/greve", page("Publié aujourd'hui à 14h35, modifié à 15h10"))
        w.add(url)

        def check() -> CheckResult:
            [result] = w.check([w.store.get_watch(url)])  # as stored after the last check
            return result

        first = check()
        assert first.outcome == "new"
        version = w.store.get_version(first.watch_id, 1)
        assert (version.article.published_at, version.article.updated_at) == (
            "2026-03-12T13:35:00Z",  # 14:35 in Paris (CET)
            "2026-03-12T14:10:00Z",
        )
        assert not any("Publié" in p for p in version.article.paragraphs)
        # the next morning the site says "hier"; later it writes the date out: the same article
        clock.at = datetime(2026, 3, 13, 8, 0, tzinfo=UTC)
        site.serve("/greve", page("Publié hier à 14h35, modifié à 15h10"))
        assert check().outcome == "unchanged"
        site.serve("/greve", page("Publié le 12 mars 2026 à 14h35, modifié le 12 mars 2026 à 15h10"))
        assert check().outcome == "unchanged"
        # a page rendered at 23:55 and fetched at 00:10 still says "aujourd'hui" of the day before
        site.serve("/greve", page("Publié le 12 mars 2026 à 14h35, modifié le 12 mars 2026 à 23h50"))
        assert check().outcome == "changed"
        clock.at = datetime(2026, 3, 12, 23, 10, tzinfo=UTC)  # 00:10 on the 13th in Paris
        site.serve("/greve", page("Publié aujourd'hui à 14h35, modifié à 23h50"))  # stale
        assert check().outcome == "unchanged"
    finally:
        w.close()


def test_a_time_with_no_day_is_not_read_as_the_days_of_the_fetches() -> None:
    """'Updated 4:15 PM' on a page of March 10 must not become an update of each fetch's day."""
    from watcher.extract import extract, fingerprint

    html = page("Published March 10, 2026").replace(
        '<p class="date">Published March 10, 2026</p>',
        '<p class="date">Published March 10, 2026</p><p class="upd">Updated 4:15 PM</p>',
    )
    digests = {
        fingerprint(extract(html, "https://example.com/a", datetime(2026, 3, day, 12, tzinfo=UTC)))
        for day in (10, 11, 12)
    }
    assert len(digests) == 1
