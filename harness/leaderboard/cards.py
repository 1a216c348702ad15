"""Snippets a model author pastes into a Hugging Face repo: ``model-index`` YAML (model card
front matter), a ``.eval_results/errata.yaml`` entry (with date and source), and the dataset's
root ``eval.yaml`` (with its evaluation framework).

The task ids of ``.eval_results`` entries are the ``tasks[].id`` of ``eval.yaml``; both come from
the boards of :data:`harness.tasks.TASKS`. Values are scores in [0, 1], as everywhere in the harness. The YAML is
written with PyYAML's safe dumper, which quotes whatever a system name contains.
"""

from __future__ import annotations

from typing import Any

from ..layout import SPLIT
from ..tasks import BOARDS
from .board import level
from ..tasks.base import HubTask


PRETTY_NAME = "Errata"
# the Hub's identifier of the framework the tasks run in (its list of evaluation frameworks has no
# lm-evaluation-harness); inspect_ai runs them as errata/<task> (harness/integrations/inspect_eval.py)
EVALUATION_FRAMEWORK = "inspect-ai"


def _dump(data: Any) -> str:
    import yaml

    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)


def _scored(document: dict[str, Any], entry_id: str) -> list[tuple[HubTask, dict[str, Any], str]]:
    """(Hub task, headline, signature) of every board the entry is on, in board order."""
    entry = next(e for e in document["entries"] if e["id"] == entry_id)
    return [(BOARDS[(board["task"], board["metric"])].hub, entry["results"]["tasks"][board["task"]]["headline"],
             board["signature_string"])
            for board in document["boards"] if any(row["entry"] == entry_id for row in board["rows"])]


def model_index(document: dict[str, Any], entry_id: str) -> str:
    """The ``model-index`` block of a model card's YAML front matter for one system.

    Built here rather than with ``huggingface_hub.ModelCardData``: that class merges results that
    share a task type and dataset config, which would file the end-to-end verdict score under the
    claim detection task (tests/test_leaderboard.py reads the block back with the hub's parser)."""
    entry = next(e for e in document["entries"] if e["id"] == entry_id)
    results = [{
        "task": {"type": hub.task_type, "name": hub.task_name},
        "dataset": {"type": document["hub_dataset"], "name": PRETTY_NAME, "config": hub.config, "split": SPLIT},
        "metrics": [{"type": "f1", "value": round(head["value"], 4), "name": hub.metric_name, "verified": False}],
    } for hub, head, _ in _scored(document, entry_id)]
    return _dump({"model-index": [{"name": entry["system"]["name"], "results": results}]})


def source(document: dict[str, Any]) -> dict[str, str]:
    """Who gives the scores of ``.eval_results`` items: the benchmark's dataset page, scored by errata-bench."""
    return {"url": f"https://huggingface.co/datasets/{document['hub_dataset']}",
            "name": f"{PRETTY_NAME} leaderboard (errata-bench {document['harness_version']})"}


def eval_results(document: dict[str, Any], entry_id: str) -> str:
    """A ``.eval_results/errata.yaml`` file for one system: one item per task, with the date it was
    scored and its source, CI and signature in notes."""
    items = [{
        "dataset": {"id": document["hub_dataset"], "task_id": hub.task_id},
        "value": round(head["value"], 4),
        "date": document["date"],
        "source": source(document),
        "notes": f"{hub.metric_name}, {level(document)} CI [{head['ci'][0]:.4f}, {head['ci'][1]:.4f}]; {sig}",
    } for hub, head, sig in _scored(document, entry_id)]
    return _dump(items)


def eval_yaml(document: dict[str, Any]) -> str:
    """The dataset repo's root ``eval.yaml``: every task a leaderboard can report."""
    data = document["data"]
    return _dump({
        "name": PRETTY_NAME,
        "description": (f"Errata {data['version']}: entities, check-worthy claims, verdicts and factual errors in "
                        "machine-written news. Scores are F1 in [0, 1] from `harness eval` (errata-bench), with "
                        f"document-bootstrap {level(document)} CIs and a signature per task. Language models are run "
                        "with `inspect eval errata/<task>` (pip install 'errata-bench[inspect]')."),
        "evaluation_framework": EVALUATION_FRAMEWORK,
        "tasks": [{"id": hub.task_id, "config": hub.config, "split": SPLIT} for hub in (board.hub for board in BOARDS.values())],
    })
