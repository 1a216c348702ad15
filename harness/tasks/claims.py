"""Check-worthy claims: claim spans matched one to one by IoU (the headline), and check-worthy
sentences (a sentence overlapped by a claim)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import VERDICTS
from .base import Board, Context, HubTask, PromptFields, RecordFields, Task, iou_explain, prf_rows, span_statistic_of

if TYPE_CHECKING:
    import pandas as pd

    from ..figures import TaskScore



def _overlap_any(spans: pd.DataFrame, marks: pd.DataFrame) -> np.ndarray:
    """For each row of ``spans``: does any row of ``marks`` in the same document share a character?"""
    import numpy as np

    if not len(spans) or not len(marks):
        return np.zeros(len(spans), bool)
    pairs = spans.reset_index(names="row")[["row", "doc_id", "start", "end"]].merge(
        marks[["doc_id", "start", "end"]], on="doc_id", suffixes=("", "_m"))
    hit = (pairs["start"] < pairs["end_m"]) & (pairs["start_m"] < pairs["end"])
    result = np.zeros(len(spans), bool)
    result[pairs.loc[hit, "row"].to_numpy()] = True
    return result


def score(ctx: Context) -> TaskScore | None:
    """Span P/R/F1 at the IoU threshold, and sentence-level P/R/F1 when the reference has sentences."""
    from .. import metrics
    from ..figures import Headline, TaskScore, characters_group, doc_counts, iou_group, prf_group

    pairs = ctx.pairs("claims")
    if pairs is None:
        return None
    ref, pred, settings = ctx.ref, ctx.pred, ctx.settings
    task = TaskScore()
    counts, task.figures["span"] = iou_group(ref.claims, pred.claims, pairs, ref.doc_ids, settings)
    task.figures["characters"] = characters_group(ref.claims, pred.claims, ref.doc_ids, settings)
    if ref.sentences is not None:
        gold_positive = _overlap_any(ref.sentences, ref.claims)
        pred_positive = _overlap_any(ref.sentences, pred.claims)
        sentence_counts = doc_counts(ref.sentences, {"tp": gold_positive & pred_positive, "n_pred": pred_positive,
                                                     "n_gold": gold_positive}, ref.doc_ids)
        task.figures["sentence"] = prf_group(sentence_counts, settings)
        task.figures["sentence"]["definition"] = ("a gold sentence is check-worthy when a gold claim overlaps it, "
                                                  "and predicted check-worthy when a predicted claim does")
    task.headline = Headline("span.f1", counts[["tp", "n_pred", "n_gold"]], metrics.span_statistic("f1"))
    return task


def _checks(ctx: Context, gold_rows: pd.DataFrame, pred_rows: pd.DataFrame) -> dict[str, list[bool | None]]:
    """A matched claim pair's verdict, when the system gives verdicts on its claims (end to end)."""
    if not (ctx.pred.claims["label"] != "").any():
        return {"verdict_right": [None] * len(pred_rows)}
    return {"verdict_right": (gold_rows["label"] == pred_rows["label"]).tolist()}


def rows(task: dict[str, Any], level: str) -> list[str]:
    return prf_rows(task, ["span", "sentence", "characters"], ["tp", "fp", "fn"], level)


TASK = Task(
    name="claims",
    layer="claims",
    records=RecordFields("claim", "claim_id", "verdict", VERDICTS),
    prompt=PromptFields({"verdict": "string", "score": "number"}),
    boards=(Board("span.f1", "Claims", "span F1", "Check-worthy claim spans, matched one to one at IoU >= {iou}.",
                  (("P", "span.precision"), ("R", "span.recall"), ("sentence F1", "sentence.f1")),
                  HubTask("claims", "token-classification", "Check-worthy claim detection", "claims", "claim span F1")),),
    score=score,
    rows=rows,
    agreement="span F1 (IoU >= 0.5)",
    prompt_layers=(("claims", ""),),
    explain=iou_explain("claims", "claims", _checks),
    statistic=span_statistic_of,
)
