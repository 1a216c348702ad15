"""Factual errors: error spans matched one to one by IoU (mention F1, the headline), then on the
matched pairs the error type, the correction, and the recall of error groups."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import ERROR_TYPES
from ..textnorm import TooLong, normalise
from .base import (Board, Context, HubTask, PromptFields, RecordFields, Task, iou_explain, label_kappa, prf_rows,
                   ratio_line, span_statistic_of)

if TYPE_CHECKING:
    import pandas as pd

    from ..figures import TaskScore



def normalise_correction(text: str | None) -> str:
    """The form corrections are compared in: harness.textnorm's normalisation (NFKC, straight
    quotes, one dash, case-folded, white space collapsed), no punctuation at the ends."""
    if not text:
        return ""
    try:
        return normalise(text, MAX_CORRECTION_CHARS)[0].strip(" .,;:!?'\"()[]")
    except TooLong:  # never equal to a correction: "" is no correction
        return ""


# a correction longer than this once normalised matches nothing (and costs no more to read)
MAX_CORRECTION_CHARS = 10_000


def corrections_right(gold_rows: pd.DataFrame, pred_rows: pd.DataFrame) -> list[bool]:
    """For aligned gold and predicted rows: is the predicted correction the gold one or an accepted
    alternative (both normalised)?"""
    accepted = [{normalise_correction(c) for c in (gold, *alternatives)} - {""}
                for gold, alternatives in zip(gold_rows["correction"], gold_rows["alternatives"])]
    return [normalise_correction(c) in ok for c, ok in zip(pred_rows["correction"], accepted)]


def _checks(ctx: Context, gold_rows: pd.DataFrame, pred_rows: pd.DataFrame) -> dict[str, list[bool]]:
    """What ``harness eval --explain`` shows of a matched error pair, as the scorer counts it."""
    return {"type_right": (gold_rows["label"] == pred_rows["label"]).tolist(),
            "correction_right": corrections_right(gold_rows, pred_rows)}


def score(ctx: Context) -> TaskScore | None:
    """Mention and typed P/R/F1, type and correction accuracy on matched pairs, group recall."""
    import numpy as np

    from .. import metrics
    from ..figures import Headline, TaskScore, characters_group, doc_counts, iou_group, prf_group, ratio_group

    pairs = ctx.pairs("errors")
    if pairs is None:
        return None
    ref, pred, settings = ctx.ref, ctx.pred, ctx.settings
    task = TaskScore()
    counts, task.figures["mention"] = iou_group(ref.errors, pred.errors, pairs, ref.doc_ids, settings)
    task.figures["characters"] = characters_group(ref.errors, pred.errors, ref.doc_ids, settings)

    gold_rows = ref.errors.iloc[pairs["gold_index"].to_numpy()].reset_index(drop=True)
    pred_rows = pred.errors.iloc[pairs["pred_index"].to_numpy()].reset_index(drop=True)
    matched = gold_rows[["doc_id"]]
    if ref.errors["group_id"].notna().all():
        found_groups = set(zip(gold_rows["doc_id"], gold_rows["group_id"]))
        groups = ref.errors.drop_duplicates(["doc_id", "group_id"]).reset_index(drop=True)
        hit = [key in found_groups for key in zip(groups["doc_id"], groups["group_id"])]
        task.figures["group"] = ratio_group(
            doc_counts(groups, {"hits": hit, "total": np.ones(len(groups), bool)}, ref.doc_ids), "recall", settings)
    type_ok = (gold_rows["label"] == pred_rows["label"]).to_numpy()
    ones = np.ones(len(matched), bool)
    task.figures["type"] = ratio_group(doc_counts(matched, {"hits": type_ok, "total": ones}, ref.doc_ids),
                                       "accuracy", settings)
    correction_ok = corrections_right(gold_rows, pred_rows)
    task.figures["correction"] = ratio_group(
        doc_counts(matched, {"hits": correction_ok, "total": ones}, ref.doc_ids),
        "accuracy", settings)
    task.figures["correction"]["normalisation"] = normalise_correction.__doc__.split("\n\n")[0].replace("\n", " ")
    typed = metrics.span_doc_counts(ref.errors, pred.errors, pairs[type_ok], ref.doc_ids)
    task.figures["typed"] = prf_group(typed, settings)
    task.figures["typed"]["definition"] = "a found error counts only with the gold type"
    task.headline = Headline("mention.f1", counts[["tp", "n_pred", "n_gold"]], metrics.span_statistic("f1"))
    return task


def rows(task: dict[str, Any], level: str) -> list[str]:
    lines = prf_rows(task, ["mention", "typed", "characters"], ["tp", "fp", "fn"], level)
    for group, name in (("group", "recall"), ("type", "accuracy"), ("correction", "accuracy")):
        lines += ratio_line(task, group, name)
    return lines


TASK = Task(
    name="errors",
    layer="errors",
    records=RecordFields("error", "error_id", "type", ERROR_TYPES),
    prompt=PromptFields({"type": "string", "correction": "string", "score": "number"}),
    boards=(Board("mention.f1", "Errors", "mention F1",
                  "Factual error spans, matched one to one at IoU >= {iou}; typed F1 also needs the gold error type.",
                  (("P", "mention.precision"), ("R", "mention.recall"), ("typed F1", "typed.f1"),
                   ("type acc.", "type.accuracy"), ("correction acc.", "correction.accuracy"),
                   ("group recall", "group.recall")),
                  HubTask("errors", "token-classification", "Factual error detection", "errors", "error mention F1")),),
    score=score,
    rows=rows,
    agreement="mention F1 (IoU >= 0.5)",
    prompt_layers=(("errors", ""),),
    kappa=label_kappa("errors"),
    kappa_of="types of matched errors",
    explain=iou_explain("errors", "errors", _checks),
    statistic=span_statistic_of,
)
