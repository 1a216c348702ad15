"""Plain typed records for gold documents and submissions, and the label sets.

The label sets are read from the gold-document JSON Schema, so the schema is the one
place where they are defined.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal

from .resources import load_schema

_GOLD_SCHEMA = load_schema("gold-document")
_GOLD_DEFS = _GOLD_SCHEMA["$defs"]

ENTITY_LABELS: tuple[str, ...] = tuple(_GOLD_DEFS["entity_label"]["enum"])
ENTITY_SUBTYPES: tuple[str, ...] = tuple(_GOLD_DEFS["entity_subtype"]["enum"])
VERDICTS: tuple[str, ...] = tuple(_GOLD_DEFS["verdict"]["enum"])
ERROR_TYPES: tuple[str, ...] = tuple(_GOLD_DEFS["error_type"]["enum"])
CONFIDENCES: tuple[str, ...] = tuple(_GOLD_DEFS["error"]["properties"]["confidence"]["enum"])
# Where a document comes from, and the split it belongs to (data version 2.0.0 on).
SUBSETS: tuple[str, ...] = tuple(_GOLD_SCHEMA["properties"]["subset"]["enum"])
SPLITS: tuple[str, ...] = tuple(_GOLD_SCHEMA["properties"]["split"]["enum"])
# What a scoring run selects: one split, or every document.
ALL_SPLITS = "all"

ARTICLE_CLAIMANT = "article"
UNNAMED_CLAIMANT_PREFIX = "unnamed:"

# What to do with an entity label outside OntoNotes: reject the file, or score it as spurious.
UnknownLabels = Literal["error", "spurious"]
# How entity spans are matched: order-independent (default), or exactly as nervaluate 1.2.1 does.
Compat = Literal["default", "nervaluate"]


@dataclass(frozen=True)
class Evidence:
    url: str
    publisher: str
    date: str | None
    summary: str


@dataclass(frozen=True)
class Span:
    """A half-open character span with the text it covers."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Sentence:
    sentence_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Entity:
    entity_id: str
    start: int
    end: int
    text: str
    label: str
    subtype: str | None
    canonical: str | None
    cluster_id: str | None


@dataclass(frozen=True)
class Claim:
    claim_id: str
    start: int
    end: int
    text: str
    claimant: str
    verdict: str
    rationale: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Alternatives:
    corrections: tuple[str, ...] = ()
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Error:
    error_id: str
    group_id: str
    start: int
    end: int
    text: str
    type: str
    correction: str
    rationale: str
    confidence: str
    claim_ids: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    alternatives: Alternatives


@dataclass(frozen=True)
class Document:
    doc_id: str
    title: str | None
    text: str
    sha256: str
    source_url: str | None
    published: str | None
    language: str
    canary: str
    subset: str
    split: str
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]
    claims: tuple[Claim, ...]
    errors: tuple[Error, ...]


def data_id(data: dict[str, str]) -> str:
    """'version+sha12' of a results document's ``data`` block: how signatures, reports and pages
    name one state of the gold."""
    return f"{data['version']}+{data['sha12']}"


@dataclass(frozen=True)
class Gold:
    """The gold dataset: its version, canary, content hash and documents by id."""

    version: str
    canary: str
    sha256: str
    documents: dict[str, Document]

    @property
    def sha12(self) -> str:
        return self.sha256[:12]

    @property
    def data(self) -> dict[str, str]:
        """The ``data`` block of results documents: version and content hash."""
        return {"version": self.version, "sha12": self.sha12}

    def select(self, split: str = ALL_SPLITS, subset: str | None = None) -> Gold:
        """The documents of one split (``all``: every split) and, optionally, one subset.

        Version and content hash stay those of the whole dataset: a selection is named by the
        ``split`` of the settings' signature, not by a hash of its own."""
        documents = {doc_id: doc for doc_id, doc in self.documents.items()
                     if split in (ALL_SPLITS, doc.split) and subset in (None, doc.subset)}
        return Gold(self.version, self.canary, self.sha256, documents)


@dataclass(frozen=True)
class SystemInfo:
    name: str
    version: str = ""
    description: str = ""
    url: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PredictedEntity:
    start: int
    end: int
    label: str
    text: str | None = None
    score: float | None = None


@dataclass(frozen=True)
class PredictedClaim:
    start: int
    end: int
    verdict: str | None = None
    text: str | None = None
    score: float | None = None
    claim_id: str | None = None


@dataclass(frozen=True)
class PredictedVerdict:
    claim_id: str
    verdict: str
    score: float | None = None


@dataclass(frozen=True)
class PredictedError:
    start: int
    end: int
    type: str | None = None
    correction: str | None = None
    text: str | None = None
    score: float | None = None
    group_id: str | None = None
    alternatives: Alternatives = Alternatives()


@dataclass(frozen=True)
class SubmissionDocument:
    """One document's predictions; a layer is None when the submission omits it."""

    doc_id: str
    entities: tuple[PredictedEntity, ...] | None = None
    claims: tuple[PredictedClaim, ...] | None = None
    verdicts: tuple[PredictedVerdict, ...] | None = None
    errors: tuple[PredictedError, ...] | None = None


# Layers a submission may carry (the record layers of SubmissionDocument); "verdicts" refers to gold claims by id.
SUBMISSION_LAYERS: tuple[str, ...] = tuple(f.name for f in fields(SubmissionDocument) if f.name != "doc_id")


@dataclass(frozen=True)
class Provenance:
    """Where quote-based predictions came from: the prompt of each layer and the anchoring report
    (``system.details.anchoring`` of a submission converted with ``--from quotes``)."""

    prompts: dict[str, str]
    report: dict[str, Any]


@dataclass(frozen=True)
class Submission:
    system: SystemInfo
    documents: dict[str, SubmissionDocument]
    source: str = "<memory>"
    provenance: Provenance | None = None  # set when the predictions were converted from quotes

    def select(self, doc_ids: Collection[str]) -> Submission:
        """The submission's documents among ``doc_ids`` (a split or subset of the gold), the rest as it is."""
        return replace(self, documents={d: doc for d, doc in self.documents.items() if d in doc_ids})

    def layers(self) -> tuple[str, ...]:
        """The layers that at least one document of the submission carries."""
        return tuple(
            layer
            for layer in SUBMISSION_LAYERS
            if any(getattr(doc, layer) is not None for doc in self.documents.values())
        )
