"""`harness leaderboard`: scores, rank groups, refusals, escaping, model-card snippets, safe output."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from pathlib import Path

import pytest
import yaml

from harness.scoring import Settings, compare, evaluate
from harness.inputs import Limits, submission_from_dict
from harness.leaderboard import build_leaderboard
from harness.leaderboard.board import ALPHA
from harness.leaderboard.html import highlight
from harness.leaderboard.spans import OUTCOMES, layer_marks
from harness.model import SubmissionDocument
from harness.problems import HarnessError

from .conftest import ROOT
from .test_evaluate import gold_submission

FAST = Settings(n_resamples=50)
EVIL = "<script>alert(1)</script>"


def degraded(gold, name: str, keep_every: int) -> dict:
    """The gold labels with only every n-th entity, claim and error kept."""
    data = gold_submission(gold, name, ("entities", "claims", "errors"))
    for doc in data["documents"]:
        for layer in ("entities", "claims", "errors"):
            doc[layer] = doc[layer][::keep_every]
    return data


def write(folder: Path, name: str, data: object) -> str:
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def inputs(gold, tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("inputs")
    results = evaluate(gold, submission_from_dict(degraded(gold, "from-results", 2), "x"), FAST)
    other_data = json.loads(json.dumps(results))
    other_data["data"]["sha12"] = "0" * 12
    other_data["system"]["name"] = "other-data"
    return {
        "perfect": write(folder, "perfect.json", gold_submission(gold, "perfect")),
        "half": write(folder, "half.json", degraded(gold, "half", 2)),
        "third": write(folder, "third.json", degraded(gold, "third", 3)),
        "results": write(folder, "results.json", {**results, "system": {**results["system"], "url": "javascript:alert(1)"}}),
        "other_data": write(folder, "other_data.json", other_data),
        "duplicate": write(folder, "duplicate.json", gold_submission(gold, "perfect")),
        "broken": write(folder, "broken.json", {"system": {"name": "broken"}, "documents": [{"doc_id": "nope"}]}),
        "evil": write(folder, "evil.json", {**degraded(gold, EVIL, 4), "system": {
            "name": EVIL, "version": "=HYPERLINK(\"x\")", "description": '"><img src=x onerror=alert(2)> **bold** | pipe',
            "url": "https://example.org/?q=\"><script>alert(3)</script>"}}),
    }


@pytest.fixture(scope="module")
def published(gold, inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "site"
    paths = [inputs[k] for k in ("perfect", "half", "third", "results", "other_data", "duplicate", "broken", "evil")]
    return build_leaderboard(paths, out, settings=FAST)


def test_every_output_is_written(published) -> None:
    names = {p.relative_to(published.out).as_posix() for p in published.out.rglob("*") if p.is_file()}
    assert {"index.html", "leaderboard.json", "leaderboard.md", "leaderboard.csv", "eval.yaml"} <= names
    assert json.loads((published.out / "leaderboard.json").read_text(encoding="utf-8")) == published.document
    assert not [p for p in published.out.parent.iterdir() if p.name.startswith(".")]  # no staging left behind



def test_document_pages_are_those_of_the_scored_split(gold, published) -> None:
    """Each system with predictions gets a page per document of the scored split, and only those:
    the pages show the explanation rows, which only the scored documents have."""
    for folder in (published.out / "docs").iterdir():
        assert len(list(folder.glob("*.html"))) == len(gold.select(FAST.split).documents) < len(gold.documents)


def test_scores_are_evaluate_and_ranks_follow_compare(gold, inputs, published) -> None:
    entries = {e["id"]: e for e in published.document["entries"]}
    subs = {}
    for key in ("perfect", "half", "third", "evil"):
        data = json.loads(Path(inputs[key]).read_text(encoding="utf-8"))
        subs[data["system"]["name"]] = submission_from_dict(data, inputs[key])
    # a results file is ranked like the submission it was scored from (it keeps its per-document counts)
    subs["from-results"] = submission_from_dict(degraded(gold, "from-results", 2), "x")
    entities = next(b for b in published.document["boards"] if b["task"] == "entities")
    values = [row["value"] for row in entities["rows"]]
    assert values == sorted(values, reverse=True)
    for index, row in enumerate(entities["rows"]):
        name = entries[row["entry"]]["system"]["name"]
        assert row["value"] == evaluate(gold, subs[name], FAST)["tasks"]["entities"]["headline"]["value"]
        if row["compared_with"] is None:
            assert row["rank"] == 1
            continue
        leader = entries[row["compared_with"]]["system"]["name"]
        p_value = compare(gold, subs[leader], subs[name], FAST)["tests"]["entities"]["p_value"]
        assert row["p_value"] == p_value
        leader_rank = next(r["rank"] for r in entities["rows"] if r["entry"] == row["compared_with"])
        assert (row["rank"] == leader_rank) == (p_value >= ALPHA)
    ranks = [row["rank"] for row in entities["rows"] if row["rank"] is not None]
    assert ranks[0] == 1 and ranks == sorted(ranks) and len(set(ranks)) >= 2  # perfect beats a third of the gold


def test_refusals_name_the_file_and_the_rest_is_published(inputs, published) -> None:
    refused = {r.file: r.reason for r in published.refusals}
    assert set(refused) == {inputs["other_data"], inputs["duplicate"], inputs["broken"]}
    assert "this leaderboard uses errata" in refused[inputs["other_data"]]
    assert "duplicate" in refused[inputs["duplicate"]] and inputs["perfect"] in refused[inputs["duplicate"]]
    assert "unknown doc id" in refused[inputs["broken"]]
    listed = {r["file"] for r in published.document["refused"]}
    assert listed == {Path(f).name for f in refused}
    page = (published.out / "index.html").read_text(encoding="utf-8")
    assert all(Path(f).name in page for f in refused)


def test_signature_mismatch_is_refused(gold, inputs, tmp_path: Path) -> None:
    # the same results file, but this leaderboard uses another seed: every signature differs
    result = build_leaderboard([inputs["perfect"], inputs["results"]], tmp_path / "site", settings=Settings(n_resamples=50, seed=1))
    assert [r.file for r in result.refusals] == [inputs["results"]]
    assert "signature" in result.refusals[0].reason and "seed:1|" in result.refusals[0].reason


def test_strict_makes_any_refusal_fatal_and_writes_nothing(inputs, tmp_path: Path, run_cli) -> None:
    out = tmp_path / "site"
    status, _, err = run_cli("leaderboard", inputs["perfect"], inputs["broken"], "--out", str(out), "--strict", "--bootstrap", "20")
    assert status == 2 and err.startswith(inputs["broken"]) and "Traceback" not in err
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_cli_lists_refusals_on_stderr_and_publishes(inputs, tmp_path: Path, run_cli) -> None:
    out = tmp_path / "site"
    status, stdout, err = run_cli("leaderboard", inputs["perfect"], inputs["broken"], "--out", str(out), "--bootstrap", "20")
    assert status == 0 and f"{inputs['broken']}: refused:" in err and "1 file(s) refused" in stdout
    assert (out / "index.html").is_file()


def test_oversized_file_is_refused(gold, inputs, tmp_path: Path) -> None:
    limit = 200_000  # above every bundled gold file
    padded = tmp_path / "padded.json"
    padded.write_text(json.dumps(gold_submission(gold, "padded")) + " " * limit, encoding="utf-8")
    result = build_leaderboard([inputs["third"], str(padded)], tmp_path / "site", settings=FAST, limits=Limits(limit))
    assert [r.file for r in result.refusals] == [str(padded)] and "over the limit" in result.refusals[0].reason


def test_nothing_accepted_is_an_error(inputs, tmp_path: Path) -> None:
    with pytest.raises(HarnessError) as caught:
        build_leaderboard([inputs["broken"]], tmp_path / "site", settings=FAST)
    assert "nothing to publish" in str(caught.value) and not (tmp_path / "site").exists()


def test_out_must_be_new_empty_or_an_earlier_leaderboard(inputs, tmp_path: Path) -> None:
    precious = tmp_path / "home"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(HarnessError, match="no earlier `harness leaderboard` output"):
        build_leaderboard([inputs["perfect"]], precious, settings=FAST)
    assert [p.name for p in precious.iterdir()] == ["notes.txt"]
    site = tmp_path / "site"
    build_leaderboard([inputs["perfect"]], site, settings=FAST)
    build_leaderboard([inputs["perfect"], inputs["half"]], site, settings=FAST)  # replaces the earlier site
    assert len(json.loads((site / "leaderboard.json").read_text(encoding="utf-8"))["entries"]) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "site"]


def test_untrusted_fields_are_escaped_everywhere(published) -> None:
    out = published.out
    pages = [p.read_text(encoding="utf-8") for p in out.rglob("*.html")]
    for page in pages:
        assert EVIL not in page and "<img" not in page and "alert(3)</script>" not in page
        assert 'href="javascript:' not in page.lower()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert html_text(EVIL) in index
    assert '<a href="https://example.org' not in index  # a quote in the URL: shown as text, never linked
    markdown = (out / "leaderboard.md").read_text(encoding="utf-8")
    assert EVIL not in markdown and html_text(EVIL) in markdown
    rows = list(csv.DictReader(io.StringIO((out / "leaderboard.csv").read_text(encoding="utf-8"))))
    evil_rows = [r for r in rows if r["name"] == EVIL]
    assert evil_rows and all(r["version"].startswith("'=") for r in evil_rows)
    for path in out.rglob("*"):
        assert out in path.resolve().parents  # nothing derived from a name leaves the folder


def html_text(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def test_model_card_snippets_parse_and_share_task_ids(published) -> None:
    from huggingface_hub.repocard_data import model_index_to_eval_results

    document = published.document
    eval_yaml = yaml.safe_load((published.out / "eval.yaml").read_text(encoding="utf-8"))
    assert eval_yaml["evaluation_framework"] == "inspect-ai"  # an identifier the Hub lists
    task_ids = {task["id"] for task in eval_yaml["tasks"]}
    assert {b["task_id"] for b in document["boards"]} <= task_ids
    for entry in document["entries"]:
        folder = published.out / "cards" / entry["id"]
        card = yaml.safe_load((folder / "model-index.yaml").read_text(encoding="utf-8"))
        name, results = model_index_to_eval_results(card["model-index"])
        assert name == entry["system"]["name"]
        items = yaml.safe_load((folder / "eval_results.yaml").read_text(encoding="utf-8"))
        on_boards = {b["task_id"]: r for b in document["boards"] for r in b["rows"] if r["entry"] == entry["id"]}
        assert {item["dataset"]["task_id"] for item in items} == set(on_boards)
        for item in items:
            assert item["dataset"]["id"] == document["hub_dataset"]
            assert item["value"] == round(on_boards[item["dataset"]["task_id"]]["value"], 4)
            assert item["date"] == document["date"] == datetime.date.fromisoformat(document["date"]).isoformat()
            assert item["source"] == {"url": f"https://huggingface.co/datasets/{document['hub_dataset']}",
                                      "name": f"Errata leaderboard (errata-bench {document['harness_version']})"}
        assert sorted(r.metric_value for r in results) == sorted(item["value"] for item in items)


def test_span_outcomes_of_one_document(gold) -> None:
    doc = next(d for d in gold.documents.values() if len(d.entities) >= 4)
    e = doc.entities
    other = "EVENT" if e[1].label != "EVENT" else "LAW"
    free = next(i for i in range(len(doc.text)) if all(not (x.start <= i < x.end) for x in doc.entities)
                and doc.text[i].isalpha())
    predictions = submission_from_dict({"system": {"name": "t"}, "documents": [{"doc_id": doc.doc_id, "entities": [
        {"start": e[0].start, "end": e[0].end, "label": e[0].label},      # matched
        {"start": e[1].start, "end": e[1].end, "label": other},           # wrong type
        {"start": e[2].start, "end": e[2].end + 1, "label": e[2].label},  # boundary
        {"start": free, "end": free + 1, "label": "ORG"},                 # spurious
    ]}]}, "t").documents[doc.doc_id]
    marks = layer_marks(doc, predictions, "entities", 0.5)
    gold_outcome = {(m.start, m.end): m.outcome for m in marks if m.side == "gold"}
    pred_outcome = {(m.start, m.end): m.outcome for m in marks if m.side == "pred"}
    assert gold_outcome[(e[0].start, e[0].end)] == "matched" and gold_outcome[(e[1].start, e[1].end)] == "wrong_type"
    assert gold_outcome[(e[2].start, e[2].end)] == "boundary"
    assert all(gold_outcome[(x.start, x.end)] == "missed" for x in e[3:] if not (x.start < e[2].end + 1 and e[2].start < x.end))
    assert pred_outcome == {(e[0].start, e[0].end): "matched", (e[1].start, e[1].end): "wrong_type",
                            (e[2].start, e[2].end + 1): "boundary", (free, free + 1): "spurious"}
    rendered = highlight(doc.text, marks)
    assert 'class="span g-matched p-matched"' in rendered and "p-spurious" in rendered and "g-missed" in rendered
    assert "p-wrong_type" in rendered and "g-boundary" in rendered


def test_a_document_without_predictions_shows_every_gold_span_missed(gold) -> None:
    doc = next(iter(gold.documents.values()))
    marks = layer_marks(doc, SubmissionDocument(doc.doc_id, errors=()), "errors", 0.5)
    assert [m.outcome for m in marks] == ["missed"] * len(doc.errors)


def test_the_bundled_outputs_publish(tmp_path: Path, run_cli) -> None:
    paths = [str(ROOT / "annotations" / "pass_a.json"), str(ROOT / "annotations" / "pass_b.json")]
    status, out, err = run_cli("leaderboard", *paths, "--out", str(tmp_path / "site"), "--bootstrap", "20", "--strict")
    assert status == 0, err
    document = json.loads((tmp_path / "site" / "leaderboard.json").read_text(encoding="utf-8"))
    assert [e["system"]["name"] for e in document["entries"]] == ["annotator-A", "annotator-B"]


def _quadratic_highlight_pieces(text: str, marks: list) -> list[tuple[list[str], list]]:
    """The per-piece classes and covering spans as highlight() once computed them (every span, every piece)."""
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [m for m in marks if m.start <= a and b <= m.end]
        classes = [f"{p}-{min((m for m in covering if m.side == s), key=lambda m: m.end - m.start).outcome}"
                   for s, p in (("gold", "g"), ("pred", "p")) if any(m.side == s for m in covering)]
        pieces.append((classes, covering))
    return pieces


def test_the_sweep_agrees_with_listing_every_covering_span() -> None:
    import random

    from harness.leaderboard.spans import Mark, covers

    rng = random.Random(7)
    for _ in range(200):
        marks = []
        for _ in range(rng.randint(0, 12)):
            start = rng.randint(0, 30)
            marks.append(Mark(start, start + rng.randint(1, 12), rng.choice(["gold", "pred"]), rng.choice("AB"),
                              rng.choice(OUTCOMES)))
        marks.sort(key=lambda m: (m.start, -m.end, m.side))
        text = "x" * 45
        cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
        for (classes, covering), cover in zip(_quadratic_highlight_pieces(text, marks), covers(marks, cuts, 4)):
            assert cover.count == len(covering)
            assert [f"{p}-{cover.inner[s].outcome}" for s, p in (("gold", "g"), ("pred", "p")) if s in cover.inner] == classes
            if len(covering) <= 4:
                assert cover.described == covering
            else:
                assert cover.described == [m for m in covering if m in cover.inner.values()]


def test_a_page_of_heavily_overlapping_spans_stays_linear(gold) -> None:
    """8,000 nested and overlapping predicted spans (the probe's 3.9 GB case) make a page of a few
    megabytes: each piece describes at most TITLE_SPANS spans, the rest counted."""
    from harness.leaderboard.html import TITLE_SPANS

    doc = next(iter(gold.documents.values()))
    width = len(doc.text) - 40
    records = [{"start": i % width, "end": i % width + 1 + i % 37, "label": "PERSON"} for i in range(8000)]
    predictions = submission_from_dict({"system": {"name": "t"}, "documents": [{"doc_id": doc.doc_id, "entities": records}]},
                                       "t").documents[doc.doc_id]
    rendered = highlight(doc.text, layer_marks(doc, predictions, "entities", 0.5))
    assert len(rendered) < 8 * 1024 * 1024 and "more span(s) covering this text" in rendered
    assert max(title.count("; ") for title in re.findall(r'class="span[^"]*" title="([^"]*)"', rendered)) <= TITLE_SPANS


def test_results_written_by_eval_from_quotes_are_accepted(gold, inputs, tmp_path: Path, run_cli) -> None:
    from .test_quotes import gold_responses, write_jsonl

    answers = write_jsonl(tmp_path / "answers.jsonl", gold_responses(gold, "occurrence"))
    results = tmp_path / "quotes-results.json"
    status, _, err = run_cli("eval", "--from", "quotes", "--predictions", str(answers), "--bootstrap", "50",
                             "--output", str(results))
    assert status == 0, err
    status, _, err = run_cli("leaderboard", str(results), inputs["half"], "--out", str(tmp_path / "site"),
                             "--bootstrap", "50", "--strict")
    assert status == 0, err
    document = json.loads((tmp_path / "site" / "leaderboard.json").read_text(encoding="utf-8"))
    entry = next(e for e in document["entries"] if e["kind"] == "results file")
    assert entry["system"]["name"] == "answers"
    board = next(b for b in document["boards"] if b["task"] == "entities")
    row = next(r for r in board["rows"] if r["entry"] == entry["id"])
    assert row["value"] == 1.0 and row["prompt"] == "entities-v2" and "prompt:" not in board["signature_string"]
    # a results file with other settings is still refused, prompt or not
    status, _, err = run_cli("leaderboard", str(results), "--out", str(tmp_path / "other"), "--bootstrap", "50",
                             "--seed", "1", "--strict")
    assert status == 2 and "differs from this leaderboard's" in err


def test_leaderboard_takes_the_scoring_settings_into_its_signatures(inputs, tmp_path: Path, run_cli) -> None:
    status, _, err = run_cli("leaderboard", inputs["half"], inputs["third"], "--out", str(tmp_path / "site"),
                             "--iou", "0.3", "--confidence", "0.9", "--compat", "nervaluate", "--bootstrap", "30",
                             "--seed", "9", "--strict")
    assert status == 0, err
    document = json.loads((tmp_path / "site" / "leaderboard.json").read_text(encoding="utf-8"))
    assert (document["settings"]["iou_threshold"], document["settings"]["confidence"]) == (0.3, 0.9)
    signatures = {b["task"]: b["signature_string"] for b in document["boards"]}
    assert "|match:iou0.3|ci:boot30-doc-c0.9|seed:9|" in signatures["claims"]
    assert "|match:nervaluate|ci:boot30-doc-c0.9|seed:9|" in signatures["entities"]
    for entry in document["entries"]:
        assert all(str(task["signature_string"]) in signatures.values() for task in entry["results"]["tasks"].values())
    markdown = (tmp_path / "site" / "leaderboard.md").read_text(encoding="utf-8")
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "90% CI" in markdown and "90% CI" in page and "95%" not in markdown + page
    assert "IoU >= 0.3" in markdown
    status, _, err = run_cli("leaderboard", inputs["half"], "--out", str(tmp_path / "bad"), "--confidence", "1")
    assert status == 2 and err.startswith("harness: argument --confidence: ") and len(err.splitlines()) == 1


def test_leaderboard_reads_model_answers_and_shows_their_anchoring(gold, tmp_path: Path, run_cli) -> None:
    """--from quotes on the leaderboard; its page lists what was anchored, dropped and judged wrong, and
    the per-document pages show the misses the scores count."""
    from .test_quotes import write_jsonl

    doc_id, document = next(iter(gold.documents.items()))
    first, second = document.entities[:2]
    entities = [{"quote": first.text, "context_before": document.text[max(0, first.start - 30):first.start],
                 "label": first.label},
                {"quote": "words that are not in the text at all", "label": "GPE"},
                {"quote": second.text, "context_before": document.text[max(0, second.start - 30):second.start],
                 "label": "PER"}]
    answers = write_jsonl(tmp_path / "answers.jsonl", [{"doc_id": doc_id, "prompt": "entities-v2", "entities": entities}])
    status, _, err = run_cli("leaderboard", str(answers), "--from", "quotes", "--out", str(tmp_path / "site"),
                             "--bootstrap", "20")
    assert status == 0, err
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'id="anchoring"' in index and "dropped, each counted as a miss (1)" in index
    assert "judged wrong, a label outside its set (1)" in index and "entities-v2" in index
    page = next((tmp_path / "site" / "docs").rglob(f"{doc_id}.html")).read_text(encoding="utf-8")
    assert "p-spurious" in page and "g-matched" in page and "g-missed" in page


def test_boards_show_the_headline_per_subset(tmp_path: Path, run_cli) -> None:
    """Each board gives the test-split headline, then the same headline on each subset: Markdown
    columns, and a 'By subset' table on the site with the figures of the results."""
    paths = [str(ROOT / "baselines" / "outputs" / name) for name in ("errors-checks.json", "errors-all-places.json")]
    status, _, err = run_cli("leaderboard", *paths, "--out", str(tmp_path / "site"), "--bootstrap", "20")
    assert status == 0, err
    document = json.loads((tmp_path / "site" / "leaderboard.json").read_text(encoding="utf-8"))
    entry = next(e for e in document["entries"] if e["system"]["name"] == "errors-checks")
    subsets = entry["results"]["tasks"]["errors"]["subsets"]
    assert list(subsets) == ["natural", "controlled", "twin"]
    markdown = (tmp_path / "site" / "leaderboard.md").read_text(encoding="utf-8")
    header = next(line for line in markdown.splitlines() if line.startswith("| rank |"))
    assert header.endswith("| natural | controlled | twin |")
    row = next(line for line in markdown.splitlines() if "| errors-checks |" in line)
    assert row.endswith(" | ".join(f"{subsets[s]['value']:.4f}" for s in subsets) + " |")
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert page.count("<h3>By subset</h3>") == 1


def test_date_option_sets_the_scoring_day_and_rebuilds_byte_for_byte(inputs, tmp_path: Path, run_cli) -> None:
    def publish(folder: str) -> dict[str, bytes]:
        status, _, err = run_cli("leaderboard", inputs["half"], "--out", str(tmp_path / folder), "--bootstrap", "20",
                                 "--date", "2025-12-31")
        assert status == 0, err
        return {str(p.relative_to(tmp_path / folder)): p.read_bytes() for p in (tmp_path / folder).rglob("*") if p.is_file()}

    first, second = publish("a"), publish("b")
    assert first == second
    assert json.loads(first["leaderboard.json"])["date"] == "2025-12-31"
    snippets = [yaml.safe_load(content) for name, content in first.items() if name.endswith("eval_results.yaml")]
    assert snippets and all(item["date"] == "2025-12-31" for items in snippets for item in items)
    for bad in ("2025-13-01", "31.12.2025", "2025-1-1", ""):
        status, stdout, err = run_cli("leaderboard", inputs["half"], "--out", str(tmp_path / "bad"), "--date", bad)
        assert status == 2 and err.startswith("--date: ") and len(err.splitlines()) == 1 and "Traceback" not in err
        assert not (tmp_path / "bad").exists()
