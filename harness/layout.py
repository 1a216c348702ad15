"""The published dataset's layout: its Hugging Face configs (``data/<config>/<split>.jsonl``) and splits.

``harness build`` writes these files; the Croissant export and the model-card snippets name them.
"""

from __future__ import annotations

from .model import SPLITS  # every config has every split (dev: a fixed quarter of the controlled articles; test: the rest)
# the dataset's Hugging Face Hub id until it is published under an owner (``harness leaderboard --hub-dataset``)
HUB_DATASET = "errata"
# The split every published score (leaderboard, model cards) is computed on.
SPLIT = "test"
DEFAULT_CONFIG = "documents"
# flat config name -> the gold document layer it lists, one row per record
FLAT_CONFIGS = {"entities": "entities", "claims": "claims", "errors": "errors", "sentences": "sentences"}
CONFIGS = (DEFAULT_CONFIG, *FLAT_CONFIGS)
