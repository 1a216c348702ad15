"""The bad-input corpus in this folder: regenerate it with ``python tests/bad_inputs/make_cases.py``.

Each case is a small file plus an entry in cases.json: the exit status every command run on it
must return, and for each command (a template in ``COMMANDS``) the words its output must
contain. Cases are built from the bundled gold so that offsets and texts are real; the corpus
is committed, and a test checks it is current.

The two large cases (a 200 MB file, 10^6 spans in one document) are never committed: the
tests generate them into a temporary folder with :func:`write_large_file` and
:func:`write_many_spans`. ``python tests/bad_inputs/make_cases.py --measure`` runs the
commands on them in child processes and prints wall time and peak memory (docs/robustness.md).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOC = "000_2d109a9d559d9334"
GOOD = "good.json"
# a system name that, printed raw, sets the terminal's title, clears the screen and breaks the line
CONTROL_NAME = "x\x1b]0;pwned\x07\x1b[2J\r\n\u202eevil"  # a valid submission: the other side of `agree` and `compare`

# How each command is run on a case: {file} is the case, {good} the valid submission above, {out}
# an output file that already holds an earlier output, {site} an earlier leaderboard folder.
COMMANDS = {
    "validate": ["validate", "{file}"],
    "eval": ["eval", "--predictions", "{file}", "--bootstrap", "10", "--output", "{out}"],
    "agree": ["agree", "{file}", "{good}", "--bootstrap", "10", "--output", "{out}"],
    "compare": ["compare", "{good}", "{file}", "--bootstrap", "10", "--output", "{out}"],
    "leaderboard": ["leaderboard", "{file}", "--strict", "--bootstrap", "10", "--out", "{site}"],
    "convert-hf": ["convert", "--from", "hf-pipeline", "{file}", "--out", "{out}"],
    "eval-hf": ["eval", "--from", "hf-pipeline", "--predictions", "{file}", "--bootstrap", "10", "--output", "{out}"],
    "validate-small-limits": ["validate", "--max-documents", "2", "--max-spans-per-document", "3", "{file}"],
    "convert-quotes": ["convert", "--from", "quotes", "{file}", "--out", "{out}"],
    "eval-quotes-strict": ["eval", "--from", "quotes", "--strict-anchoring", "--predictions", "{file}", "--bootstrap", "10",
                           "--output", "{out}"],
}
# Commands a kind of problem is run through (each reports it in the same words).
SYNTAX = ("validate", "eval", "agree", "compare", "leaderboard", "convert-hf")
SCHEMA = ("validate", "eval", "agree", "leaderboard")
MEANING = ("validate", "eval", "compare", "leaderboard")  # needs the gold: `agree` has none

Case = tuple[bytes, int, dict[str, list[str]]]  # content, exit status, command -> words


def _submission(**document: object) -> dict:
    return {"system": {"name": "bad-input-case", "version": "1"}, "documents": [{"doc_id": DOC, **document}]}


def _putin(text: str) -> dict:
    start = text.index("Vladimir Putin")
    return {"start": start, "end": start + len("Vladimir Putin"), "label": "PERSON", "text": "Vladimir Putin"}


def _dump(obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=False, indent=1).encode("utf-8")


def _jsonl(records: list[dict]) -> bytes:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records).encode("utf-8")


def _gold_document(doc_id: str) -> dict:
    return json.loads((HERE.parents[1] / "data" / "gold" / f"{doc_id}.json").read_text(encoding="utf-8"))


def _run(commands: tuple[str, ...], words: list[str]) -> dict[str, list[str]]:
    return {command: words for command in commands}


def _quotes(**record: object) -> bytes:
    """One quotes record (a model's answer) for DOC."""
    return _jsonl([{"doc_id": DOC, "prompt": "probe-1", **record}])


def _near_miss(text: str) -> str:
    """``text`` with every ninth character replaced: found neither exactly nor normalised."""
    return "".join("q" if index % 9 == 0 else char for index, char in enumerate(text))


def quote_cases(text: str) -> dict[str, Case]:
    """Hostile model answers (issue #18): each read in linear time or refused by an anchoring limit."""
    fuzzy = "over the limit of 1000 characters for fuzzy matching"
    return {
        "quotes_many_braces.jsonl": (_quotes(response="{}" * 20000), 0, {"convert-quotes": ["wrote", "0 document(s)"]}),
        "quotes_deep_nesting.jsonl": (_quotes(response='{"a":' * 20000), 2,
                                      _run(("convert-quotes", "eval-quotes-strict"),
                                           ["over the limit of 200000000 steps per file", "--max-anchoring-steps"])),
        "quotes_huge_context.jsonl": (_quotes(entities=[{"quote": "the", "label": "PERSON", "context_before": "x" * 50000,
                                                         "context_after": " the" * 12500}]), 0,
                                      {"convert-quotes": ["wrote", "1 document(s)"]}),
        "quotes_long_near_misses.jsonl": (_quotes(entities=[{"quote": _near_miss(text[i * 100:i * 100 + 4000]), "label": "PERSON"}
                                                            for i in range(12)]), 2,
                                          {"eval-quotes-strict": [fuzzy, "--max-fuzzy-quote-chars"]}),
        "quotes_nfkc_expansion.jsonl": (_quotes(entities=[{"quote": "\ufdfa" * 20000, "label": "PERSON",
                                                           "context_before": "\ufdfa" * 20000}]), 2,
                                        {"eval-quotes-strict": ["longer than the whole text once normalised"]}),
    }


def good_submission() -> dict:
    return _submission(entities=[_putin(_gold_document(DOC)["text"])])


def cases() -> dict[str, Case]:
    """file name -> (content, expected exit status, command -> words the output must contain)."""
    text = _gold_document(DOC)["text"]
    good = good_submission()
    dump = _dump

    def entity(**changes: object) -> bytes:
        record = {key: value for key, value in {**_putin(text), **changes}.items() if value is not None}
        return dump(_submission(entities=[record]))

    bad_gold = {"doc_id": DOC, "title": None, "text": "A short text.", "sha256": "0" * 64, "source_url": None,
                "published": None, "language": "en", "canary": "x", "subset": "natural", "split": "test",
                "sentences": [], "entities": [], "claims": [], "errors": []}
    two_docs = _submission(entities=[])
    two_docs["documents"].append({"doc_id": DOC, "entities": []})
    # hf-pipeline JSONL: one line per bundled document, each with one aggregated entity
    doc_ids = sorted(p.stem for p in (HERE.parents[1] / "data" / "gold").glob("*.json"))
    pipeline = [{"doc_id": doc_id, "entities": [{"entity_group": "PERSON", "start": 0, "end": 1, "score": 0.5}]}
                for doc_id in doc_ids]
    lines = _jsonl(pipeline).splitlines(keepends=True)
    three_docs = {"system": {"name": "x"}, "documents": [{"doc_id": d} for d in doc_ids[:3]]}
    return {**quote_cases(text),
        "empty.json": (b"", 2, _run(SYNTAX, ["empty file"])),
        "whitespace_only.json": (b"  \n\t\n", 2, _run(SYNTAX, ["empty file"])),
        "truncated.json": (dump(good)[:-7], 2, _run(SYNTAX, ["not valid JSON", "line"])),
        "not_utf8.json": ('{"system": {"name": "caf\u00e9"}, "documents": []}'.encode("latin-1"), 2,
                          _run(SYNTAX, ["not UTF-8", "0xe9"])),
        "binary_garbage.json": (bytes(range(256)) * 4, 2, _run(SYNTAX, ["not UTF-8"])),
        "wrong_top_level.json": (b"[1, 2, 3]", 2, _run(("validate", "eval", "agree"), ["got array"])),
        "neither_kind.json": (b'{"foo": 1}', 2, {"validate": ["neither a submission"], "leaderboard": ["neither a submission"]}),
        "missing_documents.json": (dump({"system": {"name": "x"}}), 2,
                                   _run(("validate", "eval", "agree"), ["documents", "required field is missing"])),
        "missing_system_name.json": (dump({"system": {}, "documents": []}), 2, _run(SCHEMA, ["system", "name", "missing"])),
        "wrong_field_type.json": (entity(start="10"), 2, _run(SCHEMA, [DOC, "entities[0]", "start", "expected integer, got string"])),
        "nan_score.json": (dump(good).replace(b'"label"', b'"score": NaN, "label"'), 2, _run(SYNTAX, ["NaN is not a JSON number"])),
        "infinity_score.json": (dump(good).replace(b'"label"', b'"score": Infinity, "label"'), 2,
                                _run(SYNTAX, ["Infinity is not a JSON number"])),
        "overflow_score.json": (dump(good).replace(b'"label"', b'"score": 1e999, "label"'), 2, _run(SYNTAX, ["out of range"])),
        "huge_integer_literal.json": (dump(good).replace(b'"label"', b'"score": ' + b"9" * 5000 + b', "label"'), 2,
                                      _run(SYNTAX, ["not valid JSON", "digits"])),
        "lone_surrogate.json": (dump(good).replace(b'"bad-input-case"', b'"bad\\ud800case"'), 2,
                                _run(SYNTAX, ["unpaired surrogate", "\\ud800"])),
        "negative_offset.json": (entity(start=-1), 2, _run(SCHEMA, ["entities[0]", "start", "below the minimum 0"])),
        "float_offset.json": (entity(end=_putin(text)["end"] + 0.0), 2,
                              _run(SCHEMA, ["entities[0]", "end", "expected integer, got number"])),
        "string_offset.json": (entity(end="22"), 2, _run(SCHEMA, ["end", "expected integer, got string"])),
        "boolean_offset.json": (entity(start=True), 2, _run(SCHEMA, ["start", "expected integer, got boolean"])),
        "enormous_offset.json": (entity(end=10**30), 2, _run(SCHEMA, ["end", "above the maximum"])),
        "start_after_end.json": (entity(start=20, end=10, text=None), 2,
                                 _run(MEANING + ("agree",), ["entities[0]", "is not after start"])),
        "end_past_text.json": (entity(end=len(text) + 5, text=None), 2, _run(MEANING, ["entities[0]", "past the end of the text"])),
        "text_mismatch.json": (entity(text="Vladimir Puttin"), 2, _run(MEANING, ["entities[0]", "text", "does not match text["])),
        "unknown_doc_id.json": (dump({**good, "documents": [{**good["documents"][0], "doc_id": "999_nope"}]}), 2,
                                _run(MEANING, ["999_nope", "unknown doc id"])),
        "bad_doc_id.json": (dump({**good, "documents": [{"doc_id": "../../etc/passwd"}]}), 2,
                            _run(SCHEMA, ["doc_id", "does not match the pattern"])),
        "duplicate_documents.json": (dump(two_docs), 2, _run(MEANING + ("agree",), [DOC, "document appears more than once"])),
        "duplicate_ids.json": (dump(_submission(claims=[{"claim_id": "c1", "start": 0, "end": 5},
                                                        {"claim_id": "c1", "start": 6, "end": 9}])), 2,
                               _run(MEANING + ("agree",), ["duplicate id 'c1'"])),
        "id_trailing_newline.json": (dump(_submission(claims=[{"claim_id": "c1\n", "start": 0, "end": 5}])), 2,
                                     _run(SCHEMA, ["claims[0]", "claim_id", "'c1\\n' does not match the pattern"])),
        "control_characters_in_doc_id.json": (dump({**good, "documents": [{**good["documents"][0], "doc_id": "x\x1b[2J"}]}), 2,
                                              _run(SCHEMA, ["doc_id", "'x\\x1b[2J' does not match the pattern"])),
        "duplicate_keys.json": (b'{"system": {"name": "a", "name": "b"}, "documents": []}', 2, _run(SYNTAX, ["duplicate key 'name'"])),
        "unknown_label.json": (entity(label="PER"), 2, _run(MEANING + ("agree",), ["entities[0]", "unknown label 'PER'"])),
        "unknown_verdict.json": (dump(_submission(claims=[{"start": 0, "end": 5, "verdict": "true"}])), 2,
                                 _run(MEANING, ["unknown verdict 'true'"])),
        "unknown_error_type.json": (dump(_submission(errors=[{"start": 0, "end": 5, "type": "typo"}])), 2,
                                    _run(MEANING, ["unknown type 'typo'"])),
        "unknown_claim_id.json": (dump(_submission(verdicts=[{"claim_id": "nope", "verdict": "supported"}])), 2,
                                  _run(MEANING, ["claim 'nope' is not a gold claim"])),
        "unknown_field.json": (dump(_submission(entities=[{**_putin(text), "lable": "PERSON"}])), 2,
                               _run(SCHEMA, ["unknown field 'lable'"])),
        "deeply_nested.json": (b'{"system": {"name": "x", "details": ' + b"[" * 100000 + b"]" * 100000 + b'}, "documents": []}',
                               2, _run(SYNTAX, ["nested too deeply"])),
        "gold_bad_sha.json": (dump(bad_gold), 2, {"validate": [DOC, "sha256", "does not match the SHA-256"]}),
        "over_document_limit.json": (dump(three_docs), 2,
                                     {"validate-small-limits": ["3 documents", "over the limit of 2", "--max-documents"]}),
        "over_span_limit.json": (dump(_submission(entities=[_putin(text)] * 4)), 2,
                                 {"validate-small-limits": [DOC, "4 spans", "over the limit of 3", "--max-spans-per-document"]}),
        "jsonl_one_bad_line.jsonl": (b"".join(lines[:2] + [lines[2][:-9] + b"\n"] + lines[3:]), 2,
                                     _run(("convert-hf", "eval-hf"), ["line 3", "not valid JSON"])),
        "jsonl_first_line_bad.jsonl": (b"".join([b'{"doc_id": "' + doc_ids[0].encode() + b'", \n'] + lines[1:]), 2,
                                       _run(("convert-hf", "eval-hf"), ["line 1", "not valid JSON"])),
        "jsonl_bad_record.jsonl": (b"".join(lines[:3] + [lines[3].replace(doc_ids[3].encode(), b"999_nope")] + lines[4:]), 2,
                                   _run(("convert-hf", "eval-hf"), ["line 4", "unknown doc id '999_nope'"])),
        "accepted_control_characters_in_name.json": (dump({**good, "system": {"name": CONTROL_NAME, "version": "1\x9b2J"}}), 0,
                                                     {"validate": ["ok"], "eval": ["errata:", "x\\x1b]0;pwned\\x07\\x1b[2J"]}),
        "accepted_bom.json": (b"\xef\xbb\xbf" + dump(good), 0, {"validate": ["ok"], "eval": ["bad-input-case", "errata:"]}),
        "accepted_crlf.json": (dump(good).replace(b"\n", b"\r\n"), 0, {"validate": ["ok"], "eval": ["bad-input-case", "errata:"]}),
        "accepted_line_separators.jsonl": (_jsonl([{**record, "entities": [{**record["entities"][0], "word": "a\u2028b\u2029c\x85d"}]}
                                                   for record in pipeline]), 0,
                                           {"convert-hf": ["wrote", f"{len(doc_ids)} document(s)"], "eval-hf": ["errata:"]}),
        "accepted_bom_crlf.jsonl": (b"\xef\xbb\xbf" + _jsonl(pipeline).replace(b"\n", b"\r\n"), 0,
                                    {"convert-hf": ["wrote", f"{len(doc_ids)} document(s)"], "eval-hf": ["errata:"]}),
    }


# --------------------------------------------------------------------------- large cases (never committed)

LARGE_FILE_BYTES = 200 * 1024 * 1024
MANY_SPANS = 1_000_000


def write_large_file(path: Path, size: int = LARGE_FILE_BYTES) -> Path:
    """A submission of ``size`` bytes: a valid start, then a sparse run of zero bytes (no disk used)."""
    start = json.dumps(good_submission()).encode("utf-8")
    with open(path, "wb") as handle:
        handle.write(start)
        handle.truncate(size)
    return path


def write_many_spans(path: Path, count: int = MANY_SPANS) -> Path:
    """A valid submission with ``count`` entity spans in one document (overlapping, all inside its text)."""
    labels = ["PERSON", "ORG", "GPE", "DATE", "NORP"]
    length = len(_gold_document(DOC)["text"])
    width = length - 8
    with open(path, "w", encoding="utf-8") as handle:
        handle.write('{"system": {"name": "many-spans"}, "documents": [{"doc_id": "%s", "entities": [' % DOC)
        handle.write(",".join('{"start":%d,"end":%d,"label":"%s"}' % (i % width, i % width + 1 + (i // width) % 8, labels[i % 5])
                              for i in range(count)))
        handle.write("]}]}\n")
    return path


def _timed(args: list[str], timeout: float = 120) -> tuple[int, float, float, str]:
    """Run ``harness ARGS`` in a child process: (exit status, wall seconds, peak RSS in MB, first
    stderr line); a child still running after ``timeout`` seconds is killed."""
    import os
    import subprocess
    import tempfile
    import threading
    import time

    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "harness.cli", *args], stdout=subprocess.DEVNULL, stderr=errors)
        timer = threading.Timer(timeout, child.kill)
        timer.start()
        _, status, usage = os.wait4(child.pid, 0)
        timer.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        errors.seek(0)
        first = (errors.read().decode("utf-8", "replace").strip().splitlines() or [""])[0]
    return child.returncode, seconds, usage.ru_maxrss / 1024, first


def hostile_inputs(folder: Path, create: bool = True) -> list[tuple[str, list[str]]]:
    """The probe's hostile inputs of issue #18: (label, harness arguments), their files written
    into ``folder`` when ``create``."""
    import os
    import zlib

    text = _gold_document(DOC)["text"]
    out, site = str(folder / "out.json"), str(folder / "site")

    def write(name: str, content: object) -> str:
        if create:
            (folder / name).write_bytes(content() if callable(content) else content)
        return str(folder / name)

    def overlapping(count: int) -> bytes:
        width = len(text) - 60
        return _dump(_submission(entities=[{"start": i % width, "end": i % width + 1 + (i * 7) % 50, "label": "PERSON"}
                                           for i in range(count)]))

    quotes = ["convert", "--from", "quotes"]
    near = [_near_miss(text[i * 50:i * 50 + 4000]) for i in range(50)]
    runs = [
        ("1. 8,000 overlapping spans: leaderboard", ["leaderboard", write("overlap8k.json", lambda: overlapping(8000)), "--out", site]),
        ("1. 100,000 overlapping spans (the limit): leaderboard",
         ["leaderboard", write("overlap100k.json", lambda: overlapping(100_000)), "--out", site + "2"]),
        ("2. response '{}' x 20,000 (40 KB)", quotes + [write("braces40.jsonl", _quotes(response="{}" * 20000)), "--out", out]),
        ("2. response '{}' x 32,000 (64 KB)", quotes + [write("braces64.jsonl", _quotes(response="{}" * 32000)), "--out", out]),
        ("2. response '{\"a\":' x 20,000 (deep nesting)", quotes + [write("nested.jsonl", _quotes(response='{"a":' * 20000)), "--out", out]),
        ("2. 200 KB contexts on 'the'", quotes + [write("context.jsonl", _quotes(entities=[
            {"quote": "the", "label": "PERSON", "context_before": "x" * 100000, "context_after": " the" * 25000}])), "--out", out]),
        ("2. 50 near-miss quotes of 4 KB", quotes + [write("near4k.jsonl", _quotes(entities=[
            {"quote": q, "label": "PERSON"} for q in near])), "--out", out]),
        ("2. 50 near-miss quotes of 4 KB, --max-fuzzy-quote-chars 4000", quotes + [str(folder / "near4k.jsonl"), "--out", out,
                                                                            "--max-fuzzy-quote-chars", "4000"]),
        ("2. 18 near-miss quotes of 1,000 characters (11 aligned: near the steps limit)", quotes + [write("near1k.jsonl", _quotes(
            entities=[{"quote": q[:1000], "label": "PERSON"} for q in near[:18]])), "--out", out]),
        ("2. 100 near-miss quotes of 200 characters", quotes + [write("near200.jsonl", _quotes(
            entities=[{"quote": _near_miss(text[i * 40:i * 40 + 200]), "label": "PERSON"} for i in range(100)])), "--out", out]),
        ("2. 5 x 100,000 quotes 'e' (the spans limit, 450 places each)", quotes + [write("many_quotes.jsonl", lambda: b"".join(
            _jsonl([{"doc_id": doc_id, "prompt": "probe-1", "entities": [{"quote": "e", "label": "PERSON"}] * 100_000}])
            for doc_id in sorted(p.stem for p in (HERE.parents[1] / "data" / "gold").glob("*.json")))), "--out", out]),
        ("2. quote of 1.5 million U+FDFA (4.5 MB)", quotes + [write("nfkc.jsonl", _quotes(entities=[
            {"quote": "\ufdfa" * 1_500_000, "label": "PERSON"}])), "--out", out]),
        ("2. context of 1.5 million U+FDFA (4.5 MB)", quotes + [write("nfkc_context.jsonl", _quotes(entities=[
            {"quote": "the", "label": "PERSON", "context_before": "\ufdfa" * 1_500_000}])), "--out", out]),
        ("3. DocBin zlib bomb (1 MB, 1 GiB inflated)", ["convert", "--from", "spacy",
                                                        write("bomb.spacy", lambda: zlib.compress(b"\0" * (1 << 30), 9)), "--out", out]),
    ]
    if importlib.util.find_spec("spacy") is not None:
        runs += [("3. DocBin: one document of 7 million tokens (88 KB)", ["convert", "--from", "spacy",
                                                                         write("tokens.spacy", lambda: _docbin(1, 7_000_000)), "--out", out]),
                 ("3. DocBin: 1,600 documents of 4,500 tokens (just under 64 MiB inflated)",
                  ["convert", "--from", "spacy", write("docs.spacy", lambda: _docbin(1600, 4500)), "--out", out])]
    fifo, brat = folder / "fifo.json", folder / "brat"
    if create:
        os.mkfifo(fifo)
        brat.mkdir()
        os.mkfifo(brat / f"{DOC}.ann")
        (folder / "real.json").write_text("{}", encoding="utf-8")
        (folder / "link.json").symlink_to("real.json")
    runs += [("4. FIFO: validate", ["validate", str(fifo)]), ("4. FIFO: eval", ["eval", "--predictions", str(fifo)]),
             ("4. FIFO .ann in a brat folder: convert", ["convert", "--from", "brat", str(brat), "--out", out])]
    good = write("good.json", _dump(good_submission()))
    separators = [{"doc_id": DOC, "entities": [{"entity_group": "PERSON", "start": 0, "end": 1, "word": "a\u2028b\x85c"}]}]
    runs += [("5. --output through a symlink", ["eval", "--predictions", good, "--output", str(folder / "link.json")]),
             ("5. --output /dev/null", ["eval", "--predictions", good, "--output", "/dev/null"]),
             ("6. JSONL with U+2028 and U+0085 in a string", ["convert", "--from", "hf-pipeline",
                                                              write("separators.jsonl", _jsonl(separators)), "--out", out]),
             ("7. claim id 'c1\\n'", ["validate", write("newline_id.json", _dump(_submission(
                 claims=[{"claim_id": "c1\n", "start": 0, "end": 5}])))]),
             ("8. control characters in the system name: eval", ["eval", "--predictions", write("control.json", _dump(
                 {**good_submission(), "system": {"name": CONTROL_NAME}}))])]
    return runs


def _docbin(documents: int, tokens: int) -> bytes:
    """A spaCy DocBin of ``documents`` documents of ``tokens`` tokens 'a' (needs spaCy)."""
    import spacy
    from spacy.tokens import Doc, DocBin

    docbin = DocBin(attrs=["ORTH"])
    doc = Doc(spacy.blank("en").vocab, words=["a"] * tokens)
    for _ in range(documents):
        docbin.add(doc)
    return docbin.to_bytes()


def kill_leaderboards(folder: Path, kills: int = 25) -> tuple[int, int]:
    """SIGKILL ``harness leaderboard`` at random moments while it replaces an earlier site; returns
    (kills, times --out was left without a whole site)."""
    import random
    import signal
    import subprocess
    import time

    good = folder / "good.json"
    good.write_bytes(_dump(good_submission()))
    site = folder / "killed-site"
    subprocess.run([sys.executable, "-m", "harness.cli", "leaderboard", str(good), "--bootstrap", "10", "--out", str(site)],
                   check=True, capture_output=True)
    rng, broken = random.Random(18), 0
    for _ in range(kills):
        child = subprocess.Popen([sys.executable, "-m", "harness.cli", "leaderboard", str(good), "--bootstrap", "200",
                                  "--out", str(site)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 3.0))
        child.send_signal(signal.SIGKILL)
        child.wait()
        try:
            whole = json.loads((site / "leaderboard.json").read_text(encoding="utf-8"))["generator"] and (site / "index.html").is_file()
        except (OSError, ValueError, KeyError):
            whole = False
        broken += not whole
    return kills, broken


def measure() -> None:
    """Wall time and peak RSS of the commands on the large cases and the hostile inputs of issue
    #18, each in a child process, and a leaderboard killed at random moments."""
    import os
    import tempfile

    import subprocess

    with tempfile.TemporaryDirectory() as tmp:
        # the files are written by a child process: a child's peak RSS (ru_maxrss) starts from
        # its parent's, so this process must stay small
        subprocess.run([sys.executable, __file__, "--generate", tmp], check=True)
        folder = Path(tmp)
        large, many, at_limit = folder / "large.json", folder / "many.json", folder / "at_limit.json"
        runs = [
            ("200 MB file: validate", ["validate", str(large)]),
            ("200 MB file: eval", ["eval", "--predictions", str(large)]),
            ("10^6 spans: validate (refused)", ["validate", str(many)]),
            ("10^6 spans: eval (refused)", ["eval", "--predictions", str(many)]),
            ("10^6 spans: eval --max-spans-per-document 1000000", ["eval", "--predictions", str(many),
                                                                   "--max-spans-per-document", "1000000"]),
            ("10^5 spans (the default limit): eval", ["eval", "--predictions", str(at_limit)]),
            ("start-up: harness --version", ["--version"]),
            *hostile_inputs(folder, create=False),
        ]
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; {many.stat().st_size:,} bytes for 10^6 spans")
        for label, args in runs:
            status, seconds, megabytes, first = _timed(args)
            print(f"{label}: exit {status}, {seconds:.1f} s, peak RSS {megabytes:.0f} MB" + (f"\n    {first[:160]}" if first else ""))
        kills, broken = kill_leaderboards(folder)
        print(f"9. leaderboard killed (SIGKILL) {kills} times while replacing a site: --out left without a whole site {broken} times")


def main() -> None:
    if sys.argv[1:] == ["--measure"]:
        measure()
        return
    if sys.argv[1:2] == ["--generate"]:  # the files --measure runs on
        folder = Path(sys.argv[2])
        write_large_file(folder / "large.json")
        write_many_spans(folder / "many.json")
        write_many_spans(folder / "at_limit.json", 100_000)
        hostile_inputs(folder)
        return
    manifest = {"good": GOOD, "commands": COMMANDS, "cases": {}}
    (HERE / GOOD).write_bytes(_dump(good_submission()))
    for name, (content, status, runs) in cases().items():
        (HERE / name).write_bytes(content)
        manifest["cases"][name] = {"exit": status, "runs": runs}
    (HERE / "cases.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
