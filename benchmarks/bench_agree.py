"""Benchmark the whole `harness agree` process (JSON reading, validation, matching, scoring,
bootstrap) on two large annotation sets, and `harness --help` start-up.

Writes two submission files with the same flat entity spans as bench_entities.py (1,000,000
gold-side spans over 20,000 documents by default, OntoNotes labels), runs
`harness agree A B --task entities --json` in a child process and prints its wall time and
peak resident memory (ru_maxrss of the child, from os.wait4); then times `harness --help`.

    python benchmarks/bench_agree.py [--spans 1000000] [--docs 20000] [--seed 0] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_entities import generate  # noqa: E402

ONTONOTES = ["PERSON", "ORG", "GPE", "DATE", "NORP"]  # bench_entities' five labels, renamed to OntoNotes ones


def write_submission(frame, name: str, path: Path) -> None:
    """One submission file: documents in order, entities as generated."""
    labels = np.array(ONTONOTES)[frame["label"].map({"PER": 0, "ORG": 1, "LOC": 2, "DATE": 3, "MISC": 4}).to_numpy()]
    documents = []
    for doc_id, rows in frame.assign(label=labels).groupby("doc_id", sort=True):
        documents.append({"doc_id": f"d{doc_id}", "entities": [
            {"start": int(s), "end": int(e), "label": str(lab)} for s, e, lab in zip(rows["start"], rows["end"], rows["label"])]})
    path.write_text(json.dumps({"system": {"name": name}, "documents": documents}), encoding="utf-8")


def run(command: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MB) of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status:
        raise SystemExit(f"{' '.join(command)} failed:\n{process.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spans", type=int, default=1_000_000)
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", metavar="DIR", help="write the two files here and keep them")
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="errata-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    gold, pred = generate(args.spans, args.docs, args.seed)
    a, b = folder / "a.json", folder / "b.json"
    write_submission(gold, "reference", a)
    write_submission(pred, "other", b)
    print(f"input: {len(gold)} + {len(pred)} spans over {args.docs} documents; "
          f"files {a.stat().st_size / 1e6:.0f} MB + {b.stat().st_size / 1e6:.0f} MB")
    harness = [sys.executable, "-m", "harness.cli"]
    seconds, peak = run([*harness, "agree", str(a), str(b), "--task", "entities", "--json", "--max-file-bytes", str(1 << 30)])
    print(f"harness agree (whole process): {seconds:.2f} s, peak RSS {peak:.0f} MB")
    help_times = sorted(run([*harness, "--help"])[0] for _ in range(5))
    print(f"harness --help: median {help_times[2]:.3f} s over 5 runs")
    if not args.keep:
        a.unlink(), b.unlink(), folder.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
