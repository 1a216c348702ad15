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
    from ..stats import Statistic
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
    - ``agreement``: the measure's name in the README's agreement table;
    - ``explain``: one row per gold and per predicted item (``harness eval --explain``), None when
      there is nothing to explain; rows are built with :func:`item_rows`;
    - ``statistic``: the bootstrap statistic of a headline metric over its per-document count
      columns, as a results file keeps them (to compare results files without their submissions);
    - ``part_headline``: from a headline's metric and some documents' rows of its per-document
      counts (flat columns, as ``statistic`` takes them), the headline value and the count columns
      its interval is taken over, as scoring those documents alone gives them (a subset's
      headline); None when the counts cannot tell, and the documents are scored again. None (the
      default): the value is ``statistic`` of the summed counts over all the columns, as for span
      and entity counts, which add up over documents.
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
    explain: Callable[[Context], list[dict[str, Any]] | None] | None = None
    statistic: Callable[[str, tuple[str, ...]], Statistic] | None = None
    part_headline: Callable[[str, pd.DataFrame], tuple[float, pd.DataFrame] | None] | None = None

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
    return [f"{group} {name}: {num(g[name])} {interval(g['ci'][name])} ({g['hits']}/{g['total']}; "
            f"Wilson {interval(g['wilson'][name])})"]


def label_kappa(layer: str) -> Callable[[Context], dict[str, Any] | None]:
    """Cohen's kappa on the labels of a span layer's items matched by IoU (for ``Task.kappa``)."""

    def kappa(ctx: Context) -> dict[str, Any] | None:
        from .. import metrics

        pairs = ctx.pairs(layer)
        if pairs is None:
            return None
        ref, pred = getattr(ctx.ref, layer), getattr(ctx.pred, layer)
        return metrics.cohen_kappa(ref["label"].array.take(pairs["gold_index"].to_numpy()),
                                   pred["label"].array.take(pairs["pred_index"].to_numpy()))

    return kappa


STATUSES = ("matched", "missed", "spurious")


def item_id(frame: pd.DataFrame, column: str) -> list[Any]:
    """The id of each row: its ``column`` when it has one, else the row's position among its
    document's items of the layer ('#0', '#1' ...: the n-th record of that document in the file)."""
    positions = [f"#{n}" for n in frame.groupby("doc_id", sort=False).cumcount().tolist()]
    if column not in frame.columns:
        return positions
    return [value if isinstance(value, str) and value else position
            for value, position in zip(frame[column].tolist(), positions)]


def item_rows(task: str, gold: pd.DataFrame, pred: pd.DataFrame, partner: Any, checks: dict[str, Any],
              gold_ids: list[Any], pred_ids: list[Any], categories: dict[str, tuple[list[str], list[str]]] | None = None,
              spans: tuple[bool, bool] = (True, True)) -> list[dict[str, Any]]:
    """The explanation rows of one task: every gold row, then every predicted row.

    ``partner[i]`` is the gold row predicted row i is paired with (-1: none); ``checks`` maps a
    name ('type_right' ...) to one value per predicted row (None where it does not apply), shown on
    both items of a pair; ``categories`` maps an entity scheme to (gold, predicted) categories;
    ``spans`` says whether gold and predicted rows carry offsets.
    """
    import numpy as np

    partner = np.asarray(partner, np.int64)
    gold_partner = np.full(len(gold), -1, np.int64)
    gold_partner[partner[partner >= 0]] = np.flatnonzero(partner >= 0)
    sides = (("gold", gold, gold_ids, gold_partner, pred, pred_ids, "missed", spans[0], spans[1]),
             ("predicted", pred, pred_ids, partner, gold, gold_ids, "spurious", spans[1], spans[0]))
    rows = []
    for side, frame, ids, partners, other, other_ids, alone, has_span, other_span in sides:
        for i, record in enumerate(frame.itertuples(index=False)):
            j = int(partners[i])
            row: dict[str, Any] = {"task": task, "doc_id": record.doc_id, "side": side, "id": ids[i]}
            if has_span:
                row.update(start=int(record.start), end=int(record.end))
            row.update(label=record.label or None, status="matched" if j >= 0 else alone, partner=None, iou=None)
            if j >= 0:
                mate = other.iloc[j]
                row["partner"] = {"id": other_ids[j], "label": mate["label"] or None}
                if other_span:
                    row["partner"].update(start=int(mate["start"]), end=int(mate["end"]))
                if has_span and other_span:
                    row["iou"] = _iou(int(record.start), int(record.end), int(mate["start"]), int(mate["end"]))
            pred_row = i if side == "predicted" else j
            row.update({name: (None if pred_row < 0 or values[pred_row] is None else bool(values[pred_row]))
                        for name, values in checks.items()})
            if categories:
                row["schemes"] = {scheme: sides_[0 if side == "gold" else 1][i] for scheme, sides_ in categories.items()}
            rows.append(row)
    return rows


def _iou(start: int, end: int, other_start: int, other_end: int) -> float:
    inter = max(0, min(end, other_end) - max(start, other_start))
    return inter / (max(end, other_end) - min(start, other_start))


def iou_explain(task: str, layer: str, checks: Callable[[Context, Any, Any], dict[str, Any]]) -> Callable[[Context], list[dict[str, Any]] | None]:
    """``Task.explain`` for a layer matched one to one by IoU; ``checks(ctx, gold rows, pred rows)``
    gives, for the matched pairs, the per-pair checks (aligned with the pairs)."""

    def explain(ctx: Context) -> list[dict[str, Any]] | None:
        import numpy as np

        pairs = ctx.pairs(layer)
        if pairs is None:
            return None
        gold, pred = getattr(ctx.ref, layer), getattr(ctx.pred, layer)
        partner = np.full(len(pred), -1, np.int64)
        partner[pairs["pred_index"].to_numpy()] = pairs["gold_index"].to_numpy()
        found = checks(ctx, gold.iloc[pairs["gold_index"].to_numpy()].reset_index(drop=True),
                       pred.iloc[pairs["pred_index"].to_numpy()].reset_index(drop=True))
        per_row = {}
        for name, values in found.items():
            column: list[Any] = [None] * len(pred)
            for index, value in zip(pairs["pred_index"].tolist(), values):
                column[index] = value
            per_row[name] = column
        id_column = "claim_id" if "claim_id" in gold.columns else "id"
        return item_rows(task, gold, pred, partner, per_row, item_id(gold, id_column), item_id(pred, id_column))

    return explain


def span_statistic_of(metric: str, columns: tuple[str, ...]) -> Statistic:
    """``Task.statistic`` of a span P/R/F1 headline (columns tp, n_pred, n_gold)."""
    from ..metrics import span_statistic

    return span_statistic(metric.split(".")[1])
