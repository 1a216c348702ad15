"""A fast, conservative loading path for large submissions, accept-or-defer.

Today's path (harness.io.load_submission) parses with the json module, validates (JSON
Schema, then meaning), builds one typed record per span and turns the records into task
tables. On a million spans most of that time goes to Python objects. This path decodes the
file with msgspec into types derived from ``schema/submission.schema.json``, so parsing and
schema validation are one pass that refuses unknown fields, checks the meaning column by
column and builds the task tables column-wise, without a typed record per span.

The same types check parsed gold documents and dataset files (:func:`certainly_valid`,
used by io.schema_problems before jsonschema).

It answers only "certainly valid" (a Submission) or "not sure" (None). On "not sure" the
caller runs today's path, which produces every problem message, so the messages stay the
same; a differential test checks that this path never accepts what today's path rejects and
that it builds the same tables. The typed per-document records are built only if someone
asks for them, by today's path from the same bytes.

Duplicate keys: the json module path refuses an object that repeats a key; msgspec keeps
the last value. Every member of a JSON object has exactly one ``:`` outside strings, and a
``:`` inside a string is a literal ``:`` byte unless escaped as ``\\u003a``. So, in a file
with no such escape, the number of ``:`` bytes is (members + colons inside strings); the
decoded value re-encoded (msgspec writes ``:`` literally, and omits only fields that were
absent) has the same count exactly when no member was dropped, i.e. when no object repeats a
key. A dropped member takes its own ``:`` (and any inside its value) with it, so the count
can only fall. Files with an escaped colon are left to today's path.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from itertools import chain
from operator import attrgetter
from typing import Annotated, Any, Literal, NamedTuple, Union

import numpy as np
import pandas as pd

from .io import Limits, UnknownLabels, parse_json_bytes, read_bytes, submission_from_dict
from .matching import SPAN_COLUMNS
from .model import ENTITY_LABELS, ERROR_TYPES, VERDICTS, Submission, SubmissionDocument, SystemInfo
from .resources import load_schema
from .tables import TaskTables

_ESCAPED_COLON = re.compile(rb"\\u003[aA]")
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_MAX_INT_BITS = 14_000  # the json module refuses integer literals over 4,300 digits (about 14,284 bits)
# Keywords the type builder translates; a schema with any other is left to today's path.
_KEYWORDS = {"type", "properties", "required", "additionalProperties", "items", "$ref", "enum", "const", "oneOf", "minimum",
             "maximum", "minLength", "maxLength", "pattern", "description"}
_LAYER_CHECKS = {  # layer -> (label attribute, allowed labels, id attribute)
    "entities": ("label", ENTITY_LABELS, "entity_id"),
    "claims": ("verdict", VERDICTS, "claim_id"),
    "verdicts": ("verdict", VERDICTS, "claim_id"),
    "errors": ("type", ERROR_TYPES, "error_id"),
}


class _Unsupported(ValueError):
    """The schema uses something the type builder does not translate."""


# --------------------------------------------------------------------------- types from the schema


def _scalar(kind: str, node: dict[str, Any]) -> Any:
    """A JSON type with the keywords that apply to it (JSON Schema ignores the others)."""
    import msgspec

    bounds = msgspec.Meta(ge=node.get("minimum"), le=node.get("maximum"))
    if kind == "integer":
        return Annotated[int, bounds]
    if kind == "number":
        return Union[Annotated[int, bounds], Annotated[float, bounds]]  # int stays int, as with the json module
    if kind == "string":
        return Annotated[str, msgspec.Meta(min_length=node.get("minLength"), max_length=node.get("maxLength"),
                                           pattern=node.get("pattern"))]
    if kind in ("boolean", "null"):
        return {"boolean": bool, "null": None}[kind]
    raise _Unsupported(kind)


def _type(node: dict[str, Any], defs: dict[str, Any], name: str, structs: dict[str, Any]) -> Any:
    """The msgspec type of one schema node (objects with closed properties become Structs)."""
    import msgspec

    if not set(node) <= _KEYWORDS:
        raise _Unsupported(f"{name}: {sorted(set(node) - _KEYWORDS)}")
    if "$ref" in node:
        if set(node) - {"$ref", "description"}:
            raise _Unsupported(f"{name}: $ref with siblings")
        target = node["$ref"].rsplit("/", 1)[1]
        if target not in structs:
            structs[target] = _type(defs[target], defs, target, structs)
        return structs[target]
    if "oneOf" in node:  # only "X or null" with X not null itself: then oneOf is a plain union
        branches = node["oneOf"]
        if set(node) != {"oneOf"} or len(branches) != 2 or {"type": "null"} not in branches:
            raise _Unsupported(f"{name}: oneOf")
        others = [b for b in branches if b != {"type": "null"}]
        other = _type(others[0], defs, name, structs) if others else None
        if other is None or type(None) in getattr(other, "__args__", ()):
            raise _Unsupported(f"{name}: oneOf with two nulls")
        return Union[other, None]
    if "enum" in node or "const" in node:
        values = node["enum"] if "enum" in node else [node["const"]]
        if "type" in node or not all(isinstance(v, str) for v in values):
            raise _Unsupported(f"{name}: enum")
        return Literal[tuple(values)]
    kinds = node["type"]
    if isinstance(kinds, list):
        return Union[tuple(_type({**node, "type": kind}, defs, name, structs) for kind in kinds)]
    if kinds == "array":
        return list[_type(node["items"], defs, f"{name}_item", structs)]
    if kinds != "object":
        return _scalar(kinds, node)
    if "properties" not in node:
        if set(node) - {"type", "description"}:
            raise _Unsupported(f"{name}: open object with constraints")
        return dict[str, Any]
    if node.get("additionalProperties") is not False:
        raise _Unsupported(f"{name}: open object")
    required = set(node.get("required", ()))
    if not required <= set(node["properties"]):
        raise _Unsupported(f"{name}: a required field that is not a property")
    fields = [(key, _type(sub, defs, f"{name}_{key}", structs)) for key, sub in node["properties"].items()]
    return msgspec.defstruct(
        name, [(key, kind) if key in required else (key, Union[kind, msgspec.UnsetType], msgspec.UNSET)
               for key, kind in fields],
        kw_only=True, forbid_unknown_fields=True, gc=False)


@lru_cache(maxsize=None)
def schema_type(schema_name: str) -> Any:
    """The msgspec type of one of the package's JSON Schemas, or None if it uses something not translated."""
    import msgspec

    schema = load_schema(schema_name)
    root = {key: value for key, value in schema.items() if key in _KEYWORDS}
    try:
        kind = _type(root, schema.get("$defs", {}), schema_name.replace("-", "_"), {})
        msgspec.json.Decoder(kind)  # msgspec refuses some types (two int-like types in a union, odd field names)
    except (_Unsupported, TypeError, ValueError):
        return None
    return kind


@lru_cache(maxsize=None)
def submission_decoder() -> Any:
    """A msgspec JSON decoder for ``schema/submission.schema.json``, or None."""
    import msgspec

    kind = schema_type("submission")
    return msgspec.json.Decoder(kind) if kind is not None else None


def certainly_valid(instance: Any, schema_name: str) -> bool:
    """True only if parsed JSON ``instance`` satisfies the schema (False: not sure, ask jsonschema)."""
    import msgspec

    kind = schema_type(schema_name)
    if kind is None:
        return False
    try:
        msgspec.convert(instance, kind)
    except msgspec.ValidationError:
        return False
    return True


# --------------------------------------------------------------------------- accept or defer


def fast_submission(path: str, unknown_labels: UnknownLabels = "error", limits: Limits = Limits()) -> Submission | None:
    """The submission at ``path`` when it is certainly valid (checked without gold), else None.

    A file that cannot be read raises HarnessError exactly as today's path does. None means
    "not sure": the caller loads the file the usual way, which explains any problem.
    """
    import msgspec

    raw = read_bytes(path, limits)
    if _ESCAPED_COLON.search(raw) or _SURROGATE_ESCAPE.search(raw):
        return None
    decoder = submission_decoder()
    if decoder is None:
        return None
    collecting = gc.isenabled()
    gc.disable()  # nothing here makes cycles; a collector rescanning a million live objects is wasted time
    try:
        try:
            sub = decoder.decode(raw)
        except (msgspec.DecodeError, msgspec.ValidationError):
            return None
        if raw.count(b":") != msgspec.json.encode(sub).count(b":"):
            return None  # an object repeats a key (see the module docstring)
        layers = _layers(sub.documents)
        if not _within_limits(sub.documents, layers, limits) or not _meaningful(sub.documents, layers, unknown_labels):
            return None
        details = sub.system.details if sub.system.details is not msgspec.UNSET else {}
        if not _plain_json(details):
            return None
        tables = _tables(sub.documents, layers)
    finally:
        if collecting:
            gc.enable()
    system = sub.system
    text = lambda value, default: default if value is msgspec.UNSET else value
    info = SystemInfo(system.name, text(system.version, ""), text(system.description, ""), text(system.url, None), details)
    return Submission(info, ColumnarDocuments(raw, path, tables), path)


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
    for layer, (label_field, _, id_field) in _LAYER_CHECKS.items():
        per_doc = [getattr(doc, layer) for doc in documents]
        if all(rows is msgspec.UNSET for rows in per_doc):
            layers[layer] = None
            continue
        per_doc = [() if rows is msgspec.UNSET else rows for rows in per_doc]
        records = list(chain.from_iterable(per_doc))
        n = len(records)
        offsets = None if layer == "verdicts" else [np.fromiter(map(attrgetter(name), records), np.int64, n)
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
    """The meaning checks of io.submission_problems without gold, column-wise: True when all pass."""
    import msgspec

    doc_ids = [doc.doc_id for doc in documents]
    if len(set(doc_ids)) != len(doc_ids):
        return False
    for name, layer in layers.items():
        if layer is None:
            continue
        allowed = _LAYER_CHECKS[name][1]
        if not set(layer.labels) - {msgspec.UNSET} <= set(allowed) and not (name == "entities" and unknown_labels == "spurious"):
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
    """io._alternatives(...).corrections of a decoded ``alternatives`` field."""
    import msgspec

    if alternatives is msgspec.UNSET or alternatives.corrections is msgspec.UNSET:
        return ()
    return tuple(alternatives.corrections)


# --------------------------------------------------------------------------- documents on demand


class ColumnarDocuments(Mapping[str, SubmissionDocument]):
    """The documents of a submission loaded by :func:`fast_submission`: its task tables, and its
    typed records built by today's path from the same bytes the first time anyone reads them."""

    def __init__(self, raw: bytes, file: str, tables: TaskTables) -> None:
        self.tables = tables
        self._raw: bytes | None = raw
        self._file = file
        self._documents: dict[str, SubmissionDocument] | None = None
        self._ids = frozenset(tables.doc_ids)

    def _typed(self) -> dict[str, SubmissionDocument]:
        if self._documents is None:
            self._documents = submission_from_dict(parse_json_bytes(self._raw, self._file), self._file).documents
            self._raw = None
        return self._documents

    def __getitem__(self, doc_id: str) -> SubmissionDocument:
        return self._typed()[doc_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self.tables.doc_ids)

    def __len__(self) -> int:
        return len(self.tables.doc_ids)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._ids
