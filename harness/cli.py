"""The ``harness`` command: a thin shell over the Python API.

Exit status: 0 success, 1 a check found a difference (``build --check``), 2 bad input
(every problem printed on stderr, one line each, no traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__

EXIT_OK, EXIT_DIFFERENT, EXIT_BAD_INPUT = 0, 1, 2
MAX_PRINTED_PROBLEMS = 1000


def _print_problems(problems: Sequence[object]) -> None:
    for problem in problems[:MAX_PRINTED_PROBLEMS]:
        print(problem, file=sys.stderr)
    if len(problems) > MAX_PRINTED_PROBLEMS:
        print(f"... and {len(problems) - MAX_PRINTED_PROBLEMS} more problems", file=sys.stderr)


def _limits(args: argparse.Namespace):  # -> harness.io.Limits
    from .io import Limits

    return Limits(max_file_bytes=args.max_file_bytes)


def _cmd_validate(args: argparse.Namespace) -> int:
    from .io import validate_paths

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
        print("ok: built configs and README front matter are in sync with data/gold")
        return EXIT_OK
    changed = build(root)
    for path in changed:
        print(f"wrote {path}")
    if not changed:
        print("nothing to do: everything is in sync")
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    from .io import DEFAULT_MAX_FILE_BYTES

    parser = argparse.ArgumentParser(
        prog="harness",
        description="Errata: validate data, build the Hugging Face configs, and score systems against the gold labels.",
    )
    parser.add_argument("--version", action="version", version=f"harness {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    limits = argparse.ArgumentParser(add_help=False)
    limits.add_argument("--max-file-bytes", type=int, default=DEFAULT_MAX_FILE_BYTES, metavar="N",
                        help=f"refuse input files larger than N bytes (default {DEFAULT_MAX_FILE_BYTES})")

    validate = commands.add_parser(
        "validate", parents=[limits], help="check gold data and submissions against the schemas and the texts",
        description="Check gold dataset folders, gold documents and submissions: schema first, then meaning "
                    "(offsets, span texts, ids, references, labels, doc ids). Prints every problem, one line each.")
    validate.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (a folder with dataset.json is a gold dataset)")
    validate.add_argument("--gold", metavar="DIR", help="gold dataset folder to check submissions against (default: bundled)")
    validate.set_defaults(run=_cmd_validate)

    build = commands.add_parser("build", help="write data/<config>/test.jsonl and README.md's YAML from data/gold",
                                description="Regenerate the Hugging Face configs and README front matter from the gold JSON.")
    build.add_argument("--root", default=".", help="repository root (default: the current folder)")
    build.add_argument("--check", action="store_true", help="write nothing; exit 1 if anything is out of sync")
    build.set_defaults(run=_cmd_build)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from .problems import HarnessError

    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except HarnessError as exc:
        _print_problems(exc.problems)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
