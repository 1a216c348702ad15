#!/usr/bin/env python3
"""Adjudication of the controlled set: align the blind passes, then build the gold.

    python3 annotations/controlled/adjudicate.py align DOC_ID [DOC_ID ...]
        writes annotations/controlled/adjudication/<doc>.align.md for the adjudicator:
        pass A vs pass B per layer (agreed, differing, only one pass) and, for every
        planned error, which pass found an error overlapping its planted span.
    python3 annotations/controlled/adjudicate.py build
        turns every decided file annotations/controlled/adjudicated/<doc>.json into
        data/gold/<doc>.json (and copies its text to data/texts/), and the pass files into annotations/controlled/pass_a.json and
        pass_b.json (submission format, for `harness agree`).

A decided file holds the adjudicated layers (entities, claims, errors, in the blind-pass
format) and `planned`: one record per planned error, {"plan_id", "status": "confirmed",
"error_id"} or {"plan_id", "status": "rejected", "reason"}. `build` is deterministic: it
renumbers ids in text order (remapping claimants), numbers groups by first occurrence,
recomputes each error's claim_ids by containment, adds sentences from the harness's
segmenter, and asserts that every span matches the text.
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TEXTS = HERE / "texts"
PLANS = HERE / "plans"
DECIDED = HERE / "adjudicated"
REPORTS = HERE / "adjudication"
GOLD = ROOT / "data" / "gold"
SPLITS = json.loads((HERE / "splits.json").read_text(encoding="utf-8"))
sys.path.insert(0, str(ROOT))


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def text_of(doc_id: str) -> str:
    return (TEXTS / f"{doc_id}.txt").read_text(encoding="utf-8")


def iou(a: dict, b: dict) -> float:
    inter = max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))
    union = max(a["end"], b["end"]) - min(a["start"], b["start"])
    return inter / union if union else 0.0


def greedy_match(left: list[dict], right: list[dict], threshold: float = 0.5) -> list[tuple[int, int]]:
    """One-to-one pairs by highest IoU first (ties by position), IoU >= threshold."""
    pairs = sorted(((iou(a, b), i, j) for i, a in enumerate(left) for j, b in enumerate(right)),
                   key=lambda p: (-p[0], p[1], p[2]))
    used_l, used_r, out = set(), set(), []
    for score, i, j in pairs:
        if score < threshold:
            break
        if i not in used_l and j not in used_r:
            used_l.add(i)
            used_r.add(j)
            out.append((i, j))
    return sorted(out)


def planted_span(text: str, item: dict) -> dict:
    at = -1
    for _ in range(item.get("occurrence", 1)):
        at = text.find(item["planted"], at + 1)
    return {"start": at, "end": at + len(item["planted"])}


def _short(x: dict, fields: tuple[str, ...]) -> str:
    extra = ", ".join(f"{f}={x.get(f)!r}" for f in fields if x.get(f) is not None)
    return f"[{x['start']}:{x['end']}] {x['text'][:90]!r} {extra}"


def with_claimant_spans(doc: dict) -> dict:
    """The pass with entity-id claimants written as the entity's span, so passes compare."""
    spans = {e["entity_id"]: f"{e['text']}@{e['start']}" for e in doc.get("entities", [])}
    claims = [{**c, "claimant": spans.get(c.get("claimant"), c.get("claimant"))} for c in doc.get("claims", [])]
    return {**doc, "claims": claims}


def align_report(doc_id: str) -> str:
    """Markdown alignment of pass A and pass B (and the plan) for one document."""
    a = with_claimant_spans(read_json(HERE / "pass_a" / f"{doc_id}.json"))
    b = with_claimant_spans(read_json(HERE / "pass_b" / f"{doc_id}.json"))
    out = [f"# {doc_id}: pass A vs pass B\n"]
    ea = {(e["start"], e["end"]): e for e in a.get("entities", [])}
    eb = {(e["start"], e["end"]): e for e in b.get("entities", [])}
    fields = ("label", "subtype", "canonical", "cluster_id")
    diff = [k for k in sorted(ea.keys() & eb.keys()) if any(ea[k].get(f) != eb[k].get(f) for f in fields)]
    out.append(f"## entities: {len(ea.keys() & eb.keys()) - len(diff)} agreed, {len(diff)} differ, "
               f"{len(ea.keys() - eb.keys())} only A, {len(eb.keys() - ea.keys())} only B\n")
    out += [f"- differ: A {_short(ea[k], fields)} | B {_short(eb[k], fields)}" for k in diff]
    out += [f"- only A: {_short(ea[k], fields)}" for k in sorted(ea.keys() - eb.keys())]
    out += [f"- only B: {_short(eb[k], fields)}" for k in sorted(eb.keys() - ea.keys())]
    for layer, keys in (("claims", ("claimant", "verdict")), ("errors", ("type", "correction", "confidence"))):
        la, lb = a.get(layer, []), b.get(layer, [])
        pairs = greedy_match(la, lb)
        out.append(f"\n## {layer}: {len(pairs)} matched (IoU >= 0.5), {len(la) - len(pairs)} only A, "
                   f"{len(lb) - len(pairs)} only B\n")
        for i, j in pairs:
            same = all(la[i].get(k) == lb[j].get(k) for k in keys) and (la[i]["start"], la[i]["end"]) == (lb[j]["start"], lb[j]["end"])
            out.append(f"- {'agreed' if same else 'DIFFER'}: A {_short(la[i], keys)}\n  B {_short(lb[j], keys)}")
        out += [f"- only A: {_short(la[i], keys)}" for i in range(len(la)) if i not in {p[0] for p in pairs}]
        out += [f"- only B: {_short(lb[j], keys)}" for j in range(len(lb)) if j not in {p[1] for p in pairs}]
    plan = read_json(PLANS / f"{doc_id}.json")
    plan.setdefault("planned_errors", [])  # twins record applied corrections instead
    text = text_of(doc_id)
    out.append(f"\n## planned errors ({len(plan['planned_errors'])})\n")
    for item in plan["planned_errors"]:
        span = planted_span(text, item)
        found = [name for name, doc in (("A", a), ("B", b))
                 if any(min(e["end"], span["end"]) > max(e["start"], span["start"]) for e in doc.get("errors", []))]
        out.append(f"- {item['plan_id']} {item['type']} {item['planted']!r} -> {item['correction']!r}: "
                   f"found by {', '.join(found) or 'NEITHER'}")
    return "\n".join(out) + "\n"


def evidence_entries(entries: list[dict]) -> list[dict]:
    """Evidence as the gold schema wants it: a partial date (a year, a month) becomes null,
    and the summary says how far the source dates itself."""
    out = []
    for ev in entries:
        date = ev.get("date")
        if date is not None and not (len(date) == 10 and date[4] == "-" and date[7] == "-"):
            ev = {**ev, "date": None, "summary": f"{ev['summary'].rstrip()} (The page is dated only {date}.)"}
        out.append({k: ev[k] for k in ("url", "publisher", "date", "summary")})
    return out


def renumber(doc: dict, text: str) -> dict:
    """Gold layers in text order with fresh ids, claimants remapped, claim_ids by containment."""
    def check(item: dict) -> None:
        assert text[item["start"]:item["end"]] == item["text"], (item["start"], item["text"])
        assert item["text"] == item["text"].strip(), item["text"]

    entities = sorted(doc["entities"], key=lambda e: (e["start"], e["end"]))
    entity_map = {e["entity_id"]: f"e{i}" for i, e in enumerate(entities, 1)}
    new_entities = []
    for e in entities:
        check(e)
        new_entities.append({"entity_id": entity_map[e["entity_id"]], "start": e["start"], "end": e["end"],
                             "text": e["text"], "label": e["label"], "subtype": e.get("subtype"),
                             "canonical": e.get("canonical"), "cluster_id": e.get("cluster_id")})
    claims = sorted(doc["claims"], key=lambda c: (c["start"], c["end"]))
    new_claims = []
    for i, c in enumerate(claims, 1):
        check(c)
        claimant = c["claimant"]
        if claimant != "article" and not claimant.startswith("unnamed:"):
            claimant = entity_map[claimant]
        new_claims.append({"claim_id": f"c{i}", "start": c["start"], "end": c["end"], "text": c["text"],
                           "claimant": claimant, "verdict": c["verdict"], "rationale": c["rationale"],
                           "evidence": evidence_entries(c.get("evidence", []))})
    errors = sorted(doc["errors"], key=lambda x: (x["start"], x["end"]))
    groups: dict[str, str] = {}
    new_errors = []
    for i, x in enumerate(errors, 1):
        check(x)
        group = groups.setdefault(x["group_id"], f"g{len(groups) + 1}")
        alternatives = x.get("alternatives") or {"corrections": [], "spans": []}
        for alt in alternatives.get("spans", []):
            check(alt)
        new_errors.append({"error_id": f"x{i}", "group_id": group, "start": x["start"], "end": x["end"],
                           "text": x["text"], "type": x["type"], "correction": x["correction"],
                           "rationale": x["rationale"], "confidence": x["confidence"],
                           "claim_ids": [c["claim_id"] for c in new_claims
                                         if c["start"] <= x["start"] and x["end"] <= c["end"]],
                           "evidence": evidence_entries(x.get("evidence", [])),
                           "alternatives": {"corrections": alternatives.get("corrections", []),
                                            "spans": alternatives.get("spans", [])}})
    return {"entities": new_entities, "claims": new_claims, "errors": new_errors}


def gold_document(doc_id: str, decided: dict) -> dict:
    from harness.sentences import sentence_spans

    text = text_of(doc_id)
    canary = read_json(ROOT / "data" / "dataset.json")["canary"]
    first_line = text.split("\n", 1)[0].strip()
    sentences = [{"sentence_id": f"s{i}", "start": s, "end": e, "text": text[s:e]}
                 for i, (s, e) in enumerate(sentence_spans(text), 1)]
    return {"doc_id": doc_id, "title": first_line or None, "text": text,
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "source_url": None, "published": None, "language": "en", "canary": canary,
            "subset": "twin" if doc_id.startswith("twin_") else "controlled",
            "split": "dev" if doc_id in SPLITS["dev"] else "test",
            "sentences": sentences, **renumber(decided, text)}


def passes_submission(name: str) -> dict:
    folder = HERE / name
    docs = []
    for path in sorted(folder.glob("*.json")):
        doc = read_json(path)
        doc = {k: doc[k] for k in ("doc_id", "entities", "claims", "errors") if k in doc}
        # what `harness agree` compares; the passes' free-form alternatives are not part of it
        doc["errors"] = [{k: v for k, v in x.items() if k != "alternatives"} for x in doc.get("errors", [])]
        for layer in ("claims", "errors"):
            for record in doc.get(layer, []):
                record["evidence"] = evidence_entries(record.get("evidence", []))
        docs.append(doc)
    return {"system": {"name": f"annotator-{name[-1].upper()}", "version": "2",
                       "description": f"controlled set, blind annotation {name.replace('_', ' ')}"},
            "documents": docs}


def build() -> None:
    for path in sorted(DECIDED.glob("*.json")):
        doc_id = path.stem
        gold = gold_document(doc_id, read_json(path))
        (ROOT / "data" / "texts" / f"{doc_id}.txt").write_bytes((TEXTS / f"{doc_id}.txt").read_bytes())
        (GOLD / f"{doc_id}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for name in ("pass_a", "pass_b"):
        (HERE / f"{name}.json").write_text(json.dumps(passes_submission(name), ensure_ascii=False, indent=1) + "\n",
                                           encoding="utf-8")


def main(argv: list[str]) -> int:
    if argv[:1] == ["align"]:
        REPORTS.mkdir(exist_ok=True)
        for doc_id in argv[1:]:
            (REPORTS / f"{doc_id}.align.md").write_text(align_report(doc_id), encoding="utf-8")
        return 0
    if argv == ["build"]:
        build()
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
