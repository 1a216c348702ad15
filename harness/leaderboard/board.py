"""Boards (one per task and headline metric), rank groups from the paired bootstrap, and the
leaderboard document that every output format is rendered from.

Rank rule (also in docs/leaderboard.md): within a board, systems are ordered by headline score,
highest first (ties by name, then version). The first system opens group 1 and leads it. Each
next system is compared with the leader of the current group by ``harness.compare``
(paired document bootstrap, two-sided): if p >= ALPHA it joins the group and shares its rank;
otherwise it leads a new group whose rank is its position in the order (1, 1, 3, ...). Entries
from results files written without per-document counts (an older harness) cannot be resampled, so they
are listed by score without a rank.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .. import __version__
from ..model import SUBSETS, Gold, data_id
from ..scoring import Settings, compare_scored, signature
from ..tasks import BOARDS
from ..textfmt import percent
from .entries import Entry, Refusal

ALPHA = 0.05
RANK_RULE = (
    "Systems are ordered by headline score (ties by name, then version). The first system leads rank group 1; "
    "each next system is compared with the leader of the current group by the paired document bootstrap of "
    f"`harness compare` (two-sided). If p >= {ALPHA:g} it shares the leader's rank; otherwise it leads a new group "
    "ranked by its position in the order (1, 1, 3, ...). Tests are not corrected for multiple comparisons. "
    "Results files from an older harness, without the per-document counts of their headlines, cannot be resampled "
    "and are listed without a rank.")
# Each task's boards in registry order: its usual headline first, then any fallback (verdicts end to end).
BOARD_ORDER = list(BOARDS)
GENERATOR = "harness leaderboard"

# Per board (by headline metric), the figures shown beside the headline, as (column header, dotted path).
COLUMNS: dict[str, list[tuple[str, str]]] = {board.metric: list(board.columns) for board in BOARDS.values()}
# The headline in each subset of the scored split, as (column header, dotted path): extra columns of the
# Markdown and CSV tables, and a table of its own under each board of the site.
SUBSET_COLUMNS: list[tuple[str, str]] = [(subset, f"subsets.{subset}.value") for subset in SUBSETS]
# Per-label breakdowns: (title, path of the per-label mapping, path of the figure inside one label, label order).
BREAKDOWNS: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    board.metric: (board.breakdown.title, board.breakdown.mapping, board.breakdown.figure, board.breakdown.labels)
    for board in BOARDS.values() if board.breakdown is not None}


def board_text(board: dict[str, Any], settings: dict[str, Any]) -> tuple[str, str, str]:
    """(task title, headline name, what is scored) of a board, with the settings' IoU threshold filled in."""
    definition = BOARDS[(board["task"], board["metric"])]
    return definition.title, definition.headline_name, definition.about.format(iou=f"{settings['iou_threshold']:g}")


def level(document: dict[str, Any]) -> str:
    """The confidence level of the leaderboard's intervals, as text ('95%')."""
    return percent(document["settings"]["confidence"])


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
        if entry.scored is not None:
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
    boards = []
    for task, metric in BOARD_ORDER:
        members = [e for e in entries if task in e.results["tasks"] and e.results["tasks"][task]["headline"]["metric"] == metric]
        if not members:
            continue
        boards.append({"task": task, "metric": metric, "task_id": BOARDS[(task, metric)].hub.task_id,
                       "signature_string": str(signature(task, settings, data_id(gold.data))),
                       "rows": rank_board(members, task, p_value)})
    return {
        "generator": GENERATOR,
        "harness_version": __version__,
        "data": gold.data,
        "settings": {key: list(value) if isinstance(value, tuple) else value for key, value in asdict(settings).items()},
        "alpha": ALPHA,
        "rank_rule": RANK_RULE,
        "hub_dataset": hub_dataset,
        "entries": [{"id": e.slug, "kind": "submission" if e.submission is not None else "results file",
                     "file": e.results["submission"]["file"], "system": e.system, "results": e.results} for e in entries],
        "boards": boards,
        "refused": [{"file": Path(r.file).name, "reason": r.reason} for r in refusals],
    }
