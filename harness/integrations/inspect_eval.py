"""Errata as inspect_ai tasks (the ``[inspect]`` extra): ``inspect eval errata/errors --model ...``.

Each task (:data:`harness.integrations.FRAMEWORK_TASKS`) has one sample per document and prompt it
sends (:data:`harness.integrations.FRAMEWORK_PROMPTS`), whose input is the shipped prompt exactly as
``harness prompt`` prints it; the solver sends it (``generate()``). The scorer keeps each answer as a ``--from quotes`` record in its score's
metadata (its per-sample value says only whether the answer held a readable JSON object), and
the corpus metric :func:`errata_metric` scores all the records at once with the harness, so the
log's metrics are the figures of ``harness eval --from quotes`` with their interval bounds
(``errors.mention.f1``, ``errors.mention.f1.ci_low`` ...). The task's metadata holds the signature
of each harness task's headline.

The ``errata`` top-level module registers these tasks and the replay provider with inspect
(entry point ``inspect_ai: errata``), so that their names are ``errata/<task>``.
"""

from __future__ import annotations

import json
from typing import Any

from inspect_ai import Task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.model import ChatMessage, GenerateConfig, ModelAPI, ModelOutput, ModelUsage
from inspect_ai.scorer import Metric, SampleScore, Score, Scorer, Target, metric, scorer
from inspect_ai.solver import TaskState, generate
from inspect_ai.tool import ToolChoice, ToolInfo

from . import Replay, _bundled_gold, cached_scores, flat_metrics, record, requests, signatures

REPLAY_MODEL = "replay"


def errata_task(name: str) -> Task:
    """The inspect Task of a framework task on the bundled gold."""
    gold = _bundled_gold()
    samples = [Sample(input=r.text, id=f"{r.doc_id}/{r.prompt}", metadata={"doc_id": r.doc_id, "prompt": r.prompt})
               for r in requests(name, gold)]
    return Task(dataset=MemoryDataset(samples, name=f"errata-{name}"), solver=generate(), scorer=answers(),
                metrics=[errata_metric(name)],
                metadata={"errata_task": name, "data": gold.data, "signatures": signatures(name, gold)})


@scorer(metrics=[])
def answers() -> Scorer:
    """Keep each answer as a ``--from quotes`` record; value 1 when it holds a readable JSON object."""
    from ..formats.quotes import extract_json

    async def score(state: TaskState, target: Target) -> Score:
        response = state.output.completion
        _, problem = extract_json(response)
        return Score(value=0.0 if problem else 1.0, answer=response, explanation=problem or "readable",
                     metadata={"record": record(state.metadata["doc_id"], state.metadata["prompt"], response)})

    return score


@metric(name="errata")
def errata_metric(task: str) -> Metric:
    """The harness's corpus-level figures of all the answers of a run (never a mean of
    per-sample values). inspect also calls metrics on no scores at all (its live display):
    that gives no figures."""

    def compute(scores: list[SampleScore]) -> dict[str, float]:
        records = [s.score.metadata["record"] for s in scores if s.score.metadata and "record" in s.score.metadata]
        if not records:
            return {}
        key = json.dumps(sorted(records, key=lambda r: (r["doc_id"], r["prompt"])), ensure_ascii=False)
        return flat_metrics(cached_scores(key, task))

    return compute


class ReplayAPI(ModelAPI):
    """The ``errata/replay`` model: answers each prompt from a recorded ``--from quotes`` file
    (``-M answers=FILE``), offline; a prompt with no recorded answer fails its sample."""

    def __init__(self, model_name: str, base_url: str | None = None, api_key: str | None = None,
                 config: GenerateConfig = GenerateConfig(), answers: str | None = None, **model_args: Any) -> None:
        super().__init__(model_name, base_url, api_key, [], config)
        if model_name != REPLAY_MODEL:
            raise ValueError(f"the errata provider has one model, errata/{REPLAY_MODEL}, not errata/{model_name}")
        if not answers:
            raise ValueError("errata/replay needs the recorded answers: -M answers=FILE (a --from quotes file)")
        self.replay = Replay(answers)

    async def generate(self, input: list[ChatMessage], tools: list[ToolInfo], tool_choice: ToolChoice,
                       config: GenerateConfig) -> ModelOutput:
        output = ModelOutput.from_content(model=f"errata/{REPLAY_MODEL}", content=self.replay.answer(input[-1].text))
        output.usage = ModelUsage()  # no tokens counted: inspect would otherwise fetch a tokenizer to estimate them
        return output
