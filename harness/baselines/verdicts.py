"""Verdict baselines (verification given the gold claims): majority class, class-prior
random, and surface cues read from the claim. Class statistics come from the other
documents only (leave-one-document-out)."""

from __future__ import annotations

import random
import re
from collections import Counter
from typing import Any

from ..model import VERDICTS, Document
from . import DocumentInput

SEED = 20240
HEDGES = re.compile(r"\b(?:could|may|might|would|reportedly|allegedly|suggest\w*|expert\w*|analysts?|likely|possibly|"
                    r"potential(?:ly)?|claim\w*|according to|speculat\w*|unclear|perhaps|anonymity)\b", re.IGNORECASE)
QUOTATION = re.compile(r"[‘“\"]\w")


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
    """not_enough_evidence for a hedged claim, supported for a quotation, else ``fallback``."""
    if HEDGES.search(claim_text):
        return "not_enough_evidence"
    if QUOTATION.search(claim_text):
        return "supported"
    return fallback


def cue_verdicts(doc: DocumentInput, training: tuple[Document, ...]) -> dict[str, list[dict[str, Any]]]:
    fallback = _majority(training)
    return {"verdicts": [{"claim_id": c.claim_id, "verdict": cue_verdict(c.text, fallback)} for c in doc.claims]}


def details(name: str) -> dict[str, Any]:
    common = {"input": "gold claim ids and spans (verification given the gold claims)",
              "class_statistics": "gold verdicts of the other four documents (leave-one-document-out)"}
    if name == "verdicts-prior-random":
        return {**common, "seed": SEED, "rng": "random.Random(f'{seed}:{doc_id}').choices weighted by class counts"}
    if name == "verdicts-cues":
        return {**common, "hedges": HEDGES.pattern, "quotation": QUOTATION.pattern}
    return common
