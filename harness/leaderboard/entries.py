"""Leaderboard entries: read each file once, score submissions, check results files, refuse the rest.

An entry is either a submission (scored here with :func:`harness.evaluate`) or a
results file written by ``harness eval --output`` (taken as is after its signature is checked
against this leaderboard's data and settings; it cannot enter the paired test, which needs the
predictions). Everything a file says about its system is untrusted: it is checked here and
escaped by every renderer.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..scoring import Scored, Settings, score, scored_from_results, signature
from ..inputs import Limits, check_submission, read_json, schema_problems
from ..model import Gold, Submission, data_id
from ..problems import HarnessError, Problem
from ..results import Signature
from ..tasks import TASKS

# Headline metrics a task may carry (its boards): verdicts falls back to the end-to-end score when a
# system predicts claim spans with verdicts but no verdict for the gold claims.
ALLOWED_HEADLINES = {name: {board.metric for board in task.boards} for name, task in TASKS.items()}
# The same bounds as the submission schema's system object, applied to results files too.
MAX_NAME, MAX_VERSION, MAX_DESCRIPTION, MAX_URL = 200, 100, 5000, 2000
SHOWN_PROBLEMS = 3


@dataclass(frozen=True)
class Entry:
    """One accepted system: its results document, and, when it was a submission, its
    predictions and its scores as the paired test needs them."""

    file: str
    results: dict[str, Any]
    submission: Submission | None
    slug: str
    scored: Scored | None = None

    @property
    def system(self) -> dict[str, Any]:
        return self.results["system"]

    @property
    def label(self) -> str:
        """Name and version, for messages and headings (unescaped)."""
        system = self.system
        return system["name"] + (f" {system['version']}" if system.get("version") else "")


@dataclass(frozen=True)
class Refusal:
    """A file left off the leaderboard, with the reason (one line)."""

    file: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: refused: {self.reason}"


def safe_url(url: object) -> str | None:
    """``url`` when it is a plain http(s) URL with a host, else None (shown as text, never linked)."""
    if not isinstance(url, str) or not url or len(url) > MAX_URL:
        return None
    if any(ch.isspace() or ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 or ch in "<>\"'`\\" for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def slug(name: str, version: str) -> str:
    """A file-name-safe id for a system: a readable ASCII part plus a hash of (name, version),
    so that distinct systems never share a folder and nothing in the name can leave it."""
    readable = re.sub(r"[^a-z0-9]+", "-", f"{name} {version}".lower()).strip("-")[:48].strip("-")
    digest = hashlib.sha256(f"{name}\0{version}".encode("utf-8")).hexdigest()[:8]
    return f"{readable or 'system'}-{digest}"


def _first_problems(problems: list[Problem]) -> str:
    shown = "; ".join(
        ": ".join(filter(None, [p.record, p.field, p.message])) for p in problems[:SHOWN_PROBLEMS])
    more = len(problems) - SHOWN_PROBLEMS
    return shown + (f" (and {more} more problem(s); run `harness validate` on it)" if more > 0 else "")


def _system_problem(system: dict[str, Any]) -> str | None:
    """Why a results file's system block is unacceptable (the submission schema's bounds)."""
    name, version, description = system.get("name"), system.get("version", ""), system.get("description", "")
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
        return f"system.name must be a non-empty string of at most {MAX_NAME} characters"
    if not isinstance(version, str) or len(version) > MAX_VERSION:
        return f"system.version must be a string of at most {MAX_VERSION} characters"
    if not isinstance(description, str) or len(description) > MAX_DESCRIPTION:
        return f"system.description must be a string of at most {MAX_DESCRIPTION} characters"
    return None


def _results_problem(results: dict[str, Any], gold: Gold, settings: Settings) -> str | None:
    """Why a results file cannot join this leaderboard: other data, other settings, odd figures."""
    data = results["data"]
    if data_id(data) != data_id(gold.data):
        return (f"scored against errata {data_id(data)}, but this leaderboard uses "
                f"errata {data_id(gold.data)}: re-score the predictions with `harness eval`")
    if not results["tasks"]:
        return "has no scored task"
    expected_data = data_id(gold.data)
    for task, figures in results["tasks"].items():
        if task not in settings.tasks:
            return f"task {task} is not on this leaderboard"
        wanted = signature(task, settings, expected_data)
        try:
            given = Signature.parse(figures["signature_string"])
        except ValueError:
            given = None
        # the prompt of quote-based predictions is shown beside the entry, not a setting of the board
        if given is None or not given.compatible(wanted, ignore=("prompt",)):
            return f"task {task}: signature {figures['signature_string']!r} differs from this leaderboard's {str(wanted)!r}"
        head = figures["headline"]
        if head["metric"] not in ALLOWED_HEADLINES[task]:
            return f"task {task}: headline metric {head['metric']!r} is not one of {sorted(ALLOWED_HEADLINES[task])}"
        low, high = head["ci"]
        if not (0.0 <= low <= head["value"] <= high <= 1.0):
            return f"task {task}: headline {head['value']!r} with CI {head['ci']!r} is not a score in [0, 1] inside its CI"
    return _system_problem(results["system"])


def _entry(path: str, gold: Gold, settings: Settings, limits: Limits, from_format: str | None = None,
           strict_anchoring: bool = False) -> Entry:
    """Read, check and score one file; HarnessError (carrying the reason) when it is refused."""
    data = None if from_format else read_json(path, limits)
    if from_format or (isinstance(data, dict) and "documents" in data):
        try:
            if from_format:
                from ..formats import load

                submission = load(from_format, path, gold, settings.unknown_labels, limits, strict_anchoring)
            else:
                submission = check_submission(data, path, gold, settings.unknown_labels, limits)
        except HarnessError as exc:
            raise HarnessError(Problem(path, _first_problems(exc.problems))) from None
        scored = score(gold, submission, settings)
        results = scored.results
    elif isinstance(data, dict) and "tasks" in data:
        problems = schema_problems(data, "results", path)
        if problems:
            raise HarnessError(Problem(path, "not a valid results file: " + _first_problems(problems)))
        reason = _results_problem(data, gold, settings)
        if reason:
            raise HarnessError(Problem(path, reason))
        submission, results = None, data
        # with the per-document counts of its headlines (every results file this harness writes), it is ranked too
        complete = all("per_document" in task["headline"] for task in data["tasks"].values())
        scored = scored_from_results(data, gold, settings, path) if complete else None
    else:
        raise HarnessError(Problem(path, "neither a submission (with 'system' and 'documents') "
                                         "nor a results file from `harness eval --output` (with 'tasks')"))
    system = results["system"]
    results = {**results, "system": {"name": system["name"], "version": system.get("version", ""),
                                     "description": system.get("description", ""), "url": safe_url(system.get("url"))},
               "submission": {"file": Path(path).name}}  # the file name only: no local folders on a public page
    return Entry(path, results, submission, slug(system["name"], system.get("version", "")), scored)


def load_entries(paths: Iterable[str], gold: Gold, settings: Settings, limits: Limits, from_format: str | None = None,
                 strict_anchoring: bool = False) -> tuple[list[Entry], list[Refusal]]:
    """Every file as an accepted entry or a refusal, in the order given.

    Refused: unreadable, oversized or invalid files; results files scored on other data or with
    other settings; a second file with the same system name and version as an earlier one.
    """
    entries: list[Entry] = []
    refusals: list[Refusal] = []
    seen: dict[tuple[str, str], str] = {}
    for path in paths:
        try:
            entry = _entry(str(path), gold, settings, limits, from_format, strict_anchoring)
        except HarnessError as exc:
            refusals.append(Refusal(str(path), "; ".join(": ".join(filter(None, [p.record, p.field, p.message])) if p.file == str(path) else str(p)
                                                    for p in exc.problems)))
            continue
        key = (entry.system["name"], entry.system["version"])
        if key in seen:
            refusals.append(Refusal(entry.file, f"duplicate: {seen[key]} already has system {key[0]!r} version {key[1]!r}"))
            continue
        seen[key] = entry.file
        entries.append(entry)
    return entries, refusals
