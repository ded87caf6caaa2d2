"""Dates the body mentions, resolved against the publication date (here Friday 2025-03-28)."""

from __future__ import annotations

from datetime import date

import pytest

from watcher.analyse.dates import find_dates
from watcher.extract import extract

REF = date(2025, 3, 28)  # a Friday

DATES = [
    ("He spoke on March 28.", ["2025-03-28"]),
    ("The vote is on April 2.", ["2025-04-02"]),
    ("Tariffs start May 3, 2025.", ["2025-05-03"]),
    ("The filing is dated 2025-04-28.", ["2025-04-28"]),
    ("It happened on 1 March 2024.", ["2024-03-01"]),
    ("Talks were held Mar. 14 and again Sept. 3.", ["2025-03-14", "2025-09-03"]),
    ("He left on the 2nd of April.", ["2025-04-02"]),
    ("They met Tuesday.", ["2025-03-25"]),  # the latest Tuesday on or before publication
    ("They met on Friday.", ["2025-03-28"]),  # publication day itself
    ("They met last Friday.", ["2025-03-21"]),
    ("They meet next Tuesday.", ["2025-04-01"]),
    ("Talks will resume on Sunday.", ["2025-03-30"]),  # future tense: the coming Sunday
    ("The vote is scheduled for Tuesday.", ["2025-04-01"]),
    ("On Tuesday, March 25, he resigned.", ["2025-03-25"]),  # weekday + date counts once
    ("Hearings ran March 4 and 5.", ["2025-03-04", "2025-03-05"]),
    ("The summit is April 2-3.", ["2025-04-02", "2025-04-03"]),
    ("on March 4 and 5 people were hurt", ["2025-03-04"]),
    ("Hearings run April 8-10 in the council chamber.", ["2025-04-08", "2025-04-10"]),
    ("Talks on April 8 and 9 in the capital decide it.", ["2025-04-08", "2025-04-09"]),
    ("On May 3 and 40 protesters were held.", ["2025-05-03"]),
    # a past report of a future: the weekday is the report's ("said on Thursday": the last one)
    ("The barrier will not be finished by winter, officials said on Thursday.", ["2025-03-27"]),
    ("Officials said the barrier will open on Thursday.", ["2025-04-03"]),
    ("le 2 avril, puis 2 de abril de 2025 et le 28. M\u00e4rz", ["2025-04-02", "2025-04-02", "2025-03-28"]),
    ("We may 3 times ask, in May, and in 2024.", []),
    ("Trump, 78, said the 2-1 vote was 25 percent.", []),
    ("The Mayday call came at 10/03.", []),
    # German, French and Spanish
    ("Die Br\u00fccke ist ab dem 26.03.2025 wieder offen.", ["2025-03-26"]),
    ("Die Sperrung gilt vom 16. bis 20. April.", ["2025-04-16", "2025-04-20"]),
    ("Die Arbeiten dauern 16.\u201320. April.", ["2025-04-16", "2025-04-20"]),
    ("Work runs from 16 to 20 April.", ["2025-04-16", "2025-04-20"]),
    ("Travaux du 16 au 20 avril.", ["2025-04-16", "2025-04-20"]),
    ("Die Sitzung fand am Dienstag statt.", ["2025-03-25"]),
    ("Der Rat wird am Dienstag entscheiden.", ["2025-04-01"]),  # "wird" is no English word
    ("Der Rat tagte am vergangenen Freitag.", ["2025-03-21"]),
    ("Le conseil se r\u00e9unira lundi prochain.", ["2025-03-31"]),
    ("La r\u00e9union a eu lieu mardi dernier.", ["2025-03-25"]),
    ("El pleno votar\u00e1 el pr\u00f3ximo lunes.", ["2025-03-31"]),
    ("Pl\u00e1cido Domingo sang.", []),  # a capitalised Spanish weekday is a name
    ("The bill costs 3.5 million, or 26.03 euros each.", []),
]


@pytest.mark.parametrize(("text", "expected"), DATES, ids=[d[0] for d in DATES])
def test_find_dates(text: str, expected: list[str]) -> None:
    assert sorted(d.iso for d in find_dates([text], REF)) == sorted(expected)


YEARLESS = [
    # (publication date, text, expected): the year next to it only across a new year
    (date(2026, 1, 2), "The summit ended on December 30.", ["2025-12-30"]),
    (date(2025, 12, 30), "Talks resume January 5 and 6.", ["2026-01-05", "2026-01-06"]),
    (date(2026, 1, 2), "It opened 28 December.", ["2025-12-28"]),
    (date(2025, 9, 30), "The deal was signed on March 28.", ["2025-03-28"]),  # same year, six months back
    (date(2025, 2, 10), "Elections were held on November 15.", ["2024-11-15"]),
    (date(2025, 1, 10), "Leap day, February 29, is not in 2025.", []),
    (date(2024, 12, 31), "Payments start February 29.", []),  # 2025 has none
    (date(2024, 1, 10), "The deadline is February 29.", ["2024-02-29"]),
    (date(2023, 12, 20), "The deadline is February 29.", ["2024-02-29"]),  # the leap year next to it
    (date(2025, 1, 10), "Rates fell on Feb. 30.", []),
]


@pytest.mark.parametrize(("reference", "text", "expected"), YEARLESS, ids=[y[1] for y in YEARLESS])
def test_a_yearless_date_is_taken_in_the_year_that_puts_it_near_publication(
    reference: date, text: str, expected: list[str]
) -> None:
    assert sorted(d.iso for d in find_dates([text], reference)) == expected


def test_dates_remember_their_paragraph_and_raw_text() -> None:
    found = find_dates(["Nothing here.", "It starts on April 2."], REF)
    assert [(d.iso, d.raw, d.paragraph) for d in found] == [("2025-04-02", "April 2", 1)]


def test_dates_in_chrome_and_stamp_lines_are_not_body_dates() -> None:
    html = """<html><body>
      <nav><a href="/x">Archive: March 3, 2025</a></nav>
      <article><h1>Vote set</h1>
        <p>Updated 9:47 PM EDT, March 28, 2025</p>
        <figure><figcaption>Photo taken on March 20, 2025.</figcaption></figure>
        <p>The council will vote on the plan on April 2, officials said on Friday, after long talks.</p>
        <p>Members argued for hours about the budget, the roads, the schools and the taxes.</p>
        <div class="most-read"><ul><li>Fair announced for May 9, 2025</li></ul></div>
      </article></body></html>"""
    article = extract(html)
    found = {d.iso for d in find_dates(article.paragraphs, date(2025, 3, 28))}
    assert found == {"2025-04-02", "2025-03-28"}


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # the future tense read by its endings, on a page in that language only
        ("Der Rat wird am Dienstag entscheiden.", "de", ["2025-04-01"]),
        # the verb after the day: German's second place, or the day as the subject
        ("Am Montag soll der Streik beginnen.", "de", ["2025-03-31"]),
        ("Am Montag hat der Streik begonnen.", "de", ["2025-03-24"]),
        ("Am Montag wurde gestreikt, am Dienstag wird verhandelt.", "de", ["2025-03-24", "2025-04-01"]),
        ("Monday will see the talks resume.", "en", ["2025-03-31"]),
        ("Monday was quiet.", "en", ["2025-03-24"]),
        # Italian and Portuguese: "prossimo", "scorso", "passado", "na última", the future
        ("Lo sciopero si terr\u00e0 venerd\u00ec, ha detto il sindaco.", "it", ["2025-03-28"]),
        ("Il voto si terr\u00e0 gioved\u00ec.", "it", ["2025-04-03"]),
        ("Luned\u00ec scorso i treni si sono fermati.", "it", ["2025-03-24"]),
        ("Uno sciopero per luned\u00ec prossimo.", "it", ["2025-03-31"]),
        ("Il 20 marzo, e il 1\u00ba aprile.", "it", ["2025-03-20", "2025-04-01"]),
        ("O governo vai anunciar medidas na segunda-feira.", "pt", ["2025-03-31"]),
        ("Na \u00faltima segunda-feira, o rio transbordou.", "pt", ["2025-03-24"]),
        ("No s\u00e1bado passado choveu.", "pt", ["2025-03-22"]),
        ("Em 20 de mar\u00e7o de 2025 haver\u00e1 vota\u00e7\u00e3o.", "pt", ["2025-03-20"]),
        # Brazilian papers give the day of the month after the weekday
        ("A Defesa Civil informou nesta sexta-feira (28) que o rio subiu.", "pt", ["2025-03-28"]),
        ("Quinta-feira (3) ser\u00e1 decisiva.", "pt", ["2025-04-03"]),
        ("ARLINGTON, Va. \u2014 The Pentagon said Monday it was done.", "en", ["2025-03-24"]),
        ("Ira Glass said on Tuesday the show is over.", None, ["2025-03-25"]),
        ("Les deux parties se retrouveront mercredi.", "fr", ["2025-04-02"]),
        ("Le conseil votera mardi.", "fr-FR", ["2025-04-01"]),
        ("Les deux parties se retrouveront mercredi.", None, ["2025-03-26"]),
        ("Los m\u00e9dicos se sumar\u00e1n a los paros el jueves.", "es", ["2025-04-03"]),
        ("The camera crew filmed on Sunday.", "en", ["2025-03-23"]),
        ("The camera crew filmed on Sunday.", None, ["2025-03-23"]),
        # "del próximo", "al pasado"; "this", "ce", "este": the day of the same week
        ("Se sumar\u00e1n a partir del pr\u00f3ximo jueves.", "es", ["2025-04-03"]),
        ("La reuni\u00f3n ser\u00e1 este s\u00e1bado.", "es", ["2025-03-29"]),
        ("Ce lundi, le conseil a vot\u00e9.", "fr", ["2025-03-24"]),
        ("The talks resume this Saturday.", "en", ["2025-03-29"]),
        # Dutch: lower-case days and months, "volgende week dinsdag" (the Tuesday of next week)
        ("De provincie overlegt op maandag 16 maart.", "nl", ["2025-03-16"]),
        ("Provinciale Staten debatteren op 1 april.", "nl", ["2025-04-01"]),
        ("Provinciale Staten debatteren op 1 april.", None, []),
        ("Het bestuur vergadert volgende week dinsdag.", "nl", ["2025-04-01"]),
        ("Vorige week dinsdag brak de dijk.", "nl", ["2025-03-18"]),
        ("Afgelopen zaterdag brak de dijk.", "nl", ["2025-03-22"]),
        ("Komende vrijdag is er overleg.", "nl", ["2025-04-04"]),
        ("De raad zal dinsdag beslissen.", "nl", ["2025-04-01"]),
        ("Maandag zal de raad beslissen.", "nl-BE", ["2025-03-31"]),
        ("Deze zaterdag is er een informatieavond.", "nl", ["2025-03-29"]),
        # Swedish: "i tisdags" (last Tuesday), "på fredag" (the coming one), "fredag den 20 mars"
        ("Beslutet fattades i tisdags.", "sv", ["2025-03-25"]),
        ("Nämnden träffas på måndag.", "sv", ["2025-03-31"]),
        ("Mötet hålls nästa torsdag.", "sv", ["2025-04-03"]),
        ("Informationsmötet hålls fredag den 4 april och den 1 april.", "sv", ["2025-04-04", "2025-04-01"]),
        ("Förbudet ska gälla från torsdag.", "sv", ["2025-04-03"]),
        ("Fergen går igjen på tirsdag.", "nb", ["2025-04-01"]),
        ("Tutti i venerdì, e si terrà venerdì.", "it", ["2025-03-28", "2025-03-28"]),  # "i": the, in Italian
        # Polish: genitive months, "w przyszły poniedziałek", "w zeszły piątek", "w środę"
        (
            "Most zostanie zamknięty w piątek 4 kwietnia, prace potrwają do 30 czerwca.",
            "pl",
            ["2025-04-04", "2025-06-30"],
        ),
        ("Spotkanie odbędzie się w przyszły poniedziałek.", "pl", ["2025-03-31"]),
        (
            "W zeszły piątek radni głosowali. Komisja będzie obradować w środę.",
            "pl",
            ["2025-03-21", "2025-04-02"],
        ),
        # a range of weekdays is opening hours, not two dates
        ("Lines are open Monday to Friday, 8am to 6pm.", "en", []),
        ("Geöffnet Montag bis Freitag, ouvert du lundi au vendredi.", "de", []),
        ("The vote is on Monday and Friday.", "en", ["2025-03-24", "2025-03-28"]),
    ],
)
def test_weekdays_read_with_the_pages_language(text: str, language: str | None, expected: list[str]) -> None:
    assert [d.iso for d in find_dates([text], REF, language)] == expected


def test_the_reference_day_is_the_pages_own_calendar_day() -> None:
    """Published at 00:40 in Paris is that day there, though it is the day before in UTC."""
    from watcher.analyse import reference_date
    from watcher.types import Article, StatedTime

    meta = StatedTime("published", "meta", "2026-03-12T23:40:00Z", True, "2026-03-13T00:40:00+01:00")
    article = Article("t", "", (), published_at="2026-03-12T23:40:00Z", stated_times=(meta,))
    assert reference_date(article, date(2000, 1, 1)) == date(2026, 3, 13)
    bare = StatedTime("published", "meta", "2026-03-13T00:00:00Z", False, "2026-03-13")
    article = Article("t", "", (), published_at="2026-03-13T00:00:00Z", stated_times=(bare,))
    assert reference_date(article, date(2000, 1, 1)) == date(2026, 3, 13)


def test_thousands_of_dates_in_one_paragraph_are_all_found() -> None:
    """(Overlap checks and the sentence of each weekday are bounded, so this takes a fraction
    of a second; it took minutes when both grew with the paragraph.)"""
    found = find_dates(["Monday " * 14000, "March 3 and 4, " * 7000], REF, "en")
    assert len(found) == 28000


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # "last" said of a date with no year: a date to come a week after the story is last year's
        ("La agencia ya había advertido del riesgo el pasado 3 de diciembre.", "es", "2025-12-03"),
        ("L'agence avait averti le 3 décembre dernier.", "fr", "2025-12-03"),
        ("Lo aveva detto lo scorso 3 dicembre.", "it", "2025-12-03"),
        ("A reunião do passado 3 de dezembro.", "pt", "2025-12-03"),
        ("El informe se publicará el próximo 3 de diciembre.", "es", "2026-12-03"),
        ("Le rapport du 20 novembre dernier.", "fr", "2026-11-20"),  # (already past)
        # months abbreviated with their stop, and German day and month in figures
        ("Eine Anhörung ist für den 10. Dez. angesetzt.", "de", "2026-12-10"),
        ("Die Behörde will den Bericht am 3.12. vorlegen.", "de", "2026-12-03"),
        ("L'audience aura lieu le 3 déc. à Paris.", "fr", "2026-12-03"),
        ("La audiencia será el 3 dic. en Madrid.", "es", "2026-12-03"),
    ],
)
def test_dates_said_past_or_abbreviated(text: str, language: str, expected: str) -> None:
    assert [d.iso for d in find_dates([text], date(2026, 11, 28), language)] == [expected]


def test_figures_and_words_that_look_like_abbreviated_dates_are_not_dates() -> None:
    assert find_dates(["Sie zahlte 3.12. Euro pro Liter."], date(2026, 11, 28), "de") == []
    assert find_dates(["He ate 3 dec. of it."], date(2026, 11, 28), "en") == []
