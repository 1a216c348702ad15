"""Error baselines: offline checks an editor could run without knowing the answer
(``errors-checks``), and "flag every place name" (``errors-all-places``, the recall anchor).

The checks of ``errors-checks`` were written from the dev split only. Each looks at the
text alone and at general knowledge (Python's calendar, the bundled GeoNames gazetteer, a
short list of well-known office-holders of 2025), never at labels:

1. calendar: a weekday given with its date that does not fall on that date;
2. weekday drift: a weekday given alone that falls on no date of the article but lies one
   day from a weekday the article gives with its date;
3. region links: a place said to be in a region where no place of that name lies;
4. titles: a well-known office-holder introduced with someone else's office;
5. armies: a numbered Russian army called a tank army when it is a combined-arms one;
6. letter swaps: a name written in the same article with the same letters in another order.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections import Counter
from functools import lru_cache
from typing import Any

from ..model import Document
from ..sentences import sentence_spans
from . import DocumentInput
from .gazetteer import Gazetteer, Place, fold, load_gazetteer
from .rules import Mention, tag_entities

# --- 1 and 2: the calendar -------------------------------------------------------------

ASSUMED_YEAR = 2025  # the year of a date written without one: Errata's articles report 2025 events
WEEKDAYS = tuple(calendar.day_name)  # Monday .. Sunday
MONTHS = tuple(calendar.month_name)[1:]  # January .. December
_WEEKDAY = "|".join(WEEKDAYS)
_MONTH = "|".join(MONTHS)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>20\d\d))?"
# "Friday, 19 December", "Friday 19 December 2025", "Friday, December 19, 2025", "Friday (December 19)"
# (not a range: "Monday, August 24–25" names no one weekday)
DATED_WEEKDAY = re.compile(rf"\b(?P<weekday>{_WEEKDAY}),?\s+\(?(?:the\s+)?(?:{_DAY}\s+(?:of\s+)?(?P<month>{_MONTH})"
                           rf"|(?P<month2>{_MONTH})\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?(?!\s*[-–]\s*\d)){_YEAR}\b")
BARE_WEEKDAY = re.compile(rf"\b(?:{_WEEKDAY})\b")
# every day-and-month date of the article, with or without a weekday
DATE = re.compile(rf"\b(?:{_DAY}(?:\s*[-–]\s*(?P<last>\d{{1,2}}))?\s+(?:of\s+)?(?P<month>{_MONTH})"
                  rf"|(?P<month2>{_MONTH})\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-–]\s*(?P<last2>\d{{1,2}}))?){_YEAR}\b")


def _date(match: re.Match[str]) -> datetime.date | None:
    """The date a DATED_WEEKDAY or DATE match names (the assumed year when none is written)."""
    month = MONTHS.index(match["month"] or match["month2"]) + 1
    year = int(match["year"]) if match["year"] else ASSUMED_YEAR
    try:
        return datetime.date(year, month, int(match["day"] or match["day2"]))
    except ValueError:  # "31 November": not a date, so no weekday to check
        return None


def _article_dates(text: str) -> set[datetime.date]:
    """Every day the article names, ranges ("August 24–25") included."""
    days = set()
    for match in DATE.finditer(text):
        first = _date(match)
        if first is None:
            continue
        days.add(first)
        last = int(match["last"] or match["last2"] or first.day)
        days.update(first.replace(day=day) for day in range(first.day + 1, last + 1)
                    if day <= calendar.monthrange(first.year, first.month)[1])
    return days


def weekday_date_mismatches(text: str) -> list[dict[str, Any]]:
    """Check 1: "Thursday, 19 December" when 19 December (of the assumed year) is a Friday."""
    errors = []
    for match in DATED_WEEKDAY.finditer(text):
        date = _date(match)
        if date is not None and WEEKDAYS[date.weekday()] != match["weekday"]:
            errors.append({"start": match.start("weekday"), "end": match.end("weekday"), "text": match["weekday"],
                           "type": "wrong_date", "correction": WEEKDAYS[date.weekday()]})
    return errors


def drifted_weekdays(text: str) -> list[dict[str, Any]]:
    """Check 2: a weekday written alone ("Saturday's visit") that falls on none of the article's
    dates while a neighbouring weekday is given with its date ("Friday, 12 December"): the
    same day told one day off. Corrected to that dated weekday."""
    dated = {match.start("weekday"): match["weekday"] for match in DATED_WEEKDAY.finditer(text)}
    named = {WEEKDAYS[d.weekday()] for d in _article_dates(text)}
    errors = []
    for match in BARE_WEEKDAY.finditer(text):
        if match.start() in dated or match[0] in named:
            continue
        index = WEEKDAYS.index(match[0])
        neighbours = sorted({w for w in dated.values() if abs(WEEKDAYS.index(w) - index) in (1, 6)})
        if len(neighbours) == 1:
            errors.append({"start": match.start(), "end": match.end(), "text": match[0], "type": "wrong_date",
                           "correction": neighbours[0]})
    return errors


# --- 3: region links in the gazetteer ---------------------------------------------------

MAX_LINK_GAP = 80  # characters between a place and the region it is said to be in
LINK = re.compile(r"\b(?:in|of)\s+(?:the\s+)?$")
ADJACENT_NAME = re.compile(r"(?<![\w'’-])(?P<name>[A-Z][\w'’-]+),?\s+(?:in|of)\s+(?:the\s+)?$")
SIZE_RATIO = 10  # a place of the name this many times larger outside the region is the one meant


def skeleton(name: str) -> str:
    """A spelling-blind key for Russian and Ukrainian transliterations of one place: consonants
    only, with Russian g read as Ukrainian h ("Gulyaipole" and "Huliaipole" share "hlpl")."""
    return re.sub(r"[^a-z]|[aeiouyj]", "", fold(name).replace("kh", "h").replace("g", "h"))


MIN_SKELETON = 4  # shorter skeletons match unrelated names


@lru_cache(maxsize=1)
def _places_by_skeleton() -> dict[str, tuple[Place, ...]]:
    """The bundled gazetteer's places under the skeletons of their names, built once."""
    index: dict[str, list[Place]] = {}
    for alias, places in load_gazetteer().places.items():
        index.setdefault(skeleton(alias), []).extend(places)
    return {key: tuple(places) for key, places in index.items()}


def _places_named(gazetteer: Gazetteer, name: str) -> tuple[Place, ...]:
    """The places of a name, or failing that (bundled gazetteer only) of its transliteration skeleton."""
    exact = gazetteer.places.get(fold(name))
    if exact or len(skeleton(name)) < MIN_SKELETON or gazetteer is not load_gazetteer():
        return exact or ()
    return _places_by_skeleton().get(skeleton(name), ())


def _is_region(gazetteer: Gazetteer, mention: Mention) -> bool:
    """A region mention names a region and is not simply a town's name ("Donetsk" is the town)."""
    return bool(gazetteer.region_of(mention.text)) and (
        fold(mention.text) not in gazetteer.places or len(mention.text.split()) > 1)


def _meant_elsewhere(candidates: tuple[Place, ...], codes: frozenset[str]) -> bool:
    """The largest place of a name (the one a news report means) lies outside the regions
    ``codes``, and any place of that name inside them is SIZE_RATIO times smaller."""
    largest = max(candidates, key=lambda p: p.population)
    return largest.region not in codes and all(p.population * SIZE_RATIO < largest.population
                                               for p in candidates if p.region in codes)


def region_link_errors(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[dict[str, Any]]:
    """Check 3: a region said to hold places ("<town>, in the <region>", "<town> and <town> in the
    <region>") that the gazetteer puts elsewhere: no place of a linked name lies in the region, or
    only places SIZE_RATIO times smaller than the largest place of that name (the one a news report
    means). Corrected to the region of the largest place of the name nearest the link. The places are the
    tagger's GPE mentions before the region and the capitalised name right before the link."""
    errors = []
    for start, end in sentence_spans(text):
        inside = [m for m in mentions if start <= m.start and m.end <= end and m.label == "GPE"]
        for index, region in enumerate(inside):
            if not _is_region(gazetteer, region) or not LINK.search(text[max(start, region.start - 20):region.start]):
                continue
            before = [m for m in inside[:index] if region.start - m.end <= MAX_LINK_GAP]
            adjacent = ADJACENT_NAME.search(text[max(start, region.start - 60):region.start])
            offset = region.start - len(adjacent[0]) if adjacent else start
            if offset > start and not any(m.start <= offset < m.end for m in before):  # not a sentence's first word
                before.append(Mention(offset, offset + len(adjacent["name"]), "GPE", adjacent["name"]))
            linked: list[tuple[Place, ...]] = []
            for place in sorted(before, key=lambda m: m.start, reverse=True):
                if _is_region(gazetteer, place):
                    break
                if places := _places_named(gazetteer, place.text):
                    linked.append(places)
            codes = gazetteer.region_of(region.text)
            if linked and all(_meant_elsewhere(candidates, codes) for candidates in linked):
                nearest = max(linked[0], key=lambda p: p.population)
                errors.append({"start": region.start, "end": region.end, "text": region.text, "type": "wrong_location",
                               "correction": gazetteer.region_names[nearest.region]})
    return errors


# --- 4: offices of well-known people --------------------------------------------------

# Office phrases, longest first, each with the office it names. Generic words (head, chief,
# leader) name no particular office and are not checked.
OFFICES: tuple[tuple[str, str], ...] = (
    ("secretary of the security council", "security council secretary"),
    ("chief of the general staff", "chief of the general staff"), ("head of the general staff", "chief of the general staff"),
    ("general staff head", "chief of the general staff"), ("general staff chief", "chief of the general staff"),
    ("commander-in-chief", "commander-in-chief"), ("commander in chief", "commander-in-chief"),
    ("minister of defence", "defence minister"), ("defence minister", "defence minister"), ("defense minister", "defence minister"),
    ("minister of foreign affairs", "foreign minister"), ("foreign minister", "foreign minister"),
    ("prime minister", "prime minister"), ("secretary of state", "secretary of state"),
    ("press secretary", "spokesperson"), ("spokesman", "spokesperson"), ("spokeswoman", "spokesperson"),
    ("director general", "director general"), ("director-general", "director general"),
    ("chief engineer", "chief engineer"), ("special envoy", "envoy"), ("envoy", "envoy"),
    ("presidential aide", "aide"), ("aide", "aide"), ("governor", "governor"), ("mayor", "mayor"),
    ("chancellor", "chancellor"), ("secretary general", "secretary general"), ("secretary-general", "secretary general"),
    ("vice president", "vice president"), ("vice-president", "vice president"), ("president", "president"),
)
# Well-known office-holders of 2025 (general knowledge, stable through the year): the
# spellings of their surname and first name, the offices they held, and how to write the main one.
OFFICE_HOLDERS: tuple[tuple[tuple[str, ...], tuple[str, ...], frozenset[str], str], ...] = (
    (("Putin",), ("Vladimir",), frozenset({"president", "commander-in-chief"}), "President"),
    (("Zelensky", "Zelenskyy", "Zelenskiy", "Zelenskyi"), ("Volodymyr", "Vladimir"),
     frozenset({"president", "commander-in-chief"}), "President"),
    (("Trump",), ("Donald",), frozenset({"president"}), "President"),
    (("Syrskyi", "Syrsky", "Syrskiy", "Syrskii"), ("Oleksandr", "Alexander", "Aleksandr"),
     frozenset({"commander-in-chief"}), "Commander-in-Chief of the Armed Forces"),
    (("Gerasimov",), ("Valery", "Valeriy", "Valerii"), frozenset({"chief of the general staff"}), "Chief of the General Staff"),
    (("Hnatov",), ("Andrii", "Andriy", "Andrei"), frozenset({"chief of the general staff"}), "Chief of the General Staff"),
    (("Belousov",), ("Andrei", "Andrey"), frozenset({"defence minister"}), "Defence Minister"),
    (("Lavrov",), ("Sergei", "Sergey"), frozenset({"foreign minister"}), "Foreign Minister"),
    (("Sybiha", "Sybiga"), ("Andrii", "Andriy", "Andrei"), frozenset({"foreign minister"}), "Foreign Minister"),
    (("Shoigu",), ("Sergei", "Sergey"), frozenset({"security council secretary"}), "Secretary of the Security Council"),
    (("Mishustin",), ("Mikhail",), frozenset({"prime minister"}), "Prime Minister"),
    (("Rubio",), ("Marco",), frozenset({"secretary of state"}), "Secretary of State"),
    (("Peskov",), ("Dmitry", "Dmitri", "Dmitriy"), frozenset({"spokesperson"}), "spokesman"),
    (("Zakharova",), ("Maria",), frozenset({"spokesperson"}), "spokeswoman"),
    (("Ushakov",), ("Yuri", "Yury", "Yuriy"), frozenset({"aide"}), "presidential aide"),
    (("Witkoff",), ("Steve",), frozenset({"envoy"}), "special envoy"),
    (("Likhachev", "Likhachyov", "Likhachov"), ("Alexey", "Alexei", "Aleksei", "Aleksey"),
     frozenset({"director general"}), "director general"),
    (("Grossi",), ("Rafael",), frozenset({"director general"}), "director general"),
    (("Gladkov",), ("Vyacheslav",), frozenset({"governor"}), "governor"),
    (("Bogomaz",), ("Alexander", "Aleksandr"), frozenset({"governor"}), "governor"),
    (("Khinshtein", "Khinshtejn"), ("Alexander", "Aleksandr"), frozenset({"governor"}), "governor"),
    (("Saldo",), ("Vladimir",), frozenset({"governor"}), "governor"),
    (("Balitsky", "Balitskiy"), ("Yevgeny", "Yevgeniy", "Evgeny"), frozenset({"governor"}), "governor"),
    (("Syniehubov", "Synehubov", "Sinegubov"), ("Oleh", "Oleg"), frozenset({"governor"}), "governor"),
    (("Hryhorov", "Grigorov"), ("Oleh", "Oleg"), frozenset({"governor"}), "governor"),
    (("Terekhov",), ("Ihor", "Igor"), frozenset({"mayor"}), "mayor"),
    (("Klitschko",), ("Vitali", "Vitaliy", "Vitalii"), frozenset({"mayor"}), "mayor"),
    (("Sobyanin",), ("Sergei", "Sergey"), frozenset({"mayor"}), "mayor"),
    (("Dmitriev",), ("Kirill",), frozenset({"envoy"}), "special envoy"),
    (("Kellogg",), ("Keith",), frozenset({"envoy"}), "special envoy"),
    (("Vance",), ("JD", "J.D."), frozenset({"vice president"}), "Vice President"),
    (("Macron",), ("Emmanuel",), frozenset({"president"}), "President"),
    (("Lukashenko",), ("Alexander", "Aleksandr", "Alyaksandr"), frozenset({"president"}), "President"),
    (("Erdogan", "Erdoğan"), ("Recep Tayyip", "Tayyip"), frozenset({"president"}), "President"),
    (("Merz",), ("Friedrich",), frozenset({"chancellor"}), "Chancellor"),
    (("Starmer",), ("Keir",), frozenset({"prime minister"}), "Prime Minister"),
    (("Orban", "Orbán"), ("Viktor",), frozenset({"prime minister"}), "Prime Minister"),
    (("Rutte",), ("Mark",), frozenset({"secretary general"}), "Secretary General"),
    (("Guterres",), ("António", "Antonio"), frozenset({"secretary general"}), "Secretary-General"),
)
_OFFICE = "|".join(re.escape(phrase) for phrase, _ in OFFICES)
_NOT_NOW = re.compile(r"\b(?:former|then|ex|deputy|vice|acting|first)[\s-]+$", re.IGNORECASE)


def _holder_pattern(surnames: tuple[str, ...], first_names: tuple[str, ...]) -> str:
    return rf"(?:(?:{'|'.join(first_names)})\s+)?(?:{'|'.join(surnames)})\b"


def title_errors(text: str) -> list[dict[str, Any]]:
    """Check 4: an office phrase right before ("Rosatom's chief engineer Alexey Likhachev") or
    right after ("Oleksandr Syrskyi, the chief of the general staff") a well-known office-holder's
    name that names an office they did not hold; corrected to their main office. An office
    said to be former, deputy or acting is not checked, nor one that introduces the next name
    ("met Putin, Kremlin spokesman Dmitry Peskov said")."""
    offices = dict(OFFICES)
    errors = []
    for surnames, first_names, held, main in OFFICE_HOLDERS:
        holder = _holder_pattern(surnames, first_names)
        for pattern in (rf"\b(?P<office>{_OFFICE}),?\s+{holder}", rf"\b{holder},\s+(?:the\s+)?(?:\S+\s+){{0,2}}?(?P<office>{_OFFICE})\b(?!\s+[A-Z])"):
            for match in re.finditer(pattern, text, re.IGNORECASE):
                office = offices[match["office"].lower()]
                if office not in held and not _NOT_NOW.search(text[max(0, match.start("office") - 12):match.start("office")]):
                    errors.append({"start": match.start("office"), "end": match.end("office"), "text": match["office"],
                                   "type": "wrong_unit_or_title", "correction": main})
    return sorted(errors, key=lambda e: e["start"])


# --- 5: numbered armies ----------------------------------------------------------------

# Russia's numbered armies are combined-arms armies, except the 1st Guards Tank Army.
TANK_ARMY = re.compile(r"\b(?P<number>\d+)(?:st|nd|rd|th)\s+(?:Guards\s+)?(?P<kind>Tank)\s+Army\b")


def army_kind_errors(text: str) -> list[dict[str, Any]]:
    """Check 5: a numbered "Tank Army" other than the 1st ("the 5th Tank Army"), corrected to
    Combined Arms: general knowledge of the Russian order of battle in 2025."""
    return [{"start": match.start("kind"), "end": match.end("kind"), "text": match["kind"], "type": "wrong_unit_or_title",
             "correction": "Combined Arms"} for match in TANK_ARMY.finditer(text) if match["number"] != "1"]


# --- 6: letter swaps ------------------------------------------------------------------

MIN_SWAPPED_NAME = 5  # shorter words swap letters by chance ("Lemon" / "Melon")
NAME = re.compile(rf"\b[A-Z][a-z]{{{MIN_SWAPPED_NAME - 1},}}\b")


def letter_swaps(text: str) -> list[dict[str, Any]]:
    """Check 6: a capitalised name written elsewhere in the article with the same letters in
    another order ("Zurabin" / "Zarubin"): every mention of the rarer spelling (the earlier,
    on a tie), corrected to the other."""
    counts = Counter(match[0] for match in NAME.finditer(text))
    first_seen = {word: text.index(word) for word in counts}
    by_letters: dict[str, list[str]] = {}
    for word in counts:
        by_letters.setdefault("".join(sorted(word.lower())), []).append(word)
    wrong = {}
    for spellings in by_letters.values():
        if len(spellings) == 2:
            rarer, other = sorted(spellings, key=lambda w: (counts[w], first_seen[w]))
            wrong[rarer] = other
    return [{"start": match.start(), "end": match.end(), "text": match[0], "type": "wrong_entity_or_name",
             "correction": wrong[match[0]]} for match in NAME.finditer(text) if match[0] in wrong]


# --- the baselines ----------------------------------------------------------------------

def checked_errors(doc: DocumentInput, training: tuple[Document, ...]) -> dict[str, list[dict[str, Any]]]:
    """``errors-checks``: every error the six checks find, once per span."""
    gazetteer = load_gazetteer()
    found = (weekday_date_mismatches(doc.text) + drifted_weekdays(doc.text)
             + region_link_errors(doc.text, tag_entities(doc.text, gazetteer), gazetteer)
             + title_errors(doc.text) + army_kind_errors(doc.text) + letter_swaps(doc.text))
    unique = {(e["start"], e["end"]): e for e in found}
    return {"errors": [unique[span] for span in sorted(unique)]}


def all_places(doc: DocumentInput, training: tuple[Document, ...]) -> dict[str, list[dict[str, Any]]]:
    return {"errors": [{"start": m.start, "end": m.end, "text": m.text, "type": "wrong_location"}
                       for m in tag_entities(doc.text) if m.label == "GPE"]}


def details(name: str) -> dict[str, Any]:
    common = {"entity_tagger": "entities-rules", "gazetteer": load_gazetteer().meta}
    if name == "errors-checks":
        return {**common, "assumed_year": ASSUMED_YEAR, "max_link_gap": MAX_LINK_GAP, "link": LINK.pattern,
                "adjacent_name": ADJACENT_NAME.pattern, "size_ratio": SIZE_RATIO, "min_skeleton": MIN_SKELETON,
                "offices": dict(OFFICES), "office_holders": [[" / ".join(s), main] for s, _, _, main in OFFICE_HOLDERS],
                "tank_army": TANK_ARMY.pattern, "min_swapped_name": MIN_SWAPPED_NAME,
                "not_checked": "numbers, units, quotations and attributions (no offline source for them)"}
    return common
