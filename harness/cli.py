"""The ``harness`` command: a thin shell over the Python API.

Exit status: 0 success, 1 a check found a difference (``build --check``), 2 bad input
(every problem printed on stderr, one line each, no traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, get_args

from . import __version__

EXIT_OK, EXIT_DIFFERENT, EXIT_BAD_INPUT = 0, 1, 2
MAX_PRINTED_PROBLEMS = 1000


def _print_problems(problems: Sequence[object]) -> None:
    from .safety import visible

    for problem in problems[:MAX_PRINTED_PROBLEMS]:
        print(visible(str(problem)), file=sys.stderr)
    if len(problems) > MAX_PRINTED_PROBLEMS:
        print(f"... and {len(problems) - MAX_PRINTED_PROBLEMS} more problems", file=sys.stderr)


def _limits(args: argparse.Namespace):  # -> harness.inputs.Limits
    from .inputs import Limits

    return Limits(max_file_bytes=args.max_file_bytes, max_documents=args.max_documents,
                  max_spans_per_document=args.max_spans_per_document, max_fuzzy_quote_chars=args.max_fuzzy_quote_chars,
                  max_anchoring_steps=args.max_anchoring_steps)


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _check_output_file(path: str) -> None:
    """Refuse an output path that cannot be written, before any work is done."""
    from .problems import HarnessError, Problem

    target = Path(path)
    if target.is_dir():
        raise HarnessError(Problem(path, "is a folder: give a file name to write"))
    if not target.parent.is_dir():
        raise HarnessError(Problem(path, "its folder does not exist"))
    _check_writable(path)


def _check_writable(path: str, folder: str | None = None) -> None:
    """Refuse, before any work, an output that the system would refuse to write (read-only
    file system, permissions): the folder of the file an atomic write replaces is probed (or
    the nearest one that exists, where it will be created); ``folder`` for an output folder."""
    import os

    from .problems import HarnessError, Problem
    from .safety import check_writable_folder, nearest_folder, replaced_path, written_in_place

    if folder is None and written_in_place(path):
        return
    try:
        check_writable_folder(nearest_folder(folder or os.path.dirname(os.path.abspath(replaced_path(path)))))
    except OSError as exc:
        raise HarnessError(Problem(path, f"cannot be written: {exc.strerror}")) from None


def _cmd_validate(args: argparse.Namespace) -> int:
    from .inputs import validate_paths

    problems, checked = validate_paths(args.paths, args.gold, _limits(args))
    if problems:
        _print_problems(problems)
        print(f"{len(problems)} problem(s) in {checked} file(s) checked", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"ok: {checked} file(s) valid")
    return EXIT_OK


def _cmd_build(args: argparse.Namespace) -> int:
    from .build import build, check_build

    root = Path(args.root)
    if args.check:
        problems = check_build(root)
        if problems:
            _print_problems(problems)
            return EXIT_DIFFERENT
        print("ok: built configs, README front matter and generated README/CARD sections are in sync with the data")
        return EXIT_OK
    changed = build(root)
    for path in changed:
        print(f"wrote {path}")
    if not changed:
        print("nothing to do: everything is in sync")
    return EXIT_OK


def _settings(args: argparse.Namespace):  # -> harness.scoring.Settings
    """The scoring settings of a command; each value was already checked by argparse (see _setting)."""
    from .settings import Settings
    from .tasks import TASKS

    return Settings(tasks=tuple(getattr(args, "task", None) or TASKS), compat=args.compat, iou_threshold=args.iou,
                    n_resamples=args.bootstrap, seed=args.seed, confidence=args.confidence, split=args.split,
                    unknown_labels=getattr(args, "unknown_labels", Settings.unknown_labels))


def _setting(name: str, kind: type) -> Callable[[str], Any]:
    """An argparse type for one field of Settings: the text as ``kind``, checked by Settings itself,
    so that the command line and the Python API share one set of rules."""
    from .settings import Settings

    def convert(text: str) -> Any:
        value = kind(text)  # a ValueError here is argparse's own "invalid int value"
        try:
            Settings(**{name: value})
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
        return value

    convert.__name__ = kind.__name__
    return convert


class _Parser(argparse.ArgumentParser):
    """argparse with the harness's way of reporting bad input: one line, 'harness: message', exit 2."""

    def error(self, message: str) -> NoReturn:
        from .problems import HarnessError, Problem

        raise HarnessError(Problem("harness", message))


def _emit(args: argparse.Namespace, document: object, text: Callable[[], str]) -> None:
    """Print JSON (--json) or the table (``text()``, made only then), and write the JSON to
    --output atomically."""
    from .safety import terminal_json, terminal_text
    from .textfmt import json_text

    if args.output or args.json:
        rendered = json_text(document)
    if args.output:
        from .atomic import write_text_atomic

        write_text_atomic(args.output, rendered)
    sys.stdout.write(terminal_json(rendered) if args.json else terminal_text(text()))  # no raw control character


def _cmd_eval(args: argparse.Namespace) -> int:
    from .safety import printable
    from .scoring import evaluate
    from .inputs import load_gold
    from .report import format_leaderboard, format_results
    from .resources import baseline_outputs_dir

    settings = _settings(args)
    gold = load_gold(args.gold, _limits(args))
    paths = args.predictions or sorted(str(p) for p in baseline_outputs_dir().glob("*.json"))
    if not paths:
        from .problems import HarnessError, Problem

        raise HarnessError(Problem(str(baseline_outputs_dir()), "no baseline outputs to score: pass --predictions FILE"))
    submissions = [_predictions(args, path, gold, settings) for path in paths]
    results = [evaluate(gold, submission, settings) for submission in submissions]
    if args.explain:
        import json

        from .atomic import write_text_atomic
        from .scoring import explain

        rows = explain(gold, submissions[0], settings)
        write_text_atomic(args.explain, "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))
    if len(results) == 1 and args.predictions:
        _emit(args, results[0], lambda: format_results(printable(results[0])))
    else:
        _emit(args, results, lambda: format_leaderboard(printable(results)))
    return EXIT_OK


def _cmd_agree(args: argparse.Namespace) -> int:
    from .safety import printable
    from .scoring import agree
    from .inputs import load_submission
    from .report import format_results

    settings = _settings(args)
    reference = load_submission(args.reference, None, settings.unknown_labels, _limits(args))
    other = load_submission(args.other, None, settings.unknown_labels, _limits(args))
    results = agree(reference, other, settings)
    _emit(args, results, lambda: format_results(printable(results)))
    return EXIT_OK


SYSTEM_FIELDS = ("name", "version", "description", "url")


def _system(args: argparse.Namespace, side: int = 0) -> dict[str, str]:
    """The system fields given on the command line (for compare, each option holds A's then B's)."""
    given = {field: getattr(args, f"system_{field}", None) for field in SYSTEM_FIELDS}
    return {field: value if isinstance(value, str) else value[side] for field, value in given.items() if value}


def _predictions(args: argparse.Namespace, path: str, gold, settings, side: int = 0):  # -> harness.model.Submission
    """One predictions file as a checked Submission: converted from --from FORMAT, else a submission;
    the system fields given on the command line replace the file's."""
    if args.from_format:
        from .formats import load

        return load(args.from_format, path, gold, settings.unknown_labels, _limits(args), args.strict_anchoring,
                    _system(args, side))
    from .inputs import load_submission

    return load_submission(path, gold, settings.unknown_labels, _limits(args), _system(args, side))


def _cmd_compare(args: argparse.Namespace) -> int:
    from .inputs import load_gold, read_json, schema_problems
    from .problems import HarnessError
    from .safety import printable
    from .report import format_comparison
    from .scoring import compare_scored, score, scored_from_results
    from .stats import shared_resamples

    settings = _settings(args)
    gold = load_gold(args.gold, _limits(args))
    scored = []
    with shared_resamples(settings.n_resamples, settings.seed):  # both sides' intervals and the test: one draw
        for side, path in enumerate((args.a, args.b)):
            data = None if args.from_format else read_json(path, _limits(args))
            if isinstance(data, dict) and "tasks" in data and "documents" not in data:  # a results file of `harness eval`
                problems = schema_problems(data, "results", path)
                if problems:
                    raise HarnessError(problems)
                results = {**data, "system": {**data["system"], **_system(args, side)}}
                scored.append(scored_from_results(results, gold, settings, path))
            else:
                scored.append(score(gold, _predictions(args, path, gold, settings, side), settings))
        result = compare_scored(gold, *scored, settings)
    _emit(args, result, lambda: format_comparison(printable(result)))
    return EXIT_OK


def _cmd_convert(args: argparse.Namespace) -> int:
    import json

    from .atomic import write_text_atomic
    from .formats import convert
    from .inputs import load_gold
    from .tasks import TASKS

    _check_output_file(args.out)
    gold = load_gold(args.gold, _limits(args))
    submission = convert(args.from_format, args.input, gold, None, args.unknown_labels, _limits(args),
                         args.strict_anchoring, _system(args))
    write_text_atomic(args.out, json.dumps(submission, indent=1, ensure_ascii=False) + "\n")
    counts = {task.layer: sum(len(doc.get(task.layer, [])) for doc in submission["documents"]) for task in TASKS.values()}
    anchoring = submission["system"]["details"].get("anchoring")
    if anchoring:
        from .report import format_anchoring

        print("\n".join(format_anchoring(anchoring)).lstrip("\n"), file=sys.stderr)
    print(f"wrote {args.out}: {len(submission['documents'])} document(s), "
          + ", ".join(f"{count} {layer}" for layer, count in counts.items() if count)
          + (f"; {len(anchoring['failures'])} record(s) dropped as misses and {len(anchoring.get('invalid', []))} "
             "judged wrong (listed above)" if anchoring else ""))
    return EXIT_OK


def _eval_usage(args: argparse.Namespace) -> str | None:
    if args.from_format and not args.predictions:
        return "--from FORMAT needs --predictions FILE"
    if args.explain and len(args.predictions or ()) != 1:
        return "--explain FILE explains one submission: give exactly one --predictions FILE"
    if _system(args) and len(args.predictions or ()) != 1:
        return "--name, --version, --description and --url describe one system: give exactly one --predictions FILE"
    return _anchoring_usage(args)


def _anchoring_usage(args: argparse.Namespace) -> str | None:
    from .formats import ANCHORED

    if args.strict_anchoring and args.from_format not in ANCHORED:
        return "--strict-anchoring applies to --from quotes and --from inspect-log only"
    return None


def _baseline_usage(args: argparse.Namespace) -> str | None:
    from .baselines import BASELINES

    if args.list:
        return None
    if args.all == bool(args.name):
        return "name one baseline, or pass --all or --list"
    if args.all and args.out:
        return "--out writes one baseline; with --all every baseline goes to baselines/outputs/"
    if args.name and args.name not in BASELINES:
        return f"unknown baseline {args.name!r}; choose from {', '.join(BASELINES)}"
    return None


def _cmd_prompt(args: argparse.Namespace) -> int:
    from .inputs import load_gold
    from .problems import HarnessError, Problem
    from .prompts import render

    gold = load_gold(args.gold, _limits(args))
    if args.doc_id not in gold.documents:
        raise HarnessError(Problem("harness", f"unknown doc id {args.doc_id!r}; the documents are {', '.join(gold.documents)}"))
    prompt = render(args.task, gold.documents[args.doc_id])
    sys.stdout.write(prompt.text if prompt.text.endswith("\n") else prompt.text + "\n")
    print(f"prompt version: {prompt.version} (record it as \"prompt\" beside each response)", file=sys.stderr)
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from .formats import export
    from .inputs import load_gold
    from .problems import HarnessError, Problem
    from .resources import data_dir

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise HarnessError(Problem(str(out), "exists and is not a folder: export writes a folder"))
    _check_writable(str(out), folder=str(out))
    dataset = Path(args.gold) if args.gold else data_dir()
    written, lost = export(args.to, load_gold(dataset, _limits(args)), dataset, out)
    for line in lost:
        print(line, file=sys.stderr)
    print(f"wrote {len(written)} file(s) to {out}" + (f"; {len(lost)} thing(s) the format cannot hold are listed on stderr" if lost else ""))
    return EXIT_OK


def _cmd_baseline(args: argparse.Namespace) -> int:
    from .baselines import BASELINES, render, run

    if args.list:
        for baseline in BASELINES.values():
            extra = f"  (needs the [{baseline.needs}] extra)" if baseline.needs else ""
            print(f"{baseline.name:24s} {baseline.task:9s}{extra}".rstrip())
        return EXIT_OK
    if args.out:
        _check_output_file(args.out)
    from tqdm import tqdm

    from .atomic import write_text_atomic
    from .inputs import check_submission, load_gold
    from .resources import baseline_outputs_dir

    gold = load_gold(args.gold, _limits(args))
    chosen = list(BASELINES.values()) if args.all else [BASELINES[args.name]]
    for baseline in tqdm(chosen, desc="baselines", unit="baseline", disable=not (args.all and sys.stderr.isatty())):
        submission = run(baseline, gold)
        out = Path(args.out) if args.out else baseline_outputs_dir() / f"{baseline.name}.json"
        check_submission(submission, str(out), gold)
        write_text_atomic(out, render(submission))
        tqdm.write(f"wrote {out}")
    return EXIT_OK


def _cmd_leaderboard(args: argparse.Namespace) -> int:
    from .leaderboard import DEFAULT_HUB_DATASET, build_leaderboard

    published = build_leaderboard(args.submissions, args.out, args.gold, _settings(args), _limits(args), args.strict,
                                  args.hub_dataset or DEFAULT_HUB_DATASET, args.from_format, args.strict_anchoring, args.date)
    _print_problems(published.refusals)
    boards = published.document["boards"]
    print(f"wrote {published.out}: {len(published.document['entries'])} system(s) on {len(boards)} board(s)"
          + (f"; {len(published.refusals)} file(s) refused (listed above and on the page)" if published.refusals else ""))
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    from .formats import READERS, WRITERS
    from .inputs import Limits
    from .model import ALL_SPLITS, SPLITS, Compat, UnknownLabels
    from .settings import Settings
    from .tasks import TASKS

    limit, default = Limits(), Settings()
    parser = _Parser(
        prog="harness",
        description="Errata: validate data, build the Hugging Face configs, and score systems against the gold labels.",
    )
    parser.add_argument("--version", action="version", version=f"harness {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    limits = _Parser(add_help=False)
    limits.add_argument("--max-file-bytes", type=_positive_int, default=limit.max_file_bytes, metavar="N",
                        help=f"refuse input files larger than N bytes (default {limit.max_file_bytes})")
    limits.add_argument("--max-documents", type=_positive_int, default=limit.max_documents, metavar="N",
                        help=f"refuse input files with more than N documents (default {limit.max_documents})")
    limits.add_argument("--max-spans-per-document", type=_positive_int, default=limit.max_spans_per_document,
                        metavar="N", help="refuse documents with more than N spans, verdicts counted as spans "
                                          f"(default {limit.max_spans_per_document})")
    limits.add_argument("--max-fuzzy-quote-chars", type=_positive_int, default=limit.max_fuzzy_quote_chars, metavar="N",
                        help="with --from quotes: try fuzzy matching only for quotes of at most N characters "
                             f"(default {limit.max_fuzzy_quote_chars})")
    limits.add_argument("--max-anchoring-steps", type=_positive_int, default=limit.max_anchoring_steps, metavar="N",
                        help="with --from quotes: refuse a file whose quotes take more than N steps to anchor "
                             f"(default {limit.max_anchoring_steps})")

    gold = _Parser(add_help=False)
    gold.add_argument("--gold", metavar="DIR", help="gold dataset folder (default: the bundled data)")

    validate = commands.add_parser(
        "validate", parents=[limits, gold], help="check gold data and submissions against the schemas and the texts",
        description="Check gold dataset folders, gold documents and submissions: schema first, then meaning "
                    "(offsets, span texts, ids, references, labels, doc ids). Prints every problem, one line each.")
    validate.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (a folder with dataset.json is a gold dataset)")
    validate.set_defaults(run=_cmd_validate)

    # the settings that change a number (every scoring command, and the leaderboard)
    settings = _Parser(add_help=False)
    settings.add_argument("--compat", choices=get_args(Compat), default=default.compat,
                          help=f"entity matching: order-independent (default: {default.compat}) or nervaluate 1.2.1 "
                               "exactly (greedy in file order, 1%%-of-gold overlap rule)")
    settings.add_argument("--iou", type=_setting("iou_threshold", float), default=default.iou_threshold, metavar="T",
                          help=f"IoU threshold for matching claim and error spans (default {default.iou_threshold:g}; "
                               "IoU == T counts)")
    settings.add_argument("--bootstrap", type=_setting("n_resamples", int), default=default.n_resamples, metavar="N",
                          help=f"bootstrap resamples (default {default.n_resamples})")
    settings.add_argument("--split", choices=(*SPLITS, ALL_SPLITS), default=default.split,
                          help=f"the documents scored (default {default.split}; dev is for development; all: both), "
                               "overall and per subset")
    settings.add_argument("--seed", type=int, default=default.seed, help=f"bootstrap seed (default {default.seed})")
    settings.add_argument("--confidence", type=_setting("confidence", float), default=default.confidence,
                          help=f"confidence level of the intervals (default {default.confidence:g})")

    scoring = _Parser(add_help=False, parents=[settings])
    scoring.add_argument("--task", action="append", choices=list(TASKS),
                         help="score only this task (repeatable; default: every task the submission covers)")
    scoring.add_argument("--unknown-labels", choices=get_args(UnknownLabels), default=default.unknown_labels,
                         help=f"entity labels outside OntoNotes: reject the file (default: {default.unknown_labels}) "
                              "or count them as spurious (model output read --from quotes is always judged: docs/llm.md)")
    scoring.add_argument("--json", action="store_true", help="print the results JSON instead of the table")
    scoring.add_argument("--output", metavar="FILE", help="also write the results JSON to FILE (atomically)")

    # how predictions are read (eval, compare, leaderboard)
    reading = _Parser(add_help=False)
    reading.add_argument("--from", dest="from_format", choices=READERS, metavar="FORMAT",
                         help=f"the predictions are in FORMAT ({', '.join(READERS)}): convert in memory, then score")
    reading.add_argument("--strict-anchoring", action="store_true",
                         help="with --from quotes: a quote not anchored, a response not read, or a label outside its "
                              "set is an error (exit 2)")

    system = _Parser(add_help=False)  # what a results file and a leaderboard show of the system
    for field, what in (("name", "its name"), ("version", "its version"), ("description", "a description"),
                        ("url", "a web page (http or https)")):
        system.add_argument(f"--{field}", dest=f"system_{field}", metavar=field.upper(),
                            help=f"the system's {field}: {what}, replacing the file's own")
    system_pair = _Parser(add_help=False)
    for field in SYSTEM_FIELDS:
        system_pair.add_argument(f"--{field}", dest=f"system_{field}", nargs=2, metavar=(f"A_{field.upper()}", f"B_{field.upper()}"),
                                 help=f"the {field} of system A, then of system B, replacing the files' own")

    evaluate = commands.add_parser(
        "eval", parents=[limits, gold, scoring, reading, system], help="score predictions against the gold (no arguments: the bundled baselines)",
        description="Score a submission on every task it covers, with bootstrap CIs and a signature per task. "
                    "With no --predictions, score every bundled baseline and print one table.")
    evaluate.add_argument("--predictions", action="append", metavar="FILE",
                          help="a submission file (repeatable; default: baselines/outputs/*.json)")
    evaluate.add_argument("--explain", metavar="FILE",
                          help="also write one JSON line per gold and per predicted item to FILE: matched, missed or "
                               "spurious, its partner, IoU, and whether label, verdict, type and correction were right")
    evaluate.set_defaults(run=_cmd_eval, usage=_eval_usage)

    agree = commands.add_parser(
        "agree", parents=[limits, scoring], help="agreement between two annotation sets (no texts needed)",
        description="Score one annotation set against another, both in submission format, plus Cohen's kappa "
                    "on the labels of matched items.")
    agree.add_argument("reference", metavar="REF")
    agree.add_argument("other", metavar="HYP")
    agree.set_defaults(run=_cmd_agree)

    compare = commands.add_parser(
        "compare", parents=[limits, gold, scoring, reading, system_pair], help="paired bootstrap test between two submissions",
        description="A - B for every headline metric both have, with its paired bootstrap interval and two-sided "
                    "p-value, both from the same resamples (the interval excludes 0 exactly when p < 1 - its level). "
                    "A and B are submissions, predictions in another format (--from), or results files of "
                    "`harness eval --output` scored with the same settings.")
    compare.add_argument("a", metavar="A")
    compare.add_argument("b", metavar="B")
    compare.set_defaults(run=_cmd_compare, usage=_anchoring_usage)

    convert = commands.add_parser(
        "convert", parents=[limits, gold, system], help="turn a system's output in another format into a submission file",
        description="Read predictions in FORMAT, match each document to a bundled one (by doc_id, else by its exact "
                    "text), validate the result as a submission and write it atomically. See docs/interop.md.")
    convert.add_argument("--from", dest="from_format", required=True, choices=READERS, metavar="FORMAT",
                         help=f"input format: {', '.join(READERS)}")
    convert.add_argument("input", metavar="IN", help="the input file (brat: a folder of .ann/.txt files or one .ann)")
    convert.add_argument("--out", required=True, metavar="SUBMISSION", help="the submission JSON to write")
    convert.add_argument("--unknown-labels", choices=get_args(UnknownLabels), default=default.unknown_labels,
                         help="entity labels outside OntoNotes: reject the input (default) or keep them, to be scored "
                              "as spurious (model output read --from quotes is always judged: docs/llm.md)")
    convert.add_argument("--strict-anchoring", action="store_true",
                         help="with --from quotes: a quote not anchored, or a response not read, is an error (exit 2)")
    convert.set_defaults(run=_cmd_convert, usage=_anchoring_usage)

    prompt = commands.add_parser(
        "prompt", parents=[limits, gold], help="print the versioned prompt of a task for a bundled document (see docs/llm.md)",
        description="Print the exact prompt (task instructions, output JSON shape and the article) to give a language "
                    "model for TASK on the bundled document DOC_ID. Score its answers with --from quotes.")
    from .prompts import versions

    prompt.add_argument("task", metavar="TASK", choices=list(versions()),
                        help="entities, claims, verdicts, errors, or end-to-end (claims with their verdicts)")
    prompt.add_argument("doc_id", metavar="DOC_ID", help="a bundled document id")
    prompt.set_defaults(run=_cmd_prompt)

    export = commands.add_parser(
        "export", parents=[limits, gold], help="write the gold labels for brat, CoNLL, Label Studio or Croissant",
        description="Write the gold labels into the folder OUT in another format. Whatever the format cannot hold "
                    "is listed on stderr. See docs/interop.md.")
    export.add_argument("--to", required=True, choices=WRITERS, metavar="FORMAT", help=f"one of {', '.join(WRITERS)}")
    export.add_argument("out", metavar="OUT", help="the folder to write into")
    export.set_defaults(run=_cmd_export)

    baseline = commands.add_parser(
        "baseline", parents=[limits, gold], help="run a baseline and write its submission (see baselines/README.md)",
        description="Run one baseline (or --all) over the bundled documents and write a validated submission "
                    "atomically, by default to baselines/outputs/NAME.json. --list names them.")
    baseline.add_argument("name", nargs="?", metavar="NAME", help="the baseline to run (see --list)")
    baseline.add_argument("--all", action="store_true", help="run every baseline")
    baseline.add_argument("--list", action="store_true", help="list the baselines and their tasks")
    baseline.add_argument("--out", metavar="FILE", help="write the submission here (default: baselines/outputs/NAME.json)")
    baseline.set_defaults(run=_cmd_baseline, usage=_baseline_usage)

    leaderboard = commands.add_parser(
        "leaderboard", parents=[limits, gold, settings, reading], help="publish a static leaderboard site, Markdown, JSON and CSV",
        description="Score every submission on one gold with one set of settings (results files from `harness eval "
                    "--output` are taken when their signature matches), rank them with the paired bootstrap, and write "
                    "index.html, leaderboard.md, leaderboard.json, leaderboard.csv, per-document views and model-card "
                    "snippets into DIR. Refused files are listed on stderr and on the page. See docs/leaderboard.md.")
    leaderboard.add_argument("submissions", nargs="+", metavar="SUBMISSION", help="submission or results files")
    leaderboard.add_argument("--out", required=True, metavar="DIR",
                             help="the folder to write (new, empty, or an earlier leaderboard, which is replaced)")
    leaderboard.add_argument("--strict", action="store_true", help="any refused file is an error (exit 2, nothing written)")
    leaderboard.add_argument("--hub-dataset", metavar="ID",
                             help="Hugging Face dataset id written into the model-card snippets (default: errata)")
    leaderboard.add_argument("--date", metavar="YYYY-MM-DD",
                             help="the day the entries were scored, for leaderboard.json and the .eval_results snippets "
                                  "(default: today in UTC); set it to rebuild a published leaderboard byte for byte")
    leaderboard.set_defaults(run=_cmd_leaderboard, usage=_anchoring_usage)

    build = commands.add_parser("build", help="write data/<config>/test.jsonl and README.md's YAML from data/gold",
                                description="Regenerate the Hugging Face configs and README front matter from the gold JSON.")
    build.add_argument("--root", default=".", help="repository root (default: the current folder)")
    build.add_argument("--check", action="store_true", help="write nothing; exit 1 if anything is out of sync")
    build.set_defaults(run=_cmd_build)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:  # Ctrl-C while the modules load is an interruption too, not a traceback
        from .problems import HarnessError
    except KeyboardInterrupt:
        return _interrupted()
    try:
        parser = _parser()
        args = parser.parse_args(argv)
        usage = getattr(args, "usage", None)
        problem = usage(args) if usage is not None else None
        if problem:
            parser.error(problem)  # one line, exit 2 (_Parser.error)
        for output in (getattr(args, "output", None), getattr(args, "explain", None)):
            if output:
                _check_output_file(output)
        return args.run(args)
    except HarnessError as exc:
        _print_problems(exc.problems)
        return EXIT_BAD_INPUT
    except OSError as exc:  # inputs are read with their own messages; this is mostly a refused write (disk full, permissions)
        print(f"{exc.filename2 or exc.filename or 'harness'}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return _interrupted()


def _interrupted() -> int:
    """Ctrl-C (SIGINT): one line, exit status 130 (128 + SIGINT) as shells report it; any output
    being written was left as it was."""
    print("harness: interrupted", file=sys.stderr)
    return 130


if __name__ == "__main__":
    sys.exit(main())
