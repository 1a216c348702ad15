"""Benchmark whole processes: `harness agree` against nervaluate on the same files, `harness eval`
on the bundled data against importing pandas, and `harness --help` start-up.

For each size (100k, 500k and 1M gold spans by default, 50 per document) it writes two
submission files with the flat entity spans of bench_entities.py (OntoNotes labels), then
times, in child processes and interleaved, `harness agree A B --task entities --json` (JSON
reading, validation, matching, four schemes, per-type scores, 16 bootstrap intervals of 1000
resamples, kappa, JSON output) and a nervaluate 1.2.1 process on the same two files (JSON
reading with the json module, nervaluate's input lists, Evaluator.evaluate; four schemes and
per-type scores, no intervals). It reports medians of --repeat runs: wall time, CPU time
(user + system) and peak resident memory (ru_utime, ru_stime and ru_maxrss of the child, from
os.wait4); CPU time moves less than wall time when other processes share the cores. Then it times
`harness eval --predictions baselines/outputs/entities-rules.json --json` against
`python -c "import pandas"`, and `harness --help`.

Before timing, it compiles the harness's modules to bytecode (compileall), as installing a
package does (pandas is measured with its bytecode compiled): where PYTHONDONTWRITEBYTECODE is set,
an editable checkout would otherwise compile every harness module at every start (30 to 45 ms).

    python benchmarks/bench_agree.py [--sizes 100000 500000 1000000] [--repeat 3] [--seed 0] [--keep DIR]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_entities import generate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ONTONOTES = ["PERSON", "ORG", "GPE", "DATE", "NORP"]  # bench_entities' five labels, renamed to OntoNotes ones
SPANS_PER_DOCUMENT = 50


def write_submission(frame, name: str, path: Path) -> None:
    """One submission file: documents in order, entities as generated."""
    labels = np.array(ONTONOTES)[frame["label"].map({"PER": 0, "ORG": 1, "LOC": 2, "DATE": 3, "MISC": 4}).to_numpy()]
    documents = []
    for doc_id, rows in frame.assign(label=labels).groupby("doc_id", sort=True):
        documents.append({"doc_id": f"d{doc_id}", "entities": [
            {"start": int(s), "end": int(e), "label": str(lab)} for s, e, lab in zip(rows["start"], rows["end"], rows["label"])]})
    path.write_text(json.dumps({"system": {"name": name}, "documents": documents}), encoding="utf-8")


def nervaluate_child(reference: str, other: str) -> None:
    """The nervaluate side: read both files, build its input (inclusive ends), evaluate."""
    from nervaluate import Evaluator

    def spans(path: str) -> dict[str, list[dict]]:
        with open(path, encoding="utf-8") as handle:
            documents = json.load(handle)["documents"]
        return {d["doc_id"]: [{"label": e["label"], "start": e["start"], "end": e["end"] - 1} for e in d["entities"]]
                for d in documents}

    true, pred = spans(reference), spans(other)
    docs = sorted(set(true) | set(pred))
    tags = sorted({e["label"] for side in (true, pred) for d in side.values() for e in d})
    result = Evaluator([true.get(d, []) for d in docs], [pred.get(d, []) for d in docs], tags=tags, loader="dict").evaluate()
    print(json.dumps({scheme: result["overall"][scheme].f1 for scheme in ("strict", "exact", "partial", "ent_type")}))


def run(command: list[str]) -> tuple[float, float, float]:
    """Wall time (s), peak RSS (MB) and CPU time (s, user + system) of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status:
        raise SystemExit(f"{' '.join(command)} failed:\n{process.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def medians(commands: dict[str, list[str]], repeat: int) -> dict[str, tuple[float, ...]]:
    """Median wall time, peak RSS and CPU time of each command, the commands interleaved run by run."""
    runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            runs[name].append(run(command))
    return {name: tuple(map(statistics.median, zip(*r))) for name, r in runs.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 500_000, 1_000_000], help="gold spans")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", metavar="DIR", help="write the files here and keep them")
    parser.add_argument("--nervaluate-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.nervaluate_child:
        nervaluate_child(*args.nervaluate_child)
        return 0
    folder = Path(args.keep or tempfile.mkdtemp(prefix="errata-bench-"))
    harness = [sys.executable, "-m", "harness.cli"]
    compileall.compile_dir(ROOT / "harness", quiet=1)  # as an install does (see the module docstring)
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start; medians of {args.repeat} runs; "
          "harness bytecode compiled")
    print("| spans (reference + other) | documents | harness agree: wall | CPU | peak RSS | nervaluate 1.2.1: wall | CPU "
          "| peak RSS | ratio of wall times | of CPU times |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for size in args.sizes:
        n_docs = max(1, size // SPANS_PER_DOCUMENT)
        a, b = folder / f"{size}-a.json", folder / f"{size}-b.json"
        gold, pred = generate(size, n_docs, args.seed)
        if not (a.exists() and b.exists()):
            write_submission(gold, "reference", a)
            write_submission(pred, "other", b)
        result = medians({
            "agree": [*harness, "agree", str(a), str(b), "--task", "entities", "--json", "--max-file-bytes", str(1 << 30)],
            "nervaluate": [sys.executable, __file__, "--nervaluate-child", str(a), str(b)],
        }, args.repeat)
        (ours, ours_mb, ours_cpu), (theirs, theirs_mb, theirs_cpu) = result["agree"], result["nervaluate"]
        print(f"| {len(gold):,} + {len(pred):,} | {n_docs:,} | {ours:.2f} s | {ours_cpu:.2f} s | {ours_mb:,.0f} MB "
              f"| {theirs:.2f} s | {theirs_cpu:.2f} s | {theirs_mb:,.0f} MB | {theirs / ours:.1f}x | {theirs_cpu / ours_cpu:.1f}x |",
              flush=True)
        if not args.keep:
            a.unlink(), b.unlink()
    baseline = str(ROOT / "baselines" / "outputs" / "entities-rules.json")
    result = medians({"eval": [*harness, "eval", "--predictions", baseline, "--json"],
                      "pandas": [sys.executable, "-c", "import pandas"],
                      "help": [*harness, "--help"]}, max(args.repeat, 5))
    (ev, _, ev_cpu), (pd_, _, pd_cpu), (help_, _, _) = result["eval"], result["pandas"], result["help"]
    print(f"harness eval --predictions baselines/outputs/entities-rules.json: {ev:.2f} s (CPU {ev_cpu:.2f} s); "
          f"python -c 'import pandas': {pd_:.2f} s (CPU {pd_cpu:.2f} s); ratio {ev / pd_:.2f} (CPU {ev_cpu / pd_cpu:.2f}); "
          f"harness --help: {help_:.2f} s")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    if not args.keep:
        folder.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
