"""What the framework integrations share, without any framework: the prompts a task sends, the
replay of recorded answers, and the names of the figures."""

from __future__ import annotations

import json

import pytest

from harness.integrations import FRAMEWORK_TASKS, Replay, flat_metrics, lookup, requests, score_records
from harness.problems import HarnessError
from harness.prompts import versions

from .integrations import answers


def test_a_task_sends_each_documents_prompt_as_harness_prompt_prints_it(gold, run_cli):
    sent = requests("claims_verdicts", gold)
    assert [(r.doc_id, r.prompt) for r in sent] == [(d, "end-to-end-v1") for d in gold.select("test").documents]
    status, out, _ = run_cli("prompt", "end-to-end", sent[1].doc_id)
    assert status == 0 and out == sent[1].text


def test_the_replay_answers_each_prompt_with_its_record(gold, answers_file):
    replay = Replay(answers_file, gold)
    first = requests("errors", gold)[0]
    (recorded,) = [r for r in answers(gold) if (r["doc_id"], r["prompt"]) == (first.doc_id, first.prompt)]
    assert json.loads(replay.answer(first.text)) == {"errors": recorded["errors"]}
    with pytest.raises(ValueError, match="not a bundled prompt"):
        replay.answer("Tell me a story.")


@pytest.mark.parametrize(("line", "message"), [
    ('{"prompt": "errors-v1", "response": "{}"}', "line 2: doc_id: required field is missing"),
    ('{"doc_id": "000_2d109a9d559d9334", "prompt": "errors-v1", "response": "{}"}',
     "line 2: a second answer to prompt errors-v1 for document 000_2d109a9d559d9334"),
])
def test_a_bad_answers_file_is_one_line_per_problem(gold, tmp_path, line, message):
    path = tmp_path / "answers.jsonl"
    path.write_text('{"doc_id": "000_2d109a9d559d9334", "prompt": "errors-v1", "response": "{}"}\n' + line + "\n",
                    encoding="utf-8")
    with pytest.raises(HarnessError) as caught:
        Replay(path, gold)
    assert [str(p) for p in caught.value.problems] == [f"{path}: {message}"]


def test_figures_are_named_by_their_path_in_the_results(gold):
    records = [r for r in answers(gold) if r["prompt"] == versions()["errors"]]
    results = score_records(records, gold, "errors")
    assert list(results["tasks"]) == list(FRAMEWORK_TASKS["errors"])
    mention = results["tasks"]["errors"]["mention"]
    flat = flat_metrics(results)
    assert (flat["errors.mention.f1"], flat["errors.mention.f1.ci_low"], flat["errors.mention.tp"]) == (
        mention["f1"], mention["ci"]["f1"][0], mention["tp"])
    assert all(lookup(results, name) == value for name, value in flat.items())
    assert lookup(results, "verdicts.classification.macro_f1") is None
    assert lookup(results, "errors.mention.nothing") is None
