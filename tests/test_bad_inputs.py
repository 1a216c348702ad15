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
    assert status == 2 and err == f"{out}: No space left on device\n"  # the file, never the hidden temporary one
    assert out.read_text(encoding="utf-8") == PREVIOUS and os.listdir(tmp_path) == ["out.json"]


@pytest.mark.parametrize("swap", ["exchange", "two renames"])
def test_a_failed_leaderboard_swap_leaves_the_earlier_site(swap: str, earlier_site: Path, tmp_path: Path, run_cli, monkeypatch) -> None:
    import errno

    import harness.leaderboard

    site = tmp_path / "site"
    shutil.copytree(earlier_site, site)
    before = tree(site)
    real_rename = os.rename

    def refuse_the_swap(source, target) -> None:
        if Path(target) == site and Path(source).name.endswith(".tmp"):  # the new site, not the way back
            raise OSError(13, "Permission denied", str(target))
        real_rename(source, target)

    def unsupported(*_args) -> None:
        raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr(harness.leaderboard, "exchange_paths", refuse_the_swap if swap == "exchange" else unsupported)
    monkeypatch.setattr(harness.leaderboard.os, "rename", refuse_the_swap)
    status, _, err = run_cli("leaderboard", str(GOOD), "--bootstrap", "10", "--out", str(site))
    assert status == 2 and err == f"{site}: Permission denied\n"
    assert tree(site) == before and os.listdir(tmp_path) == ["site"]


# --------------------------------------------------------------------------- round 2 (issue #18)


@pytest.mark.parametrize("command", ["validate", "eval", "agree", "compare", "leaderboard", "convert-hf", "eval-hf"])
def test_a_fifo_is_refused_without_waiting_for_a_writer(command: str, tmp_path_factory, run_case) -> None:
    fifo = tmp_path_factory.mktemp("fifo") / "in.json"
    os.mkfifo(fifo)
    run_case(command, fifo, 2, ["not a regular file (a FIFO)"])


@pytest.mark.parametrize("name", ["000_2d109a9d559d9334.ann", "000_2d109a9d559d9334.txt"])
def test_a_fifo_in_a_brat_folder_is_refused(name: str, tmp_path: Path, run_cli) -> None:
    folder = tmp_path / "brat"
    folder.mkdir()
    for stem in ("000_2d109a9d559d9334.ann", "000_2d109a9d559d9334.txt"):
        if stem == name:
            os.mkfifo(folder / stem)
        else:
            (folder / stem).write_text("", encoding="utf-8")
    status, _, err = run_cli("convert", "--from", "brat", str(folder), "--out", str(tmp_path / "out.json"))
    assert status == 2 and err == f"{folder / name}: not a regular file (a FIFO): only regular files are read\n"


def test_a_device_is_refused_as_input(run_cli) -> None:
    status, _, err = run_cli("validate", "/dev/zero")
    assert status == 2 and err.startswith("/dev/zero: not a regular file (a character device)")


def test_lines_split_on_line_feeds_only() -> None:
    from harness.formats.common import text_lines

    assert text_lines("a\u2028b\r\nc\u2029\x85d\ne\rf\n") == ["a\u2028b", "c\u2029\x85d", "e\rf"]
    assert text_lines("") == [] and text_lines("x") == ["x"] and text_lines("\n\n") == ["", ""]


@pytest.mark.parametrize("value", ["c1\n", "c1\r\n", "\nc1"])
def test_a_pattern_matches_the_whole_string_in_jsonschema_and_the_fast_path(value: str) -> None:
    from harness.flatcheck import record_check
    from harness.inputs.checks import _validator

    record = {"claim_id": value, "start": 0, "end": 5}
    assert not record_check("submission", "claim").certainly_valid([record])
    errors = list(_validator("submission").iter_errors({"system": {"name": "x"}, "documents": [{"doc_id": "a1", "claims": [record]}]}))
    assert [e.validator for e in errors] == ["pattern"]


def test_a_problem_line_is_one_line_whatever_it_echoes() -> None:
    from harness.problems import Problem

    line = str(Problem("a\nb.json", "bad \x1b[2J value\u2028", "doc\r", "field\x85"))
    assert line == "a\\x0ab.json: doc\\x0d: field\\x85: bad \\x1b[2J value\\u2028" and line.isprintable()


RAW_CONTROL = __import__("re").compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def test_no_raw_control_character_reaches_the_terminal_csv_or_markdown(tmp_path: Path, run_cli) -> None:
    case = HERE / "accepted_control_characters_in_name.json"
    for args in (["eval", "--predictions", str(case), "--bootstrap", "10"], ["eval", "--predictions", str(case), "--bootstrap", "10", "--json"],
                 ["compare", str(GOOD), str(case), "--bootstrap", "10"], ["agree", str(case), str(GOOD), "--bootstrap", "10"]):
        status, out, err = run_cli(*args)
        assert status == 0 and not RAW_CONTROL.search(out + err)
        assert ("\\u001b]0;pwned\\u0007" if "--json" in args else "\\x1b]0;pwned\\x07\\x1b[2J\\x0d\\x0a\\u202eevil") in out
    status, out, err = run_cli("eval", "--predictions", str(case), "--bootstrap", "10", "--json")
    assert json.loads(out)["system"]["name"] == make_cases.CONTROL_NAME  # the same JSON value, escaped
    assert run_cli("leaderboard", str(case), str(GOOD), "--bootstrap", "10", "--out", str(tmp_path / "site"))[0] == 0
    for name, shown in (("leaderboard.csv", "x\\x1b]0;pwned\\x07\\x1b[2J"), ("leaderboard.md", "x\\\\x1b\\]0;pwned")):
        text = (tmp_path / "site" / name).read_text(encoding="utf-8")
        assert not RAW_CONTROL.search(text) and shown in text, name


def test_a_refusal_line_escapes_what_it_echoes(tmp_path: Path, run_cli) -> None:
    weird = tmp_path / "a\x1b[2J\nb.json"
    weird.write_text("{}", encoding="utf-8")
    status, out, err = run_cli("leaderboard", str(weird), str(GOOD), "--bootstrap", "10", "--out", str(tmp_path / "site"))
    assert status == 0 and not RAW_CONTROL.search(err) and "a\\x1b[2J\\x0ab.json: refused:" in err


def test_an_output_through_a_symlink_updates_its_target(tmp_path: Path, run_cli) -> None:
    real, link = tmp_path / "real.json", tmp_path / "link.json"
    real.write_text(PREVIOUS, encoding="utf-8")
    link.symlink_to(real.name)
    assert run_cli("eval", "--predictions", str(GOOD), "--bootstrap", "10", "--output", str(link))[0] == 0
    assert link.is_symlink() and os.readlink(link) == real.name
    assert json.loads(real.read_text(encoding="utf-8"))["system"]["name"] == "bad-input-case"
    assert sorted(os.listdir(tmp_path)) == ["link.json", "real.json"]


def test_a_device_as_output_is_written_into_not_replaced(tmp_path: Path, run_cli) -> None:
    link = tmp_path / "null.json"
    link.symlink_to("/dev/null")
    for target in ("/dev/null", str(link)):
        assert run_cli("eval", "--predictions", str(GOOD), "--bootstrap", "10", "--output", target)[0] == 0
    assert Path("/dev/null").is_char_device() and link.is_symlink() and os.listdir("/dev").count("null") == 1


@pytest.mark.parametrize("command", ["eval", "convert-hf"])
def test_an_output_the_system_refuses_is_refused_before_any_work(command: str, tmp_path: Path, run_cli, monkeypatch) -> None:
    import harness.safety
    import harness.scoring

    def read_only(*_args, **_kwargs):
        raise OSError(30, "Read-only file system", str(tmp_path / ".hidden-temporary"))

    def no_scoring(*_args, **_kwargs):
        raise AssertionError("scored before checking the output")

    monkeypatch.setattr(harness.safety.tempfile, "mkstemp", read_only)
    monkeypatch.setattr(harness.scoring, "evaluate", no_scoring)
    out = str(tmp_path / "out.json")
    source = str(GOOD if command == "eval" else HERE / "accepted_bom_crlf.jsonl")
    args = [out if part == "{out}" else source if part == "{file}" else part for part in COMMANDS[command]]
    status, _, err = run_cli(*args)
    assert status == 2 and err == f"{out}: cannot be written: Read-only file system\n"


def test_the_leaderboard_swap_is_one_atomic_exchange(earlier_site: Path, tmp_path: Path, run_cli, monkeypatch) -> None:
    """The new site replaces the old by renameat2(RENAME_EXCHANGE): no moment without --out, so
    a kill at any point leaves a whole site there (the fall-back two renames are never used)."""
    import harness.leaderboard

    site = tmp_path / "site"
    shutil.copytree(earlier_site, site)
    seen = []
    real_exchange = harness.leaderboard.exchange_paths

    def watched(first, second) -> None:
        real_exchange(first, second)
        seen.append((Path(second) == site, (Path(first) / "leaderboard.json").is_file(), site.is_dir()))

    def no_rename(*_args) -> None:
        raise AssertionError("the site was moved by a plain rename")

    monkeypatch.setattr(harness.leaderboard, "exchange_paths", watched)
    monkeypatch.setattr(harness.leaderboard.os, "rename", no_rename)
    assert run_cli("leaderboard", str(GOOD), str(HERE / "accepted_bom.json"), "--bootstrap", "10", "--out", str(site))[0] == 0
    assert seen == [(True, True, True)] and os.listdir(tmp_path) == ["site"]
    assert tree(site) != tree(earlier_site)


def test_files_the_harness_did_not_write_are_kept(earlier_site: Path, tmp_path: Path, run_cli) -> None:
    site = tmp_path / "site"
    shutil.copytree(earlier_site, site)
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    (site / "CNAME").write_text("errata.example.org\n", encoding="utf-8")
    (site / "notes").symlink_to("CNAME")
    (site / "docs" / "stale.html").write_text("an old page of ours", encoding="utf-8")
    assert run_cli("leaderboard", str(GOOD), "--bootstrap", "10", "--out", str(site))[0] == 0
    assert (site / ".git" / "HEAD").read_text(encoding="utf-8") == "ref: refs/heads/gh-pages\n"
    assert (site / "CNAME").read_text(encoding="utf-8") == "errata.example.org\n" and os.readlink(site / "notes") == "CNAME"
    assert not (site / "docs" / "stale.html").exists() and (site / "leaderboard.json").is_file()


def test_a_folder_that_is_not_a_site_is_refused_untouched(tmp_path: Path, run_cli) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "thesis.tex").write_text("precious", encoding="utf-8")
    status, _, err = run_cli("leaderboard", str(GOOD), "--bootstrap", "10", "--out", str(folder))
    assert status == 2 and "holds no earlier `harness leaderboard` output" in err
    assert os.listdir(folder) == ["thesis.tex"]


def test_a_symlinked_site_folder_is_updated_through_the_link(earlier_site: Path, tmp_path: Path, run_cli) -> None:
    real, link = tmp_path / "real-site", tmp_path / "site"
    shutil.copytree(earlier_site, real)
    link.symlink_to(real.name)
    assert run_cli("leaderboard", str(GOOD), str(HERE / "accepted_bom.json"), "--bootstrap", "10", "--out", str(link))[0] == 0
    assert link.is_symlink() and tree(real) != tree(earlier_site) and sorted(os.listdir(tmp_path)) == ["real-site", "site"]


def test_an_unwritable_site_folder_is_refused_before_scoring(tmp_path: Path, run_cli, monkeypatch) -> None:
    import harness.safety

    def read_only(*_args, **_kwargs):
        raise OSError(30, "Read-only file system", str(tmp_path / ".hidden-temporary"))

    monkeypatch.setattr(harness.safety.tempfile, "mkstemp", read_only)
    site = tmp_path / "new" / "site"
    status, _, err = run_cli("leaderboard", str(GOOD), "--bootstrap", "10", "--out", str(site))
    assert status == 2 and err == f"{site}: cannot be written: Read-only file system\n" and os.listdir(tmp_path) == []


def test_ctrl_c_while_starting_gives_one_line_and_130(run_cli, monkeypatch) -> None:
    import harness.cli

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(harness.cli, "_parser", interrupted)
    assert run_cli("validate", str(GOOD)) == (130, "", "harness: interrupted\n")


def test_sigint_gives_one_line_and_130_and_keeps_the_output(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "out.json"
    out.write_text(PREVIOUS, encoding="utf-8")
    args = ["eval", *["--predictions", str(GOOD)] * 500, "--bootstrap", "100", "--output", str(out)]
    # SIGINT's usual handler: a child inherits an ignored SIGINT, as a test runner may leave it
    program = ("import signal, sys, harness.cli, harness.scoring, harness.formats.quotes; "
               "signal.signal(signal.SIGINT, signal.default_int_handler); print('ready', file=sys.stderr, flush=True); "
               f"sys.exit(harness.cli.main({args!r}))")
    child = subprocess.Popen([sys.executable, "-c", program], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stderr.readline() == b"ready\n"  # the heavy modules are loaded: the signal lands in main()
    time.sleep(0.5)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 130 and err == b"harness: interrupted\n"
    assert out.read_text(encoding="utf-8") == PREVIOUS and os.listdir(tmp_path) == ["out.json"]


def test_a_docbin_zlib_bomb_is_refused_by_its_decompressed_size(tmp_path: Path, run_cli) -> None:
    import zlib

    bomb = tmp_path / "bomb.spacy"
    bomb.write_bytes(zlib.compress(b"\0" * (64 * 1024 * 1024 + 1), 9))  # 65 KB on disk
    assert bomb.stat().st_size < 100_000
    status, _, err = run_cli("convert", "--from", "spacy", str(bomb), "--out", str(tmp_path / "out.json"))
    assert status == 2 and err == (f"{bomb}: decompresses to more than 67108864 bytes: over the limit of 67108864 bytes "
                                   "per file (raise it with --max-file-bytes)\n")


def test_the_decompressed_size_limit_at_its_edge() -> None:
    import zlib

    from harness.formats.spacy_doc import _check_decompressed_size
    from harness.inputs.checks import Limits
    from harness.problems import HarnessError

    raw = zlib.compress(b"x" * 3_000_001)
    _check_decompressed_size(raw, "f.spacy", Limits(max_file_bytes=3_000_001))
    with pytest.raises(HarnessError, match="decompresses to more than 3000000 bytes"):
        _check_decompressed_size(raw, "f.spacy", Limits(max_file_bytes=3_000_000))


def test_a_docbin_document_longer_than_any_bundled_text_is_refused_before_it_is_built(tmp_path: Path, run_cli) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import Doc, DocBin

    docbin = DocBin(attrs=["ORTH"])
    docbin.add(Doc(spacy.blank("en").vocab, words=["a"] * 1_000_000))  # 8 MB of tokens in 13 KB
    bomb = tmp_path / "tokens.spacy"
    bomb.write_bytes(docbin.to_bytes())
    status, _, err = run_cli("convert", "--from", "spacy", str(bomb), "--out", str(tmp_path / "out.json"))
    assert status == 2 and err.startswith(f"{bomb}: doc 1: 1000000 tokens: more than the ") and err.count("\n") == 1


def test_the_fuzzy_quote_length_limit_at_its_edge(gold) -> None:
    from harness.formats.quotes import Effort, Text, anchor
    from harness.inputs.checks import Limits
    from harness.textnorm import normalise

    text = Text(gold.documents[make_cases.DOC].text)
    quote = make_cases._near_miss(text.text[200:320])
    size = len(normalise(quote.strip())[0].strip())
    assert anchor(text, quote, effort=Effort("f", Limits(max_fuzzy_quote_chars=size))).method == "fuzzy"
    refused = anchor(text, quote, effort=Effort("f", Limits(max_fuzzy_quote_chars=size - 1)))
    assert refused.method == "unanchored" and refused.message == (
        f"not found exactly, and at {size} characters over the limit of {size - 1} characters for fuzzy matching "
        "(raise it with --max-fuzzy-quote-chars)")


def test_the_anchoring_steps_limit_at_its_edge(gold) -> None:
    """The steps of a fuzzy quote: reading it, normalising its characters, aligning it with the
    text, then back from its one best place, and its similarity."""
    from harness.formats.quotes import Effort, Text, anchor
    from harness.inputs.checks import Limits
    from harness.problems import HarnessError
    from harness.textnorm import normalise

    text = Text(gold.documents[make_cases.DOC].text)
    quote = make_cases._near_miss(text.text[200:320])
    size = len(normalise(quote.strip())[0].strip())
    budget = 2 * int((1 - 0.85) * 2 * size / 0.85)  # _fuzzy's; one best place, so one way back
    steps = (Effort.PER_QUOTE + Effort.PER_CHAR * len(quote.strip()) + size * len(text.normal)
             + size * (size + budget + 1000) + size ** 3 // 100)
    effort = Effort("q.jsonl", Limits(max_anchoring_steps=steps))
    assert anchor(text, quote, effort=effort).method == "fuzzy" and effort.left == 0
    with pytest.raises(HarnessError) as caught:
        anchor(text, quote, effort=Effort("q.jsonl", Limits(max_anchoring_steps=steps - 1)))
    assert str(caught.value) == (f"q.jsonl: anchoring its quotes takes more than {steps - 1} steps: over the limit of "
                                 f"{steps - 1} steps per file (raise it with --max-anchoring-steps)")


def test_raising_the_anchoring_limits_reads_the_hostile_answers(run_cli, tmp_path: Path) -> None:
    out = str(tmp_path / "out.json")
    status, _, err = run_cli("convert", "--from", "quotes", str(HERE / "quotes_deep_nesting.jsonl"), "--out", out,
                             "--max-anchoring-steps", "4000000000")
    assert status == 0, err
    status, _, err = run_cli("convert", "--from", "quotes", str(HERE / "quotes_long_near_misses.jsonl"), "--out", out,
                             "--max-fuzzy-quote-chars", "4000", "--max-anchoring-steps", "1000")
    assert status == 2 and "over the limit of 1000 steps per file" in err


def test_normalising_stops_at_its_limit() -> None:
    from harness.tasks.errors import normalise_correction
    from harness.textnorm import TooLong, normalise

    assert normalise("\ufdfa" * 2, 36)[0] == normalise("\ufdfa" * 2)[0] and len(normalise("\ufdfa")[0]) == 18
    with pytest.raises(TooLong):
        normalise("\ufdfa" * 3, 36)
    assert normalise_correction("\ufdfa" * 1000) == ""  # 18,000 characters: matches no correction


def test_an_unwritable_export_folder_is_refused_before_reading(tmp_path: Path, run_cli, monkeypatch) -> None:
    import harness.safety

    def denied(*_args, **_kwargs):
        raise OSError(13, "Permission denied", str(tmp_path / ".hidden-temporary"))

    monkeypatch.setattr(harness.safety.tempfile, "mkstemp", denied)
    for out in (tmp_path / "new" / "exported", tmp_path):  # a folder to create, an existing one
        status, _, err = run_cli("export", "--to", "brat", str(out))
        assert status == 2 and err == f"{out}: cannot be written: Permission denied\n"


def test_the_span_limit_applies_before_quotes_are_anchored(tmp_path: Path, run_cli, monkeypatch) -> None:
    import harness.formats.quotes

    def no_anchoring(*_args, **_kwargs):
        raise AssertionError("anchored before counting")

    monkeypatch.setattr(harness.formats.quotes, "anchor", no_anchoring)
    quotes = tmp_path / "many.jsonl"
    quotes.write_bytes(make_cases._quotes(entities=[{"quote": "the", "label": "PERSON"}] * 4))
    status, _, err = run_cli("convert", "--from", "quotes", str(quotes), "--out", str(tmp_path / "out.json"),
                             "--max-spans-per-document", "3")
    assert status == 2 and err == (f"{quotes}: {make_cases.DOC}: 4 spans: over the limit of 3 spans per document "
                                   "(raise it with --max-spans-per-document)\n")
