"""Fuzzing: whatever a stranger's file holds, the loader, the validator, the converters and the
scorers either work or raise HarnessError with problem lines naming the file, nothing else.

Strategies build submissions around the real gold (known and unknown doc ids, offsets inside,
at and past the text, labels in and out of their sets, wrong types, extra fields) and then
damage the JSON text. Example counts are fixed and deadlines off, so the file runs in a few
seconds and the same way every time (``derandomize``).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from harness import model
from harness.scoring import Settings, agree, compare, evaluate
from harness.formats import convert
from harness.inputs import load_gold, load_submission, parse_json_bytes, validate_paths
from harness.problems import HarnessError, Problem

FAST = Settings(n_resamples=5)
# Time-boxed: fixed example counts, no deadline, no shrinking (a failure prints its unshrunk example).
FUZZ = settings(max_examples=60, deadline=None, derandomize=True, database=None, phases=[Phase.explicit, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-(2**40), 2**40),
                         st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8))
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)), max_leaves=8)


GOLD = load_gold()  # module-level, not a fixture: hypothesis would print it with every failing example
TEXTS = {doc_id: doc.text for doc_id, doc in GOLD.documents.items()}


CLAIM_IDS = {doc_id: [claim.claim_id for claim in doc.claims] for doc_id, doc in GOLD.documents.items()}


def offsets(length: int, hostile: bool) -> st.SearchStrategy[int]:
    inside = st.integers(0, max(length - 1, 0))
    return st.one_of(inside, st.sampled_from([-1, length, length + 1, 2**31 - 1, 2**31])) if hostile else inside


def pick(good: list, bad: list, hostile: bool) -> st.SearchStrategy:
    return st.sampled_from(good + bad if hostile else good)


@st.composite
def submissions(draw, hostile: bool = True) -> dict:
    """A submission dict around the real gold. ``hostile``: unknown doc ids, offsets outside the
    text, wrong span texts, unknown labels, duplicate ids, any JSON value in any field; without
    it, mostly what loads, so that the scorers get to run."""
    documents = []
    doc_ids = st.one_of(st.sampled_from(sorted(TEXTS)), st.just("999_unknown"), st.text(max_size=5)) if hostile else \
        st.sampled_from(sorted(TEXTS))
    for doc_id in draw(st.lists(doc_ids, max_size=3, unique=not hostile)):
        text = TEXTS.get(doc_id, "x" * 50)

        def span(extra: dict, required: dict | None = None) -> st.SearchStrategy[dict]:
            """A span record: ``required`` fields are optional too when hostile."""
            fields = st.fixed_dictionaries({}, optional={**extra, **required}) if hostile and required else \
                st.fixed_dictionaries(required or {}, optional=extra)
            return st.builds(lambda start, width, more, text_kind: {
                "start": start, "end": start + width if hostile else min(start + width, len(text)), **more,
                **({"text": text[start:start + width]} if text_kind == "exact" else
                   {"text": "not the text"} if text_kind == "wrong" else {})},
                offsets(len(text), hostile), st.integers(-2, 30) if hostile else st.integers(1, 30),
                fields, pick(["exact", "none"], ["wrong"], hostile))

        claim_ids = CLAIM_IDS.get(doc_id, [])
        layers = {
            "entities": span({"score": st.floats(-1, 2)}, {"label": pick(sorted(model.ENTITY_LABELS)[:4], ["PER", ""], hostile)}),
            "claims": span({"verdict": pick(list(model.VERDICTS), ["true"], hostile)}),
            "errors": span({"type": pick(sorted(model.ERROR_TYPES)[:3], ["typo"], hostile),
                            "correction": st.text(max_size=6), "group_id": st.sampled_from(["g1", "g2"])}),
        }
        document = {"doc_id": doc_id}
        for layer, record in layers.items():
            if draw(st.booleans()):
                document[layer] = draw(st.lists(record, max_size=4))
        if draw(st.booleans()):
            ids = draw(st.lists(pick(claim_ids[:3] or ["c1"], ["nope"], hostile), max_size=3, unique=not hostile))
            document["verdicts"] = [{"claim_id": c, "verdict": draw(pick(list(model.VERDICTS), ["maybe"], hostile))} for c in ids]
        records = [r for layer in ("entities", "claims", "errors", "verdicts") for r in document.get(layer, [])]
        if hostile and records and draw(st.integers(0, 4)) == 0:  # one field of one record gets any JSON value
            victim = draw(st.sampled_from(records))
            victim[draw(st.sampled_from([*victim, "unexpected"]))] = draw(JSON_VALUES)
        documents.append(document)
    system = {"name": draw(st.text(min_size=0 if hostile else 1, max_size=10))}
    if draw(st.booleans()):
        system["url"] = draw(pick(["https://example.org"], ["javascript:alert(1)", ""], hostile))
    return {"system": system, "documents": documents}


def damaged(raw: bytes, data) -> bytes:
    """The bytes of a JSON file, left alone, cut short, or with a few bytes replaced."""
    how = data.draw(st.sampled_from(["intact", "intact", "cut", "replace"]))
    if how == "cut":
        return raw[: data.draw(st.integers(0, len(raw)))]
    if how == "replace" and raw:
        position = data.draw(st.integers(0, len(raw) - 1))
        return raw[:position] + data.draw(st.binary(min_size=1, max_size=3)) + raw[position + 1:]
    return raw


def check_problems(error: HarnessError, file: str) -> None:
    assert error.problems and all(isinstance(p, Problem) and p.file and p.message for p in error.problems)
    assert any(p.file == file for p in error.problems), [str(p) for p in error.problems]
    assert all("\n" not in str(p) for p in error.problems)


@FUZZ
@given(st.binary(max_size=200))
def test_any_bytes_parse_or_give_one_problem(raw: bytes) -> None:
    try:
        parse_json_bytes(raw, "f.json")
    except HarnessError as error:
        check_problems(error, "f.json")


@settings(FUZZ, max_examples=80)
@given(data=st.data())
def test_loader_and_validator_agree_and_never_crash(tmp_path_factory, data) -> None:
    path = tmp_path_factory.getbasetemp() / "fuzz-submission.json"
    path.write_bytes(damaged(json.dumps(data.draw(submissions()), ensure_ascii=False).encode("utf-8"), data))
    problems, checked = validate_paths([path])
    assert checked == 1 and all(p.file == str(path) for p in problems)
    try:
        load_submission(path, GOLD)
    except HarnessError as error:
        check_problems(error, str(path))
        assert problems, "the loader refused what validate accepted"
    else:
        assert not problems, [str(p) for p in problems]


@settings(FUZZ, max_examples=30)  # each example runs evaluate, compare and agree
@given(data=st.data())
def test_scorers_never_crash_on_a_loaded_submission(tmp_path_factory, data) -> None:
    path = tmp_path_factory.getbasetemp() / "fuzz-scored.json"
    path.write_text(json.dumps(data.draw(st.one_of(submissions(hostile=False), submissions()))), encoding="utf-8")
    try:
        submission = load_submission(path, GOLD)
    except HarnessError as error:
        check_problems(error, str(path))
        return
    json.dumps(evaluate(GOLD, submission, FAST), allow_nan=False)
    json.dumps(compare(GOLD, submission, submission, FAST), allow_nan=False)
    json.dumps(agree(submission, submission, FAST), allow_nan=False)


AGREE_CASES = {  # found by the test above (agree crashed on them); now the verdicts task is skipped
    "verdicts without claims": {"verdicts": [{"claim_id": "c1", "verdict": "supported"}]},
    "claims without a verdict": {"claims": [{"start": 0, "end": 9}], "verdicts": []},
}


@pytest.mark.parametrize("layers", list(AGREE_CASES.values()), ids=list(AGREE_CASES))
def test_agree_skips_verdicts_without_labelled_reference_claims(layers: dict) -> None:
    from harness.inputs import submission_from_dict

    submission = submission_from_dict({"system": {"name": "a"}, "documents": [{"doc_id": "d1", **layers}]}, "a.json")
    results = agree(submission, submission, FAST)
    json.dumps(results, allow_nan=False)
    assert "verdicts" in results["skipped_tasks"]


HF_ENTITY = st.one_of(
    st.fixed_dictionaries({"entity_group": st.sampled_from(["PERSON", "ORG", "PER"]), "start": st.integers(-1, 60),
                           "end": st.integers(-1, 60)}, optional={"score": st.floats(0, 1), "word": st.text(max_size=4)}),
    st.fixed_dictionaries({"entity": st.sampled_from(["B-PERSON", "I-PERSON", "O", "X-PER", "B-"]), "index": st.integers(0, 5),
                           "start": st.one_of(st.integers(0, 60), st.none()), "end": st.integers(0, 60)}),
    JSON_VALUES)


@settings(FUZZ, max_examples=150)
@given(data=st.data())
def test_json_converters_never_crash(tmp_path_factory, data) -> None:
    fmt = data.draw(st.sampled_from(["hf-pipeline", "label-studio", "spacy"]))
    record = st.fixed_dictionaries({}, optional={
        "doc_id": st.one_of(st.sampled_from(sorted(TEXTS)), st.text(max_size=4)),
        "text": st.one_of(st.sampled_from(sorted(TEXTS.values())), st.text(max_size=4)),
        "entities": st.lists(HF_ENTITY, max_size=3), "data": JSON_VALUES, "annotations": JSON_VALUES,
        "ents": JSON_VALUES, "predictions": JSON_VALUES})
    records = data.draw(st.lists(st.one_of(record, JSON_VALUES), min_size=1, max_size=3))
    jsonl = data.draw(st.booleans())
    text = "".join(json.dumps(r) + "\n" for r in records) if jsonl else json.dumps(records)
    path = tmp_path_factory.getbasetemp() / ("fuzz.jsonl" if jsonl else "fuzz.json")
    path.write_bytes(damaged(text.encode("utf-8"), data))
    try:
        convert(fmt, path, GOLD)
    except HarnessError as error:
        check_problems(error, str(path))


@FUZZ
@given(data=st.data())
def test_text_converters_never_crash(tmp_path_factory, data) -> None:
    fmt = data.draw(st.sampled_from(["conll", "brat"]))
    words = st.sampled_from(["Putin", "-DOCSTART-", "O", "B-PERSON", "I-ORG", "T1", "PERSON", "0", "5", "\t", " ", "#", "Kyiv"])
    lines = data.draw(st.lists(st.lists(words, max_size=5).map(" ".join), max_size=8))
    path = tmp_path_factory.getbasetemp() / ("fuzz.conll" if fmt == "conll" else "fuzz.ann")
    path.write_text("\n".join(lines).replace(" \t ", "\t"), encoding="utf-8")
    try:
        convert(fmt, path, GOLD)
    except HarnessError as error:
        check_problems(error, str(path))
