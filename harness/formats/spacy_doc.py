"""spaCy output (``--from spacy``): ``Doc.to_json()`` records, or a ``DocBin`` file.

JSON records (a list, one object or JSONL) are ``Doc.to_json()`` dicts: ``text`` and
``ents`` (``start``, ``end``, ``label`` in characters). The document is the one named by a
top-level ``doc_id`` or by ``"_": {"doc_id": ...}`` (``doc.to_json(underscore=["doc_id"])``),
else the one whose text is exactly ``text``. A DocBin (``*.spacy``, zlib-compressed) needs
spaCy itself, which is optional; its documents are matched by text, or by
``doc.user_data["doc_id"]`` when the DocBin stored user data.
"""

from __future__ import annotations

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
    records = _docbin_records(raw, file) if path.suffix == ".spacy" or _is_zlib(raw) else parse_records(raw, file)
    return collect(records, lambda item: _document(file, *item))


def _is_zlib(raw: bytes) -> bool:
    """A zlib stream header (what DocBin.to_bytes writes); JSON never starts with 'x'."""
    return len(raw) >= 2 and raw[0] == 0x78 and (raw[0] * 256 + raw[1]) % 31 == 0


def _docbin_records(raw: bytes, file: str) -> list[tuple[str, Any]]:
    try:
        import spacy
        from spacy.tokens import DocBin
    except ImportError:
        raise HarnessError(Problem(file, MISSING_SPACY)) from None
    try:
        docs = list(DocBin().from_bytes(raw).get_docs(spacy.blank("en").vocab))
    except Exception:  # spaCy raises several types for a corrupt file
        raise HarnessError(Problem(file, "not a readable spaCy DocBin file")) from None
    records = []
    for index, doc in enumerate(docs, 1):
        record = doc.to_json()
        if isinstance(doc.user_data.get("doc_id"), str):
            record["doc_id"] = doc.user_data["doc_id"]
        records.append((f"doc {index}", record))
    return records


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
