"""The task registry: :data:`TASKS` is the one list of scored tasks, in report order.

Each task lives in its own module (its layer, scoring, report rows, leaderboard boards, Hub
metadata, prompt and submission fields: see :class:`~harness.tasks.base.Task`). Scoring, the
reports, the leaderboard, the model cards, the input checks and the prompts all iterate over
this registry; adding a task is adding its module here (docs/architecture.md).
"""

from __future__ import annotations

from . import claims, entities, errors, verdicts
from .base import Board, Context, Task

TASKS: dict[str, Task] = {task.name: task for task in (entities.TASK, claims.TASK, verdicts.TASK, errors.TASK)}
# every board of every task, in report order (a task's usual headline first)
BOARDS: dict[tuple[str, str], Board] = {(task.name, board.metric): board for task in TASKS.values() for board in task.boards}

__all__ = ["BOARDS", "TASKS", "Board", "Context", "Task"]
