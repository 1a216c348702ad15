"""The one text normalisation used wherever model output is compared with the document or
the gold: anchoring quotes (harness.formats.quotes) and matching corrections (harness.scoring).
"""

from __future__ import annotations

import unicodedata

_FOLD = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
                       "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
                       "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-"})


NORMALISATION = ("each character NFKC-normalised (an ellipsis becomes three dots, a no-break space a space), "
                 "curly and angled quotes and apostrophes made straight, every dash and hyphen made '-', "
                 "case-folded; a run of white space made one space; the quote's ends trimmed")


def normalise(text: str) -> tuple[str, list[int]]:
    """``text`` in the form quotes are compared in (see NORMALISATION), and for each of its
    characters the index of the original character it came from."""
    chars: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        if char.isspace():
            if not chars or chars[-1] != " ":
                chars.append(" ")
                where.append(index)
            continue
        for folded in unicodedata.normalize("NFKC", char).translate(_FOLD).casefold():
            chars.append(folded)
            where.append(index)
    return "".join(chars), where
