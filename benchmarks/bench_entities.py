"""Benchmark entity matching (harness.matching + harness.metrics) against nervaluate 1.2.1.

Generates flat gold and predicted entity spans with a fixed seed (most predictions exact, some with
shifted boundaries, some with the wrong type, some merging two gold spans, some missed, some
spurious), runs both implementations on identical input in separate child processes, checks that
every count (overall and per type, all four schemes) and every precision/recall/F1 agree, and
prints wall time and peak memory. Exits 1 on any disagreement.

Peak memory is each child's maximum resident set size (ru_maxrss from os.wait4, i.e. that child's
own getrusage(RUSAGE_CHILDREN) record), which includes the interpreter, the imports and the input
data; a third child that only builds the inputs gives the baseline to subtract. The harness child
also repeats the run under tracemalloc and reports its traced heap peak (numpy and Python objects;
not pyarrow's memory pool).

    python benchmarks/bench_entities.py [--spans 1000000] [--docs 20000] [--seed 0] [--skip-nervaluate]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

LABELS = np.array(["DATE", "LOC", "MISC", "ORG", "PER"])
# Prediction mix per gold span: exact, shifted boundaries, wrong type, merged with the next span, missed.
MIX = {"exact": 0.80, "shifted": 0.07, "wrong_type": 0.05, "merged": 0.01, "missed": 0.07}
SPURIOUS_RATE = 0.09  # one spurious span in the gap before a gold span


def generate(n_spans: int, n_docs: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Flat gold and predicted span frames (sorted by document and start), gold spans of 1-40 characters."""
    rng = np.random.Generator(np.random.PCG64(seed))
    doc = np.sort(rng.integers(0, n_docs, n_spans))
    gap, length = rng.integers(7, 30, n_spans), rng.integers(1, 41, n_spans)
    step = np.cumsum(gap + length)
    first = np.r_[True, doc[1:] != doc[:-1]]
    offset = np.maximum.accumulate(np.where(first, step - gap - length, 0))
    start = step - offset - length
    end = start + length
    label = rng.integers(0, len(LABELS), n_spans)

    kind = rng.choice(len(MIX), n_spans, p=list(MIX.values()))
    kinds = dict(zip(MIX, range(len(MIX))))
    has_next = np.r_[doc[1:] == doc[:-1], False]
    merged = (kind == kinds["merged"]) & has_next & ~np.r_[False, kind[:-1] == kinds["merged"]]
    kind[merged] = kinds["merged"]
    kind[(kind == kinds["merged"]) & ~merged] = kinds["exact"]
    swallowed = np.r_[False, merged[:-1]]  # the next span is covered by the merged prediction

    p_start, p_end, p_label = start.copy(), end.copy(), label.copy()
    shifted = kind == kinds["shifted"]  # each boundary moves by -2..2; gaps >= 7 keep the side flat
    p_start[shifted] = np.maximum(p_start[shifted] + rng.integers(-2, 3, shifted.sum()), 0)
    p_end[shifted] = np.maximum(p_end[shifted] + rng.integers(-2, 3, shifted.sum()), p_start[shifted] + 1)
    wrong = kind == kinds["wrong_type"]
    p_label[wrong] = (p_label[wrong] + rng.integers(1, len(LABELS), wrong.sum())) % len(LABELS)
    p_end[merged] = end[np.flatnonzero(merged) + 1]
    keep = (kind != kinds["missed"]) & ~swallowed
    spurious = (rng.random(n_spans) < SPURIOUS_RATE) & ~swallowed
    s_start = start[spurious] - gap[spurious] + 3  # mid-gap: clear of shifted neighbours

    ids = np.array([f"doc{i:06d}" for i in range(n_docs)], dtype=object)
    gold = pd.DataFrame({"doc_id": pd.array(ids[doc], dtype=str), "start": start, "end": end,
                         "label": pd.array(LABELS[label], dtype=str)})
    pred = pd.DataFrame({"doc_id": np.r_[ids[doc[keep]], ids[doc[spurious]]],
                         "start": np.r_[p_start[keep], s_start], "end": np.r_[p_end[keep], s_start + 1],
                         "label": np.r_[LABELS[p_label[keep]], LABELS[rng.integers(0, len(LABELS), spurious.sum())]]})
    pred = pred.sort_values(["doc_id", "start"], kind="stable", ignore_index=True)
    return gold, pred.astype({"doc_id": str, "label": str})


def nervaluate_input(frame: pd.DataFrame, docs: list[str]) -> list[list[dict]]:
    """nervaluate's list-of-list-of-dict input: one list per document, inclusive ends, Python ints."""
    by_doc: dict[str, list[dict]] = {d: [] for d in docs}
    for d, s, e, label in zip(frame.doc_id.tolist(), frame.start.tolist(), frame.end.tolist(), frame.label.tolist()):
        by_doc[d].append({"label": label, "start": s, "end": e - 1})
    return [by_doc[d] for d in docs]


def run_ours(gold: pd.DataFrame, pred: pd.DataFrame) -> dict:
    from harness.matching import match_entities
    from harness.metrics import entity_scores

    started = time.perf_counter()
    scores = entity_scores(match_entities(gold, pred))
    seconds = time.perf_counter() - started
    tracemalloc.start()  # a second, traced run: heap peak of the matching itself
    entity_scores(match_entities(gold, pred))
    traced_mb = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    fields = ("cor", "inc", "par", "mis", "spu", "precision", "recall", "f1")
    pick = lambda rows: {s: {f: row[f] for f in fields} for s, row in rows.items()}
    return {"seconds": seconds, "traced_mb": traced_mb, "overall": pick(scores["overall"]),
            "per_type": {t: pick(rows) for t, rows in scores["per_type"].items()}}


def run_nervaluate(gold: pd.DataFrame, pred: pd.DataFrame) -> dict:
    from nervaluate import Evaluator

    docs = sorted(set(gold.doc_id) | set(pred.doc_id))
    true, predicted = nervaluate_input(gold, docs), nervaluate_input(pred, docs)
    tags = sorted(set(gold.label) | set(pred.label))
    del gold, pred
    gc.collect()
    started = time.perf_counter()
    result = Evaluator(true, predicted, tags=tags, loader="dict").evaluate()
    seconds = time.perf_counter() - started
    fields = {"cor": "correct", "inc": "incorrect", "par": "partial", "mis": "missed", "spu": "spurious",
              "precision": "precision", "recall": "recall", "f1": "f1"}
    # nervaluate leaves precision/recall/F1 as int 0 after a zero division: compare as floats
    value = lambda r, f: float(getattr(r, fields[f])) if f in ("precision", "recall", "f1") else getattr(r, fields[f])
    pick = lambda rows: {s: {f: value(r, f) for f in fields} for s, r in rows.items()}
    return {"seconds": seconds, "overall": pick(result["overall"]),
            "per_type": {t: pick(rows) for t, rows in result["entities"].items()}}


def child(which: str, n_spans: int, n_docs: int, seed: int) -> None:
    gold, pred = generate(n_spans, n_docs, seed)
    gc.collect()
    if which == "inputs":
        out = {"seconds": 0.0, "n_gold": len(gold), "n_pred": len(pred), "n_docs": n_docs}
    else:
        out = (run_ours if which == "ours" else run_nervaluate)(gold, pred)
    print(json.dumps(out, default=float))


def spawn(which: str, args: argparse.Namespace) -> tuple[dict, float]:
    """Run one child; returns its JSON output and its peak RSS in MB."""
    command = [sys.executable, __file__, "--child", which, "--spans", str(args.spans), "--docs", str(args.docs),
               "--seed", str(args.seed)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[1]),
                                                       os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, env=env)
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        sys.exit(f"child {which} failed with exit code {proc.returncode}")
    return json.loads(output), usage.ru_maxrss / 1024  # Linux: KiB


def disagreements(ours: dict, theirs: dict) -> list[str]:
    problems = []
    for section in ("overall", "per_type"):
        if json.dumps(ours[section], sort_keys=True) != json.dumps(theirs[section], sort_keys=True):
            problems.append(section)
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spans", type=int, default=1_000_000, help="gold spans (predictions: about as many)")
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-nervaluate", action="store_true")
    parser.add_argument("--child", choices=["inputs", "ours", "nervaluate"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.spans, args.docs, args.seed)
        return 0

    inputs, base_mb = spawn("inputs", args)
    print(f"input: {inputs['n_gold']:,} gold and {inputs['n_pred']:,} predicted spans over {inputs['n_docs']:,} "
          f"documents (seed {args.seed}); a child that only builds it peaks at {base_mb:,.0f} MB RSS")
    runs = {"harness": spawn("ours", args)}
    if not args.skip_nervaluate:
        runs["nervaluate 1.2.1"] = spawn("nervaluate", args)
    for name, (out, peak_mb) in runs.items():
        traced = f"; tracemalloc peak {out['traced_mb']:,.0f} MB" if "traced_mb" in out else ""
        print(f"{name:>17}: {out['seconds']:7.2f} s matching+scores, peak RSS {peak_mb:,.0f} MB "
              f"({peak_mb - base_mb:+,.0f} MB over the input-only child){traced}")
    ours = runs["harness"][0]
    print("strict/exact/partial/ent_type F1:",
          " / ".join(f"{ours['overall'][s]['f1']:.4f}" for s in ("strict", "exact", "partial", "ent_type")))
    if args.skip_nervaluate:
        return 0
    problems = disagreements(ours, runs["nervaluate 1.2.1"][0])
    if problems:
        print("DISAGREEMENT in:", ", ".join(problems))
        return 1
    print("all counts and P/R/F1 (overall and per type, four schemes) agree with nervaluate 1.2.1")
    return 0


if __name__ == "__main__":
    sys.exit(main())
