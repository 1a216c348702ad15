"""The sentence segmenter that seeds the gold sentences layer (then checked by hand).

Rule (docs/guidelines.md, section 1): a sentence ends at every line break, and after
``.``, ``?`` or ``!`` plus any closing quotes when white space and then an upper-case
letter or an opening quote follow, except after an initial (a lone capital letter and its
period, as in "N. A. Izotov"). Spans are trimmed; blank lines give no sentence.
"""

from __future__ import annotations

import re

# not after an initial ("N. A. Izotov"): a lone capital letter before the period
_BOUNDARY = re.compile(r"(?<![^\w][A-Z]\.)(?<=[.?!])[’”'\"]*(?=\s+[A-Z‘“'\"])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Half-open (start, end) spans of the sentences of ``text``, in order."""
    spans = []
    line_start = 0
    for line in text.split("\n"):
        cuts = [line_start] + [line_start + m.end() for m in _BOUNDARY.finditer(line)] + [line_start + len(line)]
        for begin, end in zip(cuts, cuts[1:]):
            piece = text[begin:end]
            stripped = piece.strip()
            if stripped:
                offset = begin + (len(piece) - len(piece.lstrip()))
                spans.append((offset, offset + len(stripped)))
        line_start += len(line) + 1
    return spans
