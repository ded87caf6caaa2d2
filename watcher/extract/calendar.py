"""Month names, time zones and the parser for stated times ("Updated 9:47 PM EDT, March 28, 2025").

Pure: text in, aware UTC datetime out.

The caller may pass what the page tells of its zone (``PageZone``): the UTC offset its
machine-readable times are written in (``article:modified_time`` ending ``+05:30``, say) and
its country (its language tag or its domain: ``de``, ``en-IE``, ``.il``). A stated time
without a zone is taken in the country's zone when the country has one (so that daylight
saving is right all year), else in the page's offset, else as UTC. Some zone abbreviations
name several zones: "IST" is India's, Israel's or Ireland's, "CST" the US's Central or
China's, "BST" British Summer Time or Bangladesh's; the one with the page's offset is taken,
else the one of the page's country, else the most common reading.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    [
        # English, French, German, Spanish, Italian, Portuguese, Dutch, Swedish, Danish,
        # Norwegian and Polish (in the genitive too: "20 marca"). Full names only: "set", "out"
        # and "dez" are words too; Dutch "mrt" and "okt" are only abbreviations
        (
            "january",
            "jan",
            "janvier",
            "januar",
            "enero",
            "gennaio",
            "janeiro",
            "januari",
            "styczeń",
            "stycznia",
        ),
        (
            "february",
            "feb",
            "février",
            "fevrier",
            "februar",
            "febrero",
            "febbraio",
            "fevereiro",
            "februari",
            "luty",
            "lutego",
        ),
        (
            "march",
            "mar",
            "mars",
            "märz",
            "marz",
            "marzo",
            "março",
            "maart",
            "mrt",
            "marts",
            "marzec",
            "marca",
        ),
        ("april", "apr", "avril", "abril", "aprile", "kwiecień", "kwietnia"),
        ("may", "mai", "mayo", "maggio", "maio", "mei", "maj", "maja"),
        ("june", "jun", "juin", "juni", "junio", "giugno", "junho", "czerwiec", "czerwca"),
        ("july", "jul", "juillet", "juli", "julio", "luglio", "julho", "lipiec", "lipca"),
        ("august", "aug", "août", "aout", "agosto", "augustus", "augusti", "sierpień", "sierpnia"),
        (
            "september",
            "sep",
            "sept",
            "septembre",
            "septiembre",
            "settembre",
            "setembro",
            "wrzesień",
            "września",
        ),
        (
            "october",
            "oct",
            "octobre",
            "oktober",
            "octubre",
            "ottobre",
            "outubro",
            "okt",
            "październik",
            "października",
        ),
        ("november", "nov", "novembre", "noviembre", "novembro", "listopad", "listopada"),
        (
            "december",
            "dec",
            "décembre",
            "decembre",
            "dezember",
            "diciembre",
            "dicembre",
            "dezembro",
            "grudzień",
            "grudnia",
        ),
    ],
    start=1,
):
    for _n in _names:
        MONTHS[_n] = _i
# Ukrainian and Russian (in the genitive too: "12 березня", "12 марта"); Arabic, with the
# Syriac names of the Levant and Iraq beside the Latin ones ("12 آذار/مارس 2026"); Turkish;
# Hebrew, bare and with the "in" a date writes before it ("19 במרץ")
for _i, _names in enumerate(
    [
        ("січень", "січня", "январь", "января", "يناير", "كانون الثاني", "ocak", "ינואר", "בינואר", "जनवरी"),
        (
            "лютий",
            "лютого",
            "февраль",
            "февраля",
            "فبراير",
            "شباط",
            "şubat",
            "subat",
            "פברואר",
            "בפברואר",
            "फ़रवरी",
            "फरवरी",
        ),
        (
            "березень",
            "березня",
            "март",
            "марта",
            "مارس",
            "آذار",
            "mart",
            "מרץ",
            "מרס",
            "במרץ",
            "במרס",
            "मार्च",
        ),
        (
            "квітень",
            "квітня",
            "апрель",
            "апреля",
            "أبريل",
            "ابريل",
            "إبريل",
            "نيسان",
            "nisan",
            "אפריל",
            "באפריל",
            "अप्रैल",
        ),
        ("травень", "травня", "май", "мая", "مايو", "أيار", "ايار", "mayıs", "mayis", "מאי", "במאי", "मई"),
        ("червень", "червня", "июнь", "июня", "يونيو", "يونيه", "حزيران", "haziran", "יוני", "ביוני", "जून"),
        ("липень", "липня", "июль", "июля", "يوليو", "يوليه", "تموز", "temmuz", "יולי", "ביולי", "जुलाई"),
        (
            "серпень",
            "серпня",
            "август",
            "августа",
            "أغسطس",
            "اغسطس",
            "آب",
            "ağustos",
            "agustos",
            "אוגוסט",
            "באוגוסט",
            "अगस्त",
        ),
        (
            "вересень",
            "вересня",
            "сентябрь",
            "сентября",
            "سبتمبر",
            "أيلول",
            "ايلول",
            "eylül",
            "eylul",
            "ספטמבר",
            "בספטמבר",
            "सितंबर",
            "सितम्बर",
        ),
        (
            "жовтень",
            "жовтня",
            "октябрь",
            "октября",
            "أكتوبر",
            "اكتوبر",
            "تشرين الأول",
            "تشرين الاول",
            "ekim",
            "אוקטובר",
            "באוקטובר",
            "अक्टूबर",
        ),
        (
            "листопад",
            "листопада",
            "ноябрь",
            "ноября",
            "نوفمبر",
            "تشرين الثاني",
            "kasım",
            "kasim",
            "נובמבר",
            "בנובמבר",
            "नवंबर",
            "नवम्बर",
        ),
        (
            "грудень",
            "грудня",
            "декабрь",
            "декабря",
            "ديسمبر",
            "كانون الأول",
            "كانون الاول",
            "aralık",
            "aralik",
            "דצמבר",
            "בדצמבר",
            "दिसंबर",
            "दिसम्बर",
        ),
    ],
    start=1,
):
    for _n in _names:
        MONTHS[_n] = _i

MONTH_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)

WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    # German, French, Spanish, Italian, Portuguese, Dutch; Swedish, Danish and Norwegian (with
    # Swedish "i tisdags": last Tuesday); Polish in the nominative and accusative ("w środę")
    "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5,
    "sonnabend": 5, "sonntag": 6, "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4,
    "samedi": 5, "dimanche": 6, "lunes": 0, "martes": 1, "miércoles": 2, "miercoles": 2, "jueves": 3,
    "viernes": 4, "sábado": 5, "sabado": 5, "domingo": 6, "lunedì": 0, "lunedi": 0, "martedì": 1,
    "martedi": 1, "mercoledì": 2, "mercoledi": 2, "giovedì": 3, "giovedi": 3, "venerdì": 4,
    "venerdi": 4, "sabato": 5, "domenica": 6, "segunda-feira": 0, "terça-feira": 1, "terca-feira": 1,
    "quarta-feira": 2, "quinta-feira": 3, "sexta-feira": 4, "maandag": 0, "dinsdag": 1, "woensdag": 2,
    "donderdag": 3, "vrijdag": 4, "zaterdag": 5, "zondag": 6, "måndag": 0, "tisdag": 1, "onsdag": 2,
    "torsdag": 3, "fredag": 4, "lördag": 5, "söndag": 6, "måndags": 0, "tisdags": 1, "onsdags": 2,
    "torsdags": 3, "fredags": 4, "lördags": 5, "söndags": 6, "mandag": 0, "tirsdag": 1, "lørdag": 5,
    "søndag": 6, "poniedziałek": 0, "wtorek": 1, "środa": 2, "środę": 2, "czwartek": 3, "piątek": 4,
    "sobota": 5, "sobotę": 5, "niedziela": 6, "niedzielę": 6,
    # Ukrainian and Russian (accusative and genitive), Arabic
    "понеділок": 0, "понеділка": 0, "вівторок": 1, "вівторка": 1, "середу": 2, "середа": 2, "середи": 2,
    "четвер": 3, "четверга": 3, "п'ятницю": 4, "п’ятницю": 4, "п'ятниця": 4, "п’ятниця": 4, "п'ятниці": 4,
    "п’ятниці": 4, "суботу": 5, "субота": 5, "суботи": 5, "неділю": 6, "неділя": 6, "неділі": 6,
    "понедельник": 0, "понедельника": 0, "вторник": 1, "вторника": 1, "среду": 2, "среда": 2, "среды": 2,
    "четверг": 3, "пятницу": 4, "пятница": 4, "пятницы": 4, "субботу": 5, "суббота": 5,
    "субботы": 5, "воскресенье": 6, "воскресенья": 6, "الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1,
    "الأربعاء": 2, "الاربعاء": 2, "الخميس": 3, "الجمعة": 4, "السبت": 5, "الأحد": 6, "الاحد": 6,
    # Turkish; Hebrew, with "day" ("יום שלישי": Tuesday; "שלישי" alone is "third")
    "pazartesi": 0, "salı": 1, "sali": 1, "çarşamba": 2, "carsamba": 2, "perşembe": 3, "persembe": 3,
    "cuma": 4, "cumartesi": 5, "pazar": 6, "יום ראשון": 6, "יום שני": 0, "יום שלישי": 1, "יום רביעי": 2,
    "יום חמישי": 3, "יום שישי": 4, "יום שבת": 5, "ביום ראשון": 6, "ביום שני": 0, "ביום שלישי": 1,
    "ביום רביעי": 2, "ביום חמישי": 3, "ביום שישי": 4, "ביום שבת": 5, "בשבת": 5,
    # Hindi
    "सोमवार": 0, "मंगलवार": 1, "बुधवार": 2, "गुरुवार": 3, "बृहस्पतिवार": 3, "शुक्रवार": 4, "शनिवार": 5,
    "रविवार": 6,
}  # fmt: skip

_FIXED = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "CET": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "JST": 9,
    "KST": 9,
    "AEST": 10,
    "AEDT": 11,
    "NZST": 12,
    "NZDT": 13,
    "EST": -5,
    "EDT": -4,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "AKST": -9,
    "AKDT": -8,
    "HST": -10,
}


def _hours(h: float) -> timedelta:
    return timedelta(hours=h)


# Abbreviations of several zones: their offsets, the most common reading first (India's IST
# is printed by far the most; Israel's is +2, or +3 in summer when it is not called IDT).
_AMBIGUOUS: dict[str, tuple[timedelta, ...]] = {
    "IST": (_hours(5.5), _hours(2), _hours(3), _hours(1)),
    "CST": (_hours(-6), _hours(8)),
    "BST": (_hours(1), _hours(6)),
}
# The zone of each country with one zone (or one that nearly all its people live in), for
# times written without a zone. "UK" is the United Kingdom's domain.
_COUNTRY_ZONES = {
    "DE": "Europe/Berlin", "AT": "Europe/Vienna", "CH": "Europe/Zurich", "FR": "Europe/Paris",
    "IT": "Europe/Rome", "ES": "Europe/Madrid", "NL": "Europe/Amsterdam", "BE": "Europe/Brussels",
    "LU": "Europe/Luxembourg", "DK": "Europe/Copenhagen", "SE": "Europe/Stockholm",
    "NO": "Europe/Oslo", "FI": "Europe/Helsinki", "PL": "Europe/Warsaw", "CZ": "Europe/Prague",
    "SK": "Europe/Bratislava", "HU": "Europe/Budapest", "GR": "Europe/Athens",
    "RO": "Europe/Bucharest", "IE": "Europe/Dublin", "GB": "Europe/London", "UK": "Europe/London",
    "PT": "Europe/Lisbon", "IL": "Asia/Jerusalem", "IN": "Asia/Kolkata", "PK": "Asia/Karachi",
    "BD": "Asia/Dhaka", "JP": "Asia/Tokyo", "KR": "Asia/Seoul", "CN": "Asia/Shanghai",
    "HK": "Asia/Hong_Kong", "TW": "Asia/Taipei", "SG": "Asia/Singapore", "PH": "Asia/Manila",
    "NZ": "Pacific/Auckland", "ZA": "Africa/Johannesburg", "NG": "Africa/Lagos",
    "KE": "Africa/Nairobi", "EG": "Africa/Cairo", "TR": "Europe/Istanbul",
    # most of Brazil's people live on Brasília time; Argentina, Colombia, Peru have one zone
    "BR": "America/Sao_Paulo", "AR": "America/Argentina/Buenos_Aires", "CO": "America/Bogota",
    "PE": "America/Lima",
    # most of Mexico's people live on Mexico City's time (no daylight saving since 2022)
    "MX": "America/Mexico_City",
    # most of Russia's people live on Moscow time
    "UA": "Europe/Kyiv", "RU": "Europe/Moscow", "BY": "Europe/Minsk", "KZ": "Asia/Almaty",
    # the Arab world's one-zone countries
    "SA": "Asia/Riyadh", "AE": "Asia/Dubai", "QA": "Asia/Qatar", "KW": "Asia/Kuwait",
    "BH": "Asia/Bahrain", "OM": "Asia/Muscat", "YE": "Asia/Aden", "IQ": "Asia/Baghdad",
    "JO": "Asia/Amman", "LB": "Asia/Beirut", "SY": "Asia/Damascus", "MA": "Africa/Casablanca",
    "DZ": "Africa/Algiers", "TN": "Africa/Tunis", "LY": "Africa/Tripoli", "SD": "Africa/Khartoum",
}  # fmt: skip
#: countries that write a numeric date month first (3/12/2026 is March 12); elsewhere, and
#: on a page whose country is told, the day comes first
_MONTH_FIRST = frozenset({"US", "PH", "CA", "FM", "MH", "PW"})


@lru_cache(maxsize=64)
def _country_zone(country: str) -> tuple[tzinfo, frozenset[timedelta]] | None:
    """The zone of a one-zone country and the offsets it takes in a year (winter, summer)."""
    name = _COUNTRY_ZONES.get(country)
    if name is None:
        return None
    try:
        zone = ZoneInfo(name)
    except (KeyError, ValueError, OSError):  # a system without that zone in its database
        return None
    offsets = {datetime(2025, month, 15, 12, tzinfo=zone).utcoffset() for month in (1, 7)}
    return zone, frozenset(o for o in offsets if o is not None)


# The reading of each ambiguous name in a country that prints it (ISO 3166 codes; "UK" is the
# United Kingdom's domain). Ireland says IST only in summer (GMT in winter); Israel says IST
# in winter (IDT in summer).
_BY_COUNTRY: dict[str, dict[str, timedelta]] = {
    "IST": {"IN": _hours(5.5), "IL": _hours(2), "IE": _hours(1)},
    "CST": {"US": _hours(-6), "CA": _hours(-6), "MX": _hours(-6), "CN": _hours(8), "TW": _hours(8)},
    "BST": {"GB": _hours(1), "UK": _hours(1), "BD": _hours(6)},
}
# "ET" and friends follow daylight saving: resolve with the zone database.
_REGIONAL = {
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}

ZONE_NAMES: tuple[str, ...] = tuple(sorted([*_FIXED, *_AMBIGUOUS, *_REGIONAL], key=len, reverse=True))

_ISO = re.compile(
    r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?"
)
_NUMERIC = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b")
_DOTTED = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\b")  # day first: 28.03.2025, 28.03.25
# the year first, as East Asian sites write it: 2026/03/12, 2026.03.12, 2026.3.12
_YEAR_FIRST = re.compile(r"\b(\d{4})([./])(\d{1,2})\2(\d{1,2})\b")
# Month names in every language MONTHS knows (stated times are often localised).
ANY_MONTH_RE = "(?:" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + ")"
_MONTH_DAY_YEAR = re.compile(
    r"\b(" + MONTH_RE + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.IGNORECASE
)
_DAY_MONTH_YEAR = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th|er)?\.?\s+(?:de\s+)?(" + ANY_MONTH_RE + r")"
    r"(?:\s?/\s?" + ANY_MONTH_RE + r")?"  # (the Levant's "آذار/مارس": two names of one month)
    r"\.?[,\u060c]?\s+(?:de\s+)?(\d{4})\b",
    re.IGNORECASE,
)
# Chinese, Japanese and Korean: "2026年3月12日", "2026년 3월 12일"
_CJK_DATE = re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")
_TIME = re.compile(
    r"\b(\d{1,2})(?:[:.h](\d{2}))?(?:[:.](\d{2}))?\s*([ap])\.?\s?m\b\.?"
    r"|(?:\b|(?<=[午후]))(\d{1,2})(?:[:.]|\s?h\s?)(\d{2})(?:[:.](\d{2}))?\b"
    # "14時32分", "14时32分", "14시 32분"; in the afternoon "午後2時32分", "下午2时", "오후 2시"
    r"|(午後|午前|下午|上午|오후|오전)?\s*(\d{1,2})\s*[時时시]\s*(?:(\d{1,2})\s*[分분])?",
    re.IGNORECASE,
)
_AFTERNOON = frozenset({"午後", "下午", "오후"})
#: "下午 2:32", "오후 2:32" before a clock time; Arabic "2:32 م" (مساءً: in the evening) after it
_AFTERNOON_BEFORE = re.compile(r"(?:午後|下午|오후)\s?$")
_AFTERNOON_AFTER = re.compile(r"^\s?(?:م|مساء[ًا]?)(?!\w)")
_NOON = re.compile(r"\b(noon|midnight)\b", re.IGNORECASE)
# An explicit offset ("UTC+2", "GMT-05:00", "+0000") is read before a zone name, so that
# "UTC+2" is two hours east of UTC, not UTC.
_ZONE = re.compile(
    r"(?:\b(?:UTC|GMT)\s?|(?<![\w:+-]))([+-]\d{1,2}(?::?\d{2})?)\b|\b(" + "|".join(ZONE_NAMES) + r")\b"
)


@dataclass(frozen=True, slots=True)
class ParsedTime:
    at: datetime  #: aware UTC
    precise: bool  #: a time of day was stated
    day: date | None = None  #: the calendar day as written (in the page's zone)
    #: a time of day written without a zone, on a page that tells of none: read as UTC, for
    #: want of better (``extract`` may learn the page's offset from its machine-readable times)
    zone_guessed: bool = False


def iso_utc(dt: datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SSZ`` for an aware datetime."""
    u = dt.astimezone(UTC)  # (not strftime: its %Y gives "999", not "0999", for a year below 1000)
    return f"{u.year:04d}-{u.month:02d}-{u.day:02d}T{u.hour:02d}:{u.minute:02d}:{u.second:02d}Z"


@dataclass(frozen=True, slots=True)
class PageZone:
    """What a page tells of the zone its times are written in."""

    offset: timedelta | None = None  #: of its machine-readable times (UTC's is not told)
    country: str | None = None  #: an upper-case ISO code, or "UK" (see ``stamps.page_country``)
    now: datetime | None = None  #: when the page was fetched: what "today" means on it
    #: a page in a language other than English, whose country is not told: 12/03/2026 is
    #: 12 March (only the US, Canada and the Philippines write the month first)
    day_first: bool = False

    def today(self) -> date | None:
        """The page's calendar day when it was fetched, if that is known."""
        return self.now.astimezone(self.local()).date() if self.now is not None else None

    def reading(self, name: str) -> timedelta:
        """The offset an ambiguous zone name ("IST") means on this page."""
        readings = _AMBIGUOUS[name]
        if self.offset in readings:
            return self.offset
        return _BY_COUNTRY[name].get(self.country or "", readings[0])

    def local(self) -> tzinfo:
        """The zone of a time written without one: the country's when it has one zone and the
        page's own offset (if any) is one of it (a winter time on a page whose meta tags are
        in summer time is read in winter time), else the page's offset, else UTC."""
        found = _country_zone(self.country) if self.country else None
        if found is not None and (self.offset is None or self.offset in found[1]):
            return found[0]
        return timezone(self.offset) if self.offset else UTC

    def tells_zone(self) -> bool:
        """Whether the page tells the zone of a time written without one (its machine times'
        offset, or its country's one zone): else ``local`` is UTC for want of better."""
        return bool(self.offset) or (self.country is not None and _country_zone(self.country) is not None)


_NOWHERE = PageZone()


def _zone(text: str, day: date, page: PageZone) -> tzinfo | None:
    for m in _ZONE.finditer(text):
        offset, name = m.group(1), m.group(2)
        if name:
            if name in _FIXED:
                return timezone(timedelta(hours=_FIXED[name]))
            if name in _AMBIGUOUS:
                return timezone(page.reading(name))
            return ZoneInfo(_REGIONAL[name])
        if offset:
            sign = -1 if offset[0] == "-" else 1
            digits = offset[1:].replace(":", "")
            hours = int(digits[:-2] if len(digits) > 2 else digits)
            minutes = int(digits[-2:]) if len(digits) > 2 else 0
            if hours <= 14:
                return timezone(sign * timedelta(hours=hours, minutes=minutes))
    return None


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _iso_offset(zone: str) -> timedelta:
    """The offset of an ISO zone other than "Z" ("+05:30", "-0400")."""
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    return sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))


def parse_iso(text: str, page: PageZone = _NOWHERE) -> ParsedTime | None:
    """An ISO 8601 date or date-time (as in meta tags, JSON-LD and ``<time datetime>``); a
    time without a zone is in the page's local zone (``PageZone.local``)."""
    m = _ISO.search(text)
    if not m:
        return None
    y, mo, d, hh, mm, ss, zone = m.groups()
    try:
        if hh is None:
            day = date(int(y), int(mo), int(d))
            return ParsedTime(datetime(day.year, day.month, day.day, tzinfo=UTC), precise=False, day=day)
        if zone:
            tz: tzinfo = timezone(_iso_offset(zone)) if zone != "Z" else UTC
        else:
            tz = page.local()
        at = datetime(int(y), int(mo), int(d), int(hh), int(mm), int(ss or 0), tzinfo=tz)
        return ParsedTime(at.astimezone(UTC), precise=True, day=at.date())
    except (ValueError, OverflowError):  # no such day, or out of datetime's range (year 9999 -05:00)
        return None


def iso_offset(text: str) -> timedelta | None:
    """The UTC offset an ISO date-time is written in, if it states one other than UTC's."""
    m = _ISO.search(text)
    zone = m.group(7) if m else None
    return (_iso_offset(zone) or None) if zone and zone != "Z" else None


# "today at 2:35 PM", "aujourd'hui à 14h35", "gestern, 10:00 Uhr", "oggi alle 14:35", "hoje às
# 14h35", "vandaag om 14.35 uur": days counted from the fetch
RELATIVE_DAY = re.compile(
    r"\b(today|yesterday|aujourd['\u2019]hui|hier|heute|gestern|hoy|ayer|oggi|ieri|hoje|ontem|vandaag|"
    r"gisteren|i\s?dag|i\s?g[åa]r|dzisiaj|dziś|wczoraj)(?!\w)",
    re.I,
)
#: a time counted from the fetch that lies further ahead of it is the day before's: a page
#: says "today at 23:50" until it is rendered again, after midnight (an hour allows for
#: clocks that disagree)
_AHEAD = timedelta(hours=1)
_DAYS_BACK = {
    "tod": 0, "yes": 1, "auj": 0, "hie": 1, "heu": 0, "ges": 1, "hoy": 0, "aye": 1, "ogg": 0, "ier": 1,
    "hoj": 0, "ont": 1, "van": 0, "gis": 1, "i d": 0, "ida": 0, "i g": 1, "igå": 1, "iga": 1, "dzi": 0,
    "wcz": 1,
}  # fmt: skip
#: a time of day that cannot be a number ("14:35", "2 PM", "14h35", "14.35 Uhr"; not "2.50")
CLOCK = re.compile(
    r"\b\d{1,2}(?::\d{2}|\s?h\s?\d{2}|(?::\d{2})?\s?[ap]\.?\s?m\b|\.\d{2}\s?u(?:h|u)r\b)|\bkl\.?\s?\d{1,2}[.:]\d{2}\b",
    re.IGNORECASE,
)


def parse_human(text: str, page: PageZone = _NOWHERE, day_hint: date | None = None) -> ParsedTime | None:
    """A date as people write it, with an optional time and zone.

    Handles "3/28/2025", "March 28, 2025", "28 March 2025", "9:47 PM EDT, March 28, 2025",
    "Fri 28 Mar 2025 21.42 GMT", and ISO forms. Numeric dates are month-first unless the
    first number cannot be a month, or the page is of a country that writes the day first
    (``12/03/2026`` on an Italian or a British page is 12 March). ``page``: what the page
    tells of its zone, which picks the reading of an ambiguous zone name ("IST") and the zone
    of a time written without one.

    A time with no date ("modifié à 18h02" after "Publié le 12 mars 2026 à 14h35") is on
    ``day_hint``; one with "today"/"yesterday" ("Publié aujourd'hui à 14h35", "gestern, 10:00
    Uhr", "hoy a las 14:35") is counted from the day the page was fetched (``page.now``), and
    taken a day earlier if that would put it in the future (a page rendered before midnight
    and fetched after).
    """
    iso = parse_iso(text)
    if iso:
        return iso
    day: date | None = None
    cjk = None
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)  # full-width "１４：３２" is 14:32
        cjk = _CJK_DATE.search(text)
    if cjk:
        try:
            day = date(*(int(g) for g in cjk.groups()))
        except ValueError:
            return None
        text = text[: cjk.start()] + " " + text[cjk.end() :]
    for pattern, order in ((_MONTH_DAY_YEAR, "mdy"), (_DAY_MONTH_YEAR, "dmy")):
        m = pattern.search(text) if day is None else None
        if m:
            a, b, y = m.groups()
            month_name, day_num = (a, b) if order == "mdy" else (b, a)
            month = MONTHS.get(month_name.lower().rstrip("."))
            if month is None:
                month = MONTHS.get(month_name.lower()[:3])
            try:
                day = date(_year(y), month or 0, int(day_num))
            except ValueError:
                day = None
            if day:
                text = text[: m.start()] + " " + text[m.end() :]
                break
    ymd = _YEAR_FIRST.search(text) if day is None else None
    if ymd:
        try:
            day = date(int(ymd.group(1)), int(ymd.group(3)), int(ymd.group(4)))
        except ValueError:
            return None
        text = text[: ymd.start()] + " " + text[ymd.end() :]
    for pattern, order in ((_NUMERIC, "mdy"), (_DOTTED, "dmy")):
        m = pattern.search(text) if day is None else None
        if m:
            a, b, y = (int(g) for g in m.groups())
            told = page.country is not None and page.country not in _MONTH_FIRST
            if order == "dmy" or told or page.day_first:
                a, b = b, a
            month, dom = (a, b) if a <= 12 else (b, a)
            try:
                day = date(_year(str(y)), month, dom)
            except ValueError:
                return None
            text = text[: m.start()] + " " + text[m.end() :]
    from_now = False
    if day is None:
        today = page.today()
        relative = RELATIVE_DAY.search(text)
        if relative is not None and today is not None:
            # (casefold: the pattern matches "yeſterday" as "yesterday", and so must the key)
            day = today - timedelta(days=_DAYS_BACK.get(relative.group(1).casefold()[:3], 0))
            text = text[: relative.start()] + " " + text[relative.end() :]
            from_now = True
        elif day_hint is not None and CLOCK.search(text):
            day = day_hint
        else:  # (a time with no day at all, "Updated 4:15 PM", is no time: read as today's,
            return None  # the same page would state another time every day)
    t = _TIME.search(text) or _NOON.search(text)
    if not t:
        return ParsedTime(datetime(day.year, day.month, day.day, tzinfo=UTC), precise=False, day=day)
    if t.re is _NOON:
        hour, minute, second = (12 if t.group(1).lower() == "noon" else 0), 0, 0
    elif t.group(4):
        hour, minute, second = int(t.group(1)), int(t.group(2) or 0), int(t.group(3) or 0)
        hour = hour % 12 + (12 if t.group(4).lower() == "p" else 0)
    elif t.group(5):
        hour, minute, second = int(t.group(5)), int(t.group(6)), int(t.group(7) or 0)
        before = _AFTERNOON_BEFORE.search(text, max(0, t.start() - 3), t.start())
        afternoon = before or _AFTERNOON_AFTER.match(text[t.end() : t.end() + 8])
        if afternoon and hour < 12:
            hour += 12
    else:
        hour, minute, second = int(t.group(9)), int(t.group(10) or 0), 0
        if t.group(8) in _AFTERNOON and hour < 12:
            hour += 12
    if hour > 23 or minute > 59 or second > 59:
        return ParsedTime(datetime(day.year, day.month, day.day, tzinfo=UTC), precise=False, day=day)
    tz = _zone(text[t.end() :] + " " + text[: t.start()], day, page)
    guessed = tz is None and not page.tells_zone()
    if tz is None:  # no zone written: the page's own
        tz = page.local()
    local = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=tz)
    if from_now and page.now is not None and local > page.now + _AHEAD:
        day -= timedelta(days=1)  # "today at 23:50" on a page rendered then, fetched at 00:05
        local = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=tz)
    try:
        return ParsedTime(local.astimezone(UTC), precise=True, day=day, zone_guessed=guessed)
    except OverflowError:  # "December 31, 9999" in a zone behind UTC
        return None
