"""Document-level bootstrap confidence intervals and paired significance tests.

Both functions resample documents, not spans: a system's errors cluster within documents, so the
document is the independent unit. They work on per-document count tables (one row per document,
one column per count, e.g. EntityCounts.docs or metrics.span_doc_counts) and a statistic that maps
summed counts to a score, so a resample costs a matrix product instead of a re-match.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import numpy as np
import pandas as pd

Statistic = Callable[[np.ndarray], np.ndarray]
# Resamples are drawn in blocks of at most this many (resample x document) cells, to bound memory.
_BLOCK_CELLS = 1 << 22


class Resamples:
    """The document resamples of one run, drawn once per number of documents and shared by every
    interval and test of the run; summed counts are kept per count table, so each table costs one
    pass however many statistics are taken of it.

    Each resample draws n_docs document indices uniformly with replacement from
    Generator(PCG64(seed)), in blocks of at most _BLOCK_CELLS cells; its multiplicity vector
    times the count table gives the summed counts. Multiplicities are kept as small integers
    (n_resamples x n_docs bytes when no document is drawn 256 times).
    """

    def __init__(self, n_resamples: int, seed: int) -> None:
        self.n_resamples, self.seed = n_resamples, seed
        self._weights: dict[int, list[np.ndarray]] = {}
        self._sums: dict[tuple[tuple[int, ...], bytes], list[tuple[np.ndarray, np.ndarray]]] = {}

    def _multiplicities(self, n_docs: int) -> list[np.ndarray]:
        if n_docs not in self._weights:
            rng = np.random.Generator(np.random.PCG64(self.seed))
            block = max(1, _BLOCK_CELLS // max(n_docs, 1))
            blocks = []
            for lo in range(0, self.n_resamples, block):
                size = min(block, self.n_resamples - lo)
                draws = rng.integers(0, n_docs, size=(size, n_docs), dtype=np.int64)
                draws += n_docs * np.arange(size)[:, None]  # each resample's cells, counted in one bincount
                counts = np.bincount(draws.ravel(), minlength=size * n_docs).reshape(size, n_docs)
                blocks.append(counts.astype(np.min_scalar_type(int(counts.max(initial=0)))))
            self._weights[n_docs] = blocks
        return self._weights[n_docs]

    def sums(self, table: np.ndarray) -> np.ndarray:
        """Summed counts (resamples x columns) of a count table (documents x columns, float).

        Tables already summed in this run are found by their column totals and compared whole
        (cheaper than hashing every table's bytes, as a count table is taken for several figures)."""
        seen = self._sums.setdefault((table.shape, table.sum(axis=0).tobytes()), [])
        for known, summed in seen:
            if np.array_equal(known, table):
                return summed
        kind = _exact_kind(table)
        values = table.astype(kind, copy=False)
        summed = np.concatenate([weights.astype(kind) @ values for weights in self._multiplicities(len(table))])
        summed = summed.astype(float, copy=False)
        seen.append((table, summed))
        return summed


def _exact_kind(table: np.ndarray) -> type:
    """float32 when every resample's sums are exact in it, else float64 (same numbers, faster products).

    A resample's sum of a column is at most n_docs times the column's largest count (the
    multiplicities add up to n_docs); when the counts are non-negative integers and that bound
    is below 2**24, every partial sum is an integer float32 holds exactly."""
    whole = bool(((table >= 0) & (table == np.floor(table))).all())
    return np.float32 if whole and len(table) * float(table.max(initial=0)) < 2**24 else np.float64


_SHARED: ContextVar[Resamples | None] = ContextVar("shared_resamples", default=None)


@contextmanager
def shared_resamples(n_resamples: int, seed: int) -> Iterator[Resamples]:
    """Within this block, bootstrap_ci and paired_bootstrap with these settings draw their resamples
    once and reuse them (the same numbers as drawing them each time), and reuse the summed counts
    of a count table. Scoped to the block (an enclosing block with the same settings is shared),
    never to the process."""
    token = _SHARED.set(_resamples(n_resamples, seed))
    try:
        yield _SHARED.get()
    finally:
        _SHARED.reset(token)


def _resamples(n_resamples: int, seed: int) -> Resamples:
    """The enclosing shared_resamples block's resamples when they have these settings, else new ones."""
    current = _SHARED.get()
    if current is not None and (current.n_resamples, current.seed) == (n_resamples, seed):
        return current
    return Resamples(n_resamples, seed)


def _table(doc_counts: pd.DataFrame) -> np.ndarray:
    if not len(doc_counts):
        raise ValueError("the bootstrap needs at least one document")
    if not doc_counts.index.is_unique:
        raise ValueError("document index has duplicates")
    return doc_counts.sort_index().to_numpy(float)  # row order must not change the resamples


def _scores(statistic: Statistic, summed: np.ndarray) -> np.ndarray:
    scores = np.asarray(statistic(summed), float)
    if scores.shape != (len(summed),):
        raise ValueError(f"statistic returned shape {scores.shape}, expected ({len(summed)},)")
    return scores


def bootstrap_ci(doc_counts: pd.DataFrame, statistic: Statistic, n_resamples: int = 1000,
                 seed: int = 12345, confidence: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap confidence interval of statistic over documents.

    Method: documents (rows of doc_counts, taken in index order) are resampled with replacement,
    n_resamples times, with numpy.random.Generator(PCG64(seed)); each resample's counts are summed
    (multiplicity matrix x count table) and passed to statistic, which maps an array (resamples x
    columns) to one score per resample. The interval is the (1-confidence)/2 and (1+confidence)/2
    percentiles of those scores (numpy's linear interpolation). Deterministic for a given seed.
    """
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be in (0, 1), not {confidence}")
    scores = _scores(statistic, _resamples(n_resamples, seed).sums(_table(doc_counts)))
    low, high = np.percentile(scores, [50 * (1 - confidence), 50 * (1 + confidence)])
    return float(low), float(high)


def paired_bootstrap(doc_counts_a: pd.DataFrame, doc_counts_b: pd.DataFrame, statistic: Statistic,
                     n_resamples: int = 1000, seed: int = 12345, confidence: float = 0.95) -> dict[str, float | int | str]:
    """Paired bootstrap of delta = statistic(a) - statistic(b) over the same documents: its interval
    and a two-sided p-value, both read off the one set of resampled differences, so they agree.

    Both systems are scored on the same document resamples (see bootstrap_ci), giving n resampled
    differences d. With m = min(#{d <= 0}, #{d >= 0}), the p-value is p = min(1, (1 + 2m) / (n + 1)):
    twice the share of resamples on the far side of zero (with the usual +1 so that p > 0), the
    percentile-interval test. The interval is the pair of order statistics d_(j), d_(n+1-j) with
    j = ceil((alpha (n + 1) - 1) / 2), alpha = 1 - confidence (about the alpha/2 and 1 - alpha/2
    percentiles); it excludes 0 exactly when p < alpha. With too few resamples for any p < alpha
    (j < 1) the interval is the range of d widened to hold 0. Identical systems give p = 1.
    Raises ValueError unless both tables cover the same documents with the same columns.
    """
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be in (0, 1), not {confidence}")
    if not doc_counts_a.index.sort_values().equals(doc_counts_b.index.sort_values()):
        raise ValueError("both systems must be scored on the same documents")
    if not doc_counts_a.columns.equals(doc_counts_b.columns):
        raise ValueError("both count tables must have the same columns")
    a, b = _table(doc_counts_a), _table(doc_counts_b)
    score_a = float(_scores(statistic, a.sum(axis=0)[None, :])[0])
    score_b = float(_scores(statistic, b.sum(axis=0)[None, :])[0])
    resamples = _resamples(n_resamples, seed)
    deltas = np.sort(_scores(statistic, resamples.sums(a)) - _scores(statistic, resamples.sums(b)))
    far_side = min(int(np.count_nonzero(deltas <= 0)), int(np.count_nonzero(deltas >= 0)))
    j = int(np.ceil(((1 - confidence) * (n_resamples + 1) - 1) / 2))
    if j >= 1:
        low, high = float(deltas[j - 1]), float(deltas[n_resamples - j])
    else:
        low, high = min(float(deltas[0]), 0.0), max(float(deltas[-1]), 0.0)
    return {"score_a": score_a, "score_b": score_b, "delta": score_a - score_b, "direction": "A - B",
            "p_value": min(1.0, (1 + 2 * far_side) / (n_resamples + 1)), "ci_low": low, "ci_high": high,
            "n_resamples": n_resamples, "seed": seed}


def wilson_interval(hits: int, total: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of the proportion hits/total (items taken as independent).

    Beside the document bootstrap for proportions: a percentile bootstrap of 27/27 can only
    resample 100% and collapses to [1, 1], while the Wilson interval still says how far below
    100% the rate could plausibly be ([0.875, 1] at 95%). It is the interval of the score test,
    (p + z^2/2n -+ z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n), z the normal quantile of
    (1 + confidence)/2; with no items it is [0, 1].
    """
    from statistics import NormalDist

    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be in (0, 1), not {confidence}")
    if not 0 <= hits <= total:
        raise ValueError(f"hits must be in [0, total], not {hits} of {total}")
    if total == 0:
        return 0.0, 1.0
    z = NormalDist().inv_cdf((1 + confidence) / 2)
    p, n = hits / total, total
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, float(centre - half)), min(1.0, float(centre + half))
