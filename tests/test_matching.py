"""Entity and IoU matching: hand-computed cases, nervaluate 1.2.1 differential tests, properties."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nervaluate import Evaluator

from harness.matching import COUNT_COLUMNS, KINDS, SCHEMES, match_entities, match_iou, spans_frame

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NERVALUATE_FIELDS = {"cor": "correct", "inc": "incorrect", "par": "partial", "mis": "missed", "spu": "spurious"}
LABELS = ("A", "B", "C")

Span = tuple[str, int, int, str]


def counted(spans_gold: list[Span], spans_pred: list[Span], compat: str = "default", **kw) -> tuple[dict, dict]:
    """Overall counts {(scheme, kind): n} and per-type counts {(label, scheme, kind): n}."""
    counts = match_entities(spans_frame(spans_gold), spans_frame(spans_pred), compat=compat, **kw)
    table = counts.types.groupby(level="label").sum()
    overall = {key: int(v) for key, v in counts.docs.sum().items()}
    return overall, {(label, *key): int(table.loc[label, key]) for label in table.index for key in COUNT_COLUMNS}


def totals(spans_gold: list[Span], spans_pred: list[Span], compat: str = "default") -> dict[tuple[str, str], int]:
    return counted(spans_gold, spans_pred, compat)[0]


def row(scheme: str, **counts: int) -> dict[str, int]:
    return {kind: counts.get(kind, 0) for kind in KINDS}


def scheme_rows(result: dict[tuple[str, str], int]) -> dict[str, dict[str, int]]:
    return {s: {k: result[(s, k)] for k in KINDS} for s in SCHEMES}


def nervaluate_counts(spans_gold: list[Span], spans_pred: list[Span]) -> tuple[dict, dict]:
    """nervaluate 1.2.1 on the spans in the given order, inclusive ends, tags = all labels."""
    docs = sorted({s[0] for s in spans_gold + spans_pred})
    as_dicts = lambda spans, d: [{"label": l, "start": s, "end": e - 1} for doc, s, e, l in spans if doc == d]
    # loader="dict" is what loader="default" infers for list-of-list-of-dict input; "default" itself
    # crashes with IndexError when the first gold document is empty.
    result = Evaluator([as_dicts(spans_gold, d) for d in docs], [as_dicts(spans_pred, d) for d in docs],
                       tags=sorted({s[3] for s in spans_gold + spans_pred}), loader="dict").evaluate()
    overall = {(s, k): getattr(result["overall"][s], f) for s in SCHEMES for k, f in NERVALUATE_FIELDS.items()}
    types = {(t, s, k): getattr(result["entities"][t][s], f)
             for t in result["entities"] for s in SCHEMES for k, f in NERVALUATE_FIELDS.items()}
    return overall, types


# ---------------------------------------------------------------- strategies

@st.composite
def flat_spans(draw: st.DrawFn, max_docs: int = 3, max_spans: int = 12, max_len: int = 8) -> list[Span]:
    """Spans that do not overlap within a document, in canonical order."""
    spans = []
    for d in range(draw(st.integers(1, max_docs))):
        pos = 0
        for gap, length, label in draw(st.lists(st.tuples(st.integers(0, 3), st.integers(1, max_len),
                                                          st.sampled_from(LABELS)), max_size=max_spans)):
            pos += gap
            spans.append((f"d{d}", pos, pos + length, label))
            pos += length
    return spans


@st.composite
def messy_spans(draw: st.DrawFn) -> list[Span]:
    """Overlapping, nested and duplicate spans in any order, some long enough for nervaluate's 1% rule."""
    length = st.one_of(st.integers(1, 12), st.integers(90, 400))
    spans = draw(st.lists(st.tuples(st.sampled_from(["d0", "d1"]), st.integers(0, 30), length,
                                    st.sampled_from(LABELS)), max_size=12))
    spans = [(d, s, s + n, label) for d, s, n, label in spans]
    if spans and draw(st.booleans()):
        spans.append(draw(st.sampled_from(spans)))  # an exact duplicate
    return draw(st.permutations(spans))


# ---------------------------------------------------------------- hand-computed cases

TABLE = {  # notes.md: prediction vs gold -> strict, exact, partial, ent_type
    "same span, same type": ((0, 5, "A"), ("cor", "cor", "cor", "cor")),
    "same span, other type": ((0, 5, "B"), ("inc", "cor", "cor", "inc")),
    "overlap, same type": ((2, 8, "A"), ("inc", "inc", "par", "cor")),
    "overlap, other type": ((2, 8, "B"), ("inc", "inc", "par", "inc")),
}


@pytest.mark.parametrize("compat", ["default", "nervaluate"])
@pytest.mark.parametrize("case", list(TABLE))
def test_scheme_table(case: str, compat: str) -> None:
    (start, end, label), kinds = TABLE[case]
    result = scheme_rows(totals([("d", 0, 5, "A")], [("d", start, end, label)], compat))
    assert result == {s: row(s, **{k: 1}) for s, k in zip(SCHEMES, kinds)}


@pytest.mark.parametrize("compat", ["default", "nervaluate"])
def test_no_overlap_is_spurious_and_missed(compat: str) -> None:
    result = scheme_rows(totals([("d", 0, 5, "A")], [("d", 5, 9, "A")], compat))  # touching, half-open
    assert result == {s: row(s, spu=1, mis=1) for s in SCHEMES}


def test_empty_sides() -> None:
    gold = [("d", 0, 5, "A"), ("e", 1, 2, "B")]
    assert scheme_rows(totals(gold, [])) == {s: row(s, mis=2) for s in SCHEMES}
    assert scheme_rows(totals([], gold)) == {s: row(s, spu=2) for s in SCHEMES}
    counts = match_entities(spans_frame([]), spans_frame([]), doc_ids=["x", "y"])
    assert list(counts.docs.index) == ["x", "y"] and counts.docs.to_numpy().sum() == 0
    assert counts.types.empty and list(counts.types.columns) == list(COUNT_COLUMNS)


def test_type_swap_per_type_is_spurious_and_missed() -> None:
    types = counted([("d", 0, 5, "A")], [("d", 0, 5, "B")])[1]
    for scheme in SCHEMES:
        assert {k: types[("A", scheme, k)] for k in KINDS} == row(scheme, mis=1)
        assert {k: types[("B", scheme, k)] for k in KINDS} == row(scheme, spu=1)


def test_per_document_index_and_doc_ids() -> None:
    counts = match_entities(spans_frame([("b", 0, 3, "A")]), spans_frame([("a", 0, 3, "A")]), doc_ids=["c"])
    assert list(counts.docs.index) == ["a", "b", "c"]
    assert counts.docs.loc["a", ("strict", "spu")] == 1 and counts.docs.loc["b", ("strict", "mis")] == 1
    assert counts.docs.loc["c"].sum() == 0
    assert list(counts.types.index) == [("A", "a"), ("A", "b")]
    assert counts.docs.dtypes.unique().tolist() == [np.dtype("int64")]


def test_exact_match_wins_over_earlier_overlap() -> None:
    gold = [("d", 0, 4, "A"), ("d", 2, 6, "A")]
    result = scheme_rows(totals(gold, [("d", 2, 6, "A")], compat="nervaluate"))
    assert result["strict"] == row("strict", cor=1, mis=1)
    # Same boundaries with another label: strict takes the first overlapping gold span as INC.
    result = scheme_rows(totals(gold, [("d", 2, 6, "B")], compat="nervaluate"))
    assert result["strict"] == row("strict", inc=1, mis=1) and result["exact"] == row("exact", cor=1, mis=1)


def test_ent_type_prefers_closest_same_label() -> None:
    gold = [("d", 0, 10, "B"), ("d", 0, 3, "A"), ("d", 2, 9, "A")]
    result = scheme_rows(totals(gold, [("d", 1, 9, "A")], compat="nervaluate"))
    assert result["ent_type"] == row("ent_type", cor=1, mis=2)
    assert result["strict"] == row("strict", inc=1, mis=2)
    # The closest same-label span is (2, 9): a later prediction exactly on (0, 3) still finds its span.
    result = scheme_rows(totals(gold, [("d", 1, 9, "A"), ("d", 0, 3, "A")], compat="nervaluate"))
    assert result["ent_type"] == row("ent_type", cor=2, mis=1)


def test_nervaluate_mode_is_order_dependent_default_is_not() -> None:
    gold = [("d", 0, 4, "A"), ("d", 6, 10, "A")]
    pred = [("d", 2, 8, "A"), ("d", 0, 4, "A")]
    # File order: (2, 8) takes (0, 4) as INC, so the exact (0, 4) finds nothing left and (6, 10) is missed.
    assert scheme_rows(totals(gold, pred, compat="nervaluate"))["strict"] == row("strict", inc=1, spu=1, mis=1)
    assert scheme_rows(totals(gold, pred[::-1], compat="nervaluate"))["strict"] == row("strict", cor=1, inc=1)
    assert scheme_rows(totals(gold, pred))["strict"] == row("strict", cor=1, inc=1)
    assert totals(gold, pred) == totals(gold[::-1], pred[::-1])


def test_one_percent_rule_only_in_nervaluate_mode() -> None:
    gold = [("d", 0, 300, "A")]
    pred = [("d", 299, 302, "A")]  # 1 shared character < 1% of 300
    assert scheme_rows(totals(gold, pred, compat="nervaluate"))["partial"] == row("partial", spu=1, mis=1)
    assert scheme_rows(totals(gold, pred))["partial"] == row("partial", par=1)
    assert totals(gold, pred, compat="nervaluate") == nervaluate_counts(gold, pred)[0]


def test_invalid_spans_rejected() -> None:
    with pytest.raises(ValueError, match="non-empty"):
        match_entities(spans_frame([("d", 3, 3, "A")]), spans_frame([]))
    with pytest.raises(ValueError, match="compat"):
        match_entities(spans_frame([]), spans_frame([]), compat="lenient")  # type: ignore[arg-type]


def test_spans_frame_dtypes_and_missing_label() -> None:
    for frame in (spans_frame([]), spans_frame([("d", 1, 2, "A")])):
        assert list(frame.columns) == ["doc_id", "start", "end", "label"]
        assert frame["start"].dtype == np.int64 and frame["end"].dtype == np.int64
        assert pd.api.types.is_string_dtype(frame["doc_id"]) and pd.api.types.is_string_dtype(frame["label"])
    unlabelled = spans_frame([("d", 0, 4, "x")]).drop(columns="label")
    counts = match_entities(unlabelled, unlabelled)
    assert counts.docs[("strict", "cor")].sum() == 1 and list(counts.types.index) == [("", "d")]


# ---------------------------------------------------------------- differential against nervaluate 1.2.1

@SETTINGS
@given(flat_spans(), flat_spans())
def test_default_mode_equals_nervaluate_on_sorted_flat_data(gold: list[Span], pred: list[Span]) -> None:
    if not gold + pred:
        return
    expected = nervaluate_counts(sorted(gold), sorted(pred))
    assert counted(gold, pred) == expected
    # flat and sorted with short gold spans: nervaluate compat takes the vectorised path too
    assert counted(sorted(gold), sorted(pred), "nervaluate") == expected


@SETTINGS
@given(messy_spans(), messy_spans())
def test_nervaluate_mode_equals_nervaluate_on_messy_data(gold: list[Span], pred: list[Span]) -> None:
    if not gold + pred:
        return
    assert counted(gold, pred, "nervaluate") == nervaluate_counts(gold, pred)


@SETTINGS
@given(messy_spans(), messy_spans())
def test_default_mode_equals_nervaluate_loop_on_sorted_messy_short_spans(gold: list[Span], pred: list[Span]) -> None:
    """On overlapping data default compat = nervaluate's loop on sorted spans, minus the 1% rule."""
    gold = [s for s in gold if s[2] - s[1] <= 100]
    pred = [s for s in pred if s[2] - s[1] <= 100]
    if not gold + pred:
        return
    key = lambda s: (s[0], s[1], s[2], s[3])
    assert counted(gold, pred) == nervaluate_counts(sorted(gold, key=key), sorted(pred, key=key))


def test_nervaluate_differential_larger_flat_documents() -> None:
    """Long documents with long chains of staggered overlaps (the vectorised path's hard case)."""
    rng = random.Random(7)
    for _ in range(30):
        sides = []
        for _side in range(2):
            spans, pos = [], 0
            for _ in range(rng.randint(0, 60)):
                pos += rng.randint(0, 2)
                length = rng.randint(1, rng.choice([2, 6, 20]))
                spans.append(("d", pos, pos + length, rng.choice(LABELS)))
                pos += length
            sides.append(spans)
        gold, pred = sides
        if gold + pred:
            assert counted(gold, pred) == nervaluate_counts(gold, pred)


# ---------------------------------------------------------------- vectorised path vs reference loop, properties

@SETTINGS
@given(flat_spans(max_spans=20), flat_spans(max_spans=20), st.sampled_from(["default", "nervaluate"]))
def test_vectorised_path_equals_loop(gold: list[Span], pred: list[Span], compat: str) -> None:
    fast = match_entities(spans_frame(gold), spans_frame(pred), compat=compat)
    slow = match_entities(spans_frame(gold), spans_frame(pred), compat=compat, vectorised=False)
    pd.testing.assert_frame_equal(fast.docs, slow.docs)
    pd.testing.assert_frame_equal(fast.types, slow.types)


@SETTINGS
@given(messy_spans(), messy_spans(), st.randoms(use_true_random=False))
def test_default_mode_ignores_file_order(gold: list[Span], pred: list[Span], rnd: random.Random) -> None:
    shuffled_gold, shuffled_pred = gold[:], pred[:]
    rnd.shuffle(shuffled_gold)
    rnd.shuffle(shuffled_pred)
    a = match_entities(spans_frame(gold), spans_frame(pred))
    b = match_entities(spans_frame(shuffled_gold), spans_frame(shuffled_pred))
    pd.testing.assert_frame_equal(a.docs, b.docs)
    pd.testing.assert_frame_equal(a.types, b.types)


@SETTINGS
@given(messy_spans(), st.sampled_from(["default", "nervaluate"]))
def test_perfect_predictions_all_correct(gold: list[Span], compat: str) -> None:
    result = totals(gold, gold, compat)
    assert all(result[(s, "cor")] == len(gold) for s in SCHEMES)
    assert sum(result.values()) == len(gold) * len(SCHEMES)


# ---------------------------------------------------------------- IoU matching

def iou_pairs(gold: list[Span], pred: list[Span], threshold: float = 0.5) -> set[tuple[int, int]]:
    matches = match_iou(spans_frame(gold), spans_frame(pred), threshold)
    return set(zip(matches["gold_index"].tolist(), matches["pred_index"].tolist()))


def test_iou_threshold_equality_counts() -> None:
    gold, pred = [("d", 0, 4, "")], [("d", 0, 2, "")]  # IoU = 2/4
    matches = match_iou(spans_frame(gold), spans_frame(pred), 0.5)
    assert matches.to_dict("records") == [{"doc_id": "d", "gold_index": 0, "pred_index": 0, "iou": 0.5}]
    assert not iou_pairs(gold, pred, 0.51)
    assert iou_pairs([("d", 0, 3, "")], [("d", 0, 1, "")], 1 / 3) == {(0, 0)}  # float 1/3 >= 1/3
    for bad in (0.0, -0.1, 1.1):
        with pytest.raises(ValueError, match="threshold"):
            match_iou(spans_frame(gold), spans_frame(pred), bad)


def test_iou_optimal_not_greedy_and_row_positions() -> None:
    # Greedy by best IoU would pair g(0,10)-p(0,9) and leave g(2,11) alone; the optimum pairs both.
    gold = [("x", 0, 1, ""), ("d", 0, 10, ""), ("d", 2, 11, "")]
    pred = [("d", 0, 9, ""), ("d", 5, 10, ""), ("d", 1, 11, "")]
    matches = match_iou(spans_frame(gold), spans_frame(pred), 0.5)
    assert set(zip(matches.gold_index, matches.pred_index)) == {(1, 0), (2, 2)}
    assert matches.iou.sum() == pytest.approx(0.9 + 0.9)
    assert list(matches.doc_id) == ["d", "d"]


def test_iou_labels_do_not_matter_and_documents_are_separate() -> None:
    assert iou_pairs([("d", 0, 4, "a")], [("d", 0, 4, "b")]) == {(0, 0)}
    assert not iou_pairs([("d", 0, 4, "")], [("e", 0, 4, "")])
    assert match_iou(spans_frame([]), spans_frame([("d", 0, 4, "")])).empty


@st.composite
def iou_spans(draw: st.DrawFn) -> list[Span]:
    spans = draw(st.lists(st.tuples(st.sampled_from(["d0", "d1"]), st.integers(0, 20), st.integers(1, 10)),
                          max_size=5, unique=True))
    return [(d, s, s + n, "") for d, s, n in spans]


def brute_force_best(gold: list[Span], pred: list[Span], threshold: float) -> float:
    """Best total IoU over all one-to-one assignments of qualifying pairs, by exhaustive search."""
    def iou(g: Span, p: Span) -> float:
        if g[0] != p[0]:
            return 0.0
        inter = max(0, min(g[2], p[2]) - max(g[1], p[1]))
        return inter / (max(g[2], p[2]) - min(g[1], p[1]))

    few, many = sorted([gold, pred], key=len)
    return max((sum(v for a, b in zip(few, perm) if (v := iou(a, many[b])) >= threshold)
                for perm in itertools.permutations(range(len(many)), len(few))), default=0.0)


@settings(max_examples=100, deadline=None)
@given(iou_spans(), iou_spans(), st.sampled_from([0.3, 0.5, 0.75, 1.0]), st.randoms(use_true_random=False))
def test_iou_properties(gold: list[Span], pred: list[Span], threshold: float, rnd: random.Random) -> None:
    matches = match_iou(spans_frame(gold), spans_frame(pred), threshold)
    assert matches.gold_index.is_unique and matches.pred_index.is_unique
    assert (matches.iou >= threshold).all()
    assert matches.iou.sum() == pytest.approx(brute_force_best(gold, pred, threshold))
    # file order does not matter (spans are unique): compare as (gold span, pred span) pairs
    order_g, order_p = list(range(len(gold))), list(range(len(pred)))
    rnd.shuffle(order_g)
    rnd.shuffle(order_p)
    shuffled = match_iou(spans_frame([gold[i] for i in order_g]), spans_frame([pred[i] for i in order_p]), threshold)
    as_spans = lambda m, g, p: {(g[a], p[b]) for a, b in zip(m.gold_index, m.pred_index)}
    assert as_spans(shuffled, [gold[i] for i in order_g], [pred[i] for i in order_p]) == as_spans(matches, gold, pred)
    # perfect predictions match everything with IoU 1
    perfect = match_iou(spans_frame(gold), spans_frame(gold), threshold)
    assert len(perfect) == len(gold) and (perfect.iou == 1.0).all()


SMALL_SPANS = st.lists(st.tuples(st.sampled_from(["d1", "d2", "d3"]), st.sampled_from([0, 1, 2, 3, 2**31 - 9]), st.integers(1, 3),
                                 st.sampled_from(["PERSON", "ORG"])), max_size=12)


@settings(max_examples=200, deadline=None)
@given(SMALL_SPANS, SMALL_SPANS)
def test_same_span_pairs_equal_drop_duplicates_and_merge(a_rows, b_rows) -> None:
    """The integer-code pairing equals pandas' drop_duplicates + inner merge (rows and their order)."""
    from harness.matching import same_span_pairs

    a, b = (spans_frame([(d, s, s + n, label) for d, s, n, label in rows]) for rows in (a_rows, b_rows))
    keys = ["doc_id", "start", "end"]
    expected = (a.reset_index(names="row_a").drop_duplicates(keys)
                .merge(b.reset_index(names="row_b").drop_duplicates(keys), on=keys))
    rows_a, rows_b = same_span_pairs(a, b)
    assert rows_a.tolist() == expected["row_a"].tolist() and rows_b.tolist() == expected["row_b"].tolist()
