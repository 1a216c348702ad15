"""A fast, conservative loading path for large submissions, accept-or-defer.

The full path (:func:`harness.inputs.check_submission`) parses with the json module, checks
the limits, the JSON Schema and the meaning, builds one typed record per span and turns the
records into task tables. On a million spans most of that time goes to Python objects. This
path decodes the bytes with msgspec into the types :func:`harness.flatcheck.schema_type`
derives from ``schema/submission.schema.json``, so parsing and schema validation are one pass
that refuses unknown fields; it checks the limits and the meaning (without gold) column by
column, from the task registry, and builds the task tables column-wise, without a typed record
per span.

It answers only "certainly valid" (a Submission) or "not sure" (None). On "not sure" the
caller runs the full path, which produces every problem message, so the messages stay the
same; a differential test checks that this path never accepts what the full path rejects and
that it builds the same tables. The typed per-document records are built only if someone
asks for them, by the full path's record builder from the same bytes.

Duplicate keys: the json module path refuses an object that repeats a key; msgspec keeps
the last value. Every member of a JSON object has exactly one ``:`` outside strings, and a
``:`` inside a string is a literal ``:`` byte unless escaped as ``\\u003a``. So, in a file
with no such escape, the number of ``:`` bytes is (members + colons inside strings); the
decoded value re-encoded (msgspec writes ``:`` literally, and omits only fields that were
absent) has the same count exactly when no member was dropped, i.e. when no object repeats a
key. A dropped member takes its own ``:`` (and any inside its value) with it, so the count
can only fall. Files with an escaped colon are left to the full path.
"""

from __future__ import annotations

import gc
import re
from functools import lru_cache
from itertools import chain
from operator import attrgetter
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from ..flatcheck import schema_type
from ..matching import SPAN_COLUMNS
from ..model import Submission, SystemInfo, UnknownLabels
from ..tables import TabledDocuments, TaskTables
from ..tasks import TASKS
from .checks import Limits, parse_json_bytes
from .records import provenance, submission_from_dict

_ESCAPED_COLON = re.compile(rb"\\u003[aA]")
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_MAX_INT_BITS = 14_000  # the json module refuses integer literals over 4,300 digits (about 14,284 bits)


@lru_cache(maxsize=None)
def submission_decoder() -> Any:
    """A msgspec JSON decoder for ``schema/submission.schema.json``, or None."""
    import msgspec

    kind = schema_type("submission")
    return msgspec.json.Decoder(kind) if kind is not None else None


# --------------------------------------------------------------------------- accept or defer


def fast_submission(raw: bytes, file: str, unknown_labels: UnknownLabels = "error",
                    limits: Limits = Limits()) -> Submission | None:
    """The submission in ``raw`` (the bytes of ``file``) when it is certainly valid, checked
    without gold, else None: "not sure", and the caller checks it the full way, which explains
    any problem."""
    import msgspec

    if _ESCAPED_COLON.search(raw) or _SURROGATE_ESCAPE.search(raw):
        return None
    decoder = submission_decoder()
    if decoder is None:
        return None
    collecting = gc.isenabled()
    gc.disable()  # nothing here makes cycles; a collector rescanning a million live objects is wasted time
    try:
        accepted = _accepted(raw, decoder, unknown_labels, limits)  # its decoded records are freed on return,
    finally:  # before the collector runs again: else its next pass would scan them all once
        if collecting:
            gc.enable()
    if accepted is None:
        return None
    system, tables = accepted
    details = system.details if system.details is not msgspec.UNSET else {}
    text = lambda value, default: default if value is msgspec.UNSET else value
    info = SystemInfo(system.name, text(system.version, ""), text(system.description, ""), text(system.url, None), details)
    typed = lambda: submission_from_dict(parse_json_bytes(raw, file), file).documents
    return Submission(info, TabledDocuments(tables, typed), file, provenance(details, file))


def _accepted(raw: bytes, decoder: Any, unknown_labels: UnknownLabels, limits: Limits) -> tuple[Any, TaskTables] | None:
    """The decoded ``system`` object and the task tables of a certainly valid file, else None."""
    import msgspec

    try:
        sub = decoder.decode(raw)
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError):  # the full path names the problem
        return None
    if raw.count(b":") != msgspec.json.encode(sub).count(b":"):
        return None  # an object repeats a key (see the module docstring)
    layers = _layers(sub.documents)
    if not _within_limits(sub.documents, layers, limits) or not _meaningful(sub.documents, layers, unknown_labels):
        return None
    if sub.system.details is not msgspec.UNSET and not _plain_json(sub.system.details):
        return None
    return sub.system, _tables(sub.documents, layers)


class _Layer(NamedTuple):
    """One layer of every document, as columns (``start``/``end`` None for verdicts)."""

    records: list[Any]  # the decoded records, in file order
    doc_index: np.ndarray  # position of each record's document
    labels: list[Any]  # label, verdict or type (msgspec.UNSET where absent)
    ids: list[Any]  # the layer's id field (msgspec.UNSET where absent)
    start: np.ndarray | None
    end: np.ndarray | None


def _layers(documents: list[Any]) -> dict[str, _Layer | None]:
    """Every layer's columns; None for a layer no document carries."""
    import msgspec

    layers: dict[str, _Layer | None] = {}
    for task in TASKS.values():
        layer, label_field, id_field = task.layer, task.records.label, task.records.id
        per_doc = [getattr(doc, layer) for doc in documents]
        if all(rows is msgspec.UNSET for rows in per_doc):
            layers[layer] = None
            continue
        per_doc = [() if rows is msgspec.UNSET else rows for rows in per_doc]
        records = list(chain.from_iterable(per_doc))
        n = len(records)
        offsets = None if not task.records.spans else [np.fromiter(map(attrgetter(name), records), np.int64, n)
                                                     for name in ("start", "end")]
        layers[layer] = _Layer(records, np.repeat(np.arange(len(documents)), list(map(len, per_doc))),
                               list(map(attrgetter(label_field), records)), list(map(attrgetter(id_field), records)),
                               *(offsets or (None, None)))
    return layers


def _within_limits(documents: list[Any], layers: dict[str, _Layer | None], limits: Limits) -> bool:
    if len(documents) > limits.max_documents:
        return False
    spans = sum(np.bincount(layer.doc_index, minlength=len(documents)) for layer in layers.values() if layer is not None)
    return not len(documents) or int(np.max(spans, initial=0)) <= limits.max_spans_per_document


def _meaningful(documents: list[Any], layers: dict[str, _Layer | None], unknown_labels: UnknownLabels) -> bool:
    """The meaning checks of checks.submission_problems without gold, column-wise: True when all pass."""
    import msgspec

    doc_ids = [doc.doc_id for doc in documents]
    if len(set(doc_ids)) != len(doc_ids):
        return False
    for task in TASKS.values():
        layer = layers[task.layer]
        if layer is None:
            continue
        lenient = task.unknown_labels and unknown_labels == "spurious"
        if not set(layer.labels) - {msgspec.UNSET} <= set(task.records.labels) and not lenient:
            return False
        if set(layer.ids) - {msgspec.UNSET}:
            ids = [pair for pair in zip(layer.doc_index.tolist(), layer.ids) if pair[1] is not msgspec.UNSET]
            if len(set(ids)) != len(ids):
                return False
        if layer.start is not None and not (layer.end > layer.start).all():
            return False
    return True


def _plain_json(value: Any) -> bool:
    """True when free-form JSON decoded by msgspec is what the json module gives (no huge integers)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack += item.values()
        elif isinstance(item, list):
            stack += item
        elif isinstance(item, int) and item.bit_length() > _MAX_INT_BITS:
            return False
    return True


# --------------------------------------------------------------------------- tables, column-wise


def _strings(values: list[str]) -> pd.api.extensions.ExtensionArray:
    """``values`` as pandas' str dtype (what ``astype(str)`` gives), converting each distinct value once."""
    distinct = sorted(set(values))
    position = {value: index for index, value in enumerate(distinct)}
    codes = np.fromiter(map(position.__getitem__, values), np.intp, len(values))
    return pd.array(distinct, dtype=str).take(codes)


def _span_frame(doc_ids: pd.api.extensions.ExtensionArray, layer: _Layer, labels: list[str],
                extra: dict[str, list[Any]]) -> pd.DataFrame:
    """A span frame as tables._frame builds it, from columns."""
    frame = pd.DataFrame({"doc_id": doc_ids.take(layer.doc_index), "start": layer.start, "end": layer.end,
                          "label": _strings(labels)}, columns=list(SPAN_COLUMNS))
    for name, values in extra.items():
        frame[name] = pd.Series(values, dtype=object)
    return frame


def _tables(documents: list[Any], layers: dict[str, _Layer | None]) -> TaskTables:
    """tables.submission_tables of the submission, built column by column."""
    import msgspec

    unset = lambda value, default: default if value is msgspec.UNSET else value
    doc_column = pd.array([doc.doc_id for doc in documents], dtype=str)
    # Fresh strings: a decoded one kept alive would pin its stretch of the decoder's freed memory.
    doc_ids = doc_column.tolist()
    frames: dict[str, pd.DataFrame | None] = dict.fromkeys(layers)
    for name, layer in layers.items():
        if layer is None:
            continue
        records = layer.records
        labels = [unset(label, "") for label in layer.labels] if name != "entities" else layer.labels
        if name == "entities":
            frames[name] = _span_frame(doc_column, layer, labels, {})
        elif name == "claims":
            frames[name] = _span_frame(doc_column, layer, labels, {"claim_id": [unset(i, None) for i in layer.ids]})
        elif name == "verdicts":
            frames[name] = pd.DataFrame(list(zip([doc_ids[i] for i in layer.doc_index], layer.ids, layer.labels)),
                                        columns=["doc_id", "claim_id", "label"], dtype=object)
        else:
            frames[name] = _span_frame(doc_column, layer, labels, {
                "correction": [unset(r.correction, None) for r in records],
                "alternatives": [_corrections(r.alternatives) for r in records],
                "group_id": [unset(r.group_id, None) for r in records]})
    return TaskTables(doc_ids=tuple(doc_ids), sentences=None, **frames)


def _corrections(alternatives: Any) -> tuple[str, ...]:
    """records._alternatives(...).corrections of a decoded ``alternatives`` field."""
    import msgspec

    if alternatives is msgspec.UNSET or alternatives.corrections is msgspec.UNSET:
        return ()
    return tuple(alternatives.corrections)
