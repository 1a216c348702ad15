"""Check one controlled article against its error plan and against every other article.

Usage: python annotations/controlled/tools/check_article.py DOC_ID [DOC_ID ...]

Checks: 250-600 words; the plan is valid JSON with known error types; every planted
string occurs in the text (and how often); no 10-word sequence is shared with any other
article (natural seeds in data/texts, other controlled texts), quotations aside.
Exit 1 when any check fails.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CONTROLLED = ROOT / "annotations" / "controlled"
ERROR_TYPES = set(
    json.loads((ROOT / "schema" / "gold-document.schema.json").read_text())["$defs"]["error_type"]["enum"]
)
QUOTED = re.compile(r"[‘“\"][^‘’“”\"\n]{0,400}[’”\"]")
WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
SHINGLE = 10


def words(text: str) -> list[str]:
    """Lower-cased words of the text outside quotations."""
    return [w.lower() for w in WORD.findall(QUOTED.sub(" ", text))]


def shingles(text: str) -> set[tuple[str, ...]]:
    ws = words(text)
    return {tuple(ws[i : i + SHINGLE]) for i in range(len(ws) - SHINGLE + 1)}


def all_texts() -> dict[str, str]:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in (ROOT / "data" / "texts").glob("*.txt")}
    texts.update({p.stem: p.read_text(encoding="utf-8") for p in (CONTROLLED / "texts").glob("*.txt")})
    return texts


def check(doc_id: str, texts: dict[str, str]) -> list[str]:
    problems = []
    text = texts.get(doc_id)
    if text is None:
        return [f"{doc_id}: no text at annotations/controlled/texts/{doc_id}.txt"]
    n_words = len(WORD.findall(text))
    if not 250 <= n_words <= 600:
        problems.append(f"{doc_id}: {n_words} words (want 250-600)")
    plan_path = CONTROLLED / "plans" / f"{doc_id}.json"
    try:
        plan = json.loads(plan_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return problems + [f"{doc_id}: plan {plan_path}: {exc}"]
    for item in plan.get("planned_errors", []):
        pid = item.get("plan_id")
        if item.get("type") not in ERROR_TYPES:
            problems.append(f"{doc_id}/{pid}: unknown type {item.get('type')!r}")
        for field in ("planted", "true_fact", "correction", "evidence"):
            if not item.get(field):
                problems.append(f"{doc_id}/{pid}: missing {field}")
        planted = item.get("planted") or ""
        count = text.count(planted) if planted else 0
        if count == 0:
            problems.append(f"{doc_id}/{pid}: planted string {planted!r} not in the text")
        else:
            print(f"{doc_id}/{pid}: planted {planted!r} occurs {count}x")
    mine = shingles(text)
    for other_id, other in texts.items():
        if other_id == doc_id:
            continue
        shared = mine & shingles(other)
        for sh in sorted(shared)[:3]:
            problems.append(f"{doc_id}: shares 10 words with {other_id}: {' '.join(sh)!r}")
    return problems


def main(argv: list[str]) -> int:
    texts = all_texts()
    problems = [p for doc_id in argv for p in check(doc_id, texts)]
    for p in problems:
        print("PROBLEM:", p)
    print("ok" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
