"""Claim baselines: every sentence, a heuristic, and TF-IDF + logistic regression."""

from __future__ import annotations

import re
from importlib import metadata
from typing import Any

from ..model import Document
from ..sentences import sentence_spans
from . import DocumentInput
from .rules import capitalised_share, tag_entities

# statements about the reporting itself, not about events: what is unverified or unclear, what follows
ABOUT_THE_REPORTING = re.compile(
    r"\b(?:could not be (?:independently )?(?:verified|confirmed)|(?:was|is) not (?:independently )?(?:verified|confirmed)|"
    r"no (?:independent )?(?:confirmation|comment)|remains? unclear|leaves? open|here is|below|as follows|like this|"
    r"reminder that|the lesson)\b", re.IGNORECASE)
# a statement has a finite verb; timeline fragments ("Monday morning.") and labels do not
FINITE_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|do|does|did|\w+ed|said|says|told|tells|took|came|went|"
    r"made|gave|found|left|held|hit|struck|fell|began|saw|knew|got|put|ran|brought|kept|won|lost|led|met|sent|spent|"
    r"stood|stands|wrote|spoke|rose|shot|fought|built|broke|drove|flew|thought|became|remains|lies|shows|leaves|"
    r"holds|calls|claims|hurt|taken|given|known|shown|seen|done)\b", re.IGNORECASE)
TERMINAL = re.compile(r"[.!][’”'\"]?$")
MIN_WORDS = 3
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
    for index, (start, end) in enumerate(sentence_spans(doc.text)):
        sentence = doc.text[start:end]
        if index == 0:
            labels = {m.label for m in mentions if start <= m.start and m.end <= end}
            worthy = is_statement_headline(sentence) and bool(labels & (NAMED | NUMERIC))
        else:
            worthy = is_statement(sentence)
        if worthy:
            chosen.append((start, end))
    return _claims(doc.text, chosen)


def is_statement(sentence: str) -> bool:
    """A sentence of the body is a check-worthy statement when it ends with a period or an exclamation
    mark (section headings and questions do not), has a finite verb (timeline fragments such as
    "Monday morning." do not) and at least MIN_WORDS words, and is not about the reporting itself
    (what is unverified or unclear, what follows)."""
    return bool(TERMINAL.search(sentence) and FINITE_VERB.search(sentence) and len(sentence.split()) >= MIN_WORDS
                and not ABOUT_THE_REPORTING.search(sentence))


def is_statement_headline(headline: str) -> bool:
    """A headline states something when it is written in sentence case ("Mortar fire leaves deputy head
    in intensive care"), not in title case, and does not open with a question word ("What we know")."""
    title_case = capitalised_share(headline)[1] > 0.5
    return not title_case and not re.match(r"(?:What|How|Why|Who|When|Where)\b", headline) and not headline.endswith("?")


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
        return {**common, "entity_tagger": "entities-rules (headlines: a named entity or a number)",
                "about_the_reporting": ABOUT_THE_REPORTING.pattern, "finite_verb": FINITE_VERB.pattern,
                "terminal": TERMINAL.pattern, "min_words": MIN_WORDS}
    if name == "claims-tfidf-lr":
        return {**common, "training_labels": "gold sentences; check-worthy when a gold claim overlaps the sentence",
                "training_documents": "the dev documents other than the one predicted", "features": "TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)",
                "classifier": "LogisticRegression(class_weight='balanced', max_iter=1000)", "threshold": THRESHOLD,
                "seed": SEED, "scikit-learn": metadata.version("scikit-learn")}
    return common
