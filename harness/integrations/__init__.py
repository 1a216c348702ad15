"""Errata inside evaluation frameworks (inspect_ai, lm-evaluation-harness): what both share.

A framework task (:data:`FRAMEWORK_TASKS`) sends the shipped, versioned prompts of one or more
harness tasks (:mod:`harness.prompts`), one request per document and prompt; it keeps each
answer as a record of the ``--from quotes`` format (``{"doc_id", "prompt", "response"}``); and
it scores all the records of a run at once with :func:`score_records`, which anchors them with
:mod:`harness.formats.quotes` and scores them with :func:`harness.evaluate`. Errata's metrics
are corpus-level (F1 over all documents' counts, document-bootstrap intervals), so the frameworks'
corpus-level hooks call :func:`score_records` on the whole run, never a mean of per-document scores.

:class:`Replay` answers each request with a recorded answer (a ``--from quotes`` file), so that
recorded answers can be re-scored inside a framework and the tests run offline.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..tasks import TASKS

if TYPE_CHECKING:
    from ..model import Gold
    from ..settings import Settings

# framework task name -> the harness tasks whose figures it reports, and (FRAMEWORK_PROMPTS) the
# prompts it sends per document: each task's own prompt, except that claims_verdicts is end to end,
# one prompt asking for the claims with their verdicts (scored as claims and as verdicts conditioned).
FRAMEWORK_TASKS: dict[str, tuple[str, ...]] = {**{name: (name,) for name in TASKS},
                                               "claims_verdicts": ("claims", "verdicts")}
FRAMEWORK_PROMPTS: dict[str, tuple[str, ...]] = {**{name: (name,) for name in TASKS},
                                                 "claims_verdicts": ("end-to-end",)}


@dataclass(frozen=True)
class Request:
    """One prompt to send: the document, the prompt version and the exact text (``harness prompt``)."""

    doc_id: str
    prompt: str
    text: str


def requests(task: str, gold: Gold) -> list[Request]:
    """Every prompt a framework task sends, document by document: the documents of the split
    that the harness scores by default (test), since only those count."""
    from ..layout import SPLIT
    from ..prompts import render

    if task not in FRAMEWORK_TASKS:
        raise ValueError(f"unknown task {task!r}; choose from {', '.join(FRAMEWORK_TASKS)}")
    found = []
    for doc_id, document in gold.select(SPLIT).documents.items():
        for name in FRAMEWORK_PROMPTS[task]:
            prompt = render(name, document)
            found.append(Request(doc_id, prompt.version, prompt.text))
    return found


def record(doc_id: str, prompt: str, response: str) -> dict[str, str]:
    """One answer as a record of the ``--from quotes`` format."""
    return {"doc_id": doc_id, "prompt": prompt, "response": response}


def write_records(records: Iterable[dict[str, Any]], path: str | os.PathLike[str]) -> None:
    """Records as a ``--from quotes`` JSONL file (written atomically)."""
    from ..atomic import write_text_atomic

    write_text_atomic(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))


def score_records(records: Sequence[dict[str, Any]], gold: Gold, task: str,
                  settings: Settings | None = None) -> dict[str, Any]:
    """The results document of a run's answers, exactly as ``harness eval --from quotes`` gives it
    for a file holding these records (restricted to the harness tasks of ``task``)."""
    from dataclasses import replace

    from ..formats import load
    from ..scoring import evaluate
    from ..settings import Settings

    settings = replace(settings or Settings(), tasks=FRAMEWORK_TASKS[task])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "answers.jsonl"
        write_records(records, path)
        submission = load("quotes", path, gold, settings.unknown_labels)
    return evaluate(gold, submission, settings)


def flat_metrics(results: dict[str, Any]) -> dict[str, float]:
    """Every figure of a results document that has an interval, named by its path in the
    results (``errors.mention.f1``), with its interval bounds (``errors.mention.f1.ci_low``,
    ``.ci_high``) and the counts beside it (``errors.mention.tp``)."""
    flat: dict[str, float] = {}
    for task, figures in results["tasks"].items():
        for group, values in figures.items():
            if not isinstance(values, dict) or not isinstance(values.get("ci"), dict):
                continue  # not a group of figures (the signature, the headline's copy of its figure)
            for name, value in values.items():
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    flat[f"{task}.{group}.{name}"] = float(value)
            for name, (low, high) in values["ci"].items():
                flat[f"{task}.{group}.{name}.ci_low"] = float(low)
                flat[f"{task}.{group}.{name}.ci_high"] = float(high)
    return flat


def lookup(results: dict[str, Any], name: str) -> float | None:
    """A figure of a results document by its metric name (``errors.mention.f1``, ``entities.macro.strict.f1``,
    ``errors.mention.f1.ci_low``); None when the results have no such figure."""
    task, *path = name.split(".")
    bound = path[-1] if len(path) >= 2 and path[-1] in ("ci_low", "ci_high") else None
    if bound:
        path = [*path[:-2], "ci", path[-2]]
    node: Any = results["tasks"].get(task)
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    if bound:
        node = node[0 if bound == "ci_low" else 1]
    return float(node) if isinstance(node, (int, float)) and not isinstance(node, bool) else None


def signatures(task: str, gold: Gold, settings: Settings | None = None) -> dict[str, str]:
    """The signature of each harness task's headline figures in a framework task's results,
    as ``harness eval --from quotes`` prints it for answers to the prompts the task sends."""
    from ..model import data_id
    from ..prompts import shipped, versions
    from ..scoring import prompt_of, signature
    from ..settings import Settings

    settings = settings or Settings()
    sent = [versions()[name] for name in FRAMEWORK_PROMPTS[task]]
    prompts = {shipped()[version].layer: version for version in sent}
    # the answers give the figures of every layer sent (verdicts end to end from claims with verdicts)
    return {name: str(signature(name, settings, data_id(gold.data),
                                prompt_of(TASKS[name], prompts, [group for _, group in TASKS[name].prompt_layers])))
            for name in FRAMEWORK_TASKS[task]}


class Replay:
    """Recorded answers (a ``--from quotes`` file) looked up by the exact prompt text sent.

    Every bundled prompt of every document is rendered once; a prompt's answer is the record
    with its document and prompt version: its ``response``, or the JSON of its parsed layers.
    A prompt with no record is an error: a replay answers only what was recorded.
    """

    def __init__(self, answers: str | os.PathLike[str], gold: Gold | None = None) -> None:
        from ..formats.common import get, parse_records
        from ..inputs import load_gold, read_bytes
        from ..problems import HarnessError, Problem
        from ..prompts import render, versions

        gold = gold or load_gold()
        self.file = str(answers)
        self.by_text: dict[str, tuple[str, str]] = {}
        for doc_id, document in gold.documents.items():
            for name in versions():
                prompt = render(name, document)
                self.by_text[prompt.text] = (doc_id, prompt.version)
        self.answers: dict[tuple[str, str], str] = {}
        problems: list[Problem] = []
        for where, item in parse_records(read_bytes(Path(answers)), self.file):
            try:
                key = (get(item, "doc_id", "string", self.file, where), get(item, "prompt", "string", self.file, where))
            except HarnessError as exc:
                problems += exc.problems
                continue
            if key in self.answers:
                problems.append(Problem(self.file, f"a second answer to prompt {key[1]} for document {key[0]}", where))
            self.answers[key] = _response(item)
        if problems:
            raise HarnessError(problems)

    def answer(self, prompt_text: str) -> str:
        """The recorded answer to a prompt; ValueError when the prompt is not a bundled prompt of a
        bundled document, or its answer was not recorded."""
        key = self.by_text.get(prompt_text)
        if key is None:
            raise ValueError(f"replay: the prompt is not a bundled prompt of a bundled document: {prompt_text[:80]!r}")
        if key not in self.answers:
            raise ValueError(f"replay: {self.file} has no answer to prompt {key[1]} for document {key[0]}")
        return self.answers[key]


def _response(item: dict[str, Any]) -> str:
    """What a model answered in a quotes record: its raw response, or its parsed layers as JSON."""
    if isinstance(item.get("response"), str):
        return item["response"]
    return json.dumps({layer: item[layer] for layer in (t.layer for t in TASKS.values()) if layer in item},
                      ensure_ascii=False)


@lru_cache(maxsize=8)
def cached_scores(key: str, task: str) -> dict[str, Any]:
    """:func:`score_records` of the records serialised in ``key`` (the JSON list), on the bundled
    gold; frameworks call their corpus metrics several times on the same answers."""
    return score_records(json.loads(key), _bundled_gold(), task)


@lru_cache(maxsize=1)
def _bundled_gold() -> Gold:
    from ..inputs import load_gold

    return load_gold()
