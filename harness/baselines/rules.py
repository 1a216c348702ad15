"""A rule and gazetteer entity tagger with OntoNotes labels (the ``entities-rules`` baseline).

Written from the dev split only (the ten dev articles and their gold entities), the
annotation guidelines (docs/guidelines.md, section 2) and general knowledge:

1. Fixed names (``special military operation``, "<X> People's Republic", "Radio 1"), web
   domains as news outlets (ORG), quoted unit names (``"East" grouping``, ORG) and quoted
   title-case titles (WORK_OF_ART).
2. Numeric and temporal expressions by regular expression, in priority order: TIME, DATE,
   PERCENT, MONEY, QUANTITY, ORDINAL, CARDINAL, with their approximators ("about") and,
   for DATE and TIME, their determiners ("the same day").
3. Runs of capitalised words (joined by "of", "of the", "the", "for") become names, minus
   a leading common word, a leading nationality (a NORP of its own unless the rest is a
   national body: "Russian Armed Forces") and a leading title (which makes the name a
   PERSON). A following designator makes a GPE ("Sumy hromada"), a following head noun
   an ORG or FAC ("Sumy regional military administration", "... power plant"); otherwise
   the name is typed by its own evidence (nationalities, a name typed earlier in the
   document, key words and known organisations, places, countries and regions of the
   GeoNames gazetteer, acronyms), then by its context (a role word before it: PERSON; a
   preposition of place or a Slavic place-name shape: GPE; a speech verb after it: PERSON),
   and otherwise it is a PERSON. In headline lines and for a single word opening a
   sentence, a name without evidence is kept only if the document types it elsewhere.

The word lists are general English and general knowledge; none is taken from test data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .gazetteer import Gazetteer, fold, load_gazetteer


@dataclass(frozen=True)
class Mention:
    """One entity mention: text[start:end] with its OntoNotes label."""

    start: int
    end: int
    label: str
    text: str


def _words(*groups: str) -> str:
    """A regular-expression alternation of the space-separated words of ``groups``."""
    return "|".join(w for group in groups for w in group.split())


def _set(words: str) -> frozenset[str]:
    """The set of the space-separated words of ``words``."""
    return frozenset(words.split())


# --- numeric and temporal expressions -------------------------------------------------

# month and weekday names must be capitalised ("may" and "march" are verbs); everything else ignores case
_MONTH = "(?-i:" + _words("January February March April May June July August September October November December") + ")"
_WEEKDAY = "(?-i:" + _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday") + ")"
_SMALL = _words("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
                "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred")
_NUMBER = (rf"(?:\d+(?:[.,]\d+)*|(?:{_SMALL})(?:[- ](?:{_SMALL}))?|a dozen)"
           r"(?:\s+(?:hundred|thousand|million|billion))?")
_APPROX = (r"(?:(?:about|around|almost|nearly|roughly|approximately|some|over|above|more than|less than|"
           r"fewer than|at least|up to|just over|just under)\s+)?")
_RANGE = rf"{_NUMBER}(?:\s*(?:–|-|to)\s*{_NUMBER})?"
_YEAR = r"(?:1[89]|20)\d\d"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_CALENDAR_DATE = (rf"(?:(?:{_WEEKDAY}),?\s+)?(?:{_DAY}(?:\s*(?:–|-|to)\s*{_DAY})?\s+(?:{_MONTH})"
                  rf"|(?:{_MONTH})\s+{_DAY}(?:\s*(?:–|-|to)\s*{_DAY})?)(?:,?\s+{_YEAR})?")
_PART_OF_DAY = r"(?:morning|afternoon|evening|night)(?!-)"
_UNIT_OF_TIME = r"(?:days?|weeks?|months?|years?|decades?)"

_TIME = [
    rf"(?:the\s+)?{_PART_OF_DAY}\s+of\s+{_CALENDAR_DATE}(?:\s+to\s+{_DAY})?",
    rf"(?:{_WEEKDAY})\s+{_PART_OF_DAY}(?:,\s+{_CALENDAR_DATE})?",
    r"(?:(?:around|about)\s+)?(?:midnight|noon|midday)(?:\s+(?:Moscow|Kyiv|local)\s+time)?",
    r"\d{1,2}[:.]\d\d(?:\s*(?:a\.m\.|p\.m\.|am|pm))?(?:\s+(?:Moscow|Kyiv|local)\s+time)?",
    rf"{_APPROX}{_RANGE}\s+(?:hours?|minutes?)",
    r"(?:the\s+)?(?:first|last|early|small)\s+hours",
    r"(?:earlier|later)\s+in\s+the\s+day",
    rf"(?:the|an?|this|that)\s+{_PART_OF_DAY}",
    r"night-time",
]
_DATE = [
    _CALENDAR_DATE,
    rf"(?:(?:early|mid|late)[- ])?(?:{_MONTH})(?:\s+{_YEAR})?",
    rf"(?:the\s+)?(?:beginning|start|middle|end)\s+of\s+(?:(?:{_MONTH})(?:\s+{_YEAR})?|{_YEAR}|the\s+(?:week|month|year))",
    rf"(?:the\s+)?(?:spring|summer|autumn|fall|winter)\s+of\s+{_YEAR}",
    r"the\s+(?:spring|summer|autumn|fall|winter)",
    rf"(?:(?:early|mid|late)[- ])?{_YEAR}s?",
    rf"(?:earlier|later)\s+(?:in|this)\s+(?:{_MONTH}|week|month|year)",
    rf"{_WEEKDAY}",
    r"today|yesterday|tomorrow",
    rf"{_APPROX}{_RANGE}\s+{_UNIT_OF_TIME}(?:\s+(?:earlier|later|ago|before|after|before that))?",
    rf"(?:a|one)\s+(?:full\s+)?(?:day|week|month|year)(?:\s+(?:earlier|later|ago|before|after))?",
    rf"(?:almost|nearly|about)\s+a\s+(?:full\s+)?(?:day|week|month|year)",
    rf"the\s+(?:previous|past|last|next|following|coming)\s+(?:{_NUMBER}\s+)?{_UNIT_OF_TIME}",
    r"the\s+(?:same|following|next|previous)\s+(?:day|week|month|year)",
    r"(?:the|that|this)\s+(?:day|week|month|year)(?:\s+before)?",
    r"year-end|new\s+year",
    rf"{_NUMBER}-(?:day|week|month|year)(?:-old)?",
    r"(?-i:(?:[A-Z]\w+\s+){1,3}Day)",
]
_PERCENT = [rf"{_APPROX}{_RANGE}\s?(?:%|per\s?cent|percent)"]
_MONEY = [rf"{_APPROX}(?:[$€£]\s?{_NUMBER}|{_NUMBER}\s+(?:dollars|euros|pounds|roubles|rubles|hryvnias?))"]
_UNITS = (r"(?:kilomet(?:re|er)s?|km|metres?|meters?|m|miles?|tonnes?|tons?|kilograms?|kg|litres?|liters?|hectares?|"
          r"kilovolts?|kV|megawatts?|MW|gigawatts?|GW|degrees)")
_QUANTITY = [rf"{_APPROX}(?:{_RANGE}|an?)[- ]{_UNITS}"]
_ORDINAL = [r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th)"]
_CARDINAL = [rf"{_APPROX}{_RANGE}", r"(?:dozens|hundreds|thousands|millions)(?=\s+of\b)"]

_NUMERIC = [(label, re.compile(rf"(?<![\w-])(?:{'|'.join(patterns)})(?![\w%])", re.IGNORECASE))
            for label, patterns in (("TIME", _TIME), ("DATE", _DATE), ("PERCENT", _PERCENT), ("MONEY", _MONEY),
                                    ("QUANTITY", _QUANTITY), ("ORDINAL", _ORDINAL), ("CARDINAL", _CARDINAL))]
_PRONOUN_ONE = re.compile(r"\b(?:no|any|some|every|each|the)\s+$", re.IGNORECASE)  # "no one" is no number


def _numeric(text: str) -> list[Mention]:
    """Numeric and temporal expressions; an earlier label in the priority order wins an overlap."""
    taken: list[Mention] = []
    for label, pattern in _NUMERIC:
        for match in pattern.finditer(text):
            start, end = match.span()
            if label == "CARDINAL" and (text[end:end + 1] in ("-", "’", "'") or match.group().lower() == "one"
                                        and _PRONOUN_ONE.search(text[max(0, start - 8):start])):
                continue
            if all(end <= m.start or m.end <= start for m in taken):
                taken.append(Mention(start, end, label, match.group()))
    return taken


# --- names ----------------------------------------------------------------------------

NATIONALITIES = _set(
    "Russian Russians Ukrainian Ukrainians American Americans British Briton Britons French German Germans Polish Pole "
    "Poles Chinese Japanese Korean Koreans Iranian Iranians Turkish Turk Turks Belarusian Belarusians Georgian "
    "Georgians Moldovan Moldovans Hungarian Hungarians Romanian Romanians Finnish Finn Finns Swedish Swede Swedes "
    "Norwegian Norwegians Danish Dane Danes Dutch Italian Italians Spanish Spaniard Spaniards Israeli Israelis "
    "Palestinian Palestinians Syrian Syrians Indian Indians Canadian Canadians European Europeans Western Soviet "
    "Chechen Chechens Tatar Tatars Crimean Kazakh Kazakhs Latvian Latvians Lithuanian Lithuanians Estonian Estonians "
    "Slovak Czech Serbian Serbs Austrian Swiss Belgian Arab Arabs Muslim Muslims Christian Christians Orthodox "
    "Jewish Jews Catholic Catholics Communist Communists Nazi Nazis Bolshevik Bolsheviks")
# common words that start a sentence or a headline with a capital without being names
COMMON = _set(
    "A An The This That These Those There Here It Its He She His Her They Their Them We Our Us I You Your One "
    "In On At By For From To Of With Without Within Into Onto Over Under Above Below After Before During Since Until "
    "Till Through Across Along Around Among Between Behind Beyond Near Against Toward Towards Despite Amid Amidst "
    "Per Via About As And But Or Nor So Yet If When While Where Whereas Why How What Who Whom Whose Which Whether "
    "Although Though Because Unless Once Also Only Even Still Just Then Now Later Earlier Meanwhile However "
    "Moreover Furthermore Nevertheless Instead Indeed Thus Hence Therefore Already Again Such Some Many Most More "
    "Much Several Few Each Every Both All Any No Not None Other Another Neither Either Asked According Speaking "
    "Recalling Reporting Following Describing Commenting Citing Noting Writing Answering Responding Talking "
    "Local Regional Officials Official Residents Sources Source Witnesses Reports Report Footage Video Photos "
    "Late Early Overnight Yesterday Today Tomorrow Last Next First Second Third Final Finally New Old "
    "Update Updated Breaking Analysis Context Background Timeline Read Watch See Note Editor "
    "Do Does Did Is Are Was Were Be Been Has Have Had Will Would Can Could May Might Must Should Shall "
    "Yes Well Please Let Come Go Look Says Said Say Tell Told")
_ORG_WORDS = _set(
    "Ministry Ministries Staff Army Armies Forces Force Brigade Brigades Regiment Battalion Division Corps Guard Guards "
    "Fleet Flotilla Navy Agency Administration Council Committee Commission Service Services Union Group Grouping "
    "Inspectorate Office Party Bank Company Corporation Institute University Academy Court Parliament Duma Rada "
    "Assembly Government Cabinet Directorate Department Bureau Centre Center Foundation Fund Organisation "
    "Organization Association Federation Alliance Coalition Movement Command Headquarters Police Prosecutor "
    "Novosti News Radio Television TV Channel Times Post Journal Gazette Press Telegraph Herald Independent Pravda "
    "Media Network Broadcasting")
_FAC_WORDS = _set(
    "Theatre Theater Square Station Airport Airfield Bridge Road Street Avenue Highway Cathedral Church Monastery "
    "Palace Stadium Arena Hotel Museum Tower Plant Dam Port Harbour Prison Mall Market Building Hall House Park "
    "Mosque Synagogue Embassy")
_LOC_WORDS = _set("River Sea Ocean Mountains Mountain Lake Gulf Bay Strait Peninsula Valley Basin Desert "
                  "Island Islands Steppe Forest")
_LOCATIONS = _set("Europe Asia Africa Eurasia Americas Antarctica Arctic Balkans Caucasus Siberia Baltic "
                  "Baltics Scandinavia Donbas Donbass Sloboda Polesia Transcarpathia Dnieper Dnipro Don "
                  "Volga Danube Desna Seym Oskil Siverskyi Donets Azov")
_EVENT_WORDS = _set("War Revolution Operation Offensive Counteroffensive Battle Summit Olympics Games "
                    "Conference Forum Festival Championship Cup Election Elections Referendum Uprising")
_WORK_WORDS = _set("Order Medal Prize Award Cross Star")
_GPE_ACRONYMS = _set("US USA UK UAE USSR DPR LPR DNR LNR PRC")
# well-known news outlets and organisations whose names carry no key word (general knowledge)
_KNOWN_ORGS = _set(
    "TASS Interfax RIA Kommersant Izvestia Vedomosti Regnum RBC Baza Meduza VGTRK NTV Zvezda Reuters "
    "Bloomberg AFP AP BBC CNN Politico Axios Ukrinform UNIAN Suspilne Hromadske "
    "NATO EU UN OSCE IAEA WHO ICRC Kremlin Rosatom Gazprom Rosneft Roscosmos Energoatom Ukrenergo Naftogaz Telegram "
    "SBU FSB GRU HUR SVR Pentagon Duma Rada Verkhovna")
_TITLE_WORDS = _set("President Minister General Colonel Lieutenant Major Captain Sergeant Admiral Marshal Commander "
                    "Governor Mayor Senator Ambassador Envoy Spokesman Spokeswoman Spokesperson Director Chairman "
                    "Chairwoman Head Chief Mr Mrs Ms Dr Pope King Queen Prince Patriarch Secretary Aide Adviser Advisor")
_DESIGNATOR = re.compile(r"^\s+(?:region|oblast|province|krai|kray|district|raion|rayon|hromada|okrug|municipality|"
                         r"county|republic)\b(?!s)", re.IGNORECASE)
_FIXED_NAMES = [(re.compile(r"\bspecial military operation\b"), "EVENT"),
                (re.compile(r"(?:[A-Z]\w+\s+)+People['’]s Republic"), "GPE"),
                (re.compile(r"\b(?:Radio|Channel)\s+\d+\b"), "ORG")]
_DOMAIN = re.compile(r"(?<![\w.])[\w-]+\.(?:ru|ua|com|net|org|news|info|media|tv|by)\b")
_QUOTED_UNIT = re.compile(r"[\"“‘'][A-Z][\w -]{0,30}[\"”’']\s+(?:grouping|group of forces|group)\b")
_QUOTED_TITLE = re.compile(r"(?<=[\"“])(?:[A-Z][\w’'-]*|of|the|and|for|in|on|a)(?:\s+(?:[A-Z][\w’'-]*|of|the|and|for|in|on|a))*"
                           r"(?=[\"”])")
_TOKEN = re.compile(r"(?<![\w’'])(?:\d+(?:st|nd|rd|th)\s+)?[A-Z][\w]*(?:-[A-Z0-9][\w]*)*")
_CONNECTOR = re.compile(r"[ \t]+(?:of the|of|the|for)[ \t]+|[ \t]+|’s[ \t]+")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*|[‘“\"'(—–]\s*|[.!?][’”'\"]\s+)$")
_PERSON_CUE = re.compile(
    r"\b(?:president|minister|general|colonel|lieutenant|major|captain|sergeant|commander|chief|governor|mayor|"
    r"spokes(?:man|woman|person)|envoy|adviser|advisor|aide|head|director|chairman|deputy|leader|journalists?|"
    r"correspondent|blogger|analyst|expert|official|secretary|ambassador|negotiators?|hosts?|presenter|"
    r"soldier|officer|commentator|politician|businessman|woman|man|son|daughter|wife|husband)\s+$", re.IGNORECASE)
_SPEAKER_VERB = re.compile(r"\s*(?:said|says|told|added|wrote|noted|recalled|stressed|emphasi[sz]ed|warned|insisted|"
                           r"argued|acknowledged|asserted|replied|explained)\b")
_ORG_CUE = re.compile(r"\b(?:outlet|newspaper|daily|channel|agency|agencies|broadcaster|website|portal|publication|"
                      r"quoted by|cited by|reported by|published by|according to the|news site)\s+$", re.IGNORECASE)
_PLACE_CUE = re.compile(r"\b(?:in|near|outside|around|towards|toward|into|of the (?:town|village|city|settlement) of|"
                        r"(?:town|village|city|settlement|villages|towns) of|villages?|towns?|settlements?)\s+$")
_ORG_TAIL = re.compile(
    r"\s+(?:(?:regional|city|district|central|state|national|military|civil|federal|local|municipal|emergency|"
    r"territorial|operational|strategic|joint)\s+)*(?:administration|hospital|council|headquarters|corps|"
    r"brigade|regiment|battalion|group of forces|grouping|police|service|committee)\b")
_FAC_TAIL = re.compile(r"(?:\s+(?:nuclear|thermal|hydroelectric|coal|chemical|metallurgical)\s+power plant"
                       r"|\s+(?:power plant|power station|plant|line|road|highway|bridge|airport|airfield|dam|"
                       r"railway station)\b|–[A-Z]\w+\s+(?:road|highway|railway)\b)")
_FAC_CUE = re.compile(r"\s+(?:substation|theatre|theater|restaurant|hotel|store|department store)\b")
_TOPONYM = re.compile(r"[A-Z]\w*(?:ivka|ovka|evka|yivka|pole|polye|grad|hrad|gorod|horod|ovo|evo|ino|yne|ske|skoye|"
                      r"skoe|ychi|ichi|ytsia|nytsia|ivske|ove|ka)(?:-[A-Z]\w+)?")
_SLAVIC_ADJECTIVE = re.compile(r"\w+(?:aya|oye|oe|iy|yi|yy|ny|ye|ij)")
_FILLER = ("of", "the", "for")
_OF = re.compile(r"\s+of(?: the)?\s+")
_NATIONAL_BODIES = _set("Federation Forces Army Navy Guard Church")  # "Russian Armed Forces" is one name


def _quoted(text: str) -> list[Mention]:
    """Quoted unit names ('"Centre" grouping', ORG) and quoted title-case titles (WORK_OF_ART)."""
    found = [Mention(m.start(), m.end(), "ORG", m.group()) for m in _QUOTED_UNIT.finditer(text)]
    for m in _QUOTED_TITLE.finditer(text):
        words = m.group().split()
        if all(m.end() <= f.start or f.end <= m.start() for f in found) and len(words) <= 6 and \
                all(w[0].isupper() for w in words if len(w) > 3):
            found.append(Mention(m.start(), m.end(), "WORK_OF_ART", m.group()))
    return found


def _runs(text: str, taken: list[Mention]) -> list[list[tuple[int, int]]]:
    """Runs of capitalised tokens outside ``taken`` (as token spans), joined by connectors on one line."""
    runs: list[list[tuple[int, int]]] = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        if any(m.start < end and start < m.end for m in taken):
            continue
        if runs and _CONNECTOR.fullmatch(text[runs[-1][-1][1]:start]):
            runs[-1].append((start, end))
        else:
            runs.append([(start, end)])
    return runs


def capitalised_share(line: str) -> tuple[int, float]:
    """How many words of more than three letters a line has, and the share of them that are
    capitalised (high in a title-case headline; 0.0 when there are none)."""
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", line) if len(w) > 3]
    return len(words), (sum(w[0].isupper() for w in words) / len(words) if words else 0.0)


def _title_case_line(text: str, position: int) -> bool:
    """The position lies in a headline-like line where most words are capitalised."""
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    line = text[line_start:None if line_end < 0 else line_end].strip()
    n_words, share = capitalised_share(line)
    return n_words >= 3 and share > 0.6 and not line.endswith((".", "!", "?"))


class _Typer:
    """Types the names of one document, remembering the names already typed."""

    def __init__(self, text: str, gazetteer: Gazetteer) -> None:
        self.text = text
        self.gazetteer = gazetteer
        self.seen: dict[str, str] = {}

    def known_place(self, name: str) -> bool:
        """The gazetteer knows ``name`` as a place, a country or capital, or a region."""
        folded = fold(name)
        return folded in self.gazetteer.places or folded in self.gazetteer.countries or bool(self.gazetteer.region_of(name))

    def evidence(self, start: int, end: int) -> str | None:
        """The label the name text[start:end] itself gives evidence for, or None."""
        name = self.text[start:end]
        words = name.split()
        if name in NATIONALITIES or (name.endswith("s") and name[:-1] in NATIONALITIES):
            return "NORP"
        if name in self.seen:
            return self.seen[name]
        if _DOMAIN.fullmatch(name) or name in _KNOWN_ORGS or words[-1] in _ORG_WORDS or words[0] in _KNOWN_ORGS:
            return "ORG"
        if words[-1] in _LOC_WORDS or name in _LOCATIONS:
            return "LOC"
        if self.known_place(name):
            return "GPE"
        if words[-1] in _FAC_WORDS or (words[0] in _FAC_WORDS and " of " in name):
            return "FAC"
        if words[-1] in _EVENT_WORDS:
            return "EVENT"
        if words[0] in _WORK_WORDS and len(words) > 1:
            return "WORK_OF_ART"
        if name.isupper() and len(name) > 1:
            return "GPE" if name in _GPE_ACRONYMS else "ORG"
        return None

    def label(self, start: int, end: int, titled: bool) -> str | None:
        """The label of text[start:end]: its own evidence, then its context and shape."""
        name = self.text[start:end]
        before, after = self.text[max(0, start - 40):start], self.text[end:end + 40]
        if titled or _PERSON_CUE.search(before):
            return "NORP" if name in NATIONALITIES else "PERSON"
        own = self.evidence(start, end)
        if own:
            return own
        words = name.split()
        if self.seen.get(words[-1]) == "PERSON":
            return "PERSON"
        if _FAC_CUE.match(after):
            return "FAC"
        if _ORG_CUE.search(before):
            return "ORG"
        if len(words) == 2 and _SLAVIC_ADJECTIVE.fullmatch(words[0]):
            return "GPE"
        if len(words) == 1 and (_TOPONYM.fullmatch(name) or _PLACE_CUE.search(before)):
            return "GPE"
        if _SPEAKER_VERB.match(after):
            return "PERSON"
        return None

    def remember(self, mention: Mention) -> None:
        self.seen.setdefault(mention.text, mention.label)
        if mention.label == "PERSON":
            for word in mention.text.split()[1:]:
                self.seen.setdefault(word, "PERSON")


def _word(text: str, span: tuple[int, int]) -> str:
    """The text of one token span."""
    return text[span[0]:span[1]]


def _pieces(text: str, run: list[tuple[int, int]]) -> list[tuple[list[tuple[int, int]], bool]]:
    """The names inside one run, each with whether a title introduces it (which makes it a PERSON)."""
    tokens = list(run)
    while tokens and _word(text, tokens[0]) in COMMON:
        tokens = tokens[1:]
    pieces: list[tuple[list[tuple[int, int]], bool]] = []
    if len(tokens) > 1 and _word(text, tokens[0]) in NATIONALITIES and _word(text, tokens[-1]) not in _NATIONAL_BODIES:
        pieces.append(([tokens[0]], False))
        tokens = tokens[1:]
    # a title with "of" starts no name ("Chief of the General Staff")
    if len(tokens) > 1 and _word(text, tokens[0]) in _TITLE_WORDS and _OF.fullmatch(text[tokens[0][1]:tokens[1][0]]):
        tokens = tokens[1:]
    titled = False
    # an organisation's name ends at its last key word; a name after it follows a title
    # ("Chief of the General Staff Valery Gerasimov")
    keyword = max((i for i, t in enumerate(tokens) if _word(text, t) in _ORG_WORDS), default=None)
    if keyword is not None and keyword < len(tokens) - 2 and _word(text, tokens[keyword + 1]) not in _FILLER:
        pieces.append((tokens[:keyword + 1], False))
        tokens, titled = tokens[keyword + 1:], True
    titles = [i for i, t in enumerate(tokens[:-1]) if _word(text, t) in _TITLE_WORDS]
    if titles and _word(text, tokens[-1]) not in _ORG_WORDS:
        tokens, titled = tokens[titles[-1] + 1:], True
    while tokens and _word(text, tokens[0]) in _FILLER:
        tokens = tokens[1:]
    while tokens and _word(text, tokens[-1]) in _FILLER:
        tokens = tokens[:-1]
    if tokens:
        pieces.append((tokens, titled))
    return pieces


def _names(text: str, taken: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """Named mentions in the capitalised runs of ``text``."""
    typer = _Typer(text, gazetteer)
    mentions: list[Mention] = []
    doubtful: list[tuple[int, int]] = []
    for run in _runs(text, taken):
        if mentions and run[0][0] < mentions[-1].end:  # already inside a name extended by its tail
            continue
        sentence_initial = bool(_SENTENCE_START.search(text[max(0, run[0][0] - 4):run[0][0]]))
        for tokens, titled in _pieces(text, run):
            start, end = tokens[0][0], tokens[-1][1]
            unsure = _title_case_line(text, start) or (sentence_initial and tokens[0] == run[0] and len(tokens) == 1)
            label: str | None
            if (designator := _DESIGNATOR.match(text[end:])) and text[start:end] not in NATIONALITIES:
                end, label = end + designator.end(), "GPE"
            elif (tail := _ORG_TAIL.match(text[end:])) and text[start:end] not in NATIONALITIES:
                end, label = end + tail.end(), "ORG"
            elif tail := _FAC_TAIL.match(text[end:]):
                end, label = end + tail.end(), "FAC"
            else:
                label = typer.label(start, end, titled)
            if label is None and unsure and len(tokens) > 1 and any(typer.evidence(*t) for t in tokens):
                for token in tokens:  # an unknown run of known names ("Moscow and Kyiv Told"): keep the known ones
                    if (own := typer.evidence(*token)) is not None:
                        mentions.append(Mention(*token, own, _word(text, token)))
                continue
            if label is None and unsure:
                doubtful.append((start, end))
                continue
            mention = Mention(start, end, label or "PERSON", text[start:end])
            typer.remember(mention)
            mentions.append(mention)
    for start, end in doubtful:  # headline and sentence-initial words: only names typed elsewhere
        if label := typer.seen.get(text[start:end]) or typer.evidence(start, end):
            mentions.append(Mention(start, end, label, text[start:end]))
    return mentions


def tag_entities(text: str, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """Every entity mention found in ``text``, in text order."""
    gazetteer = gazetteer or load_gazetteer()
    taken = [Mention(m.start(), m.end(), label, m.group())
             for pattern, label in _FIXED_NAMES for m in pattern.finditer(text)]
    taken += [Mention(m.start(), m.end(), "ORG", m.group()) for m in _DOMAIN.finditer(text)]
    taken += [m for m in _quoted(text) if all(m.end <= t.start or t.end <= m.start for t in taken)]
    taken += [m for m in _numeric(text) if all(m.end <= t.start or t.end <= m.start for t in taken)
              # an ordinal that begins a unit's name ("6th Separate Brigade") belongs to the name
              and not (m.label == "ORDINAL" and m.text[0].isdigit() and re.match(r"\s+[A-Z]", text[m.end:]))]
    mentions = taken + _names(text, taken, gazetteer)
    return sorted(mentions, key=lambda m: (m.start, m.end))
