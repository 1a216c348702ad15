"""Every config loads with the real `datasets` library, offline, from the repository root."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.build import CONFIGS, DEFAULT_CONFIG, FLAT_CONFIGS
from harness.layout import SPLITS

from .conftest import ROOT

OFFSETS = {"start", "end"}


def _gold_rows(gold, config: str, split: str) -> int:
    docs = gold.select(split).documents.values()
    if config == DEFAULT_CONFIG:
        return len(docs)
    return sum(len(getattr(doc, FLAT_CONFIGS[config])) for doc in docs)


@pytest.mark.parametrize("split", SPLITS)
@pytest.mark.parametrize("config", CONFIGS)
def test_config_loads(config: str, split: str, gold, tmp_path: Path) -> None:
    from datasets import load_dataset

    expected = _gold_rows(gold, config, split)
    assert expected > 0
    dataset = load_dataset(str(ROOT), config, split=split, cache_dir=str(tmp_path))
    assert dataset.num_rows == expected
    features = dataset.features
    if config == DEFAULT_CONFIG:
        assert features["sentences"].feature["start"].dtype == "int32"
        assert features["entities"].feature["label"].dtype == "string"
        assert sorted(dataset["doc_id"]) == sorted(gold.select(split).documents)
        assert set(dataset["split"]) == {split}
    else:
        assert list(features)[:2] == ["doc_id", "subset"]
        assert all(features[name].dtype == "int32" for name in OFFSETS)
        subsets = {doc_id: doc.subset for doc_id, doc in gold.documents.items()}
        assert all(subsets[d] == s for d, s in zip(dataset["doc_id"], dataset["subset"]))


def test_default_config_is_documents_and_splits_are_disjoint(gold, tmp_path: Path) -> None:
    from datasets import load_dataset

    splits = load_dataset(str(ROOT), cache_dir=str(tmp_path))
    assert set(splits) == set(SPLITS)
    assert sum(splits[s].num_rows for s in SPLITS) == len(gold.documents)
    assert not set(splits["dev"]["doc_id"]) & set(splits["test"]["doc_id"])
    assert set(splits["test"].column_names) >= {"doc_id", "subset", "split", "text", "entities", "claims", "errors", "sentences"}
    # the dev split holds controlled articles only; the natural five are all test
    assert set(splits["dev"]["subset"]) == {"controlled"}
    assert {s for s in splits["test"]["subset"]} == {"natural", "controlled", "twin"}


def test_flat_field_names() -> None:
    from harness.build import config_features

    assert list(config_features("entities")) == ["doc_id", "subset", "entity_id", "start", "end", "text", "label", "subtype", "canonical", "cluster_id"]
    assert list(config_features("sentences")) == ["doc_id", "subset", "sentence_id", "start", "end", "text"]
    assert list(config_features("claims")) == ["doc_id", "subset", "claim_id", "start", "end", "text", "claimant", "verdict", "rationale", "evidence"]
    assert list(config_features("errors"))[:13] == ["doc_id", "subset", "error_id", "group_id", "start", "end", "text", "type", "correction",
                                                    "rationale", "confidence", "claim_ids", "evidence"]


def test_no_loading_script() -> None:
    assert not list(ROOT.glob("*.py")), "a .py file at the root would be taken for a dataset script"
