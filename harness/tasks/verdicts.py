"""Verdicts: a verdict for each gold claim (macro F1 over the gold's verdict classes, the
headline), and end to end, for systems that give verdicts on their own claim spans."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import VERDICTS
from ..textfmt import interval, num, text_table
from .base import (Board, Breakdown, Context, HubTask, PromptFields, RecordFields, Task, item_id, item_rows, label_kappa,
                   prf_rows)

if TYPE_CHECKING:
    import pandas as pd

    from ..figures import TaskScore
    from ..stats import Statistic



def score(ctx: Context) -> TaskScore | None:
    """Classification of the gold claims when verdicts are given, end-to-end F1 when claim
    spans carry verdicts; None when there is nothing to verify against or nothing predicted."""
    import numpy as np

    from .. import metrics
    from ..figures import Headline, TaskScore, ci, prf_group
    from ..stats import wilson_interval

    ref, pred, settings = ctx.ref, ctx.pred, ctx.settings
    task = TaskScore()
    if ref.claims is None or ref.claims.empty or not ref.claims["label"].isin(VERDICTS).all():
        return None  # nothing to verify against: no reference claims, or claims without verdicts
    if pred.verdicts is not None and ref.claims["claim_id"].notna().all():
        gold = ref.claims[["doc_id", "claim_id", "label"]]
        joined = gold.merge(pred.verdicts.drop_duplicates(["doc_id", "claim_id"]), on=["doc_id", "claim_id"],
                            how="left", suffixes=("", "_pred"))
        y_true = joined["label"].tolist()
        y_pred = joined["label_pred"].fillna(metrics.NO_PREDICTION).tolist()
        labels = [v for v in VERDICTS if v in set(y_true)]
        figures = metrics.verdict_scores(y_true, y_pred, labels)
        figures["coverage"] = float(np.mean([v != metrics.NO_PREDICTION for v in y_pred])) if y_pred else 0.0
        class_counts = metrics.class_doc_counts(joined["doc_id"], y_true, y_pred, labels, ref.doc_ids)
        figures["ci"] = {
            "accuracy": ci(class_counts, metrics.class_statistic(labels, "accuracy"), settings),
            "macro_f1": ci(class_counts, metrics.class_statistic(labels, "macro_f1"), settings),
        }
        figures["wilson"] = {"accuracy": list(wilson_interval(int(class_counts["correct"].sum()), len(y_true),
                                                             settings.confidence))}
        figures["macro_f1"] = figures["macro"]["f1"]
        figures["labels_note"] = ("macro averages run over the verdict classes present in the gold; a missing "
                                  "verdict, or one of a class absent from the gold, counts as wrong")
        task.figures["classification"] = figures
        task.headline = Headline("classification.macro_f1", class_counts, metrics.class_statistic(labels, "macro_f1"))
    claim_pairs = ctx.pairs("claims")
    if claim_pairs is not None and (pred.claims["label"] != "").any():
        gold_verdict = ref.claims["label"].to_numpy()[claim_pairs["gold_index"].to_numpy()]
        pred_verdict = pred.claims["label"].to_numpy()[claim_pairs["pred_index"].to_numpy()]
        correct = claim_pairs.assign(tp=gold_verdict == pred_verdict)
        counts = metrics.span_doc_counts(ref.claims, pred.claims, correct[correct["tp"]], ref.doc_ids)
        task.figures["conditioned"] = prf_group(counts, settings)
        task.figures["conditioned"]["definition"] = ("end to end: a predicted claim counts only when its span "
                                                     "matches a gold claim and its verdict is the gold verdict")
        if task.headline is None:
            task.headline = Headline("conditioned.f1", counts, metrics.span_statistic("f1"))
    return task if task.headline is not None else None


def explain(ctx: Context) -> list[dict[str, Any]] | None:
    """The verdicts given for the gold claims: a gold claim is matched by the first verdict given
    for its id (as the scorer takes it); a verdict for no gold claim, or a repeated one, is spurious.
    End-to-end verdicts on the system's own claims are shown on the claims rows (verdict_right)."""
    gold, pred = ctx.ref.claims, ctx.pred.verdicts
    if gold is None or pred is None:
        return None
    row_of = {(doc, claim): i for i, (doc, claim) in enumerate(zip(gold["doc_id"], gold["claim_id"]))}
    partner, taken = [], set()
    for doc, claim in zip(pred["doc_id"], pred["claim_id"]):
        j = row_of.get((doc, claim), -1)
        partner.append(-1 if j in taken else j)
        taken.add(j)
    right = [None if j < 0 else gold["label"].iloc[j] == label for j, label in zip(partner, pred["label"])]
    return item_rows("verdicts", gold, pred, partner, {"verdict_right": right}, item_id(gold, "claim_id"),
                     item_id(pred, "claim_id"), spans=(True, False))


def statistic(metric: str, columns: tuple[str, ...]) -> Statistic:
    """The headline's statistic: macro F1 over the classes of its count columns ('LABEL|tp' ...),
    or end-to-end span F1."""
    from .. import metrics

    if metric == "conditioned.f1":
        return metrics.span_statistic("f1")
    return metrics.class_statistic([c.removesuffix("|tp") for c in columns if c.endswith("|tp")], "macro_f1")


def part_headline(metric: str, counts: pd.DataFrame) -> tuple[float, pd.DataFrame] | None:
    """Macro F1 of some documents' rows of the classification counts, over the classes of their
    own gold claims (as scoring them alone averages); None for documents without gold claims (not
    scored) and for the end-to-end headline (whether any of their predicted claims carries a
    verdict, which decides if it is scored, is not in its counts)."""
    import numpy as np

    from .. import metrics

    if metric != "classification.macro_f1" or not counts["n"].sum():
        return None
    labels = [v for v in VERDICTS if f"{v}|n_gold" in counts.columns and counts[f"{v}|n_gold"].sum()]
    table = counts[["n", "correct", *(f"{v}|{kind}" for v in labels for kind in ("tp", "n_pred", "n_gold"))]]
    summed = table.sum().to_numpy()[2:].reshape(len(labels), 3)
    return float(np.mean(metrics.class_prf(*summed.T)[2])), table


def rows(task: dict[str, Any], level: str) -> list[str]:
    lines = []
    if "classification" in task:
        c = task["classification"]
        lines.append(f"given the gold claims: accuracy {num(c['accuracy'])} {interval(c['ci']['accuracy'])} "
                     f"(Wilson {interval(c['wilson']['accuracy'])})  "
                     f"macro F1 {num(c['macro_f1'])} {interval(c['ci']['macro_f1'])}  coverage {num(c['coverage'])}")
        table = [[label, num(s["precision"]), num(s["recall"]), num(s["f1"]), str(s["support"])]
                 for label, s in c["per_class"].items()]
        lines += text_table(["class", "P", "R", "F1", "support"], table)
        labels = c["confusion"]["labels"]
        lines += ["confusion (rows gold, columns predicted):",
                  *text_table(["", *labels], [[g, *map(str, r)] for g, r in zip(labels, c["confusion"]["matrix"])])]
        lines.append(f"note: {c['labels_note']}")
    if "conditioned" in task:
        lines += ["end to end (span matched and verdict right):", *prf_rows(task, ["conditioned"], ["tp", "fp", "fn"], level)]
    return lines


TASK = Task(
    name="verdicts",
    layer="verdicts",
    records=RecordFields("verdict", "claim_id", "verdict", VERDICTS, spans=False),
    prompt=PromptFields({"claim_id": "string", "verdict": "string", "score": "number"}, ("claim_id", "verdict")),
    boards=(
        Board("classification.macro_f1", "Verdicts", "macro F1",
              "A verdict for each gold claim; macro average over the verdict classes present in the gold.",
              (("accuracy", "classification.accuracy"), ("coverage", "classification.coverage")),
              HubTask("verdicts", "text-classification", "Claim verification", "claims", "verdict macro F1"),
              Breakdown("Per verdict class (F1)", "classification.per_class", "f1", VERDICTS)),
        Board("conditioned.f1", "Verdicts, end to end", "F1",
              "For systems that give verdicts on their own claim spans: a claim counts when its span matches a gold "
              "claim (IoU >= {iou}) and its verdict is the gold verdict.",
              (("P", "conditioned.precision"), ("R", "conditioned.recall")),
              HubTask("verdicts_end_to_end", "token-classification", "Claim detection and verification, end to end",
                      "claims", "end-to-end claim F1")),
    ),
    score=score,
    rows=rows,
    agreement="end-to-end F1 (span and verdict)",
    prompt_layers=(("verdicts", "classification"), ("claims", "conditioned")),
    kappa=label_kappa("claims"),
    kappa_of="verdicts of matched claims",
    explain=explain,
    statistic=statistic,
    part_headline=part_headline,
)
