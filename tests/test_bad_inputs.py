"""The bad-input corpus: every case gets its exit status and one clear line per problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "bad_inputs"
CASES = json.loads((HERE / "cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(CASES))
def test_case(name: str, run_cli) -> None:
    case = CASES[name]
    path = str(HERE / name)
    status, out, err = run_cli("validate", path)
    assert status == case["exit"], err
    output = out + err
    for word in case["contains"]:
        assert word in output, f"{word!r} not in {output!r}"
    assert "Traceback" not in output
    if status == 2:
        problem_lines = err.strip().splitlines()[:-1]  # the last line is the summary
        assert problem_lines and all(line.startswith(path + ": ") for line in problem_lines)


def test_corpus_is_current() -> None:
    """The committed files are what make_cases.py produces from today's gold."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_cases", HERE / "make_cases.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = module.cases()
    assert sorted(expected) == sorted(CASES)
    for name, (content, status, words) in expected.items():
        assert (HERE / name).read_bytes() == content, f"{name} is stale: run tests/bad_inputs/make_cases.py"
        assert CASES[name] == {"exit": status, "contains": words}


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30
