"""brat standoff (``--from brat``, ``--to brat``): ``NAME.ann`` beside ``NAME.txt``.

Text-bound annotations (``T``) become entities when their type is an entity label,
claims when it is ``Claim`` and errors when it is ``Error``. A ``Verdict`` attribute on a
claim gives its verdict, an ``ErrorType`` attribute on an error its type, and an
``AnnotatorNotes`` note on an error its correction. Other lines (relations, events,
normalisations, other notes) are ignored; discontinuous spans are an error, because Errata
spans are contiguous. The text column of ``T`` lines is not read: brat derives it from
``NAME.txt``. A document is the bundled one named ``NAME``, else the one whose text is
exactly ``NAME.txt``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..inputs import Limits
from ..model import ENTITY_LABELS, ERROR_TYPES, VERDICTS, Document, Gold
from ..problems import HarnessError, Problem, short_repr
from .common import Found, collect, read_text, text_lines

CLAIM, ERROR = "Claim", "Error"
VERDICT, ERROR_TYPE, NOTES = "Verdict", "ErrorType", "AnnotatorNotes"


# --------------------------------------------------------------------------- reading


def read(path: Path, gold: Gold, limits: Limits) -> list[Found]:
    """A folder of ``.ann`` files (with their ``.txt``), or one ``.ann`` file."""
    files = sorted(path.glob("*.ann")) if path.is_dir() else [path]
    if not files:
        raise HarnessError(Problem(str(path), "no .ann files in this folder"))
    return collect(files, lambda ann: _document(ann, gold, limits))


def _document(ann: Path, gold: Gold, limits: Limits) -> Found:
    txt = ann.with_suffix(".txt")
    text = read_text(txt, limits) if txt.exists() else None  # read_text refuses a FIFO or device
    doc_id = ann.stem if ann.stem in gold.documents else None
    return Found(str(ann), ann.name, doc_id, text, _layers(read_text(ann, limits), str(ann)))


def _layers(content: str, file: str) -> dict[str, list[dict[str, Any]]]:
    spans: dict[str, dict[str, Any]] = {}
    kinds: dict[str, str] = {}
    extras: list[tuple[int, str, str, str]] = []  # line, annotation id, field, value
    problems = []
    for number, line in enumerate(text_lines(content), 1):
        where = f"line {number}"
        columns = line.split("\t")
        if line.startswith("T"):
            try:
                kinds[columns[0]], spans[columns[0]] = _text_bound(columns, file, where)
            except HarnessError as exc:
                problems += exc.problems
        elif line.startswith(("A", "M")) and len(columns) >= 2:
            parts = columns[1].split()
            if len(parts) == 3 and parts[0] in (VERDICT, ERROR_TYPE):
                extras.append((number, parts[1], parts[0], parts[2]))
        elif line.startswith("#") and len(columns) >= 3 and columns[1].split()[:1] == [NOTES]:
            extras.append((number, columns[1].split()[1], NOTES, columns[2]))
    for number, target, name, value in extras:
        wanted = CLAIM if name == VERDICT else ERROR
        if kinds.get(target) != wanted:
            problems.append(Problem(file, f"{name} refers to {target}, which is not a {wanted} annotation", f"line {number}"))
        else:
            spans[target][{VERDICT: "verdict", ERROR_TYPE: "type", NOTES: "correction"}[name]] = value
    if problems:
        raise HarnessError(problems)
    layers: dict[str, list[dict[str, Any]]] = {"entities": [], "claims": [], "errors": []}
    for ident, span in spans.items():
        layers[{CLAIM: "claims", ERROR: "errors"}.get(kinds[ident], "entities")].append(span)
    return layers


def _text_bound(columns: list[str], file: str, where: str) -> tuple[str, dict[str, Any]]:
    """(type, record) of a ``T`` line: ``ID<TAB>TYPE START END<TAB>TEXT``."""
    parts = columns[1].split(" ", 1) if len(columns) >= 2 else []
    if len(parts) != 2:
        raise HarnessError(Problem(file, "expected ID<TAB>TYPE START END<TAB>TEXT", where))
    kind, offsets = parts
    if ";" in offsets:
        raise HarnessError(Problem(file, f"discontinuous span ({offsets}): Errata spans are contiguous; split it into "
                                         "separate annotations or join the fragments", where))
    bounds = offsets.split()
    if len(bounds) != 2 or not all(bound.isdigit() for bound in bounds):
        raise HarnessError(Problem(file, f"offsets {short_repr(offsets)} are not START END", where))
    start, end = int(bounds[0]), int(bounds[1])
    if kind == CLAIM or kind == ERROR:
        return kind, {"start": start, "end": end}
    return kind, {"start": start, "end": end, "label": kind}


# --------------------------------------------------------------------------- writing


def write(gold: Gold, dataset: Path) -> tuple[dict[str, str], list[str]]:
    """``DOC.txt`` and ``DOC.ann`` for every gold document, and ``annotation.conf``; nothing is lost."""
    files = {"annotation.conf": _configuration()}
    for document in gold.documents.values():
        files[f"{document.doc_id}.txt"] = document.text
        files[f"{document.doc_id}.ann"] = _annotations(document)
    return files, []


def _annotations(document: Document) -> str:
    lines: list[str] = []
    counts = {"T": 0, "A": 0, "#": 0}

    def add(prefix: str, body: str) -> str:
        counts[prefix] += 1
        lines.append(f"{prefix}{counts[prefix]}\t{body}")
        return f"{prefix}{counts[prefix]}"

    for entity in document.entities:
        add("T", f"{entity.label} {entity.start} {entity.end}\t{entity.text}")
    for claim in document.claims:
        target = add("T", f"{CLAIM} {claim.start} {claim.end}\t{claim.text}")
        add("A", f"{VERDICT} {target} {claim.verdict}")
    for error in document.errors:
        if any(character in error.correction for character in "\t\n\r"):
            raise HarnessError(Problem(document.doc_id, "cannot be written as a brat note: it holds a tab or a line break",
                                       error.error_id, "correction"))
        target = add("T", f"{ERROR} {error.start} {error.end}\t{error.text}")
        add("A", f"{ERROR_TYPE} {target} {error.type}")
        add("#", f"{NOTES} {target}\t{error.correction}")
    return "".join(line.replace("\n", " ") + "\n" for line in lines)


def _configuration() -> str:
    """brat's annotation.conf: our entity labels, Claim and Error, and their attributes."""
    return "\n".join([
        "[entities]", *ENTITY_LABELS, CLAIM, ERROR, "", "[relations]", "", "[events]", "", "[attributes]",
        f"{VERDICT}\tArg:{CLAIM}, Value:{'|'.join(VERDICTS)}",
        f"{ERROR_TYPE}\tArg:{ERROR}, Value:{'|'.join(ERROR_TYPES)}", "",
    ])
