"""A fast, conservative acceptance test for large lists of flat records, derived from a JSON Schema.

jsonschema validates about 100,000 span records per 10 seconds; a system's output can hold
millions. Span records are flat (scalar fields only), so their schema reduces to per-column
checks: allowed and required keys, JSON types, enums, patterns, bounds and lengths. This
module derives those checks from the schema's record definition and runs them column by
column. It answers only "certainly valid" or "not sure": on "not sure" (a violation, or a
field of a kind it does not check, such as a nested list), the caller runs the full
jsonschema validation, which produces the problem messages. So jsonschema stays the single
definition of validity; a differential test checks that this never accepts what it rejects.

Whole documents (gold documents, dataset files, submissions) get the same kind of answer from
msgspec types built from the schema (:func:`schema_type`, :func:`certainly_valid`): one pass in
C that refuses unknown fields, where msgspec can express every keyword the schema uses; a schema
using anything else gets no type, so the answer is always "not sure". Patterns keep the meaning
of :func:`schema_pattern`. The loader's fast path (harness.inputs.fastload) decodes with them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, Literal, Union

from .resources import load_schema

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "integer": (int,), "number": (int, float), "string": (str,), "boolean": (bool,), "null": (type(None),)}
_SIMPLE_KEYWORDS = {"type", "enum", "const", "pattern", "minimum", "maximum", "minLength", "maxLength", "description"}


@lru_cache(maxsize=None)
def schema_pattern(pattern: str) -> re.Pattern[str]:
    """A JSON Schema ``pattern`` compiled for ``re.search`` with its ECMA-262 meaning: an
    unescaped ``$`` outside a character class is the end of the string (``\\Z``), where
    Python's ``$`` also matches before a final line feed, so that ``"a1\\n"`` would pass ``^[a-z0-9]+$``."""
    out, escaped, in_class = [], False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and not in_class:
            char = "\\Z"
        out.append(char)
    return re.compile("".join(out))


def pattern_keyword(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Any:
    """jsonschema's ``pattern`` keyword with :func:`schema_pattern` semantics."""
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and not schema_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@dataclass(frozen=True)
class _Column:
    types: frozenset[type]
    enum: frozenset[Any] | None
    pattern: re.Pattern[str] | None
    minimum: float | None
    maximum: float | None
    min_length: int | None
    max_length: int | None


@dataclass(frozen=True)
class RecordCheck:
    """Per-column checks for one record definition; ``complex`` fields are not checked here."""

    required: frozenset[str]
    allowed: frozenset[str]
    columns: dict[str, _Column]
    complex: frozenset[str]

    def certainly_valid(self, records: Any, skip_complex: bool = False) -> bool:
        """True only if every record satisfies the schema definition (False: not sure).

        With ``skip_complex`` the non-scalar fields are left for the caller to check.
        """
        if type(records) is not list:
            return False
        if not all(type(record) is dict for record in records):
            return False
        keys: set[str] = set().union(*map(dict.keys, records)) if records else set()
        if not keys <= self.allowed or (keys & self.complex and not skip_complex):
            return False
        if any(not self.required <= record.keys() for record in records):
            return False
        return all(self._column_ok(self.columns[key], [r[key] for r in records if key in r])
                   for key in keys - self.complex)

    @staticmethod
    def _column_ok(column: _Column, values: list[Any]) -> bool:
        if not set(map(type, values)) <= column.types:
            return False
        present = [v for v in values if v is not None]
        if not present:
            return True
        if column.enum is not None and not set(present) <= column.enum:
            return False
        if column.minimum is not None and min(present) < column.minimum:
            return False
        if column.maximum is not None and max(present) > column.maximum:
            return False
        if column.min_length is not None or column.max_length is not None or column.pattern is not None:
            distinct = set(present)
            lengths = list(map(len, distinct))
            if column.min_length is not None and min(lengths) < column.min_length:
                return False
            if column.max_length is not None and max(lengths) > column.max_length:
                return False
            if column.pattern is not None and not all(column.pattern.search(v) for v in distinct):
                return False
        return True


def _resolve(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = defs[node["$ref"].rsplit("/", 1)[1]]
    return node


def _column(node: dict[str, Any]) -> _Column | None:
    """Checks for a scalar property, or None when the property is not a plain scalar."""
    if not set(node) <= _SIMPLE_KEYWORDS or "type" not in node and "enum" not in node and "const" not in node:
        return None
    kinds = node.get("type", [])
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    if any(kind not in _JSON_TYPES for kind in kinds):
        return None
    enum = node.get("enum", [node["const"]] if "const" in node else None)
    types = {t for kind in kinds for t in _JSON_TYPES[kind]} if kinds else {type(v) for v in enum}
    return _Column(frozenset(types), frozenset(enum) if enum is not None else None,
                   schema_pattern(node["pattern"]) if "pattern" in node else None,
                   node.get("minimum"), node.get("maximum"), node.get("minLength"), node.get("maxLength"))


@lru_cache(maxsize=None)
def record_check(schema_name: str, definition: str) -> RecordCheck:
    """The RecordCheck of ``$defs[definition]`` in one of the package's schemas."""
    defs = load_schema(schema_name)["$defs"]
    node = _resolve(defs[definition], defs)
    if node.get("type") != "object" or node.get("additionalProperties") is not False:
        raise ValueError(f"{definition} is not a closed object definition")
    columns, complex_fields = {}, set()
    for name, sub in node["properties"].items():
        column = _column(_resolve(sub, defs))
        if column is None:
            complex_fields.add(name)
        else:
            columns[name] = column
    return RecordCheck(frozenset(node.get("required", ())), frozenset(node["properties"]), columns, frozenset(complex_fields))


# --------------------------------------------------------------------------- whole documents as msgspec types

# Keywords the type builder translates; a schema with any other gets no type (always "not sure").
_KEYWORDS = {"type", "properties", "required", "additionalProperties", "items", "$ref", "enum", "const", "oneOf", "minimum",
             "maximum", "minLength", "maxLength", "pattern", "description"}


class _Unsupported(ValueError):
    """The schema uses something the type builder does not translate."""


def _scalar(kind: str, node: dict[str, Any]) -> Any:
    """A JSON type with the keywords that apply to it (JSON Schema ignores the others)."""
    import msgspec

    bounds = msgspec.Meta(ge=node.get("minimum"), le=node.get("maximum"))
    if kind == "integer":
        return Annotated[int, bounds]
    if kind == "number":
        return Union[Annotated[int, bounds], Annotated[float, bounds]]  # int stays int, as with the json module
    if kind == "string":
        pattern = schema_pattern(node["pattern"]).pattern if "pattern" in node else None  # msgspec searches, as re does
        return Annotated[str, msgspec.Meta(min_length=node.get("minLength"), max_length=node.get("maxLength"),
                                           pattern=pattern)]
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


def certainly_valid(instance: Any, schema_name: str) -> bool:
    """True only if parsed JSON ``instance`` satisfies the schema (False: not sure, ask jsonschema)."""
    import msgspec

    kind = schema_type(schema_name)
    if kind is None:
        return False
    try:
        msgspec.convert(instance, kind)
    except (msgspec.ValidationError, RecursionError):
        return False
    return True
