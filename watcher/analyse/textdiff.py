"""Paragraph and word diffs on diff-match-patch. Pure; no rendering here.

Paragraphs are compared in their canonical form, so quote-mark style, invisible characters
and spacing never count as edits. Within a hunk, a removed and an added paragraph that are
similar enough are one *changed* paragraph, and its word diff yields the minor edits.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from diff_match_patch import diff_match_patch

from watcher.analyse.reading import same_reading
from watcher.extract import canonical
from watcher.extract._text import UNCASED, LazyPattern

EQUAL, INSERT, DELETE = 0, 1, -1
#: kana and Han ideographs: Chinese and Japanese write no spaces between words, so each of
#: these characters is a token of its own (a one-character fix is then a one-token edit)
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"


def _mark_ranges() -> str:
    """Every combining mark of the Basic Multilingual Plane, for a character class: the vowel
    signs of Devanagari (बीमारी), Arabic and Hebrew points are parts of their words, which
    ``\\w`` does not know."""
    blocks = (
        (0x300, 0x370),
        (0x483, 0x48A),
        (0x591, 0x5C8),
        (0x610, 0x900),
        (0x900, 0x1100),
        (0x135D, 0x1360),
        (0x1700, 0x1D00),
        (0x1DC0, 0x1E00),
        (0x20D0, 0x2100),
        (0x2CEF, 0x2D80),
        (0x2DE0, 0x2E00),
        (0x302A, 0x3030),
        (0x3099, 0x309B),
        (0xA66F, 0xA6F2),
        (0xA800, 0xAB00),
        (0xABE3, 0xABEE),
        (0xFB1E, 0xFB1F),
        (0xFE00, 0xFE30),
    )  # fmt: skip  (where the marks are: scanning these is a tenth of the whole plane's time)
    marks = [c for a, b in blocks for c in range(a, b) if unicodedata.category(chr(c)) in ("Mn", "Mc", "Me")]
    ranges: list[tuple[int, int]] = []
    for c in marks:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1] = (ranges[-1][0], c)
        else:
            ranges.append((c, c))
    return "".join(f"\\u{a:04x}-\\u{b:04x}" if a != b else f"\\u{a:04x}" for a, b in ranges)


MARKS = _mark_ranges()
#: a run of word characters (with their combining marks) that are not CJK
_LETTERS = rf"(?:(?![{_CJK}])[\w{MARKS}])+"
_TOKEN = LazyPattern(rf"[{_CJK}]|{_LETTERS}(?:[\u2019'.-]{_LETTERS})*|\s+|[^\w\s{MARKS}]")
#: the same, on text with no CJK character and no combining mark (most text: faster)
_PLAIN_TOKEN = re.compile(r"\w+(?:[\u2019'.-]\w+)*|\s+|[^\w\s]")
_HAS_CJK = re.compile(f"[{_CJK}]")
_SPECIAL = LazyPattern(f"[{_CJK}{MARKS}]")  #: what the plain word pattern would cut wrong
_WORD = re.compile(rf"[{_CJK}]|[^\s{_CJK}]+")
CHANGED_SIMILARITY = 0.5


@dataclass(frozen=True, slots=True)
class ParagraphDiff:
    added: tuple[int, ...] = ()  #: indices into the new paragraphs
    removed: tuple[int, ...] = ()  #: indices into the old paragraphs
    changed: tuple[tuple[int, int], ...] = ()  #: (old index, new index)
    ops: tuple[tuple[int, int, int], ...] = field(default=())  #: (op, old index or -1, new index or -1)


#: above this many paragraphs (old + new), far beyond any article, nothing in a hunk is paired
_HUGE = 4000
#: a diff may settle for a non-minimal (still correct) answer after this many seconds. An
#: article's diffs take milliseconds, so theirs are always minimal; the limit only bounds what
#: a hostile or broken page costs (diff-match-patch's time grows with size times distance).
_TIMEOUT = 1.0


def _dmp() -> diff_match_patch:
    d = diff_match_patch()
    d.Diff_Timeout = _TIMEOUT
    return d


def _encode(seqs: Sequence[Sequence[str]]) -> list[str]:
    """Each distinct item becomes one character, so dmp diffs items instead of letters."""
    table: dict[str, str] = {}
    out = []
    for seq in seqs:
        chars = []
        for item in seq:
            if item not in table:
                table[item] = chr(0x100 + len(table))
            chars.append(table[item])
        out.append("".join(chars))
    return out


def similarity(a: str, b: str) -> float:
    """Word-level similarity in [0, 1]."""
    return _ratio(Bag.of(a), Bag.of(b))


#: above this many word pairs (a paragraph of over 500 words against another), the ratio is
#: the shared words' bound: SequenceMatcher's time grows with the product on repeated words
_RATIO_BUDGET = 250_000


def _shared(a: Bag, b: Bag) -> int:
    small, large = (a.counts, b.counts) if len(a.counts) <= len(b.counts) else (b.counts, a.counts)
    return sum(min(c, large.get(w, 0)) for w, c in small.items())


def _ratio(a: Bag, b: Bag) -> float:
    total = len(a.words) + len(b.words)
    if not total:
        return 1.0
    if len(a.words) * len(b.words) > _RATIO_BUDGET:
        return 2 * _shared(a, b) / total
    return SequenceMatcher(None, a.words, b.words, autojunk=False).ratio()


@dataclass(frozen=True, slots=True)
class Bag:
    """A text's words, once: the list for the ratio and the counts for a cheap upper bound."""

    words: tuple[str, ...]
    counts: dict[str, int]

    @classmethod
    def of(cls, text: str) -> Bag:
        cjk = not text.isascii() and _HAS_CJK.search(text) is not None
        words = tuple(_WORD.findall(text) if cjk else text.split())
        counts: dict[str, int] = {}
        for w in words:
            counts[w] = counts.get(w, 0) + 1
        return cls(words, counts)


def similarity_at_least(a: Bag, b: Bag, threshold: float) -> float | None:
    """``similarity`` when it reaches ``threshold``, else None, skipping hopeless pairs cheaply.

    The ratio is 2M/T with M matched words; M can be no more than the shorter length nor than
    the words the two bags share, so pairs under the threshold by those bounds are never diffed.
    """
    total = len(a.words) + len(b.words)
    if not total:
        return 1.0 if threshold <= 1.0 else None
    if 2 * min(len(a.words), len(b.words)) < threshold * total:
        return None
    if 2 * _shared(a, b) < threshold * total:
        return None
    score = _ratio(a, b)
    return score if score >= threshold else None


# In a hunk with more pairs than this, a paragraph is only paired with those near its position
# (a rewrite of a whole article must not cost n^2 diffs).
_PAIRING_BUDGET = 2500
_PAIRING_WINDOW = 8


def candidates(x: int, n_old: int, n_new: int) -> range:
    """The new items that old item ``x`` may be paired with: every one, or when there are
    more pairs than the budget, those within the window of its position (linear)."""
    if n_old * n_new <= _PAIRING_BUDGET:
        return range(n_new)
    at = x * n_new / max(n_old, 1)
    return range(max(0, math.ceil(at - _PAIRING_WINDOW)), min(n_new, math.floor(at + _PAIRING_WINDOW) + 1))


def diff_paragraphs(old: Sequence[str], new: Sequence[str]) -> ParagraphDiff:
    old_c = [canonical(p) for p in old]
    new_c = [canonical(p) for p in new]
    a, b = _encode([old_c, new_c])
    diffs = _dmp().diff_main(a, b, False)
    added: list[int] = []
    removed: list[int] = []
    changed: list[tuple[int, int]] = []
    ops: list[tuple[int, int, int]] = []
    i = j = 0
    hunk_del: list[int] = []
    hunk_ins: list[int] = []

    old_bags: dict[int, Bag] = {}
    new_bags: dict[int, Bag] = {}

    def flush() -> None:
        pairs: list[tuple[float, int, int]] = []
        # a hunk this big is a different page, not an edit: nothing in it is paired
        pairable = hunk_del if max(len(hunk_del), len(hunk_ins)) <= _HUGE // 4 else []
        for x, d in enumerate(pairable):
            bag_d = old_bags.get(d) or old_bags.setdefault(d, Bag.of(old_c[d]))
            for y in candidates(x, len(hunk_del), len(hunk_ins)):
                n = hunk_ins[y]
                bag_n = new_bags.get(n) or new_bags.setdefault(n, Bag.of(new_c[n]))
                score = similarity_at_least(bag_d, bag_n, CHANGED_SIMILARITY)
                if score is not None:
                    pairs.append((score, d, n))
        used_d: set[int] = set()
        used_n: set[int] = set()
        for _score, d, n in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
            if d not in used_d and n not in used_n:
                used_d.add(d)
                used_n.add(n)
                changed.append((d, n))
        removed.extend(d for d in hunk_del if d not in used_d)
        added.extend(n for n in hunk_ins if n not in used_n)
        hunk_del.clear()
        hunk_ins.clear()

    for op, chunk in diffs:
        for _ in chunk:
            if op == EQUAL:
                flush()
                ops.append((EQUAL, i, j))
                i += 1
                j += 1
            elif op == DELETE:
                hunk_del.append(i)
                ops.append((DELETE, i, -1))
                i += 1
            else:
                hunk_ins.append(j)
                ops.append((INSERT, -1, j))
                j += 1
    flush()
    return ParagraphDiff(tuple(added), tuple(removed), tuple(sorted(changed)), tuple(ops))


def body_ops(old: Sequence[str], new: Sequence[str]) -> list[tuple[int, str]]:
    """The word diff of two bodies, paragraph by paragraph as the analysis pairs them: an
    unchanged paragraph is shown unchanged, a changed one word by word, the rest removed or
    added whole; paragraphs joined by ``"\\n\\n"``, so the ops spell out both texts. (A diff of
    the whole text could match words across paragraphs and show an untouched paragraph as
    removed and added.) Pairs that cross one another are shown removed and added."""
    pdiff = diff_paragraphs(old, new)
    partner = {n: d for d, n in pdiff.changed}
    items: list[tuple[int, int]] = []  # (old index or -1, new index or -1), in reading order
    dels: list[int] = []  # old paragraphs not yet placed
    placed: set[int] = set()
    last = -1
    for op, i, j in pdiff.ops:
        if op == DELETE:
            if i not in placed:
                dels.append(i)
            continue
        d = partner.get(j, -1) if op == INSERT else i
        if d <= last:
            d = -1  # (a pair crossing an earlier one)
        else:
            items += [(x, -1) for x in dels if x < d]
            dels = [x for x in dels if x > d]
            placed.add(d)
            last = d
        items.append((d, j))
    items += [(x, -1) for x in dels]
    ops: list[tuple[int, str]] = []
    started = [False, False]  # (old, new)
    for i, j in items:
        sides = (i >= 0, j >= 0)
        if (sides[0] and started[0]) or (sides[1] and started[1]):
            need = (sides[0] and started[0], sides[1] and started[1])
            ops.append((EQUAL if all(need) else DELETE if need[0] else INSERT, "\n\n"))
        started = [started[0] or sides[0], started[1] or sides[1]]
        if i >= 0 and j >= 0:
            if canonical(old[i]) == canonical(new[j]):
                ops.append((EQUAL, new[j]))
            else:
                ops.extend(diff_words(old[i], new[j]))
        elif i >= 0:
            ops.append((DELETE, old[i]))
        else:
            ops.append((INSERT, new[j]))
    return ops


def tokens(text: str) -> list[str]:
    plain = text.isascii() or _SPECIAL.search(text) is None
    return (_PLAIN_TOKEN if plain else _TOKEN).findall(text)


def diff_words(old: str, new: str) -> list[tuple[int, str]]:
    """Word-level diff (op, text), ops as in dmp: -1 delete, 0 equal, 1 insert."""
    ta, tb = tokens(old), tokens(new)
    a, b = _encode([ta, tb])
    d = _dmp()
    diffs = d.diff_main(a, b, False)
    d.diff_cleanupSemantic(diffs)
    # map characters back to tokens
    table = {}
    for seq, enc in ((ta, a), (tb, b)):
        for tok, ch in zip(seq, enc, strict=True):
            table[ch] = tok
    return [(op, "".join(table[c] for c in chunk)) for op, chunk in diffs]


#: a middle (after the shared start and end) longer than this is no typo: not worth a table
_EDIT_SPAN = 40


def _edit_distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance: a swap of two neighbours ("teh" -> "the") is one edit.
    3 stands for "more than any minor edit allows"."""
    if abs(len(a) - len(b)) > 2:
        return 3
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    start = max(0, start - 1)  # (keep a letter of context: a swap may start there)
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    end = max(0, end - 1)
    a, b = a[start : len(a) - end], b[start : len(b) - end]
    if max(len(a), len(b)) > _EDIT_SPAN:
        return 3
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            best = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, prev2[j - 2] + 1)
            cur.append(best)
        prev2, prev = prev, cur
    return prev[-1]


_NEGATIONS = frozenset({"no", "not", "nor", "never", "none"})
#: a number as written, separators and all ("1,250.5"): two replacements whose numbers differ
#: in any way are no typo fix
_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f]\d+)*")
_GROUPING = re.compile(r"(?<=\d)[,\u00a0\u202f](?=\d{3}(?!\d))")


def _numbers(text: str) -> list[str]:
    """The numbers in ``text`` as written, less their thousands separators ("1,000" is 1000)."""
    return [_GROUPING.sub("", n) for n in _NUMBER.findall(text)]


_MAGNITUDES = frozenset("hundred thousand million billion trillion bn mn lakh crore".split())
#: numbers written as words (style guides spell out small ones, and one that opens a sentence):
#: "eight" -> "eighty" is a figure changed, not a typo fixed
NUMBER_WORDS = frozenset(
    (
        "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
        "dozen dozens hundreds thousands millions billions "
        # French, Spanish, German, Italian
        "deux trois quatre cinq sept huit neuf dix onze douze treize quatorze quinze seize vingt "
        "trente quarante cinquante soixante dos tres cuatro cinco seis siete ocho nueve diez once "
        "doce veinte treinta cuarenta cincuenta zwei drei vier sechs sieben acht neun zehn elf "
        "zwölf zwanzig dreißig vierzig fünfzig due quattro sei sette otto nove dieci venti trenta"
    ).split()
)
#: a currency's sign or a percent: "£5,000" -> "$5,000" is a figure changed
_UNIT_SIGNS = re.compile(r"[$%\u00a2-\u00a5\u20a0-\u20cf]")
#: prefixes that turn a word into its opposite, or into another direction
_FLIPS = ("", *"un in im il ir dis non de ex mis anti up down over under".split())


def _prefix_flip(x: str, y: str) -> bool:
    """Whether ``x`` and ``y`` are one stem with another of ``_FLIPS`` before it ("likely" /
    "unlikely", "legal" / "illegal", "increase" / "decrease", "import" / "export")."""
    for p in _FLIPS:
        if x.startswith(p):
            stem = x[len(p) :]
            if len(stem) >= 3 and any(q != p and y == q + stem for q in _FLIPS):
                return True
    return False


_CONTRACTED = frozenset(
    "cannot cant dont wont didnt isnt wasnt doesnt arent couldnt shouldnt wouldnt hasnt havent hadnt "
    "werent aint".split()
)


def _negated(word: str) -> bool:
    low = word.casefold()
    return bool(re.search(r"n['\u2019]t\b", low)) or re.sub(r"\W", "", low) in _CONTRACTED


_NOT_LETTER = re.compile(rf"[^\w{MARKS}]")  #: (a vowel sign is a letter: बिमारी -> बीमारी is one)

#: Chinese characters typed for one another, of one sound and one job (的/得/地: "進行的順利" for
#: "進行得順利"); any other one-character change may be news (三人 -> 五人, 有罪 -> 無罪)
_CONFUSED = (frozenset("的得地"), frozenset("在再"), frozenset("做作"), frozenset("那哪"), frozenset("以已"))
_CJK_ONLY = re.compile(f"[{_CJK}]+")
_KANA = re.compile("[\u3040-\u30ff]")
#: the kanji next to an edit, which make one word with it (kana around it are endings, particles)
_KANJI_RUN_END = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]{0,3}$")
_KANJI_RUN_START = re.compile("^[\u3400-\u4dbf\u4e00-\u9fff]{0,3}")


def _cjk_minor(b: str, a: str, left: str, right: str) -> bool:
    """A slip in Chinese or Japanese: the same sound in another character (a Japanese word read
    whole, with the characters around the edit: 以外 -> 意外), or one of the characters Chinese
    writers confuse."""
    if len(b) == 1 and len(a) == 1 and any(b in pair and a in pair for pair in _CONFUSED):
        return True
    before = _KANJI_RUN_END.search(left)
    after = _KANJI_RUN_START.match(right)
    word_b = (before.group(0) if before else "") + b + (after.group(0) if after else "")
    word_a = (before.group(0) if before else "") + a + (after.group(0) if after else "")
    japanese = _KANA.search(left) is not None or _KANA.search(right) is not None  # (not Chinese)
    return japanese and same_reading(word_b, word_a)


def _is_minor(before: str, after: str, left: str = "", right: str = "") -> bool:
    """A typo or punctuation fix: one short word-level replacement (``left`` and ``right``: the
    text around it, for a word of Chinese or Japanese, which has no spaces to end it)."""
    b, a = before.strip(), after.strip()
    if not b or not a or len(b.split()) > 2 or len(a.split()) > 2:
        return False
    if not b.isascii() and _CJK_ONLY.fullmatch(b) and _CJK_ONLY.fullmatch(a):
        return _cjk_minor(b, a, left, right)
    if _numbers(b) != _numbers(a):
        return False  # a number changed: "12" -> "21", "12.5" -> "1.25" is news, not a typo
    if _UNIT_SIGNS.findall(b) != _UNIT_SIGNS.findall(a):
        return False  # "£" -> "$"
    letters_b = _NOT_LETTER.sub("", b).casefold()
    letters_a = _NOT_LETTER.sub("", a).casefold()
    if letters_a == letters_b:
        return True  # punctuation or case only
    if _negated(b) != _negated(a) or {letters_a, letters_b} & _NEGATIONS:
        return False  # "can" -> "can't", "now" -> "not" flip the meaning
    if {letters_a, letters_b} & (_MAGNITUDES | NUMBER_WORDS) or _prefix_flip(letters_b, letters_a):
        return False  # "million" -> "billion", "eight" -> "eighty", "likely" -> "unlikely"
    return respelt(letters_b, letters_a)


def respelt(b: str, a: str) -> bool:
    """Whether ``a`` reads as ``b`` spelt right (or wrong): a letter or two in the middle of a
    long word, or two letters swapped. A word's first letter ("hired" -> "fired"), an "s" that
    makes it plural ("suspect" -> "suspects") and any letter of a short word ("Iran" -> "Iraq",
    "he" -> "she", "man" -> "men"), but for a swap ("teh" -> "the"), change what it says."""
    if UNCASED.search(a) or UNCASED.search(b):  # (a Korean syllable holds a word's letters: 됬 -> 됐)
        return _edit_distance(b, a) <= (1 if max(len(a), len(b)) <= 4 else 2)
    if sorted(a) == sorted(b) and _edit_distance(b, a) <= 2:
        return True  # two letters swapped
    if len(a) <= 4 or len(b) <= 4 or a[0] != b[0]:
        return False
    if a.rstrip("s") == b.rstrip("s") or a.removesuffix("es") == b or b.removesuffix("es") == a:
        return False  # singular and plural
    return _edit_distance(b, a) <= 2


def minor_edits(old: str, new: str) -> list[tuple[str, str]]:
    """Replacements in ``new`` vs ``old`` that look like typo or punctuation fixes."""
    return minor_edits_in(diff_words(canonical(old), canonical(new)))


_NUMBER_NEXT = re.compile(r"[£$€¥₹]?\d")


def _signed(before: str, after: str, right: str) -> bool:
    """Whether an edit before a number (``right``) puts a minus sign on it or takes one off:
    "-5%" made "5%" is a figure changed, not a punctuation fix."""
    return before.rstrip().endswith("-") != after.rstrip().endswith("-") and bool(_NUMBER_NEXT.match(right))


def minor_edits_in(diffs: list[tuple[int, str]]) -> list[tuple[str, str]]:
    """The minor edits in a word diff (as from ``diff_words`` on canonical texts)."""
    found: list[tuple[str, str]] = []
    for k in range(len(diffs) - 1):
        (op1, t1), (op2, t2) = diffs[k], diffs[k + 1]
        left = diffs[k - 1][1] if k and diffs[k - 1][0] == 0 else ""
        right = diffs[k + 2][1] if k + 2 < len(diffs) and diffs[k + 2][0] == 0 else ""
        if op1 == -1 and op2 == 1 and _is_minor(t1, t2, left, right) and not _signed(t1, t2, right):
            found.append((t1.strip(), t2.strip()))
    # a lone punctuation insert or delete ("Canada," -> "Canada") is minor as well
    for k, (op, t) in enumerate(diffs):
        if op in (-1, 1) and t.strip() and not re.search(r"\w", t):
            neighbours = [diffs[x][0] for x in (k - 1, k + 1) if 0 <= x < len(diffs)]
            if _signed(t, "", diffs[k + 1][1] if k + 1 < len(diffs) else ""):
                continue
            if all(n == 0 for n in neighbours):
                before = diffs[k - 1][1].split()[-1:] if k > 0 else []
                word = before[0] if before else ""
                found.append((word + t.strip(), word) if op == -1 else (word, word + t.strip()))
    return found


def changed_chars(old: str, new: str) -> tuple[int, int]:
    """Characters inserted and deleted between two texts (word-level, canonical form)."""
    return changed_chars_in(diff_words(canonical(old), canonical(new)))


def changed_chars_in(diffs: list[tuple[int, str]]) -> tuple[int, int]:
    ins = dele = 0
    for op, text in diffs:
        if op == 1:
            ins += len(text)
        elif op == -1:
            dele += len(text)
    return ins, dele
