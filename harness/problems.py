"""The one error type the harness raises for bad input, and the problem lines it carries.

Every problem names the file, the record and the field, so that a user can fix a
submission from the message alone: ``FILE: doc_id/record: field: message``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .safety import visible


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input file."""

    file: str
    message: str
    record: str = ""
    field: str = ""

    def __str__(self) -> str:
        parts = [self.file]
        if self.record:
            parts.append(self.record)
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return visible(": ".join(parts))  # one line, whatever the file name or an echoed value holds


class HarnessError(Exception):
    """Bad input: carries one or more problems; the CLI prints them and exits 2."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def short_repr(value: object, limit: int = 60) -> str:
    """repr() cut to ``limit`` characters: messages must stay one readable line."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
