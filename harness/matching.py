"""Span matching: SemEval-2013 entity schemes (nervaluate 1.2.1) and IoU matching for claims and errors.

Spans of one task are a DataFrame with columns ``doc_id`` (str), ``start`` and ``end`` (int64,
half-open: the span is ``text[start:end]``) and ``label`` (str, "" for unlabelled tasks); row
order is the submission file order. Build one with :func:`spans_frame`.

Entity matching (:func:`match_entities`) counts COR/INC/PAR/MIS/SPU per document for the four
schemes exactly as nervaluate 1.2.1 does: predictions are taken greedily one after another, and each
one consumes at most one gold span:

* strict, exact and partial: a gold span with the same boundaries (strict: and label) wins, else
  the first free overlapping gold span in gold order; the pair is COR if the boundaries (strict:
  and label) agree, otherwise INC (partial: PAR).
* ent_type: among free overlapping gold spans of the predicted label, the one with the smallest
  ``|Δstart| + |Δend|`` (first in gold order on ties) gives COR; failing that, the first free
  overlapping gold span of another label gives INC.
* A prediction that takes nothing is SPU; a gold span nobody took is MIS.

Per-type counts re-run every scheme with both sides filtered to one label (nervaluate's
``entities`` table), so a type swap is SPU under the predicted type and MIS under the gold type.

``compat="default"`` sorts each document's spans by (start, end, label) first, so the result does not
depend on the file order, and "overlap" means at least one shared character. ``compat="nervaluate"``
keeps the file order and nervaluate's overlap test (inclusive ends, shared length >= 1% of the gold
span's length). Documents that are flat on both sides (no two spans of one side overlap) go through
a vectorised path; the others through a per-document loop that mirrors nervaluate's code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

import numpy as np
import pandas as pd

from .model import Compat

SCHEMES = ("strict", "exact", "partial", "ent_type")
KINDS = ("cor", "inc", "par", "mis", "spu")
COUNT_COLUMNS = pd.MultiIndex.from_product([SCHEMES, KINDS], names=["scheme", "kind"])
SPAN_COLUMNS = ("doc_id", "start", "end", "label")

# Assignment rules: "strict" and "exact" take an equal-boundary gold span first (strict also needs the
# label), else the first overlapping one; "ent_type" prefers the closest same-label gold span.
# The partial scheme uses the "exact" assignment (nervaluate's two loops take the same gold spans).
_RULE_OF_SCHEME = {"strict": "strict", "exact": "exact", "partial": "exact", "ent_type": "ent_type"}
# Above this gold length (characters) nervaluate's 1%-of-gold overlap rule can reject a 1-character overlap.
_ONE_PERCENT_SAFE_LENGTH = 100


class EntityCounts(NamedTuple):
    """Per-document counts (index doc_id) and per-type counts (index label, doc_id).

    Both have the columns :data:`COUNT_COLUMNS` (scheme x kind, int64). ``types`` holds only the
    (label, doc) pairs with at least one span of that label on either side.
    """

    docs: pd.DataFrame
    types: pd.DataFrame


def spans_frame(records: Iterable[tuple[str, int, int, str]]) -> pd.DataFrame:
    """Build a span frame from (doc_id, start, end, label) tuples, with the canonical dtypes."""
    frame = pd.DataFrame(list(records), columns=list(SPAN_COLUMNS))
    return frame.astype({"doc_id": str, "start": "int64", "end": "int64", "label": str})


class _Side(NamedTuple):
    """One side's spans as integer arrays, sorted by (group, start) with file order on ties."""

    group: np.ndarray  # int64 group code (document, or label x document)
    start: np.ndarray
    end: np.ndarray
    label: np.ndarray  # int64 code into the sorted label list
    row: np.ndarray  # row position in the input frame

    def take(self, index: np.ndarray) -> _Side:
        return _Side(*(a[index] for a in self))


def _checked(frame: pd.DataFrame, name: str) -> tuple[pd.Series, np.ndarray, np.ndarray, pd.Series]:
    """Columns of a span frame; raises ValueError on a missing column or an empty/negative span."""
    missing = {"doc_id", "start", "end"} - set(frame.columns)
    if missing:
        raise ValueError(f"{name} spans lack columns {sorted(missing)}")
    start = frame["start"].to_numpy(np.int64)
    end = frame["end"].to_numpy(np.int64)
    bad = np.flatnonzero((start < 0) | (end <= start))
    if bad.size:
        raise ValueError(f"{name} span at row {bad[0]} is not a non-empty half-open span: "
                         f"start={start[bad[0]]}, end={end[bad[0]]}")
    label = frame["label"].fillna("").astype(str) if "label" in frame.columns else pd.Series([""] * len(frame), dtype=str)
    return frame["doc_id"].astype(str), start, end, label


def _codes(parts: list[pd.Series]) -> tuple[list[np.ndarray], pd.Index]:
    """Factorise several string columns into one sorted vocabulary; returns per-part int64 codes."""
    codes, uniques = pd.factorize(pd.concat(parts, ignore_index=True), sort=True)
    bounds = np.cumsum([0] + [len(p) for p in parts])
    codes = codes.astype(np.int64, copy=False)
    return [codes[a:b] for a, b in zip(bounds[:-1], bounds[1:])], pd.Index(uniques)


def _sorted_side(group: np.ndarray, start: np.ndarray, end: np.ndarray, label: np.ndarray) -> _Side:
    width = int(end.max(initial=0)) + 1
    order = np.argsort(group * width + start, kind="stable")
    return _Side(group[order], start[order], end[order], label[order], order)


def _by_label(side: _Side, n_docs: int) -> _Side:
    """Re-sort a document-grouped side by (label, document, start): groups become label x document."""
    small = side.label.astype(np.min_scalar_type(int(side.label.max(initial=0))))  # radix sort
    s = side.take(np.argsort(small, kind="stable"))
    return s._replace(group=s.label * n_docs + s.group)


def _flat_groups(side: _Side, n_groups: int, file_order: bool) -> np.ndarray:
    """Boolean per group: no two spans overlap (and, if file_order, the file order is the sorted order)."""
    same = side.group[1:] == side.group[:-1]
    bad = same & (side.start[1:] < side.end[:-1])
    if file_order:
        bad |= same & (side.row[1:] < side.row[:-1])
    flat = np.ones(n_groups, bool)
    flat[side.group[1:][bad]] = False
    return flat


# ---------------------------------------------------------------- vectorised path (flat groups)

def _flat_matches(g: _Side, p: _Side, rules: Iterable[str]) -> dict[str, np.ndarray]:
    """Greedy assignment on groups flat on both sides, in (group, start) order: pred -> gold index or -1.

    In flat data a prediction overlaps a run first..last of consecutive gold spans, and only the first
    of them can have been taken before: by the previous prediction, when that one overlaps it too. So
    each prediction has two candidate choices (its first gold span free / taken), and whether its first
    gold span is taken follows from the previous prediction alone: it is, if that one overlapped nothing
    else or picks it in either case; it is not, if that one never picks it; otherwise it is taken exactly
    when the previous prediction's own first gold span was (a chain, resolved by a forward fill).
    An equal-boundary gold span is the only one its prediction overlaps, so the strict rule reduces to
    the exact one.
    """
    n = len(p.start)
    if n == 0 or len(g.start) == 0:
        return {rule: np.full(n, -1, np.int64) for rule in rules}
    width = int(max(g.end.max(), p.end.max())) + 1
    first = np.searchsorted(g.group * width + g.end, p.group * width + p.start, side="right")
    last = np.searchsorted(g.group * width + g.start, p.group * width + p.end, side="left") - 1
    has = last >= first
    link = np.zeros(n, bool)
    link[1:] = has[1:] & has[:-1] & (last[:-1] == first[1:])
    k = np.flatnonzero(link)
    prev = k - 1
    out = {}
    for rule in rules:
        if rule == "ent_type":
            free, taken = _closest_choices(g, p, first, last, width)
        else:
            free, taken = first, np.where(last > first, first + 1, -1)
        is_taken = (first[prev] == first[k]) | (free[prev] == last[prev])
        is_free = ~is_taken & (taken[prev] != last[prev])
        state = np.zeros(n, np.int8)  # 0: first gold span free, 1: taken, 2: as for the previous prediction
        state[k] = np.where(is_taken, 1, np.where(is_free, 0, 2))
        source = np.where(state != 2, np.arange(n), 0)
        np.maximum.accumulate(source, out=source)
        out[rule] = np.where(has, np.where(state[source] == 1, taken, free), -1)
    return out


def _closest_choices(g: _Side, p: _Side, first: np.ndarray, last: np.ndarray,
                     width: int) -> tuple[np.ndarray, np.ndarray]:
    """ent_type choice per prediction with its first overlapping gold span free / taken (-1: none)."""
    free = first.copy()  # right for a single candidate
    taken = np.full(len(first), -1, np.int64)
    who = np.flatnonzero(last > first)  # several candidates: rank them
    if not who.size:
        return free, taken
    runs = last[who] - first[who] + 1
    offsets = np.cumsum(runs) - runs
    pair_pred = np.repeat(who, runs)
    pos = np.arange(int(runs.sum())) - np.repeat(offsets, runs)
    gold = first[pair_pred] + pos
    same = g.label[gold] == p.label[pair_pred]
    distance = np.abs(g.start[gold] - p.start[pair_pred]) + np.abs(g.end[gold] - p.end[pair_pred])
    radix = int(runs.max()) + 1
    # Rank: same label by distance, then other labels; ties by gold order (pos).
    key = np.where(same, distance, 2 * width) * radix + pos
    free[who] = first[who] + np.minimum.reduceat(key, offsets) % radix
    taken[who] = first[who] + np.minimum.reduceat(np.where(pos == 0, key.max() + 1, key), offsets) % radix
    return free, taken


# ---------------------------------------------------------------- per-group loop (any data)

def _shares_character(ps: int, pe: int, gs: int, ge: int) -> bool:
    return max(ps, gs) < min(pe, ge)


def _nervaluate_overlap(ps: int, pe: int, gs: int, ge: int) -> bool:
    """nervaluate 1.2.1's test on inclusive ends (end - 1) with min_overlap_percentage=1.0."""
    pe, ge = pe - 1, ge - 1
    if ps > ge or pe < gs:
        return False
    return ((min(pe, ge) - max(ps, gs) + 1) / (ge - gs + 1)) * 100.0 >= 1.0


def _greedy(gold: list[tuple[int, int, int]], pred: list[tuple[int, int, int]], rule: str,
            overlaps: Callable[[int, int, int, int], bool]) -> list[int]:
    """nervaluate's greedy loop for one document: (start, end, label) lists -> gold position per prediction."""
    free = [True] * len(gold)
    chosen = []
    for ps, pe, pl in pred:
        choice = -1
        if rule == "ent_type":
            best = None
            other = -1
            for j, (gs, ge, gl) in enumerate(gold):
                if free[j] and overlaps(ps, pe, gs, ge):
                    if gl == pl:
                        distance = abs(ps - gs) + abs(pe - ge)
                        if best is None or distance < best:
                            choice, best = j, distance
                    elif other < 0:
                        other = j
            if choice < 0:
                choice = other
        else:
            for j, (gs, ge, gl) in enumerate(gold):
                if not free[j]:
                    continue
                if gs == ps and ge == pe and (rule == "exact" or gl == pl):
                    choice = j
                    break
                if choice < 0 and overlaps(ps, pe, gs, ge):
                    choice = j
        if choice >= 0:
            free[choice] = False
        chosen.append(choice)
    return chosen


def _loop_matches(g: _Side, p: _Side, groups: np.ndarray, rules: tuple[str, ...], compat: Compat) -> dict[str, np.ndarray]:
    """Greedy assignment per group with the per-document loop, in the processing order of the compat setting."""
    overlaps = _nervaluate_overlap if compat == "nervaluate" else _shares_character
    out = {rule: np.full(len(p.start), -1, np.int64) for rule in rules}
    g_bounds = np.searchsorted(g.group, np.stack([groups, groups + 1]))
    p_bounds = np.searchsorted(p.group, np.stack([groups, groups + 1]))
    for (g0, g1), (p0, p1) in zip(g_bounds.T.tolist(), p_bounds.T.tolist()):
        if p0 == p1:
            continue
        gi = _processing_order(g, g0, g1, compat)
        pi = _processing_order(p, p0, p1, compat)
        gold = list(zip(g.start[gi].tolist(), g.end[gi].tolist(), g.label[gi].tolist()))
        pred = list(zip(p.start[pi].tolist(), p.end[pi].tolist(), p.label[pi].tolist()))
        for rule in rules:
            out[rule][pi] = np.append(gi, -1)[_greedy(gold, pred, rule, overlaps)]
    return out


def _processing_order(side: _Side, lo: int, hi: int, compat: Compat) -> np.ndarray:
    """Indices lo..hi-1 in file order (compat nervaluate) or sorted by (start, end, label) (compat default)."""
    keys = (side.row[lo:hi],) if compat == "nervaluate" else (side.label[lo:hi], side.end[lo:hi], side.start[lo:hi])
    return lo + np.lexsort(keys)


# ---------------------------------------------------------------- assembly

def _assign(g: _Side, p: _Side, g_fast: np.ndarray, p_fast: np.ndarray, rules: tuple[str, ...],
            compat: Compat) -> dict[str, np.ndarray]:
    """Pred -> gold index per rule: vectorised for rows flagged fast (whole groups), looped for the rest."""
    out = _loop_matches(g, p, np.union1d(g.group[~g_fast], p.group[~p_fast]), rules, compat)
    gi, pi = np.flatnonzero(g_fast), np.flatnonzero(p_fast)
    whole = len(gi) == len(g.row) and len(pi) == len(p.row)
    flat_rules = {"exact" if rule == "strict" else rule for rule in rules}
    flat = _flat_matches(g, p, flat_rules) if whole else _flat_matches(g.take(gi), p.take(pi), flat_rules)
    for rule in rules:
        chosen = flat["exact" if rule == "strict" else rule]
        out[rule][pi] = chosen if whole else np.append(gi, -1)[chosen]
    return out


def _dense_groups(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sorted union of the group codes of two sorted arrays, and each element's position in it."""
    def uniques(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        new = np.empty(len(x), bool)
        new[:1] = True
        np.not_equal(x[1:], x[:-1], out=new[1:])
        return x[new], np.cumsum(new) - 1

    (ua, ra), (ub, rb) = uniques(a), uniques(b)
    groups = np.union1d(ua, ub)
    return groups, np.searchsorted(groups, ua)[ra], np.searchsorted(groups, ub)[rb]


def _tally(g: _Side, p: _Side, matches: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Count matrix (groups present on either side x COUNT_COLUMNS) and its sorted group codes."""
    groups, gi, pi = _dense_groups(g.group, p.group)
    n = len(groups)
    counts = np.zeros((n, len(SCHEMES), len(KINDS)), np.int64)
    cor, inc, par, mis, spu = range(len(KINDS))
    for rule in set(_RULE_OF_SCHEME.values()):
        match = matches[rule]
        hit = match >= 0
        # Index -1 (no match) reads an appended sentinel that equals no start, end or label code.
        same_bounds = (np.append(g.start, -1)[match] == p.start) & (np.append(g.end, -1)[match] == p.end)
        same_label = np.append(g.label, -1)[match] == p.label
        missed = np.ones(len(g.start), bool)
        missed[match[hit]] = False
        n_missed = np.bincount(gi[missed], minlength=n)
        for s, scheme in enumerate(SCHEMES):
            if _RULE_OF_SCHEME[scheme] != rule:
                continue
            correct = {"strict": same_bounds & same_label, "ent_type": same_label}.get(scheme, same_bounds)
            kind = np.where(hit, np.where(correct, cor, par if scheme == "partial" else inc), spu)
            counts[:, s, :] = np.bincount(pi * len(KINDS) + kind, minlength=n * len(KINDS)).reshape(n, len(KINDS))
            counts[:, s, mis] = n_missed
    return groups, counts.reshape(n, len(COUNT_COLUMNS))


def _count(g: _Side, p: _Side, fast_docs: np.ndarray, n_docs: int, rules: tuple[str, ...],
           compat: Compat) -> tuple[np.ndarray, np.ndarray]:
    """Match and tally one grouping (documents, or label x document: group % n_docs is the document)."""
    doc = lambda side: side.group % max(n_docs, 1)
    matches = _assign(g, p, fast_docs[doc(g)], fast_docs[doc(p)], rules, compat)
    matches.setdefault("strict", matches["exact"])
    return _tally(g, p, matches)


def _fast_docs(g: _Side, p: _Side, n_docs: int, compat: Compat, vectorised: bool = True) -> np.ndarray:
    """Per document: may it take the vectorised path (flat on both sides, and for compat nervaluate
    no gold span long enough for the 1% rule to reject a shared character)?"""
    nervaluate = compat == "nervaluate"
    fast = _flat_groups(g, n_docs, nervaluate) & _flat_groups(p, n_docs, nervaluate) & vectorised
    if nervaluate:
        fast[g.group[g.end - g.start > _ONE_PERCENT_SAFE_LENGTH]] = False
    return fast


def entity_assignments(gold: pd.DataFrame, pred: pd.DataFrame, compat: Compat = "default") -> dict[str, np.ndarray]:
    """Per scheme, the gold row each predicted row takes (-1: none), exactly as :func:`match_entities`
    counts them (the per-item view of its document counts)."""
    if compat not in ("default", "nervaluate"):
        raise ValueError(f"compat must be 'default' or 'nervaluate', not {compat!r}")
    g, p, docs, _ = _prepare(gold, pred, ())
    fast = _fast_docs(g, p, len(docs), compat)
    matches = _assign(g, p, fast[g.group], fast[p.group], ("strict", "exact", "ent_type"), compat)
    out = {}
    for scheme in SCHEMES:
        chosen = matches[_RULE_OF_SCHEME[scheme]]
        taken = np.full(len(p.row), -1, np.int64)
        taken[p.row] = np.where(chosen >= 0, np.append(g.row, -1)[chosen], -1)
        out[scheme] = taken
    return out


def match_entities(gold: pd.DataFrame, pred: pd.DataFrame, compat: Compat = "default",
                   doc_ids: Iterable[str] = (), vectorised: bool = True) -> EntityCounts:
    """COR/INC/PAR/MIS/SPU per document and per (label, document) for the four SemEval-2013 schemes.

    compat="default": order-independent (spans sorted by start, end, label within a document), overlap =
    at least one shared character. On flat data with gold spans <= 100 characters this equals
    nervaluate 1.2.1 fed the sorted spans with inclusive ends. compat="nervaluate": nervaluate 1.2.1
    exactly, on any data (file order, inclusive-end overlap, 1%-of-gold rule). Documents listed in
    doc_ids but absent from both frames get zero rows. vectorised=False sends every document through
    the reference loop (for cross-checking; same results, slower).
    """
    if compat not in ("default", "nervaluate"):
        raise ValueError(f"compat must be 'default' or 'nervaluate', not {compat!r}")
    g, p, docs, labels = _prepare(gold, pred, doc_ids)
    n_docs = len(docs)
    fast = _fast_docs(g, p, n_docs, compat, vectorised)
    doc_groups, doc_counts = _count(g, p, fast, n_docs, ("strict", "exact", "ent_type"), compat)
    docs_frame = pd.DataFrame(np.zeros((n_docs, len(COUNT_COLUMNS)), np.int64),
                              index=pd.Index(docs, name="doc_id"), columns=COUNT_COLUMNS)
    docs_frame.iloc[doc_groups] = doc_counts

    # Per type: label x document groups, where labels agree, so the strict and exact rules coincide.
    g = _by_label(g, n_docs)  # one side at a time, to bound peak memory
    p = _by_label(p, n_docs)
    type_groups, type_counts = _count(g, p, fast, n_docs, ("exact", "ent_type"), compat)
    index = pd.MultiIndex.from_arrays([labels[type_groups // max(n_docs, 1)], docs[type_groups % max(n_docs, 1)]],
                                      names=["label", "doc_id"])
    return EntityCounts(docs_frame, pd.DataFrame(type_counts, index=index, columns=COUNT_COLUMNS))


def _prepare(gold: pd.DataFrame, pred: pd.DataFrame, doc_ids: Iterable[str]) -> tuple[_Side, _Side, pd.Index, pd.Index]:
    """Both sides as integer arrays sorted by (document, start), with the sorted document and label vocabularies."""
    g_doc, g_start, g_end, g_label = _checked(gold, "gold")
    p_doc, p_start, p_end, p_label = _checked(pred, "predicted")
    (g_dc, p_dc, _), docs = _codes([g_doc, p_doc, pd.Series(list(doc_ids), dtype=str)])
    (g_lc, p_lc), labels = _codes([g_label, p_label])
    return _sorted_side(g_dc, g_start, g_end, g_lc), _sorted_side(p_dc, p_start, p_end, p_lc), docs, labels


def same_span_pairs(a: pd.DataFrame, b: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Row positions of the spans two frames share exactly (same doc_id, start and end).

    Each distinct span counts once per side, by its first row; pairs come in the row order of
    ``a`` (what ``drop_duplicates`` on both sides and an inner merge give), on integer codes.
    """
    (a_doc, b_doc), docs = _codes([a["doc_id"].astype(str), b["doc_id"].astype(str)])
    doc = np.concatenate([a_doc, b_doc])
    start = np.concatenate([a["start"].to_numpy(np.int64), b["start"].to_numpy(np.int64)])
    end = np.concatenate([a["end"].to_numpy(np.int64), b["end"].to_numpy(np.int64)])
    width = int(max(start.max(initial=0), end.max(initial=0))) + 1
    if (len(docs) + 1) * width * width < 2**62:  # one integer per span
        key = (doc * width + start) * width + end
    else:  # dense ranks of (doc, start, end)
        order = np.lexsort((end, start, doc))
        new = np.ones(len(order), bool)
        new[1:] = (np.diff(doc[order]) != 0) | (np.diff(start[order]) != 0) | (np.diff(end[order]) != 0)
        key = np.empty(len(order), np.int64)
        key[order] = np.cumsum(new) - 1
    keys_a, first_a = np.unique(key[:len(a)], return_index=True)
    keys_b, first_b = np.unique(key[len(a):], return_index=True)
    _, in_a, in_b = np.intersect1d(keys_a, keys_b, assume_unique=True, return_indices=True)
    rows_a, rows_b = first_a[in_a], first_b[in_b]
    by_a = np.argsort(rows_a, kind="stable")
    return rows_a[by_a], rows_b[by_a]


# ---------------------------------------------------------------- IoU matching (claims, errors)

def match_iou(gold: pd.DataFrame, pred: pd.DataFrame, threshold: float = 0.5) -> pd.DataFrame:
    """One-to-one matching of gold and predicted spans per document by character IoU.

    IoU = |intersection| / |union| of the half-open spans (float64 division). A pair qualifies when
    IoU >= threshold (equality counts); among qualifying pairs the assignment maximising the total IoU
    is found with scipy.optimize.linear_sum_assignment. Labels play no part in the matching: the
    caller compares labels, verdicts, types or corrections of the matched rows. Ties are broken
    deterministically and independently of file order: spans enter the assignment sorted by
    (start, end, label), so only rows identical in all four columns keep their file order.

    Returns a frame (doc_id, gold_index, pred_index, iou) sorted by doc_id, gold start, end, label,
    where the indices are row positions in the input frames.
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], not {threshold}")
    g_doc, g_start, g_end, g_label = _checked(gold, "gold")
    p_doc, p_start, p_end, p_label = _checked(pred, "predicted")
    (g_dc, p_dc), docs = _codes([g_doc, p_doc])
    (g_lc, p_lc), _ = _codes([g_label, p_label])
    g_order = np.lexsort((g_lc, g_end, g_start, g_dc))  # canonical rank -> row
    p_order = np.lexsort((p_lc, p_end, p_start, p_dc))
    g = _Side(g_dc[g_order], g_start[g_order], g_end[g_order], g_lc[g_order], g_order)
    p = _Side(p_dc[p_order], p_start[p_order], p_end[p_order], p_lc[p_order], p_order)
    gr, pr, iou = _iou_pairs(g, p, threshold)

    # A pair whose gold and predicted span have no other candidate is matched outright; the others
    # are solved per document (removing isolated pairs does not change the optimum).
    contested = (np.bincount(gr, minlength=len(g.row))[gr] > 1) | (np.bincount(pr, minlength=len(p.row))[pr] > 1)
    chosen = ~contested
    block_ids = np.flatnonzero(contested)
    if block_ids.size:
        from scipy.optimize import linear_sum_assignment  # imported only when two pairs compete
    for block in np.split(block_ids, np.flatnonzero(np.diff(g.group[gr[block_ids]])) + 1):
        if not block.size:
            continue
        rows, r_inv = np.unique(gr[block], return_inverse=True)
        cols, c_inv = np.unique(pr[block], return_inverse=True)
        weight = np.zeros((len(rows), len(cols)))
        weight[r_inv, c_inv] = iou[block]
        pair = np.full(weight.shape, -1, np.int64)
        pair[r_inv, c_inv] = block
        picked = pair[linear_sum_assignment(weight, maximize=True)]
        chosen[picked[picked >= 0]] = True
    gr, pr, iou = gr[chosen], pr[chosen], iou[chosen]
    return pd.DataFrame({"doc_id": pd.Series(docs[g.group[gr]], dtype=str), "gold_index": g.row[gr],
                         "pred_index": p.row[pr], "iou": iou})


def _iou_pairs(g: _Side, p: _Side, threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(gold rank, pred rank, IoU) of all same-document pairs with IoU >= threshold, sorted by gold then pred rank.

    Both sides must be sorted by (document, start, end, label); candidates are the gold spans that
    start in (pred start - longest gold span, pred end).
    """
    if not len(g.row) or not len(p.row):
        empty = np.zeros(0, np.int64)
        return empty, empty, np.zeros(0)
    width = int(max(g.end.max(), p.end.max())) + 1
    g_key = g.group * width + g.start
    longest = int((g.end - g.start).max())
    lo = np.searchsorted(g_key, p.group * width + np.maximum(p.start - longest, 0), side="left")
    hi = np.searchsorted(g_key, p.group * width + p.end, side="left")
    runs = hi - lo
    pr = np.repeat(np.arange(len(p.row)), runs)
    gr = np.repeat(lo - (np.cumsum(runs) - runs), runs) + np.arange(int(runs.sum()))
    inter = np.minimum(g.end[gr], p.end[pr]) - np.maximum(g.start[gr], p.start[pr])
    union = np.maximum(g.end[gr], p.end[pr]) - np.minimum(g.start[gr], p.start[pr])
    iou = np.maximum(inter, 0) / union
    ok = np.flatnonzero(iou >= threshold)
    order = ok[np.lexsort((pr[ok], gr[ok]))]
    return gr[order], pr[order], iou[order]
