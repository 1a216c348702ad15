"""Errata as lm-evaluation-harness tasks, run offline with the replay LM on recorded answers: every
figure lm-eval reports, and the signatures in the task's metadata, are those of `harness eval
--from quotes` on the same answers, for every task; an answer the replay lacks fails the run."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

pytest.importorskip("lm_eval", reason="needs the [lmeval] extra: pip install -e '.[lmeval]'")

from harness.inputs import load_gold  # noqa: E402
from harness.integrations import FRAMEWORK_PROMPTS, FRAMEWORK_TASKS, lookup, write_records  # noqa: E402
from harness.integrations.lmeval import PREFIX, ReplayLM, include_path, metric_names  # noqa: E402
from harness.prompts import versions  # noqa: E402

from .integrations import answers, sent_answers  # noqa: E402



def _evaluate(answers_path, tasks):
    import lm_eval
    from lm_eval.tasks import TaskManager

    return lm_eval.simple_evaluate(model=ReplayLM(str(answers_path)), tasks=tasks,
                                   task_manager=TaskManager(include_path=include_path(), include_defaults=False),
                                   bootstrap_iters=0)


@pytest.fixture(scope="module")
def results(answers_file):
    """One run of every task, through the tag the task files share."""
    return _evaluate(answers_file, ["errata"])


def test_the_include_path_holds_a_task_file_for_every_task():
    assert sorted(p.stem for p in Path(include_path()).glob("*.yaml")) == sorted(PREFIX + t for t in FRAMEWORK_TASKS)


@pytest.mark.parametrize("task", list(FRAMEWORK_TASKS))
def test_a_replayed_run_gives_the_numbers_of_harness_eval(task, results, answers_file, run_cli, tmp_path):
    sent = sent_answers(answers_file, task, tmp_path)
    status, out, err = run_cli("eval", "--from", "quotes", "--predictions", str(sent), "--json",
                               *(arg for name in FRAMEWORK_TASKS[task] for arg in ("--task", name)))
    assert status == 0, err
    expected = json.loads(out)
    got = results["results"][PREFIX + task]
    assert results["n-samples"][PREFIX + task]["effective"] == len(FRAMEWORK_PROMPTS[task]) * len(load_gold().select("test").documents)
    compared = 0
    for name in metric_names(task):
        value, want = got[f"{name},none"], lookup(expected, name)
        if want is None:  # a figure these answers do not give (verdicts end to end: the claims carry no verdicts)
            assert math.isnan(value), name
        else:
            assert value == want, name
            compared += 1
    assert compared >= 5
    assert results["configs"][PREFIX + task]["metadata"]["signatures"] == {
        name: expected["tasks"][name]["signature_string"] for name in FRAMEWORK_TASKS[task]}


def test_the_errors_figures_by_hand(results, gold):
    """errors-checks's answers: F1 over the corpus counts of the test split (2tp / (2tp + fp + fn),
    with tp + fp its predicted errors and tp + fn the gold errors), never a mean of per-document F1."""
    from harness.inputs import load_submission

    from .conftest import ROOT

    test = gold.select("test").documents
    sub = load_submission(ROOT / "baselines" / "outputs" / "errors-checks.json", gold)
    predicted = sum(len(doc.errors) for d, doc in sub.documents.items() if d in test)
    gold_errors = sum(len(doc.errors) for doc in test.values())
    got = results["results"][PREFIX + "errors"]
    precision, f1 = got["errors.mention.precision,none"], got["errors.mention.f1,none"]
    tp = precision * predicted
    assert tp == pytest.approx(round(tp))
    assert f1 == pytest.approx(2 * tp / (predicted + gold_errors))
    assert got["errors.mention.f1_stderr,none"] == "N/A"  # lm-eval's own stderr would assume a mean


def test_an_answer_the_replay_lacks_fails_the_run(gold, tmp_path):
    partial = tmp_path / "partial.jsonl"
    write_records([r for r in answers(gold) if r["doc_id"] != "000_2d109a9d559d9334"], partial)
    with pytest.raises(ValueError, match=f"has no answer to prompt {versions()['errors']} for document 000_2d109a9d559d9334"):
        _evaluate(partial, [PREFIX + "errors"])
