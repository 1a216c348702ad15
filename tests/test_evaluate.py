"""`harness eval`, `agree` and `compare` end to end, on the real gold and on hand-computed cases."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from harness.scoring import Settings, agree, compare, evaluate
from harness.tasks.errors import normalise_correction
from harness.inputs import submission_from_dict
from harness.model import VERDICTS, Submission
from harness.problems import HarnessError
from harness.resources import load_schema

from .conftest import ROOT

FAST = Settings(n_resamples=200, split="all")  # every document, so counts are over the whole gold


def gold_submission(gold, name: str = "gold-copy", layers=("entities", "claims", "verdicts", "errors")) -> dict:
    """The gold labels written as a submission (what a perfect system would output)."""
    documents = []
    for doc in gold.documents.values():
        entry = {"doc_id": doc.doc_id}
        if "entities" in layers:
            entry["entities"] = [{"start": e.start, "end": e.end, "label": e.label, "text": e.text} for e in doc.entities]
        if "claims" in layers:
            entry["claims"] = [{"start": c.start, "end": c.end, "verdict": c.verdict} for c in doc.claims]
        if "verdicts" in layers:
            entry["verdicts"] = [{"claim_id": c.claim_id, "verdict": c.verdict} for c in doc.claims]
        if "errors" in layers:
            entry["errors"] = [{"start": x.start, "end": x.end, "type": x.type, "correction": x.correction}
                               for x in doc.errors]
        documents.append(entry)
    return {"system": {"name": name, "version": "1"}, "documents": documents}


def as_submission(data: dict) -> Submission:
    return submission_from_dict(data, "<test>")


def test_perfect_submission_scores_one_everywhere(gold) -> None:
    results = evaluate(gold, as_submission(gold_submission(gold)), FAST)
    Draft202012Validator(load_schema("results")).validate(results)
    tasks = results["tasks"]
    for scheme in ("strict", "exact", "partial", "ent_type"):
        assert tasks["entities"][scheme]["f1"] == 1.0
    assert tasks["claims"]["span"]["f1"] == 1.0 and tasks["claims"]["sentence"]["f1"] == 1.0
    assert tasks["verdicts"]["classification"]["accuracy"] == 1.0
    assert tasks["verdicts"]["classification"]["macro_f1"] == 1.0
    assert tasks["verdicts"]["conditioned"]["f1"] == 1.0
    for group in ("mention", "typed"):
        assert tasks["errors"][group]["f1"] == 1.0
    assert tasks["errors"]["group"]["recall"] == 1.0
    assert tasks["errors"]["type"]["accuracy"] == 1.0 and tasks["errors"]["correction"]["accuracy"] == 1.0
    assert results["skipped_tasks"] == {}


def test_empty_predictions_score_recall_zero(gold) -> None:
    empty = {"system": {"name": "empty"}, "documents": [
        {"doc_id": d, "entities": [], "claims": [], "errors": []} for d in gold.documents]}
    tasks = evaluate(gold, as_submission(empty), FAST)["tasks"]
    assert tasks["entities"]["strict"]["recall"] == 0.0 and tasks["entities"]["strict"]["precision"] == 0.0
    assert tasks["claims"]["span"]["recall"] == 0.0
    assert tasks["errors"]["mention"]["recall"] == 0.0 and tasks["errors"]["group"]["recall"] == 0.0


def test_missing_documents_count_as_empty_and_skipped_tasks_are_named(gold) -> None:
    data = gold_submission(gold, layers=("entities",))
    data["documents"] = data["documents"][:1]
    results = evaluate(gold, as_submission(data), FAST)
    first = next(iter(gold.documents.values()))
    strict = results["tasks"]["entities"]["strict"]
    assert strict["precision"] == 1.0
    assert strict["cor"] == len(first.entities)
    assert strict["mis"] == sum(len(d.entities) for d in gold.documents.values()) - len(first.entities)
    assert set(results["skipped_tasks"]) == {"claims", "verdicts", "errors"}
    assert any("missing from the submission count as empty" in note for note in results["notes"])


def test_unknown_doc_id_is_an_error(gold) -> None:
    data = gold_submission(gold)
    data["documents"][0]["doc_id"] = "nope"
    with pytest.raises(HarnessError) as caught:
        evaluate(gold, as_submission(data), FAST)
    assert "unknown doc id" in str(caught.value)


def test_file_order_does_not_change_results(gold) -> None:
    data = gold_submission(gold)
    shuffled = json.loads(json.dumps(data))
    rng = random.Random(7)
    rng.shuffle(shuffled["documents"])
    for doc in shuffled["documents"]:
        for layer in ("entities", "claims", "verdicts", "errors"):
            rng.shuffle(doc[layer])
    assert evaluate(gold, as_submission(data), FAST)["tasks"] == evaluate(gold, as_submission(shuffled), FAST)["tasks"]


def test_hand_computed_entity_case(gold) -> None:
    """One document: gold spans from the data; predictions built to hit each outcome once."""
    doc = next(iter(gold.documents.values()))
    e = doc.entities
    predictions = [
        {"start": e[0].start, "end": e[0].end, "label": e[0].label},            # COR everywhere
        {"start": e[1].start, "end": e[1].end, "label": "EVENT"},               # strict INC, exact COR
        {"start": e[2].start + 1, "end": e[2].end, "label": e[2].label},        # strict INC, partial PAR, ent_type COR
    ]
    data = {"system": {"name": "hand"}, "documents": [{"doc_id": doc.doc_id, "entities": predictions}]}
    tasks = evaluate(gold, as_submission(data), Settings(tasks=("entities",), n_resamples=10, split="all"))["tasks"]
    total = sum(len(d.entities) for d in gold.documents.values())
    strict, exact, partial, ent_type = (tasks["entities"][s] for s in ("strict", "exact", "partial", "ent_type"))
    assert (strict["cor"], strict["inc"], strict["mis"], strict["spu"]) == (1, 2, total - 3, 0)
    assert (exact["cor"], exact["inc"]) == (2, 1)
    assert (partial["cor"], partial["par"]) == (2, 1)
    assert partial["precision"] == pytest.approx((2 + 0.5) / 3)
    assert (ent_type["cor"], ent_type["inc"]) == (2, 1)
    assert strict["recall"] == pytest.approx(1 / total)


def test_unknown_labels_error_or_spurious(gold, tmp_path: Path, run_cli) -> None:
    data = gold_submission(gold, layers=("entities",))
    data["documents"][0]["entities"].append({"start": 0, "end": 3, "label": "WEAPON"})
    path = tmp_path / "sub.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    status, _, err = run_cli("eval", "--predictions", str(path), "--bootstrap", "10")
    assert status == 2 and "unknown label 'WEAPON'" in err
    status, out, _ = run_cli("eval", "--predictions", str(path), "--bootstrap", "10", "--unknown-labels", "spurious", "--json")
    strict = json.loads(out)["tasks"]["entities"]["strict"]
    assert status == 0 and strict["spu"] == 1 and strict["recall"] == 1.0


def test_verdicts_match_scikit_learn(gold) -> None:
    from sklearn.metrics import accuracy_score, f1_score

    data = gold_submission(gold, layers=("verdicts",))
    rng = random.Random(3)
    verdicts = ["supported", "refuted", "not_enough_evidence", "conflicting"]
    for doc in data["documents"]:
        doc["verdicts"] = [{"claim_id": v["claim_id"], "verdict": rng.choice(verdicts)} for v in doc["verdicts"]]
        del doc["verdicts"][:1]  # one missing verdict per document counts as wrong
    figures = evaluate(gold, as_submission(data), FAST)["tasks"]["verdicts"]["classification"]
    predicted = {(d["doc_id"], v["claim_id"]): v["verdict"] for d in data["documents"] for v in d["verdicts"]}
    y_true = [c.verdict for d in gold.documents.values() for c in d.claims]
    y_pred = [predicted.get((d.doc_id, c.claim_id), "missing") for d in gold.documents.values() for c in d.claims]
    labels = sorted(set(y_true), key=verdicts.index)
    assert figures["accuracy"] == pytest.approx(accuracy_score(y_true, y_pred))
    assert figures["macro_f1"] == pytest.approx(f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0))
    assert figures["coverage"] == pytest.approx(1 - len(gold.documents) / len(y_true))


def test_corrections_are_normalised() -> None:
    assert normalise_correction("  Krasnoarmeysk. ") == normalise_correction("krasnoarmeysk")
    assert normalise_correction("Donetsk People’s Republic") == normalise_correction("Donetsk People's Republic")
    assert normalise_correction("") == ""


def test_signature(gold) -> None:
    results = evaluate(gold, as_submission(gold_submission(gold)), Settings(n_resamples=50, seed=7, iou_threshold=0.6))
    entities, claims = results["tasks"]["entities"], results["tasks"]["claims"]
    data = f"{gold.version}+{gold.sha12}"
    assert entities["signature_string"] == f"errata:{data}|task:entities|split:test|match:default|ci:boot50-doc|seed:7|unk:error|harness:0.1.0"
    assert claims["signature_string"] == f"errata:{data}|task:claims|split:test|match:iou0.6|ci:boot50-doc|seed:7|harness:0.1.0"
    assert entities["signature"]["seed"] == 7


def test_agree_with_itself_and_kappa(gold) -> None:
    sub = as_submission(gold_submission(gold))
    results = agree(sub, sub, FAST)
    assert results["tasks"]["entities"]["kappa"]["kappa"] == 1.0
    assert results["tasks"]["errors"]["mention"]["f1"] == 1.0


def test_agree_when_the_reference_lacks_a_layer_the_other_file_has(tmp_path: Path, run_cli) -> None:
    """A layer only the other file carries is skipped with the reason (it once crashed on entities);
    the layers both carry are scored as usual."""
    reference = {"system": {"name": "ref"}, "documents": [{"doc_id": "d1", "claims": [{"start": 0, "end": 5}]}]}
    other = {"system": {"name": "other"}, "documents": [{"doc_id": "d1", "claims": [{"start": 0, "end": 5}],
                                                        "entities": [{"start": 0, "end": 3, "label": "ORG"}],
                                                        "errors": [{"start": 0, "end": 2, "type": "wrong_date"}]}]}
    paths = []
    for name, data in (("ref", reference), ("other", other)):
        paths.append(tmp_path / f"{name}.json")
        paths[-1].write_text(json.dumps(data), encoding="utf-8")
    results = agree(as_submission(reference), as_submission(other), FAST)
    assert results["tasks"]["claims"]["span"]["f1"] == 1.0
    reason = "the reference has no annotations to score it against"
    assert results["skipped_tasks"] == {"entities": reason, "errors": reason,
                                        "verdicts": "the submission has no predictions for this task"}
    status, out, err = run_cli("agree", str(paths[0]), str(paths[1]), "--bootstrap", "10")
    assert (status, err) == (0, "")
    assert f"skipped entities: {reason}" in out and re.search(r"^span +1\.0000 +1\.0000 +1\.0000 ", out, re.M)
    backwards = agree(as_submission(other), as_submission(reference), FAST)["skipped_tasks"]
    assert backwards["entities"] == backwards["errors"] == "the submission has no predictions for this task"


def test_compare_identical_submissions_is_not_significant(gold) -> None:
    sub = as_submission(gold_submission(gold))
    result = compare(gold, sub, sub, FAST)
    assert set(result["tests"]) == {"entities", "claims", "verdicts", "errors"}
    assert all(t["delta"] == 0.0 and t["p_value"] == 1.0 for t in result["tests"].values())


def test_compare_detects_a_clear_difference(gold) -> None:
    good = as_submission(gold_submission(gold, "good", ("entities",)))
    bad_data = gold_submission(gold, "bad", ("entities",))
    for doc in bad_data["documents"]:
        doc["entities"] = doc["entities"][::3]
    result = compare(gold, good, as_submission(bad_data), FAST)
    assert result["tests"]["entities"]["delta"] > 0.3 and result["tests"]["entities"]["p_value"] < 0.05


def test_cli_eval_writes_json_atomically(gold, tmp_path: Path, run_cli) -> None:
    path = tmp_path / "sub.json"
    path.write_text(json.dumps(gold_submission(gold)), encoding="utf-8")
    out_file = tmp_path / "results.json"
    status, out, _ = run_cli("eval", "--predictions", str(path), "--bootstrap", "20", "--output", str(out_file))
    assert status == 0 and "signature: errata:" in out
    assert json.loads(out_file.read_text(encoding="utf-8"))["tasks"]["entities"]["strict"]["f1"] == 1.0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_cli_bad_predictions_leave_previous_output_intact(tmp_path: Path, run_cli) -> None:
    out_file = tmp_path / "results.json"
    out_file.write_text("previous", encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    status, _, err = run_cli("eval", "--predictions", str(bad), "--output", str(out_file))
    assert status == 2 and err.startswith(str(bad)) and "Traceback" not in err
    assert out_file.read_text(encoding="utf-8") == "previous"


def test_results_are_byte_identical_across_hash_seeds(gold, tmp_path: Path) -> None:
    path = tmp_path / "sub.json"
    path.write_text(json.dumps(gold_submission(gold)), encoding="utf-8")
    outputs = []
    for seed in ("0", "1"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "harness.cli", "eval", "--predictions", str(path),
                               "--bootstrap", "50", "--json"], capture_output=True, env=env, cwd=ROOT, check=True)
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]


def test_eval_without_arguments_scores_the_bundled_baselines(run_cli) -> None:
    status, out, err = run_cli("eval", "--bootstrap", "50")
    assert status == 0, err
    names = [json.loads((p).read_text(encoding="utf-8"))["system"]["name"]
             for p in sorted((ROOT / "baselines" / "outputs").glob("*.json"))]
    assert names and all(name in out for name in names)
    assert "errata:" in out


def test_public_api_at_the_package_top(gold) -> None:
    import harness

    results = harness.evaluate(gold, as_submission(gold_submission(gold)), harness.Settings(n_resamples=20))
    assert results["tasks"]["errors"]["mention"]["f1"] == 1.0
    assert callable(harness.agree) and callable(harness.compare)


def test_compat_nervaluate_from_the_cli(gold, tmp_path: Path, run_cli) -> None:
    path = tmp_path / "sub.json"
    path.write_text(json.dumps(gold_submission(gold, layers=("entities",))), encoding="utf-8")
    status, out, _ = run_cli("eval", "--predictions", str(path), "--bootstrap", "20", "--compat", "nervaluate", "--json")
    entities = json.loads(out)["tasks"]["entities"]
    assert status == 0 and entities["strict"]["f1"] == 1.0 and "|match:nervaluate|" in entities["signature_string"]


def test_compare_names_what_it_cannot_compare(gold) -> None:
    given_claims = as_submission(gold_submission(gold, "given", ("verdicts",)))
    end_to_end = as_submission(gold_submission(gold, "e2e", ("claims",)))
    result = compare(gold, given_claims, end_to_end, FAST)
    assert result["tests"] == {}
    assert "different headline metrics" in result["skipped_tasks"]["verdicts"]
    assert result["skipped_tasks"]["entities"] == "not scored for both submissions"


@pytest.mark.parametrize("option", [["--iou", "0"], ["--iou", "1.5"], ["--bootstrap", "0"], ["--confidence", "1.5"],
                                    ["--confidence", "0"]])
def test_bad_settings_are_one_line(option: list[str], run_cli) -> None:
    status, _, err = run_cli("eval", "--predictions", str(ROOT / "annotations" / "pass_a.json"), *option)
    assert status == 2 and err.startswith("harness: ") and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_signature_type_round_trips_and_compares_field_by_field() -> None:
    from harness.results import Signature
    from harness.scoring import signature

    quotes = signature("verdicts", Settings(n_resamples=50, confidence=0.8), "1.0.0+abc", prompt="verdicts-v1")
    plain = signature("verdicts", Settings(n_resamples=50, confidence=0.8), "1.0.0+abc")
    assert str(quotes) == "errata:1.0.0+abc|task:verdicts|split:test|match:iou0.5|ci:boot50-doc-c0.8|seed:12345|prompt:verdicts-v1|harness:0.1.0"
    assert Signature.parse(str(quotes)).compatible(quotes) and str(Signature.parse(str(quotes))) == str(quotes)
    assert not quotes.compatible(plain) and quotes.compatible(plain, ignore=("prompt",))
    assert not plain.compatible(signature("verdicts", Settings(n_resamples=50), "1.0.0+abc"))
    assert (quotes.confidence, signature("claims", Settings(), "d").confidence) == (0.8, 0.95)
    entities = signature("entities", Settings(), "d")
    assert entities.as_dict()["unknown_labels"] == "error" and "|unk:error|" in str(entities)
    assert Signature.parse(str(entities)).get("unknown_labels") == "error"


@pytest.mark.parametrize("level, shown", [("0.8", "80%"), ("0.975", "97.5%")])
def test_eval_prints_the_level_of_its_intervals(level: str, shown: str, run_cli) -> None:
    one = ["--predictions", str(ROOT / "annotations" / "pass_a.json")]
    for args in (one, one + one):  # one system's report, and the table of several
        status, out, err = run_cli("eval", *args, "--confidence", level, "--bootstrap", "20")
        assert status == 0, err
        assert f"{shown} CI" in out and "95%" not in out
    status, out, _ = run_cli("compare", *[str(ROOT / "annotations" / f"pass_{p}.json") for p in "ab"],
                             "--confidence", level, "--bootstrap", "20")
    assert status == 0 and f"({shown} CI)" in out and "95%" not in out


def test_compare_takes_results_files_and_gives_the_same_test(gold, tmp_path, run_cli) -> None:
    """Results files written by `harness eval --output` (url null, anchoring and all) compare exactly
    as their submissions do, on every task; the direction is labelled."""
    from harness.resources import baseline_outputs_dir

    pairs = [("entities-rules", "entities-spacy-sm"), ("claims-heuristic", "claims-tfidf-lr"),
             ("verdicts-cues", "verdicts-majority"), ("errors-checks", "errors-all-places")]
    for a, b in pairs:
        paths = [str(baseline_outputs_dir() / f"{name}.json") for name in (a, b)]
        results = []
        for name, path in zip((a, b), paths):
            out = tmp_path / f"{name}.results.json"
            assert run_cli("eval", "--predictions", path, "--bootstrap", "50", "--output", str(out))[0] == 0
            results.append(str(out))
        status, from_submissions, err = run_cli("compare", *paths, "--bootstrap", "50", "--json")
        assert status == 0, err
        status, from_results, err = run_cli("compare", *results, "--bootstrap", "50", "--json")
        assert status == 0, err
        assert json.loads(from_results)["tests"] == json.loads(from_submissions)["tests"] != {}
        status, mixed, err = run_cli("compare", results[0], paths[1], "--bootstrap", "50")
        assert status == 0 and "A - B" in mixed, err
    status, _, err = run_cli("compare", *results, "--bootstrap", "60")
    assert status == 2 and "differs from these settings'" in err


def test_system_fields_on_the_command_line(gold, tmp_path, run_cli) -> None:
    """--name/--version/--description/--url for eval, convert and compare (model answers carry none)."""
    from harness.resources import baseline_outputs_dir

    path = str(baseline_outputs_dir() / "entities-rules.json")
    fields = ["--name", "rules", "--version", "2", "--description", "hand rules", "--url", "https://example.org/r"]
    status, out, err = run_cli("eval", "--predictions", path, "--bootstrap", "20", "--json", *fields)
    assert status == 0, err
    assert json.loads(out)["system"] == {"name": "rules", "version": "2", "description": "hand rules",
                                         "url": "https://example.org/r"}
    status, _, err = run_cli("eval", "--predictions", path, "--url", "ftp://example.org")
    assert status == 2 and "system.url" in err
    answers = tmp_path / "answers.jsonl"
    answers.write_text(json.dumps({"doc_id": next(iter(gold.documents)), "prompt": "entities-v2", "entities": []}) + "\n",
                       encoding="utf-8")
    status, _, err = run_cli("convert", "--from", "quotes", str(answers), "--out", str(tmp_path / "s.json"), *fields)
    assert status == 0, err
    system = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["system"]
    assert (system["name"], system["version"], system["url"]) == ("rules", "2", "https://example.org/r")
    status, out, err = run_cli("compare", path, str(tmp_path / "s.json"), "--bootstrap", "20", "--json",
                               "--name", "A-name", "B-name")
    assert status == 0, err
    assert (json.loads(out)["a"]["name"], json.loads(out)["b"]["name"]) == ("A-name", "B-name")


def test_a_results_file_whose_counts_do_not_give_its_headline_is_refused(gold, tmp_path, run_cli) -> None:
    from harness.resources import baseline_outputs_dir

    path = str(baseline_outputs_dir() / "errors-checks.json")
    out = tmp_path / "r.json"
    assert run_cli("eval", "--predictions", path, "--bootstrap", "20", "--output", str(out))[0] == 0
    results = json.loads(out.read_text(encoding="utf-8"))
    results["tasks"]["errors"]["headline"]["per_document"]["counts"][0][0] += 1  # one more true positive
    out.write_text(json.dumps(results), encoding="utf-8")
    status, _, err = run_cli("compare", str(out), path, "--bootstrap", "20")
    assert status == 2 and "do not give its headline" in err
    results["tasks"]["errors"]["headline"]["per_document"]["doc_ids"].pop()
    results["tasks"]["errors"]["headline"]["per_document"]["counts"].pop()
    out.write_text(json.dumps(results), encoding="utf-8")
    status, _, err = run_cli("compare", str(out), path, "--bootstrap", "20")
    assert status == 2 and "do not cover the test split's documents" in err and "Traceback" not in err


def test_the_test_split_is_scored_by_default_overall_and_per_subset(gold) -> None:
    """Default settings score the test split only; dev predictions are left out; each subset's
    headline equals scoring that subset alone."""
    data = gold_submission(gold, layers=("entities",))
    for doc in data["documents"]:
        if gold.documents[doc["doc_id"]].split == "test":
            doc["entities"] = doc["entities"][: len(doc["entities"]) // 2]
    results = evaluate(gold, as_submission(data), Settings(n_resamples=50, tasks=("entities",)))
    test = gold.select("test").documents.values()
    strict = results["tasks"]["entities"]["strict"]
    assert strict["possible"] == sum(len(d.entities) for d in test)
    assert strict["cor"] == sum(len(d.entities) // 2 for d in test)
    assert results["tasks"]["entities"]["signature"]["split"] == "test"
    # the per-document counts a results file keeps for compare: one row per document of the split
    assert sorted(results["tasks"]["entities"]["headline"]["per_document"]["doc_ids"]) == sorted(gold.select("test").documents)
    subsets = results["tasks"]["entities"]["subsets"]
    assert {name: part["documents"] for name, part in subsets.items()} == {"natural": 5, "controlled": 30, "twin": 5}
    for name, part in subsets.items():
        alone = [d for d in data["documents"] if gold.documents[d["doc_id"]].subset == name]
        only = replace(gold, documents={d: doc for d, doc in gold.documents.items() if doc.subset == name})
        expected = evaluate(only, as_submission({**data, "documents": alone}), Settings(n_resamples=50, tasks=("entities",)))
        headline = expected["tasks"]["entities"]["headline"]
        assert {k: v for k, v in part.items() if k != "documents"} == {k: v for k, v in headline.items() if k != "per_document"}
    dev = evaluate(gold, as_submission(data), Settings(n_resamples=50, tasks=("entities",), split="dev"))
    assert dev["tasks"]["entities"]["strict"]["f1"] == 1.0 and set(dev["tasks"]["entities"]["subsets"]) == {"controlled"}


def _perturbed(gold, layers=("entities", "claims", "verdicts", "errors"), seed: int = 7) -> dict:
    """The gold as a submission with some items of each layer dropped, shifted or relabelled."""
    rng = random.Random(seed)
    data = gold_submission(gold, layers=layers)
    for doc in data["documents"]:
        for layer in layers:
            kept = [dict(item) for item in doc[layer] if rng.random() < 0.8]
            for item in kept:
                if "start" in item and rng.random() < 0.2:
                    item["end"] = item["end"] + 3
                if item.get("verdict") and rng.random() < 0.3:
                    item["verdict"] = rng.choice(VERDICTS)
                if "label" in item and rng.random() < 0.2:
                    item["label"] = rng.choice(["PERSON", "ORG", "GPE"])
            doc[layer] = kept
    return data


@pytest.mark.parametrize("case", ["all layers", "end to end verdicts", "a layer missing from a subset"])
def test_each_subsets_headline_is_that_of_scoring_the_subset_alone(gold, case: str) -> None:
    """Every task's headline per subset equals the headline of scoring that subset alone (or is
    absent when that scores nothing), whether it is taken from the overall per-document counts
    (all layers) or the subset is scored again (an end-to-end headline, whose counts cannot say
    whether the subset's predicted claims carry verdicts; a layer no document of a subset carries)."""
    if case == "end to end verdicts":
        data = _perturbed(gold, layers=("claims",))
    else:
        data = _perturbed(gold)
    if case == "a layer missing from a subset":
        for doc in data["documents"]:
            if gold.documents[doc["doc_id"]].subset == "twin":
                del doc["errors"]
    settings = Settings(n_resamples=50)
    results = evaluate(gold, as_submission(data), settings)["tasks"]
    assert "verdicts" in results
    for subset in ("natural", "controlled", "twin"):
        only = replace(gold, documents={d: doc for d, doc in gold.documents.items() if doc.subset == subset})
        alone = evaluate(only, as_submission({**data, "documents": [d for d in data["documents"] if d["doc_id"] in only.documents]}),
                         settings)["tasks"]
        for task, figures in results.items():
            part = figures["subsets"].get(subset)
            if task not in alone:
                assert part is None, (task, subset)
                continue
            expected = {key: value for key, value in alone[task]["headline"].items() if key != "per_document"}
            assert part == {"documents": len(only.select("test").documents), **expected}, (task, subset)
    if case == "a layer missing from a subset":
        assert set(results["errors"]["subsets"]) == {"natural", "controlled"}


def test_an_unknown_split_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown split 'train'"):
        Settings(split="train")


def test_a_subsets_macro_f1_is_over_the_classes_of_that_subset(gold) -> None:
    """Verdict macro F1 in a subset is what scoring the subset alone gives (its own classes), not the
    overall statistic on the subset's rows, which would count classes absent from it."""
    data = gold_submission(gold, layers=("verdicts",))
    for doc in data["documents"]:
        doc["verdicts"] = [{**v, "verdict": "supported"} for v in doc["verdicts"]]
    results = evaluate(gold, as_submission(data), Settings(n_resamples=50, tasks=("verdicts",)))
    twin = results["tasks"]["verdicts"]["subsets"]["twin"]
    only = replace(gold, documents={d: doc for d, doc in gold.documents.items() if doc.subset == "twin"})
    alone = evaluate(only, as_submission({**data, "documents": [d for d in data["documents"] if d["doc_id"] in only.documents]}),
                     Settings(n_resamples=50, tasks=("verdicts",)))
    assert twin["value"] == alone["tasks"]["verdicts"]["headline"]["value"]
