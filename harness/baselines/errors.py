"""Error baselines: an offline gazetteer check of place names and regions, and "flag every
place name" (the recall anchor)."""

from __future__ import annotations

import difflib
import re
from typing import Any

from ..model import Document
from ..sentences import sentence_spans
from . import DocumentInput
from .gazetteer import Gazetteer, Place, fold, load_gazetteer
from .rules import Mention, tag_entities

MAX_LINK_GAP = 80  # characters between a place and the region it is said to be in
LINK = re.compile(r"\b(?:in|of)\s+(?:the\s+)?$")
SETTLEMENT_CUE = re.compile(r"\b(?:(?:capture|liberation|fall|seizure|outskirts|residents|town|city|village|settlement)"
                            r"\s+of|evacuees\s+from)\s+$", re.IGNORECASE)
CLOSE_MATCH_CUTOFF = 0.75
MIN_POPULATION_FOR_CORRECTIONS = 10000


def _is_region(gazetteer: Gazetteer, mention: Mention) -> bool:
    """A region mention names a region and is not simply a town's name ("Donetsk" is the town)."""
    return bool(gazetteer.region_of(mention.text)) and (
        fold(mention.text) not in gazetteer.places or len(mention.text.split()) > 1)


def _region_links(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[dict[str, Any]]:
    """Regions that none of the places linked to them lies in ("<town>, in the <region>")."""
    errors = []
    for start, end in sentence_spans(text):
        inside = [m for m in mentions if start <= m.start and m.end <= end and m.label == "GPE"]
        for index, region in enumerate(inside):
            if not _is_region(gazetteer, region) or not LINK.search(text[max(start, region.start - 20):region.start]):
                continue
            linked: list[tuple[Place, ...]] = []
            for place in reversed(inside[:index]):
                if _is_region(gazetteer, place) or region.start - place.end > MAX_LINK_GAP:
                    break
                if fold(place.text) in gazetteer.places:
                    linked.append(gazetteer.places[fold(place.text)])
            codes = gazetteer.region_of(region.text)
            if linked and all(p.region not in codes for candidates in linked for p in candidates):
                named = [max(candidates, key=lambda p: p.population) for candidates in reversed(linked)]
                correction = " and ".join(dict.fromkeys(gazetteer.region_names[p.region] for p in named))
                errors.append({"start": region.start, "end": region.end, "text": region.text, "type": "wrong_location",
                               "correction": correction})
    return errors


def _known_names(gazetteer: Gazetteer) -> list[str]:
    """Folded names of the places large enough to suggest as corrections, in a fixed order."""
    return sorted(alias for alias, places in gazetteer.places.items()
                  if max(p.population for p in places) >= MIN_POPULATION_FOR_CORRECTIONS)


def _unknown_settlements(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[dict[str, Any]]:
    """Every mention of a name introduced as a settlement that the gazetteer does not know."""
    unknown: dict[str, str] = {}
    known = None
    for m in mentions:
        folded = fold(m.text)
        if (m.label in ("GPE", "PERSON", "ORG") and SETTLEMENT_CUE.search(text[max(0, m.start - 30):m.start])
                and folded not in gazetteer.places and folded not in gazetteer.countries and not gazetteer.region_of(m.text)
                and folded not in unknown):
            known = known if known is not None else _known_names(gazetteer)
            close = difflib.get_close_matches(folded, known, n=1, cutoff=CLOSE_MATCH_CUTOFF)
            unknown[folded] = gazetteer.spellings[close[0]] if close else ""
    return [{"start": m.start, "end": m.end, "text": m.text, "type": "wrong_entity_or_name",
             **({"correction": unknown[fold(m.text)]} if unknown[fold(m.text)] else {})}
            for m in mentions if fold(m.text) in unknown]


def gazetteer_errors(doc: DocumentInput, training: tuple[Document, ...]) -> dict[str, list[dict[str, Any]]]:
    gazetteer = load_gazetteer()
    mentions = tag_entities(doc.text, gazetteer)
    found = _region_links(doc.text, mentions, gazetteer) + _unknown_settlements(doc.text, mentions, gazetteer)
    return {"errors": sorted(found, key=lambda e: (e["start"], e["end"]))}


def all_places(doc: DocumentInput, training: tuple[Document, ...]) -> dict[str, list[dict[str, Any]]]:
    return {"errors": [{"start": m.start, "end": m.end, "text": m.text, "type": "wrong_location"}
                       for m in tag_entities(doc.text) if m.label == "GPE"]}


def details(name: str) -> dict[str, Any]:
    common = {"entity_tagger": "entities-rules", "gazetteer": load_gazetteer().meta}
    if name == "errors-gazetteer":
        return {**common, "max_link_gap": MAX_LINK_GAP, "link": LINK.pattern, "settlement_cue": SETTLEMENT_CUE.pattern,
                "close_match_cutoff": CLOSE_MATCH_CUTOFF, "min_population_for_corrections": MIN_POPULATION_FOR_CORRECTIONS,
                "not_checked": "rivers, front names and dates (no offline river geometry or event dates in the sources)"}
    return common
