"""What happened to each gold and predicted span of one document, for the per-document view.

The outcomes come from the scorer's own per-item explanation (:func:`harness.scoring.explain`,
what ``harness eval --explain`` writes), so the pages show exactly the misses and false alarms
the scores count: entities are paired as the strict scheme pairs them, claims and errors one to
one at the leaderboard's IoU threshold. A paired span is *matched* when the labels agree (entity
type, claim verdict when the system gives one, error type when the system gives one), *wrong
type* when they differ, and *boundary* when an entity is paired with a span of other boundaries
(strict scoring counts it as incorrect). An unpaired span that overlaps a span of the other side
is a *boundary* error too (claims and errors count it as spurious and missed); any other
unpaired span is *missed* (gold) or *spurious* (predicted).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..model import ALL_SPLITS, Document, Gold, Submission, SubmissionDocument, SystemInfo
from ..scoring import explain
from ..settings import Settings

OUTCOMES = ("matched", "wrong_type", "boundary", "missed", "spurious")
LAYERS = ("entities", "claims", "errors")


@dataclass(frozen=True)
class Mark:
    """One span of one side, with its outcome and the label of its partner (if any)."""

    start: int
    end: int
    side: str  # "gold" or "pred"
    label: str
    outcome: str
    partner_label: str | None = None


def explained(gold: Gold, submission: Submission, settings: Settings) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """The explanation rows of the span layers of a submission, by (layer, doc id)."""
    rows: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in explain(gold, submission, replace(settings, tasks=LAYERS)):
        rows.setdefault((row["task"], row["doc_id"]), []).append(row)
    return rows


def marks(rows: Iterable[dict[str, Any]]) -> list[Mark]:
    """Every span of one layer of one document with its outcome, in text order, from its explanation rows."""
    rows = list(rows)
    spans = {side: [(r["start"], r["end"]) for r in rows if r["side"] == side] for side in ("gold", "predicted")}
    out = []
    for row in rows:
        side, other = ("gold", "predicted") if row["side"] == "gold" else ("pred", "gold")
        label, partner = row["label"] or "", row["partner"]
        if partner is not None:
            other_label = partner["label"] or ""
            if (partner["start"], partner["end"]) != (row["start"], row["end"]) and row["task"] == "entities":
                outcome = "boundary"
            else:  # an unlabelled prediction cannot be wrong
                outcome = "matched" if label == other_label or "" in (label, other_label) else "wrong_type"
            out.append(Mark(row["start"], row["end"], side, label, outcome, other_label))
            continue
        overlaps = any(row["start"] < end and start < row["end"] for start, end in spans[other])
        out.append(Mark(row["start"], row["end"], side, label,
                        "boundary" if overlaps else ("missed" if side == "gold" else "spurious")))
    return sorted(out, key=lambda m: (m.start, -m.end, m.side))


def layer_marks(doc: Document, sub_doc: SubmissionDocument | None, layer: str, iou_threshold: float) -> list[Mark]:
    """Every gold and predicted span of ``layer`` in ``doc`` with its outcome, in text order (one
    document on its own; the site explains each submission once, with :func:`explained`)."""
    predicted = sub_doc if sub_doc is not None and getattr(sub_doc, layer) is not None \
        else SubmissionDocument(doc.doc_id, **{layer: ()})
    gold = Gold("", "", "", {doc.doc_id: doc})
    rows = explained(gold, Submission(SystemInfo("page"), {doc.doc_id: predicted}),
                     Settings(iou_threshold=iou_threshold, split=ALL_SPLITS))
    return marks(rows.get((layer, doc.doc_id), []))


def outcome_counts(marks: list[Mark]) -> dict[str, dict[str, int]]:
    """How many gold and predicted spans had each outcome."""
    counts = {side: {o: 0 for o in OUTCOMES} for side in ("gold", "pred")}
    for mark in marks:
        counts[mark.side][mark.outcome] += 1
    return counts


@dataclass(frozen=True)
class Cover:
    """The spans covering one piece of text between two consecutive cuts: how many, the shortest
    gold and shortest predicted one (the first in order among equals), and the ones to describe:
    all of them when there are at most ``shown``, else only those shortest ones."""

    count: int
    inner: dict[str, Mark]
    described: list[Mark]


def covers(marks: Sequence[Mark], cuts: Sequence[int], shown: int) -> Iterator[Cover]:
    """A :class:`Cover` for each piece ``[cuts[i], cuts[i + 1])``, every span a cut at its ends.

    One sweep over the cuts with heaps: O(n log n) for n spans however much they overlap,
    where listing every covering span for every piece grows as n squared.
    """
    starts = sorted(range(len(marks)), key=lambda i: marks[i].start)
    ends: list[tuple[int, int]] = []  # (end, index) of the active spans
    shortest: dict[str, list[tuple[int, int]]] = {"gold": [], "pred": []}  # (length, index)
    active: set[int] = set()
    next_start = 0
    for a in cuts[:-1]:
        while next_start < len(starts) and marks[starts[next_start]].start <= a:
            index = starts[next_start]
            mark = marks[index]
            active.add(index)
            heapq.heappush(ends, (mark.end, index))
            heapq.heappush(shortest[mark.side], (mark.end - mark.start, index))
            next_start += 1
        while ends and ends[0][0] <= a:
            active.discard(heapq.heappop(ends)[1])
        inner = {}
        for side, heap in shortest.items():
            while heap and heap[0][1] not in active:
                heapq.heappop(heap)
            if heap:
                inner[side] = marks[heap[0][1]]
        if len(active) <= shown:
            described = [marks[index] for index in sorted(active)]
        else:
            described = [marks[index] for index in sorted(shortest[side][0][1] for side in inner)]
        yield Cover(len(active), inner, described)
