"""``harness leaderboard``: a static leaderboard site, Markdown, JSON and CSV from submissions.

Each submission is scored with :func:`harness.evaluate` on one gold and one set of
settings; results files from ``harness eval --output`` are accepted when their signature matches.
Rank groups come from the paired bootstrap of :func:`harness.compare` (rule in
:mod:`harness.leaderboard.board`). The output folder is built beside the target and moved into
place, so a reader sees the old site or the new one, never half of one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
import datetime as dt
from pathlib import Path
from typing import Any

from ..settings import Settings
from ..inputs import Limits, load_gold, read_json
from ..layout import HUB_DATASET
from ..model import Gold
from ..problems import HarnessError, Problem
from ..safety import EXCHANGE_UNSUPPORTED, check_writable_folder, exchange_paths, nearest_folder, replaced_path
from ..stats import shared_resamples
from .board import GENERATOR, build_document, paired_p_value
from .entries import Entry, Refusal, load_entries

DEFAULT_HUB_DATASET = HUB_DATASET
__all__ = ["DEFAULT_HUB_DATASET", "Published", "build_leaderboard", "render"]


@dataclass(frozen=True)
class Published:
    """What was written: the leaderboard document (leaderboard.json) and the refused files."""

    out: Path
    document: dict[str, Any]
    refusals: list[Refusal]


def render(document: dict[str, Any], entries: list[Entry], gold: Gold, settings: Settings) -> dict[str, str]:
    """Every file of the site, by path relative to the output folder."""
    from .cards import eval_results, eval_yaml, model_index
    from .outputs import csv_text, json_text, markdown
    from .html import card_path, doc_page, document_page, index_page
    from .spans import explained

    scored = gold.select(settings.split)  # the documents scored, and so explained and shown
    files = {"index.html": index_page(document, scored), "leaderboard.json": json_text(document),
             "leaderboard.md": markdown(document), "leaderboard.csv": csv_text(document), "eval.yaml": eval_yaml(document)}
    for entry in entries:
        files[card_path(entry.slug, "model-index.yaml")] = model_index(document, entry.slug)
        files[card_path(entry.slug, "eval_results.yaml")] = eval_results(document, entry.slug)
        if entry.submission is not None:
            rows = explained(gold, entry.submission, settings)
            for doc_id in scored.documents:
                files[doc_page(entry.slug, doc_id)] = document_page(document, entry, scored, doc_id,
                                                                    settings.iou_threshold, rows)
    return files


def _check_target(out: Path, limits: Limits) -> None:
    """Refuse to replace anything but a missing folder, an empty one, or an earlier leaderboard."""
    try:
        check_writable_folder(nearest_folder(Path(replaced_path(out)).parent))
    except OSError as exc:
        raise HarnessError(Problem(str(out), f"cannot be written: {exc.strerror}")) from None
    if not out.exists():
        return
    if not out.is_dir():
        raise HarnessError(Problem(str(out), "exists and is not a folder: choose a new or empty folder for --out"))
    if not any(out.iterdir()):
        return
    try:
        previous = read_json(out / "leaderboard.json", limits)
    except HarnessError:
        previous = None
    if not isinstance(previous, dict) or previous.get("generator") != GENERATOR:
        raise HarnessError(Problem(str(out), "is not empty and holds no earlier `harness leaderboard` output: "
                                             "choose a new or empty folder for --out"))


# What the harness writes at the top of a site; anything else in an earlier site (a .git folder,
# a CNAME, a README) is not ours and is carried into the new one.
SITE_ENTRIES = frozenset({"index.html", "leaderboard.json", "leaderboard.md", "leaderboard.csv", "eval.yaml", "cards", "docs"})


def _write_tree(out: Path, files: dict[str, str]) -> None:
    """Write ``files`` into a fresh folder beside ``out``, then swap it in for ``out``."""
    out = Path(replaced_path(out))  # a symlinked --out: the folder it points to is replaced
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp"))
    retired = None
    try:
        umask = os.umask(0)
        os.umask(umask)
        for relative, content in files.items():
            target = (staging / relative).resolve()
            if staging.resolve() not in target.parents:
                raise ValueError(f"refusing to write outside the output folder: {relative!r}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8", newline="")
        for folder, _, names in os.walk(staging):
            os.chmod(folder, 0o777 & ~umask)
            for name in names:
                os.chmod(Path(folder) / name, 0o666 & ~umask)
        if out.exists():
            _keep_foreign_entries(out, staging, SITE_ENTRIES | {relative.split("/")[0] for relative in files})
            if _exchange(staging, out):  # one atomic step: staging now holds the earlier site
                shutil.rmtree(staging, ignore_errors=True)
                return
            retired = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".old"))
            os.rename(out, retired / "site")
        os.rename(staging, out)
    except BaseException:
        if retired is not None and not out.exists():
            os.rename(retired / "site", out)
        shutil.rmtree(staging, ignore_errors=True)
        if retired is not None:
            shutil.rmtree(retired, ignore_errors=True)
        raise
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)


def _exchange(staging: Path, out: Path) -> bool:
    """Swap the new site in atomically; False where the system cannot (two renames are used)."""
    try:
        exchange_paths(staging, out)
    except OSError as exc:
        if exc.errno in EXCHANGE_UNSUPPORTED:
            return False
        raise
    return True


def _keep_foreign_entries(out: Path, staging: Path, ours: frozenset[str] | set[str]) -> None:
    """Copy into the new site every top-level entry of the earlier one that the harness does not
    write (files as hard links where the file system allows: a .git folder can be large)."""
    for entry in sorted(out.iterdir()):
        if entry.name in ours:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, staging / entry.name, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(entry, staging / entry.name)


def _link_or_copy(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def _scoring_date(date: str | None) -> str:
    """``date`` checked as an ISO 8601 calendar date (YYYY-MM-DD), or today in UTC."""
    if date is None:
        return dt.datetime.now(dt.timezone.utc).date().isoformat()
    try:
        if len(date) != 10:
            raise ValueError
        return dt.date.fromisoformat(date).isoformat()
    except ValueError:
        raise HarnessError(Problem("--date", f"{date!r} is not a calendar date written YYYY-MM-DD")) from None


def build_leaderboard(paths: Iterable[str | os.PathLike[str]], out: str | os.PathLike[str],
                      gold_path: str | os.PathLike[str] | None = None, settings: Settings = Settings(),
                      limits: Limits = Limits(), strict: bool = False,
                      hub_dataset: str = DEFAULT_HUB_DATASET, from_format: str | None = None,
                      strict_anchoring: bool = False, date: str | None = None) -> Published:
    """Score ``paths`` and publish the leaderboard into ``out``; with ``from_format`` every path
    holds predictions in that format (converted as ``harness eval --from`` does).

    ``date`` (ISO 8601, default: today in UTC) is when the entries were scored; it goes into
    ``leaderboard.json`` and the ``.eval_results`` snippets.

    Refused files (invalid, oversized, duplicate name and version, results scored on other data
    or settings) are left out and listed; with ``strict`` any refusal raises HarnessError and
    nothing is written. HarnessError too when no file is accepted or ``out`` holds something
    other than an earlier leaderboard.
    """
    target = Path(out)
    scored_on = _scoring_date(date)
    _check_target(target, limits)
    gold = load_gold(gold_path, limits)
    with shared_resamples(settings.n_resamples, settings.seed):  # every entry's intervals and every paired test
        entries, refusals = load_entries([str(p) for p in paths], gold, settings, limits, from_format, strict_anchoring)
        if refusals and strict:
            raise HarnessError([Problem(r.file, f"refused: {r.reason}") for r in refusals])
        if not entries:
            raise HarnessError([Problem(r.file, f"refused: {r.reason}") for r in refusals]
                               + [Problem(str(target), "no file was accepted: nothing to publish")])
        document = build_document(gold, settings, entries, refusals, paired_p_value(gold, settings), hub_dataset)
    document["date"] = scored_on
    _write_tree(target, render(document, entries, gold, settings))
    return Published(target, document, refusals)
