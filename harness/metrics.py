"""Scores from match counts: precision/recall/F1 with explicit zero-division rules.

Every public function returns plain dicts of Python ints and floats (JSON-serialisable). The
zero-division rule is the one nervaluate, seqeval and scikit-learn (zero_division=0) share:
precision is 0.0 when nothing was predicted, recall 0.0 when nothing was to be found, and F1 is
0.0 when precision + recall is 0.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .matching import COUNT_COLUMNS, KINDS, SCHEMES, EntityCounts

MEASURES = ("precision", "recall", "f1")
# Schemes where a PAR counts half (nervaluate's partial_or_type formula); ent_type never yields PAR.
_PARTIAL_CREDIT = ("partial", "ent_type")


def prf(tp: Any, n_pred: Any, n_gold: Any) -> tuple[Any, Any, Any]:
    """(precision, recall, F1) = (tp/n_pred, tp/n_gold, 2PR/(P+R)), 0.0 where a denominator is 0.

    Works elementwise on numpy arrays (for the bootstrap); scalars in give Python floats out.
    tp may be fractional (partial credit). F1 is computed from P and R as nervaluate and seqeval do.
    """
    tp, n_pred, n_gold = np.broadcast_arrays(*(np.asarray(x, float) for x in (tp, n_pred, n_gold)))
    precision = np.divide(tp, n_pred, out=np.zeros(tp.shape), where=n_pred > 0)
    recall = np.divide(tp, n_gold, out=np.zeros(tp.shape), where=n_gold > 0)
    total = precision + recall
    f1 = np.divide(2 * (precision * recall), total, out=np.zeros(tp.shape), where=total > 0)
    if tp.ndim == 0:
        return float(precision), float(recall), float(f1)
    return precision, recall, f1


def prf_partial(cor: Any, par: Any, actual: Any, possible: Any) -> tuple[Any, Any, Any]:
    """nervaluate's partial-credit variant: P = (COR + 0.5 PAR)/ACT, R = (COR + 0.5 PAR)/POS."""
    return prf(np.asarray(cor, float) + 0.5 * np.asarray(par, float), actual, possible)


def _scheme_prf(counts: np.ndarray, scheme: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """P/R/F1 of one scheme from arrays whose last axis is KINDS (cor, inc, par, mis, spu)."""
    cor, inc, par, mis, spu = np.moveaxis(np.asarray(counts, float), -1, 0)
    actual, possible = cor + inc + par + spu, cor + inc + par + mis
    if scheme in _PARTIAL_CREDIT:
        return prf_partial(cor, par, actual, possible)
    return prf(cor, actual, possible)


def _scheme_row(counts: np.ndarray, scheme: str) -> dict[str, int | float]:
    cor, inc, par, mis, spu = (int(x) for x in counts)
    precision, recall, f1 = (float(x) for x in _scheme_prf(counts, scheme))
    return {"cor": cor, "inc": inc, "par": par, "mis": mis, "spu": spu,
            "possible": cor + inc + par + mis, "actual": cor + inc + par + spu,
            "precision": precision, "recall": recall, "f1": f1}


def entity_scores(counts: EntityCounts) -> dict[str, Any]:
    """Micro scores per scheme, per-type scores (nervaluate's filtered tables) and macro averages.

    Returns {"overall": {scheme: row}, "per_type": {label: {scheme: row}}, "macro": {scheme:
    {precision, recall, f1}}, "types": [labels]}, a row holding cor, inc, par, mis, spu, possible,
    actual, precision, recall, f1. Macro = unweighted mean over types of the per-type precision,
    recall and F1 (F1 computed per type first, as seqeval does); the types are the union of gold and
    predicted labels; with no type at all the macro scores are 0.0.
    """
    total = counts.docs.sum().to_numpy().reshape(len(SCHEMES), len(KINDS))
    by_type = counts.types.groupby(level="label").sum()
    types = [str(label) for label in by_type.index]
    per_type = by_type.to_numpy().reshape(len(types), len(SCHEMES), len(KINDS))
    macro = {}
    for s, scheme in enumerate(SCHEMES):
        scores = _scheme_prf(per_type[:, s, :], scheme)
        macro[scheme] = {m: float(v.mean()) if len(types) else 0.0 for m, v in zip(MEASURES, scores)}
    return {
        "overall": {scheme: _scheme_row(total[s], scheme) for s, scheme in enumerate(SCHEMES)},
        "per_type": {t: {scheme: _scheme_row(per_type[i, s], scheme) for s, scheme in enumerate(SCHEMES)}
                     for i, t in enumerate(types)},
        "macro": macro,
        "types": types,
    }


def type_matrix(counts: EntityCounts) -> pd.DataFrame:
    """Per-type counts as one row per document (columns label x scheme x kind), for macro bootstraps."""
    labels = counts.types.index.get_level_values("label")
    kinds = labels.unique().sort_values()
    columns = pd.MultiIndex.from_tuples([(t, *c) for t in kinds for c in COUNT_COLUMNS],
                                        names=["label", "scheme", "kind"])
    wide = np.zeros((len(counts.docs), len(kinds), len(COUNT_COLUMNS)), np.int64)
    row = counts.docs.index.get_indexer(counts.types.index.get_level_values("doc_id"))
    known = row >= 0
    wide[row[known], kinds.get_indexer(labels)[known]] = counts.types.to_numpy(np.int64)[known]
    return pd.DataFrame(wide.reshape(len(counts.docs), len(columns)), index=counts.docs.index, columns=columns)


def entity_statistic(scheme: str, measure: str = "f1",
                     average: str = "micro") -> Callable[[np.ndarray], np.ndarray]:
    """A bootstrap statistic: summed entity counts (resamples x columns) -> one score per resample.

    average="micro" expects the columns of EntityCounts.docs (COUNT_COLUMNS); average="macro"
    expects those of :func:`type_matrix` (COUNT_COLUMNS repeated per type) and averages over the
    types that occur (on either side) in the resample, as entity_scores does over the whole data.
    """
    if scheme not in SCHEMES or measure not in MEASURES or average not in ("micro", "macro"):
        raise ValueError(f"unknown scheme/measure/average: {scheme!r}, {measure!r}, {average!r}")
    s, m = SCHEMES.index(scheme), MEASURES.index(measure)

    def statistic(summed: np.ndarray) -> np.ndarray:
        blocks = summed.reshape(len(summed), -1, len(SCHEMES), len(KINDS))[:, :, s, :]
        score = _scheme_prf(blocks, scheme)[m]
        if average == "micro":
            if score.shape[1] != 1:
                raise ValueError("micro statistic expects the columns of EntityCounts.docs")
            return score[:, 0]
        present = blocks.sum(axis=2) > 0
        n_present = present.sum(axis=1)
        return np.divide((score * present).sum(axis=1), n_present, out=np.zeros(len(summed)), where=n_present > 0)

    return statistic


def span_doc_counts(gold: pd.DataFrame, pred: pd.DataFrame, matches: pd.DataFrame,
                    doc_ids: Sequence[str] = ()) -> pd.DataFrame:
    """tp, n_pred, n_gold per document (index doc_id) from match_iou's pairs, for span detection."""
    frames = {"tp": matches["doc_id"], "n_pred": pred["doc_id"], "n_gold": gold["doc_id"]}
    counts = pd.DataFrame({k: v.astype(str).value_counts() for k, v in frames.items()})
    index = counts.index.union(pd.Index(list(doc_ids), dtype=str)).sort_values()
    out = counts.reindex(index, fill_value=0).fillna(0).astype(np.int64)
    out.index.name = "doc_id"
    return out[list(frames)]


def _merged(starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The union of half-open spans as disjoint sorted spans."""
    order = np.argsort(starts, kind="stable")
    starts, ends = starts[order], ends[order]
    reach = np.maximum.accumulate(ends) if len(ends) else ends
    new = np.ones(len(starts), bool)
    new[1:] = starts[1:] > reach[:-1]
    groups = np.cumsum(new) - 1
    merged_ends = np.zeros(int(new.sum()), np.int64)
    np.maximum.at(merged_ends, groups, ends)
    return starts[new], merged_ends


def _shared(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> int:
    """Characters covered by both of two sets of disjoint sorted spans."""
    (a_start, a_end), (b_start, b_end) = a, b
    total, i, j = 0, 0, 0
    while i < len(a_start) and j < len(b_start):
        total += max(0, min(a_end[i], b_end[j]) - max(a_start[i], b_start[j]))
        if a_end[i] < b_end[j]:
            i += 1
        else:
            j += 1
    return int(total)


def char_doc_counts(gold: pd.DataFrame, pred: pd.DataFrame, doc_ids: Sequence[str] = ()) -> pd.DataFrame:
    """Character overlap per document (index doc_id) in the columns of :func:`span_doc_counts`:
    tp = characters inside both a gold and a predicted span, n_pred = characters inside a
    predicted span, n_gold = characters inside a gold span (overlapping spans of one side counted
    once), so that :func:`span_statistic` gives character-level P/R/F1, micro over the corpus."""
    docs = sorted(set(gold["doc_id"]) | set(pred["doc_id"]) | set(doc_ids))
    by_doc = {name: {d: (f["start"].to_numpy(np.int64), f["end"].to_numpy(np.int64)) for d, f in frame.groupby("doc_id")}
              for name, frame in (("gold", gold), ("pred", pred))}
    empty = (np.zeros(0, np.int64), np.zeros(0, np.int64))
    rows = []
    for doc in docs:
        g, p = _merged(*by_doc["gold"].get(doc, empty)), _merged(*by_doc["pred"].get(doc, empty))
        rows.append((_shared(g, p), int((p[1] - p[0]).sum()), int((g[1] - g[0]).sum())))
    out = pd.DataFrame(rows, columns=["tp", "n_pred", "n_gold"], index=pd.Index(docs, name="doc_id"), dtype=np.int64)
    return out


def span_scores(tp: int, n_pred: int, n_gold: int) -> dict[str, int | float]:
    """Span detection scores: tp, fp = n_pred - tp, fn = n_gold - tp, precision, recall, f1."""
    precision, recall, f1 = prf(tp, n_pred, n_gold)
    return {"tp": int(tp), "fp": int(n_pred - tp), "fn": int(n_gold - tp),
            "precision": precision, "recall": recall, "f1": f1}


def span_statistic(measure: str = "f1") -> Callable[[np.ndarray], np.ndarray]:
    """A bootstrap statistic over the columns of :func:`span_doc_counts` (tp, n_pred, n_gold)."""
    m = MEASURES.index(measure)
    return lambda summed: prf(summed[:, 0], summed[:, 1], summed[:, 2])[m]


NO_PREDICTION = "<no prediction>"  # stands in for a missing predicted class; always counts as wrong


def verdict_scores(y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    """Accuracy, macro P/R/F1, per-class P/R/F1/support and confusion matrix.

    labels is the fixed class list: it sets the order of the per-class table and of the confusion
    matrix (rows gold, columns predicted), and macro averages run over all of it, a class absent from
    both sides scoring 0 (zero_division=0). A gold value outside labels raises ValueError; a predicted
    one (e.g. NO_PREDICTION) counts as wrong: it lowers accuracy and its gold class's recall, and has
    no column in the confusion matrix. Empty input gives zeros. The arithmetic is scikit-learn's
    (precision_recall_fscore_support, F1 = 2 tp / (n_gold + n_pred)), in numpy, so that scoring does
    not import scikit-learn; a test checks every number equal to it.
    """
    labels = list(labels)
    if len(y_true) != len(y_pred):
        raise ValueError(f"{len(y_true)} gold but {len(y_pred)} predicted verdicts")
    unknown = sorted(set(y_true) - set(labels))
    if unknown:
        raise ValueError(f"gold verdicts outside the label list {labels}: {unknown}")
    if not len(y_true):
        zeros = {"precision": 0.0, "recall": 0.0, "f1": 0.0}
        return {"accuracy": 0.0, "macro": zeros, "per_class": {c: {**zeros, "support": 0} for c in labels},
                "confusion": {"labels": labels, "matrix": [[0] * len(labels) for _ in labels]}, "n": 0}
    code = {label: index for index, label in enumerate(labels)}
    true = np.array([code[v] for v in y_true], np.int64)
    pred = np.array([code.get(v, len(labels)) for v in y_pred], np.int64)  # len(labels): not a class
    confusion = np.bincount(true * (len(labels) + 1) + pred, minlength=len(labels) * (len(labels) + 1))
    confusion = confusion.reshape(len(labels), len(labels) + 1)[:, :len(labels)]
    tp, n_gold, n_pred = np.diag(confusion), np.bincount(true, minlength=len(labels)), confusion.sum(axis=0)
    precision, recall, f1 = class_prf(tp, n_pred, n_gold)
    return {
        "accuracy": float(np.mean(true == pred)),
        "macro": {m: float(np.mean(v)) for m, v in zip(MEASURES, (precision, recall, f1))},
        "per_class": {c: {"precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
                      for c, p, r, f, s in zip(labels, precision, recall, f1, n_gold)},
        "confusion": {"labels": labels, "matrix": confusion.astype(int).tolist()},
        "n": len(y_true),
    }


def class_prf(tp: np.ndarray, n_pred: np.ndarray, n_gold: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-class precision, recall and F1 from integer counts, scikit-learn's way (F1 = 2 tp /
    (n_gold + n_pred), 0 where a denominator is 0), as :func:`verdict_scores` reports them."""
    ratio = lambda a, b: np.divide(a, b, out=np.zeros(len(tp)), where=b > 0)
    return ratio(tp.astype(float), n_pred), ratio(tp.astype(float), n_gold), ratio(2.0 * tp, 1.0 * n_gold + n_pred)


def class_doc_counts(doc_id: Sequence[str], y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str],
                     doc_ids: Sequence[str] = ()) -> pd.DataFrame:
    """Per-document classification counts for the bootstrap: n, correct, then tp, n_pred, n_gold per label."""
    frame = pd.DataFrame({"doc_id": pd.Series(doc_id, dtype=str).to_numpy(), "t": list(y_true), "p": list(y_pred)})
    columns = {"n": np.ones(len(frame), np.int64), "correct": frame.t.to_numpy() == frame.p.to_numpy()}
    for label in labels:
        is_true, is_pred = frame.t.to_numpy() == label, frame.p.to_numpy() == label
        columns.update({f"{label}|tp": is_true & is_pred, f"{label}|n_pred": is_pred, f"{label}|n_gold": is_true})
    counts = pd.DataFrame(columns).astype(np.int64).groupby(frame.doc_id.to_numpy()).sum()
    index = counts.index.union(pd.Index(list(doc_ids), dtype=str)).sort_values()
    out = counts.reindex(index, fill_value=0).reindex(columns=list(columns), fill_value=0).astype(np.int64)
    out.index.name = "doc_id"
    return out


def class_statistic(labels: Sequence[str], measure: str = "macro_f1") -> Callable[[np.ndarray], np.ndarray]:
    """A bootstrap statistic over the columns of :func:`class_doc_counts`: "accuracy" or "macro_f1"."""
    if measure not in ("accuracy", "macro_f1"):
        raise ValueError(f"measure must be 'accuracy' or 'macro_f1', not {measure!r}")
    n_labels = len(labels)

    def statistic(summed: np.ndarray) -> np.ndarray:
        if measure == "accuracy":
            return prf(summed[:, 1], summed[:, 0], summed[:, 0])[0]
        if not n_labels:
            return np.zeros(len(summed))
        tp, n_pred, n_gold = np.moveaxis(summed[:, 2:].reshape(len(summed), n_labels, 3), -1, 0)
        return prf(tp, n_pred, n_gold)[2].mean(axis=1)

    return statistic


def cohen_kappa(labels_a: Sequence[str] | pd.api.extensions.ExtensionArray | np.ndarray,
                labels_b: Sequence[str] | pd.api.extensions.ExtensionArray | np.ndarray) -> dict[str, Any]:
    """Cohen's kappa of two annotators' labels (strings) on the same matched items.

    kappa = (p_o - p_e) / (1 - p_e), p_e from the two annotators' label marginals (the
    formula of scikit-learn's cohen_kappa_score, which a test compares against). kappa is
    None when it is undefined: no items, or p_e = 1 (both used one and the same label
    throughout); the observed agreement p_o is reported beside it. The labels are counted as
    integer codes (one per distinct label of either side), not as a million Python strings.
    """
    n = len(labels_a)
    if n != len(labels_b):
        raise ValueError(f"{n} and {len(labels_b)} labels: kappa needs one pair per item")
    if not n:
        return {"kappa": None, "observed_agreement": 0.0, "n_items": 0}
    codes, _ = pd.factorize(pd.concat([pd.Series(labels_a), pd.Series(labels_b)], ignore_index=True))
    a, b = pd.Series(codes[:n]), pd.Series(codes[n:])
    observed = float((a.to_numpy() == b.to_numpy()).mean())
    marginal_a, marginal_b = a.value_counts() / n, b.value_counts() / n
    expected = float((marginal_a * marginal_b.reindex(marginal_a.index, fill_value=0)).sum())
    kappa = None if expected == 1.0 else (observed - expected) / (1 - expected)
    return {"kappa": kappa, "observed_agreement": observed, "n_items": n}
