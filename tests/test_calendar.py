"""Stated-time parsing: every format a page writes its times in, normalised to UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from watcher.extract.calendar import PageZone, iso_offset, iso_utc, parse_human, parse_iso

HUMAN = [
    # (text, UTC ISO, a time of day was stated)
    ("3/28/2025", "2025-03-28T00:00:00Z", False),
    ("28/03/2025", "2025-03-28T00:00:00Z", False),  # first number cannot be a month
    ("03.04.2025", "2025-04-03T00:00:00Z", False),  # dotted dates are day-first
    ("March 28, 2025", "2025-03-28T00:00:00Z", False),
    ("28 March 2025", "2025-03-28T00:00:00Z", False),
    ("March 28th, 2025 at 10am", "2025-03-28T10:00:00Z", True),
    ("Updated 9:47 PM EDT, March 28, 2025", "2025-03-29T01:47:00Z", True),
    ("9:47 p.m. ET March 28, 2025", "2025-03-29T01:47:00Z", True),  # ET in summer time: UTC-4
    ("9:47 p.m. ET Jan. 15, 2025", "2025-01-16T02:47:00Z", True),  # ET in winter: UTC-5
    ("March 28, 2025 at 9:47 pm ET", "2025-03-29T01:47:00Z", True),
    ("March 28, 2025 5:42 p.m. PT", "2025-03-29T00:42:00Z", True),
    ("Mar. 28, 2025 / 9:47 AM CST", "2025-03-28T15:47:00Z", True),
    ("March 28, 2025 11:59 PM PDT", "2025-03-29T06:59:00Z", True),
    ("12:05 AM ET, March 29, 2025", "2025-03-29T04:05:00Z", True),
    ("Fri 28 Mar 2025 21.42 GMT", "2025-03-28T21:42:00Z", True),
    ("28 March 2025 21:42 BST", "2025-03-28T20:42:00Z", True),
    ("28.03.2025 14:30 CET", "2025-03-28T13:30:00Z", True),
    ("Sat, 29 Mar 2025 01:15:00 +0000", "2025-03-29T01:15:00Z", True),
    ("March 28, 2025 21:42 GMT-05:00", "2025-03-29T02:42:00Z", True),
    ("14:30 UTC+2 on 28 March 2025", "2025-03-28T12:30:00Z", True),  # the offset, not "UTC"
    ("Published March 28, 2025 12 noon", "2025-03-28T12:00:00Z", True),
    ("Last modified on 29 March 2025 at 09:15 GMT", "2025-03-29T09:15:00Z", True),
    ("28. März 2025, 14:30 Uhr", "2025-03-28T14:30:00Z", True),
    ("le 28 mars 2025 à 14 h 30", "2025-03-28T14:30:00Z", True),
    ("1er avril 2025", "2025-04-01T00:00:00Z", False),
    ("2 de abril de 2025 10:00", "2025-04-02T10:00:00Z", True),
    ("2025-03-28T21:42:00-04:00", "2025-03-29T01:42:00Z", True),
    ("2025-03-28 21:42", "2025-03-28T21:42:00Z", True),  # no zone: taken as UTC
    ("2025-03-28", "2025-03-28T00:00:00Z", False),
    # Daylight saving in the zone database: the US switched on 2025-03-09 and back on 2025-11-02.
    ("March 9, 2025 1:30 AM ET", "2025-03-09T06:30:00Z", True),
    ("March 9, 2025 3:30 AM ET", "2025-03-09T07:30:00Z", True),
    ("November 2, 2025 1:30 AM ET", "2025-11-02T05:30:00Z", True),  # the first (summer) 1:30
    ("Nov 3, 2025 12:00 PM ET", "2025-11-03T17:00:00Z", True),
    ("July 4, 2025 9:00 AM CT", "2025-07-04T14:00:00Z", True),
]


@pytest.mark.parametrize(("text", "expected", "precise"), HUMAN, ids=[c[0] for c in HUMAN])
def test_parse_human(text: str, expected: str, precise: bool) -> None:
    parsed = parse_human(text)
    assert parsed is not None
    assert iso_utc(parsed.at) == expected
    assert parsed.precise is precise


@pytest.mark.parametrize(
    "text", ["", "no date here", "Updated recently", "13/13/2025", "February 30, 2025", "99:99 EDT"]
)
def test_parse_human_refuses_what_is_not_a_date(text: str) -> None:
    assert parse_human(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-28T21:42:00Z", "2025-03-28T21:42:00Z"),
        ("2025-03-28T21:42:00.123+02:00", "2025-03-28T19:42:00Z"),
        ("2025-03-28T21:42-0500", "2025-03-29T02:42:00Z"),
        ("2025-04-10T08:00:00+02:00", "2025-04-10T06:00:00Z"),
    ],
)
def test_parse_iso(text: str, expected: str) -> None:
    parsed = parse_iso(text)
    assert parsed is not None and parsed.precise
    assert iso_utc(parsed.at) == expected


def test_parse_iso_rejects_impossible_dates() -> None:
    assert parse_iso("2025-02-30T10:00:00Z") is None
    assert parse_iso("not a date") is None
    # an expanded year (ISO 8601's +YYYYYY) is out of range, not its last four digits
    assert parse_iso("+275760-09-13T00:00:00Z") is None
    assert parse_iso("12025-03-28") is None


AMBIGUOUS = [
    # (text, the page's offset, UTC ISO): the page's own offset picks the zone a name means
    ("March 28, 2025, 9:42 PM IST", None, "2025-03-28T16:12:00Z"),  # India's, the common reading
    ("March 28, 2025, 9:42 PM IST", timedelta(hours=5, minutes=30), "2025-03-28T16:12:00Z"),
    ("March 28, 2025, 9:42 PM IST", timedelta(hours=2), "2025-03-28T19:42:00Z"),  # Israel
    ("March 28, 2025, 9:42 PM IST", timedelta(hours=1), "2025-03-28T20:42:00Z"),  # Ireland
    ("March 28, 2025, 9:42 PM IST", timedelta(hours=9), "2025-03-28T16:12:00Z"),  # no such IST
    ("Mar. 28, 2025 / 9:47 AM CST", timedelta(hours=8), "2025-03-28T01:47:00Z"),  # China
    ("28 March 2025 21:42 BST", timedelta(hours=6), "2025-03-28T15:42:00Z"),  # Bangladesh
    ("March 28, 2025 9:42 PM EDT", timedelta(hours=2), "2025-03-29T01:42:00Z"),  # not ambiguous
    # no zone written: the page's offset, else UTC
    ("March 28, 2025, 9:42 PM", None, "2025-03-28T21:42:00Z"),
    ("March 28, 2025, 9:42 PM", timedelta(hours=5, minutes=30), "2025-03-28T16:12:00Z"),
    ("March 28, 2025, 9:42 PM", timedelta(hours=-4), "2025-03-29T01:42:00Z"),
    ("March 28, 2025", timedelta(hours=-4), "2025-03-28T00:00:00Z"),  # a bare date stays that day
]


@pytest.mark.parametrize(("text", "hint", "expected"), AMBIGUOUS, ids=[f"{a[0]} {a[1]}" for a in AMBIGUOUS])
def test_the_pages_offset_reads_ambiguous_and_missing_zones(
    text: str, hint: timedelta | None, expected: str
) -> None:
    parsed = parse_human(text, PageZone(hint))
    assert parsed is not None and iso_utc(parsed.at) == expected


@pytest.mark.parametrize(
    ("text", "hint", "country", "expected"),
    [
        ("July 1, 2025, 9:42 PM IST", None, "IE", "2025-07-01T20:42:00Z"),  # Irish Standard Time
        ("July 1, 2025, 9:42 PM IST", None, "IL", "2025-07-01T19:42:00Z"),
        ("July 1, 2025, 9:42 PM IST", None, "IN", "2025-07-01T16:12:00Z"),
        ("July 1, 2025, 9:42 PM IST", None, "FR", "2025-07-01T16:12:00Z"),  # no IST there: India's
        ("July 1, 2025, 9:42 PM IST", timedelta(hours=5, minutes=30), "IE", "2025-07-01T16:12:00Z"),
        ("July 1, 2025, 9:47 AM CST", None, "CN", "2025-07-01T01:47:00Z"),
        ("July 1, 2025, 9:47 AM CST", None, "US", "2025-07-01T15:47:00Z"),
        ("1 July 2025 21:42 BST", None, "BD", "2025-07-01T15:42:00Z"),
        ("1 July 2025 21:42 BST", None, "UK", "2025-07-01T20:42:00Z"),
        ("1 July 2025 21:42 BST", None, "FR", "2025-07-01T20:42:00Z"),  # not Paris's: BST says +1
    ],
)
def test_the_pages_country_reads_an_ambiguous_zone_when_it_has_no_offset(
    text: str, hint: timedelta | None, country: str, expected: str
) -> None:
    parsed = parse_human(text, PageZone(hint, country))
    assert parsed is not None and iso_utc(parsed.at) == expected


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("2025-03-28T21:42:00+05:30", timedelta(hours=5, minutes=30)),
        ("2025-03-28T21:42:00-0400", timedelta(hours=-4)),
        ("2025-03-28T21:42:00Z", None),
        ("2025-03-28T21:42:00+00:00", None),  # UTC tells nothing of the site's zone
        ("2025-03-28", None),
        ("no date", None),
    ],
)
def test_iso_offset(text: str, offset: timedelta | None) -> None:
    assert iso_offset(text) == offset


@pytest.mark.parametrize(
    ("text", "page", "expected"),
    [
        # a German page: "14:35 Uhr" is German time, in winter and in summer
        ("12.03.2026, 14:35 Uhr", PageZone(None, "DE"), "2026-03-12T13:35:00Z"),
        ("12.07.2026, 14:35 Uhr", PageZone(None, "DE"), "2026-07-12T12:35:00Z"),
        # meta tags in summer time (+01:00) on a British page: a winter stamp is GMT, not +1
        ("January 5, 2026, 9:00 AM", PageZone(timedelta(hours=1), "GB"), "2026-01-05T09:00:00Z"),
        ("July 5, 2026, 9:00 AM", PageZone(timedelta(hours=1), "GB"), "2026-07-05T08:00:00Z"),
        # an offset the country's zone never takes: the page's offset wins
        ("July 5, 2026, 9:00 AM", PageZone(timedelta(hours=-4), "DE"), "2026-07-05T13:00:00Z"),
        # a country of several zones, or none known: the offset, else UTC
        ("July 5, 2026, 9:00 AM", PageZone(timedelta(hours=-4), "US"), "2026-07-05T13:00:00Z"),
        ("July 5, 2026, 9:00 AM", PageZone(None, "US"), "2026-07-05T09:00:00Z"),
        ("July 5, 2026, 9:00 AM", PageZone(), "2026-07-05T09:00:00Z"),
        # a zone written wins over all of it
        ("12.07.2026, 14:35 UTC", PageZone(None, "DE"), "2026-07-12T14:35:00Z"),
        # Italian and Brazilian stamps: the month's name, day-first numbers, "18h45"
        ("12 marzo 2026 alle 18:45", PageZone(None, "IT"), "2026-03-12T17:45:00Z"),
        ("12/03/2026 18:45", PageZone(None, "IT"), "2026-03-12T17:45:00Z"),
        ("12/03/2026 às 18h45", PageZone(None, "BR"), "2026-03-12T21:45:00Z"),
        ("12 de março de 2026 às 9h05", PageZone(None, "BR"), "2026-03-12T12:05:00Z"),
        # day first wherever the page's country is told and writes it so; month first in the
        # US, and where no country is told
        ("03/12/2026 9:00", PageZone(None, "GB"), "2026-12-03T09:00:00Z"),
        ("03/12/2026 9:00", PageZone(None, "US"), "2026-03-12T09:00:00Z"),
        ("03/12/2026 9:00", PageZone(), "2026-03-12T09:00:00Z"),
        ("13/03/2026 9:00", PageZone(None, "US"), "2026-03-13T09:00:00Z"),
    ],
)
def test_a_time_without_a_zone_is_read_in_the_pages_country_zone(
    text: str, page: PageZone, expected: str
) -> None:
    parsed = parse_human(text, page)
    assert parsed is not None and iso_utc(parsed.at) == expected


def test_an_iso_time_without_a_zone_is_read_in_the_pages_zone() -> None:
    parsed = parse_iso("2026-07-12T14:35:00", PageZone(None, "DE"))
    assert parsed is not None and iso_utc(parsed.at) == "2026-07-12T12:35:00Z"
    parsed = parse_iso("2026-07-12T14:35:00Z", PageZone(None, "DE"))
    assert parsed is not None and iso_utc(parsed.at) == "2026-07-12T14:35:00Z"


NOW = datetime(2026, 3, 12, 15, 0, tzinfo=UTC)  # 16:00 in Berlin and Paris


@pytest.mark.parametrize(
    ("text", "page", "expected"),
    [
        ("aujourd'hui à 14h35", PageZone(None, "FR", NOW), "2026-03-12T13:35:00Z"),
        ("aujourd\u2019hui à 14h35", PageZone(None, "FR", NOW), "2026-03-12T13:35:00Z"),
        ("hier à 14h35", PageZone(None, "FR", NOW), "2026-03-11T13:35:00Z"),
        ("heute, 14:35 Uhr", PageZone(None, "DE", NOW), "2026-03-12T13:35:00Z"),
        ("gestern, 10.00 Uhr", PageZone(None, "DE", NOW), "2026-03-11T09:00:00Z"),
        ("hoy a las 14:35 CET", PageZone(None, None, NOW), "2026-03-12T13:35:00Z"),
        ("oggi alle 14:35", PageZone(None, "IT", NOW), "2026-03-12T13:35:00Z"),
        ("ieri alle 14:35", PageZone(None, "IT", NOW), "2026-03-11T13:35:00Z"),
        ("hoje às 11h35", PageZone(None, "BR", NOW), "2026-03-12T14:35:00Z"),
        ("ontem às 11h35", PageZone(None, "BR", NOW), "2026-03-11T14:35:00Z"),
        ("today at 9:47 AM EDT", PageZone(None, "US", NOW), "2026-03-12T13:47:00Z"),
        # ahead of the fetch: the page was rendered the day before
        (
            "today at 11:50 PM",
            PageZone(None, None, datetime(2026, 3, 12, 0, 10, tzinfo=UTC)),
            "2026-03-11T23:50:00Z",
        ),
        (
            "aujourd'hui à 14h35",
            PageZone(None, "FR", datetime(2026, 3, 12, 7, 0, tzinfo=UTC)),
            "2026-03-11T13:35:00Z",
        ),
    ],
)
def test_days_counted_from_the_fetch(text: str, page: PageZone, expected: str) -> None:
    parsed = parse_human(text, page)
    assert parsed is not None and iso_utc(parsed.at) == expected


def test_days_counted_from_an_unknown_fetch_or_numbers_are_no_time() -> None:
    assert parse_human("aujourd'hui à 14h35") is None  # no fetch time: no day
    assert parse_human("2.50 million", PageZone(None, None, NOW)) is None  # not a clock
    # a time with no day at all is no time: the same page would state another one every day
    assert parse_human("4:15 PM", PageZone(None, None, NOW)) is None


def test_a_time_alone_takes_the_day_written_before_it() -> None:
    parsed = parse_human("à 18h02", PageZone(None, "FR"), day_hint=date(2026, 3, 12))
    assert parsed is not None and iso_utc(parsed.at) == "2026-03-12T17:02:00Z"
