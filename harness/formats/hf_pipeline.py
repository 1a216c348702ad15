"""Hugging Face token-classification pipeline output (``--from hf-pipeline``).

One record per document: ``{"doc_id" or "text": ..., "entities": <the pipeline's output>}``,
as a JSON list, one JSON object or JSONL. The output is either aggregated
(``aggregation_strategy`` other than ``none``: ``entity_group``, ``start``, ``end``,
``score``, ``word``) or per token (``entity`` with a B-/I- prefix, ``index``, ``start``,
``end``, ``score``), which is aggregated here with :func:`~.common.bio_spans`: the pipeline
drops ``O`` tokens, so a gap in ``index`` ends an entity. ``word`` is not used (it is the
tokenizer's rendering, not the text); offsets are kept as the pipeline gives them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..inputs import Limits, read_bytes
from ..model import Gold
from ..problems import HarnessError, Problem
from .common import Found, Token, bio_spans, collect, get, parse_records


def read(path: Path, gold: Gold, limits: Limits) -> list[Found]:
    file = str(path)
    return collect(parse_records(read_bytes(path, limits), file), lambda item: _document(file, *item))


def _document(file: str, where: str, record: Any) -> Found:
    outputs = get(record, "entities", "array", file, where)
    doc_id = get(record, "doc_id", "string", file, where, optional=True)
    text = get(record, "text", "string", file, where, optional=True)
    kinds = {"entity_group" in item if isinstance(item, dict) else None for item in outputs}
    if len(kinds) > 1:
        raise HarnessError(Problem(file, "mixes aggregated (entity_group) and per-token (entity) outputs", where, "entities"))
    entities = [] if not outputs else _aggregated(file, where, outputs) if kinds == {True} else _per_token(file, where, outputs)
    return Found(file, where, doc_id, text, {"entities": entities})


def _aggregated(file: str, where: str, outputs: list[Any]) -> list[dict[str, Any]]:
    entities = []
    for index, item in enumerate(outputs):
        at = f"{where}/entities[{index}]"
        entity = {"start": _offset(item, "start", file, at), "end": _offset(item, "end", file, at),
                  "label": get(item, "entity_group", "string", file, at)}
        score = get(item, "score", "number", file, at, optional=True)
        entities.append(entity if score is None else {**entity, "score": score})
    return entities


def _per_token(file: str, where: str, outputs: list[Any]) -> list[dict[str, Any]]:
    tokens: list[Token] = []
    previous = None
    for position, item in enumerate(outputs):
        at = f"{where}/entities[{position}]"
        index = get(item, "index", "integer", file, at)
        tokens.append(Token(get(item, "entity", "string", file, at), _offset(item, "start", file, at),
                            _offset(item, "end", file, at), previous is not None and index == previous + 1, at,
                            get(item, "score", "number", file, at, optional=True)))
        previous = index
    return bio_spans(tokens, file)


def _offset(item: Any, key: str, file: str, where: str) -> int:
    """A character offset; slow (Python) tokenizers give none, which cannot be scored."""
    if isinstance(item, dict) and item.get(key, 0) is None:
        raise HarnessError(Problem(file, "is null: the pipeline needs a fast tokenizer to report character offsets", where, key))
    return get(item, key, "integer", file, where)
