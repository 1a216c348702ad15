"""The task instructions given to a language model for each task, versioned.

Each task has a file ``TASK.txt`` here (shipped in the wheel): a first line ``version:
TASK-vN``, a blank line, then the prompt with ``{{NAME}}`` placeholders filled in by
:func:`render` from one document (and from the label sets of the schema). A changed
instruction gets a new version, because the version goes into the signature of every score
computed from the answers (``|prompt:entities-v1``), so that scores from different people
are comparable only when they used the same words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from ..model import ENTITY_LABELS, ERROR_TYPES, VERDICTS, Document
from ..tasks import TASKS

_PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")


@dataclass(frozen=True)
class Prompt:
    """One rendered prompt: the task, the version of its instructions, and the text to send."""

    task: str
    version: str
    text: str


@lru_cache(maxsize=None)
def template(task: str) -> tuple[str, str]:
    """(version, template) of a task's prompt file."""
    if task not in TASKS:
        raise ValueError(f"unknown task {task!r}; choose from {', '.join(TASKS)}")
    head, _, body = files(__name__).joinpath(f"{task}.txt").read_text(encoding="utf-8").partition("\n\n")
    version = head.removeprefix("version: ").strip()
    if head == version or not version.startswith(f"{task}-v"):
        raise ValueError(f"prompt file {task}.txt does not start with 'version: {task}-vN'")
    return version, body


def versions() -> dict[str, str]:
    """The current prompt version of every task."""
    return {task: template(task)[0] for task in TASKS}


def render(task: str, document: Document) -> Prompt:
    """The exact prompt for ``task`` on ``document`` (verdicts list the document's gold claims)."""
    version, body = template(task)
    values = {
        "DOC_ID": document.doc_id,
        "TEXT": document.text,
        "ENTITY_LABELS": ", ".join(ENTITY_LABELS),
        "VERDICTS": ", ".join(VERDICTS),
        "ERROR_TYPES": ", ".join(ERROR_TYPES),
        "CLAIMS": "\n".join(f"{claim.claim_id}: {claim.text}" for claim in document.claims),
    }
    return Prompt(task, version, _PLACEHOLDER.sub(lambda match: values[match.group(1)], body))
