"""Stated times: every place a page states them, and which one wins (``stamps.choose``)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st_

from watcher.extract import extract
from watcher.extract.stamps import MAY_BE_STAMP, choose, has_label, is_relative_stamp_line, is_stamp_line
from watcher.types import StatedTime


def st(source: str, value: str, precise: bool = True, kind: str = "updated") -> StatedTime:
    return StatedTime(kind=kind, source=source, value=value, precise=precise, raw=value)


D = "2025-03-28"
CHOOSE = [
    # (case, stated, expected value, words the reason must contain)
    ("nothing stated", [], None, None),
    ("one meta stamp", [st("meta", f"{D}T21:42:00Z")], f"{D}T21:42:00Z", "meta"),
    (
        "visible time element beats meta",
        [st("meta", f"{D}T20:00:00Z"), st("visible-time", f"{D}T21:42:00Z")],
        f"{D}T21:42:00Z",
        "visible-time",
    ),
    (
        "visible text beats meta and JSON-LD; the disagreement is reported",
        [st("jsonld", f"{D}T19:00:00Z"), st("meta", f"{D}T20:00:00Z"), st("visible", f"{D}T21:42:00Z")],
        f"{D}T21:42:00Z",
        "sources disagree",
    ),
    (
        "meta beats JSON-LD",
        [st("jsonld", f"{D}T19:00:00Z"), st("meta", f"{D}T20:00:00Z")],
        f"{D}T20:00:00Z",
        "meta",
    ),
    (
        "JSON-LD beats a marked <time>",
        [st("time-element", f"{D}T18:00:00Z"), st("jsonld", f"{D}T19:00:00Z")],
        f"{D}T19:00:00Z",
        "jsonld",
    ),
    (
        "a bare visible date takes the exact time of a precise source on the same day",
        [st("visible", f"{D}T00:00:00Z", precise=False), st("meta", f"{D}T21:42:00Z")],
        f"{D}T21:42:00Z",
        "exact time of the visible date",
    ),
    (
        "a bare visible date that disagrees with every precise source wins: readers were told it",
        [st("visible", "2025-03-29T00:00:00Z", precise=False), st("meta", f"{D}T21:42:00Z")],
        "2025-03-29T00:00:00Z",
        "the page shows 2025-03-29",
    ),
    (
        "a precise visible time beats a bare visible date on another day",
        [st("visible", "2025-03-29T00:00:00Z", precise=False), st("visible-time", f"{D}T21:42:00Z")],
        f"{D}T21:42:00Z",
        "stated on the page",
    ),
    (
        "only bare dates: the highest-priority source",
        [st("jsonld", f"{D}T00:00:00Z", precise=False), st("meta", "2025-03-27T00:00:00Z", precise=False)],
        "2025-03-27T00:00:00Z",
        "date only",
    ),
    (
        "published stamps never decide the update time",
        [st("meta", f"{D}T17:05:00Z", kind="published")],
        None,
        None,
    ),
]


@pytest.mark.parametrize(("case", "stated", "value", "why"), CHOOSE, ids=[c[0] for c in CHOOSE])
def test_choose(case: str, stated: list[StatedTime], value: str | None, why: str | None) -> None:
    got, reason = choose(stated, "updated")
    assert got == value, case
    if why is None:
        assert reason is None
    else:
        assert reason is not None and why in reason


@pytest.mark.parametrize(
    ("line", "is_stamp"),
    [
        ("Updated: 3/28/2025", True),
        ("Updated 9:47 PM EDT, March 28, 2025", True),
        ("Last modified on 29 March 2025 at 09:15 GMT", True),
        ("Published March 28, 2025", True),
        ("Mis à jour le 28 mars 2025 à 14 h 30", True),
        ("Updated guidance was issued to schools on March 28, 2025, after the storm damaged roofs", False),
        ("The minister updated parliament on March 28, 2025.", False),
        ("Updated", False),
        ("Updated March 28, 2025 by Jane Doe", True),
        ("Updated: Fri, 28 Mar 2025 21:42:00 GMT", True),
        ("Veröffentlicht am 28. März 2025, 14:30 Uhr", True),
        ("Posted 10 minutes later, the police said the suspect fled on March 28, 2025", False),
        # German, French and Spanish forms
        ("Stand: 12.03.2026 14:35 Uhr", True),
        ("Zuletzt aktualisiert: 12. März 2026, 14:35 Uhr", True),
        ("Aktualisiert am Donnerstag, 12. März 2026, 14:35 Uhr", True),
        ("Aktualisiert am 12.03.26, 14.35 Uhr", True),
        ("Geändert am 12.03.2026 um 14:35 Uhr", True),
        ("Erstellt am 12.03.2026", True),
        ("Modifié le jeudi 12 mars 2026 à 14h35", True),
        ("Última actualización: 12 de marzo de 2026, 14:35", True),
        ("Stand by your neighbours, the mayor said on March 3, 2026", False),
        ("stand: 12.03.2026", False),  # "Stand" is the German noun, capitalised
        # days counted from the fetch, and a time alone
        ("Publié aujourd'hui à 14h35, modifié à 18h02", True),
        ("Updated today at 2:35 PM", True),
        ("Aktualisiert gestern, 18:02 Uhr", True),
        ("Actualizado hoy a las 14:35", True),
        ("Updated 14:35", False),  # no day: it would be another time every day
        ("Updated 2.50 million figures", False),
        ("Posted 2 photos at 10:30 am", False),
        ("Updated 3 times since 10:00", False),
        ("Published today was the council's long-awaited report on the flood barrier", False),
    ],
)
def test_is_stamp_line(line: str, is_stamp: bool) -> None:
    assert is_stamp_line(line) is is_stamp


def page(head: str = "", body: str = "") -> str:
    paragraph = "<p>The council met for three hours, and members argued about the budget and taxes.</p>"
    article = f"<article><h1>Title</h1>{body}{paragraph * 3}</article>"
    return f"<html><head>{head}</head><body>{article}</body></html>"


SOURCES = [
    ("meta", page(head='<meta property="article:modified_time" content="2025-03-28T21:42:00Z">')),
    (
        "jsonld @graph",
        page(
            head='<script type="application/ld+json">{"@context":"https://schema.org","@graph":'
            '[{"@type":"WebSite"},{"@type":"NewsArticle","dateModified":"2025-03-28T23:42:00+02:00"}]}'
            "</script>"
        ),
    ),
    ("time element", page(body='<time itemprop="dateModified" datetime="2025-03-28T17:42-04:00">x</time>')),
    ("visible text", page(body="<p>Updated 5:42 PM EDT, March 28, 2025</p>")),
    ("visible label", page(body="<div>Last modified on 28 March 2025 at 21:42 GMT</div>")),
    (
        "visible time element",
        page(body='<div>Updated: <time datetime="2025-03-28T21:42:00Z">3/28/2025</time></div>'),
    ),
]


@pytest.mark.parametrize(("source", "html"), SOURCES, ids=[s[0] for s in SOURCES])
def test_every_source_states_the_same_utc_time(source: str, html: str) -> None:
    article = extract(html)
    assert article.updated_at == "2025-03-28T21:42:00Z", source
    assert all("Updated" not in p and "modified" not in p for p in article.paragraphs)


def test_one_line_with_both_labels_states_both_times() -> None:
    html = page(
        body="<p>Published 1:05 PM EDT, March 28, 2025 | Updated "
        '<time datetime="2025-03-29T01:47:00Z">9:47 PM EDT, March 28, 2025</time></p>'
    )
    article = extract(html)
    assert article.published_at == "2025-03-28T17:05:00Z"
    assert article.updated_at == "2025-03-29T01:47:00Z"
    assert article.updated_source is not None and article.updated_source.startswith("visible-time")
    kinds = {(s.kind, s.source) for s in article.stated_times}
    assert ("updated", "visible-time") in kinds and ("published", "visible") in kinds
    assert ("published", "visible-time") not in kinds  # the <time> follows the "Updated" label


def test_visible_line_wins_over_a_stale_meta_stamp() -> None:
    html = page(
        head='<meta property="article:modified_time" content="2025-03-28T20:00:00Z">',
        body="<p>Updated 9:47 PM EDT, March 28, 2025</p>",
    )
    article = extract(html)
    assert article.updated_at == "2025-03-29T01:47:00Z"
    assert article.updated_source is not None and "sources disagree" in article.updated_source


@pytest.mark.parametrize(
    ("meta", "line", "expected"),
    [
        # a time without a zone: the page's own offset
        ("2025-03-28T21:42:00+05:30", "Updated: March 28, 2025, 9:42 PM", "2025-03-28T16:12:00Z"),
        # India's, Israel's or Ireland's IST: the page's offset tells which
        ("2025-03-28T21:42:00+05:30", "Updated: March 28, 2025, 9:42 PM IST", "2025-03-28T16:12:00Z"),
        ("2025-03-28T21:42:00+02:00", "Updated: March 28, 2025, 9:42 PM IST", "2025-03-28T19:42:00Z"),
        ("2025-03-28T16:12:00Z", "Updated: March 28, 2025, 9:42 PM IST", "2025-03-28T16:12:00Z"),
        # a <time datetime> without a zone, in a relative line: the page's offset too
        (
            "2025-03-28T17:42:00-04:00",
            'Updated <time datetime="2025-03-28T17:42:00">5 minutes ago</time>',
            "2025-03-28T21:42:00Z",
        ),
    ],
)
def test_a_line_is_read_in_the_zone_of_the_pages_own_times(meta: str, line: str, expected: str) -> None:
    html = page(head=f'<meta property="article:modified_time" content="{meta}">', body=f"<p>{line}</p>")
    article = extract(html)
    assert article.updated_at == expected
    assert article.updated_source is not None and "disagree" not in article.updated_source


def test_a_french_page_without_machine_times_states_them_in_paris_time() -> None:
    html = page(body="<p>Publié le 12 mars 2026 à 14h35, modifié le 12 mars 2026 à 18h02</p>")
    article = extract(html.replace("<html>", '<html lang="fr">'), "https://www.example.com/a")
    assert (article.published_at, article.updated_at) == ("2026-03-12T13:35:00Z", "2026-03-12T17:02:00Z")
    quebec = extract(html.replace("<html>", '<html lang="fr-CA">'), "https://www.example.com/a")
    assert quebec.updated_at == "2026-03-12T18:02:00Z"  # Canada has several zones: UTC, as stated


@pytest.mark.parametrize(
    ("lang", "lines", "published", "updated", "byline"),
    [
        (
            "it-IT",
            "<p>di Giulia Ferrante</p><p>Pubblicato il 12 marzo 2026 alle 09:10</p>"
            "<p>Ultimo aggiornamento: 12/03/2026 18:45</p>",
            "2026-03-12T08:10:00Z",
            "2026-03-12T17:45:00Z",
            "Giulia Ferrante",
        ),
        (
            "pt-BR",
            "<p>Por Mariana Couto e Jo\u00e3o Lima</p><p>Publicado em 12/03/2026 \u00e0s 14h20</p>"
            "<p>Atualizado em 12/03/2026 \u00e0s 18h45</p>",
            "2026-03-12T17:20:00Z",
            "2026-03-12T21:45:00Z",
            "Mariana Couto e Jo\u00e3o Lima",
        ),
        (
            "sv",
            "<p>Av Karin Lindqvist och Oskar Hedin</p><p>Publicerad 12 mars 2026 kl. 09.14</p>"
            "<p>Uppdaterad i dag kl. 14.32</p>",
            "2026-03-12T08:14:00Z",
            "2026-03-12T13:32:00Z",
            "Karin Lindqvist och Oskar Hedin",
        ),
        (
            "nb",
            "<p>Av Karin Lindqvist og Oskar Hedin</p><p>Publisert 12. mars 2026 kl. 09.14</p>"
            "<p>Oppdatert 12. juli 2026 kl. 14.32</p>",
            "2026-03-12T08:14:00Z",
            "2026-07-12T12:32:00Z",
            "Karin Lindqvist og Oskar Hedin",
        ),
        (
            "pl",
            "<p>Opublikowano: 12.03.2026, 09:14</p><p>Aktualizacja: dzisiaj, 14:32</p>",
            "2026-03-12T08:14:00Z",
            "2026-03-12T13:32:00Z",
            "",
        ),
        (
            "es-MX",
            "<p>12 de marzo de 2026, 09:14 hrs</p><p>Actualizado el 12 de marzo de 2026 a las 14:32 hrs</p>",
            None,  # (a date alone on its line is no body text, and states no kind of time)
            "2026-03-12T20:32:00Z",  # Mexico City: UTC-6 all year
            "",
        ),
    ],
)
def test_stamps_and_bylines_in_the_pages_language(
    lang: str, lines: str, published: str | None, updated: str, byline: str
) -> None:
    """Day-first numeric dates, "18h45", "kl. 14.32", "i dag" (today: the day of the fetch), and
    the zone of the page's country (Rome, Brasília, Stockholm, Oslo)."""
    html = page(body=lines + "<p>Il fiume \u00e8 salito ancora, o rio subiu de novo, disse.</p>")
    fetched = datetime(2026, 3, 12, 16, 0, tzinfo=UTC)
    article = extract(html.replace("<html>", f'<html lang="{lang}">'), "https://www.example.com/a", fetched)
    assert (article.published_at, article.updated_at) == (published, updated)
    assert article.byline == byline
    # the byline and stamp lines are not body text
    assert article.paragraphs[0].startswith("Il fiume") and not any("2026" in p for p in article.paragraphs)


@pytest.mark.parametrize(
    ("lines", "published", "updated"),
    [
        (
            "<p>Gepubliceerd: 12 maart 2026, 09:14</p><p>Aangepast: 12 maart 2026, 14:32</p>",
            "2026-03-12T08:14:00Z",
            "2026-03-12T13:32:00Z",
        ),
        (
            "<p>Geplaatst op 12 mrt 2026 om 09.14 uur</p><p>Laatst bijgewerkt op 12 juli 2026 om 14:32</p>",
            "2026-03-12T08:14:00Z",
            "2026-07-12T12:32:00Z",  # summer time
        ),
        (
            "<p>Gepubliceerd vandaag om 09:14</p><p>Bijgewerkt vandaag om 14:32</p>",
            "2026-03-12T08:14:00Z",
            "2026-03-12T13:32:00Z",
        ),
    ],
)
def test_dutch_stamps_are_read_in_amsterdam_time(lines: str, published: str, updated: str) -> None:
    html = page(
        body="<p>Door Sanne de Vries</p>"
        + lines
        + "<p>De dijk wordt later versterkt, zegt het waterschap.</p>"
    )
    fetched = datetime(2026, 3, 12, 16, 0, tzinfo=UTC)
    article = extract(html.replace("<html>", '<html lang="nl">'), "https://www.example.nl/a", fetched)
    assert (article.published_at, article.updated_at) == (published, updated)
    assert article.byline == "Sanne de Vries"
    assert article.paragraphs[0] == "De dijk wordt later versterkt, zegt het waterschap."
    assert not any("2026" in p or "om" in p.split() for p in article.paragraphs)


def test_a_german_page_without_machine_times_states_them_in_german_time() -> None:
    """A regional German page: no meta tags, "Stand: ... Uhr" as the article's last line."""
    html = page(
        body="<p>Von Anna Schmidt</p><p>Veröffentlicht am 12.03.2026, 09:10 Uhr</p>"
        "<p>Die Brücke bleibt gesperrt, teilte die Stadt mit.</p><p>Stand: 12.07.2026 14:35 Uhr</p>"
    ).replace("<html>", '<html lang="de">')
    article = extract(html, "https://www.leine-kurier.de/lokales/bruecke")
    assert article.published_at == "2026-03-12T08:10:00Z"  # CET
    assert article.updated_at == "2026-07-12T12:35:00Z"  # CEST
    assert article.byline == "Anna Schmidt"
    assert not any("Stand" in p or "Anna Schmidt" in p or "Uhr" in p for p in article.paragraphs)


@pytest.mark.parametrize(
    ("html_open", "head", "url", "expected"),
    [
        ('<html lang="en-IE">', "", "https://news.example.com/a", "2025-07-01T20:42:00Z"),
        ('<html lang="en">', '<meta property="og:locale" content="en_IE">', "", "2025-07-01T20:42:00Z"),
        ('<html lang="en">', "", "https://www.example.ie/a", "2025-07-01T20:42:00Z"),
        ("<html>", "", "https://www.example.co.il/a", "2025-07-01T19:42:00Z"),
        ('<html lang="he">', "", "https://news.example.com/a", "2025-07-01T19:42:00Z"),
        ('<html lang="en">', "", "https://news.example.com/a", "2025-07-01T16:12:00Z"),  # India's
        ('<html lang="en-IN">', "", "https://www.example.ie/a", "2025-07-01T16:12:00Z"),  # tag first
        # the page's own offset still wins over its country
        (
            '<html lang="en-IE">',
            '<meta property="article:published_time" content="2025-07-01T08:00:00+05:30">',
            "https://www.example.ie/a",
            "2025-07-01T16:12:00Z",
        ),
    ],
)
def test_a_pages_country_reads_ist_when_its_times_carry_no_offset(
    html_open: str, head: str, url: str, expected: str
) -> None:
    html = page(head=head, body="<p>Updated: July 1, 2025, 9:42 PM IST</p>").replace("<html>", html_open)
    assert extract(html, url).updated_at == expected


# Every label the stamp lines know, as written on pages (see stamps._LABELS).
LABELS = [
    "last updated", "updated", "last modified", "modified", "last edited", "edited", "revised",
    "first published", "published", "posted", "originally published", "mis à jour", "mis a jour",
    "publié", "publie", "aktualisiert", "veröffentlicht", "veroffentlicht", "actualizado", "publicado",
    "zuletzt aktualisiert", "geändert", "geandert", "zuletzt geändert", "erstellt", "Stand", "modifié",
    "modifie", "última actualización", "ultima actualizacion", "aggiornato", "aggiornata",
    "ultimo aggiornamento", "pubblicato", "pubblicata", "modificato", "atualizado", "atualizada",
    "última atualização", "ultima atualizacao", "publicada", "gepubliceerd", "bijgewerkt",
    "laatst bijgewerkt", "aangepast", "gewijzigd", "geplaatst", "publicerad", "publiceret", "publisert",
    "uppdaterad", "senast uppdaterad", "opdateret", "oppdatert", "opublikowano", "aktualizacja",
    "zaktualizowano", "data publikacji", "data aktualizacji", "оновлено", "опубліковано",
    "обновлено", "опубликовано", "дата публікації", "آخر تحديث", "تحديث", "تاريخ النشر", "نشر", "نُشر",
    "更新", "更新日時", "最終更新", "公開", "配信", "掲載", "发布", "發布", "發佈", "更新时间", "입력", "수정",
    "güncelleme", "son güncelleme", "yayınlanma", "yayın tarihi", "giriş", "oluşturulma",
    "עודכן", "עודכן לאחרונה", "פורסם", "תאריך פרסום", "प्रकाशित", "अपडेटेड", "अपडेट", "संशोधित",
]  # fmt: skip


@given(
    label=st_.sampled_from(LABELS),
    flips=st_.lists(st_.booleans(), min_size=30, max_size=30),
    before=st_.text(max_size=20),
    after=st_.text(max_size=20),
)
def test_the_quick_label_test_agrees_with_the_label_pattern(
    label: str, flips: list[bool], before: str, after: str
) -> None:
    """``has_label`` rejects text cheaply before the regex: it must never reject a label the
    regex finds, in any mix of upper and lower case."""
    mixed = "".join(c.upper() if up else c for c, up in zip(label, flips, strict=False))
    for text in (f"{before} {mixed}: {after}", mixed, f"{before}{mixed}{after}"):
        assert has_label(text) == bool(MAY_BE_STAMP.search(text))


BODY = "<p>" + "The council voted on Tuesday to approve the new budget for next year. " * 3 + "</p>"


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("<p><b>Up</b>dated March 3, 2025</p>", "updated"),
        ("<p><span>Pub</span>lished: March 3, 2025</p>", "published"),  # a drop cap
        ("<p>Publish<i>ed</i> March 3, 2025</p>", "published"),
        ("<p>Up<wbr>dated March 3, 2025</p>", "updated"),
        ("<p><span>V</span>eröffentlicht am 3. März 2025</p>", "published"),
    ],
)
def test_a_label_split_by_markup_is_still_a_stamp_line(line: str, kind: str) -> None:
    """The line is read as a whole, as the reader sees it, whatever markup cuts its label."""
    article = extract(f"<html><body><article><h1>Budget</h1>{line}{BODY}</article></body></html>")
    stated = article.updated_at if kind == "updated" else article.published_at
    assert stated == "2025-03-03T00:00:00Z"
    assert len(article.paragraphs) == 1  # the line is not body text


def test_many_labelled_entries_cost_a_bounded_number_of_node_lookups(monkeypatch: pytest.MonkeyPatch) -> None:
    """A live blog with thousands of "Updated ..." entries: each lookup of a text node by
    position walks the page from the start, so beyond a few they are fetched at once (this
    was quadratic: 23 s for a 560 KB page)."""
    import watcher.extract as ex

    calls = 0
    real = ex.NTH_TEXT

    def counting(doc: object, n: int) -> object:
        nonlocal calls
        calls += 1
        return real(doc, n=n)

    monkeypatch.setattr(ex, "NTH_TEXT", counting)
    items = "".join(
        f"<li><a href='/{i}'>Story {i}</a> <span>Updated 2 hours ago</span></li>" for i in range(3000)
    )
    article = extract(f"<html><body><h1>Live</h1>{BODY}<ul>{items}</ul></body></html>")
    assert article.paragraphs and calls <= ex._LOOKUPS


def test_every_label_holds_a_hint() -> None:
    """The split-label search looks only near these pieces of labels."""
    from watcher.extract.stamps import LABEL_HINTS

    for label in LABELS:
        assert any(hint in label.lower() for hint in LABEL_HINTS), label


RELATIVE = [
    ("Updated 5 minutes ago", True),
    ("2 hours ago", True),
    ("Last updated: 47 min ago", True),
    ("By Jane Doe, 3 hours ago", True),
    ("By Jane Doe and John Roe \u00b7 4h ago", True),
    ("Published 2 hrs ago | Updated 5 mins ago", True),
    ("UPDATED AN HOUR AGO", True),
    ("just now", True),
    ("Mis \u00e0 jour il y a 3 heures", True),
    ("Aktualisiert vor 5 Minuten", True),
    ("Actualizado hace 2 horas", True),
    # with what often stands around the time: sources, names, reading times
    ("Updated 10 minutes ago - Source: Reuters", True),
    ("3 hours ago \u00b7 4 min read", True),
    ("Posted 45 minutes ago by Jane", True),
    ("Jane Doe \u00b7 3h ago", True),
    ("By Jane Doe, CNN \u00b7 3 hours ago", True),
    ("By Jean de la Fontaine, 3 hours ago", True),
    ("about 2 hours ago", True),
    ("less than a minute ago", True),
    ("Updated 2h", True),
    ("Last updated: 47 min ago", True),
    ("vor 1 Stunde", True),
    ("vor einer Stunde", True),
    ("il y a une heure", True),
    ("il y a 2 semaines", True),
    ("hace un d\u00eda", True),
    ("Actualizado hace 3 meses", True),
    ("Aggiornato 5 minuti fa", True),
    ("un'ora fa", True),
    ("Atualizado h\u00e1 2 horas", True),
    ("Por Mariana Couto e Jo\u00e3o Lima, h\u00e1 3 dias", True),
    ("Bijgewerkt 5 minuten geleden", True),
    ("Aktualizacja 2 godziny temu", True),
    ("Most zamknięto 2 godziny temu, powiedział rzecznik.", False),
    ("Door Sanne de Vries en Bram Schouten, 2 uur geleden", True),
    ("De dijk brak 3 uur geleden, zegt de politie.", False),
    ("Il treno \u00e8 partito 3 ore fa da Milano.", False),
    ("O barco afundou h\u00e1 2 horas, disse a pol\u00edcia.", False),
    ("2 hours ago a fire broke out", False),
    ("Three hours ago, the ship sank.", False),
    ("Updated 2 hours later, the report said", False),
    ("The fire started 3 hours ago, officials said.", False),
    ("By the time police arrived 20 minutes ago", False),
    ("Updated guidance was issued 3 days ago by the ministry.", False),
    ("By Jane Doe", False),
]


@pytest.mark.parametrize(("line", "relative"), RELATIVE, ids=[r[0] for r in RELATIVE])
def test_is_relative_stamp_line(line: str, relative: bool) -> None:
    assert is_relative_stamp_line(line) is relative


def test_a_relative_line_states_the_machine_time_it_holds() -> None:
    html = page(body='<p>Updated <time datetime="2025-03-28T21:42:00Z">5 minutes ago</time></p>')
    article = extract(html)
    assert article.updated_at == "2025-03-28T21:42:00Z"
    assert article.updated_source is not None and article.updated_source.startswith("visible-time")
    assert not any("ago" in p for p in article.paragraphs)


ARTICLE_BODY = (
    "<div class='article-body'><p>Authorities have downgraded an emergency warning for a bushfire north of "
    "the city after heavy rain fell overnight.</p><p>Residents who left their homes on Tuesday have been "
    "told they can return, but should remain alert.</p></div>"
)


@pytest.mark.parametrize(
    "around",
    [
        "<div class='rail'><div class='card'><h3><a href='/n1'>Rates rise</a></h3>"
        "<p class='card-meta'>Updated 05/03/2026 9:40pm</p></div></div>",
        "<div class='breaking-ticker'><a href='/n1'>Rates rise</a> <span>Published 05/03/2026 21:40</span></div>",
    ],
    ids=["a rail's teaser card after the article", "a ticker above it"],
)
def test_another_storys_time_outside_the_article_is_not_the_articles(around: str) -> None:
    article = (
        "<article><h1>Bushfire warning downgraded</h1><p class='article-date'>Published 04/03/2026 7:15am</p>"
        f"{ARTICLE_BODY}</article>"
    )
    html = f"<html lang='en-GB'><body>{around}<div class='main'>{article}</div>{around}</body></html>"
    a = extract(html)
    assert a.published_at == "2026-03-04T07:15:00Z" and a.updated_at is None


def test_a_line_above_the_article_counts_when_the_article_states_no_time() -> None:
    html = (
        "<html lang='en-GB'><body><header><h1>Bushfire warning downgraded</h1>"
        "<p>Published 04/03/2026 7:15am</p></header>"
        f"<article>{ARTICLE_BODY}</article></body></html>"
    )
    assert extract(html).published_at == "2026-03-04T07:15:00Z"


def test_two_stamps_in_elements_with_no_space_between_are_two() -> None:
    line = "<ul><li><span>Published March 11, 2026</span><span>Updated March 12, 2026, 10:02 a.m. ET</span></li></ul>"
    a = extract(
        f"<html lang='en-US'><body><article><h1>Storm</h1>{line}{ARTICLE_BODY}</article></body></html>"
    )
    assert a.published_at == "2026-03-11T00:00:00Z" and a.updated_at == "2026-03-12T14:02:00Z"


def test_a_stamp_after_a_byline_on_its_line_is_read() -> None:
    line = "<div class='byline'>By Sarah Lindqvist | Updated March 11, 2026 at 4:12 p.m. EDT</div>"
    a = extract(
        f"<html lang='en-US'><body><article><h1>Storm</h1>{line}{ARTICLE_BODY}</article></body></html>"
    )
    assert a.updated_at == "2026-03-11T20:12:00Z" and a.byline == "Sarah Lindqvist"


def test_teaser_articles_do_not_outweigh_the_pages_own_line() -> None:
    """The body outside every ``<article>``, teaser cards in ``<article>``s: the page's own line
    is the article's time, not a teaser's."""
    teaser = "<article><h3><a href='/x'>Rates rise</a></h3><p>Updated: March 1, 2026 9:00 a.m.</p></article>"
    html = (
        "<html lang='en-US'><body><h1>Storm</h1><div class='meta'>Updated: March 12, 2026 4:00 p.m.</div>"
        f"<div class='story'>{ARTICLE_BODY}</div><div class='rail'>{teaser}{teaser}</div></body></html>"
    )
    assert extract(html).updated_at == "2026-03-12T16:00:00Z"


def test_a_header_above_the_article_gives_the_kind_the_article_lacks() -> None:
    html = (
        "<html lang='en-US'><body><header><h1>Storm</h1><div>Updated: March 12, 2026 4:00 p.m.</div></header>"
        f"<article><p>Published: March 10, 2026 9:00 a.m.</p>{ARTICLE_BODY}</article></body></html>"
    )
    a = extract(html)
    assert a.published_at == "2026-03-10T09:00:00Z" and a.updated_at == "2026-03-12T16:00:00Z"


def test_comments_below_the_post_do_not_outweigh_it() -> None:
    """A blog post in an ``<article>``, a long thread of comments outside it: the post is still
    the page's article, and its line gives the time, not a commenter's."""
    comment = (
        "<li class='comment'><div class='comment-meta'>Posted March 14, 2026 at 9:00 a.m.</div>"
        "<p>I have lived here for thirty years and I have never seen the river this high before.</p>"
        "<p>The council should have cleared the drains last autumn, as everyone told them to.</p></li>"
    )
    html = (
        "<html lang='en-US'><body><article class='post'><h1>Storm</h1>"
        f"<p>Published: March 10, 2026 9:00 a.m.</p>{ARTICLE_BODY}</article>"
        f"<div id='comments'><ol class='commentlist'>{comment * 6}</ol></div></body></html>"
    )
    assert extract(html).published_at == "2026-03-10T09:00:00Z"


LIVE_ENTRY = (
    "<article class='entry'><p>{label} March 12, 2026 {h}:00 p.m.</p>"
    "<p>Crews are still working to restore power to homes along the coast, officials said.</p>"
    "<p>The river is expected to peak overnight, and residents have been told to stay away.</p></article>"
)


def live_blog(hours: tuple[int, ...], after: str = "", label: str = "Updated:", header: bool = True) -> str:
    """A live blog: a header with its publication, then an entry stamped at each hour p.m."""
    meta = "<div class='meta'>Published: March 12, 2026 9:00 a.m.</div>" if header else ""
    entries = "".join(LIVE_ENTRY.format(h=h, label=label) for h in hours)
    return (
        f"<html lang='en-US'><body><main><h1>Live: Storm</h1>{meta}"
        f"<div class='entries'>{entries}</div></main>{after}</body></html>"
    )


def test_the_entries_of_a_live_blog_are_the_article_together() -> None:
    """A live blog's entries, each an ``<article>``, none of them half the page: together they
    are the article, their lines give its update, and the header above them its publication."""
    html = live_blog(
        (4, 3, 2, 1),
        "<div class='more'><p>Other news: the budget passed on Monday after a debate that lasted hours.</p></div>",
    )
    a = extract(html)
    assert a.published_at == "2026-03-12T09:00:00Z" and a.updated_at == "2026-03-12T16:00:00Z"


def test_a_section_link_in_the_header_above_the_article_keeps_its_line() -> None:
    """A kicker linking to the section ("Politics") does not make the header a teaser card:
    its line still gives the kind of time the article lacks."""
    html = (
        "<html lang='en-US'><body><header><a class='kicker' href='/politics'>Politics</a><h1>Storm</h1>"
        "<div>Updated: March 12, 2026 4:00 p.m.</div></header>"
        f"<article><p>Published: March 10, 2026 9:00 a.m.</p>{ARTICLE_BODY}</article></body></html>"
    )
    a = extract(html)
    assert a.published_at == "2026-03-10T09:00:00Z" and a.updated_at == "2026-03-12T16:00:00Z"


def test_a_teaser_card_before_the_article_gives_no_time() -> None:
    teaser = "<div class='card'><h3><a href='/other'>Rates rise</a></h3><p>Updated: March 1, 2026 9:00 a.m.</p></div>"
    html = (
        f"<html lang='en-US'><body>{teaser}<article><h1>Storm</h1>"
        f"<p>Published: March 10, 2026 9:00 a.m.</p>{ARTICLE_BODY}</article></body></html>"
    )
    assert extract(html).updated_at is None


def test_a_section_of_teaser_cards_is_not_taken_for_a_live_blog() -> None:
    """Cards for other stories side by side (their headings link away) outweigh the body outside
    them: they are still teasers, and the page's own line gives the time."""
    card = (
        "<article class='card'><h2><a href='/s{i}'>Story {i} headline here</a></h2>"
        "<p>Updated: March {d}, 2026 9:00 a.m.</p>"
        "<p>A summary of story {i} that runs for a sentence or two, as teasers do on a section page.</p></article>"
    )
    html = (
        "<html lang='en-US'><body><main><h1>Storm</h1><div class='meta'>Updated: March 12, 2026 4:00 p.m.</div>"
        f"<div class='story'>{ARTICLE_BODY}</div>"
        f"<section class='more'>{''.join(card.format(i=i, d=i + 1) for i in range(6))}</section></main></body></html>"
    )
    assert extract(html).updated_at == "2026-03-12T16:00:00Z"


@pytest.mark.parametrize("link", ["#post-", "/live/storm?post=", "https://news.example/live/storm#p"])
def test_live_blog_entries_in_wrappers_are_the_article_together(link: str) -> None:
    """Entries in wrappers, their headings linking to themselves on the live page."""
    entry = (
        "<div class='wrap'><article class='entry'><h2><a href='{link}{h}'>Power cuts</a></h2>"
        "<p>Updated: March 12, 2026 {h}:00 p.m.</p>"
        "<p>Crews are still working to restore power to homes along the coast, officials said.</p>"
        "<p>The river is expected to peak overnight, and residents have been told to stay away.</p></article></div>"
    )
    html = (
        "<html lang='en-US'><body><main><h1>Live: Storm</h1>"
        "<div class='meta'>Published: March 12, 2026 9:00 a.m.</div>"
        f"<div class='entries'>{''.join(entry.format(h=h, link=link) for h in (4, 3, 2, 1))}</div></main></body></html>"
    )
    a = extract(html)
    assert a.published_at == "2026-03-12T09:00:00Z" and a.updated_at == "2026-03-12T16:00:00Z"


def test_a_headline_linked_to_its_own_story_keeps_the_headers_line() -> None:
    html = (
        "<html lang='en-US'><body><header><h1><a href='/storm'>Storm</a></h1>"
        "<div>Updated: March 12, 2026 4:00 p.m.</div></header>"
        f"<article><p>Published: March 10, 2026 9:00 a.m.</p>{ARTICLE_BODY}</article></body></html>"
    )
    assert extract(html).updated_at == "2026-03-12T16:00:00Z"


def test_a_teaser_card_with_a_read_more_link_before_the_article_gives_no_time() -> None:
    teaser = (
        "<div class='card'><h3>Rates rise</h3><p>Updated: March 1, 2026 9:00 a.m.</p>"
        "<a href='/other'>Read more \u00bb</a></div>"
    )
    html = (
        f"<html lang='en-US'><body>{teaser}<article><h1>Storm</h1>"
        f"<p>Published: March 10, 2026 9:00 a.m.</p>{ARTICLE_BODY}</article></body></html>"
    )
    assert extract(html).updated_at is None


@pytest.mark.parametrize("href", ["https://news.example/2026/03/12/storm", "/2026/03/12/storm"])
def test_a_long_headline_linked_to_the_page_itself_keeps_the_headers_line(href: str) -> None:
    """The headline is most of the header's text, and links to the page's own address."""
    html = (
        "<html lang='en-US'><head><link rel='canonical' href='https://news.example/2026/03/12/storm'></head>"
        f"<body><header><h1><a href='{href}'>Storm batters the coast as thousands lose power overnight</a></h1>"
        "<div>Updated: March 12, 2026 4:00 p.m.</div></header>"
        f"<article><p>Published: March 10, 2026 9:00 a.m.</p>{ARTICLE_BODY}</article></body></html>"
    )
    assert extract(html).updated_at == "2026-03-12T16:00:00Z"


def test_a_body_named_as_a_sidebar_does_not_hide_the_article() -> None:
    """``<body class="sidebar-content">`` around a post and a long comment thread: the post is
    still the article, and its line gives the time."""
    comment = (
        "<li class='comment'><div class='comment-meta'>Posted March 14, 2026 at 9:00 a.m.</div>"
        "<p>I have lived here for thirty years and I have never seen the river this high before.</p>"
        "<p>The council should have cleared the drains last autumn, as everyone told them to.</p></li>"
    )
    html = (
        "<html lang='en-US'><body class='sidebar-content'><article class='post'><h1>Storm</h1>"
        f"<p>Published: March 10, 2026 9:00 a.m.</p>{ARTICLE_BODY}</article>"
        f"<div id='comments'><ol class='commentlist'>{comment * 6}</ol></div></body></html>"
    )
    assert extract(html).published_at == "2026-03-10T09:00:00Z"


@pytest.mark.parametrize(
    ("head", "url"),
    [
        ("<link rel='canonical' href='https://news.example/live/storm'>", ""),
        ("", "https://news.example/live/storm"),
    ],
    ids=["canonical link", "page address"],
)
def test_live_blog_entries_linking_to_permalinks_under_the_page_are_the_article(head: str, url: str) -> None:
    entry = (
        "<article class='entry'><h2><a href='/live/storm/post/{h}'>Power cuts</a></h2>"
        "<p>Updated: March 12, 2026 {h}:00 p.m.</p>"
        "<p>Crews are still working to restore power to homes along the coast, officials said.</p>"
        "<p>The river is expected to peak overnight, and residents have been told to stay away.</p></article>"
    )
    html = (
        f"<html lang='en-US'><head>{head}</head><body><main><h1>Live: Storm</h1>"
        "<div class='meta'>Published: March 12, 2026 9:00 a.m.</div>"
        f"<div class='entries'>{''.join(entry.format(h=h) for h in (4, 3, 2, 1))}</div></main></body></html>"
    )
    a = extract(html, url)
    assert a.published_at == "2026-03-12T09:00:00Z" and a.updated_at == "2026-03-12T16:00:00Z"


def test_a_live_blog_written_oldest_first_is_updated_at_its_latest_entry() -> None:
    a = extract(live_blog((1, 2, 3, 4)))
    assert a.published_at == "2026-03-12T09:00:00Z" and a.updated_at == "2026-03-12T16:00:00Z"
    assert a.updated_source is not None and "latest" in a.updated_source


@pytest.mark.parametrize("label", ["Posted", "Published"])
@pytest.mark.parametrize("header", [True, False], ids=["with a header's line", "without"])
def test_a_live_blogs_posted_entries_are_its_updates(label: str, header: bool) -> None:
    """Each entry's "Posted" line is an update of the page: the page was published when its
    header says (else with its first entry), and updated with its newest entry."""
    a = extract(live_blog((4, 3, 2, 1), label=label, header=header))
    assert a.published_at == ("2026-03-12T09:00:00Z" if header else "2026-03-12T13:00:00Z")
    assert a.updated_at == "2026-03-12T16:00:00Z"


@pytest.mark.parametrize("href", ["storm/post/{h}", "../live/storm/post/{h}"])
def test_relative_permalinks_are_read_from_the_pages_address(href: str) -> None:
    entry = LIVE_ENTRY.replace(
        "<article class='entry'>", f"<article class='entry'><h2><a href='{href}'>Power cuts</a></h2>"
    )
    html = (
        "<html lang='en-US'><body><main><h1>Live: Storm</h1>"
        "<div class='meta'>Published: March 12, 2026 9:00 a.m.</div>"
        f"<div class='entries'>{''.join(entry.format(h=h, label='Updated:') for h in (4, 3, 2, 1))}</div></main></body></html>"
    )
    assert extract(html, "https://news.example/live/storm").updated_at == "2026-03-12T16:00:00Z"


def test_a_tracking_query_on_the_pages_address_does_not_hide_its_permalinks() -> None:
    entry = LIVE_ENTRY.replace(
        "<article class='entry'>", "<article class='entry'><h2><a href='?post={h}'>Power cuts</a></h2>"
    )
    html = (
        "<html lang='en-US'><body><main><h1>Live: Storm</h1>"
        "<div class='meta'>Published: March 12, 2026 9:00 a.m.</div>"
        f"<div class='entries'>{''.join(entry.format(h=h, label='Updated:') for h in (1, 2, 3, 4))}</div></main></body></html>"
    )
    url = "https://news.example/live/storm?utm_source=rss&utm_medium=feed"
    assert extract(html, url).updated_at == "2026-03-12T16:00:00Z"


def test_entries_linking_to_their_places_on_the_page_are_a_live_blog_without_saying_so() -> None:
    """No "live" anywhere: entries whose headings link to permalinks under the page's address
    are still a live blog's, so each "Posted" line is an update, the latest winning."""
    entry = LIVE_ENTRY.replace(
        "<article class='entry'>",
        "<article class='entry'><h2><a href='/news/storm/post/{h}'>Power cuts</a></h2>",
    )
    html = (
        "<html lang='en-US'><body><main><h1>Storm batters the coast</h1>"
        "<div class='meta'>Published: March 12, 2026 9:00 a.m.</div>"
        f"<div class='entries'>{''.join(entry.format(h=h, label='Posted') for h in (1, 2, 3, 4))}</div></main></body></html>"
    )
    a = extract(html, "https://news.example/news/storm")
    assert a.published_at == "2026-03-12T09:00:00Z" and a.updated_at == "2026-03-12T16:00:00Z"
