"""Quotation finding: every mark style, quotes over a paragraph break, nesting, speakers."""

from __future__ import annotations

import pytest

from watcher.analyse.quotes import find_quotes, quote_key

QUOTES = [
    # (case, paragraphs, [(text, speaker)])
    (
        "curly, name after",
        ["\u201cWe will not back down,\u201d Trump said."],
        [("We will not back down", "Trump")],
    ),
    (
        "straight, verb first",
        ['"We will not back down," said Poilievre.'],
        [("We will not back down", "Poilievre")],
    ),
    (
        "speaker before",
        ['Poilievre said: "We will not back down."'],
        [("We will not back down", "Poilievre")],
    ),
    (
        "guillemets with spaces",
        ["\u00ab Nous ne reculerons pas \u00bb, a d\u00e9clar\u00e9 Macron."],
        [("Nous ne reculerons pas", "Macron")],
    ),
    (
        "German low-high marks",
        ["\u201eWir werden nicht nachgeben\u201c, sagte Scholz."],
        [("Wir werden nicht nachgeben", "Scholz")],
    ),
    (
        "German low mark closed by a right double quote",
        ["\u201eMir ist das egal\u201d, sagte \u00d6zdemir."],
        [("Mir ist das egal", "\u00d6zdemir")],
    ),
    (
        "nested single quotes stay inside",
        ["\u201cHe told me, \u2018never again,\u2019 and I believed him,\u201d said Smith."],
        [("He told me, \u2018never again,\u2019 and I believed him", "Smith")],
    ),
    (
        "spanning a paragraph break",
        [
            "\u201cThis is the first part of a long statement.",
            "\u201cAnd this is the second part,\u201d said Mayor Olga Petrov.",
        ],
        [("This is the first part of a long statement. And this is the second part", "Olga Petrov")],
    ),
    (
        "unclosed quote that is never continued",
        ["\u201cThis is the first part of a long statement.", "The mayor then left."],
        [("This is the first part of a long statement", None)],
    ),
    (
        "single quotes when there are no double ones",
        ["The minister called the plan \u2018a disaster\u2019."],
        [("a disaster", None)],
    ),
    ("an apostrophe is not a quote", ["Smith's plan was unveiled on the party's website."], []),
    (
        "appositive speaker",
        ["\u201cWe are ready,\u201d the premier, Doug Ford, told reporters."],
        [("We are ready", "Doug Ford")],
    ),
    (
        "title and job words before the name",
        ["\u201cCrews start soon,\u201d said project manager Nadia Brooks."],
        [("Crews start soon", "Nadia Brooks")],
    ),
    (
        "titles are not part of the name",
        ["Federal Labour Minister Priya Dhanoa said: \u201cNo.\u201d"],
        [("No", "Priya Dhanoa")],
    ),
    (
        "according to",
        ["According to Carney, the deal is \u201cdead in the water.\u201d"],
        [("dead in the water", "Carney")],
    ),
    (
        "a quote that ends its sentence is not given to the next sentence's speaker",
        [
            "It was, in Trump's words, \u201cextremely productive.\u201d"
            " Carney said it was \u201cconstructive.\u201d"
        ],
        [("extremely productive", None), ("constructive", "Carney")],
    ),
    ("question mark, name after", ["\u201cWhy not?\u201d Trump asked."], [("Why not?", "Trump")]),
    (
        "a capitalised word before a role is the role, not a name",
        ["The Tory leader later added he hopes for \u201ca change in tone\u201d with Ottawa."],
        [("a change in tone", "Tory leader")],
    ),
    (
        "pronoun continues the last named speaker",
        ["\u201cFirst,\u201d said Ms. Okafor.", "\u201cSecond,\u201d she said."],
        [("First", "Okafor"), ("Second", "Okafor")],
    ),
    (
        "German guillemets open with the mark that closes French ones",
        ["\u00bbDie Pr\u00fcfer brauchen mehr Zeit\u00ab, sagte Becker dem Leine-Kurier."],
        [("Die Pr\u00fcfer brauchen mehr Zeit", "Becker")],
    ),
    (
        "Swedish guillemets close with the same mark",
        ["\u00bbDet \u00e4r klart\u00bb, sagte Andersson."],
        [("Det \u00e4r klart", "Andersson")],
    ),
    (
        "German single quotes when there are no double ones",
        ["Der Sprecher nannte den Plan \u201aunzumutbar\u2018 und ging."],
        [("unzumutbar", None)],
    ),
    (
        "the speaker's name ends with the sentence",
        [
            '"We are done," said Poilievre. Canada\'s economy is fine.',
            "\u201eWir sind froh\u201c, sagte Vogt. Eine Bilanz folgt.",
        ],
        [("We are done", "Poilievre"), ("Wir sind froh", "Vogt")],
    ),
    (
        "initials and abbreviated titles keep their full stop",
        ['"Done," said J. R. Smith.', '"Done," said Dr. Jane Roe.'],
        [("Done", "J. R. Smith"), ("Done", "Jane Roe")],
    ),
    (
        "particles of a name, and German's article after one",
        [
            '"Over," said Mark van der Berg.',
            '"Over," said Jean de la Fontaine.',
            "\u201eWir sind froh\u201c, sagte Becker der Zeitung.",
        ],
        [("Over", "Mark van der Berg"), ("Over", "Jean de la Fontaine"), ("Wir sind froh", "Becker")],
    ),
    (
        "a German role before the name is dropped; a separable verb still names the speaker",
        [
            "\u201eDie Sperrung ist unumg\u00e4nglich\u201c, k\u00fcndigte Oberb\u00fcrgermeisterin Katrin Vogt an.",
            "Rentnerin Gisela Hartmann sagte: \u201eIch fahre jetzt einen Umweg.\u201c",
        ],
        [
            ("Die Sperrung ist unumg\u00e4nglich", "Katrin Vogt"),
            ("Ich fahre jetzt einen Umweg", "Gisela Hartmann"),
        ],
    ),
    (
        "a paragraph opening with a quote is not the last speaker's when it names its own",
        [
            "\u00ab A \u00bb, a d\u00e9clar\u00e9 Marc Lenoir.",
            "\u00ab B \u00bb, a assur\u00e9 la directrice, Claire Aubert.",
        ],
        [("A", "Marc Lenoir"), ("B", "Claire Aubert")],
    ),
    (
        "after a role, the person is the name set off by a comma",
        [
            "\u201cA\u201d, ha declarado la consejera de Sanidad, F\u00e1tima Matute.",
            '"B," said the mayor of Ottawa, Jim Watson.',
            '"C," said Smith, Ottawa\'s mayor.',
        ],
        [("A", "F\u00e1tima Matute"), ("B", "Jim Watson"), ("C", "Smith")],
    ),
    (
        "French inverted pronouns and a Spanish verb alone continue the speaker",
        [
            "\u00ab A \u00bb, a d\u00e9clar\u00e9 Marc Lenoir.",
            "\u00ab B \u00bb, a-t-il ajout\u00e9.",
            "\u00ab C \u00bb, estime-t-il.",
            "\u201cD\u201d, ha asegurado Ana Garc\u00eda.",
            "\u201cE\u201d, afirm\u00f3.",
        ],
        [
            ("A", "Marc Lenoir"),
            ("B", "Marc Lenoir"),
            ("C", "Marc Lenoir"),
            ("D", "Ana Garc\u00eda"),
            ("E", "Ana Garc\u00eda"),
        ],
    ),
    (
        "review: English speakers that must stay right",
        [
            "\u201cIt is done,\u201d said state Rep. Jane Doe, R-Austin.",
            "\u201cIt is done,\u201d said city spokesperson Anna Lee, Tuesday.",
            "\u201cIt is done,\u201d said J.K. Rowling in a statement.",
            "\u201cIt is done,\u201d said Das.",
            "\u201cIt is done,\u201d said Des Browne.",
            "\u00ab Nous tiendrons \u00bb, a d\u00e9clar\u00e9 Jean Dupont du syndicat.",
        ],
        [
            ("It is done", "Jane Doe"),
            ("It is done", "Anna Lee"),
            ("It is done", "J.K. Rowling"),
            ("It is done", "Das"),
            ("It is done", "Des Browne"),
            ("Nous tiendrons", "Jean Dupont"),
        ],
    ),
    (
        "review: a \u00bb followed by a space opens nothing",
        [
            "\u00ab A \u00bb, a d\u00e9clar\u00e9 Marc Lenoir.",
            "Lire aussi \u00bb Gr\u00e8ve du m\u00e9tro",
            "Mehr zum Thema \u00bb Verkehr",
        ],
        [("A", "Marc Lenoir")],
    ),
    (
        "review: a quote opening a paragraph continues the speaker; an English verb alone does not",
        [
            "\u201cA,\u201d said Olivia Chow.",
            "\u201cThis city deserves better.\u201d The vote is on Monday.",
            "Voters in the \u201cswing\u201d states.",
        ],
        [("A", "Olivia Chow"), ("This city deserves better", "Olivia Chow"), ("swing", None)],
    ),
    (
        "a quoted title opening a paragraph is nobody's words",
        [
            '"We will not back down," said Mayor Jane Doe.',
            '"Oppenheimer" won seven Oscars on Sunday night.',
            "\u00ab Le Monde \u00bb a r\u00e9v\u00e9l\u00e9 mardi que le plan \u00e9tait pr\u00eat.",
        ],
        [("We will not back down", "Jane Doe"), ("Oppenheimer", None), ("Le Monde", None)],
    ),
    (
        "british single quotes around nested double ones",
        [
            "\u2018When they tell you the timetable is \u201cunder review\u201d, what they mean is there is no "
            "timetable,\u2019 said Iain Morrison, a haulier. \u2018I have drivers sleeping in their cabs.\u2019",
            "The ferry was \u201cunder review\u201d, the operator said, and \u2018late\u2019 again.",
        ],
        [
            (
                "When they tell you the timetable is \u201cunder review\u201d, what they mean is there is no timetable",
                "Iain Morrison",
            ),
            ("I have drivers sleeping in their cabs", "Iain Morrison"),
            ("under review", None),
        ],
    ),
    (
        "italian and portuguese speakers",
        [
            "\u00abNon possiamo accettare questi tagli\u00bb, ha detto Marco Bellini, segretario regionale.",
            "Il sindaco Giorgio Ferri ha dichiarato: \u00abLa citt\u00e0 non si fermer\u00e0\u00bb.",
            "\u201cA \u00e1gua deve baixar at\u00e9 domingo\u201d, disse o prefeito, Sebasti\u00e3o Melo.",
            "Segundo Ana Paula Reis, \u201cningu\u00e9m esperava uma cheia assim\u201d.",
            "\u201cPerdemos tudo\u201d, disse ela.",
            "\u00abSiamo stanchi\u00bb, ha raccontato Chiara Fontana.",
        ],
        [
            ("Non possiamo accettare questi tagli", "Marco Bellini"),
            ("La citt\u00e0 non si fermer\u00e0", "Giorgio Ferri"),
            ("A \u00e1gua deve baixar at\u00e9 domingo", "Sebasti\u00e3o Melo"),
            ("ningu\u00e9m esperava uma cheia assim", "Ana Paula Reis"),
            ("Perdemos tudo", "Ana Paula Reis"),
            ("Siamo stanchi", "Chiara Fontana"),
        ],
    ),
    (
        "dutch speakers",
        [
            "\u201eWe bouwen geen dijk die weer open moet\u201d, zegt dijkgraaf Marjolein Verhoeven.",
            "Volgens Pieter van Dalen is \u201ehet hele land tegelijk aan de beurt\u201d.",
            "\u201eHet is zuur\u201d, aldus voorzitter Ay\u015fe Demir.",
        ],
        [
            ("We bouwen geen dijk die weer open moet", "Marjolein Verhoeven"),
            ("het hele land tegelijk aan de beurt", "Pieter van Dalen"),
            ("Het is zuur", "Ay\u015fe Demir"),
        ],
    ),
    (
        "swedish quotes open and close with the same mark",
        [
            "\u201dVi måste spara vatten nu\u201d, säger Linnea Berg, pressansvarig.",
            "Enligt Henrik Sjöberg är \u201dmagasinen nästan tomma\u201d.",
            "Maja Engström driver ett café i Visby. \u201dVi stänger tidigare\u201d, säger hon.",
            "The 12\u201d pizza costs $5, and the 16\u201d one $8.",
        ],
        [
            ("Vi måste spara vatten nu", "Linnea Berg"),
            ("magasinen nästan tomma", "Henrik Sjöberg"),
            ("Vi stänger tidigare", "Maja Engström"),
        ],
    ),
    (
        "spokespeople, long roles, surnames and who the paragraph before introduced",
        [
            "\u201cBoth are in hospital,\u201d a spokesperson for Devon and Cornwall police said.",
            "\u201cWe cannot send crews up poles,\u201d a Western Grid Networks spokesperson said.",
            "\u201cDo not travel,\u201d said the operator\u2019s chief operating officer, Declan Moss.",
            "The resilience minister, Gareth Penrose, said the committee would meet again.",
            "\u201cNobody should be left without heat,\u201d Penrose told reporters.",
            "Morwenna Trelawny, the leader of Cornwall council, said crews were ready.",
            "\u201cWe cannot hold back the sea,\u201d she told reporters.",
        ],
        [
            ("Both are in hospital", "Devon and Cornwall police spokesperson"),
            ("We cannot send crews up poles", "Western Grid Networks spokesperson"),
            ("Do not travel", "Declan Moss"),
            ("Nobody should be left without heat", "Gareth Penrose"),
            ("We cannot hold back the sea", "Morwenna Trelawny"),
        ],
    ),
    (
        "what is no speaker: an article after the verb, a place, the outlet reporting, a namesake",
        [
            "Jan de Vries woont aan de dijk.",
            "\u201eWe hebben alles gedaan\u201d, zei de burgemeester.",
            "\u201cWe did nothing wrong,\u201d said Jane Doe, the company's chief executive.",
            "The firm, founded in Salt Lake City in 1998, employs 400 people.",
            "\u201cWe will appeal,\u201d she said.",
            "\u201cWe want our jobs back,\u201d said a man in the crowd, Reuters reported.",
            "President Joe Biden pardoned his son, Hunter Biden, on Sunday.",
            "\u201cI hope Americans will understand,\u201d Biden said.",
            "\u201eWe gaan door\u201d, zegt de Rotterdamse burgemeester Ahmed Aboutaleb.",
            "The leader of Cornwall Council, Morwenna Trelawny, visited the site.",
            "\u201cWe will rebuild,\u201d she said.",
        ],
        [
            ("We hebben alles gedaan", None),
            ("We did nothing wrong", "Jane Doe"),
            ("We will appeal", "Jane Doe"),
            ("We want our jobs back", None),
            ("I hope Americans will understand", "Biden"),
            ("We gaan door", "Ahmed Aboutaleb"),
            ("We will rebuild", "Morwenna Trelawny"),
        ],
    ),
    (
        "polish and spanish: a dash before the verb, a verb alone, an acronym and a long role",
        [
            "\u201eNie mamy wyjścia\u201d \u2013 powiedział prezydent miasta Jan Nowak.",
            "\u201eRemont potrwa do czerwca\u201d \u2013 dodał.",
            "\u201ePrzygotowaliśmy objazdy\u201d \u2013 przekazała rzeczniczka ZDM Magdalena Zielińska.",
            "\u201cLa reducción será temporal\u201d, afirmó el director general del OMA, Raúl Cisneros Orozco.",
        ],
        [
            ("Nie mamy wyjścia", "Jan Nowak"),
            ("Remont potrwa do czerwca", "Jan Nowak"),
            ("Przygotowaliśmy objazdy", "Magdalena Zielińska"),
            ("La reducción será temporal", "Raúl Cisneros Orozco"),
        ],
    ),
    (
        "'he said' after a paragraph introduces someone",
        [
            "\u201cWe will rebuild,\u201d said Mayor Ana Ruiz.",
            "Henk Lammers (67) woont al veertig jaar aan de dijk. \u201eZe komen hier al jaren\u201d, zegt hij.",
            "Maria Lopez, 54, has lived on the street since 1998. \u201cIt is terrifying,\u201d she said.",
            "\u201cAnd nobody came,\u201d she added.",
        ],
        [
            ("We will rebuild", "Ana Ruiz"),
            ("Ze komen hier al jaren", "Henk Lammers"),
            ("It is terrifying", "Maria Lopez"),
            ("And nobody came", "Maria Lopez"),
        ],
    ),
]

QUOTES += [
    (
        "a quote over a paragraph break keeps the speaker named where it opened",
        [
            "Maria Gonzalez, 54, said: \u201cEvery spring we move the furniture upstairs.",
            "\u201cNobody has come. Not once.\u201d",
        ],
        [("Every spring we move the furniture upstairs. Nobody has come. Not once", "Maria Gonzalez")],
    ),
    (
        "the second quote of a paragraph, continued, is the same speaker's",
        [
            "\u201cWe are tired,\u201d said Maria Gonzalez, 54. \u201cEvery spring we move.",
            "\u201cNobody has come.\u201d",
        ],
        [("We are tired", "Maria Gonzalez"), ("Every spring we move. Nobody has come", "Maria Gonzalez")],
    ),
    (
        "an age and a role set off by commas before the verb",
        ["Maria Gonzalez, 54, a retired nurse, said: \u201cWe move.\u201d"],
        [("We move", "Maria Gonzalez")],
    ),
    (
        "a straight inch mark opens nothing",
        ['Crews replaced a 36" water main last year. "It was the oldest pipe," said engineer Bob Lee.'],
        [("It was the oldest pipe", "Bob Lee")],
    ),
]

# From two reviews of speaker detection: a role before the name is never part of it, a pronoun
# after the verb is the person named last, never the noun that follows it.
SPEAKERS = [
    (
        "what a title is of, after the verb",
        ['"We will respond," said Secretary of State Marco Rubio.'],
        "Marco Rubio",
    ),
    (
        "what a title is of, before the verb",
        ['Secretary of State Marco Rubio said: "We will respond."'],
        "Marco Rubio",
    ),
    (
        "what a title is of, in two words",
        ['"No," said Director of Public Prosecutions Max Hill.'],
        "Max Hill",
    ),
    ("a minister of a department", ['"We are ready," said Minister of Health Jane Doe.'], "Jane Doe"),
    (
        "a lawmaker's party and state between the name and the verb",
        [
            "Sen. Mark Tillis (R-N.C.) said he voted no because the bill \u201cputs Washington in charge "
            "of decisions that engineers should make.\u201d"
        ],
        "Mark Tillis",
    ),
    (
        "a lawmaker's party and state after the verb and the name",
        ['"We will fight it in the House," Rep. Ana Ruiz (D-N.Y.) told reporters.'],
        "Ana Ruiz",
    ),
    (
        "a party and a role in lower case before the name",
        ['"We will vote against it," said Liberal Democrat group leader Tom Ashworth.'],
        "Tom Ashworth",
    ),
    (
        "a rank of two words",
        ['"The fire is contained," said Battalion Chief Maria Delgado.'],
        "Maria Delgado",
    ),
    (
        "a role in lower case before the name and the verb",
        ['"Demand remains strong," chief executive Helen Marsh told analysts on a call.'],
        "Helen Marsh",
    ),
    (
        "a body named with 'of' is named whole",
        ['The Association of American Railroads said "the rules will cost billions."'],
        "Association of American Railroads",
    ),
    (
        "a body named with 'of' after the verb",
        ['"The rules will cost billions," said the Association of American Railroads.'],
        "Association of American Railroads",
    ),
    (
        "a role set off by commas before the name",
        ['The Welsh government\'s economy secretary, Rhys Owen, said the announcement was "a blow".'],
        "Rhys Owen",
    ),
    (
        "a title of three words",
        ['Chief Financial Officer Dana Morrow said "margins will recover."'],
        "Dana Morrow",
    ),
    (
        "an agency and an abbreviated rank",
        ['THP Lt. Bill Miller said "the driver was not hurt."'],
        "Bill Miller",
    ),
    ("a role opening the sentence", ['Parent Rosa Delgado said "the school never told us."'], "Rosa Delgado"),
    (
        "a German pronoun after the verb, a time after it",
        [
            "Patrick Wendt leitet das Bauamt seit 2019.",
            "Die Sanierung sei \u201ealternativlos\u201c, sagte er am Mittwochabend.",
        ],
        "Patrick Wendt",
    ),
    (
        "a German pronoun after the verb",
        ["Anna Weber leitet das Amt.", "\u201eWir sind bereit\u201c, sagte sie."],
        "Anna Weber",
    ),
    (
        "an English pronoun after the verb, a place after it",
        ["Jane Doe runs the shop on the corner.", '"It was wet," said she in Berlin.'],
        "Jane Doe",
    ),
    (
        "a German compound role before the name",
        ["\u201eDas ist ein Skandal\u201c, sagte Verbandschef Detlef Neu\u00df."],
        "Detlef Neu\u00df",
    ),
    (
        "a German compound role before the name, the speaker first",
        ["Fraktionsvorsitzende Petra Lang sagte: \u201eWir stimmen zu.\u201c"],
        "Petra Lang",
    ),
    # what must stay as it was
    (
        "a company whose name opens with a role word",
        ['"We will appeal," said Union Pacific.'],
        "Union Pacific",
    ),
    ("a surname that is a title", ['"We will appeal," said Sarah Judge.'], "Sarah Judge"),
    (
        "a place set off by commas is no person",
        ['A farmer in Dover, Delaware, said the crop was "ruined".'],
        None,
    ),
    ("a possessive before the role", ['"It is over," said his wife Mary Jones.'], "Mary Jones"),
]


@pytest.mark.parametrize(("case", "paragraphs", "speaker"), SPEAKERS, ids=[c[0] for c in SPEAKERS])
def test_speakers(case: str, paragraphs: list[str], speaker: str | None) -> None:
    assert find_quotes(paragraphs)[-1].speaker == speaker


@pytest.mark.parametrize(("case", "paragraphs", "expected"), QUOTES, ids=[c[0] for c in QUOTES])
def test_find_quotes(case: str, paragraphs: list[str], expected: list[tuple[str, str | None]]) -> None:
    assert [(q.text, q.speaker) for q in find_quotes(paragraphs)] == expected, case


def test_quote_paragraph_is_where_it_starts() -> None:
    paragraphs = [
        "Intro.",
        "\u201cPart one.",
        "\u201cPart two,\u201d said Lee.",
        "\u201cAnother,\u201d said Lee.",
    ]
    assert [q.paragraph for q in find_quotes(paragraphs)] == [1, 3]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("\u201cWe will win,\u201d", '"We will win"'),
        ("\u00ab We will win \u00bb", "we will win."),
        ("It\u2019s over", "It's over"),
        ("I take responsibility for that.\u201d", "I take responsibility for that!"),
        ("Who is going to pay for this?", "Who is going to pay for this."),
    ],
)
def test_quote_key_ignores_marks_case_and_end_punctuation(a: str, b: str) -> None:
    assert quote_key(a) == quote_key(b)


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "\u2014No toleraremos este fracaso y habr\u00e1 consecuencias en la agencia \u2014afirm\u00f3 la ministra Rhiannon Tate.",
            [("No toleraremos este fracaso y habr\u00e1 consecuencias en la agencia", "Rhiannon Tate")],
        ),
        (
            "\u2014Estamos trabajando sin descanso \u2014dijo Ana Garc\u00eda, portavoz de Protecci\u00f3n Civil\u2014. Los equipos siguen.",
            [("Estamos trabajando sin descanso", "Ana Garc\u00eda")],
        ),
        (
            "\u2014N\u00e3o vamos tolerar isso \u2014disse o prefeito, Sebasti\u00e3o Melo.",
            [("N\u00e3o vamos tolerar isso", "Sebasti\u00e3o Melo")],
        ),
        (
            "El pleno \u2014 reunido el lunes \u2014 aprob\u00f3 el plan de obras.",
            [],
        ),  # (an aside, no dialogue)
    ],
)
def test_spanish_and_portuguese_dialogue_dashes_are_quotes(
    paragraph: str, expected: list[tuple[str, str]]
) -> None:
    assert [(q.text, q.speaker) for q in find_quotes([paragraph])] == expected
