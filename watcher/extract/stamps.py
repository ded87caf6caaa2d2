"""Stated publication and update times: find every place a page states them, choose one.

Sources, in the order they win when they disagree (see the README, "Stated times: which source wins"):

1. ``visible-time``: the ``<time datetime>`` inside a visible "Updated:" / "Published:" line.
   It is exactly what the reader is shown, at machine precision.
2. ``visible``: the text of that line ("Updated 9:47 PM EDT, March 28, 2025").
3. ``meta``: ``article:modified_time`` / ``article:published_time`` and friends.
4. ``jsonld``: ``dateModified`` / ``datePublished``.
5. ``time-element``: a ``<time>`` marked as modified/published by itemprop or class.

A precise value (with a time of day) beats a bare date; a bare visible date is refined by a
precise machine-readable value on the same day. When a bare visible date disagrees with every
precise source, the visible date wins (it is what readers were told) and the choice says so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from watcher.extract._text import CJK_LETTERS, UNCASED_LETTERS, clean, trie
from watcher.extract._tree import Element
from watcher.extract.calendar import (
    CLOCK,
    MONTHS,
    RELATIVE_DAY,
    WEEKDAYS,
    ZONE_NAMES,
    PageZone,
    ParsedTime,
    iso_offset,
    iso_utc,
    parse_human,
    parse_iso,
)
from watcher.types import StatedTime

#: Chinese, Japanese and Korean labels need no space around them ("14:32更新"), and Japanese
#: writes "更新" after the time it labels
_CJK_LABELS = (
    r"最終更新日時|最終更新日|最終更新|更新日時|更新日|更新时间|更新時間|更新|公開日時|公開日|公開|"
    r"配信日時|配信|掲載日|掲載|发布时间|發布時間|發佈時間|发布|發布|發佈|최종수정|기사입력|입력|수정"
)
_LABELS = (
    r"last\s+updated|updated|last\s+modified|modified|last\s+edited|edited|revised|"
    r"first\s+published|published|posted|originally\s+published|"
    r"mis\s+[àa]\s+jour|publi[ée]|modifi[ée]|"
    r"zuletzt\s+aktualisiert|zuletzt\s+ge[äa]ndert|aktualisiert|ge[äa]ndert|ver[öo]ffentlicht|erstellt|"
    r"(?-i:Stand)|[úu]ltima\s+actualizaci[óo]n|actualizado|publicado|"
    r"ultimo\s+aggiornamento|aggiornat[oa]|pubblicat[oa]|modificat[oa]|"
    r"[úu]ltima\s+atualiza[çc][ãa]o|atualizad[oa]|publicada|"
    r"gepubliceerd|laatst\s+bijgewerkt|bijgewerkt|aangepast|gewijzigd|geplaatst|"
    r"publicerad|publiceret|publisert|senast\s+uppdaterad|uppdaterad|opdateret|oppdatert|"
    r"opublikowano|data\s+publikacji|zaktualizowano|aktualizacja|data\s+aktualizacji|"
    # (Turkish with its own letters: "giris" is no label)
    r"son\s+güncelleme|güncelleme|güncellenme|yayınlanma|yayın\s+tarihi|giriş|oluşturulma"
)
_LATIN_LABELS = _LABELS
#: labels in Cyrillic, Arabic, Hebrew and Devanagari letters
_SCRIPT_LABELS = (
    r"оновлено|опубліковано|дата\s+публікації|обновлено|опубликовано|дата\s+публикации|"
    r"آخر\s+تحديث|تاريخ\s+التحديث|تم\s+التحديث|تحديث|تاريخ\s+النشر|تم\s+النشر|نُشر|نشر|"
    r"עודכן\s+לאחרונה|עודכן|פורסם|תאריך\s+פרסום|"
    r"प्रकाशित|अपडेटेड|अपडेट|संशोधित|पब्लिश्ड"
)
_WORD_LABELS = _LATIN_LABELS + "|" + _SCRIPT_LABELS  #: the labels that are words, ending where a word ends
_LABELS = _WORD_LABELS + "|" + _CJK_LABELS
_CJK_CHAR = CJK_LETTERS
_END = r"(?:\b|(?<=[" + _CJK_CHAR + r"]))"  #: where it may end
_LABEL = re.compile(
    r"^\s*(?P<label>" + _LABELS + r")" + _END + r"(?:\s+(?:on|le|am|el|il|em|in|op|в|о|об|في|بتاريخ))?"
    r"\s*[:：]?\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
#: a line whose label ends it: "2026年3月12日 14時32分 更新", "（3月12日 14:32更新）"
_LABEL_AFTER = re.compile(
    r"^\s*[(（]?(?P<rest>.*?\d.*?)\s*(?P<label>" + _CJK_LABELS + r")\s*[)）]?\s*$", re.DOTALL
)
_CJK_LABEL = re.compile(_CJK_LABELS)
# Every label in a line: "Published 1:05 PM EDT, March 28, 2025 | Updated 9:47 PM EDT, ..."
# (the labels of words and the CJK ones in two alternatives: one alternation with the
# boundaries of both took twice as long to search text that holds neither)
_ANY_LABEL = re.compile(
    r"(?<!\w)(?P<word>" + _WORD_LABELS + r")\b|(?P<cjk>" + _CJK_LABELS + r")", re.IGNORECASE
)


def label_of(m: re.Match[str]) -> str:
    """The label an ``_ANY_LABEL`` match found."""
    return m.group("word") or m.group("cjk")


_LATIN_LABEL = re.compile(r"(?<!\w)(?:" + _LATIN_LABELS + r")\b", re.IGNORECASE)
_OTHER_LABEL = re.compile(r"(?<!\w)(?:" + _SCRIPT_LABELS + r")\b|" + _CJK_LABELS)
#: a letter of Cyrillic, Hebrew, Arabic, Devanagari, Chinese, Japanese or Korean
_OTHER_LETTERS = re.compile(f"[\u0400-\u04ff{UNCASED_LETTERS}]")


class _MayBeStamp:
    """A quick test before the full (and slower) stamp-line parsing: ``search`` as
    ``_ANY_LABEL`` does, the labels of words and the CJK ones looked for apart (searched as one
    pattern, text that holds neither took three times as long)."""

    def search(self, text: str) -> re.Match[str] | None:
        found = _LATIN_LABEL.search(text)
        if found or text.isascii() or not _OTHER_LETTERS.search(text):
            return found
        return _OTHER_LABEL.search(text)


MAY_BE_STAMP = _MayBeStamp()
#: a label, wherever it starts (the caller decides whether what comes before it is a boundary)
LABEL_ANYWHERE = re.compile(r"(?:" + _WORD_LABELS + r")\b|(?:" + _CJK_LABELS + r")", re.IGNORECASE)


#: a piece of each label, lower case (a Hypothesis test holds them to ``MAY_BE_STAMP``)
LABEL_HINTS = (
    "updat",
    "modif",
    "edit",
    "revis",
    "publi",
    "posted",
    "mis",
    "aktualis",
    "ndert",
    "ffentlicht",
    "erstellt",
    "stand",
    "actualiz",
    "aggiorna",
    "pubblica",
    "atualiz",
    "bijgewerkt",
    "aangepast",
    "gewijzigd",
    "geplaatst",
    "pdater",
    "aktualiz",
    "оновл",
    "опублік",
    "обновл",
    "опублик",
    "публік",
    "публик",
    "تحديث",
    "نشر",
    "نُشر",
    "更新",
    "公開",
    "配信",
    "掲載",
    "发布",
    "發布",
    "發佈",
    "입력",
    "수정",
    "güncel",
    "yayın",
    "yayin",  # (the regex reads "YAYINLANMA" with a dotted I as yayınlanma)
    "giriş",
    "oluştur",
    "עודכן",
    "פורסם",
    "פרסום",
    "प्रकाशित",
    "अपडेट",
    "संशोधित",
    "पब्लिश्ड",
)


def has_label(text: str) -> bool:
    """Whether ``text`` holds a label, as ``MAY_BE_STAMP`` finds it. Most text holds none, and
    substring tests reject it at half the regex's cost (written out: a loop costs more)."""
    low = text.lower()
    return (
        "updat" in low
        or "modif" in low
        or "edit" in low
        or "revis" in low
        or "publi" in low
        or "posted" in low
        or "mis" in low
        or "aktualis" in low
        or "ndert" in low
        or "ffentlicht" in low
        or "erstellt" in low
        or "stand" in low
        or "actualiz" in low
        or "aggiorna" in low
        or "pubblica" in low
        or "atualiz" in low
        or "bijgewerkt" in low
        or "aangepast" in low
        or "gewijzigd" in low
        or "geplaatst" in low
        or "pdater" in low
        or "aktualiz" in low
        or "yayin" in low
        or (
            not low.isascii()
            and _SCRIPT_CHARS.search(low) is not None
            and _OTHER_HINT.search(low) is not None
        )
    ) and MAY_BE_STAMP.search(text) is not None


#: the hints of labels in other scripts than Latin (text in Latin letters skips these)
_OTHER_SCRIPTS = tuple(hint for hint in LABEL_HINTS if not hint.isascii())
ASCII_HINTS = tuple(hint for hint in LABEL_HINTS if hint.isascii())


def hints_in(low: str) -> tuple[str, ...]:
    """The label hints that lower-case text ``low`` may hold: the Latin ones, unless it has
    letters of another script."""
    return LABEL_HINTS if not low.isascii() and _SCRIPT_CHARS.search(low) else ASCII_HINTS


#: any letter of a script whose labels are among those hints (text in Latin letters, curly
#: quotes and all, has none: one scan rejects it)
_SCRIPT_CHARS = re.compile(f"[\u00c0-\u024f\u0400-\u04ff{UNCASED_LETTERS}]")
_OTHER_HINT = re.compile("|".join(map(re.escape, _OTHER_SCRIPTS)))


#: the text nodes under an element, as plain strings, in document order
TEXTS = etree.XPath(".//text()", smart_strings=False)
#: the same, as strings that know their element (``getparent``, ``is_tail``)
TEXT_NODES = etree.XPath(".//text()")
#: the n-th of those (from 1) alone
NTH_TEXT = etree.XPath("(.//text())[$n]")

_META_UPDATED = {
    "article:modified_time",
    "og:updated_time",
    "last-modified",
    "dcterms.modified",
    "datemodified",
    "lastmod",
    "modified",
}
_META_PUBLISHED = {
    "article:published_time",
    "og:published_time",
    "pubdate",
    "publishdate",
    "dcterms.created",
    "datepublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "sailthru.date",
}
_PRIORITY = {"visible-time": 0, "visible": 1, "meta": 2, "jsonld": 3, "time-element": 4}
STAMP_MAX_CHARS = 140


def stamp_kind(label: str) -> str:
    low = label.lower()
    published = (
        *("publi", "posted", "ffentlicht", "erstellt", "pubblica", "geplaatst", "публі", "публи"),
        *("نشر", "نُشر", "公開", "配信", "掲載", "发布", "發布", "發佈", "입력"),
        *("yayın", "giriş", "oluştur", "פורסם", "פרסום", "प्रकाशित", "पब्लिश्ड"),
    )
    return "published" if any(p in low for p in published) else "updated"


def _stated(kind: str, source: str, parsed: ParsedTime | None, raw: str) -> StatedTime | None:
    if parsed is None:
        return None
    return StatedTime(
        kind=kind,
        source=source,
        value=iso_utc(parsed.at),
        precise=parsed.precise,
        raw=raw,
        zone_guessed=parsed.zone_guessed,
    )


# What a stamp line is made of besides its label: dates, times, zones and little words.
#: every month and weekday name, as one pattern (an alternation of them was tried name by name)
_DATE_WORDS = trie(sorted({*MONTHS, *WEEKDAYS}))
_STAMP_WORDS = re.compile(
    r"(?i:\b(?:" + _DATE_WORDS + r"|mon|tue|tues|wed|thu|thurs|fri|sat|sun"
    r"|[ap]\.?m\.?|at|on|le|la|las|à|am|um|uhr|de|el|h|noon|midnight|utc|gmt|z|today|yesterday|"
    r"aujourd['\u2019]hui|hier|heute|gestern|hoy|ayer|il|alle|ore|em|às|as|oggi|ieri|hoje|ontem|"
    r"om|op|uur|vandaag|gisteren|kl|klockan|den|i|dag|g[åa]r|idag|ig[åa]r|o|godz|r|dziś|dzisiaj|wczoraj|hrs|"
    + _LABELS
    + r")\b)"
    r"|\b(?:" + "|".join(ZONE_NAMES) + r")\b"
)
_FIRST_OF_STAMP = re.compile(
    r"^\s*(?:at\s+|on\s+|op\s+|om\s+|den\s+)?(?:\d|(?i:" + _DATE_WORDS + r")|"
    r"(?i:mon|tue|wed|thu|fri|sat|sun)\b|" + RELATIVE_DAY.pattern + ")",
    re.IGNORECASE,
)


#: characters of Chinese, Japanese and Korean that are no part of a date, a time or a weekday
_CJK_WORDS = re.compile(
    "(?![年月日時时分秒午前後后上下曜火水木金土년월일시분오전후요])[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]"
)


def is_stamp_line(text: str) -> bool:
    """True for a short visible line such as "Updated: 3/28/2025" that states a time.

    The label must be followed by the date (not "Updated guidance was issued on March 28"), and
    what is left besides dates, times, zones and labels is at most a few words ("by Jane Doe").
    """
    if len(text) > STAMP_MAX_CHARS:
        return False
    m = _LABEL.match(text)
    if not m or not _FIRST_OF_STAMP.match(m.group("rest")):
        m = _LABEL_AFTER.match(text) if not text.isascii() and _CJK_LABEL.search(text) else None
        if not m or not _FIRST_OF_STAMP.match(m.group("rest")):
            return False
    rest = m.group("rest")
    left = _STAMP_WORDS.sub(" ", rest)
    leftover = re.findall(r"[^\W\d_]{2,}", left)
    if len(leftover) > 3 or len(_CJK_WORDS.findall(left)) > 4:
        return False  # (Chinese and Japanese words run together: their characters are counted)
    # a date, or a time on a day counted from the fetch ("today at 2:35 PM")
    return parse_human(rest) is not None or (
        RELATIVE_DAY.search(rest) is not None and CLOCK.search(rest) is not None
    )


# "5 minutes ago", "about 2 hrs ago", "just now", "Updated 2h", and the same in French, German
# and Spanish: a time counted back from the moment the page was served, so different at every
# fetch.
_COUNT = r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|a\s+few|several)"
_AGO = re.compile(
    # (not inside a word or a number: from every digit of a long run the count would be tried
    # again, which took time growing with the square of the run)
    r"(?i:(?<!\w)(?:about\s+|over\s+|nearly\s+|almost\s+|less\s+than\s+)?"
    + _COUNT
    + r"\s*(?:seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|hr|h|days?|d|weeks?|wks?|w|months?|mos?|"
    r"years?|yrs?|y)\.?\s+ago\b|\bjust\s+now\b|\bmoments?\s+ago\b|"
    r"\bil\s+y\s+a\s+(?:\d+|une?|quelques)\s*(?:secondes?|minutes?|min|heures?|h|jours?|semaines?|mois|ans?)\b|"
    r"\bvor\s+(?:\d+|einer|einem|wenigen)\s*(?:Sekunden?|Minuten?|Min\.?|Stunden?|Std\.?|Tag(?:en)?|"
    r"Wochen?|Monat(?:en)?|Jahr(?:en)?)(?!\w)|"
    r"\bhace\s+(?:\d+|una?|unos|unas)\s*(?:segundos?|minutos?|min|horas?|h|d[ií]as?|semanas?|mes(?:es)?|"
    r"años?)\b|"
    r"\b(?:\d+|una?|un|qualche|pochi)\s*(?:secondi|secondo|minuti|minuto|min|ore|ora|h|giorni|giorno|"
    r"settimane|settimana|mesi|mese|anni|anno)\s+fa\b|\bun['\u2019]ora\s+fa\b|"
    r"\bh[áa]\s+(?:\d+|uma?|poucos|poucas)\s*(?:segundos?|minutos?|min|horas?|h|dias?|semanas?|"
    r"m[eê]s(?:es)?|anos?)\b|"
    r"\b(?:\d+|een|enkele|paar)\s*(?:seconden?|minuten?|min|uur|u|dagen?|weken?|week|maanden?|maand|"
    r"jaren?|jaar)\s+geleden\b|"
    r"\b(?:\d+|kilka|kilkanaście)?\s*(?:sekund[ay]?|minut[ay]?|minutę|min|godzin[ay]?|godzinę|h|dni|dzień|"
    r"tygodni[e]?|tydzień|miesięcy|miesiące|miesiąc|lat[a]?|rok)\s+temu(?!\w)|"
    r"\b(?:" + _LABELS + r")\b\s*:?\s*\d+\s?(?:s|m|h|d|w|min|mins|hrs?)\b(?!\.?\s*ago))"
)
#: the count of the labelled short form ("Updated 2h"); every other form holds "ago", "just
#: now", "il y a", "vor ", "hace ", " fa", "há " or "geleden" (RELATIVE in tests/test_stamps.py has each)
#: Italian "5 minuti fa": "fa" as a word (the substring is in "family", "fact", "far", ...)
_FA = re.compile(r" fa\b")
_SHORT_COUNT = re.compile(r"\d\s?(?:s|m|h|d|w|min|mins|hrs?)\b", re.IGNORECASE)
# What else a line around such a time may hold: labels, "by", reading times, sources; names
# and sources are capitalised words (with their particles: "Jean de la Fontaine").
_AROUND_AGO = frozenset(
    "by and und et y e via source sources from min mins minute minutes read reading time about "
    "de la le du da di van von der den del al el bin por do dos das della dei door en leestijd".split()
)


def _may_be_relative(text: str) -> bool:
    """Substring tests that ``_AGO`` may be in ``text``: the pattern is slow to search (some
    100 us on a short line), and rarely there."""
    low = text.lower()
    return (
        "ago" in low
        or "just now" in low
        or "il y a" in low
        or "vor " in low
        or "hace " in low
        or (" fa" in low and _FA.search(low) is not None)  # (" fa" alone: "family", "far")
        or "há " in low
        or "geleden" in low
        or " temu" in low
        or (_SHORT_COUNT.search(text) is not None and has_label(text))  # ("Updated 2h")
    )


@lru_cache(maxsize=4096)  # (a page of teaser cards says "Updated 2h ago" hundreds of times)
def is_relative_stamp_line(text: str) -> bool:
    """True for a short line such as "Updated 5 minutes ago", "2 hours ago", "By Jane Doe, 3
    hours ago" or "3h ago · 4 min read": a time counted back from the moment the page was
    served. It changes at every fetch and states no time of its own, so it is neither body
    text nor a stated time. Besides the time, a label, names (capitalised words) and a
    reading time, such a line holds no words: "The fire started 3 hours ago" is a sentence."""
    if len(text) > STAMP_MAX_CHARS or not _may_be_relative(text):
        return False
    rest, found = _AGO.subn(" ", text)
    if not found:
        return False
    rest = _ANY_LABEL.sub(" ", rest)
    return all(w[0].isupper() or w.lower() in _AROUND_AGO for w in re.findall(r"[^\W\d_]+", rest))


def is_time_line(text: str) -> bool:
    """A stamp line ("Updated: 3/28/2025"), a relative one ("Updated 5 minutes ago"), or a
    date and time alone on its line ("12 de marzo de 2026, 09:14 hrs")."""
    return is_stamp_line(text) or is_relative_stamp_line(text) or _is_bare_time_line(text)


#: a date alone on its line is at most this long
_BARE_MAX_CHARS = 60


def _is_bare_time_line(text: str) -> bool:
    """A line of nothing but a date (with a time, a weekday, a zone): no body text."""
    if len(text) > _BARE_MAX_CHARS or not _FIRST_OF_STAMP.match(text):
        return False
    if re.search(r"[^\W\d_]{2,}", _STAMP_WORDS.sub(" ", text)):
        return False
    return parse_human(text) is not None


def without_relative_time(text: str) -> str:
    """``text`` without a time counted back from now at its end ("Jane Doe, 3 hours ago")."""
    m = _AGO.search(text) if _may_be_relative(text) else None
    if m is None or text[m.end() :].strip(" .)"):
        return text
    return text[: m.start()].rstrip(" ,|\u00b7\u2022\u2013\u2014-")


def _segments(text: str) -> list[tuple[str, str]]:
    """(kind, text) for each labelled part of a stamp line: the text after its label, or for a
    Chinese, Japanese or Korean label with no time after it, the text before it (back to the
    label or the bracket before: "2026年3月12日 9時14分（3月12日 14:32更新）")."""
    marks = list(_ANY_LABEL.finditer(text))
    parts = []
    for k, m in enumerate(marks):
        after = text[m.end() : marks[k + 1].start() if k + 1 < len(marks) else len(text)]
        if _CJK_LABEL.fullmatch(label_of(m)) and not re.search(r"\d", after):
            start = marks[k - 1].end() if k else 0
            bracket = max(text.rfind("(", start, m.start()), text.rfind("\uff08", start, m.start()))
            after = text[max(start, bracket + 1) : m.start()]
        parts.append((stamp_kind(label_of(m)), after))
    return parts


#: where one piece of a line ends a word and the next starts another: a figure or a word of two
#: letters or more ("2026", "PM", "EDT", "Uhr"), then a capitalised word ("Updated")
_WORD_END = re.compile(r"(?:\d|\w\w)$")
#: a piece of a line that ends with a label of words ("Last updated"; a CJK label takes its
#: number with no space)
_LABEL_END = re.compile(r"(?<!\w)(?:" + _WORD_LABELS + r")\s*[:：]?$", re.IGNORECASE)


def line_text(element: Element) -> str:
    """A stamp line's text, with a space where one element's text ends a word and the next
    starts a capitalised one (``<span>Published March 11, 2026, 2:30 PM</span><span>Updated
    ...``: two parts, not "2026Updated" or "PMUpdated"), or ends a label and the next starts a
    number (Drupal's ``<div class="field__label">Last updated</div><div class="field__item">12
    March 2026``); other pieces join as written (``Up<b>dated</b>``, a drop cap
    ``<span>P</span>ublished``, ``UP<b>DATED</b>``)."""
    out: list[str] = []
    for piece in element.itertext():
        if not piece:
            continue
        capitalised = piece[:1].isupper() and not piece[1:2].isupper()
        if out and (
            (capitalised and _WORD_END.search(out[-1]))
            or (piece[:1].isdigit() and _LABEL_END.search(out[-1]))
        ):
            out.append(" ")
        out.append(piece)
    return "".join(out)


def visible_stamps(
    element: Element, page: PageZone = PageZone(), *, date_first: bool = True
) -> list[StatedTime]:
    """Stated times in one visible line element (its text and any ``<time datetime>`` in it).

    A line may state both times ("Published ... | Updated ..."); each part is read on its own,
    and each ``<time datetime>`` takes the kind of the label written before it. ``page``: what
    the page tells of its zone (``page_offset``, ``page_country``).
    """
    text = clean(line_text(element))
    line = _LABEL.match(text) or (_LABEL_AFTER.match(text) if _CJK_LABEL.search(text) else None)
    lead: ParsedTime | None = None
    if line:
        first_label = line["label"]
    elif date_first:  # a date, then a labelled time on that day: "Nov. 28, 2026 Updated 4:15 p.m. ET"
        label = _ANY_LABEL.search(text)
        before = text[: label.start()].strip(" ,|\u00b7\u2022\u2013\u2014-") if label else ""
        lead = parse_human(before, page) if before and _is_bare_time_line(before) else None
        if label is None or lead is None:
            return []
        # (a <time> before the first label is the date the line starts with: the publication's)
        first_label, text = "published", text[label.start() :]
    else:
        return []
    found: list[StatedTime] = []
    for t, label_before in _labels_before_times(element):
        dt = t.get("datetime")
        if not dt:
            continue
        kind = stamp_kind(label_before or first_label)
        st = _stated(kind, "visible-time", parse_iso(dt, page), dt)
        if st:
            found.append(st)
    return found + text_stamps(text, page, lead)


def text_stamps(text: str, page: PageZone = PageZone(), lead: ParsedTime | None = None) -> list[StatedTime]:
    """The stated times a stamp line's text gives, part by labelled part (``lead``: the date,
    maybe with a time, the line gave before its first label, for a part with a time alone)."""
    found: list[StatedTime] = []
    # (a part with a time alone is on the day of the part before it; or of the day after, when
    # its time is earlier than the lead's: "Nov. 27, 2026, 10:04 p.m. ET Updated 9:15 a.m. ET")
    day = lead.day if lead is not None else None
    for kind, part in _segments(text):
        parsed = parse_human(part, page, day)
        if (
            lead is not None
            and lead.precise
            and lead.day
            and parsed
            and parsed.day == lead.day
            and parsed.at < lead.at
        ):
            parsed = parse_human(part, page, lead.day + timedelta(days=1))
        lead = None  # (the lead is the day of the first part only)
        st = _stated(kind, "visible", parsed, text)
        if st:
            found.append(st)
        day = parsed.day if parsed is not None else day
    return found


def _labels_before_times(root: Element) -> list[tuple[Element, str | None]]:
    """Each ``<time>`` in ``root``, with the last label in the text of ``root`` before it (one
    walk of the line, whatever the number of ``<time>`` elements in it)."""
    found: list[tuple[Element, str | None]] = []
    last: str | None = None
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            if el.tag == "time":
                found.append((el, last))
            text = el.text
        else:
            text = el.tail if el is not root else None
        if text:
            for m in _ANY_LABEL.finditer(text):
                last = label_of(m)
    return found


#: the machine-readable sources a visible time read as UTC for want of a zone is held against:
#: the page's own meta tags and JSON-LD (a ``<time>`` may be a rail card's)
_MACHINE = frozenset({"meta", "jsonld"})
#: the UTC offsets in use, in minutes: whole hours, and India's, Nepal's, Iran's, ... halves
#: and quarters (a gap of 2 h 30 min between two times is no zone, but another moment)
_OFFSETS = frozenset(
    [60 * h for h in range(-12, 15)] + [-570, -210, 210, 270, 330, 345, 390, 525, 570, 630, 765, 825]
)


def parse_iso_utc(value: str) -> datetime:
    """A stated time's value ("YYYY-MM-DDTHH:MM:SSZ") as an aware datetime."""
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def _offset_between(visible: str, machine: str) -> int | None:
    """The UTC offset, in minutes, that makes a visible time (minutes only) the machine one
    (seconds and all), if one in use does; 0 when they are the same moment."""
    apart = (parse_iso_utc(machine) - parse_iso_utc(visible)).total_seconds()
    minutes = round(apart / 60)
    return minutes if minutes in _OFFSETS and abs(apart - 60 * minutes) < 60 else None


def learn_visible_offset(stated: list[StatedTime]) -> list[StatedTime]:
    """The stated times, with the visible ones read as UTC for want of a zone moved into the
    page's own zone, when its meta tags or JSON-LD tell it: a visible time and a machine time
    of the same kind a UTC offset apart are one moment written in two zones (WordPress with
    Yoast writes its meta tags in UTC and its theme shows local time with no zone: "Updated
    June 11, 2026 at 6:05 pm" beside 22:05:37Z is New York's). Only when every such pair
    agrees, none of them the same moment (a page whose clock is UTC), and the publication's
    pair is one of them; the page's other zone-less lines move with them."""
    guessed = [s for s in stated if s.zone_guessed and s.precise]
    if not guessed:
        return stated
    machine = [s for s in stated if s.source in _MACHINE and s.precise]
    pairs = [
        (seen.kind, found)
        for seen in guessed
        for m in machine
        if m.kind == seen.kind and (found := _offset_between(seen.value, m.value)) is not None
    ]
    offsets = {found for _, found in pairs}
    # (a publication is saved once; a modified time may be a later save an hour on: the
    # publication's pair must tell the offset)
    if len(offsets) != 1 or 0 in offsets or all(kind != "published" for kind, _ in pairs):
        return stated
    shift = timedelta(minutes=offsets.pop())
    return [
        replace(s, value=iso_utc(parse_iso_utc(s.value) + shift), zone_guessed=False)
        if s.zone_guessed and s.precise
        else s
        for s in stated
    ]


def page_offset(machine: Iterable[StatedTime]) -> timedelta | None:
    """The UTC offset the page's machine-readable times are written in (other than UTC's):
    the zone its visible lines most likely mean by an ambiguous name such as "IST"."""
    for st in machine:
        offset = iso_offset(st.raw)
        if offset is not None:
            return offset
    return None


# Languages written mainly in one country, or in several with one zone ("de": Germany, Austria
# and Switzerland; "fr" without a region: France, Belgium, Switzerland, Luxembourg; a page of
# Quebec says fr-CA). Not English, Spanish, Portuguese or Arabic: written the world over.
_LANGUAGE_COUNTRY = {
    "fr": "FR", "de": "DE", "it": "IT", "nl": "NL", "pl": "PL", "cs": "CZ", "sk": "SK", "da": "DK",
    "sv": "SE", "nb": "NO", "nn": "NO", "no": "NO", "fi": "FI", "el": "GR", "hu": "HU", "ro": "RO",
    "ja": "JP", "ko": "KR", "zh": "CN", "he": "IL", "iw": "IL", "ga": "IE", "bn": "BD", "hi": "IN",
    "tr": "TR", "uk": "UA",
}  # fmt: skip
_COUNTRY = re.compile(r"^[a-z]{2,3}[-_]([a-z]{2})\b", re.IGNORECASE)


def page_country(lang: str, doc: Element, url: str) -> str | None:
    """The country a page is written for, as an upper-case ISO code (or "UK"), if it says:
    the region of its language tag (``en-IE``) or ``og:locale``, else its domain (``.ie``,
    ``.co.uk``), else a language written mainly in one country (``de``). It gives the zone of
    times written without one, and the reading of an ambiguous zone name ("IST") when the
    page's machine-readable times carry no offset."""
    tags = [lang]
    head = doc.find("head")
    for meta in head.iter("meta") if head is not None else ():
        if (meta.get("property") or meta.get("name") or "").strip().lower() == "og:locale":
            tags.append(meta.get("content") or "")
    for tag in tags:
        m = _COUNTRY.match(tag.strip())
        if m:
            return m.group(1).upper()
    host = urlsplit(url).hostname or ""
    tld = host.rstrip(".").rpartition(".")[2]
    if len(tld) == 2 and tld.isalpha() and "." in host:
        return tld.upper()
    language = lang.strip().lower()[:3].rstrip("-_")
    return _LANGUAGE_COUNTRY.get(language)


def meta_stamps(doc: Element) -> Iterator[StatedTime]:
    for meta in doc.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = meta.get("content") or ""
        if not key or not content:
            continue
        kind = "updated" if key in _META_UPDATED else "published" if key in _META_PUBLISHED else None
        if kind:
            st = _stated(kind, "meta", parse_iso(content), content)
            if st:
                yield st


def _jsonld_nodes(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for item in value:
            yield from _jsonld_nodes(item)
    elif isinstance(value, dict):
        yield value
        if "@graph" in value:
            yield from _jsonld_nodes(value["@graph"])


def jsonld_objects(doc: Element) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page; broken JSON is skipped, never fatal."""
    nodes: list[dict[str, Any]] = []
    for script in doc.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            nodes.extend(_jsonld_nodes(json.loads(script.text or "")))
        except (ValueError, RecursionError):
            continue
    return nodes


_ARTICLE_TYPES = re.compile(r"article|posting|report|blog|webpage", re.IGNORECASE)


def article_nodes(nodes: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """JSON-LD nodes describing the article (NewsArticle, Article, ...), best first."""
    out = []
    for node in nodes:
        types = node.get("@type")
        names = types if isinstance(types, list) else [types]
        if any(isinstance(t, str) and _ARTICLE_TYPES.search(t) for t in names):
            out.append(node)
    out.sort(key=lambda n: 0 if "article" in str(n.get("@type")).lower() else 1)
    return out


def jsonld_stamps(nodes: Iterable[dict[str, Any]]) -> Iterator[StatedTime]:
    for node in nodes:
        for key, kind in (("dateModified", "updated"), ("datePublished", "published")):
            value = node.get(key)
            if isinstance(value, str):
                st = _stated(kind, "jsonld", parse_iso(value), value)
                if st:
                    yield st


def time_element_stamps(doc: Element) -> Iterator[StatedTime]:
    for t in doc.iter("time"):
        marker = " ".join(filter(None, [t.get("itemprop"), t.get("class"), t.get("pubdate")])).lower()
        kind = (
            "updated"
            if ("modif" in marker or "updat" in marker)
            else "published"
            if ("publish" in marker or "pubdate" in marker)
            else None
        )
        dt = t.get("datetime")
        if kind and dt:
            st = _stated(kind, "time-element", parse_iso(dt), dt)
            if st:
                yield st


def choose(stated: Iterable[StatedTime], kind: str, live: bool = False) -> tuple[str | None, str | None]:
    """The stated time of one kind that wins, and a sentence saying why. ``live``: the page's
    article is a live blog's entries, each with its line."""
    pool = [s for s in stated if s.kind == kind]
    if not pool:
        return None, None
    precise = sorted((s for s in pool if s.precise), key=lambda s: _PRIORITY[s.source])
    bare_visible = [s for s in pool if not s.precise and s.source.startswith("visible")]
    if bare_visible and precise:
        day = bare_visible[0].value[:10]
        same_day = [s for s in precise if s.value[:10] == day]
        if same_day:
            best = same_day[0]
            return best.value, f"{best.source} (exact time of the visible date {day})"
        if precise[0].source.startswith("visible"):
            return precise[0].value, f"{precise[0].source} (stated on the page)"
        return (
            bare_visible[0].value,
            f"visible (the page shows {day}; {precise[0].source} says {precise[0].value})",
        )
    if precise:
        others = {s.value for s in precise}
        note = "" if len(others) == 1 else f"; sources disagree: {sorted(others)}"
        best = precise[0]
        if live and kind == "updated" and best.source.startswith("visible"):
            # the entries' lines: the last update is the latest line, wherever it stands (a
            # live blog written oldest first ends with it; in an article, the first line is
            # its own, and a later one may be a card's for another story)
            best = max((s for s in precise if s.source == best.source), key=lambda s: s.value)
            if best.value != precise[0].value:
                return best.value, f"{best.source} (the latest of the page's lines{note})"
        return best.value, f"{best.source} (highest-priority precise source{note})"
    best = sorted(pool, key=lambda s: _PRIORITY[s.source])[0]
    return best.value, f"{best.source} (date only)"
