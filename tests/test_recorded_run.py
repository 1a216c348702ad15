"""The recorded closed-book language-model run (baselines/llm/) scores as CARD.md reports it."""

from __future__ import annotations

import json

from .conftest import ROOT

RECORDED = ROOT / "baselines" / "llm" / "closed-book-test.jsonl"
ROWS = {"entities": "entities, strict F1", "claims": "claims, span F1", "verdicts": "verdicts, macro F1",
        "errors": "errors, mention F1"}
SUBSETS = ("natural", "controlled", "twin")


def _cell(figure: dict) -> str:
    low, high = figure["ci"]
    return f"{figure['value']:.3f} [{low:.3f}, {high:.3f}]"


def test_the_card_table_of_the_recorded_run_is_what_eval_gives(run_cli) -> None:
    status, stdout, err = run_cli("eval", "--from", "quotes", "--predictions", str(RECORDED), "--json",
                                  "--strict-anchoring")
    assert status == 2 and "ambiguous 'Energodar'" in err  # the two quotes the card says do not anchor
    status, stdout, err = run_cli("eval", "--from", "quotes", "--predictions", str(RECORDED), "--json")
    assert status == 0, err
    tasks = json.loads(stdout)["tasks"]
    card = (ROOT / "CARD.md").read_text(encoding="utf-8")
    for task, label in ROWS.items():
        cells = [_cell(tasks[task]["headline"])] + [_cell(tasks[task]["subsets"][s]) for s in SUBSETS]
        assert f"| {label} | {' | '.join(cells)} |" in card, task
    assert all(len(json.loads(line)) == 3 for line in RECORDED.read_text(encoding="utf-8").splitlines())
