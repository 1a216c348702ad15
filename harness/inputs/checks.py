"""Reading and checking inputs: files read within the input limits, JSON parsed strictly, then
the JSON Schema (structure and types) and meaning (offsets inside the text, ``text[start:end]``
equal to the stored text, unique ids, references that resolve, labels in their sets, known
document ids). Every problem is reported, one line each, as a :class:`~harness.problems.Problem`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .. import model
from ..model import Gold, UnknownLabels
from ..problems import HarnessError, Problem, short_repr
from ..flatcheck import certainly_valid, pattern_keyword
from ..resources import load_schema
from ..safety import NotRegular, open_regular
from ..tasks import TASKS

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError as SchemaError

DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024
DEFAULT_MAX_DOCUMENTS = 100_000
DEFAULT_MAX_SPANS_PER_DOCUMENT = 100_000
DEFAULT_MAX_FUZZY_QUOTE_CHARS = 1_000
DEFAULT_MAX_ANCHORING_STEPS = 200_000_000


@dataclass(frozen=True)
class Limits:
    """Input limits that keep the memory and time of one run bounded on files from strangers.

    Each is checked before the work it protects and, when hit, reported by name with the
    command-line option that raises it (docs/robustness.md):

    - ``max_file_bytes`` (``--max-file-bytes``, default 64 MiB): the size of any input file,
      taken from the file system before a byte is read; it bounds the memory of parsing.
    - ``max_documents`` (``--max-documents``, default 100,000): documents in one submission
      file, counted right after parsing, before any validation.
    - ``max_spans_per_document`` (``--max-spans-per-document``, default 100,000): records of one
      submitted document (entities, claims, verdicts and errors together), counted at the same
      point; it bounds span matching, which is superlinear within one document.

    The counts apply to submissions (and annotation sets); a gold document is bounded by its
    file size only, so a small limit for submissions never refuses the gold.

    Two more bound the anchoring of quotes (``--from quotes``):

    - ``max_fuzzy_quote_chars`` (``--max-fuzzy-quote-chars``, default 1,000): the longest quote,
      once normalised, that fuzzy matching is tried for; its similarity costs the cube of the
      length. A longer quote not found exactly is listed as unanchored, saying so.
    - ``max_anchoring_steps`` (``--max-anchoring-steps``, default 2 x 10^8, a few seconds): the
      work of anchoring one file's quotes, counted before it is done: responses read, quotes,
      characters normalised (quotes, contexts, the text around each place found) and fuzzy
      alignment cells, each weighted by its cost (``quotes.Effort``). Past it the file is refused.
    """

    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    max_documents: int = DEFAULT_MAX_DOCUMENTS
    max_spans_per_document: int = DEFAULT_MAX_SPANS_PER_DOCUMENT
    max_fuzzy_quote_chars: int = DEFAULT_MAX_FUZZY_QUOTE_CHARS
    max_anchoring_steps: int = DEFAULT_MAX_ANCHORING_STEPS


_RECORD_LAYERS = tuple(task.layer for task in TASKS.values())


def shown_doc_id(value: Any, fallback: str) -> str:
    """``value`` to name a document in a problem line when it is a short printable string, else
    ``fallback`` (a doc id not yet validated can hold a line break or a megabyte)."""
    if isinstance(value, str) and value and len(value) <= 100 and value.isprintable() and value.strip() == value:
        return value
    return fallback


def limit_problems(data: Any, file: str, limits: Limits) -> list[Problem]:
    """A submission's documents and per-document records over ``limits`` (any parsed JSON; cheap).

    Counts only lists, so a malformed file is left for validation to describe.
    """
    documents = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(documents, list):
        return []
    if len(documents) > limits.max_documents:
        return [Problem(file, f"{len(documents)} documents: over the limit of {limits.max_documents} documents "
                              "per file (raise it with --max-documents)", field="documents")]
    problems = []
    for index, doc in enumerate(documents):
        if not isinstance(doc, dict):
            continue
        count = sum(len(doc[layer]) for layer in _RECORD_LAYERS if isinstance(doc.get(layer), list))
        if count > limits.max_spans_per_document:
            name = shown_doc_id(doc.get("doc_id"), f"documents[{index}]")
            problems.append(Problem(file, f"{count} spans: over the limit of {limits.max_spans_per_document} spans "
                                          "per document (raise it with --max-spans-per-document)", name))
    return problems


# --------------------------------------------------------------------------- JSON reading


class _JsonProblem(ValueError):
    pass


def _reject_constant(name: str) -> Any:
    raise _JsonProblem(f"{name} is not a JSON number")


def _finite_float(literal: str) -> float:
    value = float(literal)
    if value in (float("inf"), float("-inf")):
        raise _JsonProblem(f"number {short_repr(literal)} is out of range")
    return value


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        duplicated = sorted(key for key, count in Counter(k for k, _ in pairs).items() if count > 1)
        raise _JsonProblem(f"duplicate key {short_repr(duplicated[0])} in one object")
    return result


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _reject_lone_surrogates(data: Any) -> None:
    """Raise _JsonProblem for a string (or key) holding an unpaired surrogate escape such as
    ``"\\ud800"``: Python accepts it, but it is not Unicode text and cannot be written out as UTF-8."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack += value.keys()
            stack += value.values()
        elif isinstance(value, list):
            stack += value
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise _JsonProblem(f"string {short_repr(value, 40)} holds an unpaired surrogate "
                                   f"\\u{ord(value[exc.start]):04x}, which is not Unicode text") from None


def parse_json_bytes(raw: bytes, file: str) -> Any:
    """Decode and parse one JSON document, turning every failure into one Problem.

    Accepted on purpose: a UTF-8 byte order mark and CRLF line ends. Rejected: empty
    input, bytes that are not UTF-8, NaN/Infinity (also as 1e999), duplicate keys, unpaired
    surrogate escapes (``"\\ud800"``), nesting deeper than Python's recursion limit.
    """
    if not raw.strip():
        raise HarnessError(Problem(file, "empty file: expected a JSON object"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise HarnessError(
            Problem(file, f"not UTF-8: invalid byte 0x{raw[exc.start]:02x} at byte offset {exc.start}")
        ) from None
    try:
        data = json.loads(
            text, parse_constant=_reject_constant, parse_float=_finite_float, object_pairs_hook=_no_duplicate_keys
        )
        if _SURROGATE_ESCAPE.search(text):
            _reject_lone_surrogates(data)
        return data
    except json.JSONDecodeError as exc:
        raise HarnessError(
            Problem(file, f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}{_hint(exc)}")
        ) from None
    except _JsonProblem as exc:
        raise HarnessError(Problem(file, f"not valid JSON: {exc}")) from None
    except RecursionError:
        raise HarnessError(Problem(file, "not valid JSON: nested too deeply")) from None
    except ValueError as exc:  # e.g. an integer literal longer than Python accepts
        raise HarnessError(Problem(file, f"not valid JSON: {short_repr(str(exc), 120)}")) from None


def _hint(error: json.JSONDecodeError) -> str:
    """What the common mistakes behind a JSON error look like: JSON Lines given where one JSON
    document is read, and a trailing comma."""
    if error.msg == "Extra data" and error.colno == 1:
        return (" (one JSON value per line? a submission is one JSON document; JSON Lines of model answers or "
                "other systems' output are read with --from FORMAT, e.g. --from quotes)")
    before = error.doc[:error.pos].rstrip()
    if before.endswith(",") and error.doc[error.pos:error.pos + 1] in ("}", "]"):
        return " (a trailing comma: strict JSON has none before } or ])"
    return ""


def read_json(path: str | os.PathLike[str], limits: Limits = Limits()) -> Any:
    """Read a JSON file within ``limits`` (size before reading, counts before validation).

    Any failure is a HarnessError.
    """
    data = parse_json_bytes(read_bytes(path, limits), str(path))
    problems = limit_problems(data, str(path), limits)
    if problems:
        raise HarnessError(problems)
    return data


def _file_too_large(file: str, size: str, limits: Limits) -> Problem:
    return Problem(file, f"file is {size}: over the limit of {limits.max_file_bytes} bytes per file "
                         "(raise it with --max-file-bytes)")


def read_bytes(path: str | os.PathLike[str], limits: Limits = Limits()) -> bytes:
    """Read a file's bytes within the size limit; any failure is a HarnessError."""
    file = str(path)
    try:
        with open(open_regular(file), "rb") as handle:  # never a FIFO or a device: those can block or never end
            size = os.fstat(handle.fileno()).st_size
            if size > limits.max_file_bytes:
                raise HarnessError(_file_too_large(file, f"{size} bytes", limits))
            raw = handle.read(limits.max_file_bytes + 1)  # one byte past the limit at most (a file that grew)
        if len(raw) > limits.max_file_bytes:
            raise HarnessError(_file_too_large(file, f"more than {limits.max_file_bytes} bytes", limits))
    except FileNotFoundError:
        raise HarnessError(Problem(file, "no such file")) from None
    except IsADirectoryError:
        raise HarnessError(Problem(file, "is a folder, not a file")) from None
    except NotRegular as exc:
        raise HarnessError(Problem(file, str(exc))) from None
    except OSError as exc:
        raise HarnessError(Problem(file, f"cannot read: {exc.strerror}")) from None
    return raw


# --------------------------------------------------------------------------- JSON Schema


@lru_cache(maxsize=None)
def _validator(name: str) -> Any:
    """A jsonschema validator of one of the package's schemas (jsonschema is imported on first use)."""
    from jsonschema import Draft202012Validator, validators

    # JSON Schema counts 3.0 as an integer; offsets must be real integers, and never booleans.
    strict = validators.extend(
        Draft202012Validator,
        type_checker=Draft202012Validator.TYPE_CHECKER.redefine(
            "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool)
        ),
        validators={"pattern": pattern_keyword},  # "$" is the end of the string, as in ECMA-262
    )
    return strict(load_schema(name))


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _schema_message(error: SchemaError) -> str:
    """One short line for a schema violation (jsonschema's own can quote megabytes)."""
    from jsonschema.exceptions import best_match

    if error.context:
        return _schema_message(best_match(error.context))
    kind, expected, value = error.validator, error.validator_value, error.instance
    if kind == "type":
        wanted = expected if isinstance(expected, str) else " or ".join(expected)
        return f"expected {wanted}, got {_json_type(value)}"
    if kind == "enum":
        shown = ", ".join(map(str, expected[:8])) + (", ..." if len(expected) > 8 else "")
        return f"{short_repr(value)} is not one of {shown}"
    if kind == "const":
        return f"must be {expected!r}"
    if kind == "pattern":
        return f"{short_repr(value)} does not match the pattern {expected}"
    if kind == "minimum":
        return f"{short_repr(value)} is below the minimum {expected}"
    if kind == "maximum":
        return f"{short_repr(value)} is above the maximum {expected}"
    if kind == "minLength":
        return "must not be empty"
    if kind == "maxLength":
        return f"longer than {expected} characters"
    if kind == "required":
        missing = [name for name in expected if isinstance(value, dict) and name not in value]
        return f"required field {missing[0]!r} is missing" if missing else error.message
    if kind == "additionalProperties":
        extra = sorted(set(value) - set(error.schema.get("properties", {}))) if isinstance(value, dict) else []
        return f"unknown field {short_repr(extra[0])}" if extra else error.message
    return short_repr(error.message, 200)


def _locate(root: Any, path: list[Any]) -> tuple[str, str, str]:
    """(doc, record, field) names for a JSON path inside a submission or gold document."""
    doc = ""
    if path[:1] == ["documents"] and len(path) >= 2:
        entry = root["documents"][path[1]] if isinstance(root, dict) else None
        doc = shown_doc_id(entry.get("doc_id") if isinstance(entry, dict) else None, f"documents[{path[1]}]")
        path = path[2:]
    elif isinstance(root, dict) and path[:1] != ["doc_id"]:
        doc = shown_doc_id(root.get("doc_id"), "")
    record, rest = "", path
    if len(path) >= 2 and isinstance(path[1], int):
        record, rest = f"{path[0]}[{path[1]}]", path[2:]
    field = ".".join(str(part) if not isinstance(part, int) else f"[{part}]" for part in rest).replace(".[", "[")
    return doc, record, field


_SUBMISSION_RECORDS = {task.layer: task.records.definition for task in TASKS.values()}


def _submission_certainly_valid(instance: Any) -> bool:
    """Fast acceptance of a large submission (see harness.flatcheck); False means "not sure"."""
    from ..flatcheck import record_check

    if type(instance) is not dict or type(instance.get("documents")) is not list:
        return False
    documents = instance["documents"]
    if not _validator("submission").is_valid({**instance, "documents": []}):
        return False
    if not record_check("submission", "document").certainly_valid(documents, skip_complex=True):
        return False
    return all(record_check("submission", definition).certainly_valid(doc[layer])
               for doc in documents for layer, definition in _SUBMISSION_RECORDS.items() if layer in doc)


def schema_problems(instance: Any, schema_name: str, file: str) -> list[Problem]:
    """Every violation of one of the package's JSON Schemas, as Problems in path order.

    Valid input is accepted by fast checks derived from the same schema (harness.flatcheck:
    msgspec types of the whole document; for submissions also the column-wise record check,
    should the schema outgrow the types); anything they are not sure of goes through
    jsonschema, which writes the messages.
    """
    if certainly_valid(instance, schema_name) or schema_name == "submission" and _submission_certainly_valid(instance):
        return []
    problems = []
    reported_missing: Counter[tuple[str, ...]] = Counter()  # jsonschema reports one error per missing field
    for error in _validator(schema_name).iter_errors(instance):
        path = list(error.absolute_path)
        doc, record, field = _locate(instance, path)
        if error.validator == "required" and isinstance(error.instance, dict):
            missing = [name for name in error.validator_value if name not in error.instance]
            key = tuple(map(str, path))
            name = missing[min(reported_missing[key], len(missing) - 1)] if missing else ""
            reported_missing[key] += 1
            field = ".".join(filter(None, [field, name]))
            message = "required field is missing"
        else:
            message = _schema_message(error)
        where = "/".join(filter(None, [doc, record]))
        problems.append((path, Problem(file, message, where, field)))
    problems.sort(key=lambda item: [str(p) for p in item[0]])
    return [problem for _, problem in problems]


# --------------------------------------------------------------------------- meaning


def span_problem(text: str | None, start: int, end: int, span_text: str | None) -> str | None:
    """Why a half-open span is invalid against ``text`` (None when it is valid).

    Without a document text (annotation sets compared with no bundled texts) only the
    order of the offsets can be checked.
    """
    if end <= start:
        return f"end {end} is not after start {start}"
    if text is None:
        return None
    if end > len(text):
        return f"end {end} is past the end of the text ({len(text)} characters)"
    if span_text is not None and text[start:end] != span_text:
        return f"text {short_repr(span_text, 40)} does not match text[{start}:{end}] = {short_repr(text[start:end], 40)}"
    return None


def _record_name(layer: str, index: int, record: dict[str, Any], id_field: str) -> str:
    ident = record.get(id_field)
    return f"{layer}[{index}]" + (f"({ident})" if isinstance(ident, str) else "")


def _duplicates(values: Iterable[str]) -> list[str]:
    return sorted(value for value, count in Counter(values).items() if count > 1)


_GOLD_ID_FIELDS = {"sentences": "sentence_id", "entities": "entity_id", "claims": "claim_id", "errors": "error_id"}


def gold_document_problems(doc: dict[str, Any], file: str) -> list[Problem]:
    """Meaning checks of one schema-valid gold document."""
    doc_id, text = doc["doc_id"], doc["text"]
    problems: list[Problem] = []

    def add(message: str, record: str = "", field: str = "") -> None:
        problems.append(Problem(file, message, "/".join(filter(None, [doc_id, record])), field))

    if hashlib.sha256(text.encode("utf-8")).hexdigest() != doc["sha256"]:
        add("does not match the SHA-256 of text", field="sha256")
    if doc["title"] is not None and text.split("\n", 1)[0].strip() != doc["title"]:
        add("is not the first line of the text", field="title")

    for layer, id_field in _GOLD_ID_FIELDS.items():
        records = doc[layer]
        for dup in _duplicates(r[id_field] for r in records):
            add(f"duplicate id {dup!r}", layer, id_field)
        for index, record in enumerate(records):
            name = _record_name(layer, index, record, id_field)
            spans = [("", record)] + [
                (f"alternatives.spans[{i}].", alt) for i, alt in enumerate(record.get("alternatives", {}).get("spans", []))
            ]
            for prefix, span in spans:
                message = span_problem(text, span["start"], span["end"], span["text"])
                if message is None and span["text"] != span["text"].strip():
                    message = "span begins or ends with white space"
                if message:
                    add(message, name, prefix + ("text" if "text" in message.split(" ", 1)[0] else "end"))

    entity_ids = {e["entity_id"] for e in doc["entities"]}
    claim_ids = {c["claim_id"] for c in doc["claims"]}
    for index, entity in enumerate(doc["entities"]):
        if (entity["canonical"] is None) != (entity["cluster_id"] is None):
            add("canonical and cluster_id must both be set or both be null", _record_name("entities", index, entity, "entity_id"), "cluster_id")
    for index, claim in enumerate(doc["claims"]):
        claimant = claim["claimant"]
        if claimant != model.ARTICLE_CLAIMANT and not (
            claimant.startswith(model.UNNAMED_CLAIMANT_PREFIX) and len(claimant) > len(model.UNNAMED_CLAIMANT_PREFIX)
        ) and claimant not in entity_ids:
            add(f"{short_repr(claimant)} is not 'article', 'unnamed:<who>' or an entity id of this document",
                _record_name("claims", index, claim, "claim_id"), "claimant")
    for index, error in enumerate(doc["errors"]):
        for claim_id in error["claim_ids"]:
            if claim_id not in claim_ids:
                add(f"claim {claim_id!r} does not exist in this document", _record_name("errors", index, error, "error_id"), "claim_ids")
    ordered = sorted(doc["sentences"], key=lambda s: (s["start"], s["end"]))
    for before, after in zip(ordered, ordered[1:]):
        if after["start"] < before["end"]:
            add(f"overlaps sentence {before['sentence_id']!r}", f"sentences({after['sentence_id']})", "start")
    return problems


def submission_problems(
    sub: dict[str, Any],
    file: str,
    gold: Gold | None,
    unknown_labels: UnknownLabels = "error",
) -> list[Problem]:
    """Meaning checks of one schema-valid submission, against ``gold`` when given.

    Without gold (comparing two annotation sets) offsets are checked for order only and
    verdicts are not resolved against gold claim ids.
    """
    problems: list[Problem] = []
    for dup in _duplicates(d["doc_id"] for d in sub["documents"]):
        problems.append(Problem(file, "document appears more than once", dup, "doc_id"))
    for doc in sub["documents"]:
        doc_id = doc["doc_id"]
        gold_doc = gold.documents.get(doc_id) if gold is not None else None
        if gold is not None and gold_doc is None:
            problems.append(Problem(file, f"unknown doc id (not in gold data version {gold.version})", doc_id, "doc_id"))
            continue
        text = gold_doc.text if gold_doc is not None else None
        for task in TASKS.values():
            layer, label_field, allowed, id_field = task.layer, task.records.label, task.records.labels, task.records.id
            records = doc.get(layer, [])
            for dup in _duplicates(r[id_field] for r in records if id_field in r):
                problems.append(Problem(file, f"duplicate id {dup!r}", f"{doc_id}/{layer}", id_field))
            lenient = task.unknown_labels and unknown_labels == "spurious"
            gold_claims = {c.claim_id for c in gold_doc.claims} if gold_doc is not None else None
            for index, record in enumerate(records):
                found = []
                label = record.get(label_field)
                if label is not None and label not in allowed and not lenient:
                    found.append((f"unknown {label_field} {short_repr(label)}", label_field))
                if not task.records.spans:
                    if gold_claims is not None and record["claim_id"] not in gold_claims:
                        found.append((f"claim {record['claim_id']!r} is not a gold claim of this document", "claim_id"))
                else:
                    message = span_problem(text, record["start"], record["end"], record.get("text"))
                    if message:
                        found.append((message, "text" if message.startswith("text") else "end"))
                if found:
                    where = f"{doc_id}/{_record_name(layer, index, record, id_field)}"
                    problems += [Problem(file, message, where, field) for message, field in found]
    return problems
