"""Boards (one per task and headline metric), rank groups from the paired bootstrap, and the
leaderboard document that every output format is rendered from.

Rank rule (also in docs/leaderboard.md): within a board, systems are ordered by headline score,
highest first (ties by name, then version). The first system opens group 1 and leads it. Each
next system is compared with the leader of the current group by ``harness.compare``
(paired document bootstrap, two-sided): if p >= ALPHA it joins the group and shares its rank;
otherwise it leads a new group whose rank is its position in the order (1, 1, 3, ...). Entries
from results files carry no predictions, so they are listed by score without a rank.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .. import __version__
from ..scoring import HEADLINES, TASKS, Settings, compare_scored, signature
from ..model import ENTITY_LABELS, VERDICTS, Gold
from .entries import ALLOWED_HEADLINES, Entry, Refusal

ALPHA = 0.05
RANK_RULE = (
    "Systems are ordered by headline score (ties by name, then version). The first system leads rank group 1; "
    "each next system is compared with the leader of the current group by the paired document bootstrap of "
    "`harness compare` (two-sided). If p >= 0.05 it shares the leader's rank; otherwise it leads a new group "
    "ranked by its position in the order (1, 1, 3, ...). Tests are not corrected for multiple comparisons. "
    "Entries from results files have no predictions to resample and are listed without a rank.")
# Each task's main headline first, then the verdicts fallback (end to end, for systems without verdicts).
BOARD_ORDER = [(task, metric) for task in TASKS
               for metric in [HEADLINES[task], *sorted(ALLOWED_HEADLINES[task] - {HEADLINES[task]})]]
GENERATOR = "harness leaderboard"

# Per board, the figures shown beside the headline, as (column header, dotted path in the task's results).
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "strict.f1": [("P", "strict.precision"), ("R", "strict.recall"), ("partial F1", "partial.f1"),
                  ("macro F1", "macro.strict.f1")],
    "span.f1": [("P", "span.precision"), ("R", "span.recall"), ("sentence F1", "sentence.f1")],
    "classification.macro_f1": [("accuracy", "classification.accuracy"), ("coverage", "classification.coverage")],
    "conditioned.f1": [("P", "conditioned.precision"), ("R", "conditioned.recall")],
    "mention.f1": [("P", "mention.precision"), ("R", "mention.recall"), ("typed F1", "typed.f1"),
                   ("type acc.", "type.accuracy"), ("correction acc.", "correction.accuracy"),
                   ("group recall", "group.recall")],
}
# Per-type breakdowns: (title, path of the per-label mapping, path of the figure inside one label, label order).
BREAKDOWNS: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "strict.f1": ("Per entity type (strict F1)", "per_type", "strict.f1", ENTITY_LABELS),
    "classification.macro_f1": ("Per verdict class (F1)", "classification.per_class", "f1", VERDICTS),
}

# Per board: (task title, headline name, what is scored); {iou} is the settings' IoU threshold.
BOARD_TEXT: dict[tuple[str, str], tuple[str, str, str]] = {
    ("entities", "strict.f1"): ("Entities", "strict F1", "OntoNotes entity mentions; strict means exact boundaries and "
                                "type (SemEval-2013 schemes, as nervaluate 1.2.1 counts them)."),
    ("claims", "span.f1"): ("Claims", "span F1", "Check-worthy claim spans, matched one to one at IoU >= {iou}."),
    ("verdicts", "classification.macro_f1"): ("Verdicts", "macro F1", "A verdict for each gold claim; macro average over "
                                              "the verdict classes present in the gold."),
    ("verdicts", "conditioned.f1"): ("Verdicts, end to end", "F1", "For systems that give verdicts on their own claim "
                                     "spans: a claim counts when its span matches a gold claim (IoU >= {iou}) and its "
                                     "verdict is the gold verdict."),
    ("errors", "mention.f1"): ("Errors", "mention F1", "Factual error spans, matched one to one at IoU >= {iou}; typed F1 "
                               "also needs the gold error type."),
}


def board_text(board: dict[str, Any], settings: dict[str, Any]) -> tuple[str, str, str]:
    title, headline, about = BOARD_TEXT[(board["task"], board["metric"])]
    return title, headline, about.format(iou=f"{settings['iou_threshold']:g}")


def figure(task: dict[str, Any], path: str) -> Any:
    """The value at a dotted path of a task's results, or None where a file lacks it."""
    value: Any = task
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def number(task: dict[str, Any], path: str) -> float | None:
    """A figure that is a number (never a bool), else None."""
    value = figure(task, path)
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def breakdown_labels(document: dict[str, Any], board: dict[str, Any]) -> list[str]:
    """The labels of a board's breakdown present in any entry, in the schema's order (others after, sorted)."""
    _, mapping, _, order = BREAKDOWNS[board["metric"]]
    members = {row["entry"] for row in board["rows"]}
    tasks = [e["results"]["tasks"][board["task"]] for e in document["entries"] if e["id"] in members]
    present = {label for task in tasks for label in (figure(task, mapping) or {})}
    return [label for label in order if label in present] + sorted(present - set(order))

PValue = Callable[[Entry, Entry, str], float]


def paired_p_value(gold: Gold, settings: Settings) -> PValue:
    """p(a, b, task) from the paired test, one call per pair of entries (it tests every task at
    once) on the entries' existing scores."""
    cache: dict[tuple[str, str], dict[str, Any]] = {}

    def p_value(a: Entry, b: Entry, task: str) -> float:
        key = (a.slug, b.slug)
        if key not in cache:
            cache[key] = compare_scored(gold, a.scored, b.scored, settings)["tests"]
        return float(cache[key][task]["p_value"])

    return p_value


def _order_key(entry: Entry, task: str) -> tuple[float, str, str, str]:
    return (-entry.results["tasks"][task]["headline"]["value"], entry.system["name"], entry.system["version"], entry.slug)


def rank_board(entries: list[Entry], task: str, p_value: PValue) -> list[dict[str, Any]]:
    """The rows of one board, best first, with rank groups for entries that have predictions."""
    rows = []
    leader: tuple[Entry, int] | None = None
    tested = 0
    for entry in sorted(entries, key=lambda e: _order_key(e, task)):
        head = entry.results["tasks"][task]["headline"]
        row: dict[str, Any] = {"entry": entry.slug, "value": head["value"], "ci": list(head["ci"]),
                               "rank": None, "compared_with": None, "p_value": None,
                               "prompt": entry.results["tasks"][task]["signature"].get("prompt")}
        if entry.submission is not None:
            tested += 1
            if leader is not None:
                row["compared_with"] = leader[0].slug
                row["p_value"] = p_value(leader[0], entry, task)
            if leader is not None and row["p_value"] >= ALPHA:
                row["rank"] = leader[1]
            else:
                leader = (entry, tested)
                row["rank"] = tested
        rows.append(row)
    return rows


def build_document(gold: Gold, settings: Settings, entries: list[Entry], refusals: list[Refusal],
                   p_value: PValue, hub_dataset: str) -> dict[str, Any]:
    """The whole leaderboard as plain data (what leaderboard.json holds)."""
    from .cards import task_id

    boards = []
    for task, metric in BOARD_ORDER:
        members = [e for e in entries if task in e.results["tasks"] and e.results["tasks"][task]["headline"]["metric"] == metric]
        if not members:
            continue
        boards.append({"task": task, "metric": metric, "task_id": task_id(task, metric),
                       "signature_string": signature(task, settings, f"{gold.version}+{gold.sha12}")[1],
                       "rows": rank_board(members, task, p_value)})
    return {
        "generator": GENERATOR,
        "harness_version": __version__,
        "data": {"version": gold.version, "sha12": gold.sha12},
        "settings": {key: list(value) if isinstance(value, tuple) else value for key, value in asdict(settings).items()},
        "alpha": ALPHA,
        "rank_rule": RANK_RULE,
        "hub_dataset": hub_dataset,
        "entries": [{"id": e.slug, "kind": "submission" if e.submission is not None else "results file",
                     "file": e.results["submission"]["file"], "system": e.system, "results": e.results} for e in entries],
        "boards": boards,
        "refused": [{"file": Path(r.file).name, "reason": r.reason} for r in refusals],
    }
