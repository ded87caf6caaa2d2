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


SPEAKERS = [
    # (case, paragraphs, [(quote start, speaker)])
    (
        "Ukrainian: a long role in the genitive, then the name",
        [
            "«Жодна жінка не залишиться без допомоги», — зазначила речниця департаменту охорони здоров’я Ірина Савчук."
        ],
        [("Жодна жінка", "Ірина Савчук")],
    ),
    (
        "Ukrainian: a capitalised place in the role is no name",
        ["«Я на восьмому місяці», — розповіла мешканка Лівобережного масиву Наталія Бондар."],
        [("Я на восьмому", "Наталія Бондар")],
    ),
    (
        "Arabic: the person after the role and title, before the circumstances",
        ["وقال رئيس البلدية المهندس حمد سالم الزعابي خلال مؤتمر صحافي: «الكورنيش القديم هو قلب المدينة»."],
        [("الكورنيش", "حمد سالم الزعابي")],
    ),
    (
        "Arabic: the attribution after the quote",
        ["«سنعمل على ثلاث ورديات»، بحسب ما أكده مدير المشروع في شركة الساحل للمقاولات المهندس طارق عيسى."],
        [("سنعمل", "طارق عيسى")],
    ),
    (
        "Arabic: an unnamed source is no name",
        ["وقال مصدر: «لن نغلق الطريق»."],
        [("لن نغلق", None)],
    ),
    (
        "Japanese: the topic of the sentence, without its title; the family name alone later",
        [
            "汐見大学の中村由紀教授は「課題は全国に共通しています」と指摘しています。",
            "中村教授は「住民と考える段階です」と話しました。",
        ],
        [("課題は", "中村由紀"), ("住民と", "中村由紀")],
    ),
    (
        "Japanese: an unnamed resident",
        [
            "北部の桜台団地に住む70代の女性は「病院に通うのに毎週バスを使っています」と不安そうに話していました。"
        ],
        [("病院に", "70代の女性")],
    ),
    (
        "Chinese: the role first, the person after the last title",
        [
            "市長陳志明12日在市政會議後受訪表示，「這次整修不是要把攤商趕走。」",
            "市場處長李國華也說，說明會將於3月17日舉辦，「我們都會在現場回答。」",
        ],
        [("這次整修", "陳志明"), ("我們都會", "李國華")],
    ),
    (
        "Chinese: 'he said' after the quote, the person named before",
        ["副教授張文彥指出，國內不少市場改建後人潮回不來。「硬體翻新只是第一步」，他說。"],
        [("硬體翻新", "張文彥")],
    ),
    (
        "Korean: the name before the title; two quotes of one sentence",
        [
            "최은호 청람시장은 이날 기자회견에서 “모든 행정력을 동원하겠다”고 말했다.",
            "강태준 시 건축안전과장은 “벽체 균열이 커지고 있다”며 “더는 살기 어렵다”이라고 설명했다.",
            "주민 이모(74) 씨는 “막막합니다”라며 눈시울을 붉혔다.",
        ],
        [
            ("모든 행정력", "최은호"),
            ("벽체 균열", "강태준"),
            ("더는 살기", "강태준"),
            ("막막합니다", "이모 씨"),
        ],
    ),
]


@pytest.mark.parametrize(("case", "paragraphs", "expected"), SPEAKERS, ids=[s[0] for s in SPEAKERS])
def test_speakers_in_scripts_without_capitals(
    case: str, paragraphs: list[str], expected: list[tuple[str, str | None]]
) -> None:
    quotes = find_quotes(paragraphs)
    assert [
        (q.text[: len(start)], q.speaker) for q, (start, _) in zip(quotes, expected, strict=True)
    ] == expected


def test_corner_brackets_around_a_name_are_no_quotation() -> None:
    paragraphs = [
        "市は今年度まとめた「なるはま地域交通再編プラン」に基づき、調整しています。",
        "市府指出，第一市場整建是「桐原老市場新生計畫」的首期工程。",
        "市長は「がんばります」と述べました。",  # short, but quoted by と: someone's words
    ]
    assert [q.text for q in find_quotes(paragraphs)] == ["がんばります"]


def test_single_marks_in_korean_set_off_terms() -> None:
    """Korean quotes speech in double marks; ‘E등급’ is a grade, not someone's words."""
    paragraphs = ["송림아파트가 정밀안전진단에서 최하위인 ‘E등급’ 판정을 받아 대피 명령이 내려졌다."]
    assert find_quotes(paragraphs) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4月1日から減らすと12日、発表しました。", ["2026-04-01", "2026-03-12"]),  # the day alone: this month
        ("今月10日の時点で181人", ["2026-03-10"]),
        ("工事は3日間続き、5日後に再開。1日あたり100便。第13日。", []),  # counts of days, not dates
        ("지난 10일 시는 오는 19일부터 다음 달 1일까지", ["2026-03-10", "2026-03-19", "2026-04-01"]),
        ("지난 28일 회의에서", ["2026-02-28"]),  # "the last 28th", on the 12th: February's
        ("지난해 12월 3일 점검에서", ["2025-12-03"]),  # "last year"
        ("去年12月3日", ["2025-12-03"]),
        ("на позачерговій сесії у вівторок ухвалили рішення", ["2026-03-10"]),
        ("Лінія працюватиме з понеділка по п’ятницю.", []),  # opening hours
        ("في مؤتمر عقده مساء الأربعاء", ["2026-03-11"]),
        ("يوم الاثنين الماضي", ["2026-03-09"]),
        ("الخميس المقبل", ["2026-03-19"]),
    ],
)
def test_days_written_without_a_month_or_by_weekday(text: str, expected: list[str]) -> None:
    """Read against a publication on Thursday 12 March 2026."""
    assert [d.iso for d in find_dates([text], date(2026, 3, 12), "xx")] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026/03/12 14:32", "2026-03-12T06:32:00Z"), ("2026.03.12 09:14", "2026-03-12T01:14:00Z")],
)
def test_dates_written_year_first(text: str, expected: str) -> None:
    parsed = parse_human(text, PageZone(country="TW"))
    assert parsed is not None and iso_utc(parsed.at) == expected


def test_the_sites_own_name_as_author_is_no_byline() -> None:
    """Many sites put their name in ``<meta name="author">``; the person is in JSON-LD."""
    html = (
        '<html lang="zh-Hant-TW"><head><meta property="og:site_name" content="晨光新聞網">'
        '<meta name="author" content="晨光新聞網"><script type="application/ld+json">'
        '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "林佳蓉"},'
        ' "publisher": {"@type": "Organization", "name": "晨光新聞網"}}</script></head>'
        "<body><article><p>桐原市第一市場將自4月1日起封閉整修，攤商將遷往對面的臨時市場營業。</p></article></body></html>"
    )
    assert extract(html).byline == "林佳蓉"


def test_a_reporters_address_alone_is_chrome() -> None:
    assert is_chrome_line("syeon@hanbitnews.co.kr")
    assert is_chrome_line("박서연 기자 syeon@hanbitnews.co.kr")
    assert not is_chrome_line("Write to tips@example.com with what you saw of the flood on Tuesday night")


# What a review of the first version of this support found (each case failed then).
REVIEW_SPEAKERS = [
    ("«Ми не відступимо», — заявив президент України Володимир Зеленський.", "Володимир Зеленський"),
    ("Про це заявив голова Одеської ОВА Олег Кіпер: «Все під контролем».", "Олег Кіпер"),
    ("— заявил министр обороны России Андрей Белоусов: «Да».", "Андрей Белоусов"),
    ("وقال وزير الخارجية: «لن نتراجع».", None),  # a role and its body, no person
    ("وقالت وزارة الصحة في بيان: «الوضع مستقر».", None),
    ("「政府會全力支持」，行政院長卓榮泰說。", "卓榮泰"),  # the speaker after a quote opening the paragraph
    ("「はい」と小池知事は述べた。", "小池"),
    ("\u201c네\u201d고 이재명 대표는 말했다.", "이재명"),
    ("外交部發言人毛寧在記者會上說：「我們反對。」", "毛寧"),  # not the 記者 of 記者會
    ("記者会見で小池知事は「対策を急ぐ」と述べた。", "小池"),
    ("同社の広報担当者は「調査中です」と話した。", "同社の広報担当者"),
    ("鈴木さん（45）は「驚きました」と話した。", "鈴木"),
    ("서울시 관계자는 \u201c검토 중\u201d이라고 말했다.", "서울시 관계자"),
    # Latin text is read as before
    ("‘We will not back down,’ said Li Qiang (李强), China’s premier.", "Li Qiang"),
    ("« Nous avons tout fait », a confié à Ouest-France la maire, Johanna Rolland.", None),
    ("„Nie” – powiedziała Żaneta Kowalska.", "Żaneta Kowalska"),
]


@pytest.mark.parametrize(("paragraph", "speaker"), REVIEW_SPEAKERS, ids=[c[0][:24] for c in REVIEW_SPEAKERS])
def test_speakers_the_review_found(paragraph: str, speaker: str | None) -> None:
    quotes = find_quotes([paragraph])
    assert len(quotes) == 1
    assert quotes[0].speaker == speaker


@pytest.mark.parametrize(
    ("before", "after", "minor"),
    [
        ("三人が", "五人が", []),  # numbers, verdicts, morning/afternoon: one character, news
        ("有罪判決", "無罪判決", []),
        ("午前中に", "午後中に", []),
        ("延期する", "延長する", []),
        ("我們支持政府", "我們指示政府", []),  # Japanese readings say nothing of Chinese
        ("進行的順利", "進行得順利", [("的", "得")]),  # characters Chinese writers confuse
    ],
)
def test_a_one_character_change_is_news_unless_it_is_a_known_slip(
    before: str, after: str, minor: list[tuple[str, str]]
) -> None:
    assert minor_edits(before, after) == minor


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4月28日から30日まで", ["2026-04-28", "2026-04-30"]),  # the range's month
        ("5月1日至3日", ["2026-05-01", "2026-05-03"]),
        ("1日3回、週5日勤務、過去7日、7日內、至少2日", []),  # counts of days
        ("주 5일 근무제, 최근 7일 확진자, 3일 이상", []),
        ("في 12 آذار/مارس 2024", ["2024-03-12"]),  # the year after the Levant's two month names
    ],
)
def test_days_the_review_found(text: str, expected: list[str]) -> None:
    assert [d.iso for d in find_dates([text], date(2026, 3, 12), "xx")] == expected


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("입력 2026.03.12. 오후 2:32", PageZone(country="KR"), "2026-03-12T05:32:00Z"),
        ("發布時間：2026年3月12日 下午 2:32", PageZone(country="TW"), "2026-03-12T06:32:00Z"),
        ("更新時間：2026/03/12 下午2:32", PageZone(country="TW"), "2026-03-12T06:32:00Z"),
        ("02:32 م 12 مارس 2026", PageZone(country="SA"), "2026-03-12T11:32:00Z"),
        ("تاريخ النشر: 12/03/2026 14:32", PageZone(day_first=True), "2026-03-12T14:32:00Z"),
    ],
)
def test_afternoon_marks_and_day_first_pages(text: str, zone: PageZone, expected: str) -> None:
    parsed = parse_human(text, zone)
    assert parsed is not None and iso_utc(parsed.at) == expected


@pytest.mark.parametrize("line", ["2025年3月12日 新版本正式发布", "2025年12月1日にアプリを更新"])
def test_a_dated_sentence_is_no_stamp_line(line: str) -> None:
    assert not is_stamp_line(line)


def test_a_short_article_under_a_linked_kicker_keeps_its_body() -> None:
    """One card-like block alone is the article; teaser cards come in rails of several."""
    para = "The council met on Tuesday to discuss the harbour plan, which has been debated for years."
    html = (
        '<html><body><h1>Harbour plan approved</h1><article><h3><a href="/local">Local news</a></h3>'
        f"<p>First. {para}</p><p>Second. {para}</p></article>"
        '<div class="letters"><p>I think this is great news.</p><p>Another reader letter here.</p>'
        "<p>And a third short one.</p></div></body></html>"
    )
    paragraphs = extract(html).paragraphs
    assert any(p.startswith("First.") for p in paragraphs)
    assert not any("reader letter" in p for p in paragraphs)


def test_a_site_that_is_its_own_author_keeps_its_byline() -> None:
    html = (
        '<html><head><meta name="author" content="Reuters"><meta property="og:site_name" content="Reuters">'
        '</head><body><a class="byline-logo" href="/">Home</a><article><p>'
        + "The council met on Tuesday to discuss the harbour plan. " * 3
        + "</p></article></body></html>"
    )
    assert extract(html).byline == "Reuters"


def test_a_contact_line_with_an_address_is_body() -> None:
    assert not is_chrome_line("Send tips to tips@newsroom.org")
    assert not is_chrome_line("Hinweise an: hinweise@polizei.de")


@pytest.mark.parametrize(
    ("paragraph", "texts", "speakers"),
    [
        (  # Turkish: the name before the quote, the verb after it
            "Fen İşleri Müdürü İsmail Işık ise dikkat çekerek, \u201cTrafiği yönlendireceğiz\u201d diye konuştu.",
            ["Trafiği yönlendireceğiz"],
            ["İsmail Işık"],
        ),
        (
            "Akçakavak Belediye Başkanı Mehmet Demir, \u201cBu metro hattı otuz yıllık hayalimiz\u201d dedi.",
            ["Bu metro hattı otuz yıllık hayalimiz"],
            ["Mehmet Demir"],
        ),
        (  # Hebrew: gershayim as quotation marks; the speaker after the quote, past the roles
            "״התחנה משרתת את העיר חמישים שנה״, אמר ראש העירייה אליהו בן־חמו בסיור במקום.",
            ["התחנה משרתת את העיר חמישים שנה"],
            ["אליהו בן־חמו"],
        ),
        (  # an abbreviation's mark is no quotation mark; the name after the last comma
            'העלות 64 מיליון ש"ח. "נתגבר את הצי", אמר מנכ"ל חברת דקל תחבורה, עמית גולן.',
            ["נתגבר את הצי"],
            ["עמית גולן"],
        ),
        (
            'לדברי מנהלת האגף, ענבל שטרנברג, "הסדרי התנועה ייבחנו מחדש".',
            ["הסדרי התנועה ייבחנו מחדש"],
            ["ענבל שטרנברג"],
        ),
        (  # Hindi: the agent of "said" before the quote
            "जिलाधिकारी सुधीर ओझा ने कहा, \u201cसप्लाई शुरू नहीं की जाएगी।\u201d",
            ["सप्लाई शुरू नहीं की जाएगी।"],
            ["सुधीर ओझा"],
        ),
        (  # "he said" after it: the person named before ("according to Dr ...")
            "अस्पताल के सीएमएस डॉ. नरेंद्र पाल सिंह के मुताबिक, वार्ड बनाया गया है। \u201cमरीज आ रहे हैं\u201d, उन्होंने बताया।",
            ["मरीज आ रहे हैं"],
            ["डॉ. नरेंद्र पाल सिंह"],
        ),
        (  # a campaign's name in single marks is no quotation; a quote in them is
            "इरफान ने बताया- 'घर में छह लोग हैं।' 'ऑपरेशन स्वच्छ जल' नाम से अभियान चल रहा है।",
            ["घर में छह लोग हैं।"],
            ["इरफान"],
        ),
    ],
)
def test_turkish_hebrew_and_hindi_quotes(paragraph: str, texts: list[str], speakers: list[str]) -> None:
    quotes = find_quotes([paragraph])
    assert [q.text.rstrip("।") for q in quotes] == [t.rstrip("।") for t in texts]
    assert [q.speaker for q in quotes] == speakers


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Cadde 19 Mart Perşembe günü kapanacak", "tr", ["2026-03-19"]),  # the weekday of the date
        ("1 Nisan'dan itibaren, 30 Eylül'e kadar", "tr", ["2026-04-01", "2026-09-30"]),
        ("salı günü yapılan toplantıda", "tr", ["2026-03-10"]),
        ("התחנה תיסגר ב־19 במרץ ותיפתח מ־1 באפריל", "he", ["2026-03-19", "2026-04-01"]),
        ("המועצה אישרה את התוכנית ביום שלישי", "he", ["2026-03-10"]),
        ("जो 16 मार्च तक अपनी रिपोर्ट सौंपेगी, 1 अप्रैल से", "hi", ["2026-03-16", "2026-04-01"]),
        ("सोमवार को बैठक हुई", "hi", ["2026-03-09"]),
    ],
)
def test_turkish_hebrew_and_hindi_dates(text: str, language: str, expected: list[str]) -> None:
    assert [d.iso for d in find_dates([text], date(2026, 3, 12), language)] == expected


@pytest.mark.parametrize(
    "line",
    [
        "Giriş: 12.03.2026 09:14",
        "Güncelleme: 12.03.2026 14:32",
        "פורסם: 12.03.26, 09:14",
        "עודכן: 12.03.26, 14:32",
        "प्रकाशित: 12 मार्च 2026, 09:14 AM IST",
        "अपडेटेड: 12 मार्च 2026, 02:32 PM IST",
    ],
)
def test_turkish_hebrew_and_hindi_stamp_lines(line: str) -> None:
    assert is_stamp_line(line)


def test_a_devanagari_vowel_sign_is_part_of_its_word() -> None:
    """Vowel signs are combining marks, which ``\\w`` does not take: a word split at them made
    a spelling fix two loose signs."""
    assert minor_edits("वे बिमारी के लक्षण", "वे बीमारी के लक्षण") == [("बिमारी", "बीमारी")]
