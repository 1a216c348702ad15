"""Gold data and submissions as per-task span tables (pandas), the scorers' common input.

A gold dataset and a submission (a system's output, or one annotator's labels when two
annotation sets are compared) become the same :class:`TaskTables`, so that one scoring
path serves ``eval``, ``agree`` and ``compare``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, fields

import pandas as pd

from .matching import spans_frame
from .model import Gold, Submission, SubmissionDocument


@dataclass(frozen=True)
class TaskTables:
    """Spans of every layer, one frame per layer; a layer is None when absent.

    Frames carry ``doc_id, start, end, label`` (the matcher's columns) plus per-layer
    extras: claims ``claim_id``; errors ``correction``, ``alternatives`` (tuple of
    acceptable corrections) and ``group_id``; verdicts are ``doc_id, claim_id, label``.
    Gold entities and errors also carry their ``id`` (for per-item explanations).
    """

    doc_ids: tuple[str, ...]
    entities: pd.DataFrame | None
    claims: pd.DataFrame | None
    verdicts: pd.DataFrame | None
    errors: pd.DataFrame | None
    sentences: pd.DataFrame | None


class TabledDocuments(Mapping[str, SubmissionDocument]):
    """The documents of a submission whose task tables were built as it was read (the loader's
    fast path, harness.inputs.fastload): the tables at once, the typed records from ``typed``
    the first time anyone reads them."""

    def __init__(self, tables: TaskTables, typed: Callable[[], dict[str, SubmissionDocument]]) -> None:
        self.tables = tables
        self._typed: Callable[[], dict[str, SubmissionDocument]] | None = typed
        self._documents: dict[str, SubmissionDocument] | None = None
        self._ids = frozenset(tables.doc_ids)

    def _records(self) -> dict[str, SubmissionDocument]:
        if self._documents is None:
            assert self._typed is not None
            self._documents, self._typed = self._typed(), None  # drops what ``typed`` holds (the file's bytes)
        return self._documents

    def __getitem__(self, doc_id: str) -> SubmissionDocument:
        return self._records()[doc_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self.tables.doc_ids)

    def __len__(self) -> int:
        return len(self.tables.doc_ids)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._ids


def _frame(rows: list[tuple], extra: tuple[str, ...] = ()) -> pd.DataFrame:
    base = spans_frame([row[:4] for row in rows])
    for index, name in enumerate(extra):
        base[name] = pd.Series([row[4 + index] for row in rows], dtype=object)
    return base


def gold_tables(gold: Gold) -> TaskTables:
    """The gold labels as task tables (every layer present)."""
    docs = list(gold.documents.values())
    return TaskTables(
        doc_ids=tuple(gold.documents),
        entities=_frame([(d.doc_id, e.start, e.end, e.label, e.entity_id) for d in docs for e in d.entities], ("id",)),
        claims=_frame([(d.doc_id, c.start, c.end, c.verdict, c.claim_id) for d in docs for c in d.claims], ("claim_id",)),
        verdicts=None,
        errors=_frame(
            [(d.doc_id, x.start, x.end, x.type, x.correction, x.alternatives.corrections, x.group_id, x.error_id)
             for d in docs for x in d.errors],
            ("correction", "alternatives", "group_id", "id"),
        ),
        sentences=_frame([(d.doc_id, s.start, s.end, "") for d in docs for s in d.sentences]),
    )


def submission_tables(sub: Submission) -> TaskTables:
    """A submission's layers as task tables; layers no document carries stay None.

    In a document that omits a layer carried by others, that layer counts as empty.
    """
    if isinstance(sub.documents, TabledDocuments):
        return sub.documents.tables
    layers = set(sub.layers())
    docs = list(sub.documents.values())

    def spans(layer: str) -> list:
        return [(d.doc_id, r) for d in docs for r in (getattr(d, layer) or ())]

    return TaskTables(
        doc_ids=tuple(sub.documents),
        entities=_frame([(doc, e.start, e.end, e.label) for doc, e in spans("entities")]) if "entities" in layers else None,
        claims=_frame([(doc, c.start, c.end, c.verdict or "", c.claim_id) for doc, c in spans("claims")], ("claim_id",))
        if "claims" in layers else None,
        verdicts=pd.DataFrame([(doc, v.claim_id, v.verdict) for doc, v in spans("verdicts")],
                              columns=["doc_id", "claim_id", "label"], dtype=object) if "verdicts" in layers else None,
        errors=_frame(
            [(doc, x.start, x.end, x.type or "", x.correction, x.alternatives.corrections, x.group_id) for doc, x in spans("errors")],
            ("correction", "alternatives", "group_id"),
        ) if "errors" in layers else None,
        sentences=None,
    )


def tables_hash(tables: TaskTables) -> str:
    """SHA-256 of the content of task tables (spans and labels, not file layout), for signatures."""
    digest = hashlib.sha256(",".join(tables.doc_ids).encode("utf-8"))
    for layer in fields(tables):
        frame = getattr(tables, layer.name)
        if isinstance(frame, pd.DataFrame):
            digest.update(layer.name.encode("utf-8"))
            digest.update(pd.util.hash_pandas_object(frame.astype(str), index=False).to_numpy().tobytes())
    return digest.hexdigest()
