"""The fast flat-record check never accepts what jsonschema rejects (differential, hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.flatcheck import record_check
from harness.inputs import schema_problems
from harness.inputs.checks import _validator

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-3, 2**31 + 3), st.floats(allow_nan=False, allow_infinity=False),
                    st.sampled_from(["", "PERSON", "ORG", "c1", "x y", "supported", "wrong_date", "../x"]))
KEYS = st.sampled_from(["start", "end", "label", "text", "score", "entity_id", "claim_id", "verdict", "type",
                        "correction", "group_id", "lable", "evidence"])
RECORD = st.dictionaries(KEYS, st.one_of(SCALARS, st.lists(SCALARS, max_size=2)), max_size=6)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(RECORD, max_size=5), st.sampled_from([("entities", "entity"), ("claims", "claim"),
                                                       ("verdicts", "verdict"), ("errors", "error")]))
def test_fast_acceptance_implies_schema_validity(records, layer) -> None:
    name, definition = layer
    submission = {"system": {"name": "s"}, "documents": [{"doc_id": "d1", name: records}]}
    if record_check("submission", definition).certainly_valid(records):
        assert _validator("submission").is_valid(submission), records


def test_valid_records_are_accepted_fast() -> None:
    records = [{"start": 0, "end": 5, "label": "PERSON", "score": 0.5, "text": "Putin"}] * 3
    assert record_check("submission", "entity").certainly_valid(records)


def test_float_offsets_are_not_accepted_fast_and_are_reported() -> None:
    records = [{"start": 0.0, "end": 5, "label": "PERSON"}]
    assert not record_check("submission", "entity").certainly_valid(records)
    problems = schema_problems({"system": {"name": "s"}, "documents": [{"doc_id": "d", "entities": records}]}, "submission", "f")
    assert [p.message for p in problems] == ["expected integer, got number"]


NEAR_VALID = st.fixed_dictionaries(
    {"start": st.one_of(st.integers(-1, 10), st.just(1.0), st.just(True)), "end": st.integers(0, 2**31),
     "label": st.sampled_from(["PERSON", "", "X"])},
    optional={"score": st.one_of(st.floats(-1, 1), st.just("0.5")), "text": st.sampled_from(["a", ""]),
              "entity_id": st.sampled_from(["e1", "bad id", "-x"]), "subtype": st.one_of(st.none(), st.just("river"))})


@settings(max_examples=300, deadline=None)
@given(st.lists(NEAR_VALID, min_size=1, max_size=4))
def test_fast_check_equals_jsonschema_on_flat_entities(records) -> None:
    """On flat records the fast check is exact: it accepts precisely what jsonschema accepts."""
    submission = {"system": {"name": "s"}, "documents": [{"doc_id": "d1", "entities": records}]}
    assert record_check("submission", "entity").certainly_valid(records) == _validator("submission").is_valid(submission)
