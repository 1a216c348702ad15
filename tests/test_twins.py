"""The corrected twins (annotations/controlled) are what make_twins.py produces from the gold,
and none keeps a garble the guidelines name."""

from __future__ import annotations

import json
import sys

import pytest

from .conftest import ROOT

CONTROLLED = ROOT / "annotations" / "controlled"
# The garbled forms the guidelines cite as errors (4.2, 4.3); none may survive in a twin.
GARBLES = ("Krasny Armyansk", "ATOZ", "CWO", "Sevsk", "Severodonnetsk", "Mechanized", "Caspian Fleet",
           "Kherson Oblast", "Dnipro River", "mid-2024", "December 1", "We are not invaders")


@pytest.fixture(scope="module")
def make_twins():
    sys.path.insert(0, str(CONTROLLED))
    try:
        import make_twins

        yield make_twins
    finally:
        sys.path.remove(str(CONTROLLED))


def test_committed_twins_are_reproduced(gold, make_twins) -> None:
    for n, doc_id in enumerate(sorted(gold.select(subset="natural").documents)):
        text, plan = make_twins.twin(doc_id, n)
        assert (CONTROLLED / "texts" / f"twin_{n:03d}.txt").read_text(encoding="utf-8") == text
        assert json.loads((CONTROLLED / "plans" / f"twin_{n:03d}.json").read_text(encoding="utf-8")) == plan


def test_every_gold_error_is_applied_or_explained(gold) -> None:
    for n, (doc_id, doc) in enumerate(sorted(gold.select(subset="natural").documents.items())):
        plan = json.loads((CONTROLLED / "plans" / f"twin_{n:03d}.json").read_text(encoding="utf-8"))
        twin = (CONTROLLED / "texts" / f"twin_{n:03d}.txt").read_text(encoding="utf-8")
        assert plan["source_doc_id"] == doc_id
        handled = [e["error_id"] for e in plan["applied"]] + [e["error_id"] for e in plan["not_fixed"]]
        assert sorted(handled) == sorted(x.error_id for x in doc.errors)
        assert all(entry["why"] for entry in plan["not_fixed"])
        for entry in plan["applied"]:
            assert entry["correction"] in twin
        for garble in GARBLES:
            assert garble not in twin, (doc_id, garble)
