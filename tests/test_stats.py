"""Document bootstrap: determinism, the resampling method, paired test and its p-value."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.metrics import prf
from harness.stats import Resamples, bootstrap_ci, paired_bootstrap, shared_resamples


def recall(summed: np.ndarray) -> np.ndarray:
    """Statistic over columns (tp, n_pred, n_gold)."""
    return prf(summed[:, 0], summed[:, 1], summed[:, 2])[1]


def table(rows: list[tuple[int, int, int]], prefix: str = "doc") -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["tp", "n_pred", "n_gold"], index=[f"{prefix}{i:03d}" for i in range(len(rows))])


doc_rows = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)).map(lambda t: (t[0], t[0] + t[1], t[0] + t[1])),
                    min_size=5, max_size=40)


def test_bootstrap_method_reproduced_by_hand() -> None:
    counts = table([(1, 2, 2), (3, 3, 4), (0, 1, 2), (2, 2, 2)])
    rng = np.random.Generator(np.random.PCG64(7))
    draws = rng.integers(0, 4, size=(50, 4))
    expected = np.percentile(recall(counts.to_numpy()[draws].sum(axis=1)), [2.5, 97.5])
    assert bootstrap_ci(counts, recall, n_resamples=50, seed=7) == pytest.approx(tuple(expected), rel=1e-12)


def test_summed_counts_are_the_drawn_documents_rows_summed() -> None:
    """Each resample's summed counts are the sum of the rows of the documents it drew, exactly for
    integer counts (summed in float32 when every sum fits, in float64 past 2**24 or for negative
    counts), to rounding for fractional ones."""
    rng = np.random.default_rng(2)
    draws = np.random.Generator(np.random.PCG64(7)).integers(0, 500, size=(200, 500))
    for values, exact in ((rng.integers(0, 50, (500, 6)).astype(float), True),
                          (np.full((500, 2), 2.0**20) + rng.integers(0, 3, (500, 2)), True),
                          (rng.integers(-5, 5, (500, 3)).astype(float), True),
                          (rng.random((500, 4)) * 10, False)):
        expected = values[draws].sum(axis=1)
        summed = Resamples(200, 7).sums(values)
        assert summed.dtype == np.float64
        if exact:
            assert np.array_equal(summed, expected)
        else:
            assert summed == pytest.approx(expected, rel=1e-12)


def test_bootstrap_deterministic_and_order_free() -> None:
    rng = np.random.default_rng(0)
    counts = table([(int(t), int(t + p), int(t + g)) for t, p, g in rng.integers(0, 5, (300, 3))])
    first = bootstrap_ci(counts, recall)
    assert bootstrap_ci(counts, recall) == first
    assert bootstrap_ci(counts.sample(frac=1, random_state=1), recall) == first  # row order is irrelevant
    assert bootstrap_ci(counts, recall, seed=1) != first
    low, high = bootstrap_ci(counts, recall, confidence=0.5)
    assert first[0] < low < high < first[1]


def test_bootstrap_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="at least one"):
        bootstrap_ci(table([]), recall)
    with pytest.raises(ValueError, match="confidence"):
        bootstrap_ci(table([(1, 1, 1)]), recall, confidence=1.0)
    with pytest.raises(ValueError, match="shape"):
        bootstrap_ci(table([(1, 1, 1)]), lambda s: s)


@settings(max_examples=100, deadline=None)
@given(doc_rows)
def test_ci_contains_point_estimate(rows: list[tuple[int, int, int]]) -> None:
    counts = table(rows)
    point = recall(counts.to_numpy().sum(axis=0)[None, :].astype(float))[0]
    per_doc = counts.tp / counts.n_gold.where(counts.n_gold > 0)
    if per_doc.nunique() < 2:  # degenerate: every document scores the same
        return
    low, high = bootstrap_ci(counts, recall, n_resamples=200)
    assert low <= point <= high
    assert bootstrap_ci(counts, recall, n_resamples=200) == (low, high)


def test_paired_bootstrap_identical_systems() -> None:
    counts = table([(1, 2, 2), (3, 3, 4), (0, 1, 2)])
    result = paired_bootstrap(counts, counts, recall)
    assert result["delta"] == 0.0 and result["p_value"] == 1.0
    assert result["score_a"] == result["score_b"] == 4 / 8


def test_paired_bootstrap_p_value_by_hand() -> None:
    rng = np.random.default_rng(3)
    a = table([(int(x), 4, 4) for x in rng.integers(1, 5, 60)])
    b = table([(int(x), 4, 4) for x in rng.integers(0, 4, 60)])
    result = paired_bootstrap(a, b, recall, n_resamples=300, seed=11)
    draws = np.random.Generator(np.random.PCG64(11)).integers(0, 60, size=(300, 60))
    delta = recall(a.to_numpy().sum(axis=0)[None, :])[0] - recall(b.to_numpy().sum(axis=0)[None, :])[0]
    deltas = recall(a.to_numpy()[draws].sum(axis=1)) - recall(b.to_numpy()[draws].sum(axis=1))
    assert result["delta"] == pytest.approx(delta)
    far_side = min(np.count_nonzero(deltas <= 0), np.count_nonzero(deltas >= 0))
    assert result["p_value"] == min(1.0, (1 + 2 * far_side) / 301)
    j = int(np.ceil((0.05 * 301 - 1) / 2))  # 7: the 7th smallest and the 7th largest of 300
    assert (result["ci_low"], result["ci_high"]) == (np.sort(deltas)[j - 1], np.sort(deltas)[300 - j])
    assert result["p_value"] < 0.05 and result["ci_low"] > 0 and result["direction"] == "A - B"
    # same documents in another row order: same answer
    assert paired_bootstrap(a.iloc[::-1], b, recall, n_resamples=300, seed=11) == result


def test_paired_bootstrap_needs_same_documents() -> None:
    a = table([(1, 1, 1), (0, 1, 1)])
    with pytest.raises(ValueError, match="same documents"):
        paired_bootstrap(a, table([(1, 1, 1)]), recall)
    with pytest.raises(ValueError, match="same documents"):
        paired_bootstrap(a, table([(1, 1, 1), (0, 1, 1)], prefix="other"), recall)


@pytest.mark.parametrize("seed", range(40))
def test_the_paired_interval_excludes_zero_exactly_when_p_is_below_alpha(seed: int) -> None:
    """Close systems, few documents, several levels and resample counts: the interval and the
    p-value, read off the same resampled differences, never disagree."""
    rng = np.random.default_rng(seed)
    n_docs = int(rng.integers(3, 12))
    a = table([(int(x), 3, 3) for x in rng.integers(0, 4, n_docs)])
    b = table([(int(x), 3, 3) for x in rng.integers(0, 4, n_docs)])
    for confidence in (0.8, 0.9, 0.95, 0.99):
        for n_resamples in (5, 19, 20, 99, 200):
            result = paired_bootstrap(a, b, recall, n_resamples=n_resamples, seed=seed, confidence=confidence)
            excludes = result["ci_low"] > 0 or result["ci_high"] < 0
            assert excludes == (result["p_value"] < 1 - confidence), (confidence, n_resamples, result)
            assert result["ci_low"] <= result["ci_high"]


@pytest.mark.parametrize("hits, total", [(0, 1), (27, 27), (0, 27), (10, 14), (5, 25), (1, 2), (500, 1000)])
@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.99])
def test_wilson_interval_matches_scipy(hits: int, total: int, confidence: float) -> None:
    from scipy.stats import binomtest

    from harness.stats import wilson_interval

    reference = binomtest(hits, total).proportion_ci(confidence_level=confidence, method="wilson")
    assert wilson_interval(hits, total, confidence) == pytest.approx((reference.low, reference.high), abs=1e-12)


def test_wilson_interval_does_not_collapse_at_the_ends() -> None:
    from harness.stats import wilson_interval

    low, high = wilson_interval(27, 27)
    assert high == 1.0 and low == pytest.approx(27 / (27 + 1.959963984540054 ** 2))  # n / (n + z^2) at 100%
    assert wilson_interval(0, 27)[0] == 0.0 and wilson_interval(0, 27)[1] > 0.1
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_shared_resamples_give_the_same_numbers_and_end_with_their_block() -> None:
    """Resamples drawn once and shared (with several tables, statistics and document counts, across
    the 4M-cell block boundary) give exactly the numbers of drawing them for each interval."""
    rng = np.random.default_rng(1)
    small = table([(int(t), int(t + p), int(t + g)) for t, p, g in rng.integers(0, 5, (300, 3))])
    large = table([(int(t), int(t + p), int(t + g)) for t, p, g in rng.integers(0, 5, (30_000, 3))])
    precision = lambda s: prf(s[:, 0], s[:, 1], s[:, 2])[0]
    alone = [bootstrap_ci(t, f, 300, 3) for t in (small, large) for f in (recall, precision)]
    alone_test = paired_bootstrap(small, small.iloc[::-1], recall, 300, 3)
    with shared_resamples(300, 3) as shared:
        together = [bootstrap_ci(t, f, 300, 3) for t in (small, large) for f in (recall, precision)]
        assert paired_bootstrap(small, small.iloc[::-1], recall, 300, 3) == alone_test
        assert bootstrap_ci(small, recall, 200, 3) == bootstrap_ci(small, recall, 200, 3)  # other settings: not shared
        with shared_resamples(300, 3) as inner:
            assert inner is shared
    assert together == alone
    with shared_resamples(300, 3) as later:
        assert later is not shared  # the block's resamples ended with it
