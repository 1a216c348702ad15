"""The JSON Schemas: well-formed 2020-12 schemas with ids and versions; examples pass or fail."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from harness.inputs import schema_problems
from harness.resources import load_schema, schema_dir

NAMES = sorted(path.name.removesuffix(".schema.json") for path in schema_dir().glob("*.schema.json"))


def test_all_schemas_present() -> None:
    assert {"gold-document", "submission", "results", "dataset"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_schema_is_valid_2020_12(name: str) -> None:
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].startswith("urn:errata:schema:") and schema["$id"].endswith(schema["version"])


MINIMAL_SUBMISSION = {"system": {"name": "s"}, "documents": [{"doc_id": "d1"}]}
FULL_SUBMISSION = {
    "system": {"name": "s", "version": "1", "description": "d", "url": "https://example.org", "details": {"k": 1}},
    "documents": [{"doc_id": "d1",
                   "entities": [{"start": 0, "end": 3, "label": "PERSON", "score": 0.5, "text": "abc"}],
                   "claims": [{"start": 0, "end": 3, "verdict": "refuted"}],
                   "verdicts": [{"claim_id": "c1", "verdict": "supported", "score": 1}],
                   "errors": [{"start": 0, "end": 3, "type": "wrong_date", "correction": "x",
                               "alternatives": {"corrections": ["y"]}}]}],
}


@pytest.mark.parametrize("example", [MINIMAL_SUBMISSION, FULL_SUBMISSION])
def test_valid_submissions(example: dict) -> None:
    assert schema_problems(example, "submission", "x.json") == []


@pytest.mark.parametrize(
    "mutate, words",
    [
        (lambda s: s.pop("system"), "system"),
        (lambda s: s["documents"][0].update(entities=[{"start": 0, "end": 1}]), "label"),
        (lambda s: s["documents"][0].update(entities=[{"start": 0.0, "end": 1, "label": "X"}]), "expected integer"),
        (lambda s: s["system"].update(url="javascript:alert(1)"), "does not match the pattern"),
        (lambda s: s["documents"][0].update(sentences=[]), "unknown field 'sentences'"),
        (lambda s: s["documents"][0].update(verdicts=[{"claim_id": "c1"}]), "verdict"),
    ],
)
def test_invalid_submissions(mutate, words: str) -> None:
    example = json.loads(json.dumps(FULL_SUBMISSION))
    mutate(example)
    problems = schema_problems(example, "submission", "x.json")
    assert problems and any(words in str(p) for p in problems), problems


def test_gold_documents_match_schema(gold) -> None:
    from harness.inputs import gold_files, read_json
    from harness.resources import data_dir

    for path in gold_files(data_dir()):
        assert schema_problems(read_json(path), "gold-document", str(path)) == []


def test_label_sets_come_from_the_schema() -> None:
    from harness import model

    defs = load_schema("gold-document")["$defs"]
    assert model.ENTITY_LABELS == tuple(defs["entity_label"]["enum"])
    assert len(model.ENTITY_LABELS) == 18 and "WORK_OF_ART" in model.ENTITY_LABELS
    assert set(model.VERDICTS) == {"supported", "refuted", "not_enough_evidence", "conflicting"}
    assert len(model.ERROR_TYPES) == 11


def test_each_missing_field_is_named_once() -> None:
    problems = schema_problems({"system": {}}, "submission", "x.json")
    assert sorted(str(p) for p in problems) == ["x.json: documents: required field is missing",
                                                "x.json: system.name: required field is missing"]
    problems = schema_problems({"system": {"name": "s"}, "documents": [{"doc_id": "d", "entities": [{}]}]}, "submission", "x.json")
    assert sorted(p.field for p in problems) == ["end", "label", "start"]


def test_a_gold_document_given_as_a_submission_says_so(tmp_path) -> None:
    import pytest

    from harness.inputs import load_submission
    from harness.problems import HarnessError
    from harness.resources import data_dir

    with pytest.raises(HarnessError) as caught:
        load_submission(data_dir() / "gold" / "000_2d109a9d559d9334.json")
    assert "is a gold document, not a submission" in str(caught.value)
