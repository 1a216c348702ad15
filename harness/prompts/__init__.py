"""The instructions given to a language model for each task, versioned.

Each prompt version is a file ``NAME-vN.txt`` here (shipped in the wheel): a first line
``version: NAME-vN``, optionally ``layer: LAYER`` (the submission layer its answer fills, when
NAME is not a task: ``end-to-end`` answers with claims and their verdicts), a blank line, then
the prompt with ``{{NAME}}`` placeholders filled in by :func:`render` from one document (and
from the label sets of the schema). A changed instruction gets a new version and a new file,
never an edit of a shipped one, because the version goes into the signature of every score
computed from the answers (``|prompt:entities-v2``), so that scores from different people are
comparable only when they used the same words. :func:`render` uses the newest version of a
prompt; every shipped version stays readable by ``--from quotes``.
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


@dataclass(frozen=True)
class Template:
    """One shipped prompt version: its prompt name, version, the layer its answer fills, its text."""

    name: str
    version: str
    layer: str
    body: str


@lru_cache(maxsize=None)
def shipped() -> dict[str, Template]:
    """Every shipped prompt version (version -> template), oldest first within a prompt."""
    found = []
    for file in files(__name__).iterdir():
        if not file.name.endswith(".txt"):
            continue
        head, _, body = file.read_text(encoding="utf-8").partition("\n\n")
        fields = dict(line.partition(": ")[::2] for line in head.splitlines())
        version = fields.get("version", "")
        name, _, number = version.rpartition("-v")
        if version != file.name.removesuffix(".txt") or not number.isdigit():
            raise ValueError(f"prompt file {file.name} does not start with 'version: {file.name.removesuffix('.txt')}'")
        layer = fields.get("layer", name)
        if layer not in TASKS:
            raise ValueError(f"prompt file {file.name}: its answer fills {layer!r}, which is not a task")
        found.append(Template(name, version, layer, body))
    found.sort(key=lambda t: (t.name, int(t.version.rpartition("-v")[2])))
    return {t.version: t for t in found}


def template(name: str) -> tuple[str, str]:
    """(version, template) of the newest version of a prompt."""
    newest = {t.name: t for t in shipped().values()}
    if name not in newest:
        raise ValueError(f"unknown prompt {name!r}; choose from {', '.join(newest)}")
    return newest[name].version, newest[name].body


def versions() -> dict[str, str]:
    """The newest version of every prompt (the tasks first, in registry order)."""
    newest = {t.name: t.version for t in shipped().values()}
    order = [*(name for name in TASKS if name in newest), *sorted(set(newest) - set(TASKS))]
    return {name: newest[name] for name in order}


def render(task: str, document: Document) -> Prompt:
    """The exact prompt ``task`` (a task, or ``end-to-end``) on ``document``, in its newest
    version (verdicts list the document's gold claims)."""
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
