"""What every task's scorer shares: per-document count tables, figures with their bootstrap
intervals, and the headline a paired test needs.

A task (:mod:`harness.tasks`) turns reference and predicted tables into a :class:`TaskScore`
with these helpers; :mod:`harness.scoring` puts the figures into the results document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import metrics
from .stats import Statistic, bootstrap_ci, wilson_interval

if TYPE_CHECKING:
    from .settings import Settings


@dataclass(frozen=True)
class Headline:
    """What ``compare`` needs of a task: per-document counts and the statistic on them."""

    metric: str
    counts: pd.DataFrame
    statistic: Statistic

    def table(self) -> pd.DataFrame:
        """The counts with flat column names ('strict|cor' for a (scheme, kind) column), one row per document."""
        flat = ["|".join(map(str, c)) if isinstance(c, tuple) else str(c) for c in self.counts.columns]
        return self.counts.set_axis(flat, axis=1).astype(np.int64)

    def per_document(self) -> dict[str, Any]:
        """The counts as the results document keeps them (``headline.per_document``), so that a
        results file can be compared without its submission."""
        table = self.table().sort_index()
        return {"columns": list(table.columns), "doc_ids": [str(d) for d in table.index],
                "counts": table.to_numpy().tolist()}


@dataclass
class TaskScore:
    """One task's figures (the results document's groups) and its headline."""

    figures: dict[str, Any] = field(default_factory=dict)
    headline: Headline | None = None


def doc_counts(frame: pd.DataFrame, columns: dict[str, Any], doc_ids: tuple[str, ...]) -> pd.DataFrame:
    """Sum boolean/integer columns (array-likes aligned with ``frame``) per document; every
    doc of ``doc_ids`` gets a row."""
    index = pd.Index(doc_ids, name="doc_id")
    codes, names = pd.factorize(frame["doc_id"])  # each distinct id looked up once, not once per row
    row = np.append(index.get_indexer(names), -1)[codes]
    known = row >= 0  # documents outside doc_ids get no row
    return pd.DataFrame({name: np.bincount(row[known], np.asarray(values, np.int64)[known], len(index)).astype(np.int64)
                         for name, values in columns.items()}, index=index)


def ci(counts: pd.DataFrame, statistic: Statistic, settings: Settings) -> list[float]:
    """The bootstrap interval of ``statistic`` over the documents of ``counts``."""
    low, high = bootstrap_ci(counts, statistic, settings.n_resamples, settings.seed, settings.confidence)
    return [low, high]


def prf_group(counts: pd.DataFrame, settings: Settings) -> dict[str, Any]:
    """tp/fp/fn, P/R/F1 and their CIs from per-document (tp, n_pred, n_gold) counts."""
    tp, n_pred, n_gold = (int(counts[c].sum()) for c in ("tp", "n_pred", "n_gold"))
    group: dict[str, Any] = metrics.span_scores(tp, n_pred, n_gold)
    group["ci"] = {m: ci(counts[["tp", "n_pred", "n_gold"]], metrics.span_statistic(m), settings)
                   for m in metrics.MEASURES}
    return group


def iou_group(gold: pd.DataFrame, pred: pd.DataFrame, pairs: pd.DataFrame, doc_ids: tuple[str, ...],
              settings: Settings) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Span detection from IoU matches: per-document counts, and the P/R/F1 group with its threshold."""
    counts = metrics.span_doc_counts(gold, pred, pairs, doc_ids)
    group = prf_group(counts, settings)
    group["iou_threshold"] = settings.iou_threshold
    return counts, group


def ratio_group(counts: pd.DataFrame, name: str, settings: Settings) -> dict[str, Any]:
    """A proportion hits/total with its document-bootstrap CI and, beside it, its Wilson score
    interval over items, which does not collapse at 0% or 100% (accuracy on matched items, group recall)."""
    hits, total = int(counts["hits"].sum()), int(counts["total"].sum())
    value = hits / total if total else 0.0
    statistic = metrics.span_statistic("precision")  # hits / total, 0 when total is 0
    table = pd.DataFrame({"tp": counts["hits"], "n_pred": counts["total"], "n_gold": counts["total"]})
    return {name: value, "hits": hits, "total": total, "ci": {name: ci(table, statistic, settings)},
            "wilson": {name: list(wilson_interval(hits, total, settings.confidence))}}


CHARACTERS_DEFINITION = ("character overlap, micro over the corpus, as span-level hallucination detectors report it: "
                         "precision = characters inside both a gold and a predicted span / characters inside a predicted "
                         "span, recall = the same / characters inside a gold span (counts tp, fp, fn are characters)")


def characters_group(gold: pd.DataFrame, pred: pd.DataFrame, doc_ids: tuple[str, ...], settings: Settings) -> dict[str, Any]:
    """Character-overlap P/R/F1 of a span layer, a secondary metric beside the IoU matching."""
    group = prf_group(metrics.char_doc_counts(gold, pred, doc_ids), settings)
    group["definition"] = CHARACTERS_DEFINITION
    return group
