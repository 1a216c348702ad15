"""The settings of a scoring run: everything that changes a number (and goes into the signature).

Kept light (no numpy or pandas), because the command line reads its defaults while building its parser.
"""

from __future__ import annotations

from dataclasses import dataclass

from .layout import SPLIT
from .model import ALL_SPLITS, SPLITS, Compat, UnknownLabels
from .results import DEFAULT_CONFIDENCE
from .tasks import TASKS


@dataclass(frozen=True)
class Settings:
    """Everything that changes a number; all of it goes into the signature."""

    tasks: tuple[str, ...] = tuple(TASKS)
    # the split scored: the headline numbers of Errata are those of the published split (test)
    split: str = SPLIT
    compat: Compat = "default"
    iou_threshold: float = 0.5
    n_resamples: int = 1000
    seed: int = 12345
    confidence: float = DEFAULT_CONFIDENCE
    unknown_labels: UnknownLabels = "error"

    def __post_init__(self) -> None:
        unknown = set(self.tasks) - set(TASKS)
        if unknown:
            raise ValueError(f"unknown task(s) {sorted(unknown)}; choose from {', '.join(TASKS)}")
        if self.split not in (*SPLITS, ALL_SPLITS):
            raise ValueError(f"unknown split {self.split!r}; choose from {', '.join((*SPLITS, ALL_SPLITS))}")
        if not 0.0 < self.iou_threshold <= 1.0:
            raise ValueError(f"the IoU threshold must be in (0, 1], not {self.iou_threshold}")
        if self.n_resamples < 1:
            raise ValueError("the number of bootstrap resamples must be at least 1")
        if not 0.0 < self.confidence < 1.0:
            raise ValueError(f"the confidence level must be in (0, 1), not {self.confidence}")
