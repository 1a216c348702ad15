"""Errata as lm-evaluation-harness tasks (the ``[lmeval]`` extra):
``lm_eval --include_path "$(python -m harness.integrations.lmeval)" --tasks errata_errors ...``.

The task files are in ``lmeval_tasks/`` beside this module (shipped in the wheel): one YAML per
framework task (``errata_entities`` ... ``errata_claims_verdicts``, tag ``errata``) and
``errata_tasks.py``, which hands lm-eval what is defined here. Each document of a task is one
prompt to send (the shipped prompt exactly as ``harness prompt`` prints it); ``process_results``
keeps the answer as a ``--from quotes`` record under every metric name, and each metric's
``aggregation`` scores all the records at once with the harness and takes its figure: Errata's
metrics are corpus-level, never a mean over documents. lm-eval computes no standard error for
them; the intervals are metrics of their own (``errors.mention.f1.ci_low``, ``.ci_high``).
"""

from __future__ import annotations

import json
from functools import lru_cache, partial
from importlib.resources import files
from typing import Any

from lm_eval.api.instance import Instance
from lm_eval.api.model import LM
from lm_eval.api.task import ConfigurableTask

from ..tasks import TASKS
from . import FRAMEWORK_TASKS, Replay, _bundled_gold, cached_scores, lookup, record, requests, signatures

PREFIX = "errata_"
# measures where lower is better (counts of mistakes)
_LOWER_IS_BETTER = ("fp", "fn")


def include_path() -> str:
    """The folder to pass to ``lm_eval --include_path``."""
    return str(files(__package__).joinpath("lmeval_tasks"))


def dataset(errata_task: str, **_: Any) -> dict[str, Any]:
    """The ``test`` split of a framework task: one row per document and prompt."""
    import datasets

    rows = [{"doc_id": r.doc_id, "prompt": r.prompt, "text": r.text} for r in requests(errata_task, _bundled_gold())]
    return datasets.DatasetDict({"test": datasets.Dataset.from_list(rows)})


def prompt_text(doc: dict[str, Any]) -> str:
    """What is sent: the prompt, exactly."""
    return doc["text"]


@lru_cache(maxsize=None)
def metric_names(task: str) -> tuple[str, ...]:
    """The figures a framework task reports: each board's headline with its interval bounds, and
    the board's columns (the leaderboard's), named by their path in the results (``errors.mention.f1``)."""
    names: list[str] = []
    for name in FRAMEWORK_TASKS[task]:
        for board in TASKS[name].boards:
            head = f"{name}.{board.metric}"
            names += [head, f"{head}.ci_low", f"{head}.ci_high", *(f"{name}.{path}" for _, path in board.columns)]
    return tuple(dict.fromkeys(names))


def figure(task: str, name: str, items: list[dict[str, str]]) -> float:
    """One figure of the harness's results for all the answers of a run (NaN when the answers
    give no such figure, as verdicts end to end when the claims carry no verdicts)."""
    key = json.dumps(sorted(items, key=lambda r: (r["doc_id"], r["prompt"])), ensure_ascii=False)
    value = lookup(cached_scores(key, task), name)
    return float("nan") if value is None else value


class ErrataTask(ConfigurableTask):
    """A ConfigurableTask whose metrics are the harness's corpus-level figures."""

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__(config={key: value for key, value in config.items() if key != "class"})  # 'class' named us
        gold = _bundled_gold()
        self.config.metadata = {**(self.config.metadata or {}), "data": gold.data,
                                "signatures": signatures(self.errata_task, gold)}

    @property
    def errata_task(self) -> str:
        return self.config.task.removeprefix(PREFIX)

    def process_results(self, doc: dict[str, Any], results: list[str]) -> dict[str, dict[str, str]]:
        answer = record(doc["doc_id"], doc["prompt"], results[0])
        return {name: answer for name in metric_names(self.errata_task)}

    def aggregation(self) -> dict[str, Any]:
        return {name: partial(figure, self.errata_task, name) for name in metric_names(self.errata_task)}

    def higher_is_better(self) -> dict[str, bool]:
        return {name: name.rsplit(".", 1)[-1] not in _LOWER_IS_BETTER for name in metric_names(self.errata_task)}


class ReplayLM(LM):
    """An lm-eval model that answers each prompt from a recorded ``--from quotes`` file, offline."""

    def __init__(self, answers: str, **_: Any) -> None:
        super().__init__()
        self.replay = Replay(answers)

    def generate_until(self, requests: list[Instance]) -> list[str]:
        return [self.replay.answer(request.args[0]) for request in requests]

    def loglikelihood(self, requests: list[Instance]) -> list[tuple[float, bool]]:
        raise NotImplementedError("Errata's tasks only generate")

    def loglikelihood_rolling(self, requests: list[Instance]) -> list[float]:
        raise NotImplementedError("Errata's tasks only generate")


def main(argv: list[str] | None = None) -> int:
    """``python -m harness.integrations.lmeval``: print the include path; with ``--replay FILE TASK...``,
    run lm-eval on recorded answers (lm-eval's own command line cannot load a model defined outside it)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m harness.integrations.lmeval", description=main.__doc__)
    parser.add_argument("--replay", metavar="FILE", help="recorded answers (a --from quotes file) to replay")
    parser.add_argument("tasks", nargs="*", metavar="TASK", help="lm-eval task names (errata_errors ...) or the tag errata")
    args = parser.parse_args(argv)
    if not args.replay:
        print(include_path())
        return 0
    import lm_eval
    from lm_eval.tasks import TaskManager
    from lm_eval.utils import make_table

    results = lm_eval.simple_evaluate(model=ReplayLM(args.replay), tasks=args.tasks or ["errata"],
                                      task_manager=TaskManager(include_path=include_path(), include_defaults=False),
                                      bootstrap_iters=0)
    print(make_table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
