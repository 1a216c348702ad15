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


class TooLong(ValueError):
    """Raised by :func:`normalise` when the normalised text grows past the limit it was given."""


def normalise(text: str, limit: int | None = None) -> tuple[str, list[int]]:
    """``text`` in the form quotes are compared in (see NORMALISATION), and for each of its
    characters the index of the original character it came from.

    With ``limit``, TooLong is raised as soon as the result passes ``limit`` characters: NFKC can
    make one character eighteen (U+FDFA), so untrusted text is normalised with a limit.
    """
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
        if limit is not None and len(chars) > limit:
            raise TooLong(f"longer than {limit} characters once normalised")
    return "".join(chars), where
