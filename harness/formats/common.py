"""What every format reader shares: reading JSON or JSONL records, typed field access with
problems that name the record, BIO aggregation, matching a record to a bundled document
(by ``doc_id``, else by its exact text), and assembling a validated submission dict.

A reader turns a file into :class:`Found` records (one per document, with its layers in
submission shape); :func:`submission` identifies each, checks that no document appears
twice, and runs the same schema and meaning checks as ``harness validate``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..inputs import Limits, check_submission, parse_json_bytes, read_bytes
from ..model import Gold, UnknownLabels
from ..problems import HarnessError, Problem, short_repr


@dataclass(frozen=True)
class Found:
    """One document's predictions as read from a file, before it is matched to a bundled document."""

    file: str
    where: str  # e.g. "line 3", "record 2", "task 4": names the record in problem lines
    doc_id: str | None
    text: str | None
    layers: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Token:
    """One tagged token of a BIO sequence, with its character offsets in the document."""

    tag: str
    start: int
    end: int
    follows: bool  # directly follows the previous token: no sentence break or omitted token between
    where: str
    score: float | None = None


def read_text(path: Path, limits: Limits) -> str:
    """A UTF-8 text file (a byte order mark is dropped), within the size limit."""
    raw = read_bytes(path, limits)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise HarnessError(
            Problem(str(path), f"not UTF-8: invalid byte 0x{raw[exc.start]:02x} at byte offset {exc.start}")
        ) from None


def parse_records(raw: bytes, file: str) -> list[tuple[str, Any]]:
    """The records of a JSON or JSONL file, each with the name problem lines give it.

    A file that parses as one JSON value is JSON: a list gives ``record N`` for each item,
    anything else is ``record 1``. Otherwise, when it has several non-blank lines and its first
    one, or at least half of them, parse on their own, it is JSONL: one record per non-blank
    line, named ``line N``. Every line is parsed, so one bad line among many (the first too)
    is reported by its number along with any other bad line.
    """
    try:
        data = parse_json_bytes(raw, file)
    except HarnessError as whole:
        lines = text_lines(raw.decode("utf-8-sig", errors="replace"))
        parsed = [(number, _parse_line(line, file)) for number, line in enumerate(lines, 1) if line.strip()]
        good = [isinstance(value, tuple) for _, value in parsed]
        if len(parsed) < 2 or not (good[0] or 2 * sum(good) >= len(good)):
            raise whole from None
        problems = [Problem(p.file, p.message.replace(" at line 1 column ", " at column "), f"line {number}")
                    for number, value in parsed if isinstance(value, list) for p in value]
        if problems:
            raise HarnessError(problems) from None
        return [(f"line {number}", value[0]) for number, value in parsed]
    if isinstance(data, list):
        return [(f"record {index}", item) for index, item in enumerate(data, 1)]
    return [("record 1", data)]


def text_lines(content: str) -> list[str]:
    """The lines of a JSONL, brat or CoNLL file: split on LF (a CR before it is dropped) and on
    nothing else, since U+2028, U+2029 and U+0085, which ``str.splitlines`` also splits on, are
    legal inside JSON strings and article text."""
    lines = content.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def _parse_line(line: str, file: str) -> tuple[Any] | list[Problem]:
    """One JSONL line: its value in a 1-tuple, or the problems that stop it from parsing."""
    try:
        return (parse_json_bytes(line.encode("utf-8"), file),)
    except HarnessError as exc:
        return exc.problems


def collect(items: Iterable[Any], parse: Callable[[Any], Found]) -> list[Found]:
    """``parse`` every item, gathering the problems of all of them before raising."""
    found: list[Found] = []
    problems: list[Problem] = []
    for item in items:
        try:
            found.append(parse(item))
        except HarnessError as exc:
            problems += exc.problems
    if problems:
        raise HarnessError(problems)
    return found


_KINDS: dict[str, tuple[type, ...]] = {"object": (dict,), "array": (list,), "string": (str,),
                                        "integer": (int,), "number": (int, float)}


def get(obj: Any, key: str, kind: str, file: str, where: str, optional: bool = False) -> Any:
    """``obj[key]`` checked to be of JSON ``kind``; a missing or mistyped value is a HarnessError.

    With ``optional``, a missing key or null gives None.
    """
    if not isinstance(obj, dict):
        raise HarnessError(Problem(file, f"expected an object, got {type(obj).__name__}", where))
    value = obj.get(key)
    if value is None and optional:
        return None
    if key not in obj:
        raise HarnessError(Problem(file, "required field is missing", where, key))
    if isinstance(value, bool) or not isinstance(value, _KINDS[kind]):
        raise HarnessError(Problem(file, f"expected {kind}, got {short_repr(value, 40)}", where, key))
    return value


def bio_spans(tokens: Sequence[Token], file: str) -> list[dict[str, Any]]:
    """Entities from BIO tags (IOB2, and IOB1 as it is a special case), as submission records.

    ``B-X`` always starts an entity. ``I-X`` continues the open entity when that entity is
    also ``X`` and the token directly follows the previous one; otherwise (after ``O``, after
    another label, after a sentence break or an omitted token) it starts a new entity, as
    conlleval does. ``O`` closes the open entity. An entity runs from its first token's start
    to its last token's end; its score is the mean of its tokens' scores when all have one.
    """
    entities: list[dict[str, Any]] = []
    scores: list[list[float | None]] = []
    label: str | None = None
    for token in tokens:
        prefix, _, name = token.tag.partition("-")
        if token.tag == "O":
            label = None
            continue
        if prefix not in ("B", "I") or not name:
            raise HarnessError(Problem(file, f"tag {short_repr(token.tag)} is not O, B-<label> or I-<label>", token.where, "tag"))
        if prefix == "I" and label == name and token.follows:
            entities[-1]["end"] = token.end
            scores[-1].append(token.score)
        else:
            entities.append({"start": token.start, "end": token.end, "label": name})
            scores.append([token.score])
        label = name
    for entity, values in zip(entities, scores):
        if all(value is not None for value in values):
            entity["score"] = sum(values) / len(values)  # type: ignore[arg-type]
    return entities


def identify(found: Found, gold: Gold, by_text: dict[str, str]) -> str:
    """The bundled document a record is about: its ``doc_id``, else the document with exactly its text."""
    if found.doc_id is not None:
        document = gold.documents.get(found.doc_id)
        if document is None:
            raise HarnessError(Problem(found.file, f"unknown doc id {short_repr(found.doc_id)} (not in gold data version {gold.version})",
                                       found.where, "doc_id"))
        if found.text is not None and found.text != document.text:
            raise HarnessError(Problem(found.file, f"differs from the bundled text of {found.doc_id}: offsets would point "
                                                   "elsewhere", found.where, "text"))
        return found.doc_id
    if found.text is not None and found.text in by_text:
        return by_text[found.text]
    what = "its text matches no bundled document exactly" if found.text is not None else "it has neither a doc_id nor a text"
    raise HarnessError(Problem(found.file, f"cannot tell which document this is: {what}", found.where))


def submission(found: Sequence[Found], gold: Gold, file: str, system: dict[str, Any],
               unknown_labels: UnknownLabels = "error", limits: Limits = Limits()) -> dict[str, Any]:
    """The submission dict for the records read from ``file``, within ``limits`` and validated
    like ``harness validate`` does."""
    by_text = {document.text: doc_id for doc_id, document in gold.documents.items()}
    problems: list[Problem] = []
    first: dict[str, str] = {}
    documents = []
    for record in found:
        try:
            doc_id = identify(record, gold, by_text)
        except HarnessError as exc:
            problems += exc.problems
            continue
        if doc_id in first:
            problems.append(Problem(record.file, f"document {doc_id} was already given by {first[doc_id]}", record.where))
            continue
        first[doc_id] = record.where
        documents.append({"doc_id": doc_id, **record.layers})
    if problems:
        raise HarnessError(problems)
    result = {"system": system, "documents": documents}
    check_submission(result, file, gold, unknown_labels, limits)
    return result
