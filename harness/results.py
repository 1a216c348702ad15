"""Typed views of what a results document holds: a task's :class:`Signature` and an
:class:`Interval` with its confidence level.

The results document itself stays plain JSON (``schema/results.schema.json``); these types are
how the harness builds, compares and prints its parts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .textfmt import interval, percent

DEFAULT_CONFIDENCE = 0.95
# signature keys written shorter in the one-line form
_SHORT = {"unknown_labels": "unk"}
_LONG = {short: key for key, short in _SHORT.items()}


@dataclass(frozen=True)
class Signature:
    """The data version and settings behind one task's scores (sacreBLEU-style).

    ``fields`` are ordered (key, value) pairs after the data id; ``str()`` gives the one-line form
    ``errata:<data>|task:entities|match:default|...|harness:0.1.0``.
    """

    data: str
    fields: tuple[tuple[str, Any], ...]

    def __str__(self) -> str:
        return f"errata:{self.data}|" + "|".join(f"{_SHORT.get(key, key)}:{value}" for key, value in self.fields)

    def as_dict(self) -> dict[str, Any]:
        """The signature as the results document holds it (``tasks.<task>.signature``)."""
        return {"data": self.data, **dict(self.fields)}

    def get(self, key: str) -> Any:
        return dict(self.fields).get(key)

    @classmethod
    def parse(cls, text: str) -> Signature:
        """A signature from its one-line form (values stay strings); ValueError when it is not one."""
        head, _, rest = text.partition("|")
        if not head.startswith("errata:") or not rest:
            raise ValueError(f"not a signature: {text!r}")
        pairs = [part.partition(":") for part in rest.split("|")]
        if any(not sep for _, sep, _ in pairs):
            raise ValueError(f"not a signature: {text!r}")
        return cls(head.removeprefix("errata:"), tuple((_LONG.get(key, key), value) for key, _, value in pairs))

    def compatible(self, other: Signature, ignore: Iterable[str] = ()) -> bool:
        """Same data and the same settings, field by field (compared as text), except ``ignore``."""
        skip = set(ignore)

        def kept(signature: Signature) -> dict[str, str]:
            return {key: str(value) for key, value in signature.fields if key not in skip}

        return self.data == other.data and kept(self) == kept(other)

    @property
    def confidence(self) -> float:
        """The confidence level of the intervals (the ``-cLEVEL`` suffix of the ``ci`` field; 0.95 without)."""
        _, marker, level = str(self.get("ci") or "").partition("-doc-c")
        return float(level) if marker else DEFAULT_CONFIDENCE


@dataclass(frozen=True)
class Interval:
    """A confidence interval: its bounds and its level (0.95 for a 95% interval)."""

    low: float
    high: float
    level: float = DEFAULT_CONFIDENCE

    @classmethod
    def headline(cls, task: dict[str, Any]) -> Interval:
        """The interval of a task's headline in a results document, at the level its signature records."""
        low, high = task["headline"]["ci"]
        return cls(float(low), float(high), Signature.parse(task["signature_string"]).confidence)

    @property
    def label(self) -> str:
        """'95% CI'."""
        return f"{percent(self.level)} CI"

    def text(self, digits: int = 4) -> str:
        """'[low, high]' with ``digits`` decimals."""
        return interval((self.low, self.high), digits)
