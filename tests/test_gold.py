"""The bundled gold data: valid, byte-exact texts, consistent ids and hashes."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

import harness
from harness.problems import HarnessError

from .conftest import ROOT

SEEDS = ROOT.parent / "shared" / "seeds"


def test_validate_data_exits_zero(run_cli) -> None:
    status, out, err = run_cli("validate", str(ROOT / "data"))
    assert status == 0, err
    assert out.startswith("ok:")


def test_documents_subsets_splits_and_provenance(gold) -> None:
    subsets = {name: len(gold.select(subset=name).documents) for name in ("natural", "controlled", "twin")}
    assert subsets == {"natural": 5, "controlled": 40, "twin": 5}
    dev = json.loads((ROOT / "annotations" / "controlled" / "splits.json").read_text(encoding="utf-8"))["dev"]
    assert sorted(gold.select("dev").documents) == sorted(dev)
    assert all(gold.documents[d].subset == "controlled" for d in dev)
    for doc_id, doc in gold.documents.items():
        assert doc.sha256 == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
        assert doc.language == "en" and doc.canary == gold.canary
        assert (ROOT / "data" / "texts" / f"{doc_id}.txt").read_bytes() == doc.text.encode("utf-8")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside this checkout")
def test_texts_are_byte_exact_copies_of_the_seeds(gold) -> None:
    natural = gold.select(subset="natural").documents
    assert sorted(p.stem for p in SEEDS.glob("*.txt")) == sorted(natural)
    for doc_id, doc in natural.items():
        assert (SEEDS / f"{doc_id}.txt").read_bytes() == doc.text.encode("utf-8")


def test_every_span_matches_its_text(gold) -> None:
    for doc in gold.documents.values():
        for layer in (doc.sentences, doc.entities, doc.claims, doc.errors):
            for span in layer:
                assert doc.text[span.start:span.end] == span.text


def test_sentences_cover_every_non_blank_line(gold) -> None:
    for doc in gold.documents.values():
        covered = set()
        for sentence in doc.sentences:
            covered.update(range(sentence.start, sentence.end))
        for index, char in enumerate(doc.text):
            assert char.isspace() or index in covered, (doc.doc_id, index)


def _copy_dataset(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "gold", folder / "gold")
    shutil.copytree(ROOT / "data" / "texts", folder / "texts")
    shutil.copy(ROOT / "data" / "dataset.json", folder / "dataset.json")
    return folder


def _edit(path: Path, change) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda d: d["sentences"][0].update(end=d["sentences"][0]["end"] + 1), "does not match text["),
        (lambda d: d["sentences"].append(dict(d["sentences"][0])), "duplicate id 's1'"),
        (lambda d: d.update(canary="other"), "differs from the canary"),
        (lambda d: d.update(text=d["text"] + "x"), "sha256"),
        (lambda d: d["sentences"].append({"sentence_id": "s999", "start": 0, "end": 3, "text": d["text"][:3]}), "overlaps sentence"),
    ],
)
def test_broken_gold_is_reported(tmp_path: Path, change, words: str) -> None:
    folder = _copy_dataset(tmp_path)
    _edit(folder / "gold" / "000_2d109a9d559d9334.json", change)
    with pytest.raises(HarnessError) as caught:
        harness.load_gold(folder)
    assert any(words in str(problem) for problem in caught.value.problems), caught.value.problems


def test_gold_hash_changes_with_content(tmp_path: Path, gold) -> None:
    folder = _copy_dataset(tmp_path)
    assert harness.load_gold(folder).sha256 == gold.sha256
    _edit(folder / "gold" / "000_2d109a9d559d9334.json", lambda d: d["sentences"].pop())
    assert harness.load_gold(folder).sha256 != gold.sha256


def _json_module_hash(objects: list) -> str:
    """The content hash as the json module writes each file (sorted keys, no spaces, UTF-8), one per line."""
    digest = hashlib.sha256()
    for obj in objects:
        digest.update(json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n")
    return digest.hexdigest()


def test_gold_hash_is_that_of_the_files_as_the_json_module_writes_them(tmp_path: Path, gold) -> None:
    """The content hash (written by msgspec) is the SHA-256 of the dataset file and every gold file as
    json.dumps writes them sorted and compact; offsets written as integral floats (5.0) never get
    that far (the checks refuse them), so the files hashed hold no float."""
    data = ROOT / "data"
    files = [json.loads((data / "dataset.json").read_text(encoding="utf-8")),
             *(json.loads(p.read_text(encoding="utf-8")) for p in sorted((data / "gold").glob("*.json")))]
    assert gold.sha256 == _json_module_hash(files)
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    first = sorted((copy / "gold").glob("*.json"))[0]
    doc = json.loads(first.read_text(encoding="utf-8"))
    doc["entities"][0]["start"] = float(doc["entities"][0]["start"])
    first.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(HarnessError, match="start: expected integer, got number"):
        harness.load_gold(copy)


def test_canary_is_everywhere(gold) -> None:
    """The contamination canary is on the card, in dataset.json, every gold file and the documents config."""
    for path in [ROOT / "CARD.md", ROOT / "data" / "dataset.json", *sorted((ROOT / "data" / "gold").glob("*.json")),
                 ROOT / "data" / "documents" / "test.jsonl"]:
        assert gold.canary in path.read_text(encoding="utf-8"), path
    assert "GUID" in gold.canary


def test_claims_containing_a_high_or_medium_error_are_refuted(gold) -> None:
    """Guideline 3.4: a claim whose span contains an error of high or medium confidence is refuted,
    whoever the claimant; containment is computed from the offsets, not read from ``claim_ids``."""
    checked = {}
    for doc in gold.documents.values():
        for claim in doc.claims:
            inside = [x for x in doc.errors if claim.start <= x.start and x.end <= claim.end]
            assert sorted(x.error_id for x in inside) == sorted(x.error_id for x in doc.errors if claim.claim_id in x.claim_ids)
            if any(x.confidence in ("high", "medium") for x in inside):
                assert claim.verdict == "refuted", (doc.doc_id, claim.claim_id, claim.verdict)
                checked[doc.subset] = checked.get(doc.subset, 0) + 1
    assert checked["natural"] == 22  # the 1.1 decisions (annotations/adjudication.md)
    assert checked["controlled"] > 100 and "twin" not in checked


def test_one_date_per_evidence_url(gold) -> None:
    """Every citation of one page gives it the same date, across records and documents."""
    dates: dict[str, set[str | None]] = {}
    for doc in gold.documents.values():
        for record in (*doc.claims, *doc.errors):
            for evidence in record.evidence:
                dates.setdefault(evidence.url, set()).add(evidence.date)
    assert len(dates) > 50
    assert {url: found for url, found in dates.items() if len(found) > 1} == {}
