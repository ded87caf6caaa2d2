"""Analysis: two versions of an article -> the change record. Pure.

``analyse(old, new)`` fills every field of the change record (README, "The change record"):
title, byline and stated-time moves, quotations added/removed/altered (matched by similarity,
so an altered quote is reported once), body dates added/removed, text counts, minor edits,
corrections, and the two verdicts ``stealth_edit`` and ``timestamp_only``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from watcher.analyse.dates import find_dates
from watcher.analyse.figures import changed_figures, figures
from watcher.analyse.quotes import find_quotes, quote_key
from watcher.analyse.textdiff import (
    Bag,
    ParagraphDiff,
    candidates,
    changed_chars_in,
    diff_paragraphs,
    diff_words,
    minor_edits_in,
    respelt,
    similarity,
    similarity_at_least,
)
from watcher.extract import canonical
from watcher.extract.stamps import page_offset
from watcher.types import KIND_ORDER, Article, BodyDate, Change, ChangeKind, Quote

__all__ = ["analyse", "article_dates", "article_quotes", "first_change", "reference_date"]

ALTERED_SIMILARITY = 0.5
_CORRECTION_LABELS = (
    r"corrections?|clarification|editors?['\u2019]?s?\s+note"
    # French, Spanish, German
    r"|rectificatif|correctif|erratum|note\s+de\s+la\s+r[ée]daction|ndlr|fe\s+de\s+err(?:ores|atas)|"
    r"nota\s+de\s+la\s+redacci[óo]n|nota\s+del\s+editor|correcci[óo]n|aclaraci[óo]n|korrektur|"
    r"berichtigung|richtigstellung|transparenzhinweis|anmerkung\s+der\s+redaktion|"
    # Italian, Portuguese, Dutch, Swedish, Danish and Norwegian, Polish, Turkish
    r"rettifica|correzione|precisazione|corre[çc][ãa]o|errata|esclarecimento|correctie|rectificatie|"
    r"r[äa]ttelse|rettelse|korreksjon|sprostowanie|korekta|d[üu]zeltme|tashih|"
    # Ukrainian, Russian, Arabic, Hebrew, Hindi, Japanese, Chinese, Korean
    r"виправлення|уточнення|спростування|исправление|поправка|уточнение|опровержение|"
    r"تصحيح|توضيح|استدراك|תיקון|הבהרה|सुधार|संशोधन|訂正|おわび|お詫び|更正|勘誤|勘误|更正啟事|"
    r"바로잡습니다|정정|알려왔습니다"
)
_CORRECTION = re.compile(
    r"^\s*(?:" + _CORRECTION_LABELS + r")(?:\b|(?<=[\u3040-\u9fff\uac00-\ud7a3]))"
    r"(?:\s*\([^)]{0,40}\)|,?\s+(?=[^:]{0,30}\d)[\w .,/]{1,30}?)?\s*[:\uff1a\u2014\u2013-]"
    # (a date between the label and its text: "Correction, June 12, 2026:", "Correction 12 June:")
    # in brackets before the text: "【訂正】", "[바로잡습니다]", "(Correction)"
    r"|^\s*[\[\u3010(\uff08]\s*(?:" + _CORRECTION_LABELS + r")\s*[\]\u3011)\uff09]"
    r"|^\s*for the record\s*[:\u2014\u2013-]"
    # an update that says it corrects ("Update: ... to correct the spelling"); any other
    # "Update:" brings news, and a live blog heads many entries so
    r"|^\s*update[ds]?\b[^:\n]{0,40}[:\u2014\u2013-].{0,300}?\b(?:to correct|correct(?:ed|s|ion)|misstat|"
    r"misidentif|misspel|misattribut|incorrect(?:ly)?|wrongly|erroneous(?:ly)?|in error|mistaken(?:ly)?)"
    r"|^\s*\(\s*(?:corrects|clarifies|fixes)\b"  # a wire's note: "(Corrects spelling of ... in paragraph 2)"
    r"|\bwe (?:regret|apologi[sz]e for) (?:the|this|that) (?:error|mistake)\b"
    r"|\b(?:an? |the )?(?:earlier|previous|prior|original) (?:versions?|headline) (?:of|on) this "
    r"(?:article|story|report|piece|post)\b"
    r"|\bthis (?:article|story|report|post) (?:has been|was) (?:corrected|updated to correct|amended)\b"
    r"|\bthis (?:article|story|report|post) (?:has been|was) updated\b[^.]{0,80}\bto correct\b"
    r"|\bthis (?:article|story|report|post) (?:previously|originally|incorrectly|wrongly) "
    r"(?:stated|said|reported|gave|named|misstated|misidentified|misspelled)\b"
    r"|\bune (?:version pr[ée]c[ée]dente|pr[ée]c[ée]dente version) de cet (?:article|texte)\b"
    r"|\bcet article a [ée]t[ée] (?:corrig[ée]|rectifi[ée])\b"
    r"|\buna versi[óo]n (?:anterior|previa) de (?:este|esta) (?:art[íi]culo|noticia|informaci[óo]n|texto)\b"
    r"|\b(?:este|esta) (?:art[íi]culo|noticia|informaci[óo]n) (?:ha sido|fue) corregid[oa]\b"
    r"|\bin einer fr[üu]heren (?:version|fassung) dieses (?:artikels|textes|beitrags)\b"
    r"|\b(?:haberin|bu haberin) (?:önceki|ilk) (?:versiyonunda|halinde|hâlinde)"
    r"|\bв (?:попередній|попередній версії|предыдущей) (?:версії|версии|редакції|редакции)"
    r"|نسخة سابقة من (?:هذا|هذه) (?:الخبر|المقال|التقرير)"
    r"|おわびして訂正|特此更正|특히 바로잡|바로잡습니다",
    re.IGNORECASE,
)


def reference_date(article: Article, fallback: date) -> date:
    """The day relative dates are resolved against: the stated publication date, on the
    page's own calendar (a story published at 00:40 in Paris is of that day, not of the UTC
    day before) when its machine-readable times carry an offset."""
    stated = article.published_at or article.updated_at
    if stated:
        try:
            at = datetime.fromisoformat(stated.replace("Z", "+00:00"))
        except ValueError:
            return fallback
        offset = page_offset(article.stated_times)
        precise = any(st.value == stated and st.precise for st in article.stated_times)
        try:
            return (at + offset).date() if offset is not None and precise else at.date()
        except OverflowError:  # (the last day of year 9999, a few hours east of UTC)
            return at.date()
    return fallback


def article_quotes(article: Article) -> list[Quote]:
    return find_quotes(article.paragraphs)


def article_dates(article: Article, fallback: date) -> list[BodyDate]:
    return find_dates(article.paragraphs, reference_date(article, fallback), article.language)


def _moved(before: str | None, after: str | None) -> dict[str, str | None] | None:
    if canonical(before or "") == canonical(after or ""):
        return None
    return {"before": before or None, "after": after or None}


def _quote_record(q: Quote) -> dict[str, Any]:
    return {"text": q.text, "speaker": q.speaker, "paragraph": q.paragraph}


def _moves(old: Sequence[str], new: Sequence[str], pdiff: ParagraphDiff) -> list[tuple[int, int]]:
    """The paragraphs the diff removed in one place and added in another, word for word (in
    canonical form): moved, not rewritten."""
    waiting: dict[str, list[int]] = {}
    for i in pdiff.removed:
        waiting.setdefault(canonical(old[i]), []).append(i)
    moves = []
    for j in pdiff.added:
        same = waiting.get(canonical(new[j]))
        if same:
            moves.append((same.pop(0), j))
    return moves


def _run_around(at: int, others: set[int]) -> tuple[int, int]:
    """The indices next to ``at`` that are all in ``others``, as (first, last) with ``at``."""
    first, last = at, at
    while first - 1 in others:
        first -= 1
    while last + 1 in others:
        last += 1
    return first, last


#: the most paragraphs one is split into (or joined from) that are looked for
_MOST_PARTS = 6


def _parts_of(target: str, paragraphs: Sequence[str], at: int, others: set[int]) -> tuple[int, int] | None:
    """Two or more paragraphs in a row, ``at`` among them and the rest in ``others``, whose
    words together are ``target``'s."""
    low, high = _run_around(at, others)
    low, high = max(low, at - _MOST_PARTS + 1), min(high, at + _MOST_PARTS - 1)
    for first in range(low, at + 1):
        for last in range(max(at, first + 1), high + 1):
            if canonical(" ".join(paragraphs[first : last + 1])) == target:
                return first, last
    return None


def _reflows(old: Sequence[str], new: Sequence[str], pdiff: ParagraphDiff) -> list[tuple[int, int, int, int]]:
    """The paragraphs split in two or more, or joined into one, word for word: each as
    (first, last) old index and (first, last) new index, one side a single paragraph. The
    diff sees one of the parts changed and the others added (or removed)."""
    added, removed = set(pdiff.added), set(pdiff.removed)
    found = []
    for i, j in pdiff.changed:
        if split := _parts_of(canonical(old[i]), new, j, added):
            found.append((i, i, *split))
        elif joined := _parts_of(canonical(new[j]), old, i, removed):
            found.append((*joined, j, j))
    return found


def _slots(count: int, moved: set[int]) -> list[int]:
    """For each paragraph, how many paragraphs the diff kept as they were come before it: a
    removed (or changed) paragraph and an added one are in the same place when these agree."""
    slots, kept = [], 0
    for i in range(count):
        slots.append(kept)
        kept += i not in moved
    return slots


def _same_person(a: str | None, b: str | None) -> bool:
    """Whether two speakers are one person named alike ("Rhiannon Tate", "Tate"), or with the
    name respelt as a typo is ("Gunnar Lindquist", "Lindqvist")."""
    if a is None or b is None:
        return a is b
    a, b = a.casefold(), b.casefold()
    if a == b or a.endswith(" " + b) or b.endswith(" " + a):
        return True
    words_a, words_b = a.split(), b.split()
    n = min(len(words_a), len(words_b))
    differ = [(x, y) for x, y in zip(words_a[-n:], words_b[-n:], strict=True) if x != y]
    return len(differ) == 1 and respelt(*differ[0])


def _compare_quotes(
    old: list[Quote], new: list[Quote], pdiff: ParagraphDiff, sizes: tuple[int, int]
) -> dict[str, list[Any]]:
    """Quotations added, removed and altered. A quotation is altered when its words moved
    little, or when it is the one quotation of its speaker removed and the one added in the
    same place (a quote softened: "will not tolerate" made "are disappointed"), or when the
    same words are now another person's (``speaker_before``)."""
    old_by = {quote_key(q.text): q for q in old}
    new_by = {quote_key(q.text): q for q in new}
    removed = [q for k, q in old_by.items() if k not in new_by]
    added = [q for k, q in new_by.items() if k not in old_by]
    removed_bags = [Bag.of(quote_key(q.text)) for q in removed]
    added_bags = [Bag.of(quote_key(q.text)) for q in added]
    scored = (
        (similarity_at_least(rb, added_bags[j], ALTERED_SIMILARITY), i, j)
        for i, rb in enumerate(removed_bags)
        for j in candidates(i, len(removed_bags), len(added_bags))
    )
    pairs = sorted(
        ((score, i, j) for score, i, j in scored if score is not None),
        key=lambda p: (-p[0], p[1], p[2]),
    )
    used_r: set[int] = set()
    used_a: set[int] = set()
    altered = []

    def pair(i: int, j: int, score: float) -> None:
        used_r.add(i)
        used_a.add(j)
        altered.append(
            {
                "before": removed[i].text,
                "after": added[j].text,
                "speaker": added[j].speaker or removed[i].speaker,
                "similarity": round(score, 3),
            }
        )

    for score, i, j in pairs:
        if score >= ALTERED_SIMILARITY and i not in used_r and j not in used_a:
            pair(i, j, score)
    old_slot = _slots(sizes[0], {*pdiff.removed, *(i for i, _ in pdiff.changed)})
    new_slot = _slots(sizes[1], {*pdiff.added, *(j for _, j in pdiff.changed)})
    for i, r in enumerate(removed):
        if i in used_r or r.speaker is None:
            continue
        here = [
            j
            for j, a in enumerate(added)
            if j not in used_a
            and _same_person(r.speaker, a.speaker)
            and new_slot[a.paragraph] == old_slot[r.paragraph]
        ]
        there = [
            k
            for k, o in enumerate(removed)
            if k not in used_r
            and _same_person(r.speaker, o.speaker)
            and old_slot[o.paragraph] == old_slot[r.paragraph]
        ]
        if len(here) == 1 and there == [i]:
            pair(i, here[0], similarity(quote_key(r.text), quote_key(added[here[0]].text)))
    # (only where the quote's paragraph was edited: a "she said" read as someone else's
    # because a paragraph naming another person came before it is no edit of this one)
    edited = set(pdiff.changed)
    for key, q in new_by.items():
        was = old_by.get(key)
        if (
            was is not None
            and (was.paragraph, q.paragraph) in edited
            and was.speaker
            and q.speaker
            and not _same_person(was.speaker, q.speaker)
        ):
            altered.append(
                {
                    "before": was.text,
                    "after": q.text,
                    "speaker": q.speaker,
                    "speaker_before": was.speaker,
                    "similarity": 1.0,
                }
            )
    return {
        "added": [_quote_record(q) for j, q in enumerate(added) if j not in used_a],
        "removed": [_quote_record(q) for i, q in enumerate(removed) if i not in used_r],
        "altered": altered,
    }


def _dates(before: list[BodyDate], after: list[BodyDate]) -> dict[str, list[str]]:
    old, new = {d.iso for d in before}, {d.iso for d in after}
    return {"added": sorted(new - old), "removed": sorted(old - new)}


def _raw_by_paragraph(found: list[BodyDate]) -> dict[int, list[str]]:
    by: dict[int, list[str]] = {}
    for d in found:
        by.setdefault(d.paragraph, []).append(d.raw)
    return by


def _sorted_kinds(kinds: set[str]) -> tuple[str, ...]:
    return tuple(k for k in KIND_ORDER if k in kinds)


def first_change(new: Article, to_version: int) -> Change:
    """The record for a watch's first version."""
    return Change(
        kinds=(ChangeKind.FIRST_VERSION.value,),
        from_version=None,
        to_version=to_version,
        # (every key a later record has, so that a receiver reads both alike)
        quotes={"added": [], "removed": [], "altered": []},
        dates={"added": [], "removed": []},
        text={
            "chars_added": sum(len(p) for p in new.paragraphs),
            "chars_removed": 0,
            "paragraphs_added": len(new.paragraphs),
            "paragraphs_removed": 0,
            "paragraphs_changed": 0,
            "paragraphs_moved": 0,
            "paragraphs_split_or_joined": 0,
        },
    )


def analyse(old: Article, new: Article, from_version: int, to_version: int, *, today: date) -> Change:
    """The change record between two versions. ``today`` resolves dates on undated pages."""
    kinds: set[str] = set()
    title = _moved(old.title, new.title)
    byline = _moved(old.byline, new.byline)
    published = (
        None
        if old.published_at == new.published_at
        else {"before": old.published_at, "after": new.published_at}
    )
    updated = (
        None if old.updated_at == new.updated_at else {"before": old.updated_at, "after": new.updated_at}
    )
    for moved, kind in (
        (title, ChangeKind.TITLE_CHANGED),
        (byline, ChangeKind.BYLINE_CHANGED),
        (published, ChangeKind.PUBLISHED_CHANGED),
        (updated, ChangeKind.UPDATED_CHANGED),
    ):
        if moved:
            kinds.add(kind.value)

    whole = diff_paragraphs(old.paragraphs, new.paragraphs)
    moves = _moves(old.paragraphs, new.paragraphs, whole)
    reflows = _reflows(old.paragraphs, new.paragraphs, whole)
    # (moved, split or joined: the words stay, so neither is text added, removed or changed)
    gone = {a for a, _ in moves} | {i for a, b, _, _ in reflows for i in range(a, b + 1)}
    came = {b for _, b in moves} | {j for _, _, c, d in reflows for j in range(c, d + 1)}
    pdiff = replace(
        whole,
        added=tuple(j for j in whole.added if j not in came),
        removed=tuple(i for i in whole.removed if i not in gone),
        changed=tuple((i, j) for i, j in whole.changed if i not in gone and j not in came),
    )
    chars_added = sum(len(new.paragraphs[j]) for j in pdiff.added)
    chars_removed = sum(len(old.paragraphs[i]) for i in pdiff.removed)
    minors: list[tuple[str, str]] = []
    numbers: list[tuple[str, str]] = []
    ref = reference_date(new, reference_date(old, today))
    old_dates = find_dates(old.paragraphs, ref, old.language)
    new_dates = find_dates(new.paragraphs, ref, new.language)
    old_raw, new_raw = _raw_by_paragraph(old_dates), _raw_by_paragraph(new_dates)
    for i, j in pdiff.changed:
        words = diff_words(canonical(old.paragraphs[i]), canonical(new.paragraphs[j]))
        ins, dele = changed_chars_in(words)
        chars_added += ins
        chars_removed += dele
        minors.extend(minor_edits_in(words))
        # (the figures of the paragraph, its dates left out)
        before, after = (
            figures(old.paragraphs[i], old_raw.get(i, [])),
            figures(new.paragraphs[j], new_raw.get(j, [])),
        )
        numbers.extend(changed_figures(before, after))
    if pdiff.added:
        kinds.add(ChangeKind.TEXT_ADDED.value)
    if pdiff.removed:
        kinds.add(ChangeKind.TEXT_REMOVED.value)
    if pdiff.changed:
        kinds.add(ChangeKind.TEXT_CHANGED.value)
    if moves or reflows:
        kinds.add(ChangeKind.TEXT_MOVED.value)

    quotes = _compare_quotes(
        find_quotes(old.paragraphs),
        find_quotes(new.paragraphs),
        whole,
        (len(old.paragraphs), len(new.paragraphs)),
    )
    for key, kind in (
        ("added", ChangeKind.QUOTE_ADDED),
        ("removed", ChangeKind.QUOTE_REMOVED),
        ("altered", ChangeKind.QUOTE_ALTERED),
    ):
        if quotes[key]:
            kinds.add(kind.value)
    dates = _dates(old_dates, new_dates)
    if dates["added"]:
        kinds.add(ChangeKind.DATE_ADDED.value)
    if dates["removed"]:
        kinds.add(ChangeKind.DATE_REMOVED.value)

    old_text = {canonical(p) for p in old.paragraphs}
    new_paragraphs = [new.paragraphs[j] for j in pdiff.added] + [new.paragraphs[j] for _, j in pdiff.changed]
    corrections = tuple(p for p in new_paragraphs if _CORRECTION.search(p) and canonical(p) not in old_text)
    old_corrections = [p for p in old.paragraphs if _CORRECTION.search(p)]
    if any(all(similarity(p, c) <= 0.9 for p in old_corrections) for c in corrections):
        # (a correction reworded is no new one; a new one beside it is)
        kinds.add(ChangeKind.CORRECTION_ADDED.value)

    # (a paragraph moved whole is an edit, but says nothing new: neither a stealth edit nor,
    # beside a moved stamp, a change of the stamp only)
    text_moved = bool(pdiff.added or pdiff.removed or pdiff.changed)
    stated_moved = bool(updated or published)
    return Change(
        kinds=_sorted_kinds(kinds),
        from_version=from_version,
        to_version=to_version,
        title=title,
        byline=byline,
        published=published,
        updated=updated,
        quotes=quotes,
        dates=dates,
        text={
            "chars_added": chars_added,
            "chars_removed": chars_removed,
            "paragraphs_added": len(pdiff.added),
            "paragraphs_removed": len(pdiff.removed),
            "paragraphs_changed": len(pdiff.changed),
            "paragraphs_moved": len(moves),
            "paragraphs_split_or_joined": len(reflows),
        },
        minor_edits=tuple(minors),
        figures=tuple(numbers),
        corrections=corrections,
        stealth_edit=(text_moved or bool(title)) and not updated,
        timestamp_only=stated_moved
        and not text_moved
        and not moves
        and not reflows
        and not title
        and not byline,
    )
