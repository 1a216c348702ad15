"""Verdict baselines (verification given the gold claims): majority class, class-prior
random, and surface cues read from the claim. Class statistics come from the gold claims
of the dev documents other than the one predicted (see :func:`harness.baselines.run`)."""

from __future__ import annotations

import random
import re
from collections import Counter
from typing import Any

from ..model import VERDICTS, Document
from . import DocumentInput
from .rules import tag_entities

SEED = 20240
QUOTATION = re.compile(r"^'|[‘“\"]\w")
SPECIFICS = frozenset(("DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"))
MIN_SPECIFICS = 2


def _counts(training: tuple[Document, ...]) -> Counter[str]:
    """Verdict counts of the training documents' gold claims, in the schema's label order."""
    counts = Counter(c.verdict for doc in training for c in doc.claims)
    return Counter({v: counts[v] for v in VERDICTS if counts[v]})


def _majority(training: tuple[Document, ...]) -> str:
    counts = _counts(training)
    return max(counts, key=lambda v: (counts[v], -VERDICTS.index(v)))


def majority(doc: DocumentInput, training: tuple[Document, ...]) -> dict[str, list[dict[str, Any]]]:
    verdict = _majority(training)
    return {"verdicts": [{"claim_id": c.claim_id, "verdict": verdict} for c in doc.claims]}


def prior_random(doc: DocumentInput, training: tuple[Document, ...]) -> dict[str, list[dict[str, Any]]]:
    counts = _counts(training)
    rng = random.Random(f"{SEED}:{doc.doc_id}")
    labels = list(counts)
    return {"verdicts": [{"claim_id": c.claim_id, "verdict": rng.choices(labels, weights=[counts[v] for v in labels])[0]}
                         for c in doc.claims]}


def cue_verdict(claim_text: str, fallback: str) -> str:
    """The verdict the claim's surface suggests: supported when it quotes somebody (quoted words
    are rarely where an article goes wrong), refuted when it is dense in specifics (at least
    MIN_SPECIFICS numbers, dates, times or quantities found by the entities-rules tagger: each is
    a chance to get a fact wrong), else ``fallback``."""
    if QUOTATION.search(claim_text):
        return "supported"
    if sum(m.label in SPECIFICS for m in tag_entities(claim_text)) >= MIN_SPECIFICS:
        return "refuted"
    return fallback


def cue_verdicts(doc: DocumentInput, training: tuple[Document, ...]) -> dict[str, list[dict[str, Any]]]:
    fallback = _majority(training)
    return {"verdicts": [{"claim_id": c.claim_id, "verdict": cue_verdict(c.text, fallback)} for c in doc.claims]}


def details(name: str) -> dict[str, Any]:
    common = {"input": "gold claim ids and spans (verification given the gold claims)",
              "class_statistics": "gold verdicts of the dev documents other than the one predicted"}
    if name == "verdicts-prior-random":
        return {**common, "seed": SEED, "rng": "random.Random(f'{seed}:{doc_id}').choices weighted by class counts"}
    if name == "verdicts-cues":
        return {**common, "quotation": QUOTATION.pattern, "specifics": sorted(SPECIFICS), "min_specifics": MIN_SPECIFICS,
                "entity_tagger": "entities-rules"}
    return common
