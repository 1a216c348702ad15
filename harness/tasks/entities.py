"""Named entities: OntoNotes mentions scored under the four SemEval-2013 schemes (as nervaluate
1.2.1 counts them), strict F1 as the headline."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import ENTITY_LABELS
from ..textfmt import interval, num, text_table
from .base import Board, Breakdown, Context, HubTask, PromptFields, RecordFields, Task, item_id, item_rows, prf_rows

if TYPE_CHECKING:
    from ..figures import TaskScore
    from ..stats import Statistic


PER_TYPE_NOTE = ("per-type rows follow nervaluate's filtered semantics (both sides filtered to one type, so a "
                 "type swap is spurious under one type and missed under the other): they need not sum to the overall row")


def score(ctx: Context) -> TaskScore | None:
    """Every scheme's P/R/F1, macro and per-type figures; labels outside OntoNotes are spurious."""
    import pandas as pd

    from .. import metrics
    from ..figures import Headline, TaskScore, ci, doc_counts
    from ..matching import SCHEMES, match_entities

    ref, predicted, settings = ctx.ref, ctx.pred.entities, ctx.settings
    if predicted is None or ref.entities is None:  # nothing predicted, or a reference (agree) without entities
        return None
    unknown = ~predicted["label"].isin(ENTITY_LABELS)
    spurious_unknown = doc_counts(predicted, {"n": unknown.to_numpy()}, ref.doc_ids)["n"]
    if unknown.any():
        ctx.notes.append(f"entities: {int(unknown.sum())} prediction(s) with labels outside OntoNotes counted as spurious")
    known = predicted[~unknown].reset_index(drop=True) if unknown.any() else predicted
    counts = match_entities(ref.entities, known, settings.compat, ref.doc_ids)
    docs = counts.docs.reindex(pd.Index(ref.doc_ids, name="doc_id"), fill_value=0)
    for scheme in SCHEMES:
        docs[(scheme, "spu")] += spurious_unknown.to_numpy()
    counts = counts._replace(docs=docs)
    scores = metrics.entity_scores(counts)
    task = TaskScore()
    for scheme in SCHEMES:
        row = dict(scores["overall"][scheme])
        row["ci"] = {m: ci(docs, metrics.entity_statistic(scheme, m), settings) for m in metrics.MEASURES}
        task.figures[scheme] = row
    macro = scores["macro"]
    type_table = metrics.type_matrix(counts)
    for scheme in SCHEMES:
        macro[scheme]["ci"] = {"f1": ci(type_table, metrics.entity_statistic(scheme, "f1", "macro"), settings)}
    task.figures["macro"] = macro
    task.figures["per_type"] = scores["per_type"]
    task.figures["per_type_note"] = PER_TYPE_NOTE
    task.figures["unknown_label_predictions"] = int(unknown.sum())
    task.headline = Headline("strict.f1", docs, metrics.entity_statistic("strict", "f1"))
    return task


def rows(task: dict[str, Any], level: str) -> list[str]:
    lines = prf_rows(task, ["strict", "exact", "partial", "ent_type"], ["cor", "inc", "par", "mis", "spu"], level)
    macro = task["macro"]["strict"]
    lines.append(f"macro (strict, over types): P {num(macro['precision'])}  R {num(macro['recall'])}  "
                 f"F1 {num(macro['f1'])} {interval(macro['ci']['f1'])}")
    table = [[label, num(s["precision"]), num(s["recall"]), num(s["f1"]), str(s["possible"]), str(s["actual"])]
             for label, schemes in task["per_type"].items() for s in [schemes["strict"]]]
    lines += ["", "per type (strict):", *text_table(["type", "P", "R", "F1", "gold", "pred"], table),
              f"note: {task['per_type_note']}"]
    return lines


def explain(ctx: Context) -> list[dict[str, Any]] | None:
    """Per entity: its category under each scheme (as nervaluate counts it), paired by the strict
    scheme's assignment; a prediction with a label outside OntoNotes is spurious under every scheme."""
    import numpy as np

    from ..matching import SCHEMES, entity_assignments

    gold, pred = ctx.ref.entities, ctx.pred.entities
    if pred is None:
        return None
    known = pred["label"].isin(ENTITY_LABELS).to_numpy()
    taken = entity_assignments(gold, pred[known].reset_index(drop=True), ctx.settings.compat)
    at = {name: np.append(gold[name].to_numpy(), -1) for name in ("start", "end", "label")}  # -1: no partner
    categories, partner = {}, np.full(len(pred), -1, np.int64)
    for scheme in SCHEMES:
        chosen = np.full(len(pred), -1, np.int64)
        chosen[known] = taken[scheme]
        hit = chosen >= 0
        same_bounds = (at["start"][chosen] == pred["start"].to_numpy()) & (at["end"][chosen] == pred["end"].to_numpy())
        same_label = at["label"][chosen] == pred["label"].to_numpy()
        correct = {"strict": same_bounds & same_label, "ent_type": same_label}.get(scheme, same_bounds)
        pred_category = np.where(hit, np.where(correct, "cor", "par" if scheme == "partial" else "inc"), "spu")
        gold_category = np.full(len(gold), "mis", dtype=object)
        gold_category[chosen[hit]] = pred_category[hit]
        categories[scheme] = (gold_category.tolist(), pred_category.tolist())
        if scheme == "strict":
            partner = chosen
    label_right = [None if j < 0 else bool(right) for j, right in zip(partner, at["label"][partner] == pred["label"].to_numpy())]
    return item_rows("entities", gold, pred, partner, {"label_right": label_right}, item_id(gold, "id"),
                     item_id(pred, "id"), categories)


def _entity_statistic(metric: str) -> Statistic:
    from ..metrics import entity_statistic

    scheme, measure = metric.split(".")
    return entity_statistic(scheme, measure)


def kappa(ctx: Context) -> dict[str, Any] | None:
    """Cohen's kappa on the labels of entities with identical spans on both sides."""
    from .. import metrics
    from ..matching import same_span_pairs

    if ctx.ref.entities is None or ctx.pred.entities is None:
        return None
    rows_a, rows_b = same_span_pairs(ctx.ref.entities, ctx.pred.entities)
    return metrics.cohen_kappa(ctx.ref.entities["label"].array.take(rows_a), ctx.pred.entities["label"].array.take(rows_b))


TASK = Task(
    name="entities",
    layer="entities",
    records=RecordFields("entity", "entity_id", "label", ENTITY_LABELS),
    prompt=PromptFields({"label": "string", "score": "number"}, ("label",)),
    boards=(Board("strict.f1", "Entities", "strict F1",
                  "OntoNotes entity mentions; strict means exact boundaries and type (SemEval-2013 schemes, as "
                  "nervaluate 1.2.1 counts them).",
                  (("P", "strict.precision"), ("R", "strict.recall"), ("partial F1", "partial.f1"),
                   ("macro F1", "macro.strict.f1")),
                  HubTask("entities", "token-classification", "Named entity recognition", "entities", "strict F1"),
                  Breakdown("Per entity type (strict F1)", "per_type", "strict.f1", ENTITY_LABELS)),),
    score=score,
    rows=rows,
    agreement="strict F1 (span and type)",
    matching="compat",
    unknown_labels=True,
    prompt_layers=(("entities", ""),),
    kappa=kappa,
    kappa_of="labels of identical spans",
    explain=explain,
    statistic=lambda metric, columns: _entity_statistic(metric),
)
