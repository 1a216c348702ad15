"""Croissant 1.0 metadata for the Hugging Face configs (``harness export --to croissant OUT``).

Writes ``OUT/croissant.json`` and copies of ``data/<config>/<split>.jsonl`` under ``OUT/data/``,
each referenced with its SHA-256. Besides the core fields (name, description, license, url,
creator, citeAs, version) it sets the Responsible AI (``rai:``) fields that apply to Errata,
summarising CARD.md (:data:`RAI`); the card is the full account. Record sets are flat: one per
config and split (``entities-test``), with the scalar
fields of the gold-document schema; nested fields (claim evidence, error claim ids,
evidence and alternatives) stay in the JSONL files but are not described, because
mlcroissant 1.1.1 cannot read lists of structs. The flat record sets point at the
``documents`` record set of their split through ``doc_id`` references.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from ..layout import CONFIGS, DEFAULT_CONFIG, FLAT_CONFIGS, HUB_DATASET, SPLITS
from ..inputs import read_bytes, read_json
from ..model import Gold
from ..problems import HarnessError, Problem
from ..resources import load_schema
from ..textfmt import json_text

FILE_NAME = "croissant.json"
CONFORMS_TO = "http://mlcommons.org/croissant/1.0"
# The standard Croissant 1.0 JSON-LD context (as mlcroissant 1.1.1 writes it).
CONTEXT: dict[str, Any] = {
    "@language": "en", "@vocab": "https://schema.org/", "citeAs": "cr:citeAs", "column": "cr:column",
    "conformsTo": "dct:conformsTo", "cr": "http://mlcommons.org/croissant/", "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"}, "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/", "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"}, "extract": "cr:extract", "field": "cr:field",
    "fileProperty": "cr:fileProperty", "fileObject": "cr:fileObject", "fileSet": "cr:fileSet", "format": "cr:format",
    "includes": "cr:includes", "isLiveDataset": "cr:isLiveDataset", "jsonPath": "cr:jsonPath", "key": "cr:key",
    "md5": "cr:md5", "parentField": "cr:parentField", "path": "cr:path", "recordSet": "cr:recordSet",
    "references": "cr:references", "regex": "cr:regex", "repeated": "cr:repeated", "replace": "cr:replace",
    "samplingRate": "cr:samplingRate", "sc": "https://schema.org/", "separator": "cr:separator", "source": "cr:source",
    "subField": "cr:subField", "transform": "cr:transform",
}
URL = f"https://huggingface.co/datasets/{HUB_DATASET}"
CREATOR = {"@type": "sc:Organization", "name": "The Errata project", "url": URL}
# CARD.md's citation, word for word (tests/test_formats.py checks that they agree)
CITATION = """@misc{errata2026,
  title  = {Errata: an annotated benchmark for fact-checking machine-written news},
  year   = {2026},
  note   = {Data version %s},
}"""
# The Croissant RAI fields that apply, summarising CARD.md (Provenance, Annotation process, Known
# limitations, Ethical considerations); lists where the RAI vocabulary allows several values.
RAI: dict[str, Any] = {
    "rai:dataCollection": (
        "Three subsets. Natural: five machine-written English news articles found on look-alike 'local news' websites "
        "by searching a stored web corpus for distinctive sentences; their text matches the pages word for word and is "
        "redistributed unchanged. Controlled: 40 articles written inside the project by language-model sessions, each "
        "from an evidence dossier of a real 2025 event and an error plan made before writing (errors planted on "
        "purpose; eight articles planned clean). Twins: the five natural articles with every gold error corrected. "
        "The evidence behind verdicts and errors comes from stored copies of wire and press reports, cited by URL, "
        "publisher and date and summarised in the annotators' own words. CARD.md, Provenance, gives each source."),
    "rai:dataCollectionType": ["Web Scraping", "Others"],
    "rai:dataAnnotationProtocol": [
        "Written guidelines (docs/guidelines.md, OntoNotes 5.0 entity types), an evidence dossier compiled "
        "separately, two blind annotation passes over every sentence, each with its own evidence search, an "
        "adjudication that decided every disagreement and recorded its reason (annotations/adjudication.md), a "
        "review, and an independent audit whose points were decided against the evidence.",
        "Controlled set: dossier and error plan per article before writing; two blind passes that never saw the "
        "plans; adjudication that saw plans and passes, confirmed or rejected each planned error and decided unplanned "
        "ones (annotations/controlled/adjudication/).",
        "Offsets are computed by code from quoted strings and checked against the text."],
    "rai:dataAnnotationPlatform": ["Sessions of an AI assistant with a search tool over stored copies of web pages; "
                                   "no annotation platform"],
    "rai:annotationsPerItem": "Two independent passes per document, then one adjudicated gold label per item.",
    "rai:annotatorDemographics": [
        "The annotators, adjudicator and auditor were instances of an AI assistant (a large language model), not "
        "human experts; the guidelines were written and the gold reviewed by the project's lead engineer."],
    "rai:machineAnnotationTools": ["A large language model working with a search tool over stored web pages"],
    "rai:dataAnnotationAnalysis": ["Agreement between the two blind passes per layer (CARD.md, Agreement)."],
    "rai:dataUseCases": [
        "Evaluation only, never training: named-entity recognition, claim detection, claim verification and "
        "factual-error detection on machine-written news, scored by the errata-bench harness with document-bootstrap "
        "confidence intervals and a signature per score."],
    "rai:dataLimitations": [
        "Fifty documents, five of them natural: intervals on the natural subset alone are wide and per-type figures "
        "rest on few items.",
        "Forty documents were written by the project's own language-model sessions; their planted errors imitate the "
        "network's but are not the network's, and the adjudicators saw the plans.",
        "One topic and period: reports of the Russian war against Ukraine from late 2025, mostly of Russian "
        "official statements.",
        "Verdicts reflect what the sources said by the dates of the evidence; contested battlefield claims are "
        "judged as reports of what a party said.",
        "The labels are judgements of AI annotators, documented and auditable, not ground truth beyond dispute."],
    "rai:dataBiases": [
        "The articles repeat one party's framing of a war; they were published on sites that press reports "
        "attribute to a Russian influence operation (CopyCop / Storm-1516).",
        "The error types follow what machine rewriting of wire copy produces (names, places, dates, units, "
        "acronyms), not errors in general."],
    "rai:dataSocialImpact": (
        "The texts are propaganda-adjacent and are distributed as objects of study, every factual error marked and "
        "sourced; labels judge facts, never sides. Do not use Errata to train generators of news text."),
    "rai:personalSensitiveInformation": [
        "Names of public officials and military officers acting in public roles, as reported by the press; no "
        "private individuals' personal data."],
    "rai:dataReleaseMaintenancePlan": (
        "Semantic versioning of the data; the version and a content hash are stamped into every score signature. "
        "Article texts are removed on request."),
}
_DATA_TYPES = {"integer": "sc:Integer", "number": "sc:Float", "string": "sc:Text", "boolean": "sc:Boolean"}
_DOCUMENT_LAYERS = {"sentences", "entities", "claims", "errors"}


def write(gold: Gold, dataset: Path) -> tuple[dict[str, str], list[str]]:
    """``croissant.json`` and the config files it describes; the nested fields it leaves out are listed."""
    files, lost = {}, []
    for config in CONFIGS:
        for split in SPLITS:
            path = dataset / config / f"{split}.jsonl"
            if not path.is_file():
                raise HarnessError(Problem(str(path), "missing: run `harness build` first"))
            files[f"data/{config}/{split}.jsonl"] = read_bytes(path).decode("utf-8")
    meta = read_json(dataset / "dataset.json")
    schema = load_schema("gold-document")
    distribution, record_sets = [], []
    for config in CONFIGS:
        properties = (schema["properties"] if config == DEFAULT_CONFIG else {
            "doc_id": schema["properties"]["doc_id"], "subset": schema["properties"]["subset"],
            **_resolve(schema["properties"][FLAT_CONFIGS[config]]["items"], schema["$defs"])["properties"]})
        for split in SPLITS:
            name, relative = f"{config}-{split}", f"data/{config}/{split}.jsonl"
            distribution.append({
                "@type": "cr:FileObject", "@id": f"{name}-file", "name": f"{name}-file", "contentUrl": relative,
                "encodingFormat": "application/jsonlines", "sha256": hashlib.sha256(files[relative].encode("utf-8")).hexdigest(),
            })
            fields = []
            for field_name, node in properties.items():
                kind = _scalar_type(node, schema["$defs"])
                if kind is None:
                    if split == SPLITS[0] and not (config == DEFAULT_CONFIG and field_name in _DOCUMENT_LAYERS):
                        lost.append(f"croissant: {config}.{field_name} (nested) is in the JSONL files but not described")
                    continue
                field = {"@type": "cr:Field", "@id": f"{name}/{field_name}", "name": field_name, "dataType": kind,
                         "source": {"fileObject": {"@id": f"{name}-file"}, "extract": {"column": field_name}}}
                if field_name == "doc_id" and config != DEFAULT_CONFIG:
                    field["references"] = {"field": {"@id": f"{DEFAULT_CONFIG}-{split}/doc_id"}}
                fields.append(field)
            record_sets.append({"@type": "cr:RecordSet", "@id": name, "name": name,
                                "description": f"One row per {'document' if config == DEFAULT_CONFIG else config[:-1]} "
                                               f"of the {split} split (Hugging Face config {config!r}, split {split!r}).",
                                "field": fields})
    metadata = {
        "@context": CONTEXT, "@type": "sc:Dataset", "conformsTo": CONFORMS_TO, "name": meta["name"],
        "description": (f"Errata {gold.version} (content sha {gold.sha12}): expert annotations of machine-written news "
                        "articles for entity recognition, claim detection, verdicts and factual-error detection."),
        "license": f"Annotations: {meta['license_annotations']}. Article text: {meta['license_text']}",
        "url": URL, "creator": CREATOR, "citeAs": CITATION % gold.version, "inLanguage": "en",
        "version": gold.version, **RAI, "distribution": distribution, "recordSet": record_sets,
    }
    files[FILE_NAME] = json_text(metadata)
    return files, lost


def _resolve(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    return _resolve(defs[node["$ref"].rsplit("/", 1)[1]], defs) if "$ref" in node else node


def _scalar_type(node: dict[str, Any], defs: dict[str, Any]) -> str | None:
    """The Croissant data type of a scalar (or nullable scalar) schema node; None for arrays and objects."""
    node = _resolve(node, defs)
    if "oneOf" in node:
        (branch,) = [b for b in node["oneOf"] if b.get("type") != "null"]
        return _scalar_type(branch, defs)
    if "enum" in node:
        return "sc:Text"
    kinds = node["type"] if isinstance(node["type"], list) else [node["type"]]
    (kind,) = [k for k in kinds if k != "null"]
    return _DATA_TYPES.get(kind)
