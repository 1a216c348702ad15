"""Check one blind pass file of the controlled set.

Usage: python annotations/controlled/tools/check_pass.py PASS_DIR DOC_ID [DOC_ID ...]
       (PASS_DIR is annotations/controlled/pass_a or pass_b)

A pass file PASS_DIR/<doc_id>.json is one document in the submission format (doc_id,
entities, claims, errors), with the gold fields of docs/guidelines.md. Checks every span
against the text (text[start:end] == span text, trimmed), the closed label lists, required
fields and the ids that claims and errors refer to. Exit 1 when any check fails.

Also offers `span(text, quote, n=1)` for annotators: import it instead of counting.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
TEXTS = ROOT / "annotations" / "controlled" / "texts"
DEFS = json.loads((ROOT / "schema" / "gold-document.schema.json").read_text())["$defs"]
LABELS = set(DEFS["entity_label"]["enum"])
SUBTYPES = set(DEFS["entity_subtype"]["enum"])
VERDICTS = set(DEFS["verdict"]["enum"])
ERROR_TYPES = set(DEFS["error_type"]["enum"])


def span(text: str, quote: str, n: int = 1) -> tuple[int, int]:
    """Offsets of the n-th (1-based) occurrence of quote in text."""
    i = -1
    for _ in range(n):
        i = text.find(quote, i + 1)
        if i < 0:
            raise ValueError(f"occurrence {n} of {quote!r} not in text")
    return i, i + len(quote)


def check_span(text: str, where: str, item: dict) -> list[str]:
    s, e, t = item.get("start"), item.get("end"), item.get("text")
    if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
        return [f"{where}: bad offsets {s}..{e}"]
    if text[s:e] != t:
        return [f"{where}: text[{s}:{e}] is {text[s:e]!r}, not {t!r}"]
    if t != t.strip():
        return [f"{where}: span not trimmed: {t!r}"]
    return []


def check_evidence(where: str, evidence: object) -> list[str]:
    if not isinstance(evidence, list):
        return [f"{where}: evidence must be a list"]
    out = []
    for i, ev in enumerate(evidence):
        for field in ("url", "publisher", "date", "summary"):
            if not ev.get(field):
                out.append(f"{where}: evidence[{i}] lacks {field}")
    return out


def check(pass_dir: Path, doc_id: str) -> list[str]:
    text = (TEXTS / f"{doc_id}.txt").read_text(encoding="utf-8")
    try:
        doc = json.loads((pass_dir / f"{doc_id}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"{doc_id}: {exc}"]
    problems = []
    if doc.get("doc_id") != doc_id:
        problems.append(f"{doc_id}: doc_id is {doc.get('doc_id')!r}")
    entity_ids = set()
    for ent in doc.get("entities", []):
        where = f"{doc_id}/{ent.get('entity_id')}"
        problems += check_span(text, where, ent)
        entity_ids.add(ent.get("entity_id"))
        if ent.get("label") not in LABELS:
            problems.append(f"{where}: label {ent.get('label')!r}")
        if ent.get("subtype") not in SUBTYPES | {None}:
            problems.append(f"{where}: subtype {ent.get('subtype')!r}")
    claim_ids = set()
    for claim in doc.get("claims", []):
        where = f"{doc_id}/{claim.get('claim_id')}"
        problems += check_span(text, where, claim)
        claim_ids.add(claim.get("claim_id"))
        if claim.get("verdict") not in VERDICTS:
            problems.append(f"{where}: verdict {claim.get('verdict')!r}")
        claimant = claim.get("claimant", "")
        if not (claimant == "article" or claimant.startswith("unnamed:") or claimant in entity_ids):
            problems.append(f"{where}: claimant {claimant!r} is not article, unnamed:<who> or an entity id")
        if not claim.get("rationale"):
            problems.append(f"{where}: no rationale")
        problems += check_evidence(where, claim.get("evidence", []))
    for err in doc.get("errors", []):
        where = f"{doc_id}/{err.get('error_id')}"
        problems += check_span(text, where, err)
        if err.get("type") not in ERROR_TYPES:
            problems.append(f"{where}: type {err.get('type')!r}")
        if err.get("confidence") not in ("high", "medium", "low"):
            problems.append(f"{where}: confidence {err.get('confidence')!r}")
        for field in ("group_id", "correction", "rationale"):
            if not err.get(field):
                problems.append(f"{where}: no {field}")
        for cid in err.get("claim_ids", []):
            if cid not in claim_ids:
                problems.append(f"{where}: claim_ids names unknown claim {cid!r}")
        problems += check_evidence(where, err.get("evidence", []))
    counts = {k: len(doc.get(k, [])) for k in ("entities", "claims", "errors")}
    print(f"{doc_id}: {counts}")
    return problems


def main(argv: list[str]) -> int:
    pass_dir = Path(argv[0])
    problems = [p for doc_id in argv[1:] for p in check(pass_dir, doc_id)]
    for p in problems:
        print("PROBLEM:", p)
    print("ok" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
