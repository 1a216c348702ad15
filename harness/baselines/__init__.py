"""Baselines for every task, and the registry behind ``harness baseline``.

A baseline sees what a real system sees: the text of each document (and, for the
verdict task, which is verification given the gold claims, the ids and spans of the gold
claims). Baselines that learn from labels learn from the ``dev`` split only: :func:`run`
builds, for each document, its unlabelled input and the tuple of the *other* dev
documents, so no test label, and no label of the predicted document, reaches the
baseline's code.

Heavy imports (scikit-learn, spaCy) happen inside the baselines, so that importing this
registry stays cheap.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from ..model import Document, Gold


@dataclass(frozen=True)
class ClaimInput:
    """A gold claim as the verdict task gives it: where it is, never its verdict."""

    claim_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class DocumentInput:
    """What a system is given for one document."""

    doc_id: str
    text: str
    claims: tuple[ClaimInput, ...]


# predict(document input, labelled training documents) -> {layer: records}
Predict = Callable[[DocumentInput, tuple[Document, ...]], dict[str, list[dict[str, Any]]]]


@dataclass(frozen=True)
class Baseline:
    name: str
    task: str
    version: str
    description: str
    target: str  # "module:function" inside harness.baselines; the function is a Predict
    needs: str | None = None  # the optional extra it needs, if any

    def predict(self) -> Predict:
        module, function = self.target.split(":")
        return getattr(import_module(f".{module}", __name__), function)

    def details(self) -> dict[str, Any]:
        module = import_module(f".{self.target.split(':')[0]}", __name__)
        return module.details(self.name)


_LODO = ("Trained on the dev split only: the predictions for each document come from a model fitted on the "
         "labelled dev documents other than that document.")

BASELINES: dict[str, Baseline] = {b.name: b for b in (
    Baseline("entities-rules", "entities", "2",
             "Rule and gazetteer tagger written from the dev split only (its ten articles and their gold entities), the "
             "annotation guidelines and general knowledge: regular expressions for times, dates, percentages, money, "
             "quantities, ordinals and numbers; runs of capitalised words become names, typed by a title or role word "
             "before them (PERSON), a designator after them (GPE: 'Sumy hromada'), nationality words (NORP), key words "
             "and well-known organisations (ORG, FAC, LOC, EVENT), an offline GeoNames gazetteer of countries and "
             "Ukrainian and Russian places and regions (GPE), names typed earlier in the document, prepositions of place "
             "and Slavic place-name shapes (GPE), and otherwise PERSON. Learns nothing.",
             "entities:rule_entities"),
    Baseline("entities-spacy-sm", "entities", "1",
             "spaCy's small English pipeline en_core_web_sm 3.8.0 (CNN, trained by Explosion on OntoNotes 5), run on "
             "each document text as it is; its 18 OntoNotes labels are scored as they come, with no mapping or "
             "post-processing. Nothing is trained or tuned on Errata.",
             "entities:spacy_entities", needs="spacy"),
    Baseline("claims-all-sentences", "claims", "1",
             "Predicts every sentence of every document as a check-worthy claim (sentences from harness.sentences, the "
             "segmenter that seeded the gold sentences). Learns nothing; anchors sentence-level recall at 1.",
             "claims:all_sentences"),
    Baseline("claims-heuristic", "claims", "2",
             "Rules written from the dev split only: a sentence of the body is a claim when it is a statement (ends with "
             "a period or an exclamation mark, so headings and questions are not; has a finite verb, so timeline "
             "fragments are not; at least three words) and is not about the reporting itself (could not be verified, "
             "remains unclear, below...); the headline is a claim when it is in sentence case, opens with no question "
             "word and holds a named entity or number found by the entities-rules tagger. Learns nothing.",
             "claims:heuristic_sentences"),
    Baseline("claims-tfidf-lr", "claims", "2",
             "TF-IDF (word 1-2-grams) and logistic regression over sentences, trained on the gold sentence layer: a "
             "sentence is check-worthy when a gold claim overlaps it. Predicts whole sentences with probability >= 0.5. "
             + _LODO,
             "claims:tfidf_sentences"),
    Baseline("verdicts-majority", "verdicts", "2",
             "Gives every gold claim the most frequent verdict among the gold claims of the training documents. "
             + _LODO,
             "verdicts:majority"),
    Baseline("verdicts-prior-random", "verdicts", "2",
             "Draws each gold claim's verdict at random from the verdict distribution of the training documents' "
             "gold claims, with a fixed seed per document. " + _LODO,
             "verdicts:prior_random"),
    Baseline("verdicts-cues", "verdicts", "3",
             "Surface cues of the claim, written from the dev split only: a claim that quotes somebody gives supported, a "
             "claim with two or more numbers, dates, times or quantities (found by the entities-rules tagger) gives "
             "refuted, and anything else gets the majority verdict of the dev documents other than the claim's own. No "
             "evidence is consulted, so it cannot tell true from false; it shows how far surface cues go.",
             "verdicts:cue_verdicts"),
    Baseline("errors-checks", "errors", "1",
             "Offline checks an editor could run without the answer, written from the dev split only: (1) a weekday "
             "given with its date that does not fall on it (Python's calendar; a date without a year is taken as 2025) "
             "and (2) a weekday given alone that falls on none of the article's dates but one day from a weekday the "
             "article gives with its date are wrong_date; (3) a place linked to a region ('<town>, in the <region>') "
             "where the GeoNames gazetteer has no place of that name, spelling variants included, is a wrong_location "
             "corrected to the gazetteer's region; (4) a well-known 2025 office-holder introduced with an office they "
             "did not hold (a short hand-written list) and (5) a numbered Russian army other than the 1st called a tank "
             "army are wrong_unit_or_title; (6) a name also written with the same letters in another order is "
             "wrong_entity_or_name. Numbers, quotations and attributions are not checked.",
             "errors:checked_errors"),
    Baseline("errors-all-places", "errors", "1",
             "Flags every GPE mention found by the entities-rules tagger as a wrong_location error, with no "
             "correction. Learns nothing; anchors the recall a place-name detector can reach.",
             "errors:all_places"),
)}


def document_input(doc: Document) -> DocumentInput:
    """The unlabelled input of one document."""
    return DocumentInput(doc.doc_id, doc.text, tuple(ClaimInput(c.claim_id, c.start, c.end, c.text) for c in doc.claims))


def run(baseline: Baseline, gold: Gold, progress: bool | None = None) -> dict[str, Any]:
    """The submission of ``baseline`` over every gold document; what it learns, it learns from
    the dev documents other than the one it predicts.

    ``progress``: show a progress bar over documents (default: only on a terminal).
    """
    from tqdm import tqdm

    predict = baseline.predict()
    show = sys.stderr.isatty() if progress is None else progress
    documents = []
    doc_ids = sorted(gold.documents)
    for doc_id in tqdm(doc_ids, desc=baseline.name, unit="doc", disable=not show, leave=False):
        training = tuple(gold.documents[other] for other in doc_ids if other != doc_id and gold.documents[other].split == "dev")
        documents.append({"doc_id": doc_id, **predict(document_input(gold.documents[doc_id]), training)})
    system = {"name": baseline.name, "version": baseline.version, "description": baseline.description,
              "details": {"task": baseline.task, **baseline.details()}}
    return {"system": system, "documents": documents}


def render(submission: dict[str, Any]) -> str:
    """The committed JSON form of a submission (stable, byte for byte)."""
    return json.dumps(submission, indent=1, ensure_ascii=False) + "\n"
