"""spaCy output (``--from spacy``): ``Doc.to_json()`` records, or a ``DocBin`` file.

JSON records (a list, one object or JSONL) are ``Doc.to_json()`` dicts: ``text`` and
``ents`` (``start``, ``end``, ``label`` in characters). The document is the one named by a
top-level ``doc_id`` or by ``"_": {"doc_id": ...}`` (``doc.to_json(underscore=["doc_id"])``),
else the one whose text is exactly ``text``. A DocBin (``*.spacy``, zlib-compressed) needs
spaCy itself, which is optional; its documents are matched by text, or by
``doc.user_data["doc_id"]`` when the DocBin stored user data. A DocBin is held to the file-size
limit once inflated, and a document with more tokens than the longest bundled text has characters
is refused before spaCy builds it.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

from ..inputs import Limits, read_bytes
from ..model import Gold
from ..problems import HarnessError, Problem
from .common import Found, collect, get, parse_records

MISSING_SPACY = "reading a DocBin needs spaCy: pip install 'errata-bench[spacy]' (or save doc.to_json() as JSON or JSONL)"


def read(path: Path, gold: Gold, limits: Limits) -> list[Found]:
    file = str(path)
    raw = read_bytes(path, limits)
    is_docbin = path.suffix == ".spacy" or _is_zlib(raw)
    records = _docbin_records(raw, file, gold, limits) if is_docbin else parse_records(raw, file)
    return collect(records, lambda item: _document(file, *item))


def _is_zlib(raw: bytes) -> bool:
    """A zlib stream header (what DocBin.to_bytes writes); JSON never starts with 'x'."""
    return len(raw) >= 2 and raw[0] == 0x78 and (raw[0] * 256 + raw[1]) % 31 == 0


def _check_decompressed_size(raw: bytes, file: str, limits: Limits) -> None:
    """Refuse a DocBin whose zlib stream inflates past the file-size limit (a zlib bomb: a 1 MB
    file can hold a gigabyte), inflating it in bounded pieces that are thrown away."""
    inflater = zlib.decompressobj()
    size, pending = 0, raw
    try:
        while pending and not inflater.eof:
            size += len(inflater.decompress(pending, _PIECE))
            pending = inflater.unconsumed_tail
            if size > limits.max_file_bytes:
                raise HarnessError(Problem(file, f"decompresses to more than {limits.max_file_bytes} bytes: over the limit "
                                                 f"of {limits.max_file_bytes} bytes per file (raise it with --max-file-bytes)"))
    except zlib.error:
        raise HarnessError(Problem(file, "not a readable spaCy DocBin file")) from None


_PIECE = 1 << 20


def _docbin_records(raw: bytes, file: str, gold: Gold, limits: Limits) -> list[tuple[str, Any]]:
    _check_decompressed_size(raw, file, limits)
    try:
        import spacy
        from spacy.tokens import DocBin
    except ImportError:
        raise HarnessError(Problem(file, MISSING_SPACY)) from None
    try:
        docbin = DocBin().from_bytes(raw)
    except Exception:  # spaCy raises several types for a corrupt file
        raise HarnessError(Problem(file, "not a readable spaCy DocBin file")) from None
    _check_token_counts(docbin.tokens, file, gold, limits)
    records = []
    try:  # one Doc at a time: only its text, entities and doc id are kept
        for index, doc in enumerate(docbin.get_docs(spacy.blank("en").vocab), 1):
            records.append((f"doc {index}", _record(doc)))
    except Exception:
        raise HarnessError(Problem(file, "not a readable spaCy DocBin file")) from None
    return records


def _check_token_counts(tokens: list[Any], file: str, gold: Gold, limits: Limits) -> None:
    """Refuse, before any Doc is built, more documents than the limit or a document with more
    tokens than the longest bundled text has characters (it cannot be one of them)."""
    if len(tokens) > limits.max_documents:
        raise HarnessError(Problem(file, f"{len(tokens)} documents: over the limit of {limits.max_documents} documents "
                                         "per file (raise it with --max-documents)"))
    longest = max((len(document.text) for document in gold.documents.values()), default=0)
    problems = [Problem(file, f"{len(array)} tokens: more than the {longest} characters of the longest bundled document",
                        f"doc {index}") for index, array in enumerate(tokens, 1) if len(array) > longest]
    if problems:
        raise HarnessError(problems)


def _record(doc: Any) -> dict[str, Any]:
    """What ``doc.to_json()`` gives that the reader uses (text, entities), and the stored doc id."""
    record: dict[str, Any] = {"text": doc.text, "ents": [{"start": ent.start_char, "end": ent.end_char, "label": ent.label_}
                                                         for ent in doc.ents]}
    if isinstance(doc.user_data.get("doc_id"), str):
        record["doc_id"] = doc.user_data["doc_id"]
    return record


def _document(file: str, where: str, record: Any) -> Found:
    text = get(record, "text", "string", file, where)
    underscore = get(record, "_", "object", file, where, optional=True) or {}
    doc_id = get(record, "doc_id", "string", file, where, optional=True) or get(underscore, "doc_id", "string", file, f"{where}/_", optional=True)
    entities = []
    for index, ent in enumerate(get(record, "ents", "array", file, where)):
        at = f"{where}/ents[{index}]"
        entities.append({"start": get(ent, "start", "integer", file, at), "end": get(ent, "end", "integer", file, at),
                         "label": get(ent, "label", "string", file, at)})
    return Found(file, where, doc_id, text, {"entities": entities})
