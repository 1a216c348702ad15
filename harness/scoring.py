"""Scoring: a submission against the gold (``evaluate``), two annotation sets against each
other (``agree``), or two submissions against each other (``compare``).

Every figure comes with a document-level bootstrap confidence interval, and every task
with a sacreBLEU-style signature of the data version and settings that produced it. The
result is a plain dict that follows ``schema/results.schema.json``. What each task scores
and how is in its module of :mod:`harness.tasks`; this module runs the registry.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import Any

from . import __version__
from .figures import Headline, ci
from .model import SUBSETS, Gold, Submission, data_id
from .problems import HarnessError, Problem
from .results import DEFAULT_CONFIDENCE, Signature
from .settings import Settings
from .stats import paired_bootstrap, shared_resamples
from .tables import gold_tables, submission_tables, tables_hash
from .tasks import TASKS, Context, Task

# ---------------------------------------------------------------------------- signature


def signature(task: str, settings: Settings, data: str, prompt: str | None = None) -> Signature:
    """The data and settings of one task's scores.

    ``prompt`` is the prompt version behind predictions converted from quotes (none for
    ordinary submissions, whose signatures stay as they were).
    """
    definition = TASKS[task]
    match = settings.compat if definition.matching == "compat" else f"iou{settings.iou_threshold:g}"
    ci = f"boot{settings.n_resamples}-doc" + ("" if settings.confidence == DEFAULT_CONFIDENCE else f"-c{settings.confidence:g}")
    fields: list[tuple[str, Any]] = [("task", task), ("split", settings.split), ("match", match), ("ci", ci), ("seed", settings.seed)]
    if definition.unknown_labels:
        fields.append(("unknown_labels", settings.unknown_labels))
    if prompt:
        fields.append(("prompt", prompt))
    return Signature(data, (*fields, ("harness", __version__)))


def prompt_of(task: Task, prompts: dict[str, str], figures: Sequence[str]) -> str | None:
    """The prompt(s) behind one task's figures, for its signature: the prompt of each layer the
    task's figures come from (for verdicts, also the claims layer when end-to-end figures were scored)."""
    used = [prompts[layer] for layer, group in task.prompt_layers if layer in prompts and (not group or group in figures)]
    return "+".join(dict.fromkeys(used)) or None


# ---------------------------------------------------------------------------- entry points


@dataclass(frozen=True)
class Scored:
    """A scored submission: its results document, and per task what the paired test needs
    (so that ``compare_scored`` can test already-scored submissions without scoring again)."""

    results: dict[str, Any]
    headlines: dict[str, Headline]


def _score(context: Context, data: str, prompts: dict[str, str]) -> Scored:
    """Score every requested task; ``prompts`` (layer -> prompt version) go into the signatures."""
    tasks: dict[str, Any] = {}
    skipped: dict[str, str] = {}
    headlines: dict[str, Headline] = {}
    for name, definition in TASKS.items():
        if name not in context.settings.tasks:
            skipped[name] = "not requested"
            continue
        task = definition.score(context)
        if task is None or task.headline is None:
            skipped[name] = ("the reference has no annotations to score it against"
                             if getattr(context.pred, definition.layer) is not None
                             else "the submission has no predictions for this task")
            continue
        sig = signature(name, context.settings, data, prompt_of(definition, prompts, list(task.figures)))
        metric = task.headline.metric
        group, measure = metric.split(".")
        figures = task.figures
        figures["headline"] = {"metric": metric, "value": figures[group][measure], "ci": figures[group]["ci"][measure],
                               "per_document": task.headline.per_document()}
        tasks[name] = {"signature": sig.as_dict(), "signature_string": str(sig), **figures}
        headlines[name] = task.headline
    return Scored({"tasks": tasks, "skipped_tasks": skipped, "notes": context.notes}, headlines)


def _system(sub: Submission) -> dict[str, Any]:
    return {"name": sub.system.name, "version": sub.system.version, "description": sub.system.description,
            "url": sub.system.url}


def _check_covered(gold: Gold, sub: Submission) -> None:
    """A doc id outside the gold is an error, never silently ignored."""
    unknown = sorted(set(sub.documents) - set(gold.documents))
    if unknown:
        raise HarnessError([Problem(sub.source, f"unknown doc id (not in gold data version {gold.version})", d, "doc_id")
                            for d in unknown])


def _add_subsets(scored: Scored, gold: Gold, sub: Submission, settings: Settings, data: str,
                 prompts: dict[str, str]) -> None:
    """Each task's headline (value and interval) in each subset of the selected split, under
    ``tasks.<task>.subsets``, so that users see how hard each part is; same settings and resamples.

    A subset's headline is taken from the subset's rows of the overall per-document counts
    (:func:`_part_headline`) when the submission carries the same layers in the subset as overall
    (so that the same tasks are scored); otherwise, or when a task's counts cannot tell, the
    subset is scored again on its own."""
    tasks = scored.results["tasks"]
    for subset in SUBSETS:
        part = gold.select(subset=subset)
        if not part.documents:
            continue
        part_sub = sub.select(part.documents)
        same_layers = part_sub.layers() == sub.layers()
        found = {task: _part_headline(task, headline, part.documents, settings) if same_layers else None
                 for task, headline in scored.headlines.items()}
        if None in found.values():
            again = _score(Context(gold_tables(part), submission_tables(part_sub), settings), data, prompts).results["tasks"]
            found.update({task: {key: value for key, value in again[task]["headline"].items() if key != "per_document"}
                          for task, head in found.items() if head is None and task in again})
        for task, head in found.items():
            if head is not None:
                tasks[task].setdefault("subsets", {})[subset] = {"documents": len(part.documents), **head}


def _part_headline(task: str, headline: Headline, doc_ids: Collection[str], settings: Settings) -> dict[str, Any] | None:
    """A task's headline (metric, value, interval) over some documents, from their rows of its
    per-document counts, as scoring them alone gives it; None when the task cannot tell."""
    definition = TASKS[task]
    table = headline.table()
    rows = table[table.index.isin(list(doc_ids))]
    if definition.part_headline is None:
        statistic = definition.statistic(headline.metric, tuple(rows.columns))
        value = float(statistic(rows.to_numpy(float).sum(axis=0)[None, :])[0])
    else:
        part = definition.part_headline(headline.metric, rows)
        if part is None:
            return None
        value, rows = part
        statistic = definition.statistic(headline.metric, tuple(rows.columns))
    return {"metric": headline.metric, "value": value, "ci": ci(rows, statistic, settings)}


def score(gold: Gold, sub: Submission, settings: Settings = Settings()) -> Scored:
    """Like :func:`evaluate`, keeping what :func:`compare_scored` needs."""
    _check_covered(gold, sub)
    gold = gold.select(settings.split)
    sub = sub.select(gold.documents)
    data = data_id(gold.data)
    quoted = sub.provenance
    prompts = quoted.prompts if quoted else {}
    with shared_resamples(settings.n_resamples, settings.seed):
        scored = _score(Context(gold_tables(gold), submission_tables(sub), settings), data, prompts)
        _add_subsets(scored, gold, sub, settings, data, prompts)
    scored.results.update({
        "harness_version": __version__,
        "data": gold.data,
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

    Only the documents of ``settings.split`` are scored (``test`` unless asked otherwise), overall
    and per subset; predictions for documents of another split are left out. Documents of the
    split missing from the submission count as empty; a doc id not in the gold raises
    HarnessError. Returns the results document (schema/results.schema.json).
    """
    return score(gold, submission, settings).results


def explain(gold: Gold, submission: Submission, settings: Settings = Settings()) -> list[dict[str, Any]]:
    """One row per gold item and per predicted item of every task scored (``harness eval --explain``).

    A row holds the task, doc id, side (gold or predicted), id, span and text, label, status
    (matched, missed or spurious), the partner item it was paired with and their IoU, and whether
    its label, verdict, type or correction was right, as the scorer counted it (for entities, the
    category under each SemEval-2013 scheme). Predicted items without an id are named by their
    position in their document's layer ('#0' ...). Matched + missed rows are the gold items and
    matched + spurious rows the predicted items of each task and document. Only the documents of
    ``settings.split`` have rows, as only they are scored.
    """
    _check_covered(gold, submission)
    gold = gold.select(settings.split)
    submission = submission.select(gold.documents)
    context = Context(gold_tables(gold), submission_tables(submission), settings)
    rows: list[dict[str, Any]] = []
    for name, task in TASKS.items():
        if name in settings.tasks and task.explain is not None:
            rows += task.explain(context) or []
    return [_with_text(row, gold.documents[row["doc_id"]].text) for row in rows]


def _with_text(item: dict[str, Any], text: str) -> dict[str, Any]:
    """An explanation row (or its partner) with the text of its span after its offsets."""
    out: dict[str, Any] = {}
    for key, value in item.items():
        out[key] = _with_text(value, text) if key == "partner" and value is not None else value
        if key == "end":
            out["text"] = text[item["start"]:item["end"]]
    return out


def agree(reference: Submission, other: Submission, settings: Settings = Settings()) -> dict[str, Any]:
    """Score one annotation set against another (both in submission format, no texts needed),
    plus Cohen's kappa on the labels of matched items."""
    ref_tables = submission_tables(reference)
    ref_tables = replace(ref_tables, doc_ids=tuple(sorted(set(reference.documents) | set(other.documents))))
    sha12 = tables_hash(ref_tables)[:12]
    context = Context(ref_tables, submission_tables(other), settings)
    with shared_resamples(settings.n_resamples, settings.seed):
        results = _score(context, f"agree+{sha12}", {}).results
    for name, definition in TASKS.items():
        kappa = definition.kappa(context) if definition.kappa is not None else None
        if kappa is not None and name in results["tasks"]:
            results["tasks"][name]["kappa"] = kappa
    results.update({
        "harness_version": __version__,
        "data": {"version": "agree", "sha12": sha12},
        "system": _system(other),
        "reference": _system(reference),
        "submission": {"file": other.source},
    })
    return _order(results)


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
        test = paired_bootstrap(ha.table(), hb.table(), ha.statistic, settings.n_resamples, settings.seed,
                                settings.confidence)
        sig = signature(task, settings, data_id(gold.data))
        tests[task] = {"metric": ha.metric, **test, "signature": sig.as_dict(), "signature_string": str(sig)}
        prompts = {side: scored.results["tasks"][task]["signature"].get("prompt") for side, scored in
                   (("a", first), ("b", second))}
        if any(prompts.values()):
            tests[task]["prompts"] = prompts  # quote-based predictions: each side's prompt version
    return {"harness_version": __version__, "data": gold.data,
            "a": first.results["system"], "b": second.results["system"], "tests": tests, "skipped_tasks": skipped}


def scored_from_results(results: dict[str, Any], gold: Gold, settings: Settings, file: str) -> Scored:
    """A results document (``harness eval --output``) as a :class:`Scored`, for :func:`compare_scored`:
    its tasks' per-document headline counts, checked to come from this gold and these settings."""
    import pandas as pd

    gold = gold.select(settings.split)  # the documents its per-document counts cover
    problems = []
    if data_id(results["data"]) != data_id(gold.data):
        problems.append(Problem(file, f"scored against errata {data_id(results['data'])}, not {data_id(gold.data)}: "
                                      "score the predictions again with `harness eval`"))
    headlines = {}
    for task, figures in results["tasks"].items():
        if task not in settings.tasks:
            continue
        wanted = signature(task, settings, data_id(gold.data))
        if not Signature.parse(figures["signature_string"]).compatible(wanted, ignore=("prompt",)):
            problems.append(Problem(file, f"signature {figures['signature_string']!r} differs from these settings' "
                                          f"{str(wanted)!r}: use the same options, or score again", task))
            continue
        head = figures["headline"]
        if "per_document" not in head:
            problems.append(Problem(file, "has no per-document counts (written by an older harness): score the "
                                          "predictions again with `harness eval --output`", task))
            continue
        table = head["per_document"]
        if sorted(table["doc_ids"]) != sorted(gold.documents) or any(len(row) != len(table["columns"])
                                                                       for row in table["counts"]):
            problems.append(Problem(file, f"its per-document counts do not cover the {settings.split} split's documents, "
                                          "one row each", task))
            continue
        counts = pd.DataFrame(table["counts"], index=pd.Index(table["doc_ids"], name="doc_id"), columns=table["columns"])
        statistic = TASKS[task].statistic(head["metric"], tuple(table["columns"]))
        if abs(float(statistic(counts.to_numpy(float).sum(axis=0)[None, :])[0]) - head["value"]) > 1e-9:
            problems.append(Problem(file, f"its per-document counts do not give its headline {head['value']!r}", task))
            continue
        headlines[task] = Headline(head["metric"], counts, statistic)
    if problems:
        raise HarnessError(problems)
    return Scored(results, headlines)


def _order(results: dict[str, Any]) -> dict[str, Any]:
    """A stable key order for the JSON output (the header first, then tasks)."""
    head = ["harness_version", "data", "system", "reference", "submission", "anchoring", "tasks", "skipped_tasks", "notes"]
    return {key: results[key] for key in head if key in results}
