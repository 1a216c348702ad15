"""Numbers, intervals and tables as text: the one formatter behind the printed reports, the
generated README/CARD tables and the leaderboard's Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

MISSING = "\u2013"  # an en dash where a figure is absent


def num(value: float | None, digits: int = 4) -> str:
    """A score with ``digits`` decimals; an en dash for None."""
    return MISSING if value is None else f"{value:.{digits}f}"


def interval(bounds: Sequence[float], digits: int = 4) -> str:
    """``[low, high]`` with ``digits`` decimals."""
    return f"[{bounds[0]:.{digits}f}, {bounds[1]:.{digits}f}]"


def percent(level: float) -> str:
    """A confidence level as a percentage: 0.95 -> '95%', 0.975 -> '97.5%'."""
    return f"{level * 100:g}%"


def text_table(header: Sequence[object], rows: Sequence[Sequence[object]]) -> list[str]:
    """A plain-text table: the first column left-aligned, the others right-aligned, under a rule."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]

    def line(cells: Sequence[object]) -> str:
        return "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def markdown_table(header: Sequence[object], rows: Sequence[Sequence[object]], right_from: int | None = None) -> list[str]:
    """A Markdown table. With ``right_from``, columns from that index on are right-aligned and the
    rule is spaced (``| --- | ---: |``); without, every column has the default alignment (``|---|``)."""
    if right_from is None:
        rule = "|" + "|".join("---" for _ in header) + "|"
    else:
        rule = "| " + " | ".join("---" if i < right_from else "---:" for i in range(len(header))) + " |"
    return ["| " + " | ".join(map(str, header)) + " |", rule, *("| " + " | ".join(map(str, row)) + " |" for row in rows)]


def json_text(document: Any) -> str:
    """``document`` as the JSON files and ``--json`` outputs are written: ``json.dumps`` with
    ``indent=2`` and ``ensure_ascii=False``, and a final line feed.

    The json module writes indented JSON in pure Python (about half a second for a results document
    of 20,000 documents' counts); its C encoder writes the same tokens (numbers, strings and
    keys, escaped alike) without the indentation, and msgspec's formatter re-indents them,
    copying every token byte for byte, into the same text. Where msgspec refuses that text
    (NaN or Infinity, which it does not accept as JSON) or it is not UTF-8 (a lone surrogate),
    the json module indents it itself.
    """
    import json

    import msgspec

    try:
        compact = json.dumps(document, ensure_ascii=False).encode("utf-8")
        return msgspec.json.format(compact, indent=2).decode("utf-8") + "\n"
    except (msgspec.DecodeError, UnicodeEncodeError):
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
