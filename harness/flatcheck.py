"""A fast, conservative acceptance test for large lists of flat records, derived from a JSON Schema.

jsonschema validates about 100,000 span records per 10 seconds; a system's output can hold
millions. Span records are flat (scalar fields only), so their schema reduces to per-column
checks: allowed and required keys, JSON types, enums, patterns, bounds and lengths. This
module derives those checks from the schema's record definition and runs them column by
column. It answers only "certainly valid" or "not sure": on "not sure" (a violation, or a
field of a kind it does not check, such as a nested list), the caller runs the full
jsonschema validation, which produces the problem messages. So jsonschema stays the single
definition of validity; a differential test checks that this never accepts what it rejects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

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
