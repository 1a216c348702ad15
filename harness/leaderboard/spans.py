"""What happened to each gold and predicted span of one document, for the per-document view.

Pairs come from the scorer's own matcher (:func:`harness.matching.match_iou`): entities pair
on identical boundaries (IoU 1, the strict scheme), claims and errors at the leaderboard's IoU
threshold. A paired span is *matched* when the labels agree (entity type, claim verdict when
the system gives one, error type when the system gives one) and *wrong type* otherwise. An
unpaired span that overlaps a span of the other side is a *boundary* error (strict entity
scoring counts it as incorrect; claims and errors count it as spurious and missed); any other
unpaired span is *missed* (gold) or *spurious* (predicted).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..matching import match_iou, spans_frame
from ..model import Document, SubmissionDocument

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


def _gold_spans(doc: Document, layer: str) -> list[tuple[int, int, str]]:
    if layer == "entities":
        return [(e.start, e.end, e.label) for e in doc.entities]
    if layer == "claims":
        return [(c.start, c.end, c.verdict) for c in doc.claims]
    return [(x.start, x.end, x.type) for x in doc.errors]


def _pred_spans(sub_doc: SubmissionDocument | None, layer: str) -> list[tuple[int, int, str]]:
    records = getattr(sub_doc, layer, None) or ()
    if layer == "entities":
        return [(e.start, e.end, e.label) for e in records]
    if layer == "claims":
        return [(c.start, c.end, c.verdict or "") for c in records]
    return [(x.start, x.end, x.type or "") for x in records]


def _overlaps(span: tuple[int, int, str], others: list[tuple[int, int, str]]) -> bool:
    return any(span[0] < o[1] and o[0] < span[1] for o in others)


def layer_marks(doc: Document, sub_doc: SubmissionDocument | None, layer: str, iou_threshold: float) -> list[Mark]:
    """Every gold and predicted span of ``layer`` in ``doc`` with its outcome, in text order."""
    gold, pred = _gold_spans(doc, layer), _pred_spans(sub_doc, layer)
    threshold = 1.0 if layer == "entities" else iou_threshold
    pairs = match_iou(spans_frame((doc.doc_id, *s) for s in gold), spans_frame((doc.doc_id, *s) for s in pred), threshold)
    partner = dict(zip(pairs["gold_index"].tolist(), pairs["pred_index"].tolist()))
    paired_pred = {p: g for g, p in partner.items()}
    marks = []
    for side, spans, others, mate, unpaired in (("gold", gold, pred, partner, "missed"),
                                                ("pred", pred, gold, paired_pred, "spurious")):
        for index, span in enumerate(spans):
            if index in mate:
                other = others[mate[index]]
                agree = span[2] == other[2] or "" in (span[2], other[2])  # an unlabelled prediction cannot be wrong
                marks.append(Mark(*span[:2], side, span[2], "matched" if agree else "wrong_type", other[2]))
            else:
                marks.append(Mark(*span[:2], side, span[2], "boundary" if _overlaps(span, others) else unpaired))
    return sorted(marks, key=lambda m: (m.start, -m.end, m.side))


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
