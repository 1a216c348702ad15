"""Claim baselines: every sentence, a heuristic, and TF-IDF + logistic regression."""

from __future__ import annotations

import re
from importlib import metadata
from typing import Any

from ..model import Document
from ..sentences import sentence_spans
from . import DocumentInput
from .rules import tag_entities

REPORTING = re.compile(r"\b(?:said|says|say|stated|states|announced|announces|reported|reports|claimed|claims|told|"
                       r"declared|noted|emphasi[sz]ed|confirmed|insisted|warned|cautioned|argued|according to|remarked|"
                       r"explained|added|asserted|acknowledged)\b", re.IGNORECASE)
NAMED = frozenset(("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"))
NUMERIC = frozenset(("DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"))
SEED = 0
THRESHOLD = 0.5


def _claims(text: str, spans: list[tuple[int, int]]) -> dict[str, list[dict[str, Any]]]:
    return {"claims": [{"start": s, "end": e, "text": text[s:e]} for s, e in spans]}


def all_sentences(doc: DocumentInput, training: tuple[Document, ...]) -> dict[str, list[dict[str, Any]]]:
    return _claims(doc.text, sentence_spans(doc.text))


def heuristic_sentences(doc: DocumentInput, training: tuple[Document, ...]) -> dict[str, list[dict[str, Any]]]:
    mentions = tag_entities(doc.text)
    chosen = []
    for start, end in sentence_spans(doc.text):
        labels = {m.label for m in mentions if start <= m.start and m.end <= end}
        if labels & (NAMED | NUMERIC) or re.search(r"\d", doc.text[start:end]) or REPORTING.search(doc.text[start:end]):
            chosen.append((start, end))
    return _claims(doc.text, chosen)


def check_worthy(doc: Document) -> list[tuple[str, bool]]:
    """The gold sentences of a labelled document with their check-worthiness: a gold claim overlaps them."""
    return [(s.text, any(c.start < s.end and s.start < c.end for c in doc.claims)) for s in doc.sentences]


def fit_sentence_classifier(training: tuple[Document, ...]) -> Any:
    """TF-IDF + logistic regression fitted on the gold sentences of the training documents only."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    examples = [pair for doc in training for pair in check_worthy(doc)]
    model = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1),
                          LogisticRegression(class_weight="balanced", max_iter=1000, random_state=SEED))
    return model.fit([text for text, _ in examples], [label for _, label in examples])


def tfidf_sentences(doc: DocumentInput, training: tuple[Document, ...]) -> dict[str, list[dict[str, Any]]]:
    model = fit_sentence_classifier(training)
    spans = sentence_spans(doc.text)
    positive = list(model.classes_).index(True)
    probabilities = model.predict_proba([doc.text[s:e] for s, e in spans])[:, positive]
    return {"claims": [{"start": s, "end": e, "text": doc.text[s:e], "score": round(float(p), 6)}
                       for (s, e), p in zip(spans, probabilities) if p >= THRESHOLD]}


def details(name: str) -> dict[str, Any]:
    common = {"sentences": "harness.sentences.sentence_spans over the document text"}
    if name == "claims-heuristic":
        return {**common, "entity_tagger": "entities-rules", "reporting_verbs": REPORTING.pattern}
    if name == "claims-tfidf-lr":
        return {**common, "training_labels": "gold sentences; check-worthy when a gold claim overlaps the sentence",
                "cross_validation": "leave-one-document-out", "features": "TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)",
                "classifier": "LogisticRegression(class_weight='balanced', max_iter=1000)", "threshold": THRESHOLD,
                "seed": SEED, "scikit-learn": metadata.version("scikit-learn")}
    return common
