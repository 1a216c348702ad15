"""The task registry holds together: every task's layer, record fields, prompt, boards and Hub
entries point at things that exist, and its figures are where its boards and text rows look."""

from __future__ import annotations

import pytest

from harness.model import SUBMISSION_LAYERS
from harness.prompts import versions
from harness.resources import load_schema
from harness.scoring import Settings, evaluate
from harness.tasks import BOARDS, TASKS
from harness.leaderboard.board import figure, number

from .test_evaluate import as_submission, gold_submission

FAST = Settings(n_resamples=20)


@pytest.fixture(scope="module")
def perfect(gold) -> dict:
    """Results of the gold against itself (every task, every figure present)."""
    return evaluate(gold, as_submission(gold_submission(gold)), FAST)


@pytest.fixture(scope="module")
def end_to_end(gold) -> dict:
    """Results of claims with verdicts but no verdict layer: the verdicts fallback board."""
    return evaluate(gold, as_submission(gold_submission(gold, "e2e", ("claims",))), FAST)


@pytest.mark.parametrize("name", list(TASKS))
def test_a_task_names_its_own_layer_record_fields_and_prompt(name: str) -> None:
    task = TASKS[name]
    submission_defs = load_schema("submission")["$defs"]
    assert task.name == name and task.layer in SUBMISSION_LAYERS
    record = submission_defs[task.records.definition]["properties"]
    assert {task.records.id, task.records.label} <= set(record)
    assert ({"start", "end"} <= set(record)) == task.records.spans
    assert set(task.prompt.kinds) <= set(record) and set(task.prompt.required) <= set(task.prompt.kinds)
    assert versions()[name].startswith(f"{name}-v")
    assert task.headline == task.boards[0].metric
    assert set(load_schema("results")["properties"]["tasks"]["properties"]) == set(TASKS)


def test_every_board_column_and_breakdown_resolves_to_a_figure(perfect, end_to_end) -> None:
    for (name, metric), board in BOARDS.items():
        results = end_to_end if metric == "conditioned.f1" else perfect
        figures = results["tasks"][name]
        assert figures["headline"]["metric"] == metric
        for header, path in board.columns:
            assert number(figures, path) is not None, (name, header, path)
        if board.breakdown is not None:
            labels = figure(figures, board.breakdown.mapping)
            assert labels and all(number(figures, f"{board.breakdown.mapping}.{label}.{board.breakdown.figure}") == 1.0
                                  for label in labels)
    assert len({board.hub.task_id for board in BOARDS.values()}) == len(BOARDS)  # Hub task ids are unique


def test_each_task_reports_its_rows_with_the_level(perfect) -> None:
    for name, task in TASKS.items():
        lines = task.rows(perfect["tasks"][name], "90%")
        assert lines, name
        if any("CI (F1)" in line for line in lines):
            assert any("90% CI (F1)" in line for line in lines)
