"""Reading and checking inputs: gold datasets and submissions, each through one entry point
(:func:`load_gold`; :func:`check_submission`, which :func:`load_submission`, the format readers,
the leaderboard, the baselines and ``harness validate`` all use), within the input limits.

The stages live in :mod:`.checks` (limits, strict JSON, JSON Schema with the fast accept path
of :mod:`harness.flatcheck`, meaning) and :mod:`.records` (typed records, provenance);
:mod:`.fastload` accepts certainly valid submission files without gold in one column-wise pass.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..model import Gold, Submission, UnknownLabels
from ..problems import HarnessError, Problem
from ..resources import data_dir
from .checks import (
    Limits,
    _duplicates,
    _json_type,
    gold_document_problems,
    limit_problems,
    parse_json_bytes,
    read_bytes,
    read_json,
    schema_problems,
    submission_problems,
)
from .records import document_from_dict, submission_from_dict

__all__ = ["Limits", "check_submission", "gold_files", "limit_problems", "load_gold", "load_submission", "parse_json_bytes",
           "read_bytes", "read_json", "schema_problems", "submission_from_dict", "validate_paths"]


def _canonical_hash(objects: Iterable[Any]) -> str:
    """SHA-256 of validated gold files: each as ``json.dumps(sort_keys=True, ensure_ascii=False,
    separators=(",", ":"))`` would write it, then a line feed.

    msgspec writes those bytes five times faster: it escapes strings alike, sorts keys by code
    point and prints integers as Python does (not every float: 1e16 is 1e+16 in Python). The gold
    schemas close every object and allow no number but integer offsets, and the checks refuse a
    float written for one (5.0), so a file that passed them holds no float; a test compares both
    hashes on the bundled data.
    """
    import msgspec

    digest = hashlib.sha256()
    for obj in objects:
        digest.update(msgspec.json.encode(obj, order="sorted"))
        digest.update(b"\n")
    return digest.hexdigest()


def gold_files(folder: Path) -> list[Path]:
    """The gold document files of a dataset folder, in doc id order."""
    return sorted((folder / "gold").glob("*.json"))


def _read_gold(folder: Path, limits: Limits) -> tuple[dict[str, Any], list[dict[str, Any]], list[Problem]]:
    problems: list[Problem] = []
    meta_file = folder / "dataset.json"
    try:
        meta = read_json(meta_file, limits)
        problems += schema_problems(meta, "dataset", str(meta_file))
    except HarnessError as exc:
        meta, problems = {}, problems + exc.problems
    files = gold_files(folder)
    if not files:
        problems.append(Problem(str(folder / "gold"), "no gold documents (*.json) found"))
    docs = []
    for path in files:
        try:
            doc = read_json(path, limits)
        except HarnessError as exc:
            problems += exc.problems
            continue
        found = schema_problems(doc, "gold-document", str(path))
        if not found:
            found = gold_document_problems(doc, str(path))
            if doc["doc_id"] != path.stem:
                found.append(Problem(str(path), f"does not match the file name {path.stem!r}", doc["doc_id"], "doc_id"))
            if isinstance(meta.get("canary"), str) and doc["canary"] != meta["canary"]:
                found.append(Problem(str(path), "differs from the canary in dataset.json", doc["doc_id"], "canary"))
            docs.append(doc)
        problems += found
    for doc in docs:
        copy = folder / "texts" / f"{doc['doc_id']}.txt"
        if not copy.is_file():
            problems.append(Problem(str(copy), "missing: every gold document keeps its article byte-exact in texts/"))
        elif read_bytes(copy, limits) != doc["text"].encode("utf-8"):
            problems.append(Problem(str(copy), "differs from the text of the gold document", doc["doc_id"], "text"))
    for dup in _duplicates(d["doc_id"] for d in docs):
        problems.append(Problem(str(folder / "gold"), "doc id used by more than one file", dup, "doc_id"))
    canonical_of: dict[str, set[str]] = {}
    for doc in docs:
        for entity in doc["entities"]:
            if entity["cluster_id"] is not None:
                canonical_of.setdefault(entity["cluster_id"], set()).add(entity["canonical"])
    for cluster, names in sorted(canonical_of.items()):
        if len(names) > 1:
            problems.append(Problem(str(folder / "gold"), f"cluster has several canonical names: {sorted(names)}", cluster, "canonical"))
    return meta, docs, problems


def load_gold(path: str | os.PathLike[str] | None = None, limits: Limits = Limits()) -> Gold:
    """Load and validate a gold dataset folder (the bundled data when ``path`` is None).

    The folder holds ``dataset.json`` and ``gold/<doc_id>.json``. Raises HarnessError
    listing every problem found.
    """
    folder = Path(path) if path is not None else data_dir()
    if not folder.is_dir():
        raise HarnessError(Problem(str(folder), "not a dataset folder (expected dataset.json and gold/)"))
    meta, docs, problems = _read_gold(folder, limits)
    if problems:
        raise HarnessError(problems)
    docs.sort(key=lambda d: d["doc_id"])
    return Gold(
        version=meta["version"],
        canary=meta["canary"],
        sha256=_canonical_hash([meta, *docs]),
        documents={d["doc_id"]: document_from_dict(d) for d in docs},
    )


def check_submission(
    data: Any,
    file: str,
    gold: Gold | None = None,
    unknown_labels: UnknownLabels = "error",
    limits: Limits = Limits(),
) -> Submission:
    """The one way in for a submission, whatever it was read or converted from: the input
    limits, the JSON Schema, the meaning checks (against ``gold`` when given), then the typed
    record with its provenance. Raises HarnessError carrying every problem of the first
    stage that finds any."""
    problems = limit_problems(data, file, limits)
    if not problems and isinstance(data, dict) and "system" not in data and {"doc_id", "text"} <= data.keys():
        problems = [Problem(file, "is a gold document, not a submission (a submission has 'system' and 'documents')")]
    problems = problems or schema_problems(data, "submission", file) or submission_problems(data, file, gold, unknown_labels)
    if problems:
        raise HarnessError(problems)
    return submission_from_dict(data, file)


def load_submission(
    path: str | os.PathLike[str],
    gold: Gold | None = None,
    unknown_labels: UnknownLabels = "error",
    limits: Limits = Limits(),
    system: dict[str, str] | None = None,
) -> Submission:
    """Read a submission file within ``limits`` and check it (:func:`check_submission`); ``system``
    fields (name, version, description, url) replace the file's own before the check.

    Without ``gold`` or ``system``, a file that :mod:`.fastload` finds certainly valid is accepted by
    it, its task tables built column-wise (fast on millions of spans); anything it is not sure of
    goes through :func:`check_submission`, which explains every problem."""
    file = str(path)
    raw = read_bytes(file, limits)
    if gold is None and not system:
        from .fastload import fast_submission

        if (fast := fast_submission(raw, file, unknown_labels, limits)) is not None:
            return fast
    data = parse_json_bytes(raw, file)
    if system and isinstance(data, dict) and isinstance(data.get("system"), dict):
        data = {**data, "system": {**data["system"], **system}}
    return check_submission(data, file, gold, unknown_labels, limits)


# --------------------------------------------------------------------------- validate command


def _json_files(folder: Path) -> Iterator[Path]:
    yield from sorted(p for p in folder.rglob("*.json") if p.is_file())


def validate_paths(
    paths: Iterable[str | os.PathLike[str]],
    gold_path: str | os.PathLike[str] | None = None,
    limits: Limits = Limits(),
) -> tuple[list[Problem], int]:
    """Validate gold dataset folders, gold documents and submissions.

    A folder with a ``dataset.json`` is a gold dataset; any other folder is searched for
    ``*.json`` files, each recognised by its top-level keys. Submissions are checked
    against the gold at ``gold_path`` (the bundled data by default). Returns the problems
    and the number of files checked.
    """
    problems: list[Problem] = []
    checked = 0
    gold_cache: list[Gold] = []

    def gold() -> Gold:
        if not gold_cache:
            gold_cache.append(load_gold(gold_path, limits))
        return gold_cache[0]

    for raw_path in paths:
        path = Path(raw_path)
        if path.is_dir() and (path / "dataset.json").is_file():
            _, docs, found = _read_gold(path, limits)
            problems += found
            checked += 1 + len(gold_files(path))
            continue
        files = list(_json_files(path)) if path.is_dir() else [path]
        if path.is_dir() and not files:
            problems.append(Problem(str(path), "no .json files to validate"))
        for file in files:
            checked += 1
            try:
                data = read_json(file, limits)
                if isinstance(data, dict) and "system" in data:
                    check_submission(data, str(file), gold(), limits=limits)
                elif isinstance(data, dict) and "doc_id" in data and "text" in data:
                    found = schema_problems(data, "gold-document", str(file))
                    problems += found or gold_document_problems(data, str(file))
                elif not isinstance(data, dict):
                    problems.append(Problem(str(file), f"expected a JSON object at the top level, got {_json_type(data)}"))
                else:
                    problems.append(Problem(str(file), "neither a submission (an object with 'system' and "
                                                       "'documents') nor a gold document (with 'doc_id' and 'text')"))
            except HarnessError as exc:
                problems += exc.problems
    return problems, checked
