"""Quote-anchored predictions: quotes cut from the gold, and perturbed the ways models perturb
them, anchor back to the gold offsets and score as expected; failures are reported, never
crash; raw responses are read through code fences and prose; prompts render and version the
signature."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from harness.scoring import Settings, evaluate, signature
from harness.formats import convert, load
from harness.formats.quotes import FUZZY_THRESHOLD, Text, anchor, extract_json, normalise
from harness.inputs import submission_from_dict
from harness.problems import HarnessError
from harness.prompts import TASKS, render, versions

from .conftest import ROOT

FAST = Settings(n_resamples=20)
DOC = "000_2d109a9d559d9334"


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8")
    return path


def occurrences(text: str, quote: str) -> list[int]:
    return [at for at in range(len(text)) if text.startswith(quote, at)]


def quoted(document, span, how: str) -> dict:
    """A gold span as a model would quote it, disambiguated by ``how`` when it repeats."""
    item = {"quote": span.text}
    places = occurrences(document.text, span.text)
    if len(places) > 1 and how == "occurrence":
        item["occurrence"] = places.index(span.start)
    elif len(places) > 1 and not document.text[:span.start].strip():  # the very start of the text
        item["context_before"] = ""
    elif len(places) > 1 and span.start >= 20:
        item["context_before"] = document.text[max(0, span.start - 40):span.start]
    elif len(places) > 1:  # nothing before it to quote
        item["context_after"] = document.text[span.end:span.end + 40]
    return item


def gold_responses(gold, how: str) -> list[dict]:
    """One raw response per document and task, the JSON wrapped in prose and a code fence."""
    records = []
    for document in gold.documents.values():
        answers = {
            "entities": [{**quoted(document, e, how), "label": e.label} for e in document.entities],
            "claims": [quoted(document, c, how) for c in document.claims],
            "verdicts": [{"claim_id": c.claim_id, "verdict": c.verdict} for c in document.claims],
            "errors": [{**quoted(document, x, how), "type": x.type, "correction": x.correction} for x in document.errors],
        }
        for task, items in answers.items():
            response = f"Here is my answer.\n```json\n{json.dumps({task: items}, ensure_ascii=False)}\n```\nLet me know!"
            records.append({"doc_id": document.doc_id, "prompt": versions()[task], "response": response})
    return records


# --------------------------------------------------------------------------- the whole gold as quotes


@pytest.mark.parametrize("how", ["occurrence", "context"])
def test_quotes_cut_from_the_whole_gold_score_one_on_every_task(gold, tmp_path, how) -> None:
    path = write_jsonl(tmp_path / "answers.jsonl", gold_responses(gold, how))
    results = evaluate(gold, load("quotes", path, gold, strict_anchoring=True), FAST)
    assert results["tasks"]["entities"]["strict"]["f1"] == 1.0
    assert results["tasks"]["claims"]["span"]["f1"] == 1.0
    assert results["tasks"]["errors"]["mention"]["f1"] == 1.0
    assert results["tasks"]["verdicts"]["classification"]["accuracy"] == 1.0
    report = results["anchoring"]
    sizes = {layer: sum(len(getattr(d, layer)) for d in gold.documents.values()) for layer in ("entities", "claims", "errors")}
    assert {layer: counts["exact"] for layer, counts in report["counts"].items()} == sizes
    assert report["failures"] == [] and report["inexact"] == []
    assert report["responses"] == {"total": len(TASKS) * len(gold.documents), "unreadable": 0}
    for task in TASKS:
        assert f"|prompt:{versions()[task]}|" in results["tasks"][task]["signature_string"]


def test_ordinary_submissions_keep_their_signature(gold) -> None:
    assert str(signature("claims", Settings(), "d")) == "errata:d|task:claims|split:test|match:iou0.5|ci:boot1000-doc|seed:12345|harness:0.1.0"
    submission = submission_from_dict({"system": {"name": "s"}, "documents": [
        {"doc_id": DOC, "entities": [{"start": 10, "end": 24, "label": "PERSON"}]}]}, "s.json")
    results = evaluate(gold, submission, FAST)
    assert "anchoring" not in results and "prompt" not in results["tasks"]["entities"]["signature"]


# --------------------------------------------------------------------------- perturbations


def test_normalisation_maps_back_to_original_offsets() -> None:
    normal, where = normalise("Putin\u2019s  \u201cWest\u201d\n\u2014 Done\u2026")
    assert normal == "putin's \"west\" - done..."
    assert [where[normal.index(c)] for c in "'\"-"] == [5, 9, 16]
    assert where[-3:] == [22, 22, 22]  # the ellipsis's three dots come from one character


def test_perturbed_quotes_anchor_back_to_the_gold_offsets(gold) -> None:
    document = gold.documents[DOC]
    text = Text(document.text)
    claim = document.claims[0]  # 'President Vladimir Putin’s recent visit ... group of forces ‘West’ ...'
    straight = claim.text.replace("\u2019", "'").replace("\u2018", "'")
    spaced = claim.text.replace(" recent ", "\n   recent  ")
    dropped = claim.text.replace("Vladimir ", "")
    dash = next(s for s in document.sentences if "\u2014" in s.text)
    cases = {
        "exact": (claim.text, {}, "exact"),
        "straight quotes for curly": (straight, {}, "normalised"),
        "collapsed white space": (spaced, {}, "normalised"),
        "upper case": (claim.text.upper(), {}, "normalised"),
        "a hyphen for a dash": (dash.text.replace("\u2014", " - "), {}, "fuzzy"),
        "a dropped word": (dropped, {}, "fuzzy"),
        "a dropped word and straight quotes": (dropped.replace("\u2019", "'"), {}, "fuzzy"),
    }
    for name, (quote, options, method) in cases.items():
        target = dash if "dash" in name else claim
        result = anchor(text, quote, **options)
        assert (result.method, result.start, result.end) == (method, target.start, target.end), name
        assert result.similarity >= FUZZY_THRESHOLD
    putins = [e for e in document.entities if e.text == "Putin"]
    assert len(putins) > 1
    for index, entity in enumerate(putins):
        place = occurrences(document.text, "Putin").index(entity.start)
        assert (anchor(text, "Putin", occurrence=place).start, index) == (entity.start, index)
        before = document.text[entity.start - 25:entity.start].replace("\u2019", "'")
        assert anchor(text, "Putin", context_before=before).start == entity.start
    assert anchor(text, "Putin").method == "ambiguous"
    assert anchor(text, "Putin", occurrence=99).method == "unanchored"
    assert anchor(text, "Volodymyr Zelensky met Joe Biden in Geneva").method == "unanchored"
    places = Text("in Kupyansk and Kyiv")  # the short-quote examples of docs/llm.md
    assert [anchor(places, q).method for q in ("Kupiansk", "Kiev")] == ["fuzzy", "unanchored"]


def test_perturbed_quotes_score_as_the_table_says(gold, tmp_path) -> None:
    """Doc 000's entities and claims, perturbed: what anchors is scored where the gold is;
    an ambiguous or invented quote is dropped and leaves its gold missed (never spurious)."""
    document = gold.documents[DOC]
    entities = [{**quoted(document, e, "occurrence"), "label": e.label} for e in document.entities]
    ambiguous = next(i for i, item in enumerate(entities) if "occurrence" in item)
    del entities[ambiguous]["occurrence"]
    entities.append({"quote": "Volodymyr Zelensky", "label": "PERSON"})
    claims = [quoted(document, c, "context") for c in document.claims]
    claims[0]["quote"] = claims[0]["quote"].replace("Vladimir ", "").replace("\u2019", "'")
    claims[1]["quote"] = " ".join(claims[1]["quote"].split()).replace("\u2019", "'").lower()
    path = write_jsonl(tmp_path / "answers.jsonl", [
        {"doc_id": DOC, "prompt": "entities-v1", "entities": entities},
        {"doc_id": DOC, "prompt": "claims-v1", "response": json.dumps({"claims": claims})}])
    results = evaluate(gold, load("quotes", path, gold), Settings(n_resamples=20, tasks=("entities", "claims")))
    strict = results["tasks"]["entities"]["strict"]
    others = {layer: sum(len(getattr(d, layer)) for d in gold.select("test").documents.values() if d.doc_id != DOC)
              for layer in ("entities", "claims")}  # the other test documents are missing: all their gold is missed
    assert (strict["cor"], strict["mis"], strict["spu"]) == (len(document.entities) - 1, 1 + others["entities"], 0)
    span = results["tasks"]["claims"]["span"]
    assert (span["tp"], span["fp"], span["fn"]) == (len(document.claims), 0, others["claims"])
    report = results["anchoring"]
    assert report["counts"]["entities"] == {"exact": len(document.entities) - 1, "normalised": 0, "fuzzy": 0,
                                            "ambiguous": 1, "unanchored": 1, "unreadable": 0}
    assert report["counts"]["claims"]["fuzzy"] == 1 and report["counts"]["claims"]["unanchored"] == 0
    assert [(f["record"], f["problem"]) for f in report["failures"]] == [
        (f"line 1/entities[{ambiguous}]", "ambiguous"), (f"line 1/entities[{len(entities) - 1}]", "unanchored")]
    fuzzy = next(i for i in report["inexact"] if i["method"] == "fuzzy")
    assert (fuzzy["start"], fuzzy["end"]) == (document.claims[0].start, document.claims[0].end)


# --------------------------------------------------------------------------- failures are reported


BAD_ITEMS = [
    ("not an object", "Putin", "unreadable", "expected an object"),
    ("no quote", {"label": "PERSON"}, "unreadable", "quote: required field is missing"),
    ("quote not a string", {"quote": 7, "label": "PERSON"}, "unreadable", "quote: expected string"),
    ("no label", {"quote": "Putin", "occurrence": 0}, "unreadable", "label: required field is missing"),
    ("empty quote", {"quote": "  ", "label": "PERSON"}, "unreadable", "the quote is empty"),
    ("negative occurrence", {"quote": "Putin", "label": "PERSON", "occurrence": -1}, "unreadable", "is negative"),
    ("occurrence out of range", {"quote": "Putin", "label": "PERSON", "occurrence": 50}, "unanchored", "occurs 6 time(s)"),
    ("ambiguous", {"quote": "Putin", "label": "PERSON"}, "ambiguous", "occurs 6 times"),
    ("context matching nothing", {"quote": "Putin", "label": "PERSON", "context_before": "zzz"}, "ambiguous", "context"),
    ("invented", {"quote": "Joe Biden", "label": "PERSON"}, "unanchored", "not found"),
    ("longer than the text", {"quote": "Putin " * 2000, "label": "PERSON"}, "unanchored", "not found"),
]


def test_unanchorable_and_unreadable_records_are_reported_and_strict_makes_them_errors(gold, tmp_path, run_cli) -> None:
    items = [item for _, item, _, _ in BAD_ITEMS]
    path = write_jsonl(tmp_path / "answers.jsonl", [
        {"doc_id": DOC, "prompt": "entities-v1", "response": json.dumps({"entities": items})},
        {"doc_id": "001_014a3f5d60c239f6", "prompt": "entities-v1", "response": "I cannot annotate this article."},
        {"doc_id": "002_f609cba098b55e28", "prompt": "entities-v1", "response": '```json\n{"entities": [1,]}\n```'},
    ])
    submission = convert("quotes", path, gold)
    assert submission["documents"] == [{"doc_id": DOC, "entities": []}, {"doc_id": "001_014a3f5d60c239f6", "entities": []},
                                       {"doc_id": "002_f609cba098b55e28", "entities": []}]
    report = submission["system"]["details"]["anchoring"]
    failures = report["failures"]
    assert len(failures) == len(BAD_ITEMS) + 2
    for failure, (name, _, problem, message) in zip(failures[2:], BAD_ITEMS):
        assert (failure["problem"], message in failure["message"]) == (problem, True), name
    assert [f["message"] for f in failures[:2]] == ["response: no JSON object in the response",
                                                    "response: not valid JSON: Expecting value at line 1 column 17"
                                                    " (a trailing comma: strict JSON has none before } or ])"]
    assert report["responses"] == {"total": 3, "unreadable": 2}

    status, out, err = run_cli("eval", "--from", "quotes", "--predictions", str(path), "--bootstrap", "20")
    assert status == 0
    assert "== anchoring of quotes" in out and f"dropped, each counted as a miss ({len(failures)})" in out
    assert "strict.f1 = 0.0000" in out
    status, out, err = run_cli("convert", "--from", "quotes", str(path), "--out", str(tmp_path / "s.json"), "--strict-anchoring")
    assert status == 2 and out == "" and not (tmp_path / "s.json").exists()
    lines = err.splitlines()
    assert len(lines) == len(failures)
    assert lines[0] == (f"{path}: line 2: 001_014a3f5d60c239f6: unreadable: response: no JSON object in the response; "
                        "fix: answer with one JSON object holding the task's key, as strict JSON (no trailing commas)")
    assert lines[-1].startswith(f"{path}: line 1/entities[10]: quote: 000_2d109a9d559d9334: unanchored 'Putin Putin")
    assert lines[-1].endswith("for fuzzy matching (raise it with --max-fuzzy-quote-chars); fix: copy the quote exactly "
                              "as the text has it")


def test_input_errors_are_one_line_each(gold, tmp_path) -> None:
    path = write_jsonl(tmp_path / "answers.jsonl", [
        {"doc_id": DOC, "entities": []},
        {"doc_id": DOC, "prompt": "entities-v9", "entities": []},
        {"doc_id": DOC, "prompt": "mine|v1", "entities": []},
        {"doc_id": DOC, "prompt": "mine-v1", "response": "{}", "entities": []},
        {"doc_id": DOC, "prompt": "mine-v1"},
        {"doc_id": "999_nope", "prompt": "mine-v1", "claims": []},
    ])
    with pytest.raises(HarnessError) as caught:
        convert("quotes", path, gold)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}: line 1: prompt: required field is missing",
        f"{path}: line 2: prompt: entities-v9 is not a bundled prompt (these are claims-v1, claims-v2, end-to-end-v1, "
        "entities-v1, entities-v2, errors-v1, errors-v2, verdicts-v1); name your own prompt differently",
        f"{path}: line 3: prompt: 'mine|v1' is not a prompt id (letters, digits, _ . -; e.g. entities-v1 from `harness prompt`)",
        f"{path}: line 4: has both a response and entities: give one or the other",
        f"{path}: line 5: has neither a response nor any of entities, claims, verdicts, errors",
        f"{path}: line 6: doc_id: unknown doc id '999_nope' (not in gold data version {gold.version})",
    ]
    path = write_jsonl(tmp_path / "twice.jsonl", [
        {"doc_id": DOC, "prompt": "entities-v1", "entities": []},
        {"doc_id": DOC, "prompt": "mine-v1", "entities": []},
        {"doc_id": "001_014a3f5d60c239f6", "prompt": "mine-v1", "entities": []},
    ])
    with pytest.raises(HarnessError) as caught:
        convert("quotes", path, gold)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}: line 2: entities: entities of {DOC} were already given by line 1",
        f"{path}: prompt: entities come from several prompts: entities-v1 (line 1), mine-v1 (line 3); score one prompt at a time",
    ]


def test_a_broken_anchoring_report_in_a_submission_is_an_error() -> None:
    with pytest.raises(HarnessError) as caught:
        submission_from_dict({"system": {"name": "s", "details": {"converted_from": "quotes", "anchoring": {"prompts": {}}}},
                              "documents": []}, "s.json")
    assert str(caught.value).startswith("s.json: system.details.anchoring: converted from quotes, but its anchoring report is not valid")


# --------------------------------------------------------------------------- raw responses


@pytest.mark.parametrize("response", [
    '{"entities": []}',
    'Sure! Here are the entities:\n```json\n{"entities": []}\n```\nAnything else?',
    '```\n{"entities": []}\n```',
    'The answer is {"entities": []} as requested; braces {like these} are prose.',
    'First a stray object {"note": "thinking"}, then the answer:\n{"entities": []}',
])
def test_raw_responses_with_code_fences_and_prose_parse(response) -> None:
    assert extract_json(response) == ({"entities": []}, "")


TRAILING = " (a trailing comma: strict JSON has none before } or ])"


@pytest.mark.parametrize("response, why", [
    ("I cannot help with that.", "no JSON object in the response"),
    ('{"entities": [1,]}', "not valid JSON: Expecting value at line 1 column 17" + TRAILING),
    # the case a model met: a trailing comma inside, around items that parse on their own
    ('Sure: {"entities": [{"quote": "Kyiv", "label": "GPE"},]} done', "not valid JSON: Expecting value at line 1 "
                                                                       "column 49" + TRAILING),
    ('```json\n{"entities": [], "entities": []}\n```', "not valid JSON: duplicate key 'entities' in one object"),
    ('{"answer": 42}', "its JSON object has none of the keys entities, claims, verdicts, errors"),
])
def test_responses_without_a_readable_object_say_why(response, why) -> None:
    assert extract_json(response) == (None, why)


# --------------------------------------------------------------------------- prompts


def test_prompts_render_every_task_for_every_document(gold, run_cli) -> None:
    from harness.model import ENTITY_LABELS, ERROR_TYPES, VERDICTS

    for document in gold.documents.values():
        for task in TASKS:
            prompt = render(task, document)
            assert prompt.version == versions()[task] == f"{task}-v{1 if task == 'verdicts' else 2}"
            assert "{{" not in prompt.text.replace(document.text, "") and document.text in prompt.text
            assert f'{{"{task}": [' in prompt.text  # the output JSON shape
        assert all(label in render("entities", document).text for label in ENTITY_LABELS)
        assert all(verdict in render("verdicts", document).text for verdict in VERDICTS)
        assert all(f"{c.claim_id}: {c.text}" in render("verdicts", document).text for c in document.claims)
        assert all(f"- {kind}:" in render("errors", document).text for kind in ERROR_TYPES)
    status, out, err = run_cli("prompt", "errors", DOC)
    assert (status, out, err) == (0, render("errors", gold.documents[DOC]).text,
                                  'prompt version: errors-v2 (record it as "prompt" beside each response)\n')
    assert run_cli("prompt", "claims", "999_nope")[0] == 2


def test_the_prompt_files_ship_with_the_package() -> None:
    folder = ROOT / "harness" / "prompts"
    from harness.prompts import shipped

    assert sorted(p.name for p in folder.glob("*.txt")) == sorted(f"{version}.txt" for version in shipped())
    assert set(TASKS) <= {template.layer for template in shipped().values()}
    assert re.search(r'^packages = \[.*"harness".*\]$', (ROOT / "pyproject.toml").read_text(encoding="utf-8"),
                     re.M)  # wheels take the folder whole


# --------------------------------------------------------------------------- model output judged, not rejected


def test_invalid_labels_are_judged_wrong_and_listed(gold, tmp_path, run_cli) -> None:
    """A label, verdict, type or claim id outside its set: exit 0, counted as wrong, each listed;
    case and surrounding white space of a label are normalised; --strict-anchoring rejects."""
    document = gold.documents[DOC]
    entity, claim, error = document.entities[0], document.claims[0], document.errors[0]
    answers = {
        "entities": [{**quoted(document, entity, "occurrence"), "label": f" {entity.label.lower()} "},
                     {**quoted(document, document.entities[1], "occurrence"), "label": "PER"}],
        "claims": [{**quoted(document, claim, "occurrence"), "verdict": "Maybe"},
                   {**quoted(document, document.claims[1], "occurrence"), "verdict": document.claims[1].verdict}],
        "verdicts": [{"claim_id": claim.claim_id, "verdict": claim.verdict.upper()},
                     {"claim_id": document.claims[1].claim_id, "verdict": "mostly true"},
                     {"claim_id": "c99", "verdict": "supported"}],
        "errors": [{**quoted(document, error, "occurrence"), "type": "garbled_acronym", "correction": error.correction}],
    }
    path = write_jsonl(tmp_path / "answers.jsonl", [{"doc_id": DOC, "prompt": f"my-{task}", task: items}
                                                    for task, items in answers.items()])
    status, out, err = run_cli("eval", "--from", "quotes", "--predictions", str(path), "--bootstrap", "20", "--json",
                               "--explain", str(tmp_path / "items.jsonl"))
    assert status == 0, err
    results = json.loads(out)
    invalid = results["anchoring"]["invalid"]
    assert [(i["record"], i["counted_as"].split(" (")[0]) for i in invalid] == [
        ("line 1/entities[1]", "spurious"), ("line 2/claims[0]", "a wrong verdict"),
        ("line 3/verdicts[1]", "a wrong verdict"), ("line 3/verdicts[2]", "a wrong verdict"),
        ("line 4/errors[0]", "a wrong type")]
    assert "'PER' is not one of" in invalid[0]["reason"] and "'c99' is not a claim" in invalid[3]["reason"]
    tasks = results["tasks"]
    assert (tasks["entities"]["strict"]["cor"], tasks["entities"]["strict"]["spu"]) == (1, 1)
    assert tasks["errors"]["mention"]["tp"] == 1 and tasks["errors"]["type"]["hits"] == 0
    assert tasks["errors"]["correction"]["hits"] == 1
    assert tasks["verdicts"]["conditioned"]["tp"] == 1 and tasks["verdicts"]["conditioned"]["fp"] == 1
    items = [json.loads(line) for line in (tmp_path / "items.jsonl").read_text(encoding="utf-8").splitlines()]
    verdicts = [i for i in items if i["task"] == "verdicts" and i["side"] == "predicted"]
    assert [(v["id"], v["verdict_right"]) for v in verdicts] == [(claim.claim_id, True)]
    status, out, _ = run_cli("eval", "--from", "quotes", "--predictions", str(path), "--bootstrap", "20")
    assert "judged wrong, a label outside its set (5):" in out and "line 3/verdicts[2]" in out
    status, _, err = run_cli("eval", "--from", "quotes", "--predictions", str(path), "--strict-anchoring")
    assert status == 2 and len(err.splitlines()) == 5 and "without --strict-anchoring it counts as" in err


def test_submission_files_stay_strict(gold, tmp_path, run_cli) -> None:
    document = gold.documents[DOC]
    bad = {"system": {"name": "x"}, "documents": [{"doc_id": DOC, "verdicts": [
        {"claim_id": document.claims[0].claim_id, "verdict": "Supported"}]}]}
    path = tmp_path / "sub.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    status, _, err = run_cli("eval", "--predictions", str(path))
    assert status == 2 and "Supported" in err


def test_every_shipped_prompt_version_renders_and_is_read(gold, tmp_path) -> None:
    """Old versions stay shipped and readable; the end-to-end prompt asks for verdicts on claims."""
    from harness.prompts import shipped

    assert {"entities-v1", "entities-v2", "claims-v1", "claims-v2", "errors-v1", "errors-v2", "verdicts-v1",
            "end-to-end-v1"} <= set(shipped())
    assert shipped()["end-to-end-v1"].layer == "claims"
    document = gold.documents[DOC]
    text = render("end-to-end", document).text
    assert '"verdict": "supported"' in text and all(verdict in text for verdict in ("refuted", "conflicting"))
    for version in ("claims-v1", "claims-v2", "end-to-end-v1"):
        items = [{**quoted(document, c, "occurrence"), "verdict": c.verdict} for c in document.claims]
        path = write_jsonl(tmp_path / f"{version}.jsonl", [{"doc_id": DOC, "prompt": version, "claims": items}])
        results = evaluate(gold, load("quotes", path, gold, strict_anchoring=True), FAST)
        assert f"|prompt:{version}|" in results["tasks"]["verdicts"]["signature_string"]
        assert results["tasks"]["verdicts"]["headline"]["metric"] == "conditioned.f1"


def test_an_empty_context_points_at_the_start_or_the_end_of_the_text(gold) -> None:
    """The case a model met: the first word of doc 004, 'Russian', which the text repeats 7 times."""
    document = gold.documents["004_c6f02e9f00d33be5"]
    assert document.text.startswith("Russian ") and document.text.count("Russian") == 7
    assert (anchor(Text(document.text), "Russian", context_before="").start, anchor(Text(document.text), "Russian").method) == (0, "ambiguous")
    text = Text("Russian troops left. Russian officials said so. It was Russian")
    assert (anchor(text, "Russian", context_before="").start, anchor(text, "Russian", context_before="").method) == (0, "exact")
    assert anchor(text, "Russian", context_after="").start == len(text.text) - len("Russian")
    assert anchor(text, "Russian", context_before="", context_after=" troops").start == 0
    assert anchor(text, "Russian", context_before="left. ").start == 21
    assert anchor(text, "troops", context_before="").start == 8  # found once: taken whatever the context
    assert anchor(Text("a Russian, b Russian"), "Russian", context_before="").method == "ambiguous"


def test_the_prompt_command_ends_with_a_newline(run_cli) -> None:
    status, out, err = run_cli("prompt", "end-to-end", DOC)
    assert status == 0 and out.endswith(">>>\n") and "end-to-end-v1" in err


def test_jsonl_without_from_quotes_gets_a_hint(tmp_path, run_cli) -> None:
    path = write_jsonl(tmp_path / "answers.jsonl", [{"doc_id": DOC, "prompt": "entities-v2", "entities": []},
                                                    {"doc_id": DOC, "prompt": "claims-v2", "claims": []}])
    status, _, err = run_cli("eval", "--predictions", str(path))
    assert status == 2 and err.strip().endswith("e.g. --from quotes)") and "Extra data at line 2" in err
    status, _, err = run_cli("compare", str(path), str(path), "--from", "quotes", "--bootstrap", "20")
    assert status == 0, err


def test_convert_reports_dropped_quotes_and_counts_verdicts(gold, tmp_path, run_cli) -> None:
    document = gold.documents[DOC]
    records = [{"doc_id": DOC, "prompt": "entities-v2", "entities": [{"quote": "no such words here at all", "label": "GPE"}]},
               {"doc_id": DOC, "prompt": "verdicts-v1", "verdicts": [{"claim_id": c.claim_id, "verdict": c.verdict}
                                                                     for c in document.claims]}]
    path = write_jsonl(tmp_path / "answers.jsonl", records)
    status, out, err = run_cli("convert", "--from", "quotes", str(path), "--out", str(tmp_path / "s.json"))
    assert status == 0, err
    assert out == (f"wrote {tmp_path / 's.json'}: 1 document(s), {len(document.claims)} verdicts; "
                   "1 record(s) dropped as misses and 0 judged wrong (listed above)\n")
    assert "line 1/entities[0] (000_2d109a9d559d9334): unanchored 'no such words here at all'" in err


def test_compare_takes_results_of_model_answers(gold, tmp_path, run_cli) -> None:
    """The case a user met: two results files written by `eval --from quotes --output` (with an
    anchoring report and no url) compare without complaint, as their answers do with --from quotes."""
    outputs = []
    for how in ("occurrence", "context"):
        answers = write_jsonl(tmp_path / f"{how}.jsonl", gold_responses(gold, how)[::2])
        out = tmp_path / f"{how}.results.json"
        status, _, err = run_cli("eval", "--from", "quotes", "--predictions", str(answers), "--bootstrap", "20",
                                 "--output", str(out), "--name", how)
        assert status == 0, err
        outputs.append((answers, out))
    status, from_results, err = run_cli("compare", *(str(o) for _, o in outputs), "--bootstrap", "20", "--json")
    assert status == 0, err
    status, from_answers, err = run_cli("compare", *(str(a) for a, _ in outputs), "--from", "quotes", "--bootstrap", "20",
                                        "--json", "--name", "occurrence", "context")
    assert status == 0, err
    assert json.loads(from_results)["tests"] == json.loads(from_answers)["tests"] != {}


def test_a_tie_in_the_normalised_context_is_broken_by_the_context_as_written() -> None:
    """Doc 001 of a real model run: 'the capture of Krasnoarmeisk and Volchansk' and 'The capture of
    Krasnoarmeisk and Volchansk' agree once case-folded; the context's own case picks one."""
    text = Text("It began with the capture of Krasnoarmeisk and Volchansk. The capture of Krasnoarmeisk and Volchansk mattered.")
    lower = anchor(text, "Volchansk", context_before="the capture of Krasnoarmeisk and")
    upper = anchor(text, "Volchansk", context_before="The capture of Krasnoarmeisk and")
    assert (lower.method, upper.method) == ("exact", "exact")
    assert (lower.start, upper.start) == (text.text.index("Volchansk"), text.text.rindex("Volchansk"))
    # contexts that agree with both places in every character stay ambiguous
    assert anchor(text, "Volchansk", context_before="capture of Krasnoarmeisk and").method == "ambiguous"
