"""Quotations in body paragraphs, with their speakers. Pure.

Speakers are read in English, French, German, Spanish, Italian, Portuguese, Dutch, Swedish,
Danish, Norwegian, Polish, Turkish, Ukrainian and Russian here, and in the scripts without
capital letters (Arabic, Hebrew, Hindi, Chinese, Japanese, Korean) by ``uncased``. Handles curly
and straight double quotes, « guillemets » and German »guillemets«, German „low-high“ marks,
Japanese and Chinese 「…」, Hebrew ״…״ (not the mark of an abbreviation, ש"ח),
nested single quotes (kept inside the outer quote), British single-quote style (and German
‚…‘, ›…‹) when a paragraph has no double quotes but nested ones, and the newsroom convention
for a quote that runs over a paragraph break: the first paragraph has no closing mark and the
next one opens again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from watcher.extract import canonical
from watcher.extract._text import UNCASED, UPPER, LazyPattern
from watcher.types import Quote

# An opening mark and the marks that close it: German »…« opens with the mark that closes a
# French «…», and Swedish and Danish »…» close with it again.
_CLOSER = {
    "\u201c": "\u201d",
    '"': '"',
    "\u00ab": "\u00bb",
    "\u201e": "\u201c\u201d",
    "\u00bb": "\u00ab\u00bb",
    "\u201d": "\u201d",  # Swedish and Finnish: ”…”, the same mark on both sides
    "\u300c": "\u300d",  # Japanese and Chinese 「…」 (a 『…』 inside stays in it)
    "\u05f4": "\u05f4",  # Hebrew ״…״ (gershayim), the same mark on both sides
}
_DOUBLE_OPENERS = '\u201c\u00ab\u201e\u00bb"\u300c\u05f4'
# (a single-quoted span is at most 600 characters: unbounded, a paragraph of openers with no
# closer took time that grew with the square of its length)
_SINGLE = re.compile(
    r"(?:(?<=^)|(?<=[\s(\[\u2014\u2013-]))[\u2018\u201a\u2039\u203a'](?=\S)(.{1,600}?)(?<=\S)"
    r"[\u2019\u2018\u203a\u2039'](?=$|[\s,.;:!?)\]\u2014\u2013-])"
)
_STRIP = (
    " \t\n,.;:\u2026\u3001\u3002"
    + "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u201a\u2039\u203a\u300c\u300d"
)
# A word of a name: a full stop only inside it ("St.Clair"), after an initial ("J.") or in an
# abbreviated title ("Dr."), so that "said Becker. The next ..." ends the name at "Becker".
#: abbreviated titles, dropped before a name as the titles written out are ("Lt. Bill Miller")
_TITLE_ABBREVIATIONS = "Mr Mrs Ms Dr Prof Sen Rep Gov Gen Lt Col Sgt Capt".split()
_ABBREVIATION = r"(?:" + "|".join([*_TITLE_ABBREVIATIONS, "St", "Jr", "Sr"]) + r")\."
_INITIALS = r"(?:[" + UPPER + r"]\.)+(?=\s)"  # "J.", "J.K."
_WORD = r"(?:" + _ABBREVIATION + r"|" + _INITIALS + r"|[" + UPPER + r"](?:[\w\u2019'-]|\.(?=\w))+)"
# "Jean de la Fontaine", "Mark van der Berg"; "der" alone is German's article ("sagte Becker der
# Zeitung"), not part of a name
_PARTICLE = (
    r"(?:(?:van|von)\s+(?:der|den)|de\s+la|de|du|da|del|della|di|van|von|al-\w+)\b"
    r"(?=\s+[" + UPPER + r"])"  # only inside a name: "Jean Dupont du syndicat" ends at Dupont
)
_NAME = r"((?:" + _WORD + r")(?:\s+(?:" + _WORD + r"|" + _PARTICLE + r")){0,3})"
_VERBS = (
    r"(?:said|says|added|adds|told|tells|wrote|writes|tweeted|posted|stated|states|asked|asks|"
    r"explained|noted|insisted|argued|warned|declared|replied|continued|according\s+to|"
    r"admitted|admits|conceded|concedes|claimed|claims|acknowledged|acknowledges|confirmed|confirms|"
    r"announced|urged|urges|recalled|recalls|maintained|maintains|stressed|stresses|pleaded|"
    # French (passé composé and present), German, Spanish (preterite, present, perfect)
    r"(?:a\s+)?(?:d[ée]clar[ée]|dit|affirm[ée]|ajout[ée]|soulign[ée]|expliqu[ée]|estim[ée]|assur[ée]|"
    r"indiqu[ée]|pr[ée]cis[ée]|annonc[ée]|confi[ée]|insist[ée]|rappel[ée]|rappelle|lanc[ée]|"
    r"regrett[ée]|d[ée]plor[ée]|d[ée]nonc[ée]|martel[ée]|mart[èe]le|pr[ée]venu|pr[ée]vient|reconnu|"
    r"reconna[iî]t|r[ée]pondu|r[ée]pond|poursuivi|poursuit|avanc[ée]|jug[ée]|confirm[ée])|"
    r"sagte|sagt|erkl[äa]rte|erkl[äa]rt|betonte|betont|meinte|warnte|erg[äa]nzte|k[üu]ndigte|"
    r"f[üu]gte|schrieb|"
    r"(?:ha\s+)?(?:declarado|asegurado|afirmado|advertido|explicado|se[ñn]alado|indicado|a[ñn]adido|"
    r"dicho|subrayado|lamentado|reconocido)|dijo|dice|afirm[óo]|afirma|declar[óo]|declara|a[ñn]adi[óo]|"
    r"a[ñn]ade|asegur[óo]|asegura|explic[óo]|explica|se[ñn]al[óo]|se[ñn]ala|indic[óo]|advirti[óo]|advierte|"
    r"lament[óo]|lamenta|sostuvo|sostiene|recalc[óo]|subray[óo]|insisti[óo]|apunt[óo]|reconoci[óo]|"
    # Italian (passato prossimo and present), Portuguese (preterite and present)
    r"(?:ha\s+)?(?:detto|dichiarato|spiegato|aggiunto|sottolineato|affermato|commentato|annunciato|"
    r"ribadito|precisato|osservato|avvertito|denunciato|raccontato)|"
    r"racconta|spiega|aggiunge|sottolinea|afferma|commenta|"
    r"disse|diz|afirmou|declarou|explicou|acrescentou|destacou|ressaltou|completou|avaliou|alertou|"
    r"informou|contou|admitiu|garantiu|"
    # Dutch (present and past)
    r"zegt|zei|zeiden|aldus|vertelt|vertelde|stelt|stelde|(?:laat|liet)\s+weten|benadrukt|benadrukte|"
    r"waarschuwt|waarschuwde|verklaart|verklaarde|reageert|reageerde|schrijft|schreef|meldt|meldde|"
    # Swedish, Danish and Norwegian
    r"säger|sade|sa|berättar|berättade|uppger|uppgav|skriver|menar|konstaterar|siger|sagde|sier|"
    r"fortæller|forteller|oplyser|opplyser|"
    # Polish (past, either gender, and present)
    r"powiedział[a]?|dodał[a]?|mówi|przekazał[a]?|zapowiedział[a]?|podkreślił[a]?|podkreśla|stwierdził[a]?|"
    r"wyjaśnił[a]?|wyjaśnia|zaznaczył[a]?|zaznacza|tłumaczy|ocenił[a]?|ocenia|przekonuje|zapewnia|zapewnił[a]?|"
    # Ukrainian and Russian (past, either gender, and present)
    r"сказа(?:в|ла|ли|л)|заяви(?:в|ла|ли|л)|зазначи(?:в|ла|ли)|дода(?:в|ла|ли)|повідоми(?:в|ла|ли)|"
    r"наголоси(?:в|ла|ли)|поясни(?:в|ла|ли|л)|розпові(?:в|ла|ли)|підкресли(?:в|ла|ли)|запевни(?:в|ла|ли)|"
    r"каже|говорить|відзначи(?:в|ла)|отмети(?:л|ла|ли)|добави(?:л|ла|ли)|сообщи(?:л|ла|ли)|рассказа(?:л|ла|ли)|"
    r"подчеркну(?:л|ла|ли)|говорит|считает|вважає)"
)
# "... ," said Poilievre / said project manager Nadia Brooks
# ("a assuré la directrice, Claire Aubert": the role may be set off by a comma)
_ROLE_WORD = (
    r"[a-z\u0430-\u045f\u0454\u0456\u0457\u0491][\w\u2019'-]*"  #: a word in lower case (Latin or Cyrillic)
)
# (a longer role must end with the comma that sets the name off, "said the operator's chief
# operating officer, Declan Moss", or with the "of" of a body named next, "afirmó el director
# general del OMA, Raúl Cisneros Orozco", whose person follows)
_LEAD = r"^[\s,.\u2013\u2014]*"  #: what stands between a quote and its attribution
_AFTER_VERB_NAME = re.compile(
    _LEAD + _VERBS + r"\s+(?P<role>"
    + r"(?:" + _ROLE_WORD + r",?\s+){0,3}?"
    + r"|(?:" + _ROLE_WORD + r"\s+){3,5}" + _ROLE_WORD + r",\s+"
    + r"|(?:" + _ROLE_WORD + r"\s+){3,5}?(?:of|for|de|del|du|des|della|di|der|für|von)\s+"
    + r")" + _NAME
)  # fmt: skip
# Ukrainian and Russian roles run long in the genitive, with no "of" and no comma ("зазначила
# речниця департаменту охорони здоров’я Ірина Савчук"), and may hold a capitalised place
# ("мешканка Лівобережного масиву Наталія Бондар"): the person is the first two or three
# capitalised words in a row after the verb
_CYRILLIC_WORD = r"[\u0400-\u042f\u0490][\u0400-\u04ff\u2019'-]+"
_CYRILLIC_NAME = r"(" + _CYRILLIC_WORD + r"(?:\s+" + _CYRILLIC_WORD + r"){1,4})"
#: a patronymic ("Олег Іванович Кіпер", "Андрей Рэмович Белоусов")
_PATRONYMIC = re.compile(r"(?:ович|евич|йович|івна|ївна|овна|евна|ична|інична)$")


def _cyrillic_person(run: str) -> str:
    """The person at the end of a run of capitalised words: a place or body in the genitive
    comes first ("України Володимир Зеленський", "Одеської ОВА Олег Кіпер"); the name is the
    last two words, or three with a patronymic between."""
    words = run.split()
    if len(words) >= 3 and _PATRONYMIC.search(words[-2]):
        return " ".join(words[-3:])
    return " ".join(words[-2:])


_AFTER_VERB_CYRILLIC = LazyPattern(
    _LEAD + _VERBS + r"\s+(?:\S+\s+){0,6}?" + _CYRILLIC_NAME + r"(?=[\s,.;:!?)]|$)"
)
_CYRILLIC = re.compile("[\u0400-\u04ff]")
# Turkish names the speaker before the quote and says so after it: 'Belediye Başkanı Mehmet
# Demir, "..." dedi.', '... "..." diye konuştu', '... ifadelerini kullandı'
_TURKISH_AFTER = re.compile(
    r"^[\s,.]*(?:dedi|diye\s+\w+|diyerek|ifadelerini\s+kullandı|ifadesini\s+kullandı|şeklinde\s+konuştu|"
    r"sözlerini\s+\w+|açıklamasında\s+bulundu)(?!\w)"
)
_CAPITALISED_RUN = re.compile(r"[" + UPPER + r"][\w\u2019'-]*(?:\s+[" + UPPER + r"][\w\u2019'-]*)+")


def _turkish_speaker(par: str, start: int) -> str | None:
    """The person named last before the quote, in its sentence: the last two words of the last
    run of capitalised words ("Fen İşleri Müdürü İsmail Işık" is İsmail Işık)."""
    window = par[max(0, start - 300) : start]
    sentence = re.split(r"[.!?]\s+", window)[-1]
    runs = _CAPITALISED_RUN.findall(sentence)
    return " ".join(runs[-1].split()[-2:]) if runs else None


_BEFORE_CYRILLIC = LazyPattern(
    r"(?:[Зз]а\s+словами|[Пп]о\s+словам|[Пп]ро\s+це\s+\S+|(?<![\w\u2019'-])"
    + _VERBS
    + r")\s+(?:\S+\s+){0,5}?"
    + _CYRILLIC_NAME
    + r"(?=[\s,.;:!?)])[^\u00ab\u00bb\"]{0,200}$"
)
_ARTICLES = frozenset("the de het la le el der die das".split())
_REPORTED = re.compile(r"[\s,]+(?:reported|reports|said|says|wrote|writes|told)\b")
_ROLE_THEN_NAME = re.compile(r"\s+(?P<roles>(?:[a-z][\w\u2019'-]*\s+){1,3})" + _NAME)
#: a body's name that goes on after "of" ("the Association of American Railroads"; compiled on
#: first use, as the patterns below few quotes need)
_OF_NAME = LazyPattern(r"\s+(of|for)\s+" + _NAME)
_BODY_BEFORE = LazyPattern(_NAME + r"\s+(of|for)\s+$")
# "... the mayor of Ottawa, Jim Watson", "la consejera de Sanidad, Fátima Matute": after a role
# ending in "of", the person is the name set off by a comma, not the place or body in the role
# ("said state Rep. Jane Doe, R-Austin" is Jane Doe)
_APPOSED_NAME = re.compile(r",\s+" + _NAME)
_OF = frozenset("of for de del du des della di der für von".split())
# (after a role in lower case: '"...," chief executive Helen Marsh told analysts')
_AFTER_NAME_VERB = re.compile(
    _LEAD + r"(?P<title>(?:" + _ROLE_WORD + r"\s+){1,3})?" + _NAME + r"\s+" + _VERBS + r"\b"
)
# "...," Tom Briggs, 67, said.
_AFTER_NAME_AGE_VERB = re.compile(_LEAD + _NAME + r",\s+\d{1,3},\s+" + _VERBS + r"\b")
# "..." the premier, Doug Ford, told reporters.
_AFTER_APPOSITIVE = re.compile(
    _LEAD + r"(?:the|a|an|la|le|der|die|el)\s+[a-z][\w\s'-]{0,40}?,\s+" + _NAME + r",\s+" + _VERBS + r"\b"
)
_BEFORE = re.compile(
    _NAME + r"(?P<tail>(?:\s+[a-z][\w\u2019'-]*){0,2})\s+" + _VERBS + r"\b[^\u201c\u201d\"]{0,200}$"
)
# Set off by commas before the verb: "Helen Okafor, chief executive of the agency, said:" (a role
# in lower case after the name, or an age, or both: "Maria Gonzalez, 54, a nurse, said:") and
# "The Floods Minister, Rhiannon Tate, said:", "The Welsh government's economy secretary, Rhys
# Owen, said" (the name after a role, not after a place: "a farmer in Dover, Delaware, said"):
# the person is the name, wherever it stands
_BEFORE_APPOSED = re.compile(
    _NAME
    + r",\s+(?P<mid>[^,\u201c\u201d\"]{1,80}(?:,\s+[^,\u201c\u201d\"]{1,80})?),\s+"
    + _VERBS
    + r"\b[^\u201c\u201d\"]{0,200}$"
)
_ROLE_APPOSED = LazyPattern(
    r"(?P<role>[\w\u2019'-]+),\s+" + _NAME + r",\s+" + _VERBS + r"\b[^\u201c\u201d\"]{0,200}$"
)
# "The Tory leader later added ...": a capitalised word that only qualifies a role is not a
# name; the speaker is the role as written ("Tory leader"), never a guess at who holds it.
#: bodies: "The Association of American Railroads said" is the body named whole, not "American
#: Railroads"
_BODIES = frozenset(
    "association academy agency authority bank board centre center centers chamber college commission "
    "committee council court department federation foundation institute institutes league ministry "
    "office organisation organization society union university".split()
)
_ROLES = _BODIES | frozenset(
    "leader leaders minister spokesperson spokesman spokeswoman official officials premier president "
    "mayor chief head director lawmaker senator candidate critic campaign government party "
    "police prosecutor prosecutors".split()
)
_BEFORE_ACCORDING = re.compile(
    r"\b(?:[Aa]ccording\s+to|[Ss]elon|[Ll]aut|[Ss]eg[úu]n|[Ss]econdo|[Ss]egundo|[Dd]e\s+acordo\s+com|[Vv]olgens|[Ee]nligt|[Ii]følge|[Ww]edług)\s+"
    + _NAME
    + r"\b[^\u201c\u201d\"]{0,200}$"
)
# "he said", "said she", "disse ela", French "a-t-il déclaré", "estime-t-elle", "dit-il", and a Spanish verb
# with no subject after the comma ("..., afirmó."): the speaker named last
_VERB_ALONE = (
    r"(?:dijo|afirm[óo]|asegur[óo]|explic[óo]|se[ñn]al[óo]|indic[óo]|advirti[óo]|a[ñn]adi[óo]|"
    r"declar[óo]|sostuvo|lament[óo]|apunt[óo]|recalc[óo]|subray[óo]|insisti[óo]|reconoci[óo]|"
    # Polish, whose verb says the speaker's gender and needs no pronoun ("– dodała.")
    r"powiedział[a]?|dodał[a]?|przekazał[a]?|zaznaczył[a]?|podkreślił[a]?|stwierdził[a]?|wyjaśnił[a]?|"
    r"ocenił[a]?|zapewnił[a]?)"
)
#: a pronoun as the subject after the verb ("said she", "sagte er am Mittwoch"): the person named
#: last, never the noun after it
_SUBJECTS = frozenset("he she they ele ela eles elas hij zij ze hon han hun er sie".split())
_PRONOUN_AFTER = re.compile(
    _LEAD
    + r"(?:(?:he|she|they)\s+"
    + _VERBS
    + r"|"
    + _VERBS
    + r"\s+(?:"
    + "|".join(sorted(_SUBJECTS))
    + r"|de)(?=\s*(?:[.,;:!?)\u2014\u2013]|$))"  # (and Danish "de": not a subject before a name)
    r"|a-t-(?:il|elle|ils|elles)\b|[a-zà-ÿ]+-(?:t-)?(?:il|elle|ils|elles)\b)"
    r"|^\s*[,\u2013\u2014]\s*" + _VERB_ALONE + r"\s*(?:[.;]|$)",
    re.I,
)
_NOT_NAMES = frozenset(
    (
        "The A An He She They It This That But And In On At As After Before Later During Until When While "
        "January February March April May June July August September October November December "
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday "
        # German articles and words that start a sentence (German capitalises every noun; not
        # "Das" or "Des", which are names too)
        "Der Die Den Dem Ein Eine Einer Im Auch Doch Aber Und Laut "
        # Italian and Portuguese articles and pronouns that start a sentence
        "Il Lo Gli Un Uno Una Nel Nella Secondo Lui Lei O Os As Um Uma No Na Segundo Ele Ela Eles "
        # Dutch (not "De" or "Van", which start surnames)
        "Het Een Ook Maar Volgens Hij Zij Ze Dat Dit Die Toen "
        # Swedish, Danish and Norwegian
        "Hon Hun Enligt Ifølge Ett Och Men "
        # words that open a sentence before a name ("Yesterday Starmer flew to Kyiv")
        "Yesterday Today Tomorrow Earlier Meanwhile However Also Then Now Last Next Since Although"
    ).split()
)


#: punctuation, which a quotation's words do not change with (a sub-editor's semicolon for a
#: full stop); symbols ("$", "%", "+") stay
_PUNCTUATION = re.compile(
    r"[!\"#&'()*,\-./:;?@\[\\\]_{}\u00a1\u00a7\u00ab\u00b6\u00b7\u00bb\u00bf\u2010-\u2027\u2030-\u205e"
    r"\u3001-\u3003\u3008-\u3011\u3014-\u301f\uff01-\uff0f\uff1a\uff1b\uff1f\uff3b-\uff3d]"
)


def quote_key(text: str) -> str:
    """How two quotations are compared: marks, whitespace, case and punctuation ignored (a
    full stop made a semicolon, a question mark at the end)."""
    return " ".join(_PUNCTUATION.sub(" ", canonical(text)).split()).casefold()


def _clean_quote(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(_STRIP)


def _word_starts(par: str, i: int) -> bool:
    return i == 0 or par[i - 1].isspace() or par[i - 1] in "([\u2014\u2013-"


#: every mark that opens or closes a double-quoted span
_ANY_MARK = re.compile(
    "[" + re.escape("".join(sorted({*_DOUBLE_OPENERS, "\u201d", *"".join(_CLOSER.values())}))) + "]"
)


# (the rules of the scripts without capitals are in ``uncased``, imported on first need: its
# patterns are many, and most pages have no such letter)
def _uncased_speaker(par: str, start: int, end: int) -> str | None:
    from watcher.analyse.uncased import uncased_speaker

    return uncased_speaker(par, start, end)


def _is_term(par: str, start: int, end: int) -> bool:
    from watcher.analyse.uncased import is_term

    return is_term(par, start, end)


def _is_single_term(par: str, start: int, end: int) -> bool:
    from watcher.analyse.uncased import is_single_term

    return is_single_term(par, start, end)


def _singles_may_quote(par: str) -> bool:
    if par.isascii() or UNCASED.search(par) is None:
        return True
    from watcher.analyse.uncased import single_marks_quote

    return single_marks_quote(par)


def _hebrew_abbreviation(par: str, i: int) -> bool:
    return 0 < i < len(par) - 1 and "\u05d0" <= par[i - 1] <= "\u05ea" and "\u05d0" <= par[i + 1] <= "\u05ea"


def _spans(par: str) -> tuple[list[tuple[int, int]], int | None]:
    """(start, end) of each closed double-quoted span, and where an unclosed one opens."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    mark = ""
    # ”…” opens with the mark that closes “…”: only in a paragraph with no “ or „, and only
    # where a word starts (not the inch mark of 12” pizza)
    openers = _DOUBLE_OPENERS
    if "\u201d" in par and "\u201c" not in par and "\u201e" not in par:
        openers += "\u201d"
    for found in _ANY_MARK.finditer(par):  # (only the marks: a loop over every letter was slow)
        i, ch = found.start(), found.group()
        if (ch == '"' or ch == "\u05f4") and _hebrew_abbreviation(par, i):
            continue  # ש"ח, מנכ"ל, צה״ל: the mark of an abbreviation, between its letters
        if opened is None:
            if ch == '"' and i and par[i - 1].isdigit():
                continue  # the inch mark of a 36" pipe opens nothing
            # (a » opens only when text follows it at once, as German »…« does: "Lire aussi »
            # ..." and the French « ... » that closes with one do not)
            if ch in openers and (
                (ch != "\u00bb" and ch != "\u201d")
                or (
                    i + 1 < len(par) and not par[i + 1].isspace() and (ch != "\u201d" or _word_starts(par, i))
                )
            ):
                opened, mark = i, ch
        elif ch in _CLOSER[mark]:
            spans.append((opened + 1, i))
            opened = None
    return spans, opened


# Titles before a name ("Federal Labour Minister Priya Dhanoa"): the speaker is the person.
_TITLES = frozenset(
    (
        "Minister Prime President Premier Mayor Councillor Councilor Senator Governor Chancellor Secretary "
        "Director Chief Deputy Federal Transport Finance Foreign Health Labour Labor Justice Defence Defense "
        "Interior Trade Economy Officer Executive Parent Resident Sir Dame Judge Justice "
        "Commissioner Constable Superintendent Inspector Sergeant Detective Commander Captain "
        "Lieutenant Colonel Admiral Bishop Archbishop Rabbi Imam Reverend Rev. Baroness Ambassador "
        "Sheriff Professor "
        # German (every noun is capitalised, so a role reads as part of the name)
        "Herr Frau Ministerin Präsident Präsidentin Kanzler Kanzlerin Sprecher Sprecherin Landrat "
        "Stadtrat Senatorin Direktor Direktorin Professor Professorin Leiter Leiterin Chef Chefin "
        "Rentner Rentnerin Anwohner Anwohnerin "
        # Dutch
        "Burgemeester Wethouder Gedeputeerde Staatssecretaris Dijkgraaf Voorzitter Woordvoerder "
        "Directeur Hoogleraar Minister-president"
    ).split()
) | {f"{abbreviation}." for abbreviation in _TITLE_ABBREVIATIONS}
#: German roles are compounds ("Verbandschef", "Polizeisprecherin", "Oberbürgermeister"): a word
#: ending so (in lower case: the role word alone is a title above) is a title too
_GERMAN_ROLE_ENDINGS = tuple(
    (
        "chef chefin sprecher sprecherin präsident präsidentin vorsitzender vorsitzende leiter leiterin "
        "direktor direktorin minister ministerin meister meisterin kanzler kanzlerin rätin führer "
        "führerin sekretär sekretärin beauftragter beauftragte kommissar kommissarin"
    ).split()
)


def _is_title(word: str) -> bool:
    return word in _TITLES or word.endswith(_GERMAN_ROLE_ENDINGS)


def _is_role(word: str) -> bool:
    """A word naming a role or a body, in lower case or as a title ("leader", "Secretary")."""
    return word.lower() in _ROLES or _is_title(word.capitalize())


def _name(candidate: str | None) -> str | None:
    if not candidate:
        return None
    words = candidate.split()
    while words and words[0] in _NOT_NAMES:
        words = words[1:]
    if len(words) > 2 and len(words[0]) > 1 and words[0].isalpha() and words[0].isupper():
        words = words[1:]  # a body's acronym before the person: "rzeczniczka ZDM Magdalena Zielińska"
    # a rank of words ("Battalion Chief Maria Delgado", "Chief Financial Officer Dana Morrow"):
    # the person is the two words or more after its last title
    last = max((i for i, word in enumerate(words) if _is_title(word)), default=len(words))
    if len(words) - last > 2:
        words = words[last + 1 :]
    while len(words) > 1 and _is_title(words[0]):
        words = words[1:]
    return " ".join(words).rstrip(".,") or None


def _speaker(par: str, start: int, end: int, last: str | None, before: str = "") -> str | None:
    """Who said the quote at ``start:end`` of ``par``: named next to it, else (after "he
    said") the person introduced just before it, in ``par`` or the paragraph ``before`` it,
    else the ``last`` speaker."""
    if not par.isascii() and UNCASED.search(par) and (who := _uncased_speaker(par, start, end)):
        return who
    after = _unaffiliated(par[end + 1 : end + 100])
    if _TURKISH_AFTER.match(after):  # 'Mehmet Demir, "..." dedi.'
        return _turkish_speaker(par, start)
    # A quote that ends its sentence ("... over.” Carney said it was ...") is not attributed
    # by the words after it: they start the next sentence.
    ends_sentence = par[max(0, end - 1) : end] == "." and bool(re.match(r"\s+[" + UPPER + "]", after))
    pronoun = False
    if not ends_sentence:
        if spokesperson := _spokesperson(after):
            return spokesperson
        cyrillic = _CYRILLIC.search(after) is not None
        for pattern in (_AFTER_VERB_CYRILLIC,) * cyrillic + (
            _AFTER_VERB_NAME,
            _AFTER_NAME_VERB,
            _AFTER_NAME_AGE_VERB,
            _AFTER_APPOSITIVE,
        ):
            m = pattern.match(after)
            who = m.group(m.re.groups) if m else None  # the name is each pattern's last group
            if m and pattern is _AFTER_VERB_CYRILLIC:
                who = _cyrillic_person(m.group(1))
            if m and _name(who):
                role = (m.groupdict().get("role") or "").split()
                if role and role[0].lower() in _SUBJECTS:
                    pronoun = True  # "sagte er am Mittwochabend": he, not Mittwochabend
                    break
                title = m.groupdict().get("title")
                if title and not _is_role(title.split()[-1]):
                    continue  # '"...," but Smith said': no role before the name
                if _REPORTED.match(after, m.end()):
                    continue  # "..., Reuters reported": the source of the report, not the speaker
                return _named_after(after, m.end(), str(who), role)
    window = _unaffiliated(par[max(0, start - 260) : max(0, start)])
    named = _BEFORE.search(window)
    if named is None and (who := _apposed_before(window)):
        return who
    for pattern in (_BEFORE, _BEFORE_ACCORDING) + (_BEFORE_CYRILLIC,) * (
        _CYRILLIC.search(window) is not None
    ):
        m = named if pattern is _BEFORE else pattern.search(window)
        if m and pattern is _BEFORE_CYRILLIC:
            return _cyrillic_person(m.group(1))
        if m and pattern is _BEFORE and (body := _body_before(window[: m.start()])):
            return _name(f"{body} {m.group(1)}")  # "The Association of American Railroads said"
        if m and _name(m.group(1)):
            tail = (m.groupdict().get("tail") or "").split()
            if tail and tail[0] in _ROLES:
                return f"{_name(m.group(1))} {tail[0]}"
            return _name(m.group(1))
    if not ends_sentence and (pronoun or _PRONOUN_AFTER.match(after)):
        return _introduced(f"{before[-300:]}\n{par[: max(0, start)]}"[-560:]) or last
    return None


#: a US lawmaker's party and state after the name: "Sen. Mark Tillis (R-N.C.) said"
_AFFILIATION = re.compile(r"\s\((?:[DRI]|Dem|Rep|Ind)[-\u2013][A-Z][\w.]*(?:\s[A-Z][\w.]*)?\)")
#: what a title is of, before the person's name: "Secretary of State Marco Rubio", "Director of
#: Public Prosecutions Max Hill" (the name patterns stop at "of": "State Marco Rubio")
_TITLE_OF = re.compile(
    r"\b(Secretary|Minister|Director|Commissioner|Chancellor|Governor|President|Chief|Head)"
    r" of (?:the )?[A-Z][\w\u2019'-]+(?: [A-Z][\w\u2019'-]+)?(?= [A-Z][\w\u2019'-]+ [A-Z])"
)


def _unaffiliated(text: str) -> str:
    """``text`` without what stands between a person's title or name and the verb: a
    lawmaker's party and state, what a title is of."""
    if "(" in text:
        text = _AFFILIATION.sub("", text)
    return _TITLE_OF.sub(r"\1", text) if " of " in text else text


def _body_before(text: str) -> str | None:
    """A body's name and its "of" at the end of ``text`` ("The Association of ")."""
    body = text.endswith((" of ", " for ")) and _BODY_BEFORE.search(text[-80:])
    if body and body.group(1).split()[-1].lower() in _BODIES:
        return f"{body.group(1)} {body.group(2)}"
    return None


def _apposed_before(window: str) -> str | None:
    """The person set off by commas before the verb, after their name ("Maria Gonzalez, 54, a
    nurse, said") or after their role ("The Floods Minister, Rhiannon Tate, said")."""
    apposed = _BEFORE_APPOSED.search(window)
    mid = apposed.group("mid") if apposed else ""
    # (a role in lower case, or an age: "Maria Gonzalez, 54, a nurse, said:")
    if apposed and (mid[:1].islower() or mid[:1].isdigit()) and (who := _name(apposed.group(1))):
        return who
    role = _ROLE_APPOSED.search(window)
    return _name(role.group(role.re.groups)) if role and _is_role(role.group("role")) else None


def _named_after(after: str, end: int, who: str, role: list[str]) -> str | None:
    """The speaker a name found after the verb (``who``, ending at ``end`` of ``after``, after
    the words ``role``) stands for: a body named whole ("the Association of American
    Railroads"), the name set off by a comma after a role ending in "of", or the name after a
    role in lower case ("said Liberal Democrat group leader Tom Ashworth")."""
    if who.split()[-1].lower() in _BODIES and (body := _OF_NAME.match(after, end)):
        return _name(f"{who} {body.group(1)} {body.group(2)}")
    apposed = _APPOSED_NAME.match(after, end) if role and role[-1] in _OF else None
    if apposed is None and (then := _ROLE_THEN_NAME.match(after, end)):
        # ("said the Ottawa mayor Jim Watson", "zegt de Rotterdamse burgemeester Ahmed
        # Aboutaleb": the capitalised word after the article qualified the role)
        qualified = bool(role) and role[-1].lower() in _ARTICLES and " " not in who.strip()
        apposed = then if qualified or _is_role(then.group("roles").split()[-1]) else None
    return _name(apposed.group(apposed.re.groups) if apposed else None) or _name(who)


_PERSON = re.compile(_NAME)
_MARKS = '"\u201c\u201d\u00ab\u00bb\u201e'


def _introduced(window: str) -> str | None:
    """The person the text before a quote introduces, when "he said" attributes it ("Henk
    Lammers (67) has lived by the dike for forty years. "...", he said."): the subject of the
    last sentence after the previous quotation, when that is a name of two words or more (at
    the sentence's start, or set off by commas after a role: "The leader of Cornwall council,
    Morwenna Trelawny, said ..."). A sentence about something else ("The firm, founded in
    Salt Lake City, ...") introduces no one: the last speaker stands."""
    text = window[max(map(window.rfind, _MARKS)) + 1 :]
    # (the quote's own sentence, when the quote stands inside one: "Die Sanierung sei
    # „alternativlos“, sagte er", is the speaker's words, not a sentence about something else)
    own = not text.rstrip().endswith((".", "!", "?"))
    for k, sentence in enumerate(reversed([s.strip() for s in _SENTENCE_END.split(text) if s.strip()])):
        for m in (_PERSON.match(sentence), _ROLE_SUBJECT.match(sentence)):
            name = _name(m.group(1)) if m else None
            if name and " " in name:
                return name
        if not _PRONOUN.search(sentence) and not (k == 0 and own):
            return None  # a sentence about something else: no one was introduced
        # ("On Tuesday she was evacuated": the person is named a sentence earlier)
    return None


_PRONOUN = re.compile(
    r"\b(?:he|she|his|her|him|they|their|hij|zij|ze|haar|zijn|hon|han|hun|il|elle|er|sie|ele|ela|lui|lei)\b",
    re.IGNORECASE,
)
_ROLE_SUBJECT = re.compile(r"(?:The|A|An)\s+[^,]{1,60},\s+" + _NAME + r",")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[" + UPPER + r"])|\n")  # (\n: between paragraphs)
# '"...," a spokesperson for Devon and Cornwall police said', '"...," a Western Grid Networks
# spokesperson said': the speaker is the role of the body named ("Devon and Cornwall police
# spokesperson"), never a guess at who holds it
_SPOKESPERSON = re.compile(
    _LEAD + r"(?:a|an|the)\s+(?:(?P<before>[" + UPPER + r"][^,.;:\"\u201c\u201d\u00ab\u00bb]{0,60}?)\s+)?"
    r"(?P<role>spokes(?:person|man|woman)|representative|official)"
    r"(?:\s+(?:for|of|at)\s+(?P<after>[^,.;:\"\u201c\u201d\u00ab\u00bb]{1,60}?))?\s*,?\s+" + _VERBS + r"\b"
)


def _spokesperson(after: str) -> str | None:
    m = _SPOKESPERSON.match(after)
    body = m and (m.group("before") or m.group("after"))
    return f"{body} {m.group('role')}" if m and body else None


def _single_quoted(par: str, spans: list[tuple[int, int]]) -> list[re.Match[str]] | None:
    """The single-quoted spans, when they are the paragraph's quotations (British style): it
    has no double quotes, or only ones nested inside single quotes (‘the timetable is “under
    review”, ...’)."""
    if not spans:
        return None if any(c in par for c in _DOUBLE_OPENERS) else list(_SINGLE.finditer(par))
    singles = list(_SINGLE.finditer(par))
    if singles and all(any(m.start(1) <= s and e <= m.end(1) for m in singles) for s, e in spans):
        return singles
    return None


#: Spanish and Portuguese dialogue: a paragraph that opens with a dash, the words, then a dash
#: and a verb of saying in lower case ("—No toleraremos este fracaso —afirmó la ministra
#: Rhiannon Tate.")
_RAYA = re.compile(r"\s*[\u2014\u2015]\s?([^\u2014\u2015]{8,}?)\s+[\u2014\u2015](?=" + _VERBS + r"\b)")


def find_quotes(paragraphs: Sequence[str]) -> list[Quote]:
    """Every quotation in reading order. Quotes over a paragraph break are joined."""
    quotes: list[Quote] = []
    last_speaker: str | None = None
    # an unclosed quote waiting for its continuation: its text so far, its paragraph, and who
    # was named saying it there ('Maria Gonzalez said: "... [break] "..."')
    carry: tuple[str, int, str | None] | None = None
    para_speaker: str | None = None  # the speaker named in the paragraph so far
    for index, par in enumerate(paragraphs):
        before = paragraphs[index - 1] if index else ""
        spans, unclosed = _spans(par)
        if not spans and unclosed is None and carry is None and (raya := _RAYA.match(par)):
            spans = [raya.span(1)]  # ("—No toleraremos este fracaso —afirmó la ministra.")
        if carry is not None:
            text, first, opened_by = carry
            carry = None
            starts_again = par.lstrip()[:1] in _DOUBLE_OPENERS
            if starts_again and spans and spans[0][0] <= len(par) - len(par.lstrip()) + 1:
                s, e = spans.pop(0)
                speaker = _speaker(par, s - 1, e, opened_by or last_speaker, before) or opened_by
                last_speaker = speaker or last_speaker
                quotes.append(Quote(_clean_quote(text + " " + par[s:e]), first, speaker))
            elif starts_again and unclosed is not None and not spans:
                carry = (text + " " + par[unclosed + 1 :], first, opened_by)
                continue
            else:
                quotes.append(Quote(_clean_quote(text), first, opened_by or last_speaker))
        singles = _single_quoted(par, spans) if unclosed is None and _singles_may_quote(par) else None
        if singles is not None:
            para_speaker = None  # (a second quote of the paragraph is its speaker's too)
            for m in singles:
                text = _clean_quote(m.group(1))
                if len(text) > 1 and not (
                    UNCASED.search(text) and _is_single_term(par, m.start(), m.end() - 1)
                ):
                    speaker = _speaker(par, m.start(), m.end() - 1, last_speaker, before) or para_speaker
                    para_speaker = speaker or para_speaker
                    last_speaker = speaker or last_speaker
                    quotes.append(Quote(text, index, speaker))
            continue
        para_speaker = None
        for s, e in spans:
            text = _clean_quote(par[s:e])
            if text and par[s - 1] == "\u300c" and _is_term(par, s - 1, e):
                continue  # 「なるはま地域交通再編プラン」: the name of a plan, nobody's words
            if text:
                speaker = _speaker(par, s - 1, e, last_speaker, before) or para_speaker
                rest = par[e + 1 :].strip()
                whole = not rest.strip(_STRIP) or par[s:e].rstrip().endswith((".", "!", "?", "\u2026"))
                if speaker is None and s <= 1 and whole and not rest.startswith(","):
                    # a paragraph that opens with a quoted sentence (or is all quote) continues
                    # the speaker, unless its own attribution follows ("« B », a assuré ..."); a
                    # quoted title opening one ('"Oppenheimer" won ...') is nobody's words
                    speaker = last_speaker
                para_speaker = speaker or para_speaker
                last_speaker = speaker or last_speaker
                quotes.append(Quote(text, index, speaker))
        if unclosed is not None:
            opened_by = _speaker(par, unclosed, len(par), None, before) or para_speaker
            carry = (par[unclosed + 1 :], index, opened_by)
    if carry is not None:
        quotes.append(Quote(_clean_quote(carry[0]), carry[1], carry[2] or last_speaker))
    return _with_full_names(_unspaced_full_names([q for q in quotes if q.text]), paragraphs)


_HAN_NAME = re.compile("[\u3400-\u9fff\u30a0-\u30ff]{1,4}")


def _unspaced_full_names(quotes: list[Quote]) -> list[Quote]:
    """A Chinese or Japanese speaker named by family name alone (鈴木局長は: 鈴木) is given the
    full name of the one earlier speaker it begins (鈴木和也)."""
    seen: dict[str, None] = {}  # (each name once: thousands of quotes by one speaker stay linear)
    out = []
    for q in quotes:
        if q.speaker and _HAN_NAME.fullmatch(q.speaker):
            longer = {name for name in seen if name.startswith(q.speaker) and name != q.speaker}
            if len(longer) == 1:
                q = Quote(q.text, q.paragraph, longer.pop())
        if q.speaker:
            seen[q.speaker] = None
        out.append(q)
    return out


def _with_full_names(quotes: list[Quote], paragraphs: Sequence[str]) -> list[Quote]:
    """A speaker named by surname alone ("Penrose told reporters") is given the full name the
    article used for them before ("The resilience minister, Gareth Penrose, said ...")."""
    surnames = {q.speaker for q in quotes if q.speaker and " " not in q.speaker}
    if not surnames:
        return quotes
    full: dict[str, list[tuple[int, str]]] = {}  # surname -> (paragraph, full name), in order
    for index, par in enumerate(paragraphs):
        if not any(name in par for name in surnames):
            continue  # (most paragraphs name none of them: a substring test spares the pattern)
        for m in _PERSON.finditer(par):
            name = _name(m.group(1))
            if name and " " in name and not _is_title(name.split()[0]):
                full.setdefault(name.split()[-1], []).append((index, name))
    out = []
    for q in quotes:
        if q.speaker and " " not in q.speaker:
            seen = {name for index, name in full.get(q.speaker, []) if index <= q.paragraph}
            if len(seen) == 1:  # (two people of that name, "Joe Biden" and "Hunter Biden": no guess)
                q = Quote(q.text, q.paragraph, seen.pop())
        out.append(q)
    return out
