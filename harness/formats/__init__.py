"""Interoperability: read predictions in the formats systems already emit, and export the gold.

``convert`` turns a file in one of :data:`READERS` into a submission dict, validated exactly
as ``harness validate`` validates a submission; ``export`` writes the gold in one of
:data:`WRITERS`. Each format lives in its own module (reading and writing side by side);
what they share is in :mod:`.common`. Modules are imported on first use.
"""

from __future__ import annotations

import os
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # kept light: the CLI reads the format names below while building its parser
    from ..inputs import Limits
    from ..model import Gold, Submission, UnknownLabels

# format name -> module; readers have read(path, gold, limits), writers write(gold, dataset folder);
# quotes and inspect-log have read_anchored(path, gold, limits, strict), which also returns the anchoring report
ANCHORED = ("quotes", "inspect-log")
READERS = {"hf-pipeline": "hf_pipeline", "spacy": "spacy_doc", "conll": "conll", "brat": "brat", "label-studio": "label_studio",
           "quotes": "quotes", "inspect-log": "inspect_log"}
WRITERS = {"brat": "brat", "conll": "conll", "label-studio": "label_studio", "croissant": "croissant"}


def _module(name: str) -> Any:
    return import_module(f".{name}", __name__)


def convert(fmt: str, path: str | os.PathLike[str], gold: Gold, name: str | None = None,
            unknown_labels: UnknownLabels = "error", limits: Limits | None = None,
            strict_anchoring: bool = False, system: dict[str, str] | None = None) -> dict[str, Any]:
    """The validated submission dict for a file (or brat folder) in format ``fmt``.

    The system is named ``name``, by default after the input file; ``system`` may give its
    name, version, description and url (the submission schema's system fields). From quotes (or
    an inspect log of answers), the anchoring report goes into ``system.details.anchoring``; with
    ``strict_anchoring`` any quote not anchored, or label outside its set, is an error. Model
    output read from quotes is judged, not rejected (docs/llm.md): its entity labels outside
    OntoNotes are kept, to be scored as spurious, whatever ``unknown_labels`` says (the anchoring
    report lists each).
    """
    if fmt in ANCHORED:
        unknown_labels = "spurious"
    from ..inputs import Limits
    from .common import submission

    source = Path(path)
    # answers read from an inspect log are quote answers all the same (their provenance and signature)
    details: dict[str, Any] = {"converted_from": "quotes" if fmt in ANCHORED else fmt, "source_file": source.name}
    if fmt in ANCHORED:
        if fmt != "quotes":
            details["read_from"] = fmt
        found, details["anchoring"] = _module(READERS[fmt]).read_anchored(source, gold, limits or Limits(), strict_anchoring)
    else:
        found = _module(READERS[fmt]).read(source, gold, limits or Limits())
    block = {"name": name or source.stem or fmt, **(system or {}), "details": details}
    return submission(found, gold, str(source), block, unknown_labels, limits or Limits())


def load(fmt: str, path: str | os.PathLike[str], gold: Gold, unknown_labels: UnknownLabels = "error",
         limits: Limits | None = None, strict_anchoring: bool = False, system: dict[str, str] | None = None) -> Submission:
    """A typed Submission converted in memory, ready for :func:`harness.evaluate`."""
    from ..inputs import submission_from_dict

    return submission_from_dict(convert(fmt, path, gold, None, unknown_labels, limits, strict_anchoring, system),
                                str(path))


def export(fmt: str, gold: Gold, dataset: Path, out: Path) -> tuple[list[Path], list[str]]:
    """Write the gold in format ``fmt`` into the folder ``out``, each file atomically.

    Returns the files written and a line for everything the format could not hold (or describe).
    """
    from ..atomic import write_text_atomic

    files, lost = _module(WRITERS[fmt]).write(gold, dataset)
    written = []
    for relative, content in files.items():
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(target, content)
        written.append(target)
    return written, lost
