"""Dates mentioned in the body, resolved to ISO ``YYYY-MM-DD``. Pure.

"March 28", "on April 2", "May 3, 2025", "28 March", "2025-04-28", "26.03.2026", "Tuesday",
and the same in French, German, Spanish, Italian, Portuguese, Dutch, Swedish, Danish, Norwegian
and Polish ("am Donnerstag", "vom 16. bis 20. März", "lunedì prossimo", "nesta sexta-feira (13)",
"volgende week dinsdag", "i tisdags", "w przyszły poniedziałek"). A date
without a year takes the publication year, unless it would then lie more than nine months from the
publication date: then the year next to it ("December 30" in a story of January 2 is the
December just past, "January 5" in one of December 30 the coming January). A bare weekday is
the latest such day on or before the publication date ("next Tuesday": the first one after
it), unless its sentence speaks of the future ("will meet on Sunday", "talks are set to resume
Sunday"): then it is the first such day on or after the publication date.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from contextlib import suppress
from datetime import date, timedelta

from watcher.extract._text import trie
from watcher.extract.calendar import MONTH_RE, MONTHS, WEEKDAYS
from watcher.types import BodyDate

_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# Day first: 26.03.2026. (Patterns that open with a digit or a word, not "\b", let the regex
# engine skip ahead to where they can start; the boundary before is checked by hand.)
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
# Chinese, Japanese and Korean: "3月19日", "2026年3月19日", "3월 19일"
_CJK = re.compile(
    r"(?:(\d{4})\s*[年년]\s*|(去年|昨年|前年|今年|本年|来年|明年|지난해|작년|올해|내년)\s*)?"
    r"(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]"
)
#: the year a word names, from the publication's ("去年" and "지난해": last year)
_YEAR_WORD = {
    "去年": -1, "昨年": -1, "前年": -1, "지난해": -1, "작년": -1, "今年": 0, "本年": 0, "올해": 0,
    "来年": 1, "明年": 1, "내년": 1,
}  # fmt: skip
# The day of the month alone, as Chinese, Japanese and Korean papers write it ("12日、発表しまし
# た", "今月10日", "지난 10일", "오는 19일"): in the publication's month, or the one its word says.
# Not a count of days ("3日間", "5日後", "3일 동안", "1日あたり").
_CJK_DAY = re.compile(
    r"(?:(今月|本月|先月|上月|来月|下月|이번\s?달|지난\s?달|다음\s?달|지난|오는)\s?)?(\d{1,2})\s?[日일]"
    r"(?!\s?(?:間|间|以内|以上|以下|ぶり|後|后|前|連続|分|あたり|当たり|平均|勤務|内|內|\d|째|간|동안|후|전|만에|"
    r"이내|내|이상|이하|근무|연속))"
)
#: words before a count of days ("週5日", "過去7日", "至少2日", "주 5일", "최근 7일")
_DAY_COUNT_BEFORE = re.compile(r"(?:週|过去|過去|至少|最近|毎|每|約|约|주|최근|매주|약)\s?$")
#: the end of a range of days after a full date ("4月28日から30日まで", "5月1日至3日")
_RANGE_BEFORE = re.compile(r"(?:から|～|〜|~|-|–|至|到|부터|에서)\s?$")
_MONTH_WORD = {
    "今月": 0, "本月": 0, "이번달": 0, "이번 달": 0, "先月": -1, "上月": -1, "지난달": -1, "지난 달": -1,
    "来月": 1, "下月": 1, "다음달": 1, "다음 달": 1,
}  # fmt: skip


def _day_of_month(day: int, word: str | None, reference: date) -> date | None:
    """The ``day`` that ``word`` (a month, or Korean "지난"/"오는": the last, the coming) means."""
    shift = _MONTH_WORD.get(word or "", 0)
    if word == "지난" and day > reference.day:
        shift = -1  # "지난 28일" on the 12th: last month's
    elif word == "오는" and day < reference.day:
        shift = 1  # "오는 2일" on the 12th: next month's
    month = reference.month + shift
    year = reference.year + (month - 1) // 12
    try:
        return date(year, (month - 1) % 12 + 1, day)
    except ValueError:  # no such day in that month
        return None


_MDY = re.compile(r"\b(" + MONTH_RE + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4})\b)?")
# Day first: "28 March", "2nd of April", and the same in French, German, Spanish ("2 avril",
# "28. März", "2 de abril de 2025"). Foreign names match in any case; English ones only
# capitalised, so "1 may" (the verb) is not a date.
# (a trie: an alternation of two hundred and fifty names took long to compile and to try)
_FOREIGN = trie(sorted(n for n in MONTHS if not re.fullmatch(MONTH_RE, n, re.IGNORECASE)))
_DMY_PATTERN = (
    r"\b(\d{1,2})(?:st|nd|rd|th|er|º|°)?\.?\s+(?:of\s+|de\s+)?(" + MONTH_RE + r"|(?i:" + _FOREIGN + r"))\b\.?"
    r"(?:\s?/\s?(?i:" + _FOREIGN + r"))?"  # (the Levant's "12 آذار/مارس": two names of one month)
    r"(?:,?\s+(?:de\s+)?(\d{4})\b)?"
)
_DMY = re.compile(_DMY_PATTERN)
#: a month abbreviated with its full stop, day first, in a page of another language than
#: English ("10. Dez.", "3 déc.", "3 dic.", "3 set."): the stop says it is no word ("dez", "set")
_ABBREVIATED = {
    **dict.fromkeys(("jan", "janv", "ene", "gen"), 1),
    **dict.fromkeys(("feb", "févr", "fév", "fevr", "fev", "febr"), 2),
    **dict.fromkeys(("mär", "mrz", "mar", "mrt"), 3),
    **dict.fromkeys(("apr", "avr", "abr"), 4),
    **dict.fromkeys(("jun", "juin", "giu"), 6),
    **dict.fromkeys(("jul", "juil", "lug"), 7),
    **dict.fromkeys(("aug", "aoû", "ago"), 8),
    **dict.fromkeys(("sep", "sept", "set"), 9),
    **dict.fromkeys(("okt", "oct", "ott", "out"), 10),
    **dict.fromkeys(("nov",), 11),
    **dict.fromkeys(("dez", "déc", "dec", "dic"), 12),
}
_DMY_ABBREVIATED = re.compile(
    r"\b(\d{1,2})(?:er|º|°)?\.?\s+(?:de\s+)?("
    + "|".join(sorted(_ABBREVIATED, key=len, reverse=True))
    + r")\.",
    re.IGNORECASE,
)
#: German day and month in figures with no year, after a preposition: "am 3.12.", "bis 10.1."
_GERMAN_DAY_MONTH = re.compile(r"\b(?:am|vom|bis|zum|ab|den|seit)\s+(\d{1,2})\.(\d{1,2})\.(?!\d)")
# On a page in another language than English, English names in lower case are months too
# (Dutch "1 april", "3 november")
_DMY_ANY_CASE = re.compile(_DMY_PATTERN, re.IGNORECASE)
# "March 4 and 5", "April 2-3": the second day of the same month, when nothing follows it
# or a word that starts a phrase of its own ("April 8-10 in the chamber"; not "May 3 and 40
# people", whose number counts something).
_AND_DAY = re.compile(
    r"(?:\s+(?:and|or|to)\s+|\s*[-\u2013]\s*)(\d{1,2})(?:st|nd|rd|th)?\b"
    r"(?=\s*(?:[,.;:)]|$)|\s+(?:in|at|on|for|from|with|by|the|a|an|and|or|but|when|while|before|after|"
    r"as|during|between|across|under|via|to|until|till)\b)"
)
# "16 to 20 March", "vom 16. bis 20. März", "du 16 au 20 mars", "del 16 al 20 de marzo": the
# first day of a range written before the month, read back from the date that ends it.
_DAY_BEFORE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th|er)?\.?\s*(?:(?:to|and|or|bis(?:\s+zum)?|und|oder|au|et|ou|al|y|a)\s+|"
    r"[-\u2013]\s*)(?:(?:the|den|le|el)\s+)?$"
)
_FUTURE = re.compile(
    r"\b(?:will|shall|to\s+(?:resume|meet|begin|start|vote|hold|return|take\s+effect)|set\s+to|"
    r"scheduled|expected\s+to|plans?\s+to|planned|due\s+to|is\s+due|are\s+due|upcoming|coming|"
    # German, French and Spanish words that are no English ones: on a page of unknown language too
    r"wird|werden|soll|sollen|geplant|vont|seront|auront|feront|iront|doivent|devrait|ser[áa]n|ser[á])\b"
    r"|'ll\b",
    re.IGNORECASE,
)
# The future in German, French and Spanish, on pages in that language only ("Va." is Virginia,
# "Ira" a name, "camera" no French verb): its words, and in French and Spanish the future
# tense's endings (French -ra/-ront: "votera", "se retrouveront"; Spanish -rá/-rán: "se sumarán").
_NORWEGIAN_FUTURE = re.compile(r"\b(?:skal|vil|kommer\s+til\s+å|planlagt|ventes)\b", re.IGNORECASE)
_FUTURE_IN = {
    "de": re.compile(r"\b(?:wird|werden|soll|sollen|geplant)\b", re.IGNORECASE),
    "fr": re.compile(
        r"\b(?:va|vont|doit|doivent|devrait|pr[ée]vue?s?|sera|seront|aura|auront|fera|feront|ira|iront|"
        r"\w{2,}(?:e|i|d|tt|oi|u|r|v)r(?:a|ont))\b",
        re.IGNORECASE,
    ),
    "es": re.compile(r"\b(?:van?\s+a|previst[oa]s?|\w+r(?:á|án))\b", re.IGNORECASE),
    # Italian -rà/-ranno ("si terrà", "sciopereranno"), Portuguese -rá/-rão ("será", "farão")
    "it": re.compile(r"\b(?:previst[oaie]|\w+r(?:à|anno))(?!\w)", re.IGNORECASE),
    "pt": re.compile(r"\b(?:vai|v[ãa]o|previst[oa]s?|\w+r(?:á|ão))(?!\w)", re.IGNORECASE),
    "nl": re.compile(r"\b(?:zal|zullen|zult|gepland|verwacht)\b", re.IGNORECASE),
    "sv": re.compile(r"\b(?:ska|skall|kommer\s+att|planeras|väntas)\b", re.IGNORECASE),
    "da": re.compile(r"\b(?:skal|vil|kommer\s+til\s+at|planlagt|ventes)\b", re.IGNORECASE),
    "nb": _NORWEGIAN_FUTURE,
    "pl": re.compile(
        r"(?<!\w)(?:będzie|będą|zostanie|zostaną|ma\s+zostać|planowan[aey]|zaplanowan[aoy])(?!\w)",
        re.IGNORECASE,
    ),
    "no": _NORWEGIAN_FUTURE,
    # Ukrainian's future in -тиме/-тимуть ("працюватиме"), Russian's with "будет"
    "uk": re.compile(
        r"(?<!\w)(?:буде|будуть|відбудеться|заплановано|планують|планує|\w+тим(?:е|уть|еться|уться))(?!\w)",
        re.IGNORECASE,
    ),
    "ru": re.compile(r"(?<!\w)(?:будет|будут|состоится|запланирован\w*|планиру\w+)(?!\w)", re.IGNORECASE),
    "ar": re.compile(r"(?<!\S)(?:سوف|سيتم|ستتم|من\s+المقرر|من\s+المنتظر|المقبل|القادم)(?!\S)"),
    # Hindi's future in -गा/-गी/-गे after its vowel ("जाएगा", "होगी", "करेंगे"; not "लगा")
    "hi": re.compile(
        "(?:\u0947|\u0947\u0902|\u094b|\u094b\u0902|\u090f|\u090f\u0902|\u0942\u0901|\u0942\u0902)"
        "(?:\u0917\u093e|\u0917\u0940|\u0917\u0947)"
    ),
    # Turkish's future in -acak/-ecek ("açılacak", "düzenleyecek")
    "tr": re.compile(r"\w+(?:acak|ecek|acağı|eceği|acaklar|ecekler)\w*|(?<!\w)planlan\w*", re.IGNORECASE),
}
# A future auxiliary right after the weekday: German puts the verb second, after the day that
# opens the sentence ("Am Montag soll der Streik beginnen"); English makes the day the subject
# ("Monday will see talks resume").
_FUTURE_AFTER = re.compile(r",?\s+(?:will|shall|wird|werden|soll|sollen|zal|zullen)\b", re.IGNORECASE)
#: how far back the sentence of a weekday is read for its tense
_SENTENCE_REACH = 300
_SENTENCE_START = re.compile(r"[.!?]\s+(?=[A-Z\u00c0-\u00de\u201c\u201e\u00bb\u00ab\"])")
# English and German weekdays are capitalised, French, Spanish, Italian, Portuguese and Dutch
# ones not (a capitalised "Domingo" is a name; "Lunedì", "Sexta-feira" and "Maandag", which are
# no names, are read at the start of a sentence too). "next"/"last" and their German, Spanish,
# Portuguese and Dutch words come before the day, French "prochain"/"dernier" after it, Italian
# "prossimo"/"scorso" either side, Portuguese "passado" after.
#: every spelling of a weekday the body is read for, as alternatives ("[Ll]uned[ìi]": four)
WEEKDAY_SPELLINGS = (
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Montag|Dienstag|Mittwoch|Donnerstag|"
    r"Freitag|Samstag|Sonnabend|Sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|"
    r"mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo|[Ll]uned[ìi]|[Mm]arted[ìi]|[Mm]ercoled[ìi]|"
    r"[Gg]ioved[ìi]|[Vv]enerd[ìi]|sabato|domenica|[Ss]egunda-feira|[Tt]er[çc]a-feira|[Qq]uarta-feira|"
    r"[Qq]uinta-feira|[Ss]exta-feira|[Mm]aandag|[Dd]insdag|[Ww]oensdag|[Dd]onderdag|[Vv]rijdag|[Zz]aterdag|"
    r"[Zz]ondag|[Mm]åndags|[Mm]åndag|[Tt]isdags|[Tt]isdag|[Oo]nsdags|[Oo]nsdag|[Tt]orsdags|[Tt]orsdag|"
    r"[Ff]redags|[Ff]redag|[Ll]ördags|[Ll]ördag|[Ss]öndags|[Ss]öndag|[Mm]andag|[Tt]irsdag|[Ll]ørdag|[Ss]øndag|"
    r"[Pp]oniedziałek|[Ww]torek|[Śś]rodę|[Śś]roda|[Cc]zwartek|[Pp]iątek|[Ss]obotę|[Ss]obota|[Nn]iedzielę|[Nn]iedziela|"
    # Ukrainian and Russian, in the accusative ("у вівторок") and the genitive ("минулого вівторка")
    r"[Пп]онеділок|[Пп]онеділка|[Вв]івторок|[Вв]івторка|[Сс]ереду|[Сс]ереда|[Сс]ереди|[Чч]етвер|[Чч]етверга|"
    r"[Пп]['’]ятницю|[Пп]['’]ятниця|[Пп]['’]ятниці|[Сс]уботу|[Сс]убота|[Сс]уботи|[Нн]еділю|[Нн]еділя|[Нн]еділі|"
    r"[Пп]онедельник|[Пп]онедельника|[Вв]торник|[Вв]торника|[Сс]реду|[Сс]реда|[Сс]реды|[Чч]етверг|"
    r"[Пп]ятницу|[Пп]ятница|[Пп]ятницы|[Сс]убботу|[Сс]уббота|[Сс]убботы|[Вв]оскресенье|[Вв]оскресенья|"
    # Arabic
    r"الاثنين|الإثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة|السبت|الأحد|الاحد|"
    # Turkish ("Pazar" only capitalised: "pazar" is a market too); Hebrew with "day"
    r"[Pp]azartesi|[Ss]alı|[Çç]arşamba|[Pp]erşembe|[Cc]uma|[Cc]umartesi|Pazar|"
    r"יום ראשון|יום שני|יום שלישי|יום רביעי|יום חמישי|יום שישי|יום שבת|ביום ראשון|ביום שני|ביום שלישי|"
    r"ביום רביעי|ביום חמישי|ביום שישי|ביום שבת|בשבת|"
    # Hindi
    r"सोमवार|मंगलवार|बुधवार|गुरुवार|बृहस्पतिवार|शुक्रवार|शनिवार|रविवार"
)


def _expand(alternatives: str) -> list[str]:
    """The words an alternation of letters and one-letter classes stands for."""
    words: list[str] = []
    for alternative in alternatives.split("|"):
        pieces = re.split(r"(\[[^\]]+\])", alternative)
        choices = [list(p[1:-1]) if p.startswith("[") else [p] for p in pieces if p]
        words.extend("".join(c) for c in itertools.product(*choices))
    return words


_WEEKDAY = re.compile(
    "(" + trie(_expand(WEEKDAY_SPELLINGS)) + ")"
    r"(?!\w)(?:\s+(prochain|dernier|prossim[oa]|scors[oa]|passad[oa]|الماضي|الفائت|المقبل|القادم))?"
)
_BEFORE_WEEKDAY = re.compile(
    r"(?:^|(?<=\s))(last|next|this|on|am|letzten|vergangenen|n[äa]chsten|kommenden|diesen|"
    r"у|в|во|минулого|минулої|минулий|наступного|наступної|наступний|цього|цієї|прошлый|прошлого|"
    r"прошлую|следующий|следующего|следующую|этот|этого|эту|يوم|"
    r"(?:d?el|al)\s+pr[óo]ximo|(?:d?el|al)\s+pasado|este|el|ce|"
    r"(?:il|lo|la)\s+(?:prossim[oa]|scors[oa])|quest[oa]|"
    r"n[ao]\s+pr[óo]xim[oa]|n[ao]\s+[úu]ltim[oa]|n?est[ae]|n?ess[ae]|n[ao]|"
    r"(?:volgende|vorige)\s+week|volgende|vorige|komende|aanstaande|afgelopen|deze|op|"
    r"i|på|nästa|förra|nu\s+på|neste|forrige|næste|"
    r"w|we|w(?:e)?\s+(?:przyszł[ąy]|najbliższ[ąy]|zeszł[ąy]|ostatni[ąa]?|ubiegł[ąy]))\s+$",
    re.IGNORECASE,
)
_LAST = frozenset(
    {"last", "letzten", "vergangenen", "pasado", "dernier", "scorso", "scorsa", "passado", "passada",
     "última", "ultima", "último", "ultimo", "vorige", "afgelopen", "förra", "forrige", "zeszły", "zeszłą",
     "ostatni", "ostatnią", "ostatnia", "ubiegły", "ubiegłą", "минулого", "минулої", "минулий", "прошлый",
     "прошлого", "прошлую", "الماضي", "الفائت"}
)  # fmt: skip
_NEXT = frozenset(
    {"next", "nächsten", "nachsten", "kommenden", "próximo", "proximo", "prochain", "prossimo", "prossima",
     "próxima", "proxima", "volgende", "komende", "aanstaande", "nästa", "neste", "næste", "przyszły",
     "przyszłą", "najbliższy", "najbliższą", "наступного", "наступної", "наступний", "следующий",
     "следующего", "следующую", "المقبل", "القادم"}
)  # fmt: skip
#: "this Friday", "ce vendredi", "este viernes", "diesen Freitag", "nesta sexta-feira": the day
#: of the same week
_THIS = frozenset(
    {
        "this",
        "ce",
        "este",
        "diesen",
        "questo",
        "questa",
        "nesta",
        "neste",
        "nessa",
        "nesse",
        "esta",
        "deze",
        "цього",
        "цієї",
        "этот",
        "этого",
        "эту",
    }
)
# Between two weekdays of a range ("Monday to Friday", "Montag bis Freitag", "du lundi au
# vendredi", "de lunes a viernes", "maandag t/m vrijdag", "måndag till fredag")
_RANGE = re.compile(
    r"\s*(?:to|through|thru|till|until|-|\u2013|\u2014|bis|au|a|al|tot(?:\s+en\s+met)?|t/m|til|по|до|إلى|الى|حتى)\s*"
    r"(?<=\s|-|\u2013|\u2014)",
    re.IGNORECASE,
)
#: a date right after the weekday: "Tuesday, March 28", "fredag den 20 mars"
_DATE_FOLLOWS = re.compile(r",?\s+(?:den\s+)?(?:" + MONTH_RE + r"|\d{1,2}\b)")
#: Swedish, Danish and Norwegian "på fredag": the coming Friday (the past says "i fredags")
_COMING = frozenset({"på"})
# Brazilian papers write the day of the month after the weekday: "nesta sexta-feira (13)"
_DAY_IN_PARENS = re.compile(r"\s*\((\d{1,2})\)")


#: a yearless date further than this from the publication date is taken in the adjacent year
_WRAP = timedelta(days=270)


#: "last" or "next" said of a date with no year, before it ("el pasado 3 de diciembre", "lo
#: scorso 3 dicembre", "el próximo 3 de diciembre") or after it ("le 3 décembre dernier", "3 de
#: diciembre pasado", "le 3 décembre prochain")
_PAST_BEFORE = re.compile(
    r"(?:\b(?:el|del|lo|la|il|dello|della|o|a|do|da|no|na)\s+)(?:pasado|scors[oa]|passad[oa])\s+$",
    re.IGNORECASE,
)
_NEXT_BEFORE = re.compile(
    r"(?:\b(?:el|del|lo|la|il|dello|della|o|a|do|da|no|na)\s+)(?:pr[óo]xim[oa]|prossim[oa])\s+$",
    re.IGNORECASE,
)
_PAST_AFTER = re.compile(r"\s+(?:dernier|pasado|passado|scorso)\b", re.IGNORECASE)
_NEXT_AFTER = re.compile(r"\s+(?:prochain|pr[óo]ximo|prossimo)\b", re.IGNORECASE)


def _said_side(par: str, start: int, end: int) -> bool | None:
    """True when the text calls the date at ``start:end`` past, False when it calls it to
    come, None when it says neither."""
    before = par[max(0, start - 16) : start]
    if _PAST_BEFORE.search(before) or _PAST_AFTER.match(par, end):
        return True
    if _NEXT_BEFORE.search(before) or _NEXT_AFTER.match(par, end):
        return False
    return None


def _add_yearless(
    found: list[tuple[date, str]],
    month: int,
    day: int,
    m: re.Match[str],
    par: str,
    reference: date,
    group: int = 0,
) -> None:
    """A date with no year, as ``_yearless`` and the words around it (``_said_side``) place it."""
    try:
        when = _yearless(month, day, reference)
    except ValueError:
        return
    when = _as_said(when, reference, par, m)
    if when is not None:
        found.append((when, par[m.start(group or 0) : m.end()].strip()))


def _as_said(when: date | None, reference: date, par: str, m: re.Match[str]) -> date | None:
    """``when`` (a date with no year) moved a year to the side of publication the text calls
    it on ("el pasado 3 de diciembre" a week before it: a year ago); as it is when that year
    has no such day (February 29)."""
    side = _said_side(par, m.start(), m.end())
    if when is None or side is None or (when > reference) != side:
        return when
    try:
        return when.replace(year=when.year + (-1 if side else 1))
    except ValueError:
        return when


def _yearless(month: int, day: int, reference: date) -> date | None:
    """``month``/``day`` in the publication year, or across the new year when that is far
    (or when the publication year has no such day: February 29). None if no year fits."""
    near: list[date] = []
    for year in (reference.year, reference.year - 1, reference.year + 1):
        try:
            found = date(year, month, day)
        except ValueError:  # no such day in that year
            continue
        if abs(found - reference) <= _WRAP:
            near.append(found)
    return near[0] if near else None


def _month(name: str) -> int:
    low = name.lower().rstrip(".")
    return MONTHS.get(low) or MONTHS.get(low[:3], 0)


class _Taken:
    """Spans of text already read as a date, kept sorted: whether a new one overlaps any is a
    look at its two neighbours (a paragraph of thousands of dates stays linear)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def free(self, span: tuple[int, int]) -> bool:
        i = bisect_left(self.starts, span[0])
        before = i == 0 or self.ends[i - 1] <= span[0]
        after = i == len(self.starts) or self.starts[i] >= span[1]
        return before and after

    def add(self, span: tuple[int, int]) -> None:
        i = bisect_left(self.starts, span[0])
        self.starts.insert(i, span[0])
        self.ends.insert(i, span[1])


def _paragraph_dates(par: str, reference: date, language: str = "") -> list[tuple[date, str]]:
    found: list[tuple[date, str]] = []
    taken = _Taken()
    free = taken.free

    for m in _ISO.finditer(par):
        taken.add(m.span())
        try:
            found.append((date(int(m.group(1)), int(m.group(2)), int(m.group(3))), m.group(0)))
        except ValueError:
            continue
    for m in _DOTTED.finditer(par):
        if m.start() and (par[m.start() - 1].isalnum() or par[m.start() - 1] == "."):
            continue
        taken.add(m.span())
        try:
            found.append((date(int(m.group(3)), int(m.group(2)), int(m.group(1))), m.group(0)))
        except ValueError:
            continue
    date_ends: set[int] = set()  # where each date with its month ends: "19 Mart Perşembe" is one day
    ends: dict[int, date] = {}  # where each full CJK date ends: a range's second day takes its month
    cjk_text = not par.isascii() and ("月" in par or "월" in par or "日" in par or "일" in par)
    for m in _CJK.finditer(par) if cjk_text else ():
        if m.start() and par[m.start() - 1].isdigit():
            continue
        taken.add(m.span())
        try:
            month, dom = int(m.group(3)), int(m.group(4))
            if m.group(1):
                cjk: date | None = date(int(m.group(1)), month, dom)
            elif m.group(2):
                cjk = date(reference.year + _YEAR_WORD[m.group(2)], month, dom)
            else:
                cjk = _yearless(month, dom, reference)
        except ValueError:
            continue
        if cjk is not None:
            found.append((cjk, m.group(0)))
            ends[m.end()] = cjk
    for m in _CJK_DAY.finditer(par) if cjk_text else ():
        glued = (
            m.group(1) is None
            and m.start(2)
            and (par[m.start(2) - 1].isdigit() or par[m.start(2) - 1] in "月월第")
        )
        if glued or not free(m.span()) or _DAY_COUNT_BEFORE.search(par, max(0, m.start() - 3), m.start()):
            continue  # (the day of a date with its month, the end of a longer number, a count)
        taken.add(m.span())
        ranged = _RANGE_BEFORE.search(par, max(0, m.start() - 4), m.start()) if m.group(1) is None else None
        opening = ends.get(ranged.start(), ends.get(ranged.start() - 1)) if ranged else None
        if opening is not None:  # the range's first day gives the month: "4月28日から30日"
            with suppress(ValueError):  # (no such day in that month)
                found.append((opening.replace(day=int(m.group(2))), m.group(0)))
            continue
        if (day_of := _day_of_month(int(m.group(2)), m.group(1), reference)) is not None:
            found.append((day_of, m.group(0)))
    dmy = _DMY_ANY_CASE if language not in ("", "en") else _DMY
    for pattern, month_group, day_group in ((_MDY, 1, 2), (dmy, 2, 1)):
        for m in pattern.finditer(par):
            if not free(m.span()):
                continue
            taken.add(m.span())
            month = _month(m.group(month_group))
            try:
                if m.group(3):
                    first: date | None = date(int(m.group(3)), month, int(m.group(day_group)))
                else:
                    first = _as_said(_yearless(month, int(m.group(day_group)), reference), reference, par, m)
            except ValueError:  # no such day
                continue
            if first is None:
                continue
            if pattern is dmy:
                before = _DAY_BEFORE.search(par, max(0, m.start() - 24), m.start())
                if before and free(before.span()) and 0 < int(before.group(1)) < first.day:
                    taken.add(before.span())
                    found.append((first.replace(day=int(before.group(1))), before.group(0).strip()))
            found.append((first, m.group(0)))
            date_ends.add(m.end())
            second = _AND_DAY.match(par, m.end()) if pattern is _MDY and not m.group(3) else None
            if second:
                taken.add(second.span())
                try:
                    found.append((first.replace(day=int(second.group(1))), second.group(0).strip()))
                except ValueError:
                    continue
    if language not in ("", "en"):
        for m in _DMY_ABBREVIATED.finditer(par):
            if free(m.span()):
                taken.add(m.span())
                _add_yearless(found, _ABBREVIATED[m.group(2).lower()], int(m.group(1)), m, par, reference)
    if language.lower().startswith("de"):
        for m in _GERMAN_DAY_MONTH.finditer(par):
            if free(m.span(1)) and 1 <= int(m.group(2)) <= 12:
                taken.add(m.span())
                _add_yearless(found, int(m.group(2)), int(m.group(1)), m, par, reference, group=1)
    for m in _WEEKDAY.finditer(par):
        if m.start() and par[m.start() - 1].isalnum():
            continue  # inside a word
        before = _BEFORE_WEEKDAY.search(par, max(0, m.start() - 16), m.start())
        span = (before.start() if before else m.start(), m.end())
        if not free(span) or not date_ends.isdisjoint(range(span[0] - 2, span[0] + 1)):
            continue  # (taken, or the weekday of the date before it: "19 Mart Perşembe")
        if _DATE_FOLLOWS.match(par[m.end() : m.end() + 18]):
            continue  # "Tuesday, March 28", "fredag den 20 mars": the explicit date is taken instead
        joined = _RANGE.match(par, m.end())
        second = _WEEKDAY.match(par, joined.end()) if joined else None
        if second:  # "Monday to Friday", "du lundi au vendredi": opening hours, not two dates
            taken.add((span[0], second.end()))
            continue
        wanted = WEEKDAYS.get(m.group(1).lower())
        if wanted is None:
            continue  # (every name the pattern takes is in WEEKDAYS: a test holds them together)
        told = _DAY_IN_PARENS.match(par, m.end())
        if told and (day := _weekday_of_month(wanted, int(told.group(1)), reference)) is not None:
            span = (span[0], told.end())
            taken.add(span)
            found.append((day, par[span[0] : span[1]]))
            continue
        begin = max(0, m.start() - _SENTENCE_REACH)
        starts = [x.end() for x in _SENTENCE_START.finditer(par, begin, m.start())]
        sentence = par[starts[-1] if starts else begin : m.start()]
        # the words that say which one ("del próximo" says "próximo")
        said = ((before.group(1) if before else "") or m.group(2) or "").lower().split()
        if m.group(1).lower().endswith("dags"):
            said = ["förra"]  # Swedish "i tisdags": last Tuesday, whatever the tense
        end = m.end()

        def future(sentence: str = sentence, end: int = end) -> bool:
            return _speaks_of_the_future(sentence, language) or _FUTURE_AFTER.match(par, end) is not None

        resolved = _weekday(reference, wanted, said, future)
        if resolved is not None:
            taken.add(span)
            found.append((resolved, par[span[0] : span[1]]))
    return found


def _weekday(reference: date, wanted: int, said: list[str], future: Callable[[], bool]) -> date | None:
    """The day a weekday (``wanted``, Monday 0) names, by the words before or after it
    (``said``) and, when they do not say, by whether its sentence speaks of the ``future``.
    None when that day is out of the calendar's range (a page dated 9999)."""
    word = (said or [""])[-1]
    weekday = reference.weekday()
    if word == "week":  # Dutch "volgende week dinsdag": the Tuesday of next week (or last week)
        delta = wanted - weekday + (7 if said[0] == "volgende" else -7)
    elif word in _THIS:
        delta = wanted - weekday
    elif word in _COMING or (word not in _LAST and word not in _NEXT and future()):
        delta = (wanted - weekday) % 7
    elif word in _NEXT:
        delta = (wanted - weekday - 1) % 7 + 1
    else:
        delta = -((weekday - wanted) % 7) or (-7 if word in _LAST else 0)
    try:
        return reference + timedelta(days=delta)
    except OverflowError:
        return None


def _weekday_of_month(weekday: int, day: int, reference: date) -> date | None:
    """The day ``day`` of a month near ``reference`` that falls on ``weekday`` ("sexta-feira
    (13)"): the nearest such, within about six weeks."""
    found: list[date] = []
    for shift in (-1, 0, 1):
        month = (reference.month - 1 + shift) % 12 + 1
        year = reference.year + (reference.month - 1 + shift) // 12
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate.weekday() == weekday:
            found.append(candidate)
    return min(found, key=lambda d: abs(d - reference)) if found else None


# A past reporting verb between the sentence's future and the weekday dates the weekday by the
# report: "The barrier will not be finished by winter, officials said on Thursday" (the last
# Thursday), where "officials said the barrier will open on Thursday" is the coming one.
_REPORTED_PAST = re.compile(
    r"\b(?:said|told|announced|confirmed|reported|added|wrote|stated|revealed|disclosed|admitted|"
    r"warned|insisted|argued|testified|tweeted|posted)\b",
    re.IGNORECASE,
)


def _speaks_of_the_future(sentence: str, language: str) -> bool:
    reported = [m.end() for m in _REPORTED_PAST.finditer(sentence)]
    if reported:
        sentence = sentence[reported[-1] :]  # (what was said after the report's verb)
    tense = _FUTURE_IN.get(language)
    return _FUTURE.search(sentence) is not None or (tense is not None and tense.search(sentence) is not None)


def find_dates(paragraphs: Sequence[str], reference: date, language: str | None = None) -> list[BodyDate]:
    """Every date the body mentions, paragraph by paragraph. ``language``: the page's language
    tag ("fr-FR"), which lets the future tense be read by its endings."""
    primary = (language or "").lower()[:2]
    return [
        BodyDate(day.isoformat(), raw, index)
        for index, par in enumerate(paragraphs)
        for day, raw in _paragraph_dates(par, reference, primary)
    ]
