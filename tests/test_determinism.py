"""Determinism: `agree`, `compare` and `leaderboard` write byte-identical JSON across processes and
PYTHONHASHSEED values (`eval` is covered in test_evaluate.py), and the bootstrap seed is explicit:
given on the command line, recorded in every signature, and the only source of randomness."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from harness.scoring import Settings, agree, evaluate
from harness.inputs import load_submission, submission_from_dict

from .conftest import ROOT

OUTPUTS = ROOT / "baselines" / "outputs"
ENTITIES_A, ENTITIES_B = str(OUTPUTS / "entities-rules.json"), str(OUTPUTS / "entities-spacy-sm.json")
SEED = 7
# One process runs every command; the test runs it under two hash seeds and compares the files.
SCRIPT = """
import sys
from pathlib import Path
from harness.cli import main

out, a, b, seed, *everything = sys.argv[1:]
common = ["--bootstrap", "50", "--seed", seed]
assert main(["agree", a, b, "--output", str(Path(out) / "agree.json"), *common]) == 0
assert main(["compare", a, b, "--output", str(Path(out) / "compare.json"), *common]) == 0
assert main(["leaderboard", *everything, "--out", str(Path(out) / "site"), *common]) == 0
"""


def outputs_under_hash_seed(folder: Path, hash_seed: str) -> dict[str, bytes]:
    folder.mkdir()
    everything = sorted(str(p) for p in OUTPUTS.glob("*.json"))
    subprocess.run([sys.executable, "-c", SCRIPT, str(folder), ENTITIES_A, ENTITIES_B, str(SEED), *everything],
                   env={**os.environ, "PYTHONHASHSEED": hash_seed}, cwd=ROOT, check=True, capture_output=True)
    files = [folder / "agree.json", folder / "compare.json", folder / "site" / "leaderboard.json",
             folder / "site" / "leaderboard.csv", folder / "site" / "leaderboard.md"]
    return {file.name: file.read_bytes() for file in files}


def test_outputs_are_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    first = outputs_under_hash_seed(tmp_path / "first", "0")
    second = outputs_under_hash_seed(tmp_path / "second", "4242")
    assert first == second
    agreement, comparison, board = (json.loads(first[name]) for name in ("agree.json", "compare.json", "leaderboard.json"))
    signatures = ([task["signature"] for task in agreement["tasks"].values()]
                  + [test["signature"] for test in comparison["tests"].values()])
    assert signatures and all(signature["seed"] == SEED for signature in signatures)
    assert all(test["seed"] == SEED for test in comparison["tests"].values())
    assert board["settings"]["seed"] == SEED
    assert board["boards"] and all(f"|seed:{SEED}|" in b["signature_string"] for b in board["boards"])


def test_the_seed_is_the_only_randomness(gold) -> None:
    """Same seed: identical results in one process; another seed: other intervals, same scores."""
    submission = load_submission(ENTITIES_A, gold)
    one, again = (evaluate(gold, submission, Settings(n_resamples=100, seed=SEED)) for _ in range(2))
    other = evaluate(gold, submission, Settings(n_resamples=100, seed=SEED + 1))
    assert json.dumps(one) == json.dumps(again)
    strict, strict_other = one["tasks"]["entities"]["strict"], other["tasks"]["entities"]["strict"]
    assert strict["f1"] == strict_other["f1"] and strict["ci"] != strict_other["ci"]
    assert other["tasks"]["entities"]["signature"]["seed"] == SEED + 1


def test_agree_does_not_depend_on_file_order() -> None:
    a, b = load_submission(ENTITIES_A, None), load_submission(ENTITIES_B, None)
    data = json.loads(Path(ENTITIES_B).read_text(encoding="utf-8"))
    for document in data["documents"]:
        document["entities"].reverse()
    data["documents"].reverse()
    reversed_b = submission_from_dict(data, ENTITIES_B)
    settings = Settings(n_resamples=50, seed=SEED)
    assert agree(a, b, settings)["tasks"] == agree(a, reversed_b, settings)["tasks"]
