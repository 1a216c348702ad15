"""``leaderboard.json``, ``leaderboard.md`` and ``leaderboard.csv`` from the leaderboard document.

Untrusted system fields are escaped for each format: Markdown gets HTML entities and
backslash-escaped Markdown syntax (and links only for http(s) URLs); CSV cells that a spreadsheet
would read as a formula get a leading apostrophe; control characters are escaped visibly in both.
"""

from __future__ import annotations

import csv
import html
import io
import re
from typing import Any

from ..model import data_id
from ..safety import visible
from ..textfmt import MISSING, interval, json_text, markdown_table, num
from .board import COLUMNS, SUBSET_COLUMNS, board_text, level, number
from .entries import safe_url

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def md_text(value: object) -> str:
    """Untrusted text as one line of inert Markdown (also safe inside a table cell)."""
    one_line = visible(" ".join(str(value).split()))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(one_line, quote=True))


def md_system(system: dict[str, Any]) -> str:
    name = md_text(system["name"])
    url = safe_url(system.get("url"))
    return f"[{name}]({url.replace('(', '%28').replace(')', '%29')})" if url else name


def markdown(document: dict[str, Any]) -> str:
    """The leaderboard as Markdown: one table per board with CIs, ranks and signatures, then refusals."""
    entries = {e["id"]: e for e in document["entries"]}
    data, settings = document["data"], document["settings"]
    lines = ["# Errata leaderboard", "",
             f"Data: errata {data_id(data)}; harness {document['harness_version']}; "
             f"{level(document)} CIs from {settings['n_resamples']} bootstrap resamples of documents (seed {settings['seed']}).", "",
             f"Rank groups: {document['rank_rule']}", ""]
    for board in document["boards"]:
        title, headline, about = board_text(board, settings)
        columns = [*COLUMNS[board["metric"]], *SUBSET_COLUMNS]
        rows = []
        for row in board["rows"]:
            entry = entries[row["entry"]]
            task = entry["results"]["tasks"][board["task"]]
            rows.append([MISSING if row["rank"] is None else str(row["rank"]), md_system(entry["system"]),
                         md_text(entry["system"]["version"]), num(row["value"]), interval(row["ci"]),
                         num(row["p_value"], 3), *(num(number(task, path)) for _, path in columns)])
        lines += [f"## {title}: {headline}", "", about, "",
                  *markdown_table(["rank", "system", "version", headline, f"{level(document)} CI", "p vs leader",
                                   *(n for n, _ in columns)], rows, right_from=2),
                  "", f"Signature: `{board['signature_string']}`", ""]
    if document["refused"]:
        lines += ["## Refused files", "", *(f"- `{md_text(r['file'])}`: {md_text(r['reason'])}" for r in document["refused"]), ""]
    return "\n".join(lines)


def _cell(value: object) -> str:
    text = visible(str(value))
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(document: dict[str, Any]) -> str:
    """One row per (board, system): the headline with its CI, rank and p-value, and the signature."""
    entries = {e["id"]: e for e in document["entries"]}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["task", "metric", "task_id", "rank", "name", "version", "value", "ci_low", "ci_high",
                     "p_vs_leader", "compared_with", "kind", "file", "signature"])
    for board in document["boards"]:
        for row in board["rows"]:
            entry = entries[row["entry"]]
            versus = entries[row["compared_with"]]["system"]["name"] if row["compared_with"] else ""
            writer.writerow([board["task"], board["metric"], board["task_id"], "" if row["rank"] is None else row["rank"],
                             _cell(entry["system"]["name"]), _cell(entry["system"]["version"]), repr(row["value"]),
                             repr(row["ci"][0]), repr(row["ci"][1]), "" if row["p_value"] is None else repr(row["p_value"]),
                             _cell(versus), entry["kind"], _cell(entry["file"]), board["signature_string"]])
    return out.getvalue()
