"""inspect_ai logs (``--from inspect-log``): the answers of an ``inspect eval errata/...`` run,
read back as ``--from quotes`` records (each sample's document, prompt version and completion)
and anchored like them, so that a run becomes a submission for ``harness eval`` and the
leaderboard. Reading a log needs the ``[inspect]`` extra.

Only a finished run is read: inspect exits 0 even when a run fails, and writes ``status:
error`` into its log, so any status other than ``success`` is a problem naming the log.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..inputs import Limits
from ..model import Gold
from ..problems import HarnessError, Problem
from .common import Found


def log_records(path: Path) -> list[tuple[str, dict[str, str]]]:
    """(sample name, ``--from quotes`` record) of every sample of a finished Errata run's log."""
    try:
        from inspect_ai.log import read_eval_log
    except ImportError:
        raise HarnessError(Problem(str(path), "reading an inspect log needs the inspect extra: "
                                              "pip install 'errata-bench[inspect]'")) from None
    from ..integrations import record

    try:
        log = read_eval_log(str(path))
    except Exception as exc:  # inspect raises many kinds for a file that is not a log
        raise HarnessError(Problem(str(path), f"not an inspect log: {exc}".splitlines()[0])) from None
    if log.status != "success":
        why = f": {log.error.message}" if log.error is not None else ""
        raise HarnessError(Problem(str(path), f"the inspect run did not finish (status {log.status}{why}); "
                                              "its answers are incomplete".splitlines()[0]))
    records, problems = [], []
    for sample in log.samples or []:
        metadata = sample.metadata or {}
        if not isinstance(metadata.get("doc_id"), str) or not isinstance(metadata.get("prompt"), str):
            problems.append(Problem(str(path), "not an Errata sample (no doc_id and prompt in its metadata)",
                                    f"sample {sample.id}"))
            continue
        records.append((f"sample {sample.id}", record(metadata["doc_id"], metadata["prompt"], sample.output.completion)))
    if problems or not records:
        raise HarnessError(problems or [Problem(str(path), "the log holds no samples")])
    return records


def read_anchored(path: Path, gold: Gold, limits: Limits, strict: bool = False) -> tuple[list[Found], dict[str, Any]]:
    """The log's answers anchored as ``--from quotes`` anchors them, with the anchoring report."""
    from ..integrations import write_records
    from .quotes import read_anchored as anchored

    samples = log_records(path)
    names = {f"line {number}": name for number, (name, _) in enumerate(samples, 1)}

    def relabel(where: str) -> str:  # 'line 3/errors[0]' of the records file -> 'sample ID/errors[0]' of the log
        head, slash, rest = where.partition("/")
        return names.get(head, head) + slash + rest

    with tempfile.TemporaryDirectory() as folder:
        answers = Path(folder) / "answers.jsonl"
        write_records((r for _, r in samples), answers)
        try:
            found, report = anchored(answers, gold, limits, strict)
        except HarnessError as exc:
            raise HarnessError([replace(p, file=str(path), record=relabel(p.record)) for p in exc.problems]) from None
    for entry in report["failures"] + report["inexact"] + report["invalid"]:
        entry["record"] = relabel(entry["record"])
    return [replace(f, file=str(path), where=relabel(f.where)) for f in found], report
