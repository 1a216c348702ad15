"""What a task is: the layer it scores, how it scores it, and how every output names and shows it.

A task module (``entities.py`` ...) defines one :class:`Task`; :data:`harness.tasks.TASKS` lists
them in report order, and every other module iterates over that registry. Task modules import
numpy and pandas inside their scoring functions, so that reading the registry (the command line's
choices and defaults, ``harness --help``) stays light.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ..textfmt import interval, num, text_table

if TYPE_CHECKING:
    import pandas as pd

    from ..figures import TaskScore
    from ..settings import Settings
    from ..tables import TaskTables


@dataclass(frozen=True)
class HubTask:
    """How one board appears on the Hugging Face Hub (model-index and ``.eval_results``)."""

    task_id: str
    task_type: str  # model-index task.type (a Hub task category)
    task_name: str
    config: str  # the dataset config whose rows the task is about
    metric_name: str


@dataclass(frozen=True)
class Breakdown:
    """A per-label table of a board: title, path of the per-label mapping, path of the figure
    inside one label, and the label order."""

    title: str
    mapping: str
    figure: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Board:
    """One leaderboard board: a headline metric of a task, its texts, columns and Hub entry.

    ``about`` may hold ``{iou}``, filled with the settings' IoU threshold; ``columns`` are
    (header, dotted path in the task's results) shown beside the headline.
    """

    metric: str
    title: str
    headline_name: str
    about: str
    columns: tuple[tuple[str, str], ...]
    hub: HubTask
    breakdown: Breakdown | None = None


@dataclass(frozen=True)
class RecordFields:
    """The fields of the task's records in a submission (and its JSON Schema definition)."""

    definition: str  # the record's definition in schema/submission.schema.json
    id: str
    label: str
    labels: tuple[str, ...]
    spans: bool = True  # records carry start/end offsets into the document text


@dataclass(frozen=True)
class PromptFields:
    """What a language model's item for this task may carry besides its quote (``--from quotes``):
    optional fields with their JSON kinds, and the required ones."""

    kinds: dict[str, str]
    required: tuple[str, ...] = ()


class Context:
    """The reference and predicted tables of one scoring run, with IoU matches made once per layer."""

    def __init__(self, ref: TaskTables, pred: TaskTables, settings: Settings) -> None:
        self.ref, self.pred, self.settings = ref, pred, settings
        self.notes: list[str] = []
        self._pairs: dict[str, pd.DataFrame | None] = {}

    def pairs(self, layer: str) -> pd.DataFrame | None:
        """One-to-one IoU matches of a span layer, None when either side lacks the layer."""
        from ..matching import match_iou

        if layer not in self._pairs:
            ref, pred = getattr(self.ref, layer), getattr(self.pred, layer)
            self._pairs[layer] = (match_iou(ref, pred, self.settings.iou_threshold)
                                  if ref is not None and pred is not None else None)
        return self._pairs[layer]


@dataclass(frozen=True)
class Task:
    """One scored task.

    - ``layer``: the submission layer it scores; ``records``: that layer's fields;
    - ``boards``: its headline first, then any fallback headline (verdicts end to end);
    - ``score``: the figures from a :class:`Context`, None when there is nothing to score;
    - ``rows``: the text-report lines of its figures, given the interval level as text ('95%');
    - ``matching``: what goes into the signature's ``match`` field (entity compat mode or IoU);
    - ``prompt_layers``: (layer, figures group) whose prompt version enters the signature ('' = always);
    - ``kappa``: Cohen's kappa on matched labels for ``harness agree`` (``kappa_of`` says of what);
    - ``agreement``: the measure's name in the README's agreement table.
    """

    name: str
    layer: str
    records: RecordFields
    prompt: PromptFields
    boards: tuple[Board, ...]
    score: Callable[[Context], TaskScore | None]
    rows: Callable[[dict[str, Any], str], list[str]]
    agreement: str
    matching: Literal["compat", "iou"] = "iou"
    unknown_labels: bool = False  # the --unknown-labels setting applies (and enters the signature)
    prompt_layers: tuple[tuple[str, str], ...] = ()
    kappa: Callable[[Context], dict[str, Any] | None] | None = None
    kappa_of: str = ""

    @property
    def headline(self) -> str:
        """The task's usual headline metric (dotted path in its results)."""
        return self.boards[0].metric


def prf_rows(figures: dict[str, Any], groups: list[str], count_names: list[str], level: str) -> list[str]:
    """A P/R/F1 table of the groups present in a task's figures, with the F1 interval and counts."""
    rows = [[group, num(figures[group]["precision"]), num(figures[group]["recall"]), num(figures[group]["f1"]),
             interval(figures[group]["ci"]["f1"]), *(str(figures[group][c]) for c in count_names)]
            for group in groups if group in figures]
    return text_table(["", "P", "R", "F1", f"{level} CI (F1)", *count_names], rows) if rows else []


def ratio_line(figures: dict[str, Any], group: str, name: str) -> list[str]:
    """'group name: value [low, high] (hits/total)' when the group is present."""
    if group not in figures:
        return []
    g = figures[group]
    return [f"{group} {name}: {num(g[name])} {interval(g['ci'][name])} ({g['hits']}/{g['total']})"]


def label_kappa(layer: str) -> Callable[[Context], dict[str, Any] | None]:
    """Cohen's kappa on the labels of a span layer's items matched by IoU (for ``Task.kappa``)."""

    def kappa(ctx: Context) -> dict[str, Any] | None:
        from .. import metrics

        pairs = ctx.pairs(layer)
        if pairs is None:
            return None
        ref, pred = getattr(ctx.ref, layer), getattr(ctx.pred, layer)
        return metrics.cohen_kappa(ref["label"].to_numpy()[pairs["gold_index"].to_numpy()].tolist(),
                                   pred["label"].to_numpy()[pairs["pred_index"].to_numpy()].tolist())

    return kappa
