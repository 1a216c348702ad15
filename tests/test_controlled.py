"""The controlled set (data version 2.0.0): written articles, their error plans, blind passes and
adjudication (annotations/controlled/), checked against the gold that the build made from them."""

from __future__ import annotations

import importlib.util
import json

import pytest

from .conftest import ROOT

CONTROLLED = ROOT / "annotations" / "controlled"


def _module(name: str, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tools():
    """annotations/controlled's adjudicate.py and tools/check_article.py, loaded under names of their own
    (annotations/adjudication has an adjudicate.py too)."""
    return (_module("controlled_adjudicate", CONTROLLED / "adjudicate.py"),
            _module("controlled_check_article", CONTROLLED / "tools" / "check_article.py"))


def _plan(doc_id: str) -> dict:
    return json.loads((CONTROLLED / "plans" / f"{doc_id}.json").read_text(encoding="utf-8"))


def _decided(doc_id: str) -> dict:
    return json.loads((CONTROLLED / "adjudicated" / f"{doc_id}.json").read_text(encoding="utf-8"))


def test_sizes_the_issue_asks_for(gold) -> None:
    docs = gold.documents.values()
    assert len(gold.documents) >= 45
    assert sum(len(d.claims) for d in docs) >= 300
    assert sum(len(d.errors) for d in docs) >= 150
    assert sum(not d.errors for d in docs) >= 8


def test_gold_is_what_the_adjudication_builds(gold, tools) -> None:
    adjudicate, _ = tools
    for doc_id in sorted(gold.select(subset="controlled").documents) + sorted(gold.select(subset="twin").documents):
        built = adjudicate.gold_document(doc_id, _decided(doc_id))
        committed = json.loads((ROOT / "data" / "gold" / f"{doc_id}.json").read_text(encoding="utf-8"))
        assert built == committed, doc_id
        assert (ROOT / "data" / "texts" / f"{doc_id}.txt").read_bytes() == (CONTROLLED / "texts" / f"{doc_id}.txt").read_bytes()


def test_every_planned_error_is_gold_or_rejected_with_a_reason(gold) -> None:
    confirmed = rejected = 0
    for doc_id, doc in gold.select(subset="controlled").documents.items():
        plan, decided = _plan(doc_id), _decided(doc_id)
        decisions = {d["plan_id"]: d for d in decided["planned"]}
        assert sorted(decisions) == sorted(p["plan_id"] for p in plan["planned_errors"]), doc_id
        decided_errors = {x["error_id"]: x for x in decided["errors"]}
        for item in plan["planned_errors"]:
            decision = decisions[item["plan_id"]]
            if decision["status"] == "rejected":
                assert decision["reason"].strip(), (doc_id, item["plan_id"])
                rejected += 1
                continue
            assert decision["status"] == "confirmed", (doc_id, decision)
            error = decided_errors[decision["error_id"]]
            # the gold error (renumbered by the build) lies on the planted text
            at = -1
            for _ in range(item.get("occurrence", 1)):
                at = doc.text.find(item["planted"], at + 1)
            planted = (at, at + len(item["planted"]))
            assert at >= 0 and error["start"] < planted[1] and planted[0] < error["end"], (doc_id, item["plan_id"])
            assert any((x.start, x.end) == (error["start"], error["end"]) for x in doc.errors), (doc_id, item["plan_id"])
            confirmed += 1
    assert confirmed >= 150 and rejected < confirmed


def test_no_gold_error_in_an_error_free_document(gold) -> None:
    """Articles planned clean, and the corrected twins, have no gold error (their blind passes found
    none that the adjudication upheld)."""
    clean = [d for d in gold.select(subset="controlled").documents if not _plan(d)["planned_errors"]]
    twins = list(gold.select(subset="twin").documents)
    assert len(clean) == 8 and len(twins) == 5
    for doc_id in clean + twins:
        assert gold.documents[doc_id].errors == (), doc_id
        assert _decided(doc_id)["planned"] == []


def test_no_written_article_shares_ten_words_with_another(gold, tools) -> None:
    """No 10-word sequence (quotations aside) of an article the project wrote appears in any other
    article. Twins are the natural texts corrected, so they are held to this only against the
    controlled articles."""
    _, check_article = tools
    shingles = {d: check_article.shingles(doc.text) for d, doc in gold.documents.items()}
    controlled = sorted(gold.select(subset="controlled").documents)
    for first in controlled:
        for second in shingles:
            if second != first:
                shared = shingles[first] & shingles[second]
                assert not shared, (first, second, " ".join(sorted(shared)[0]))


def test_controlled_articles_are_within_the_genre_length(gold, tools) -> None:
    _, check_article = tools
    for doc_id, doc in gold.select(subset="controlled").documents.items():
        assert 250 <= len(check_article.WORD.findall(doc.text)) <= 600, doc_id


def test_plans_were_never_labels_the_passes_saw() -> None:
    """Blind passes are kept as they were written: one file per document and pass, none in the plans."""
    for name in ("pass_a", "pass_b"):
        files = sorted(p.stem for p in (CONTROLLED / name).glob("*.json"))
        assert files == sorted(p.stem for p in (CONTROLLED / "adjudicated").glob("*.json")), name
        for path in (CONTROLLED / name).glob("*.json"):
            assert "planned" not in json.loads(path.read_text(encoding="utf-8"))
