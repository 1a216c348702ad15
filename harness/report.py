"""Plain-text tables of results documents (what ``harness eval`` prints by default)."""

from __future__ import annotations

from typing import Any

from .tasks import TASKS
from .model import data_id
from .results import Interval, Signature
from .textfmt import num, percent, text_table


def _kappa(k: dict[str, Any], what: str) -> str:
    value = "undefined" if k["kappa"] is None else num(k["kappa"])
    return f"Cohen's kappa on {what}: {value} (observed agreement {num(k['observed_agreement'])}, n={k['n_items']})"


MAX_LISTED_FAILURES = 20


def _quote(item: dict[str, Any]) -> str:
    return "" if item["quote"] is None else f" {item['quote'][:60]!r}"


def anchoring_items(report: dict[str, Any]) -> dict[str, list[str]]:
    """Every record an anchoring report dropped, and every item it judged wrong, one line each,
    under their headings (for the printed report and the leaderboard)."""
    return {
        "dropped, each counted as a miss": [f"{f['record']} ({f['doc_id']}): {f['problem']}{_quote(f)}: {f['message']}"
                                            for f in report["failures"]],
        "judged wrong, a label outside its set": [f"{i['record']} ({i['doc_id']}):{_quote(i)}: {i['reason']}; "
                                                  f"counted as {i['counted_as']}" for i in report.get("invalid", [])],
    }


def format_anchoring(report: dict[str, Any]) -> list[str]:
    """How the quotes of a submission converted from quotes were anchored, and what was dropped."""
    methods = ["exact", "normalised", "fuzzy", "ambiguous", "unanchored", "unreadable"]
    prompts = ", ".join(f"{layer} {prompt}" for layer, prompt in report["prompts"].items())
    lines = ["", f"== anchoring of quotes (prompts: {prompts}; fuzzy similarity >= {report['fuzzy_threshold']:g})",
             *text_table(["layer", *methods], [[layer, *(str(counts[m]) for m in methods)]
                                           for layer, counts in report["counts"].items()])]
    responses = report["responses"]
    if responses["total"]:
        lines.append(f"model responses: {responses['total']}, of which {responses['unreadable']} held no readable JSON object")
    for title, items in anchoring_items(report).items():
        if items:
            lines += [f"{title} ({len(items)}):", *(f"  {item}" for item in items[:MAX_LISTED_FAILURES])]
        if len(items) > MAX_LISTED_FAILURES:
            lines.append(f"  ... and {len(items) - MAX_LISTED_FAILURES} more (all are in the results JSON, key anchoring)")
    return lines


def format_results(results: dict[str, Any]) -> str:
    """A readable report of one results document, every score with its CI and signature."""
    system = results["system"]
    lines = [f"system: {system['name']}" + (f" {system['version']}" if system.get("version") else ""),
             f"data: errata {data_id(results['data'])}   harness {results['harness_version']}"]
    if "reference" in results:
        lines.append(f"reference annotations: {results['reference']['name']}")
    if "anchoring" in results:
        lines += format_anchoring(results["anchoring"])
    for name, definition in TASKS.items():
        if name not in results["tasks"]:
            continue
        task = results["tasks"][name]
        head, ci = task["headline"], Interval.headline(task)
        lines += ["", f"== {name}: {head['metric']} = {num(head['value'])} {ci.text()}",
                  f"   signature: {task['signature_string']}", *definition.rows(task, percent(ci.level))]
        if "kappa" in task:
            lines.append(_kappa(task["kappa"], definition.kappa_of))
        lines += _subset_rows(task, ci.level)
    for name, why in results["skipped_tasks"].items():
        lines.append(f"skipped {name}: {why}")
    lines += [f"note: {note}" for note in results["notes"]]
    return "\n".join(lines) + "\n"


def _subset_rows(task: dict[str, Any], level: float) -> list[str]:
    """The task's headline in each subset of the scored split (only where there is more than one)."""
    subsets = task.get("subsets", {})
    if len(subsets) < 2:
        return []
    return [f"   {subset} ({head['documents']} docs): {num(head['value'])} {Interval(*head['ci'], level).text()}"
            for subset, head in subsets.items()]


def headline_cells(results: dict[str, Any], digits: int = 4, missing: str = "-") -> list[str]:
    """Each task's headline as 'value [low, high]', naming the metric when it is not the
    task's usual headline (e.g. end-to-end verdicts); ``missing`` for tasks not scored."""
    cells = []
    for name, definition in TASKS.items():
        task = results["tasks"].get(name)
        if task is None:
            cells.append(missing)
            continue
        head = task["headline"]
        marker = "" if head["metric"] == definition.headline else f" ({head['metric']})"
        cells.append(f"{num(head['value'], digits)} {Interval.headline(task).text(digits)}{marker}")
    return cells


def format_leaderboard(all_results: list[dict[str, Any]]) -> str:
    """One row per system with every task's headline and CI, then the signatures."""
    rows = [[results["system"]["name"], *headline_cells(results)] for results in all_results]
    scored = [task for results in all_results for task in results["tasks"].values()]
    label = Interval.headline(scored[0]).label if scored else Interval(0.0, 0.0).label
    header = ["system", *(f"{name} {task.headline} [{label}]" for name, task in TASKS.items())]
    lines = text_table(header, rows)
    signatures: dict[str, set[str]] = {}
    for results in all_results:
        for name, task in results["tasks"].items():
            signatures.setdefault(name, set()).add(task["signature_string"])
    lines.append("")
    lines += [f"{name}: {signature}" for name in TASKS for signature in sorted(signatures.get(name, ()))]
    for results in all_results:
        if "anchoring" in results:
            counts = results["anchoring"]["counts"].values()
            total = {m: sum(c[m] for c in counts) for m in ("exact", "normalised", "fuzzy")}
            lines.append(f"anchoring of {results['system']['name']}: " + ", ".join(f"{n} {m}" for m, n in total.items())
                         + f"; {len(results['anchoring']['failures'])} record(s) dropped as misses (see --json)")
    return "\n".join(lines) + "\n"


def format_comparison(result: dict[str, Any]) -> str:
    """What ``harness compare`` prints: per task the two scores, the difference with its
    interval, the paired p-value and the signature; then the tasks it could not compare."""
    data = result["data"]
    lines = [f"A: {result['a']['name']}   B: {result['b']['name']}   data: errata {data_id(data)}"]
    for task, test in result["tests"].items():
        lines.append(f"{task:9s} {test['metric']:24s} A {test['score_a']:.4f}  B {test['score_b']:.4f}  "
                     f"A - B {test['delta']:+.4f} [{test['ci_low']:+.4f}, {test['ci_high']:+.4f}] ({percent(Signature.parse(test['signature_string']).confidence)} CI)  "
                     f"p = {test['p_value']:.4f}")
        lines.append(f"          signature: {test['signature_string']}")
        if test.get("prompts"):
            lines.append("          prompts: " + ", ".join(f"{side} {prompt or '-'}" for side, prompt in test["prompts"].items()))
    lines += [f"skipped {task}: {why}" for task, why in result["skipped_tasks"].items()]
    if result["tests"]:
        lines.append("A - B > 0: A scores higher. The interval and the p-value come from the same paired resamples: "
                     "the interval excludes 0 exactly when p < 1 - its level.")
    return "\n".join(lines) + "\n"
