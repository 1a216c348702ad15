"""Scoring: a submission against the gold (``evaluate``), two annotation sets against each
other (``agree``), or two submissions against each other (``compare``).

Every figure comes with a document-level bootstrap confidence interval, and every task
with a sacreBLEU-style signature of the data version and settings that produced it. The
result is a plain dict that follows ``schema/results.schema.json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from . import __version__, metrics
from .io import UnknownLabels
from .matching import SCHEMES, Mode, match_entities, match_iou, same_span_pairs
from .model import ENTITY_LABELS, TASKS, VERDICTS, Gold, Submission
from .problems import HarnessError, Problem
from .stats import Statistic, bootstrap_ci, paired_bootstrap, shared_resamples
from .tables import TaskTables, gold_tables, submission_tables, tables_hash
from .textnorm import normalise

HEADLINES = {"entities": "strict.f1", "claims": "span.f1", "verdicts": "classification.macro_f1", "errors": "mention.f1"}
PER_TYPE_NOTE = ("per-type rows follow nervaluate's filtered semantics (both sides filtered to one type, so a "
                 "type swap is spurious under one type and missed under the other): they need not sum to the overall row")


@dataclass(frozen=True)
class Settings:
    """Everything that changes a number; all of it goes into the signature."""

    tasks: tuple[str, ...] = TASKS
    compat: Mode = "default"
    iou_threshold: float = 0.5
    n_resamples: int = 1000
    seed: int = 12345
    confidence: float = 0.95
    unknown_labels: UnknownLabels = "error"

    def __post_init__(self) -> None:
        unknown = set(self.tasks) - set(TASKS)
        if unknown:
            raise ValueError(f"unknown task(s) {sorted(unknown)}; choose from {', '.join(TASKS)}")
        if not 0.0 < self.iou_threshold <= 1.0:
            raise ValueError(f"the IoU threshold must be in (0, 1], not {self.iou_threshold}")
        if self.n_resamples < 1:
            raise ValueError("the number of bootstrap resamples must be at least 1")
        if not 0.0 < self.confidence < 1.0:
            raise ValueError(f"the confidence level must be in (0, 1), not {self.confidence}")


@dataclass(frozen=True)
class _Headline:
    """What ``compare`` needs of a task: per-document counts and the statistic on them."""

    metric: str
    counts: pd.DataFrame
    statistic: Statistic


@dataclass
class _Task:
    figures: dict[str, Any] = field(default_factory=dict)
    headline: _Headline | None = None


# ---------------------------------------------------------------------------- signature


def signature(task: str, settings: Settings, data: str, prompt: str | None = None) -> tuple[dict[str, Any], str]:
    """The settings of one task's scores, as a dict and as a one-line string.

    ``prompt`` is the prompt version behind predictions converted from quotes (none for
    ordinary submissions, whose signatures stay as they were).
    """
    match = settings.compat if task == "entities" else f"iou{settings.iou_threshold:g}"
    ci = f"boot{settings.n_resamples}-doc" + ("" if settings.confidence == 0.95 else f"-c{settings.confidence:g}")
    fields = {"data": data, "task": task, "match": match, "ci": ci, "seed": settings.seed, "harness": __version__}
    if task == "entities":
        fields["unknown_labels"] = settings.unknown_labels
    if prompt:
        fields["prompt"] = prompt
    order = (["task", "match", "ci", "seed"] + (["unknown_labels"] if task == "entities" else [])
             + (["prompt"] if prompt else []) + ["harness"])
    short = {"unknown_labels": "unk"}
    text = f"errata:{data}|" + "|".join(f"{short.get(k, k)}:{fields[k]}" for k in order)
    return fields, text


# ---------------------------------------------------------------------------- helpers


def _doc_counts(frame: pd.DataFrame, columns: dict[str, Any], doc_ids: tuple[str, ...]) -> pd.DataFrame:
    """Sum boolean/integer columns (array-likes aligned with ``frame``) per document; every
    doc of ``doc_ids`` gets a row."""
    index = pd.Index(doc_ids, name="doc_id")
    row = index.get_indexer(frame["doc_id"])
    known = row >= 0  # documents outside doc_ids get no row
    return pd.DataFrame({name: np.bincount(row[known], np.asarray(values, np.int64)[known], len(index)).astype(np.int64)
                         for name, values in columns.items()}, index=index)


def _ci(counts: pd.DataFrame, statistic: Statistic, settings: Settings) -> list[float]:
    low, high = bootstrap_ci(counts, statistic, settings.n_resamples, settings.seed, settings.confidence)
    return [low, high]


def _prf_group(counts: pd.DataFrame, settings: Settings) -> dict[str, Any]:
    """tp/fp/fn, P/R/F1 and their CIs from per-document (tp, n_pred, n_gold) counts."""
    tp, n_pred, n_gold = (int(counts[c].sum()) for c in ("tp", "n_pred", "n_gold"))
    group: dict[str, Any] = metrics.span_scores(tp, n_pred, n_gold)
    group["ci"] = {m: _ci(counts[["tp", "n_pred", "n_gold"]], metrics.span_statistic(m), settings)
                   for m in metrics.MEASURES}
    return group


def _iou_group(gold: pd.DataFrame, pred: pd.DataFrame, pairs: pd.DataFrame, doc_ids: tuple[str, ...],
               settings: Settings) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Span detection from IoU matches: per-document counts, and the P/R/F1 group with its threshold."""
    counts = metrics.span_doc_counts(gold, pred, pairs, doc_ids)
    group = _prf_group(counts, settings)
    group["iou_threshold"] = settings.iou_threshold
    return counts, group


def _ratio_group(counts: pd.DataFrame, name: str, settings: Settings) -> dict[str, Any]:
    """A proportion hits/total with its CI (accuracy on matched items, group recall)."""
    hits, total = int(counts["hits"].sum()), int(counts["total"].sum())
    value = hits / total if total else 0.0
    statistic = metrics.span_statistic("precision")  # hits / total, 0 when total is 0
    table = pd.DataFrame({"tp": counts["hits"], "n_pred": counts["total"], "n_gold": counts["total"]})
    return {name: value, "hits": hits, "total": total, "ci": {name: _ci(table, statistic, settings)}}


def normalise_correction(text: str | None) -> str:
    """The form corrections are compared in: harness.textnorm's normalisation (NFKC, straight
    quotes, one dash, case-folded, white space collapsed), no punctuation at the ends."""
    if not text:
        return ""
    return normalise(text)[0].strip(" .,;:!?'\"()[]")


# ---------------------------------------------------------------------------- tasks


def _score_entities(ref: TaskTables, pred: TaskTables, settings: Settings, notes: list[str]) -> _Task:
    predicted = pred.entities
    unknown = ~predicted["label"].isin(ENTITY_LABELS)
    spurious_unknown = _doc_counts(predicted, {"n": unknown.to_numpy()}, ref.doc_ids)["n"]
    if unknown.any():
        notes.append(f"entities: {int(unknown.sum())} prediction(s) with labels outside OntoNotes counted as spurious")
    known = predicted[~unknown].reset_index(drop=True) if unknown.any() else predicted
    counts = match_entities(ref.entities, known, settings.compat, ref.doc_ids)
    docs = counts.docs.reindex(pd.Index(ref.doc_ids, name="doc_id"), fill_value=0)
    for scheme in SCHEMES:
        docs[(scheme, "spu")] += spurious_unknown.to_numpy()
    counts = counts._replace(docs=docs)
    scores = metrics.entity_scores(counts)
    task = _Task()
    for scheme in SCHEMES:
        row = dict(scores["overall"][scheme])
        row["ci"] = {m: _ci(docs, metrics.entity_statistic(scheme, m), settings) for m in metrics.MEASURES}
        task.figures[scheme] = row
    macro = scores["macro"]
    type_table = metrics.type_matrix(counts)
    for scheme in SCHEMES:
        macro[scheme]["ci"] = {"f1": _ci(type_table, metrics.entity_statistic(scheme, "f1", "macro"), settings)}
    task.figures["macro"] = macro
    task.figures["per_type"] = scores["per_type"]
    task.figures["per_type_note"] = PER_TYPE_NOTE
    task.figures["unknown_label_predictions"] = int(unknown.sum())
    task.headline = _Headline("strict.f1", docs, metrics.entity_statistic("strict", "f1"))
    return task


def _overlap_any(spans: pd.DataFrame, marks: pd.DataFrame) -> np.ndarray:
    """For each row of ``spans``: does any row of ``marks`` in the same document share a character?"""
    if not len(spans) or not len(marks):
        return np.zeros(len(spans), bool)
    pairs = spans.reset_index(names="row")[["row", "doc_id", "start", "end"]].merge(
        marks[["doc_id", "start", "end"]], on="doc_id", suffixes=("", "_m"))
    hit = (pairs["start"] < pairs["end_m"]) & (pairs["start_m"] < pairs["end"])
    result = np.zeros(len(spans), bool)
    result[pairs.loc[hit, "row"].to_numpy()] = True
    return result


def _score_claims(ref: TaskTables, pred: TaskTables, settings: Settings, pairs: pd.DataFrame) -> _Task:
    task = _Task()
    counts, task.figures["span"] = _iou_group(ref.claims, pred.claims, pairs, ref.doc_ids, settings)
    if ref.sentences is not None:
        gold_positive = _overlap_any(ref.sentences, ref.claims)
        pred_positive = _overlap_any(ref.sentences, pred.claims)
        sentence_counts = _doc_counts(ref.sentences, {"tp": gold_positive & pred_positive, "n_pred": pred_positive,
                                                      "n_gold": gold_positive}, ref.doc_ids)
        task.figures["sentence"] = _prf_group(sentence_counts, settings)
        task.figures["sentence"]["definition"] = ("a gold sentence is check-worthy when a gold claim overlaps it, "
                                                  "and predicted check-worthy when a predicted claim does")
    task.headline = _Headline("span.f1", counts[["tp", "n_pred", "n_gold"]], metrics.span_statistic("f1"))
    return task


def _score_verdicts(ref: TaskTables, pred: TaskTables, settings: Settings, claim_pairs: pd.DataFrame | None) -> _Task:
    task = _Task()
    if ref.claims is None or ref.claims.empty or not ref.claims["label"].isin(VERDICTS).all():
        return task  # nothing to verify against: no reference claims, or claims without verdicts
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
            "accuracy": _ci(class_counts, metrics.class_statistic(labels, "accuracy"), settings),
            "macro_f1": _ci(class_counts, metrics.class_statistic(labels, "macro_f1"), settings),
        }
        figures["macro_f1"] = figures["macro"]["f1"]
        figures["labels_note"] = ("macro averages run over the verdict classes present in the gold; a missing "
                                  "verdict, or one of a class absent from the gold, counts as wrong")
        task.figures["classification"] = figures
        task.headline = _Headline("classification.macro_f1", class_counts, metrics.class_statistic(labels, "macro_f1"))
    if claim_pairs is not None and pred.claims is not None and (pred.claims["label"] != "").any():
        gold_verdict = ref.claims["label"].to_numpy()[claim_pairs["gold_index"].to_numpy()]
        pred_verdict = pred.claims["label"].to_numpy()[claim_pairs["pred_index"].to_numpy()]
        correct = claim_pairs.assign(tp=gold_verdict == pred_verdict)
        counts = metrics.span_doc_counts(ref.claims, pred.claims, correct[correct["tp"]], ref.doc_ids)
        task.figures["conditioned"] = _prf_group(counts, settings)
        task.figures["conditioned"]["definition"] = ("end to end: a predicted claim counts only when its span "
                                                     "matches a gold claim and its verdict is the gold verdict")
        if task.headline is None:
            task.headline = _Headline("conditioned.f1", counts, metrics.span_statistic("f1"))
    return task


def _score_errors(ref: TaskTables, pred: TaskTables, settings: Settings, pairs: pd.DataFrame) -> _Task:
    task = _Task()
    counts, task.figures["mention"] = _iou_group(ref.errors, pred.errors, pairs, ref.doc_ids, settings)

    gold_rows = ref.errors.iloc[pairs["gold_index"].to_numpy()].reset_index(drop=True)
    pred_rows = pred.errors.iloc[pairs["pred_index"].to_numpy()].reset_index(drop=True)
    matched = gold_rows[["doc_id"]]
    if ref.errors["group_id"].notna().all():
        found_groups = set(zip(gold_rows["doc_id"], gold_rows["group_id"]))
        groups = ref.errors.drop_duplicates(["doc_id", "group_id"]).reset_index(drop=True)
        hit = [key in found_groups for key in zip(groups["doc_id"], groups["group_id"])]
        task.figures["group"] = _ratio_group(
            _doc_counts(groups, {"hits": hit, "total": np.ones(len(groups), bool)}, ref.doc_ids), "recall", settings)
    type_ok = (gold_rows["label"] == pred_rows["label"]).to_numpy()
    ones = np.ones(len(matched), bool)
    task.figures["type"] = _ratio_group(_doc_counts(matched, {"hits": type_ok, "total": ones}, ref.doc_ids),
                                        "accuracy", settings)
    accepted = [{normalise_correction(c) for c in (gold, *alternatives)} - {""}
                for gold, alternatives in zip(gold_rows["correction"], gold_rows["alternatives"])]
    correction_ok = [normalise_correction(c) in ok for c, ok in zip(pred_rows["correction"], accepted)]
    task.figures["correction"] = _ratio_group(
        _doc_counts(matched, {"hits": correction_ok, "total": ones}, ref.doc_ids),
        "accuracy", settings)
    task.figures["correction"]["normalisation"] = normalise_correction.__doc__.split("\n\n")[0].replace("\n", " ")
    typed = metrics.span_doc_counts(ref.errors, pred.errors, pairs[type_ok], ref.doc_ids)
    task.figures["typed"] = _prf_group(typed, settings)
    task.figures["typed"]["definition"] = "a found error counts only with the gold type"
    task.headline = _Headline("mention.f1", counts[["tp", "n_pred", "n_gold"]], metrics.span_statistic("f1"))
    return task


# ---------------------------------------------------------------------------- entry points


@dataclass(frozen=True)
class Scored:
    """A scored submission: its results document, and per task what the paired test needs
    (so that ``compare_scored`` can test already-scored submissions without scoring again)."""

    results: dict[str, Any]
    headlines: dict[str, _Headline]


def _score(ref: TaskTables, pred: TaskTables, settings: Settings, data: str,
           prompts: dict[str, str] | None = None) -> Scored:
    """Score every requested task; ``prompts`` (layer -> prompt version) go into the signatures."""
    from .formats.quotes import prompt_of

    notes: list[str] = []
    tasks: dict[str, Any] = {}
    skipped: dict[str, str] = {}
    headlines: dict[str, _Headline] = {}
    claim_pairs = None
    if pred.claims is not None and ref.claims is not None:
        claim_pairs = match_iou(ref.claims, pred.claims, settings.iou_threshold)
    for name in TASKS:
        if name not in settings.tasks:
            skipped[name] = "not requested"
            continue
        if name == "entities":
            task = _score_entities(ref, pred, settings, notes) if pred.entities is not None else None
        elif name == "claims":
            task = _score_claims(ref, pred, settings, claim_pairs) if claim_pairs is not None else None
        elif name == "verdicts":
            task = _score_verdicts(ref, pred, settings, claim_pairs)
            task = task if task.headline is not None else None
        else:
            task = (_score_errors(ref, pred, settings, match_iou(ref.errors, pred.errors, settings.iou_threshold))
                    if pred.errors is not None else None)
        if task is None:
            skipped[name] = "the submission has no predictions for this task"
            continue
        fields, text = signature(name, settings, data, prompt_of(name, prompts or {}, list(task.figures)))
        metric = task.headline.metric
        group, measure = metric.split(".")
        figures = task.figures
        figures["headline"] = {"metric": metric, "value": figures[group][measure], "ci": figures[group]["ci"][measure]}
        tasks[name] = {"signature": fields, "signature_string": text, **figures}
        headlines[name] = task.headline
    return Scored({"tasks": tasks, "skipped_tasks": skipped, "notes": notes}, headlines)


def _system(sub: Submission) -> dict[str, Any]:
    return {"name": sub.system.name, "version": sub.system.version, "description": sub.system.description,
            "url": sub.system.url}


def _check_covered(gold: Gold, sub: Submission) -> None:
    """A doc id outside the gold is an error, never silently ignored."""
    unknown = sorted(set(sub.documents) - set(gold.documents))
    if unknown:
        raise HarnessError([Problem(sub.source, f"unknown doc id (not in gold data version {gold.version})", d, "doc_id")
                            for d in unknown])


def score(gold: Gold, sub: Submission, settings: Settings = Settings()) -> Scored:
    """Like :func:`evaluate`, keeping what :func:`compare_scored` needs."""
    from .formats.quotes import provenance

    _check_covered(gold, sub)
    data = f"{gold.version}+{gold.sha12}"
    quoted = provenance(sub)
    with shared_resamples(settings.n_resamples, settings.seed):
        scored = _score(gold_tables(gold), submission_tables(sub), settings, data, quoted.prompts if quoted else None)
    scored.results.update({
        "harness_version": __version__,
        "data": {"version": gold.version, "sha12": gold.sha12},
        "system": _system(sub),
        "submission": {"file": sub.source},
    })
    if quoted:
        scored.results["anchoring"] = quoted.report
    missing = len(set(gold.documents) - set(sub.documents))
    if missing:
        scored.results["notes"].append(f"{missing} gold document(s) missing from the submission count as empty")
    return Scored(_order(scored.results), scored.headlines)


def evaluate(gold: Gold, submission: Submission, settings: Settings = Settings()) -> dict[str, Any]:
    """Score ``submission`` against ``gold`` on every task it has predictions for.

    Documents missing from the submission count as empty; a doc id not in the gold raises
    HarnessError. Returns the results document (schema/results.schema.json).
    """
    return score(gold, submission, settings).results


def agree(reference: Submission, other: Submission, settings: Settings = Settings()) -> dict[str, Any]:
    """Score one annotation set against another (both in submission format, no texts needed),
    plus Cohen's kappa on the labels of matched items."""
    ref_tables = submission_tables(reference)
    ref_tables = replace(ref_tables, doc_ids=tuple(sorted(set(reference.documents) | set(other.documents))))
    sha12 = tables_hash(ref_tables)[:12]
    other_tables = submission_tables(other)
    with shared_resamples(settings.n_resamples, settings.seed):
        results = _score(ref_tables, other_tables, settings, f"agree+{sha12}").results
    for task, kappa in _matched_label_kappas(ref_tables, other_tables, settings.iou_threshold).items():
        if task in results["tasks"]:
            results["tasks"][task]["kappa"] = kappa
    results.update({
        "harness_version": __version__,
        "data": {"version": "agree", "sha12": sha12},
        "system": _system(other),
        "reference": _system(reference),
        "submission": {"file": other.source},
    })
    return _order(results)


def _matched_label_kappas(ref: TaskTables, other: TaskTables, threshold: float) -> dict[str, dict[str, Any]]:
    """Cohen's kappa on the labels of matched items: entities with identical spans, claims
    (verdicts) and errors (types) matched by IoU."""
    kappas = {}
    if ref.entities is not None and other.entities is not None:
        rows_a, rows_b = same_span_pairs(ref.entities, other.entities)
        kappas["entities"] = metrics.cohen_kappa(ref.entities["label"].to_numpy()[rows_a].tolist(),
                                                 other.entities["label"].to_numpy()[rows_b].tolist())
    for task, layer in (("verdicts", "claims"), ("errors", "errors")):
        a, b = getattr(ref, layer), getattr(other, layer)
        if a is not None and b is not None:
            pairs = match_iou(a, b, threshold)
            kappas[task] = metrics.cohen_kappa(a["label"].to_numpy()[pairs["gold_index"].to_numpy()].tolist(),
                                               b["label"].to_numpy()[pairs["pred_index"].to_numpy()].tolist())
    return kappas


def compare(gold: Gold, a: Submission, b: Submission, settings: Settings = Settings()) -> dict[str, Any]:
    """Paired bootstrap test of every headline metric both submissions have."""
    with shared_resamples(settings.n_resamples, settings.seed):
        return compare_scored(gold, score(gold, a, settings), score(gold, b, settings), settings)


def compare_scored(gold: Gold, first: Scored, second: Scored, settings: Settings = Settings()) -> dict[str, Any]:
    """:func:`compare` for two submissions already scored with :func:`score` (same gold and settings)."""
    tests, skipped = {}, {}
    for task in TASKS:
        if task not in first.headlines or task not in second.headlines:
            skipped[task] = "not scored for both submissions"
            continue
        ha, hb = first.headlines[task], second.headlines[task]
        if ha.metric != hb.metric:
            skipped[task] = f"different headline metrics ({ha.metric} vs {hb.metric}): not comparable"
            continue
        test = paired_bootstrap(ha.counts, hb.counts, ha.statistic, settings.n_resamples, settings.seed,
                                settings.confidence)
        fields, text = signature(task, settings, f"{gold.version}+{gold.sha12}")
        tests[task] = {"metric": ha.metric, **test, "signature": fields, "signature_string": text}
        prompts = {side: scored.results["tasks"][task]["signature"].get("prompt") for side, scored in
                   (("a", first), ("b", second))}
        if any(prompts.values()):
            tests[task]["prompts"] = prompts  # quote-based predictions: each side's prompt version
    return {"harness_version": __version__, "data": {"version": gold.version, "sha12": gold.sha12},
            "a": first.results["system"], "b": second.results["system"], "tests": tests, "skipped_tasks": skipped}


def _order(results: dict[str, Any]) -> dict[str, Any]:
    """A stable key order for the JSON output (the header first, then tasks)."""
    head = ["harness_version", "data", "system", "reference", "submission", "anchoring", "tasks", "skipped_tasks", "notes"]
    return {key: results[key] for key in head if key in results}
