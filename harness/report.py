"""Plain-text tables of results documents (what ``harness eval`` prints by default)."""

from __future__ import annotations

from typing import Any

from .scoring import HEADLINES, TASKS


def _num(value: float) -> str:
    return f"{value:.4f}"


def _ci(interval: list[float]) -> str:
    return f"[{interval[0]:.4f}, {interval[1]:.4f}]"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    line = lambda cells: "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)  # noqa: E731
                                   for i, (c, w) in enumerate(zip(cells, widths))).rstrip()
    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def _prf_rows(task: dict[str, Any], groups: list[str], count_names: list[str]) -> list[str]:
    rows = []
    for group in groups:
        if group in task:
            figures = task[group]
            rows.append([group, _num(figures["precision"]), _num(figures["recall"]), _num(figures["f1"]),
                         _ci(figures["ci"]["f1"]), *(str(figures[c]) for c in count_names)])
    return _table(["", "P", "R", "F1", "95% CI (F1)", *count_names], rows) if rows else []


def _entities(task: dict[str, Any]) -> list[str]:
    lines = _prf_rows(task, ["strict", "exact", "partial", "ent_type"], ["cor", "inc", "par", "mis", "spu"])
    macro = task["macro"]["strict"]
    lines.append(f"macro (strict, over types): P {_num(macro['precision'])}  R {_num(macro['recall'])}  "
                 f"F1 {_num(macro['f1'])} {_ci(macro['ci']['f1'])}")
    rows = [[label, _num(s["precision"]), _num(s["recall"]), _num(s["f1"]), str(s["possible"]), str(s["actual"])]
            for label, schemes in task["per_type"].items() for s in [schemes["strict"]]]
    lines += ["", "per type (strict):", *_table(["type", "P", "R", "F1", "gold", "pred"], rows),
              f"note: {task['per_type_note']}"]
    return lines


def _verdicts(task: dict[str, Any]) -> list[str]:
    lines = []
    if "classification" in task:
        c = task["classification"]
        lines.append(f"given the gold claims: accuracy {_num(c['accuracy'])} {_ci(c['ci']['accuracy'])}  "
                     f"macro F1 {_num(c['macro_f1'])} {_ci(c['ci']['macro_f1'])}  coverage {_num(c['coverage'])}")
        rows = [[label, _num(s["precision"]), _num(s["recall"]), _num(s["f1"]), str(s["support"])]
                for label, s in c["per_class"].items()]
        lines += _table(["class", "P", "R", "F1", "support"], rows)
        labels = c["confusion"]["labels"]
        lines += ["confusion (rows gold, columns predicted):",
                  *_table(["", *labels], [[g, *map(str, r)] for g, r in zip(labels, c["confusion"]["matrix"])])]
        lines.append(f"note: {c['labels_note']}")
    if "conditioned" in task:
        lines += ["end to end (span matched and verdict right):", *_prf_rows(task, ["conditioned"], ["tp", "fp", "fn"])]
    if "kappa" in task:
        lines.append(_kappa(task["kappa"], "verdicts of matched claims"))
    return lines


def _kappa(k: dict[str, Any], what: str) -> str:
    value = "undefined" if k["kappa"] is None else _num(k["kappa"])
    return f"Cohen's kappa on {what}: {value} (observed agreement {_num(k['observed_agreement'])}, n={k['n_items']})"


def _errors(task: dict[str, Any]) -> list[str]:
    lines = _prf_rows(task, ["mention", "typed"], ["tp", "fp", "fn"])
    for group, name in (("group", "recall"), ("type", "accuracy"), ("correction", "accuracy")):
        if group in task:
            g = task[group]
            lines.append(f"{group} {name}: {_num(g[name])} {_ci(g['ci'][name])} ({g['hits']}/{g['total']})")
    return lines


MAX_LISTED_FAILURES = 20


def _anchoring(report: dict[str, Any]) -> list[str]:
    """How the quotes of a submission converted from quotes were anchored, and what was dropped."""
    methods = ["exact", "normalised", "fuzzy", "ambiguous", "unanchored", "unreadable"]
    prompts = ", ".join(f"{layer} {prompt}" for layer, prompt in report["prompts"].items())
    lines = ["", f"== anchoring of quotes (prompts: {prompts}; fuzzy similarity >= {report['fuzzy_threshold']:g})",
             *_table(["layer", *methods], [[layer, *(str(counts[m]) for m in methods)]
                                           for layer, counts in report["counts"].items()])]
    responses = report["responses"]
    if responses["total"]:
        lines.append(f"model responses: {responses['total']}, of which {responses['unreadable']} held no readable JSON object")
    failures = report["failures"]
    if failures:
        lines.append(f"dropped, each counted as a miss ({len(failures)}):")
        for failure in failures[:MAX_LISTED_FAILURES]:
            quote = "" if failure["quote"] is None else f" {failure['quote'][:60]!r}"
            lines.append(f"  {failure['record']} ({failure['doc_id']}): {failure['problem']}{quote}: {failure['message']}")
        if len(failures) > MAX_LISTED_FAILURES:
            lines.append(f"  ... and {len(failures) - MAX_LISTED_FAILURES} more (all are in the results JSON, key anchoring)")
    return lines


def format_results(results: dict[str, Any]) -> str:
    """A readable report of one results document, every score with its CI and signature."""
    system = results["system"]
    lines = [f"system: {system['name']}" + (f" {system['version']}" if system.get("version") else ""),
             f"data: errata {results['data']['version']}+{results['data']['sha12']}   harness {results['harness_version']}"]
    if "reference" in results:
        lines.append(f"reference annotations: {results['reference']['name']}")
    if "anchoring" in results:
        lines += _anchoring(results["anchoring"])
    for name in TASKS:
        if name not in results["tasks"]:
            continue
        task = results["tasks"][name]
        head = task["headline"]
        lines += ["", f"== {name}: {head['metric']} = {_num(head['value'])} {_ci(head['ci'])}",
                  f"   signature: {task['signature_string']}"]
        if name == "entities":
            lines += _entities(task)
            if "kappa" in task:
                lines.append(_kappa(task["kappa"], "labels of identical spans"))
        elif name == "claims":
            lines += _prf_rows(task, ["span", "sentence"], ["tp", "fp", "fn"])
        elif name == "verdicts":
            lines += _verdicts(task)
        else:
            lines += _errors(task)
            if "kappa" in task:
                lines.append(_kappa(task["kappa"], "types of matched errors"))
    for name, why in results["skipped_tasks"].items():
        lines.append(f"skipped {name}: {why}")
    lines += [f"note: {note}" for note in results["notes"]]
    return "\n".join(lines) + "\n"


def headline_cells(results: dict[str, Any], digits: int = 4, missing: str = "-") -> list[str]:
    """Each task's headline as 'value [low, high]', naming the metric when it is not the
    task's usual headline (e.g. end-to-end verdicts); ``missing`` for tasks not scored."""
    cells = []
    for name in TASKS:
        task = results["tasks"].get(name)
        if task is None:
            cells.append(missing)
            continue
        head = task["headline"]
        low, high = head["ci"]
        marker = "" if head["metric"] == HEADLINES[name] else f" ({head['metric']})"
        cells.append(f"{head['value']:.{digits}f} [{low:.{digits}f}, {high:.{digits}f}]{marker}")
    return cells


def format_leaderboard(all_results: list[dict[str, Any]]) -> str:
    """One row per system with every task's headline and CI, then the signatures."""
    rows = [[results["system"]["name"], *headline_cells(results)] for results in all_results]
    header = ["system", *(f"{name} {HEADLINES[name]}" for name in TASKS)]
    lines = _table(header, rows)
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
    lines = [f"A: {result['a']['name']}   B: {result['b']['name']}   data: errata {data['version']}+{data['sha12']}"]
    for task, test in result["tests"].items():
        lines.append(f"{task:9s} {test['metric']:24s} A {test['score_a']:.4f}  B {test['score_b']:.4f}  "
                     f"delta {test['delta']:+.4f} [{test['ci_low']:+.4f}, {test['ci_high']:+.4f}]  p = {test['p_value']:.4f}")
        lines.append(f"          signature: {test['signature_string']}")
        if test.get("prompts"):
            lines.append("          prompts: " + ", ".join(f"{side} {prompt or '-'}" for side, prompt in test["prompts"].items()))
    lines += [f"skipped {task}: {why}" for task, why in result["skipped_tasks"].items()]
    return "\n".join(lines) + "\n"
