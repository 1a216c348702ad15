"""Label Studio's JSON export (``--from label-studio``, ``--to label-studio``).

Tasks carry the document in ``data.text`` (and ``data.doc_id`` when known). A task is read
from its one annotation (cancelled ones skipped), or, when it has none, from its one
prediction (a model's pre-annotations): zero or several are an error, so that no annotator's
work is silently chosen over another's. Results are grouped into regions by their ``id``:
a ``labels`` result labelled ``Claim`` is a claim, ``Error`` an error, anything else an
entity with that label; a per-region ``choices`` result gives a claim's verdict or an
error's type, a per-region ``textarea`` result an error's correction. Other result types
(relations, ratings...) are ignored. Offsets are Label Studio's character offsets; the span
``text`` it stores is checked against the bundled text.

:data:`LABEL_CONFIG` is the labelling interface that matches this reading, written beside
the exported tasks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..inputs import Limits, read_bytes
from ..model import ENTITY_LABELS, ERROR_TYPES, VERDICTS, Document, Gold
from ..problems import HarnessError, Problem
from .common import Found, collect, get, parse_records

CLAIM, ERROR = "Claim", "Error"
TASKS_FILE, CONFIG_FILE = "tasks.json", "label_config.xml"


def _options(tag: str, values: tuple[str, ...]) -> str:
    return "".join(f'\n    <{tag} value="{value}"/>' for value in values)


LABEL_CONFIG = f"""<View>
  <Labels name="entity" toName="text">{_options("Label", ENTITY_LABELS)}
  </Labels>
  <Labels name="fact" toName="text">{_options("Label", (CLAIM, ERROR))}
  </Labels>
  <Text name="text" value="$text"/>
  <Choices name="verdict" toName="text" perRegion="true" visibleWhen="region-selected" whenLabelValue="{CLAIM}">{_options("Choice", VERDICTS)}
  </Choices>
  <Choices name="error_type" toName="text" perRegion="true" visibleWhen="region-selected" whenLabelValue="{ERROR}">{_options("Choice", ERROR_TYPES)}
  </Choices>
  <TextArea name="correction" toName="text" perRegion="true" visibleWhen="region-selected" whenLabelValue="{ERROR}"/>
</View>
"""


# --------------------------------------------------------------------------- reading


def read(path: Path, gold: Gold, limits: Limits) -> list[Found]:
    file = str(path)
    return collect(parse_records(read_bytes(path, limits), file), lambda item: _task(file, *item))


def _task(file: str, where: str, task: Any) -> Found:
    data = get(task, "data", "object", file, where)
    ident = task.get("id") if isinstance(task, dict) else None
    where = f"{where} (task {ident})" if isinstance(ident, int) and not isinstance(ident, bool) else where
    doc_id = get(data, "doc_id", "string", file, f"{where}/data", optional=True)
    text = get(data, "text", "string", file, f"{where}/data", optional=True)
    annotations = [a for a in get(task, "annotations", "array", file, where, optional=True) or []
                   if not (isinstance(a, dict) and a.get("was_cancelled") is True)]
    chosen = annotations or get(task, "predictions", "array", file, where, optional=True) or []
    source = "annotations" if annotations else "predictions"
    if len(chosen) != 1:
        raise HarnessError(Problem(file, f"has {len(chosen)} usable annotations and predictions: export one annotator's "
                                         "work per file, or a task with exactly one prediction", where))
    results = get(chosen[0], "result", "array", file, f"{where}/{source}[0]")
    return Found(file, where, doc_id, text, _layers(results, file, f"{where}/{source}[0]"))


def _layers(results: list[Any], file: str, where: str) -> dict[str, list[dict[str, Any]]]:
    regions: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for index, result in enumerate(results):
        at = f"{where}/result[{index}]"
        kind = get(result, "type", "string", file, at)
        if kind in ("labels", "choices", "textarea"):
            regions.setdefault(get(result, "id", "string", file, at), []).append((at, result))
    layers: dict[str, list[dict[str, Any]]] = {"entities": [], "claims": [], "errors": []}
    for parts in regions.values():
        labelled = [(at, result) for at, result in parts if result["type"] == "labels"]
        if len(labelled) != 1:
            raise HarnessError(Problem(file, f"region {parts[0][1]['id']!r} has {len(labelled)} labels results, expected 1",
                                       parts[0][0]))
        at, result = labelled[0]
        value = get(result, "value", "object", file, at)
        span = {"start": get(value, "start", "integer", file, f"{at}/value"), "end": get(value, "end", "integer", file, f"{at}/value")}
        if get(value, "text", "string", file, f"{at}/value", optional=True) is not None:
            span["text"] = value["text"]
        score = get(result, "score", "number", file, at, optional=True)
        if score is not None:
            span["score"] = score
        attributes = {result["type"]: _attribute(result, file, at) for at, result in parts if result["type"] != "labels"}
        for label in get(value, "labels", "array", file, f"{at}/value"):
            if label == CLAIM:
                layers["claims"].append({**span, **({"verdict": attributes["choices"]} if "choices" in attributes else {})})
            elif label == ERROR:
                extra = {"type": attributes.get("choices"), "correction": attributes.get("textarea")}
                layers["errors"].append({**span, **{key: value for key, value in extra.items() if value is not None}})
            else:
                layers["entities"].append({**span, "label": label})
    return layers


def _attribute(result: dict[str, Any], file: str, where: str) -> str:
    """The one value of a per-region ``choices`` or ``textarea`` result."""
    key = "choices" if result["type"] == "choices" else "text"
    values = get(get(result, "value", "object", file, where), key, "array", file, f"{where}/value")
    if len(values) != 1 or not isinstance(values[0], str):
        raise HarnessError(Problem(file, f"expected one string, got {len(values)} values", f"{where}/value", key))
    return values[0]


# --------------------------------------------------------------------------- writing


def write(gold: Gold, dataset: Path) -> tuple[dict[str, str], list[str]]:
    """``tasks.json`` (the gold as annotations) and ``label_config.xml``; nothing is lost."""
    tasks = [{"id": index, "data": {"doc_id": document.doc_id, "text": document.text},
              "annotations": [{"result": _results(document)}]}
             for index, document in enumerate(gold.documents.values(), 1)]
    return {TASKS_FILE: json.dumps(tasks, indent=1, ensure_ascii=False) + "\n", CONFIG_FILE: LABEL_CONFIG}, []


def _results(document: Document) -> list[dict[str, Any]]:
    def result(ident: str, name: str, kind: str, start: int, end: int, **value: Any) -> dict[str, Any]:
        return {"id": ident, "from_name": name, "to_name": "text", "type": kind, "value": {"start": start, "end": end, **value}}

    results = [result(f"entity-{e.entity_id}", "entity", "labels", e.start, e.end, text=e.text, labels=[e.label])
               for e in document.entities]
    for claim in document.claims:
        ident = f"claim-{claim.claim_id}"
        results.append(result(ident, "fact", "labels", claim.start, claim.end, text=claim.text, labels=[CLAIM]))
        results.append(result(ident, "verdict", "choices", claim.start, claim.end, choices=[claim.verdict]))
    for error in document.errors:
        ident = f"error-{error.error_id}"
        results.append(result(ident, "fact", "labels", error.start, error.end, text=error.text, labels=[ERROR]))
        results.append(result(ident, "error_type", "choices", error.start, error.end, choices=[error.type]))
        results.append(result(ident, "correction", "textarea", error.start, error.end, text=[error.correction]))
    return results
