"""Document-level bootstrap confidence intervals and paired significance tests.

Both functions resample documents, not spans: a system's errors cluster within documents, so the
document is the independent unit. They work on per-document count tables (one row per document,
one column per count, e.g. EntityCounts.docs or metrics.span_doc_counts) and a statistic that maps
summed counts to a score, so a resample costs a matrix product instead of a re-match.
"""

from __future__ import annotations

import hashlib
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
        self._sums: dict[tuple[tuple[int, ...], bytes], np.ndarray] = {}

    def _multiplicities(self, n_docs: int) -> list[np.ndarray]:
        if n_docs not in self._weights:
            rng = np.random.Generator(np.random.PCG64(self.seed))
            block = max(1, _BLOCK_CELLS // max(n_docs, 1))
            blocks = []
            for lo in range(0, self.n_resamples, block):
                size = min(block, self.n_resamples - lo)
                # int32 draws are numpy's int64 ones (both take its buffered 32-bit path below 2**32), at half the memory
                draws = rng.integers(0, n_docs, size=(size, n_docs), dtype=np.int32 if n_docs < 2**31 else np.int64)
                cells = (draws + n_docs * np.arange(size)[:, None]).ravel()
                counts = np.bincount(cells, minlength=size * n_docs).reshape(size, n_docs)
                blocks.append(counts.astype(np.min_scalar_type(int(counts.max(initial=0)))))
            self._weights[n_docs] = blocks
        return self._weights[n_docs]

    def sums(self, table: np.ndarray) -> np.ndarray:
        """Summed counts (resamples x columns) of a count table (documents x columns, float)."""
        key = (table.shape, hashlib.sha256(np.ascontiguousarray(table).tobytes()).digest())
        if key not in self._sums:
            self._sums[key] = np.concatenate([weights.astype(float) @ table for weights in self._multiplicities(len(table))])
        return self._sums[key]


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
                     n_resamples: int = 1000, seed: int = 12345, confidence: float = 0.95) -> dict[str, float | int]:
    """Paired bootstrap test of delta = statistic(a) - statistic(b) over the same documents.

    Both systems are scored on the same document resamples (see bootstrap_ci). The two-sided p-value
    uses the null-centred resampled differences: p = (1 + #{|delta_b - delta| >= |delta|}) /
    (n_resamples + 1), so p = 1 when delta = 0. Also returns the percentile interval of delta_b.
    Raises ValueError unless both tables cover the same documents with the same columns.
    """
    if not doc_counts_a.index.sort_values().equals(doc_counts_b.index.sort_values()):
        raise ValueError("both systems must be scored on the same documents")
    if not doc_counts_a.columns.equals(doc_counts_b.columns):
        raise ValueError("both count tables must have the same columns")
    a, b = _table(doc_counts_a), _table(doc_counts_b)
    score_a = float(_scores(statistic, a.sum(axis=0)[None, :])[0])
    score_b = float(_scores(statistic, b.sum(axis=0)[None, :])[0])
    delta = score_a - score_b
    resamples = _resamples(n_resamples, seed)
    deltas = _scores(statistic, resamples.sums(a)) - _scores(statistic, resamples.sums(b))
    extreme = int(np.count_nonzero(np.abs(deltas - delta) >= abs(delta)))
    low, high = np.percentile(deltas, [50 * (1 - confidence), 50 * (1 + confidence)])
    return {"score_a": score_a, "score_b": score_b, "delta": delta,
            "p_value": (1 + extreme) / (n_resamples + 1), "ci_low": float(low), "ci_high": float(high),
            "n_resamples": n_resamples, "seed": seed}
