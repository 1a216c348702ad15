"""Shared fixtures. Hugging Face libraries are forced offline for the whole test run."""

from __future__ import annotations

import os

os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ["HF_HUB_OFFLINE"] = "1"

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def gold():
    import harness

    return harness.load_gold()


@pytest.fixture
def run_cli(capsys):
    """Run ``harness ARGS...`` in-process; returns (exit status, stdout, stderr)."""
    from harness.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        status = main(list(args))
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


@pytest.fixture(scope="session")
def answers_file(gold, tmp_path_factory):
    """Recorded answers to every bundled prompt (tests/integrations.py), as a ``--from quotes`` JSONL file."""
    from harness.integrations import write_records

    from .integrations import answers

    path = tmp_path_factory.mktemp("answers") / "answers.jsonl"
    write_records(answers(gold), path)
    return path
