"""The inspect_ai namespace of Errata (entry point ``inspect_ai: errata``, the ``[inspect]`` extra).

inspect names a task after the top-level package that defines it, so the tasks are defined here
to be ``errata/entities``, ``errata/claims``, ``errata/verdicts``, ``errata/errors`` and
``errata/claims_verdicts``; the model provider ``errata`` has one model, ``errata/replay``. All
of them are built in :mod:`harness.integrations.inspect_eval` (see docs/integrations.md).
"""

from inspect_ai import Task, task
from inspect_ai.model import ModelAPI, modelapi

from harness.integrations.inspect_eval import errata_task


@task
def entities() -> Task:
    """Named entities (OntoNotes labels), scored by strict micro F1."""
    return errata_task("entities")


@task
def claims() -> Task:
    """Check-worthy claim spans, scored by span F1 at IoU >= 0.5."""
    return errata_task("claims")


@task
def verdicts() -> Task:
    """A verdict for each gold claim, scored by macro F1."""
    return errata_task("verdicts")


@task
def errors() -> Task:
    """Factual errors (span, type, correction), scored by mention F1 at IoU >= 0.5."""
    return errata_task("errors")


@task
def claims_verdicts() -> Task:
    """End to end: the claims the model finds, each with its verdict (the end-to-end prompt)."""
    return errata_task("claims_verdicts")


@modelapi(name="errata")
def replay() -> type[ModelAPI]:
    from harness.integrations.inspect_eval import ReplayAPI

    return ReplayAPI
