"""Every config loads with the real `datasets` library, offline, from the repository root."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.build import CONFIGS, DEFAULT_CONFIG, FLAT_CONFIGS

from .conftest import ROOT

OFFSETS = {"start", "end"}


def _gold_rows(gold, config: str) -> int:
    if config == DEFAULT_CONFIG:
        return len(gold.documents)
    return sum(len(getattr(doc, FLAT_CONFIGS[config])) for doc in gold.documents.values())


@pytest.mark.parametrize("config", CONFIGS)
def test_config_loads(config: str, gold, tmp_path: Path) -> None:
    from datasets import load_dataset

    expected = _gold_rows(gold, config)
    if expected == 0:
        assert (ROOT / "data" / config / "test.jsonl").read_text(encoding="utf-8") == ""
        pytest.skip(f"config {config} has no rows yet")
    dataset = load_dataset(str(ROOT), config, split="test", cache_dir=str(tmp_path))
    assert dataset.num_rows == expected
    features = dataset.features
    if config == DEFAULT_CONFIG:
        assert features["sentences"].feature["start"].dtype == "int32"
        assert features["entities"].feature["label"].dtype == "string"
        assert sorted(dataset["doc_id"]) == sorted(gold.documents)
    else:
        assert list(features)[0] == "doc_id"
        assert all(features[name].dtype == "int32" for name in OFFSETS)


def test_default_config_is_documents(gold, tmp_path: Path) -> None:
    from datasets import load_dataset

    dataset = load_dataset(str(ROOT), split="test", cache_dir=str(tmp_path))
    assert dataset.num_rows == len(gold.documents)
    assert set(dataset.column_names) >= {"doc_id", "text", "entities", "claims", "errors", "sentences"}


def test_flat_field_names() -> None:
    from harness.build import config_features

    assert list(config_features("entities")) == ["doc_id", "entity_id", "start", "end", "text", "label", "subtype", "canonical", "cluster_id"]
    assert list(config_features("sentences")) == ["doc_id", "sentence_id", "start", "end", "text"]
    assert list(config_features("claims")) == ["doc_id", "claim_id", "start", "end", "text", "claimant", "verdict", "rationale", "evidence"]
    assert list(config_features("errors"))[:12] == ["doc_id", "error_id", "group_id", "start", "end", "text", "type", "correction",
                                                    "rationale", "confidence", "claim_ids", "evidence"]


def test_no_loading_script() -> None:
    assert not list(ROOT.glob("*.py")), "a .py file at the root would be taken for a dataset script"
