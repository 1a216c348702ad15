"""The fast loading path (harness.inputs.fastload) never accepts what the full path rejects, and builds the
same tables and documents (differential, hypothesis); its duplicate-key argument, pinned."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from harness import flatcheck
from harness.inputs import Limits, fastload, load_submission
from harness.inputs.checks import _validator
from harness.problems import HarnessError
from harness.tables import submission_tables

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("entities", "claims", "verdicts", "errors")


def _fast(path: Path, unknown_labels: str = "error", limits: Limits = Limits()) -> object:
    """What the fast path makes of the file at ``path``: a Submission, or None ("not sure")."""
    return fastload.fast_submission(path.read_bytes(), str(path), unknown_labels, limits)


def _mostly(valid: list, invalid: list) -> st.SearchStrategy:
    """Valid values about nine times in ten, so that many generated files pass and get compared."""
    return st.sampled_from(valid * max(1, 9 * len(invalid) // max(len(valid), 1)) + invalid)


IDS = _mostly(["d1", "d2", "c1", "e:1", "x.y"], ["bad id", "", "-x", "d1\n", "d\x07"])
OFFSETS = _mostly(list(range(30)), [-1, 2**31, 1.0, True])
LENGTHS = _mostly([1, 2, 5], [0, -1])
TEXTS = st.sampled_from(["a", "", "x: y", "é", "a\u2028b", "\\", '"', "\ud83d\ude00"])
ENTITY_LABELS = _mostly(["PERSON", "ORG", "GPE"], ["FOO", "", ":"])
VERDICT_LABELS = _mostly(["supported", "refuted"], ["FOO", ""])
ERROR_LABELS = _mostly(["wrong_date", "wrong_location"], ["FOO", ""])
SCORES = st.one_of(st.floats(-1, 1), st.integers(-2, 2), st.sampled_from(["0.5", None, 1e300]))
FREE = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=False, allow_infinity=False),
                              TEXTS), lambda inner: st.one_of(st.lists(inner, max_size=2),
                                                              st.dictionaries(TEXTS, inner, max_size=2)), max_leaves=5)


@st.composite
def _span(draw, required: dict, optional: dict) -> dict:
    start = draw(OFFSETS)
    end = start + draw(LENGTHS) if type(start) is int else draw(OFFSETS)
    return {"start": start, "end": end, **draw(st.fixed_dictionaries(required, optional=optional))}


RECORDS = {
    "entities": _span({"label": ENTITY_LABELS}, {"entity_id": IDS, "text": TEXTS, "score": SCORES,
                                                 "subtype": st.one_of(st.none(), TEXTS)}),
    "claims": _span({}, {"claim_id": IDS, "verdict": VERDICT_LABELS, "text": TEXTS, "claimant": TEXTS,
                         "evidence": st.lists(st.fixed_dictionaries({"url": st.sampled_from(["https://a", "ftp:x"])}), max_size=1)}),
    "verdicts": st.fixed_dictionaries({"claim_id": IDS, "verdict": VERDICT_LABELS}, optional={"score": SCORES}),
    "errors": _span({}, {"error_id": IDS, "group_id": IDS, "type": ERROR_LABELS, "correction": TEXTS,
                         "confidence": _mostly(["high", "low"], ["none"]),
                         "alternatives": st.fixed_dictionaries({}, optional={"corrections": st.lists(TEXTS, max_size=2),
                                                                             "spans": st.lists(_span({}, {}), max_size=1)})}),
}
DOCUMENT = st.fixed_dictionaries({"doc_id": IDS}, optional={layer: st.lists(RECORDS[layer], max_size=4) for layer in LAYERS})
SUBMISSION = st.fixed_dictionaries(
    {"system": st.fixed_dictionaries({"name": _mostly(["s"], [""])},
                                     optional={"version": TEXTS, "url": _mostly(["https://x"], ["x"]), "details": FREE}),
     "documents": st.lists(DOCUMENT, max_size=4)})
# A change to one object of the file (numbered depth-first): none, a repeated key, or an unknown field.
CHANGES = st.tuples(st.sampled_from([None] * 4 + ["duplicate", "unknown"]), st.integers(0, 12))


def _encode(value, change: tuple[str | None, int], counter: list[int]) -> str:
    """json.dumps of value, with ``change`` applied to the object it numbers: "duplicate" repeats the
    object's first member (another value first), "unknown" adds a member no schema allows."""
    if isinstance(value, dict):
        index = counter[0]
        counter[0] += 1
        members = [f"{json.dumps(k)}:{_encode(v, change, counter)}" for k, v in value.items()]
        if index == change[1] and change[0] == "duplicate" and value:
            members.insert(0, f"{json.dumps(next(iter(value)))}:{json.dumps('other: value')}")
        if index == change[1] and change[0] == "unknown":
            members.append('"bogus":1')
        return "{" + ",".join(members) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_encode(v, change, counter) for v in value) + "]"
    return json.dumps(value)


SMALL = Limits(max_documents=3, max_spans_per_document=6)


def _full_path(path: Path, unknown_labels: str, monkeypatch, limits: Limits = SMALL) -> object:
    """load_submission with the fast path switched off: the Submission, or the HarnessError."""
    with monkeypatch.context() as patch:
        patch.setattr(fastload, "fast_submission", lambda *args: None)
        try:
            return load_submission(path, None, unknown_labels, limits)
        except HarnessError as exc:
            return exc


def _assert_same_tables(fast, full) -> None:
    a, b = submission_tables(fast), submission_tables(full)
    assert a.doc_ids == b.doc_ids
    for layer in (*LAYERS, "sentences"):
        frame_a, frame_b = getattr(a, layer), getattr(b, layer)
        assert (frame_a is None) == (frame_b is None), layer
        if frame_a is not None:
            pd.testing.assert_frame_equal(frame_a, frame_b, check_exact=True)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(SUBMISSION, CHANGES, st.sampled_from(["error", "spurious"]))
def test_fast_path_accepts_only_what_the_full_path_accepts(tmp_path, monkeypatch, data, change, unknown_labels) -> None:
    path = tmp_path / "sub.json"
    path.write_text(_encode(data, change, [0]), encoding="utf-8")
    fast = _fast(path, unknown_labels, SMALL)
    full = _full_path(path, unknown_labels, monkeypatch)
    event("fast path: " + ("not sure" if fast is None else "accepted"))
    if fast is None:
        return
    assert not isinstance(full, HarnessError), full.problems
    _assert_same_tables(fast, full)
    assert fast.system == full.system and fast.source == full.source
    assert dict(fast.documents) == full.documents  # typed records on demand, from the same bytes


@pytest.mark.parametrize("path", sorted((ROOT / "baselines" / "outputs").glob("*.json")), ids=lambda p: p.stem)
def test_fast_path_accepts_the_baselines_and_builds_their_tables(path, monkeypatch) -> None:
    fast = _fast(path)
    assert fast is not None
    _assert_same_tables(fast, _full_path(path, "error", monkeypatch, Limits()))


def test_a_repeated_key_anywhere_is_left_to_the_full_path(tmp_path) -> None:
    """The colon count: every JSON member has one ``:`` outside strings; a repeated key drops a member."""
    base = {"system": {"name": "s", "details": {"a": {"b": "x:y"}}},
            "documents": [{"doc_id": "d1", "entities": [{"start": 0, "end": 1, "label": "ORG", "text": "a:b"}]}]}
    path = tmp_path / "sub.json"
    path.write_text(json.dumps(base), encoding="utf-8")
    assert _fast(path) is not None
    objects = 6
    for index in range(objects):
        path.write_text(_encode(base, ("duplicate", index), [0]), encoding="utf-8")
        assert _fast(path) is None, index
        with pytest.raises(HarnessError, match="duplicate key"):
            load_submission(path)


def test_an_escaped_colon_is_left_to_the_full_path(tmp_path) -> None:
    path = tmp_path / "sub.json"
    path.write_text('{"system": {"name": "a\\u003ab"}, "documents": []}', encoding="utf-8")
    assert _fast(path) is None
    assert load_submission(path).system.name == "a:b"


@pytest.mark.parametrize("doc_id", ["d1\n", "d\u0007"])
def test_an_id_the_schema_pattern_refuses_is_left_to_the_full_path(tmp_path, doc_id) -> None:
    """Schema patterns match the whole string (ECMA-262's "$"), on the fast path too: Python's "$"
    alone would let a trailing line feed through."""
    path = tmp_path / "sub.json"
    path.write_text(json.dumps({"system": {"name": "s"}, "documents": [{"doc_id": doc_id}]}), encoding="utf-8")
    assert _fast(path) is None
    with pytest.raises(HarnessError, match="does not match the pattern"):
        load_submission(path)


def test_a_file_nested_too_deeply_is_left_to_the_full_path(tmp_path) -> None:
    path = tmp_path / "sub.json"
    nested = "[" * 100_000 + "]" * 100_000
    path.write_text(f'{{"system": {{"name": "s", "details": {{"a": {nested}}}}}, "documents": []}}', encoding="utf-8")
    assert _fast(path) is None
    with pytest.raises(HarnessError, match="nested too deeply"):
        load_submission(path)


def test_a_file_over_the_limits_is_left_to_the_full_path(tmp_path) -> None:
    path = tmp_path / "sub.json"
    doc = {"doc_id": "d1", "entities": [{"start": 0, "end": 1, "label": "ORG"}] * 2}
    path.write_text(json.dumps({"system": {"name": "s"}, "documents": [doc]}), encoding="utf-8")
    assert _fast(path, limits=Limits(max_spans_per_document=1)) is None
    with pytest.raises(HarnessError, match="over the limit of 1 spans"):
        load_submission(path, limits=Limits(max_spans_per_document=1))


GOLD = [json.loads(path.read_text(encoding="utf-8")) for path in sorted((ROOT / "data" / "gold").glob("*.json"))[:3]]
JSON_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-2, 2**31 + 1), st.sampled_from([1.0, 0.5, -1e300]),
                        st.sampled_from(["", "x", "PERSON", "supported", "high", "e1", "bad id", "2025-01-01"]),
                        st.just([]), st.just({}))


@st.composite
def _mutated(draw, documents: list) -> tuple[dict, str]:
    """A gold document (or dataset.json) with one to three random edits: a value replaced (often by
    one of the same JSON type), a key removed or an unknown key added, anywhere in the tree."""
    import copy

    instance = copy.deepcopy(draw(st.sampled_from(documents)))
    for _ in range(draw(st.integers(1, 3))):
        node = instance
        while True:
            children = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
            children = [(k, v) for k, v in children if isinstance(v, (dict, list)) and v]
            if not children or draw(st.integers(0, 3)) == 0:
                break
            node = draw(st.sampled_from(children))[1]
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        edit = draw(st.sampled_from(["replace", "remove", "add"]))
        if edit == "add" and isinstance(node, dict):
            node[draw(st.sampled_from(["bogus", "label", "text"]))] = draw(JSON_VALUES)
        elif keys and edit == "remove" and isinstance(node, dict):
            del node[draw(st.sampled_from(keys))]
        elif keys:
            key = draw(st.sampled_from(keys))
            same_type = {int: st.integers(0, 2**31 - 1), str: st.sampled_from(["x", "e1", "x y", "supported", "high"]),
                         type(None): st.none()}.get(type(node[key]), JSON_VALUES)
            node[key] = draw(st.one_of(same_type, JSON_VALUES) if draw(st.booleans()) else same_type)
    return instance


@settings(max_examples=300, deadline=None)
@given(_mutated(GOLD))
def test_fast_check_never_accepts_a_gold_document_jsonschema_rejects(instance) -> None:
    accepted = flatcheck.certainly_valid(instance, "gold-document")
    event(f"fast check: {'accepted' if accepted else 'not sure'}")
    if accepted:
        assert _validator("gold-document").is_valid(instance)


@settings(max_examples=100, deadline=None)
@given(_mutated([json.loads((ROOT / "data" / "dataset.json").read_text(encoding="utf-8"))]))
def test_fast_check_never_accepts_a_dataset_file_jsonschema_rejects(instance) -> None:
    if flatcheck.certainly_valid(instance, "dataset"):
        assert _validator("dataset").is_valid(instance)


def test_every_schema_an_input_is_checked_against_has_a_fast_type() -> None:
    assert all(flatcheck.schema_type(name) is not None for name in ("submission", "gold-document", "dataset"))
    assert all(flatcheck.certainly_valid(document, "gold-document") for document in GOLD)


@pytest.mark.parametrize("node", [
    {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["b"], "additionalProperties": False},
    {"type": "object", "properties": {"a": {"type": "string"}}},
    {"oneOf": [{"type": "null"}, {"type": ["string", "null"]}]},
    {"type": "array", "items": {"type": "string"}, "minItems": 1},
    {"anyOf": [{"type": "string"}]},
])
def test_schema_constructs_not_translated_exactly_give_no_fast_type(node, monkeypatch) -> None:
    """Anything the msgspec types could accept more loosely than JSON Schema leaves the schema to jsonschema."""
    schema = {"type": "object", "additionalProperties": False, "properties": {"x": {"$ref": "#/$defs/x"}},
              "$defs": {"x": node}}
    monkeypatch.setattr(flatcheck, "load_schema", lambda name: schema)
    flatcheck.schema_type.cache_clear()
    try:
        assert flatcheck.schema_type("test") is None
        assert not flatcheck.certainly_valid({"x": "y"}, "test")
    finally:
        flatcheck.schema_type.cache_clear()
