"""Errata as inspect_ai tasks, run offline with the errata/replay model on recorded answers:
the log's corpus metrics and signatures are those of `harness eval --from quotes` on the same
answers, for every task; a run whose log says status=error is refused."""

from __future__ import annotations

import json
from importlib.metadata import entry_points

import pytest

pytest.importorskip("inspect_ai", reason="needs the [inspect] extra: pip install -e '.[inspect]'")
pytestmark = pytest.mark.filterwarnings("ignore:The 'initial' parameter is deprecated:DeprecationWarning")  # inspect's own

from harness.integrations import FRAMEWORK_TASKS, flat_metrics, write_records  # noqa: E402
from harness.prompts import versions  # noqa: E402

from .integrations import answers, sent_answers  # noqa: E402
from .conftest import ROOT  # noqa: E402



def _run(tasks, answers_path, log_dir):
    from inspect_ai import eval as inspect_eval

    return inspect_eval(tasks, model="errata/replay", model_args={"answers": str(answers_path)},
                        log_dir=str(log_dir), display="none", max_tasks=len(tasks))


@pytest.fixture(scope="module")
def logs(answers_file, tmp_path_factory):
    """One run of every task (each log in a folder of its own, by task name)."""
    import errata

    tasks = [getattr(errata, name)() for name in FRAMEWORK_TASKS]
    found = {}
    for log in _run(tasks, answers_file, tmp_path_factory.mktemp("logs")):
        found[log.eval.metadata["errata_task"]] = log
    return found


def _eval_json(run_cli, answers_path, harness_tasks):
    status, out, err = run_cli("eval", "--from", "quotes", "--predictions", str(answers_path), "--json",
                               *(arg for task in harness_tasks for arg in ("--task", task)))
    assert status == 0, err
    return json.loads(out)


def test_the_entry_point_names_the_errata_module():
    (point,) = [p for p in entry_points(group="inspect_ai") if p.name == "errata"]
    assert point.value == "errata"


@pytest.mark.parametrize("task", list(FRAMEWORK_TASKS))
def test_a_replayed_run_gives_the_numbers_of_harness_eval(task, logs, answers_file, run_cli, tmp_path):
    log = logs[task]
    assert log.status == "success"
    expected = _eval_json(run_cli, sent_answers(answers_file, task, tmp_path), FRAMEWORK_TASKS[task])
    (score,) = log.results.scores
    got = {name: metric.value for name, metric in score.metrics.items()}
    assert got == flat_metrics(expected) and got
    assert log.eval.metadata["signatures"] == {name: expected["tasks"][name]["signature_string"]
                                               for name in FRAMEWORK_TASKS[task]}


def test_the_errors_figures_by_hand(logs):
    """The recorded errors answers are errors-checks's; F1 is computed over the corpus counts
    (2tp / (2tp + fp + fn)) of the test split, not averaged over documents."""
    from harness.inputs import load_gold, load_submission

    gold = load_gold()
    sub = load_submission(ROOT / "baselines" / "outputs" / "errors-checks.json", gold)
    test = gold.select("test").documents
    predicted = [x for d, doc in sub.documents.items() if d in test for x in doc.errors]
    gold_errors = [(d, x.start, x.end) for d, doc in test.items() for x in doc.errors]
    metrics = {name: m.value for name, m in logs["errors"].results.scores[0].metrics.items()}
    tp, fp, fn = metrics["errors.mention.tp"], metrics["errors.mention.fp"], metrics["errors.mention.fn"]
    assert (tp + fp, tp + fn) == (len(predicted), len(gold_errors))
    assert metrics["errors.mention.f1"] == pytest.approx(2 * tp / (2 * tp + fp + fn))
    assert metrics["errors.mention.f1.ci_low"] < metrics["errors.mention.f1"] < metrics["errors.mention.f1.ci_high"]


def test_the_live_display_gets_no_figures_from_no_scores():
    from harness.integrations.inspect_eval import errata_metric

    assert errata_metric("errors")([]) == {}


def test_a_log_converts_to_the_submission_of_the_same_answers(logs, answers_file, run_cli, tmp_path):
    out = tmp_path / "sub.json"
    status, _, err = run_cli("convert", "--from", "inspect-log", logs["claims_verdicts"].location, "--out", str(out))
    assert status == 0, err
    submission = json.loads(out.read_text(encoding="utf-8"))
    assert submission["system"]["details"]["read_from"] == "inspect-log"
    status, text, err = run_cli("eval", "--predictions", str(out), "--json")
    assert status == 0, err
    converted = json.loads(text)
    expected = _eval_json(run_cli, sent_answers(answers_file, "claims_verdicts", tmp_path), ("claims", "verdicts"))
    assert converted["tasks"] == expected["tasks"] and "conditioned" in converted["tasks"]["verdicts"]


def test_a_failed_run_is_refused(gold, tmp_path, run_cli):
    """A replay of answers that lack a prompt fails its sample: inspect writes status=error (and
    would exit 0); convert refuses the log."""
    import errata

    partial = tmp_path / "partial.jsonl"
    write_records([r for r in answers(gold) if r["prompt"] != versions()["errors"]], partial)
    (log,) = _run([errata.errors()], partial, tmp_path / "logs")
    assert log.status == "error"
    status, _, err = run_cli("convert", "--from", "inspect-log", log.location, "--out", str(tmp_path / "sub.json"))
    assert status == 2
    assert err.count("\n") == 1 and "the inspect run did not finish (status error" in err and log.location in err
    assert not (tmp_path / "sub.json").exists()


def test_a_file_that_is_not_a_log_is_one_line(answers_file, run_cli, tmp_path):
    status, _, err = run_cli("convert", "--from", "inspect-log", str(answers_file), "--out", str(tmp_path / "s.json"))
    assert status == 2 and err.count("\n") == 1 and err.startswith(f"{answers_file}: not an inspect log")


def test_a_log_of_answers_with_a_label_outside_its_set_is_judged_not_rejected(gold, tmp_path, run_cli):
    """Answers read from an inspect log are model output, as with --from quotes: an entity label
    outside OntoNotes is kept as a spurious prediction and listed, the log still converts."""
    import errata

    entities = [r for r in answers(gold) if r["prompt"] == versions()["entities"]]
    first = next(r for r in entities if r.get("entities"))
    first["entities"][0] = {**first["entities"][0], "label": "PER"}
    path = tmp_path / "answers.jsonl"
    write_records(entities, path)
    (log,) = _run([errata.entities()], path, tmp_path / "logs")
    out = tmp_path / "sub.json"
    status, _, err = run_cli("convert", "--from", "inspect-log", log.location, "--out", str(out))
    assert status == 0, err
    submission = json.loads(out.read_text(encoding="utf-8"))
    (invalid,) = submission["system"]["details"]["anchoring"]["invalid"]
    assert invalid["doc_id"] == first["doc_id"] and "'PER' is not one of" in invalid["reason"]
    assert not invalid["record"].startswith("line ")  # named by the log's sample, as failures are
    assert invalid["counted_as"].startswith("spurious")
