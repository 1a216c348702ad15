"""A rule and gazetteer entity tagger with OntoNotes labels (the ``entities-rules`` baseline).

Patterns find dates, times, percentages, sums of money, ordinals and numbers; then runs of
capitalised words become names, typed by simple rules in this order: a title before the
name (PERSON), the gazetteer (countries and capitals, Ukrainian and Russian places and
regions: GPE), short hand-written lists of nationalities (NORP) and well-known geographic
regions (LOC), key words inside the name (ORG, EVENT, LAW, LOC, GPE), an earlier PERSON of
the same document, and finally the shape of the name. The lists are general-purpose;
none is taken from the gold labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .gazetteer import Gazetteer, fold, load_gazetteer


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    label: str
    text: str


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]|20)\d{2}"
_NUMBER_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
                 "hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|dozens")
_ORDINAL_WORDS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
_DATE = (rf"(?:(?:early|mid|late)[- ])?(?:(?:{_MONTHS})\s+{_DAY}(?:,?\s+{_YEAR})?|{_DAY}\s+(?:of\s+)?(?:{_MONTHS})(?:\s+{_YEAR})?"
         rf"|(?:January|February|April|June|July|August|September|October|November|December)(?:\s+{_YEAR})?"
         rf"|(?:May|March)\s+{_YEAR}|{_YEAR}s?|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
         rf"|the same day|yesterday|today|tomorrow|(?:last|next|this|earlier this|later this) (?:week|month|year)"
         rf"|(?:the|its|their) (?:{_ORDINAL_WORDS}|\d+(?:st|nd|rd|th)) (?:year|month|week|day)s?)")
# Ordered: the first pattern to claim characters keeps them.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((label, re.compile(rf"(?<![\w-])(?:{p})(?![\w-])")) for label, p in (
    ("TIME", rf"(?:the |this |that )?(?:morning|afternoon|evening|night) of {_DATE}|(?:earlier|later) in the day"
             r"|\d{1,2}(?::\d{2})?\s?(?:a\.m\.|p\.m\.|am|pm)"),
    ("PERCENT", r"(?:(?:over|about|around|nearly|almost|some|more than|less than) )?\d+(?:\.\d+)?\s?(?:%|percent|per cent)"),
    ("MONEY", r"[$€£]\s?\d[\d,.]*(?: (?:million|billion|trillion))?|\d[\d,.]*(?: (?:million|billion))? (?:dollars|euros|rubles|roubles|hryvnias)"),
    ("DATE", _DATE),
    ("ORDINAL", rf"{_ORDINAL_WORDS}|\d+(?:st|nd|rd|th)"),
    ("CARDINAL", rf"\d[\d,]*(?:\.\d+)?|(?:{_NUMBER_WORDS})"),
))

TITLES = frozenset(("president", "general", "colonel", "lieutenant", "major", "minister", "prime", "mr", "mrs", "ms",
                    "dr", "chancellor", "commander", "admiral", "marshal", "sergeant", "captain", "secretary",
                    "spokesman", "spokeswoman", "governor", "mayor", "senator", "chief", "head", "leader", "deputy",
                    "king", "queen", "pope", "patriarch", "ambassador", "foreign", "defence", "defense"))
NATIONALITIES = frozenset((
    "russian", "russians", "ukrainian", "ukrainians", "belarusian", "american", "americans", "british", "french",
    "german", "germans", "polish", "chinese", "european", "europeans", "western", "soviet", "turkish", "iranian",
    "israeli", "syrian", "georgian", "moldovan", "chechen", "crimean", "baltic", "kazakh", "indian", "japanese",
    "italian", "spanish", "swedish", "finnish", "hungarian", "romanian", "slovak", "czech", "estonian", "latvian",
    "lithuanian", "korean", "north korean", "nazi", "nazis", "communist", "communists", "muslim", "christian",
    "orthodox", "jewish", "arab", "armenian", "azerbaijani",
))
# Well-known regions without their own government (OntoNotes LOC), continents included.
GEOGRAPHIC_REGIONS = frozenset((
    "donbas", "donbass", "caucasus", "siberia", "balkans", "baltics", "scandinavia", "middle east", "central asia",
    "europe", "asia", "africa", "north america", "south america", "latin america", "eastern europe", "western europe",
    "arctic", "antarctica", "sahel", "novorossiya", "transnistria", "black sea", "sea of azov", "kuban",
))
_ORG_WORDS = frozenset(("ministry", "army", "forces", "brigade", "regiment", "fleet", "flotilla", "division", "corps",
                        "battalion", "staff", "union", "council", "committee", "agency", "service", "office", "party",
                        "parliament", "duma", "kremlin", "pentagon", "bank", "university", "company", "group",
                        "grouping", "organization", "organisation", "commission", "court", "news", "novosti", "press",
                        "guard", "guards", "navy", "command", "government", "assembly", "institute", "fund", "times",
                        "post", "tass", "reuters", "rada", "nations", "alliance"))
_EVENT_WORDS = frozenset(("war", "revolution", "operation", "offensive", "battle", "summit", "olympics", "games",
                          "crisis", "uprising", "conference", "election", "elections"))
_LAW_WORDS = frozenset(("act", "treaty", "agreement", "agreements", "accords", "constitution", "convention", "law"))
_LOC_WORDS = frozenset(("river", "sea", "ocean", "mountains", "lake", "gulf", "bay", "peninsula", "valley", "basin",
                        "steppe", "strait", "front"))
_GPE_WORDS = frozenset(("republic", "federation", "oblast", "region", "province", "krai", "city", "state", "kingdom"))
_DESIGNATORS = ("region", "oblast", "province", "krai")
# Capitalised words that are common words when they open a sentence or a quotation.
_COMMON = frozenset((
    "a", "an", "the", "this", "that", "these", "those", "in", "on", "at", "for", "as", "while", "yet", "but", "however",
    "meanwhile", "amid", "during", "according", "his", "her", "its", "their", "it", "he", "she", "they", "we", "i",
    "our", "you", "your", "my", "every", "now", "if", "when", "after", "before", "since", "although", "though", "and",
    "or", "so", "with", "without", "by", "from", "to", "of", "not", "no", "there", "here", "what", "which", "who", "how",
    "why", "where", "such", "some", "many", "most", "all", "both", "each", "one", "more", "further", "reports",
    "speaking", "behind", "urgent", "local", "international", "critics", "analysts", "officials", "observers",
    "let", "will", "would", "could", "can", "may", "must", "should", "do", "does", "did", "is", "are", "was", "were",
    "be", "been", "has", "have", "had", "also", "then", "thus", "still", "even", "just", "only", "until", "unless",
    "because", "despite", "instead", "rather", "once", "again", "today", "over", "under", "within", "across",
))
_CONNECTORS = ("of the", "of", "de", "for")
_TOKEN = re.compile(r"(?:\d+(?:st|nd|rd|th) )?[A-Z]\w*(?:-[A-Z]\w*)*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n|[‘“\"'(—–]\s*)$")


def _capitalised_runs(text: str) -> list[tuple[int, int]]:
    """Runs of capitalised tokens, joined over "of", "of the", "de", "for" and an inner "’s"."""
    runs: list[list[int]] = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        if runs:
            gap = text[runs[-1][1]:start]
            joinable = gap == " " or any(gap == f" {c} " for c in _CONNECTORS) or gap in ("’s ", "'s ")
            if joinable and runs[-1][1] != start:
                runs[-1][1] = end
                continue
        runs.append([start, end])
    return [(s, e) for s, e in runs]


def _keyword_label(words: list[str]) -> str | None:
    """The label a key word inside a name gives it (Armed *Forces*: ORG), if any."""
    for vocabulary, label in ((_ORG_WORDS, "ORG"), (_EVENT_WORDS, "EVENT"), (_LAW_WORDS, "LAW"), (_LOC_WORDS, "LOC"),
                              (_GPE_WORDS, "GPE")):
        if vocabulary & set(words):
            return label
    return None


def _split(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], int, int, bool]:
    """Cut a capitalised run into leading nationality words (each NORP, as in "Russian
    President ...") and the name: drop a possessive ending, leading titles (unless the name
    is an organisation: "General Staff") and a leading common word. Returns the NORP
    spans, the name's span (empty when nothing is left) and whether a title was dropped."""
    span = text[start:end]
    for ending in ("’s", "'s"):
        if span.endswith(ending):
            span, end = span[: -len(ending)], end - len(ending)
    titled, nationalities = False, []
    while True:
        first, _, rest = span.partition(" ")
        folded = first.casefold().rstrip(".")
        at_start = _SENTENCE_START.search(text[:start]) is not None
        if rest and folded in NATIONALITIES and (rest.split()[0].casefold() in TITLES or not _keyword_label(fold(rest).split())):
            nationalities.append((start, start + len(first)))
        elif folded in TITLES and not _keyword_label(fold(span).split()):
            titled = True
            if not rest:
                return nationalities, start, start, titled
        elif not (folded in _COMMON and (at_start or not rest)):
            break
        elif not rest:
            return nationalities, start, start, titled
        skip = len(first) + 1
        if rest.startswith(tuple(f"{c} " for c in _CONNECTORS)):
            connector = next(c for c in _CONNECTORS if rest.startswith(f"{c} "))
            skip += len(connector) + 1
            rest = rest[len(connector) + 1:]
        span, start = rest, start + skip
    return nationalities, start, end, titled


def _designated_end(text: str, start: int, end: int, gazetteer: Gazetteer) -> int:
    """Extend an administrative region's name over a following lower-case designator
    ("Kharkiv region"; but not "Donbass region", a region without a government)."""
    for word in _DESIGNATORS:
        after = end + len(word) + 1
        if text.startswith(f" {word}", end) and not text[after:after + 1].isalnum() and gazetteer.region_of(text[start:after]):
            return after
    return end


def name_label(name: str, gazetteer: Gazetteer, titled: bool, people: set[str], text_before: str) -> str:
    """The OntoNotes label of a capitalised name by the rules in the module docstring."""
    folded = fold(name)
    words = folded.split()
    if titled:
        return "PERSON"
    if folded in gazetteer.countries or gazetteer.region_of(name):
        return "GPE"
    if folded in NATIONALITIES:
        return "NORP"
    if folded in GEOGRAPHIC_REGIONS or (len(words) > 1 and words[-1] == "region" and " ".join(words[:-1]) in GEOGRAPHIC_REGIONS):
        return "LOC"
    if folded in gazetteer.places:
        return "GPE"
    keyword = _keyword_label(words)
    if keyword:
        return keyword
    if folded in people:
        return "PERSON"
    if name.isupper():
        return "ORG"
    if re.search(r"\b(?:in|from|near|of|town|city|village|settlement)\s+$", text_before):
        return "GPE"
    return "PERSON" if len(words) in (2, 3) else "ORG"


def tag_entities(text: str, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """OntoNotes-labelled mentions of ``text``, in text order, never overlapping."""
    gazetteer = gazetteer or load_gazetteer()
    taken = [False] * len(text)
    mentions: list[Mention] = []

    def claim(start: int, end: int, label: str) -> None:
        if end > start and not any(taken[start:end]):
            taken[start:end] = [True] * (end - start)
            mentions.append(Mention(start, end, label, text[start:end]))

    for label, pattern in PATTERNS[:4]:  # TIME, PERCENT, MONEY, DATE before names ("November" is no name)
        for match in pattern.finditer(text):
            claim(*match.span(), label)
    people: set[str] = set()
    for run_start, run_end in _capitalised_runs(text):
        if any(taken[run_start:run_end]):
            continue
        nationalities, start, end, titled = _split(text, run_start, run_end)
        for norp in nationalities:
            claim(*norp, "NORP")
        if end <= start:
            continue
        end = _designated_end(text, start, end, gazetteer)
        name = text[start:end]
        label = name_label(name, gazetteer, titled, people, text[max(0, start - 40):start])
        if label == "PERSON":
            people.update({fold(name), fold(name.split()[-1])})
        claim(start, end, label)
    for label, pattern in PATTERNS[4:]:
        for match in pattern.finditer(text):
            claim(*match.span(), label)
    return sorted(mentions, key=lambda m: (m.start, m.end))
