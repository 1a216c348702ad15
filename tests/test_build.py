"""`harness build`: the committed configs and README YAML are in sync with data/gold."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from harness.build import CONFIGS, check_build

from .conftest import ROOT


def test_committed_build_is_in_sync() -> None:
    assert check_build(ROOT) == []


def _copy_repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copy(ROOT / "README.md", root / "README.md")
    return root


def test_edited_gold_is_detected(tmp_path: Path) -> None:
    root = _copy_repo(tmp_path)
    path = root / "data" / "gold" / "000_2d109a9d559d9334.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["sentences"].pop()
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    stale = {Path(p.file).relative_to(root).as_posix() for p in check_build(root)}
    assert {"README.md", "data/documents/test.jsonl", "data/sentences/test.jsonl"} <= stale


def test_edited_yaml_is_detected(tmp_path: Path) -> None:
    root = _copy_repo(tmp_path)
    readme = root / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("num_examples:", "num_examples: 1 #", 1), encoding="utf-8")
    assert [p.message for p in check_build(root)] == ["YAML front matter is out of sync with data/gold: run `harness build`"]


def test_build_cli_check_and_write(tmp_path: Path, run_cli) -> None:
    root = _copy_repo(tmp_path)
    (root / "data" / "entities" / "test.jsonl").write_text("", encoding="utf-8")
    status, _, err = run_cli("build", "--root", str(root), "--check")
    gold_entities = sum(len(json.loads(p.read_text())["entities"]) for p in (root / "data" / "gold").glob("*.json"))
    assert status == (1 if gold_entities else 0)
    status, out, _ = run_cli("build", "--root", str(root))
    assert status == 0
    assert run_cli("build", "--root", str(root), "--check")[0] == 0
    assert len(CONFIGS) == 5
