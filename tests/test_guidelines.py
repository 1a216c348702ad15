"""The guidelines' worked examples match the gold labels."""

from __future__ import annotations

import re

from .conftest import ROOT

GUIDELINES = (ROOT / "docs" / "guidelines.md").read_text(encoding="utf-8")


def _table_rows(heading: str) -> list[list[str]]:
    section = GUIDELINES.split(heading, 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in section.splitlines()
            if line.startswith("| ") and not line.startswith("| label") and not line.startswith("| type")]


def _examples(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def test_entity_label_examples_are_gold_entities(gold) -> None:
    found = {(e.text, e.label) for doc in gold.documents.values() for e in doc.entities}
    checked = 0
    for label, _, examples in _table_rows("### 2.1 What is annotated"):
        for example in _examples(examples):
            if example in ("Russian-speaking",):
                continue
            assert (example, label) in found, f"guideline example {example!r} is not a gold {label}"
            checked += 1
    assert checked >= 40


def test_error_type_examples_are_gold_errors(gold) -> None:
    found = {(x.text, x.type) for doc in gold.documents.values() for x in doc.errors}
    checked = 0
    for error_type, _, examples in _table_rows("### 4.3 Types"):
        for example in _examples(examples)[:1] if examples != "—" else []:
            assert (example, error_type) in found, f"guideline example {example!r} is not a gold {error_type} error"
            checked += 1
    assert checked >= 7
