"""Errata: score extraction and fact-checking systems against the Errata gold labels.

The public API is plain functions over plain typed records::

    import harness
    gold = harness.load_gold()                      # the bundled data
    sub = harness.load_submission("preds.json", gold)
    results = harness.evaluate(gold, sub, harness.Settings(seed=12345))
    results["tasks"]["entities"]["strict"]["f1"], results["tasks"]["entities"]["signature_string"]

``harness.agree(reference, other)`` compares two annotation sets and ``harness.compare(gold,
a, b)`` runs the paired bootstrap between two submissions; ``harness.explain(gold, sub)`` gives
one row per gold and per predicted item (matched, missed or spurious, and why).

Names are imported on first use, so that ``harness --help`` starts fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "HarnessError": "problems",
    "Problem": "problems",
    "Limits": "inputs",
    "load_gold": "inputs",
    "load_submission": "inputs",
    "validate_paths": "inputs",
    "Settings": "settings",
    "evaluate": "scoring",
    "agree": "scoring",
    "compare": "scoring",
    "explain": "scoring",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
