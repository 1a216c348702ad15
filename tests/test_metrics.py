"""Metrics: hand-computed values, zero division, seqeval 1.2.2 and scikit-learn agreement, properties."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from seqeval.metrics import classification_report, f1_score, precision_score, recall_score
from seqeval.scheme import IOB2
from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

from harness.matching import SCHEMES, match_entities, match_iou, spans_frame
from harness.metrics import (NO_PREDICTION, class_doc_counts, class_statistic, entity_scores, entity_statistic, prf,
                             prf_partial, span_doc_counts, span_scores, span_statistic, type_matrix, verdict_scores)

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LABELS = ("A", "B", "C")
Span = tuple[str, int, int, str]


def scores(gold: list[Span], pred: list[Span], mode: str = "default") -> dict:
    return entity_scores(match_entities(spans_frame(gold), spans_frame(pred), compat=mode))


@st.composite
def spans(draw: st.DrawFn) -> list[Span]:
    """Any spans (overlaps, nesting, duplicates) over two documents."""
    items = draw(st.lists(st.tuples(st.sampled_from(["d0", "d1"]), st.integers(0, 30), st.integers(1, 10),
                                    st.sampled_from(LABELS)), max_size=10))
    return [(d, s, s + n, label) for d, s, n, label in items]


# ---------------------------------------------------------------- prf

def test_prf_hand_values_and_zero_division() -> None:
    assert prf(3, 4, 6) == (0.75, 0.5, 0.6)
    assert prf(0, 0, 0) == (0.0, 0.0, 0.0)
    assert prf(0, 5, 0) == (0.0, 0.0, 0.0)
    assert prf(0, 3, 4) == (0.0, 0.0, 0.0)  # P + R = 0
    assert prf(2, 2, 0) == (1.0, 0.0, 0.0)
    assert all(type(x) is float for x in prf(1, 2, 3))
    assert prf_partial(2, 2, 6, 4) == prf(3, 6, 4) == (0.5, 0.75, 0.6)


def test_prf_vectorised() -> None:
    p, r, f = prf(np.array([3, 0, 2]), np.array([4, 0, 2]), np.array([6, 0, 0]))
    np.testing.assert_array_equal(p, [0.75, 0.0, 1.0])
    np.testing.assert_array_equal(r, [0.5, 0.0, 0.0])
    np.testing.assert_array_equal(f, [0.6, 0.0, 0.0])


# ---------------------------------------------------------------- entity scores

def test_entity_scores_hand_computed() -> None:
    gold = [("d", 0, 5, "A"), ("d", 10, 15, "B"), ("d", 20, 25, "A"), ("d", 30, 35, "B")]
    pred = [("d", 0, 5, "A"),     # COR everywhere
            ("d", 10, 15, "A"),   # same span, other type
            ("d", 21, 25, "A"),   # overlap, same type
            ("d", 40, 45, "B")]   # spurious; gold (30, 35) missed
    result = scores(gold, pred)
    strict = result["overall"]["strict"]
    assert strict == {"cor": 1, "inc": 2, "par": 0, "mis": 1, "spu": 1, "possible": 4, "actual": 4,
                      "precision": 0.25, "recall": 0.25, "f1": 0.25}
    assert result["overall"]["exact"] == {**strict, "cor": 2, "inc": 1, "precision": 0.5, "recall": 0.5,
                                              "f1": 0.5}
    partial = result["overall"]["partial"]
    assert (partial["cor"], partial["par"], partial["precision"], partial["recall"]) == (2, 1, 0.625, 0.625)
    ent_type = result["overall"]["ent_type"]
    assert (ent_type["cor"], ent_type["inc"], ent_type["precision"]) == (2, 1, 0.5)
    # per type (filtered): A gold {(0,5), (20,25)}, A pred {(0,5), (10,15), (21,25)}
    a = result["per_type"]["A"]["strict"]
    assert (a["cor"], a["inc"], a["mis"], a["spu"], a["precision"], a["recall"]) == (1, 1, 0, 1, 1 / 3, 0.5)
    b = result["per_type"]["B"]["strict"]
    assert (b["cor"], b["mis"], b["spu"], b["precision"], b["recall"], b["f1"]) == (0, 2, 1, 0.0, 0.0, 0.0)
    f1_a = 2 * (1 / 3 * 0.5) / (1 / 3 + 0.5)
    assert result["macro"]["strict"] == {"precision": 1 / 6, "recall": 0.25, "f1": f1_a / 2}
    assert result["types"] == ["A", "B"]
    json.dumps(result)  # plain Python values only


def test_entity_scores_empty() -> None:
    result = scores([], [])
    assert result["types"] == [] and result["per_type"] == {}
    for scheme in SCHEMES:
        assert result["overall"][scheme]["f1"] == 0.0 and result["macro"][scheme] == {
            "precision": 0.0, "recall": 0.0, "f1": 0.0}
    only_gold = scores([("d", 0, 3, "A")], [])
    assert all(only_gold["overall"][s]["recall"] == 0.0 and only_gold["overall"][s]["mis"] == 1 for s in SCHEMES)
    only_pred = scores([], [("d", 0, 3, "A")])
    assert all(only_pred["overall"][s]["precision"] == 0.0 and only_pred["overall"][s]["spu"] == 1 for s in SCHEMES)


@SETTINGS
@given(spans(), spans())
def test_statistics_equal_scores(gold: list[Span], pred: list[Span]) -> None:
    counts = match_entities(spans_frame(gold), spans_frame(pred))
    result = entity_scores(counts)
    summed = counts.docs.to_numpy().sum(axis=0)[None, :]
    wide = type_matrix(counts).to_numpy().sum(axis=0)[None, :]
    for scheme in SCHEMES:
        for measure in ("precision", "recall", "f1"):
            assert entity_statistic(scheme, measure)(summed)[0] == result["overall"][scheme][measure]
            assert entity_statistic(scheme, measure, "macro")(wide)[0] == pytest.approx(result["macro"][scheme][measure])


# ---------------------------------------------------------------- properties

@SETTINGS
@given(spans(), st.sampled_from(["default", "nervaluate"]))
def test_perfect_predictions_score_one(gold: list[Span], mode: str) -> None:
    result = scores(gold, gold, mode)
    expected = 1.0 if gold else 0.0
    for scheme in SCHEMES:
        assert [result["overall"][scheme][m] for m in ("precision", "recall", "f1")] == [expected] * 3
        assert all(result["macro"][scheme][m] == expected for m in ("precision", "recall", "f1"))


@SETTINGS
@given(spans())
def test_empty_predictions_recall_zero(gold: list[Span]) -> None:
    result = scores(gold, [])
    assert all(result["overall"][s][m] == 0.0 for s in SCHEMES for m in ("precision", "recall", "f1"))
    assert all(result["overall"][s]["mis"] == len(gold) for s in SCHEMES)


@SETTINGS
@given(spans(), spans(), st.sampled_from(LABELS), st.sampled_from(["default", "nervaluate"]))
def test_spurious_span_never_raises_precision(gold: list[Span], pred: list[Span], label: str, mode: str) -> None:
    far = max((s[2] for s in gold + pred), default=0) + 5
    before = scores(gold, pred, mode)
    after = scores(gold, pred + [("d0", far, far + 3, label)], mode)
    for scheme in SCHEMES:
        assert after["overall"][scheme]["precision"] <= before["overall"][scheme]["precision"]
        assert after["overall"][scheme]["recall"] == before["overall"][scheme]["recall"]


# ---------------------------------------------------------------- seqeval 1.2.2, strict IOB2

def iob2_spans(sentences: list[list[str]]) -> list[Span]:
    """Strict IOB2 entities: B-X followed by any I-X; a stray I-X is no entity."""
    out = []
    for i, tags in enumerate(sentences):
        for start, tag in enumerate(tags):
            if tag.startswith("B-"):
                end = start + 1
                while end < len(tags) and tags[end] == "I-" + tag[2:]:
                    end += 1
                out.append((f"s{i}", start, end, tag[2:]))
    return out


TAGS = ["O", "O", "O"] + [f"{p}-{t}" for t in LABELS for p in "BI"]
sentences = st.lists(st.lists(st.sampled_from(TAGS), min_size=1, max_size=12), min_size=1, max_size=4)


@SETTINGS
@given(sentences, st.data())
def test_strict_scheme_equals_seqeval_strict_iob2(y_true: list[list[str]], data: st.DataObject) -> None:
    y_pred = [data.draw(st.lists(st.sampled_from(TAGS), min_size=len(s), max_size=len(s))) for s in y_true]
    gold, pred = iob2_spans(y_true), iob2_spans(y_pred)
    if not gold + pred:
        return
    result = scores(gold, pred)
    kw = {"mode": "strict", "scheme": IOB2, "zero_division": 0}
    strict = result["overall"]["strict"]
    assert strict["precision"] == precision_score(y_true, y_pred, **kw)
    assert strict["recall"] == recall_score(y_true, y_pred, **kw)
    assert strict["f1"] == f1_score(y_true, y_pred, **kw)
    report = classification_report(y_true, y_pred, output_dict=True, **kw)
    assert set(result["types"]) == set(report) - {"micro avg", "macro avg", "weighted avg"}
    for label in result["types"]:
        ours, theirs = result["per_type"][label]["strict"], report[label]
        assert (ours["precision"], ours["recall"], ours["f1"], ours["possible"]) == (
            theirs["precision"], theirs["recall"], theirs["f1-score"], theirs["support"])
    macro = report["macro avg"]
    assert result["macro"]["strict"] == pytest.approx(
        {"precision": macro["precision"], "recall": macro["recall"], "f1": macro["f1-score"]}, rel=1e-12)


# ---------------------------------------------------------------- span detection

def test_span_scores_and_doc_counts() -> None:
    gold = spans_frame([("a", 0, 4, ""), ("a", 10, 14, ""), ("b", 0, 2, "")])
    pred = spans_frame([("a", 0, 3, ""), ("c", 0, 2, "")])
    matches = match_iou(gold, pred)
    counts = span_doc_counts(gold, pred, matches, doc_ids=["z"])
    assert counts.to_dict("index") == {"a": {"tp": 1, "n_pred": 1, "n_gold": 2}, "b": {"tp": 0, "n_pred": 0, "n_gold": 1},
                                       "c": {"tp": 0, "n_pred": 1, "n_gold": 0}, "z": {"tp": 0, "n_pred": 0, "n_gold": 0}}
    result = span_scores(*counts.sum().tolist())
    assert result == {"tp": 1, "fp": 1, "fn": 2, "precision": 0.5, "recall": 1 / 3, "f1": 0.4}
    assert span_statistic("recall")(counts.to_numpy().sum(axis=0)[None, :])[0] == 1 / 3
    assert span_scores(0, 0, 0) == {"tp": 0, "fp": 0, "fn": 0, "precision": 0.0, "recall": 0.0, "f1": 0.0}
    perfect = span_doc_counts(gold, gold, match_iou(gold, gold)).sum()
    assert span_scores(*perfect.tolist())["f1"] == 1.0


# ---------------------------------------------------------------- verdicts (against scikit-learn)

VERDICTS = ["supported", "refuted", "not_enough_info"]


def test_verdict_scores_hand_computed() -> None:
    result = verdict_scores(["supported", "refuted", "refuted", "supported"],
                            ["supported", "supported", "refuted", "supported"], VERDICTS)
    assert result["accuracy"] == 0.75
    assert result["per_class"]["supported"] == {"precision": 2 / 3, "recall": 1.0, "f1": 0.8, "support": 2}
    assert result["per_class"]["not_enough_info"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}
    assert result["macro"]["f1"] == pytest.approx((0.8 + 2 / 3 + 0.0) / 3)
    assert result["confusion"] == {"labels": VERDICTS, "matrix": [[2, 0, 0], [1, 1, 0], [0, 0, 0]]}
    json.dumps(result)


def test_verdict_scores_errors_and_empty() -> None:
    with pytest.raises(ValueError, match="outside"):
        verdict_scores(["maybe"], ["supported"], VERDICTS)
    missing = verdict_scores(["supported", "refuted"], ["supported", NO_PREDICTION], VERDICTS)
    assert missing["accuracy"] == 0.5 and missing["per_class"]["refuted"]["recall"] == 0.0
    assert missing["per_class"]["supported"]["precision"] == 1.0
    with pytest.raises(ValueError, match="predicted"):
        verdict_scores(["supported"], [], VERDICTS)
    empty = verdict_scores([], [], VERDICTS)
    assert empty["accuracy"] == 0.0 and empty["confusion"]["matrix"] == [[0] * 3] * 3


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(VERDICTS), st.sampled_from(VERDICTS + [NO_PREDICTION])), min_size=1,
                max_size=300))
def test_verdict_scores_equal_sklearn(pairs: list[tuple[str, str]]) -> None:
    y_true, y_pred = map(list, zip(*pairs))
    result = verdict_scores(y_true, y_pred, VERDICTS)
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=VERDICTS, zero_division=0)
    assert [result["per_class"][c]["f1"] for c in VERDICTS] == f.tolist()
    assert [result["per_class"][c]["precision"] for c in VERDICTS] == p.tolist()
    assert [result["per_class"][c]["recall"] for c in VERDICTS] == r.tolist()
    assert [result["per_class"][c]["support"] for c in VERDICTS] == s.tolist()
    mp, mr, mf, _ = precision_recall_fscore_support(y_true, y_pred, labels=VERDICTS, zero_division=0, average="macro")
    assert result["macro"] == {"precision": mp, "recall": mr, "f1": mf}
    assert result["accuracy"] == accuracy_score(y_true, y_pred)
    assert result["confusion"]["matrix"] == confusion_matrix(y_true, y_pred, labels=VERDICTS).tolist()
    perfect = verdict_scores(y_true, y_true, VERDICTS)
    assert perfect["accuracy"] == 1.0
    docs = [f"d{i % 4}" for i in range(len(y_true))]
    summed = class_doc_counts(docs, y_true, y_pred, VERDICTS).to_numpy().sum(axis=0)[None, :]
    assert class_statistic(VERDICTS, "accuracy")(summed)[0] == pytest.approx(result["accuracy"])
    assert class_statistic(VERDICTS, "macro_f1")(summed)[0] == pytest.approx(result["macro"]["f1"])


def test_cohen_kappa_matches_scikit_learn() -> None:
    import random

    from sklearn.metrics import cohen_kappa_score

    from harness.metrics import cohen_kappa

    rng = random.Random(5)
    for _ in range(50):
        n = rng.randint(1, 40)
        a = [rng.choice("ABCD") for _ in range(n)]
        b = [x if rng.random() < 0.6 else rng.choice("ABCD") for x in a]
        result = cohen_kappa(a, b)
        if len(set(a) | set(b)) == 1:
            assert result["kappa"] is None
        else:
            assert result["kappa"] == pytest.approx(cohen_kappa_score(a, b))
    assert cohen_kappa([], [])["kappa"] is None


def test_character_overlap_by_hand_and_against_character_sets() -> None:
    """Character P/R/F1: overlapping spans of one side count once; checked by hand, then against
    plain Python sets of character positions on random spans."""
    import random

    from harness.matching import spans_frame
    from harness.metrics import char_doc_counts, prf

    gold = spans_frame([("d", 0, 10, ""), ("d", 20, 30, ""), ("e", 5, 8, "")])
    pred = spans_frame([("d", 5, 15, ""), ("d", 8, 12, ""), ("d", 25, 26, ""), ("f", 0, 4, "")])
    counts = char_doc_counts(gold, pred, ("d", "e", "f", "g"))
    # d: gold {0..9, 20..29} (20), pred {5..14, 25} (11), shared {5..9, 25} (6); e: gold 3; f: pred 4
    assert counts.to_dict("index") == {"d": {"tp": 6, "n_pred": 11, "n_gold": 20}, "e": {"tp": 0, "n_pred": 0, "n_gold": 3},
                                       "f": {"tp": 0, "n_pred": 4, "n_gold": 0}, "g": {"tp": 0, "n_pred": 0, "n_gold": 0}}
    rng = random.Random(5)
    for _ in range(50):
        spans = {side: [(rng.choice("xy"), s, s + rng.randint(1, 12)) for s in (rng.randint(0, 60) for _ in range(rng.randint(0, 8)))]
                 for side in ("gold", "pred")}
        chars = {side: {(d, c) for d, s, e in spans[side] for c in range(s, e)} for side in spans}
        counts = char_doc_counts(spans_frame([(*s, "") for s in spans["gold"]]), spans_frame([(*s, "") for s in spans["pred"]]))
        totals = counts.sum()
        assert (totals["tp"], totals["n_pred"], totals["n_gold"]) == (len(chars["gold"] & chars["pred"]),
                                                                      len(chars["pred"]), len(chars["gold"]))
        assert prf(*totals) == prf(len(chars["gold"] & chars["pred"]), len(chars["pred"]), len(chars["gold"]))


@SETTINGS
@given(spans(), spans())
def test_type_matrix_places_every_per_type_count(gold: list[Span], pred: list[Span]) -> None:
    """Row = document, column block = label: each per-type count lands in its cell, every other cell is 0."""
    counts = match_entities(spans_frame(gold), spans_frame(pred))
    wide = type_matrix(counts)
    assert list(wide.index) == list(counts.docs.index) and (wide.to_numpy() >= 0).all()
    for (label, doc), row in counts.types.iterrows():
        assert wide.loc[doc, label].tolist() == row.tolist()
    assert wide.to_numpy().sum() == counts.types.to_numpy().sum()


@pytest.mark.parametrize("dtype", [str, object])
def test_doc_counts_sums_per_listed_document(dtype) -> None:
    from harness.figures import doc_counts

    frame = pd.DataFrame({"doc_id": pd.Series(["b", "a", "x", "b", "b"], dtype=dtype)})
    counts = doc_counts(frame, {"n": [True, True, True, False, True], "k": [2, 3, 4, 5, 6]}, ("c", "b", "a"))
    assert list(counts.index) == ["c", "b", "a"] and counts.index.name == "doc_id"
    assert counts["n"].tolist() == [0, 2, 1]  # "x" is not listed: no row, not counted
    assert counts["k"].tolist() == [0, 13, 3]
    assert doc_counts(frame.iloc[:0], {"n": []}, ("a",))["n"].tolist() == [0]
