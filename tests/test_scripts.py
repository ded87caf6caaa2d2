"""Pages written in other scripts than Latin: Cyrillic (Ukrainian, Russian), Arabic, and
Chinese, Japanese and Korean. Stated times, body dates, quotations and word diffs."""

from __future__ import annotations

from datetime import date

import pytest

from watcher.analyse.dates import find_dates
from watcher.analyse.quotes import find_quotes
from watcher.analyse.textdiff import diff_paragraphs, minor_edits, similarity
from watcher.extract import extract
from watcher.extract.calendar import PageZone, iso_utc, parse_human
from watcher.extract.chrome import is_chrome_line
from watcher.extract.stamps import is_stamp_line

STATED = [
    # (text, country, UTC ISO)
    ("12 березня 2026, 09:14", "UA", "2026-03-12T07:14:00Z"),  # Kyiv, winter time
    ("12 марта 2026 в 14:32", "RU", "2026-03-12T11:32:00Z"),  # Moscow, UTC+3 all year
    ("12 مارس 2026، 14:32", "SA", "2026-03-12T11:32:00Z"),
    ("١٢ مارس ٢٠٢٦، ١٤:٣٢", "SA", "2026-03-12T11:32:00Z"),  # Eastern Arabic digits
    ("12 آذار/مارس 2026 14:32", "JO", "2026-03-12T11:32:00Z"),  # the Levant's two names, Amman +3
    ("2026年3月12日 14時32分", "JP", "2026-03-12T05:32:00Z"),
    ("2026年3月12日 午後2時5分", "JP", "2026-03-12T05:05:00Z"),  # in the afternoon
    ("２０２６年３月１２日　１４：３２", "JP", "2026-03-12T05:32:00Z"),  # full-width digits
    ("2026年3月12日 14:32", "CN", "2026-03-12T06:32:00Z"),
    ("2026년 3월 12일 오후 2시 32분", "KR", "2026-03-12T05:32:00Z"),
]


@pytest.mark.parametrize(("text", "country", "expected"), STATED, ids=[s[0] for s in STATED])
def test_stated_times_in_other_scripts(text: str, country: str, expected: str) -> None:
    parsed = parse_human(text, PageZone(country=country))
    assert parsed is not None and parsed.precise
    assert iso_utc(parsed.at) == expected


@pytest.mark.parametrize(
    ("line", "stamp"),
    [
        ("Оновлено: 12 березня 2026, 14:32", True),
        ("Опубліковано 12 березня 2026, 09:14", True),
        ("Обновлено 12 марта 2026 в 14:32", True),
        ("آخر تحديث: 12 مارس 2026، 14:32", True),
        ("نُشر في 12 آذار/مارس 2026", True),
        ("更新日時：2026年3月12日 14:32", True),
        ("2026年3月12日 14時32分 更新", True),  # the label after the time it labels
        ("2026年3月12日 9時14分（3月12日 14:32更新）", True),
        ("契約を更新する方針です", False),  # "renew the contract": no time
        ("Оновлено інструкцію для мешканців міста", False),
    ],
)
def test_stamp_lines_in_other_scripts(line: str, stamp: bool) -> None:
    assert is_stamp_line(line) is stamp


def test_body_dates_in_other_scripts() -> None:
    paragraphs = [
        "田中市長は3月19日に工事を始め、2026年4月1日から通行止めにすると述べました。",
        "Міст закриють у четвер, 19 березня, а рух відновлять з 1 квітня.",
        "وتبدأ الأعمال اعتبارا من 1 أبريل، وحتى يوم الخميس 19 مارس",
    ]
    found = [(d.iso, d.paragraph) for d in find_dates(paragraphs, date(2026, 3, 12), "ja")]
    expected = [("2026-03-19", 0), ("2026-04-01", 0), ("2026-03-19", 1), ("2026-04-01", 1)]
    assert sorted(found) == sorted([*expected, ("2026-04-01", 2), ("2026-03-19", 2)])


def test_japanese_quotation_marks_keep_a_nested_quote_inside() -> None:
    quotes = find_quotes(["田中一郎市長は「来週から工事を始める。『安全第一』で進めたい」と述べました。"])
    assert [q.text for q in quotes] == ["来週から工事を始める。『安全第一』で進めたい"]


BEFORE = "田中一郎市長は、工事の開始を以外に早く決めたと述べました。"
AFTER = "田中一郎市長は、工事の開始を意外に早く決めたと述べました。"


def test_a_one_character_fix_in_unspaced_text_is_a_minor_edit() -> None:
    """Japanese and Chinese write no spaces: each character is a token, so a mistyped kanji
    fixed is a one-token edit, not a change of the whole sentence."""
    assert minor_edits(BEFORE, AFTER) == [("以", "意")]
    assert similarity(BEFORE, AFTER) > 0.9


def test_an_edited_paragraph_in_unspaced_text_is_changed_not_replaced() -> None:
    diff = diff_paragraphs(["冒頭の段落です。", BEFORE], ["冒頭の段落です。", AFTER])
    assert diff.changed == ((1, 1),)
    assert not diff.added and not diff.removed


@pytest.mark.parametrize(
    ("line", "chrome"),
    [
        ("閲覧数 79,155", True),
        ("Переглядів: 1 204", True),
        ("12,408 views", True),
        ("Views of residents differ", False),
        ("Читайте також: Перинатальний центр отримав три нові апарати", True),
        ("اقرأ أيضاً: البلدية تعلن خطة جديدة", True),
        ("あわせて読みたい：バス路線の再編", True),
    ],
)
def test_counter_and_read_also_lines_are_chrome_in_any_language(line: str, chrome: bool) -> None:
    assert is_chrome_line(line) is chrome


def test_a_japanese_body_is_not_widened_to_the_feature_cards_below_it() -> None:
    """Japanese paragraphs have no spaces and few Latin commas: scored by their own commas
    and characters, the article's body outweighs the teaser cards in the same ``<article>``."""
    sentence = "市交通局によりますと、市営バスの運転手は去年の時点で二百人余りいましたが、採用が計画を下回り、減っています。"
    cards = "".join(
        f'<div class="card"><h3><a href="/s/{i}">特集{i}</a></h3><p>各地の現場から、移動の足を守る模索を追いました{i}。</p></div>'
        for i in range(4)
    )
    html = (
        '<html lang="ja"><body><article><h1>鳴浜市営バス 減便</h1>'
        f'<div class="article-body">{"".join(f"<p>{sentence}{i}</p>" for i in range(8))}</div>'
        f'<section class="features">{cards}</section></article></body></html>'
    )
    article = extract(html)
    assert len(article.paragraphs) == 8
    assert all(p.startswith("市交通局") for p in article.paragraphs)


@pytest.mark.parametrize(
    ("before", "after", "minor"),
    [
        (
            "ホームページでも講評しています。",
            "ホームページでも公表しています。",
            [("講評", "公表")],
        ),  # こうひょう
        ("結果は以外でした。", "結果は意外でした。", [("以", "意")]),  # one kanji: a typo by its spelling
        ("人口が増加しています。", "人口が減少しています。", []),  # increase -> decrease: news
        ("苦渋の決断です。", "断腸の思いです。", []),  # a rewording
    ],
)
def test_a_kanji_conversion_slip_is_a_minor_edit(
    before: str, after: str, minor: list[tuple[str, str]]
) -> None:
    """Japanese is typed by sound: the wrong kanji of the same reading is its commonest typo
    (readings from pykakasi, the optional extra ``watcher[ja]``, installed with the tests)."""
    assert minor_edits(before, after) == minor
