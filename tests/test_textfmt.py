"""The JSON text every output is written as: json.dumps(indent=2, ensure_ascii=False) plus a line
feed, byte for byte, whatever the document holds (the fast path re-indents the C encoder's text)."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from harness.textfmt import json_text

SCALARS = st.none() | st.booleans() | st.integers(min_value=-2**80, max_value=2**80) | st.floats() | st.text()
DOCUMENTS = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                         max_leaves=30)


def _reference(document: object) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


@settings(max_examples=400, derandomize=True, deadline=None)
@given(DOCUMENTS)
def test_json_text_is_the_json_modules_indented_text(document: object) -> None:
    assert json_text(document) == _reference(document)


def test_json_text_of_the_cases_the_formatter_cannot_take() -> None:
    """NaN and Infinity (json writes them, msgspec does not read them), lone surrogates (not UTF-8),
    controls, separators, escapes, empty containers, big and tiny numbers, tuples and non-string keys."""
    cases = [
        [float("nan"), float("inf"), -float("inf")],
        {"lone": "\ud800", "\udfff": 1},
        {"s": "\x00\x1f\x7f\x9f\u2028\u202e \"\\ / \n\t é 漢字 😀 \\u003a", "": ""},
        {"a": [], "b": {}, "c": [[]], "d": [{}], "e": None, "f": True},
        [1e16, 1e-7, 5e-324, 1.7976931348623157e308, -0.0, 1 / 3, 10**400, -2**80],
        {1: "int key", 2.5: "float key", None: "none key", True: "bool key"},
        (1, (2, 3)), "plain", 3, [],
    ]
    for document in cases:
        assert json_text(document) == _reference(document)
