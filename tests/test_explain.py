"""`harness eval --explain`: one row per gold and per predicted item, reconciled with the scores."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from harness.inputs import load_submission, submission_from_dict
from harness.matching import SCHEMES, entity_assignments, match_entities, spans_frame
from harness.resources import baseline_outputs_dir
from harness.scoring import Settings, evaluate, explain

FAST = Settings(n_resamples=20)
BASELINES = sorted(baseline_outputs_dir().glob("*.json"))
GOLD_LAYER = {"entities": "entities", "claims": "claims", "verdicts": "claims", "errors": "errors"}


@pytest.mark.parametrize("path", BASELINES, ids=[p.stem for p in BASELINES])
def test_rows_reconcile_with_the_counts_of_every_baseline(gold, path: Path) -> None:
    submission = load_submission(path, gold)
    rows = explain(gold, submission, FAST)
    results = evaluate(gold, submission, FAST)["tasks"]
    assert rows and {row["task"] for row in rows} <= set(results)
    assert {row["doc_id"] for row in rows} <= set(gold.select(FAST.split).documents)
    per = Counter((row["task"], row["doc_id"], row["side"], row["status"]) for row in rows)
    for task in {row["task"] for row in rows}:
        for doc_id, document in gold.select(FAST.split).documents.items():  # only the scored split has rows
            gold_items = len(getattr(document, GOLD_LAYER[task]))
            predicted = len(getattr(submission.documents[doc_id], task) or ()) if doc_id in submission.documents else 0
            assert per[task, doc_id, "gold", "matched"] + per[task, doc_id, "gold", "missed"] == gold_items
            assert per[task, doc_id, "predicted", "matched"] + per[task, doc_id, "predicted", "spurious"] == predicted
            assert per[task, doc_id, "gold", "matched"] == per[task, doc_id, "predicted", "matched"]
        mine = [row for row in rows if row["task"] == task]
        status = Counter((row["side"], row["status"]) for row in mine)
        figures = results[task]
        if task in ("claims", "errors"):
            group = figures["span" if task == "claims" else "mention"]
            assert (status["gold", "matched"], status["gold", "missed"], status["predicted", "spurious"]) == \
                   (group["tp"], group["fn"], group["fp"])
        if task == "errors":
            matched = [row for row in mine if row["side"] == "gold" and row["status"] == "matched"]
            assert sum(row["type_right"] for row in matched) == figures["type"]["hits"]
            assert sum(row["correction_right"] for row in matched) == figures["correction"]["hits"]
        if task == "entities":
            for scheme in SCHEMES:
                kinds = Counter(row["schemes"][scheme] for row in mine if row["side"] == "predicted")
                kinds["mis"] = sum(row["schemes"][scheme] == "mis" for row in mine if row["side"] == "gold")
                assert {k: kinds[k] for k in ("cor", "inc", "par", "mis", "spu")} == \
                       {k: figures[scheme][k] for k in ("cor", "inc", "par", "mis", "spu")}
            strict = figures["strict"]
            assert status["gold", "matched"] == strict["cor"] + strict["inc"]
        if task == "verdicts":
            right = sum(bool(row["verdict_right"]) for row in mine if row["side"] == "gold")
            assert right == round(figures["classification"]["accuracy"] * len([r for r in mine if r["side"] == "gold"]))


def test_a_hand_computed_document(gold) -> None:
    """One document, by hand: a right entity, a wrong type, a boundary error, a spurious one; an error
    found with the wrong correction; a verdict for a claim the gold does not have."""
    doc_id, document = next(iter(gold.documents.items()))
    e = document.entities
    x = document.errors[0] if document.errors else None
    entities = [{"start": e[0].start, "end": e[0].end, "label": e[0].label},
                {"start": e[1].start, "end": e[1].end, "label": "WORK_OF_ART" if e[1].label != "WORK_OF_ART" else "LAW"},
                {"start": e[2].start, "end": e[2].end - 1, "label": e[2].label}]
    doc = {"doc_id": doc_id, "entities": entities,
           "verdicts": [{"claim_id": document.claims[0].claim_id, "verdict": document.claims[0].verdict}]}
    if x is not None:
        doc["errors"] = [{"start": x.start, "end": x.end, "type": x.type, "correction": "certainly not this"}]
    rows = explain(gold, submission_from_dict({"system": {"name": "hand"}, "documents": [doc]}, "<hand>"), FAST)
    predicted = [row for row in rows if row["task"] == "entities" and row["side"] == "predicted"]
    assert [row["schemes"]["strict"] for row in predicted] == ["cor", "inc", "inc"]
    assert [row["schemes"]["exact"] for row in predicted] == ["cor", "cor", "inc"]
    assert [row["schemes"]["partial"] for row in predicted] == ["cor", "cor", "par"]
    assert [row["schemes"]["ent_type"] for row in predicted] == ["cor", "inc", "cor"]
    assert [row["label_right"] for row in predicted] == [True, False, True]
    assert predicted[2]["iou"] == pytest.approx((e[2].end - 1 - e[2].start) / (e[2].end - e[2].start))
    assert predicted[0]["text"] == e[0].text and predicted[0]["partner"]["id"] == e[0].entity_id
    missed = [row for row in rows if row["task"] == "entities" and row["status"] == "missed" and row["doc_id"] == doc_id]
    assert len(missed) == len(e) - 3 and all(row["schemes"]["strict"] == "mis" for row in missed)
    verdicts = [row for row in rows if row["task"] == "verdicts" and row["doc_id"] == doc_id]
    assert Counter(row["status"] for row in verdicts) == Counter(matched=2, missed=len(document.claims) - 1)
    if x is not None:
        found = [row for row in rows if row["task"] == "errors" and row["side"] == "predicted"]
        assert found[0]["status"] == "matched" and found[0]["type_right"] and not found[0]["correction_right"]


def test_entity_assignments_agree_with_the_counts_on_nested_spans() -> None:
    """The per-item assignment is the one the counts come from, on the loop path (nested spans) too."""
    gold = spans_frame([("d", 0, 10, "ORG"), ("d", 0, 4, "PERSON"), ("d", 12, 20, "GPE"), ("d", 30, 35, "DATE")])
    pred = spans_frame([("d", 0, 4, "ORG"), ("d", 0, 10, "ORG"), ("d", 13, 20, "GPE"), ("d", 40, 45, "DATE")])
    for compat in ("default", "nervaluate"):
        taken = entity_assignments(gold, pred, compat)
        counts = match_entities(gold, pred, compat).docs.sum()
        for scheme in SCHEMES:
            assert int((taken[scheme] < 0).sum()) == counts[scheme, "spu"]
            assert len(gold) - len(set(taken[scheme][taken[scheme] >= 0])) == counts[scheme, "mis"]
    assert entity_assignments(gold, pred)["strict"].tolist() == [1, 0, 2, -1]


def test_cli_writes_jsonl_readable_by_pandas(run_cli, tmp_path) -> None:
    out = tmp_path / "explain.jsonl"
    status, _, err = run_cli("eval", "--predictions", str(BASELINES[0]), "--bootstrap", "20", "--explain", str(out))
    assert status == 0, err
    frame = pd.read_json(out, lines=True)
    assert set(frame["status"]) <= {"matched", "missed", "spurious"}
    assert len(frame) == len(out.read_text(encoding="utf-8").splitlines())
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[0])["doc_id"]
    status, _, err = run_cli("eval", "--explain", str(out))
    assert status == 2 and "exactly one --predictions" in err
