"""The bad-input corpus through the real CLI: every case, every command it lists, gets its exit
status, one line per problem naming the file, the words it must contain, no traceback, and no
output written (an earlier output file or leaderboard is left exactly as it was). The two large
cases are generated into a temporary folder; limits, output paths and failed writes too."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "bad_inputs"
MANIFEST = json.loads((HERE / "cases.json").read_text(encoding="utf-8"))
CASES, COMMANDS = MANIFEST["cases"], MANIFEST["commands"]
GOOD = HERE / MANIFEST["good"]
PREVIOUS = "an earlier output\n"

_spec = importlib.util.spec_from_file_location("make_cases", HERE / "make_cases.py")
make_cases = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_cases)


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def earlier_site(tmp_path_factory) -> Path:
    """A leaderboard published from the good submission: what a failed run must leave alone."""
    from harness.cli import main

    site = tmp_path_factory.mktemp("earlier") / "site"
    assert main(["leaderboard", str(GOOD), "--bootstrap", "10", "--out", str(site)]) == 0
    return site


@pytest.fixture
def run_case(run_cli, tmp_path: Path, earlier_site: Path):
    """Run one command template on a file, with an earlier output file and leaderboard in place,
    and check what every bad-input run must do; returns (exit status, stdout, stderr)."""

    def run(command: str, file: Path, expected_exit: int, words: list[str]) -> tuple[int, str, str]:
        out, site = tmp_path / "out.json", tmp_path / "site"
        out.write_text(PREVIOUS, encoding="utf-8")
        shutil.copytree(earlier_site, site)
        before = tree(site)
        names = {"{file}": str(file), "{good}": str(GOOD), "{out}": str(out), "{site}": str(site)}
        status, stdout, stderr = run_cli(*(names.get(part, part) for part in COMMANDS[command]))
        output = stdout + stderr
        assert status == expected_exit, output
        for word in words:
            assert word in output, f"{word!r} not in {output!r}"
        assert "Traceback" not in output
        if status == 2:
            lines = stderr.strip().splitlines()
            if command.startswith("validate"):
                assert lines.pop().endswith("file(s) checked")  # the summary line
            assert lines and all(line.startswith(f"{file}: ") for line in lines), stderr
            assert out.read_text(encoding="utf-8") == PREVIOUS
            assert tree(site) == before
        elif "{out}" in COMMANDS[command]:
            assert json.loads(out.read_text(encoding="utf-8"))
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left
        return status, stdout, stderr

    return run


@pytest.mark.parametrize("name,command", [(name, command) for name in sorted(CASES) for command in CASES[name]["runs"]])
def test_case(name: str, command: str, run_case) -> None:
    case = CASES[name]
    run_case(command, HERE / name, case["exit"], case["runs"][command])


def test_corpus_is_current() -> None:
    """The committed files are what make_cases.py produces from today's gold."""
    expected = make_cases.cases()
    assert sorted(expected) == sorted(CASES)
    assert GOOD.read_bytes() == json.dumps(make_cases.good_submission(), ensure_ascii=False, indent=1).encode("utf-8")
    assert COMMANDS == make_cases.COMMANDS
    for name, (content, status, runs) in expected.items():
        assert (HERE / name).read_bytes() == content, f"{name} is stale: run tests/bad_inputs/make_cases.py"
        assert CASES[name] == {"exit": status, "runs": runs}


def test_corpus_covers_the_issue() -> None:
    assert len(CASES) >= 30
    assert all(CASES[name]["runs"] and all(CASES[name]["runs"].values()) for name in CASES)
    ran = {command for case in CASES.values() for command in case["runs"]}
    assert {"validate", "eval", "agree", "compare", "leaderboard", "convert-hf", "eval-hf"} <= ran


# --------------------------------------------------------------------------- the two large cases


@pytest.mark.parametrize("command", ["validate", "eval", "agree", "compare", "leaderboard", "convert-hf", "eval-hf"])
def test_200_mb_file_is_refused_by_the_size_limit(command: str, tmp_path_factory, run_case) -> None:
    large = make_cases.write_large_file(tmp_path_factory.mktemp("large") / "large.json")
    assert large.stat().st_size == 200 * 1024 * 1024
    run_case(command, large, 2, ["file is 209715200 bytes", "over the limit of 67108864 bytes", "--max-file-bytes"])


@pytest.fixture(scope="module")
def many_spans(tmp_path_factory) -> Path:
    return make_cases.write_many_spans(tmp_path_factory.mktemp("many") / "many.json")


@pytest.mark.parametrize("command", ["validate", "eval", "leaderboard"])
def test_a_million_spans_in_one_document_are_refused_by_the_spans_limit(command: str, many_spans: Path, run_case) -> None:
    words = ["1000000 spans", "over the limit of 100000 spans per document", "--max-spans-per-document"]
    run_case(command, many_spans, 2, words + [make_cases.DOC])


# --------------------------------------------------------------------------- limits and outputs


def test_raising_a_limit_accepts_the_file(run_cli) -> None:
    assert run_cli("validate", "--max-spans-per-document", "4", str(HERE / "over_span_limit.json"))[0] == 0
    assert run_cli("validate", "--max-documents", "3", str(HERE / "over_document_limit.json"))[0] == 0
    status, _, err = run_cli("validate", "--max-file-bytes", "100", str(GOOD))
    assert status == 2 and f"{GOOD}: file is {GOOD.stat().st_size} bytes: over the limit of 100 bytes" in err


def test_limits_must_be_positive(run_cli) -> None:
    status, out, err = run_cli("validate", "--max-documents", "0", str(GOOD))
    assert (status, out) == (2, "") and err == "harness: argument --max-documents: must be at least 1, not 0\n"


def test_converted_input_is_held_to_the_limits(gold) -> None:
    from harness.formats.common import Found, submission
    from harness.inputs import Limits
    from harness.problems import HarnessError

    spans = [{"start": 0, "end": 1, "label": "PERSON"}] * 3
    found = [Found("in.jsonl", "line 1", make_cases.DOC, None, {"entities": spans})]
    with pytest.raises(HarnessError, match="3 spans: over the limit of 2 spans per document"):
        submission(found, gold, "in.jsonl", {"name": "x"}, limits=Limits(max_spans_per_document=2))
    assert submission(found, gold, "in.jsonl", {"name": "x"}, limits=Limits(max_spans_per_document=3))["documents"]


@pytest.mark.parametrize("command", ["eval", "convert-hf"])
@pytest.mark.parametrize("where,message", [("missing/out.json", "its folder does not exist"),
                                           (".", "is a folder: give a file name to write")])
def test_an_unwritable_output_is_refused_before_any_work(command: str, where: str, message: str, tmp_path: Path, run_cli) -> None:
    target = str(tmp_path / where)
    source = str(GOOD if command == "eval" else HERE / "accepted_bom_crlf.jsonl")
    args = [target if part == "{out}" else source if part == "{file}" else part for part in COMMANDS[command]]
    status, _, err = run_cli(*args)
    assert status == 2 and err == f"{target}: {message}\n"


@pytest.mark.parametrize("command", ["eval", "convert-hf"])
def test_a_failed_write_leaves_the_earlier_output(command: str, tmp_path: Path, run_cli, monkeypatch) -> None:
    import harness.atomic

    def disk_full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(harness.atomic.os, "fsync", disk_full)
    out = tmp_path / "out.json"
    out.write_text(PREVIOUS, encoding="utf-8")
    source = str(GOOD if command == "eval" else HERE / "accepted_bom_crlf.jsonl")
    args = [str(out) if part == "{out}" else source if part == "{file}" else part for part in COMMANDS[command]]
    status, _, err = run_cli(*args)
    assert status == 2 and "No space left on device" in err and "Traceback" not in err
    assert out.read_text(encoding="utf-8") == PREVIOUS and os.listdir(tmp_path) == ["out.json"]


def test_a_failed_leaderboard_swap_leaves_the_earlier_site(earlier_site: Path, tmp_path: Path, run_cli, monkeypatch) -> None:
    import harness.leaderboard

    site = tmp_path / "site"
    shutil.copytree(earlier_site, site)
    before = tree(site)
    real_rename = os.rename

    def refuse_the_swap(source, target) -> None:
        if Path(target) == site and Path(source).name.endswith(".tmp"):  # the new site, not the way back
            raise OSError(13, "Permission denied", str(target))
        real_rename(source, target)

    monkeypatch.setattr(harness.leaderboard.os, "rename", refuse_the_swap)
    status, _, err = run_cli("leaderboard", str(GOOD), "--bootstrap", "10", "--out", str(site))
    assert status == 2 and err == f"{site}: Permission denied\n"
    assert tree(site) == before and os.listdir(tmp_path) == ["site"]
