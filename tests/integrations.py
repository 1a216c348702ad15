"""Recorded answers for the framework tests: the bundled baselines' predictions written as a model
would answer the shipped prompts (a ``--from quotes`` file), so that a framework run with a replay
model can be checked against ``harness eval --from quotes`` on the same file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from harness.prompts import versions
from harness.tasks import TASKS

ROOT = Path(__file__).resolve().parents[1]
# the baseline whose predictions answer each task's prompt
BASELINES = {"entities": "entities-rules", "claims": "claims-heuristic", "verdicts": "verdicts-cues",
             "errors": "errors-checks"}


def _occurrence(text: str, quote: str, start: int) -> int:
    """How many times ``quote`` occurs in ``text`` before ``start`` (overlaps counted, as anchoring counts)."""
    count, at = 0, text.find(quote)
    while at != -1 and at < start:
        count, at = count + 1, text.find(quote, at + 1)
    return count


def _item(text: str, record: dict[str, Any], kept: tuple[str, ...]) -> dict[str, Any]:
    item = {name: record[name] for name in kept if name in record}
    if "start" in record:
        quote = text[record["start"]:record["end"]]
        item = {"quote": quote, **item}
        occurrence = _occurrence(text, quote, record["start"])
        if text.count(quote) > 1:
            item["occurrence"] = occurrence
    return item


def answers(gold: Any) -> list[dict[str, Any]]:
    """One record per document and task, and one per document answering the end-to-end prompt; the
    odd one of a task is a raw response in a fenced block with prose."""
    prompts = versions()
    records = []
    for task, name in BASELINES.items():
        layer = TASKS[task].layer
        kept = tuple(TASKS[task].prompt.kinds)
        submission = json.loads((ROOT / "baselines" / "outputs" / f"{name}.json").read_text(encoding="utf-8"))
        for index, document in enumerate(submission["documents"]):
            text = gold.documents[document["doc_id"]].text
            items = [_item(text, record, kept) for record in document.get(layer, [])]
            answer = {layer: items}
            if index == 1:
                response = f"Here is my answer.\n```json\n{json.dumps(answer, ensure_ascii=False)}\n```\n"
                records.append({"doc_id": document["doc_id"], "prompt": prompts[task], "response": response})
            else:
                records.append({"doc_id": document["doc_id"], "prompt": prompts[task], **answer})
    return records + _end_to_end(gold, prompts["end-to-end"])


def _end_to_end(gold: Any, prompt: str) -> list[dict[str, Any]]:
    """Answers to the end-to-end prompt: claims-heuristic's claims, each said to be supported."""
    submission = json.loads((ROOT / "baselines" / "outputs" / f"{BASELINES['claims']}.json").read_text(encoding="utf-8"))
    records = []
    for document in submission["documents"]:
        text = gold.documents[document["doc_id"]].text
        claims = [{**_item(text, record, ()), "verdict": "supported"} for record in document.get("claims", [])]
        records.append({"doc_id": document["doc_id"], "prompt": prompt, "claims": claims})
    return records


def sent_answers(answers_file: Path, task: str, folder: Path) -> Path:
    """The recorded answers to the prompts one framework task sends, in a file of their own (as
    ``harness eval --from quotes`` is run on a task's answers: the end-to-end answers and the claims
    answers both fill the claims layer, so one file cannot hold both)."""
    from harness.integrations import FRAMEWORK_PROMPTS, write_records

    sent = {versions()[name] for name in FRAMEWORK_PROMPTS[task]}
    records = [json.loads(line) for line in answers_file.read_text(encoding="utf-8").splitlines()]
    path = folder / f"{task}.jsonl"
    write_records([r for r in records if r["prompt"] in sent], path)
    return path
