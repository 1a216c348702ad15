"""Typed records (:mod:`harness.model`) from checked gold documents and submissions, with the
provenance of quote-based predictions attached to the submission as it is read."""

from __future__ import annotations

from typing import Any

from ..flatcheck import pattern_keyword
from ..model import (
    Alternatives,
    Claim,
    Document,
    Entity,
    Error,
    Evidence,
    PredictedClaim,
    PredictedEntity,
    PredictedError,
    PredictedVerdict,
    Provenance,
    Sentence,
    Span,
    Submission,
    SubmissionDocument,
    SystemInfo,
)
from ..problems import HarnessError, Problem, short_repr
from ..resources import load_schema


def _evidence(items: list[dict[str, Any]]) -> tuple[Evidence, ...]:
    return tuple(Evidence(e["url"], e.get("publisher", ""), e.get("date"), e.get("summary", "")) for e in items)


def _alternatives(data: dict[str, Any] | None) -> Alternatives:
    data = data or {}
    return Alternatives(
        tuple(data.get("corrections", [])),
        tuple(Span(s["start"], s["end"], s.get("text", "")) for s in data.get("spans", [])),
    )


def document_from_dict(doc: dict[str, Any]) -> Document:
    """A typed Document from a schema-valid gold document dict."""
    return Document(
        doc_id=doc["doc_id"], title=doc["title"], text=doc["text"], sha256=doc["sha256"],
        source_url=doc["source_url"], published=doc["published"], language=doc["language"], canary=doc["canary"],
        subset=doc["subset"], split=doc["split"],
        sentences=tuple(Sentence(s["sentence_id"], s["start"], s["end"], s["text"]) for s in doc["sentences"]),
        entities=tuple(
            Entity(e["entity_id"], e["start"], e["end"], e["text"], e["label"], e["subtype"], e["canonical"], e["cluster_id"])
            for e in doc["entities"]
        ),
        claims=tuple(
            Claim(c["claim_id"], c["start"], c["end"], c["text"], c["claimant"], c["verdict"], c["rationale"], _evidence(c["evidence"]))
            for c in doc["claims"]
        ),
        errors=tuple(
            Error(x["error_id"], x["group_id"], x["start"], x["end"], x["text"], x["type"], x["correction"], x["rationale"],
                  x["confidence"], tuple(x["claim_ids"]), _evidence(x["evidence"]), _alternatives(x["alternatives"]))
            for x in doc["errors"]
        ),
    )


def submission_from_dict(sub: dict[str, Any], source: str) -> Submission:
    """A typed Submission from a schema-valid submission dict (layers absent stay None)."""

    def layer(doc: dict[str, Any], name: str, build: Any) -> tuple[Any, ...] | None:
        return tuple(build(r) for r in doc[name]) if name in doc else None

    documents = {}
    for doc in sub["documents"]:
        documents[doc["doc_id"]] = SubmissionDocument(
            doc_id=doc["doc_id"],
            entities=layer(doc, "entities", lambda r: PredictedEntity(r["start"], r["end"], r["label"], r.get("text"), r.get("score"))),
            claims=layer(doc, "claims", lambda r: PredictedClaim(r["start"], r["end"], r.get("verdict"), r.get("text"), r.get("score"), r.get("claim_id"))),
            verdicts=layer(doc, "verdicts", lambda r: PredictedVerdict(r["claim_id"], r["verdict"], r.get("score"))),
            errors=layer(doc, "errors", lambda r: PredictedError(
                r["start"], r["end"], r.get("type"), r.get("correction"), r.get("text"), r.get("score"),
                r.get("group_id"), _alternatives(r.get("alternatives")))),
        )
    system = sub["system"]
    info = SystemInfo(system["name"], system.get("version", ""), system.get("description", ""), system.get("url"), system.get("details", {}))
    return Submission(info, documents, source, provenance(info.details, source))


def provenance(details: dict[str, Any], source: str) -> Provenance | None:
    """The prompts and anchoring report a submission carries when it was converted from quotes,
    checked against the results schema (the report is copied into the results), or None."""
    if details.get("converted_from") != "quotes":
        return None
    from jsonschema import Draft202012Validator, validators

    schema = load_schema("results")
    report = details.get("anchoring")
    checker = validators.extend(Draft202012Validator, validators={"pattern": pattern_keyword})
    errors = sorted(checker({"$defs": schema["$defs"], "$ref": "#/$defs/anchoring"}).iter_errors(report),
                    key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        where = "/".join(map(str, errors[0].absolute_path))
        raise HarnessError(Problem(source, f"converted from quotes, but its anchoring report is not valid: "
                                           f"{short_repr(errors[0].message, 120)}",
                                   field="system.details.anchoring" + (f"/{where}" if where else "")))
    return Provenance(dict(report["prompts"]), report)
