"""Speakers in scripts without capital letters: Arabic, Hebrew, Hindi, Chinese, Japanese and
Korean. Pure.

Where a name cannot be told by its capitals, it is told by where it stands:

- **Arabic** names the speaker between the verb and the quote (``وقال رئيس البلدية المهندس حمد
  سالم الزعابي: «...»``), or after it (``«...»، بحسب ما أكده ... المهندس طارق عيسى``). Roles
  and bodies come first and carry the article ``ال``; the person is the run of words before the
  quote that carry none (a family name last may: ``الزعابي``).
- **Japanese** names the speaker as the topic of the sentence, titled after the name
  (``汐見大学の中村由紀教授は「...」と指摘しています``); the person is the name without the
  title.
- **Chinese** names the speaker before a verb of saying, the role first (``市長陳志明表示，「...」``)
  or after the quote (``...」，陳志明說``).
- **Korean** names the speaker as the subject, the role after the name (``김민수 시장은 "..."라고
  말했다``).
- **Hebrew** names the speaker after the verb, past the roles and bodies (``אמר ראש העירייה
  אליהו בן־חמו``), or after ``לדברי``.
- **Hindi** names the agent of "said" (``सुधीर ओझा ने कहा``); for ``उन्होंने बताया`` ("he said")
  the person named before.

Every rule reads a window around its quote, so a paragraph of thousands of quotes stays linear.

Corner brackets also set off names of plans, books and programmes (``「なるはま地域交通再編プラン」に
基づき``): ``is_term`` tells those from quotations.
"""

from __future__ import annotations

import itertools
import re

from watcher.extract._text import UNCASED

_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_KANA = "\u3040-\u309f"
_UNSPACED = re.compile(f"[{_HAN}\u3040-\u30ff]")
_HANGUL = re.compile("[\uac00-\ud7a3]")
_ARABIC = re.compile("[\u0600-\u06ff]")
#: how far before a quote its attribution is looked for (a paragraph with no sentence end must
#: not make each quote read all the text before it)
_REACH = 300
_HEBREW = re.compile("[\u05d0-\u05ea]")
_DEVANAGARI = re.compile("[\u0900-\u097f]")

# --- Arabic -------------------------------------------------------------------------------
_AR_VERB = re.compile(
    r"(?:^|(?<=\s))[وف]?(?:قال|قالت|يقول|تقول|أضاف|أضافت|يضيف|تضيف|أكد|أكدت|يؤكد|تؤكد|أوضح|أوضحت|"
    r"صرح|صرحت|أشار|أشارت|ذكر|ذكرت|شدد|شددت|تابع|تابعت|اعتبر|اعتبرت|لفت|لفتت|بحسب\s+ما\s+\S+|بحسب|وفق|حسب)"
    r"(?=\s)"
)
#: where the speaker's words end and the circumstances begin ("... الزعابي خلال مؤتمر صحافي")
_AR_CIRCUMSTANCE = re.compile(
    r"\s(?:خلال|أثناء|اثناء|أمام|امام|عبر|لـ|مساء|صباح|أمس|اليوم|يوم|في\s+(?:تصريح|تصريحات|مؤتمر|حديث|بيان|"
    r"لقاء|مقابلة|كلمة))(?=\s|$)|[\u060c,:.]"
)
#: words that are roles or bodies even without the article
_AR_NOT_NAME = frozenset(
    "رئيس رئيسة مدير مديرة وزير وزيرة عضو عضوة نائب نائبة متحدث متحدثة باسم مسؤول مسؤولة مصدر "
    "إدارة ادارة مجلس غرفة شركة هيئة وزارة دائرة قسم مكتب سكان من في عن على مع و".split()
)
_AR_MAX_WORDS = 4


def _arabic_name(phrase: str) -> str | None:
    """The person at the end of an attribution: the words after the last role or body."""
    cut = _AR_CIRCUMSTANCE.search(phrase)
    words = (phrase[: cut.start()] if cut else phrase).split()
    name: list[str] = []
    for k, word in enumerate(reversed(words)):
        if word in _AR_NOT_NAME or (word.startswith("ال") and k > 0) or len(name) == _AR_MAX_WORDS:
            break
        name.insert(0, word)
    if not name or (len(name) == 1 and not name[0].startswith("ال")):
        return None  # ("وقال مصدر": a source, not a name)
    if len(name) == 1 and len(words) > 1 and (words[-2] in _AR_NOT_NAME or words[-2].startswith("ال")):
        return None  # ("وزير الخارجية", "المتحدث باسم الشرطة": a role and its body, no person)
    return " ".join(name)


def _arabic_speaker(par: str, start: int, end: int) -> str | None:
    window = max(0, start - _REACH)
    sentence = par[
        max(window - 1, par.rfind(".", window, start), par.rfind("\u061f", window, start)) + 1 : start
    ]
    verbs = list(_AR_VERB.finditer(sentence))
    if verbs:
        return _arabic_name(sentence[verbs[-1].end() :].strip().rstrip(":").strip())
    after = par[end + 1 : end + 200]
    m = _AR_VERB.search(after)
    if m and not after[: m.start()].strip(" \u060c,\u2014\u2013-"):
        return _arabic_name(after[m.end() :].strip())
    return None


# --- Hindi --------------------------------------------------------------------------------
_HI_SAID = r"(?:कहा|बताया|कहना\s+है|बोले|बोलीं|बोली)"
#: "जिलाधिकारी सुधीर ओझा ने कहा, “...”": the agent of "said", before the quote
_HI_BEFORE = re.compile(r"((?:\S+\s+){1,6}?)ने\s+" + _HI_SAID + r"(?:\s+कि)?[\s,:\-\u2013\u2014]*$")
#: where a person is named, for a quote that "he/she said" (उन्होंने कहा) attributes
_HI_INTRODUCED = re.compile(
    r"((?:\S+\s+){1,6}?)(?:ने|के\s+मुताबिक|के\s+अनुसार|का\s+कहना)(?=[\s,])|\d+\s+वर्षीय\s+(\S+\s+\S+)"
)
_HI_PRONOUN = re.compile(r"उन्होंने\s+" + _HI_SAID)
#: roles, titles and little words before a name
_HI_NOT_NAME = frozenset(
    "जिलाधिकारी अपर उप मंत्री अधिकारी निदेशक प्रवक्ता आयुक्त विधायक सांसद महापौर अध्यक्ष सचिव डॉक्टर प्रभारी "
    "निवासी कलेक्टर पार्षद सीएमएस सीएमओ एसपी एसडीएम श्री श्रीमती के की का में से को पर वाले वाली वाला और "
    "ने तो भी".split()
)


def _hindi_name(words: list[str]) -> str | None:
    """The name at the end of ``words``: up to three words after the roles, with "डॉ." kept."""
    name: list[str] = []
    for word in reversed(words):
        if word in _HI_NOT_NAME or word.startswith("(") or len(name) == 3 or not _DEVANAGARI.search(word):
            if word in ("डॉ.", "डॉ") and name:
                name.insert(0, word)
            break
        name.insert(0, word)
    return " ".join(name) if name else None


def _hindi_speaker(par: str, start: int, end: int) -> str | None:
    window = par[max(0, start - _REACH) : start]
    said = _HI_BEFORE.search(window)
    if said:
        return _hindi_name(said.group(1).split())
    if _HI_PRONOUN.search(window[-24:]) or _HI_PRONOUN.match(par[end + 1 : end + 24].lstrip(" ,")):
        found = list(_HI_INTRODUCED.finditer(window))
        if found:
            last = found[-1]
            return last.group(2) if last.group(2) else _hindi_name(last.group(1).split())
    return None


# --- Hebrew -------------------------------------------------------------------------------
_HE_VERB = (
    r"(?:אמר|אמרה|אמרו|הוסיף|הוסיפה|מסר|מסרה|ציין|ציינה|אומר|אומרת|הסביר|הסבירה|טען|טענה|הדגיש|הדגישה|"
    r"כתב|כתבה)"
)
#: the text of an attribution: to the end of its sentence, over the marks of abbreviations
_HE_TEXT = r"(?:[^.!?\u05f4\"]|(?<=[\u05d0-\u05ea])[\u05f4\"](?=[\u05d0-\u05ea]))"
_HE_AFTER = re.compile(r"^[\u05f4\"\u201d]?\s*[,.]?\s*" + _HE_VERB + r"\s+(" + _HE_TEXT + r"{1,120})")
_HE_BEFORE = re.compile(r"לדברי\s+(" + _HE_TEXT + r"{1,120}?)[,:]?\s*$")
#: roles, ranks and bodies in the construct state: words before a name that are none of it
_HE_NOT_NAME = frozenset(
    'ראש מנהל מנהלת דובר דוברת קצין קצינת מפקד מפקדת רב־פקד רס"ל סגן סגנית חבר חברת יו"ר מנכ"ל מנכ״ל יו״ר '
    'ד"ר ד״ר פרופ\' עו"ד עו״ד תושב תושבת נהג נהגת של משרד עיריית אגף רשות מועצת תחנת ארגון איגוד חברה '
    "הוא היא הם הן".split()
)


def _hebrew_pair(words: list[str]) -> str | None:
    """The first two words in a row that may be a first name and a surname: neither a role or
    a body, nor a word with the article (ה־), nor cut by a comma between them."""
    for w1, w2 in itertools.pairwise(words):
        if w1.endswith(",") or w1 in _HE_NOT_NAME or w2.rstrip(",") in _HE_NOT_NAME:
            continue
        if w1.startswith("ה") or w2.startswith("ה"):
            continue
        return f"{w1} {w2.rstrip(',')}"
    return None


def _hebrew_name(phrase: str) -> str | None:
    """The person in an attribution: after its last comma when there is one ("מנכ"ל חברת דקל
    תחבורה, עמית גולן"), else the first name and surname after the roles."""
    if "," in phrase.rstrip(", "):
        last = phrase.rstrip(", ").rsplit(",", 1)[-1]
        if who := _hebrew_pair(last.split()):
            return who
    return _hebrew_pair(phrase.split())


def _hebrew_speaker(par: str, start: int, end: int) -> str | None:
    after = _HE_AFTER.match(par[end : end + 140])
    if after:
        return _hebrew_name(after.group(1))
    before = _HE_BEFORE.search(par[max(0, start - _REACH) : start])
    return _hebrew_name(before.group(1)) if before else None


def _longest_first(words: str) -> list[str]:
    """Titles to strip, the longest first ("官房長官" before "長官")."""
    return sorted(words.split(), key=len, reverse=True)


# --- Japanese -----------------------------------------------------------------------------
#: a title after a name ("田中一郎市長", "中村由紀教授"); the longest first
_JA_TITLES = _longest_first(
    "市長 町長 村長 区長 知事 局長 部長 課長 係長 室長 所長 院長 校長 学長 社長 会長 理事長 委員長 議長 "
    "教授 准教授 講師 医師 弁護士 大臣 首相 総理 長官 官房長官 議員 代表 代表取締役 監督 選手 氏 さん "
    "容疑者 被告 署長 本部長 事務局長 担当者"
)
#: the topic or subject of the sentence: は/が after a noun, not inside a word of kana
_JA_TOPIC = re.compile(f"(?:(?<=[{_HAN}\u30a0-\u30ff0-9A-Za-z\uff10-\uff5a])|(?<=さん))[はが](?![{_KANA}])")
#: people who are not named ("70代の女性")
_JA_UNNAMED = re.compile(
    f"(?:[^{_KANA}の、]*の)?[^{_KANA}の、]*(?:女性|男性|住民|人|子ども|男の子|女の子|担当者|関係者|幹部|職員|社員)$"
)
_JA_AGE = re.compile(r"[（(]\d+[）)]")
#: a quote that opens its sentence, its speaker after it: "「...」と小池知事は述べた"
_JA_AFTER = re.compile(f"^[」』]?\\s*(?:と|って)([^。「」]{{1,30}}?)[はが](?![{_KANA}])")
#: the quotative particle that makes 「...」 someone's words: と (or って) and a verb of saying
_JA_QUOTATIVE = re.compile(r"^[」』]?\s*(?:と|って|など)")


def _japanese_speaker(par: str, start: int, end: int) -> str | None:
    window = max(0, start - _REACH)
    sentence = _JA_AGE.sub("", par[max(window - 1, par.rfind("\u3002", window, start)) + 1 : start])
    topic = _JA_TOPIC.search(sentence)
    if topic is not None:
        return _japanese_person(sentence[: topic.start()])
    after = _JA_AFTER.match(par[end : end + 40])
    return _japanese_person(after.group(1)) if after else None


def _japanese_person(subject: str) -> str | None:
    """The person a subject names ("汐見大学の中村由紀教授": 中村由紀), or who it is when unnamed
    ("70代の女性", "同社の広報担当者")."""
    subject = re.sub("(?:さん|ちゃん|くん|様)$", "", _JA_AGE.sub("", subject))
    unnamed = _JA_UNNAMED.search(subject)
    if unnamed:
        return unnamed.group(0)
    # the last noun of the subject: after its last particle ("記者会見で小池知事": 小池知事)
    person = re.split(f"[{_KANA}\u3001]", subject)[-1]
    for title in _JA_TITLES:
        if person.endswith(title) and len(person) > len(title):
            return person[: -len(title)]
    return person if 2 <= len(person) <= 6 and re.fullmatch(f"[{_HAN}\u30a0-\u30ff]+", person) else None


# --- Chinese ------------------------------------------------------------------------------
_ZH_VERB = (
    r"(?:表示|說|说|指出|強調|强调|坦言|認為|认为|透露|直言|呼籲|呼吁|說明|说明|回應|回应|提到|解釋|解释|"
    r"補充|补充)"
)
_ZH_TITLES = _longest_first(
    "市長 市长 副市長 副市长 縣長 县长 局長 局长 處長 处长 院長 院长 部長 部长 主任 教授 發言人 发言人 "
    "議員 议员 市議員 立委 總統 总统 主席 董事長 董事长 總經理 总经理 經理 经理 所長 所长 校長 校长 "
    "醫師 医师 律師 律师 署長 署长 理事長 理事长 執行長 执行长 秘書長 秘书长 民眾 民众 居民 "
    "記者 记者 科長 科长 攤商 摊商 店家 業者 业者 學者 学者 老闆 老板 里長 里长 村長 村长 副教授"
)
#: a clause ending in a verb of saying that opens speech (not "說明會", a briefing)
_ZH_CLAUSE = re.compile(f"([^，,。；;：:「」]{{2,60}}?){_ZH_VERB}(?=[，,：:「])")
_ZH_AFTER = re.compile(f"^[」』]?[，,]?\\s*([{_HAN}]{{2,12}}?){_ZH_VERB}")
_ZH_PRONOUN = re.compile(f"^[」』]?[，,]?\\s*(?:他|她)們?(?:也|則|更|還)?{_ZH_VERB}")
#: words that may stand after a name, before the verb ("李國華也說")
_ZH_AFTER_NAME = frozenset("也則更還並又再亦均都曾在於")


def _chinese_person(clause: str) -> str | None:
    """The person in a clause before a verb of saying: after the last title in it ("市場處長李國華",
    "攤商黃秀英"), a name of two or three characters."""
    clause = clause.rsplit("的", 1)[-1]
    # after the first title ("外交部發言人毛寧在記者會上": not the 記者 of 記者會)
    found = [(clause.find(t), -len(t), t) for t in _ZH_TITLES if t in clause]
    after_title = min(found)[0] + len(min(found)[2]) if found else 0
    m = re.match(f"[{_HAN}]{{2,3}}", clause[after_title:])
    if not m:
        return None
    name = m.group(0)
    if len(name) == 3 and name[-1] in _ZH_AFTER_NAME:
        name = name[:2]
    return None if name[0] in "他她" else name


def _clause_person(text: str) -> str | None:
    """The speaker of the last sentence of ``text`` that has one: Chinese opens a sentence with
    who speaks ("市場處長李國華表示，..., 「...」")."""
    for sentence in reversed(text.split("\u3002")):
        clause = _ZH_CLAUSE.search(sentence)
        if clause:
            return _chinese_person(clause.group(1))
    return None


def _chinese_speaker(par: str, start: int, end: int) -> str | None:
    window = max(0, start - _REACH)
    who = _clause_person(par[max(window - 1, par.rfind("\u3002", window, start)) + 1 : start])
    if who:
        return who
    after = par[end + 1 : end + 40]
    m = _ZH_AFTER.match(after)
    if m and m.group(1)[0] not in "他她":
        return _chinese_person(m.group(1))
    if _ZH_PRONOUN.match(after):  # "「...」，他說": the person named before, in the paragraph
        return _clause_person(par[window:start])
    return None


# --- Korean -------------------------------------------------------------------------------
_KO_TITLES = (
    "시장", "구청장", "군수", "도지사", "지사", "장관", "차관", "대통령", "총리", "위원장", "대표", "교수",
    "국장", "과장", "청장", "의원", "대변인", "관계자", "소장", "회장", "사장", "이사장", "원장", "부장",
    "팀장", "본부장", "센터장",
)  # fmt: skip
_KO_SUBJECT = re.compile(r"([\uac00-\ud7a3]+?)(?:은|는|이|가)")
_KO_NOT_NAMES = frozenset("주민 시민 관계자 이날 당시 한편 또한 특히".split())
#: a word that ends a clause before the subject's phrase ("살았다는", "기자회견에서")
_KO_CLAUSE_END = re.compile(r"(?:는|은|을|를|에서|에게|에|고|며|서|,|\.)$")
_KO_QUOTED = re.compile('[\u201c"][^\u201d"]*[\u201d"]')
_KO_AGE = re.compile(r"\(\d+\)$")


def _korean_name(words: list[str], k: int) -> str | None:
    """The name in the phrase before the title word ``words[k]`` ("윤재희 청람대 건축공학과
    교수는"): its first word of two to four syllables."""
    first = k
    while first > 0 and k - first < 3 and not _KO_CLAUSE_END.search(words[first - 1]):
        first -= 1
    for word in words[first:k]:
        word = _KO_AGE.sub("", word)
        if 2 <= len(word) <= 4 and all(_HANGUL.fullmatch(c) for c in word) and word not in _KO_NOT_NAMES:
            return word
    return None


_KO_UNNAMED = frozenset({"관계자", "대변인", "주민"})


def _korean_speaker(par: str, start: int, end: int) -> str | None:
    text = _KO_QUOTED.sub(" ", par[max(0, start - _REACH) : start])  # (an earlier quote is no subject)
    words = re.split(r"[.!?]\s", text)[-1].split()
    who = _korean_subject(words)
    if who is None and not words:  # the quote opens its sentence: '"..."고 이재명 대표는 말했다'
        who = _korean_subject(re.split(r"[.!?]", par[end + 1 : end + 80])[0].split()[1:])
    return who


def _korean_subject(words: list[str]) -> str | None:
    for k in range(len(words) - 1, -1, -1):
        m = _KO_SUBJECT.fullmatch(words[k].rstrip(","))
        if not m:
            continue
        head = m.group(1)
        if head == "씨":  # "이모(74) 씨는": the name is the word before
            name = _KO_AGE.sub("", words[k - 1]) if k else ""
            return f"{name} 씨" if name else None
        if head in _KO_UNNAMED:  # "서울시 관계자는": an official of the body named
            return f"{words[k - 1]} {head}" if k and not _KO_CLAUSE_END.search(words[k - 1]) else head
        if head.endswith(_KO_TITLES):
            return _korean_name(words, k)
        return head if 2 <= len(head) <= 4 and head not in _KO_NOT_NAMES else None
    return None


def uncased_speaker(par: str, start: int, end: int) -> str | None:
    """The speaker of the quote whose marks are at ``start`` and ``end`` of ``par``, named in
    Arabic, Chinese, Japanese or Korean; None when the paragraph is in none of them."""
    around = par[max(0, start - 200) : end + 60]
    if UNCASED.search(around) is None:
        return None  # (Latin, Greek, Cyrillic: names have capitals, read elsewhere)
    if _ARABIC.search(around):
        return _arabic_speaker(par, start, end)
    if _HEBREW.search(around):
        return _hebrew_speaker(par, start, end)
    if _DEVANAGARI.search(around):
        return _hindi_speaker(par, start, end)
    if _HANGUL.search(around):
        return _korean_speaker(par, start, end)
    if re.search(f"[{_KANA}]", around):  # kana: Japanese
        return _japanese_speaker(par, start, end)
    return _chinese_speaker(par, start, end)


def single_marks_quote(par: str) -> bool:
    """Whether single quotation marks in ``par`` may set off someone's words: not in Korean,
    which quotes speech in double marks and sets off terms in single ones (‘E등급’), nor in
    Chinese or Japanese, which quote in corner brackets."""
    if par.isascii() or not (_HANGUL.search(par) or _UNSPACED.search(par)):
        return True
    letters = sum(1 for c in par if c.isalpha())
    return (
        len(_HANGUL.findall(par)) + len(_UNSPACED.findall(par)) <= letters / 2
    )  # (a name in brackets: Latin still)


def is_single_term(par: str, start: int, end: int) -> bool:
    """Whether a Hindi single-quoted span names something ("'ऑपरेशन स्वच्छ जल' नाम से") rather
    than quoting someone: short, no sentence in it, no verb of saying before it."""
    inner = par[start + 1 : end]
    if not _DEVANAGARI.search(inner) or len(inner.split()) > 5 or re.search(r"[\u0964,.?!]", inner):
        return False
    return not re.search(_HI_SAID + r"[\s,:\-\u2013\u2014]*$", par[max(0, start - 16) : start])


def is_term(par: str, start: int, end: int) -> bool:
    """Whether 「...」 at ``start:end`` names something (a plan, a book, a slogan) rather than
    quoting someone: short, no sentence in it, and no quotative or verb of saying around it."""
    inner = par[start + 1 : end]
    if len(inner) > 30 or re.search(r"[。！？!?、，]", inner):
        return False
    after = par[end : end + 24]
    if _JA_QUOTATIVE.match(after) or re.match(f"^[」』]?[，,]?\\s*[{_HAN}]{{0,12}}{_ZH_VERB}", after):
        return False
    return not re.search(f"{_ZH_VERB}[，,：:]?\\s*$", par[max(0, start - 6) : start])
