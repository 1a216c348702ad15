"""Build the Hugging Face configs, the README front matter and the generated sections of
README.md and CARD.md (composition, agreement, baselines) from the data.

The gold files under ``data/gold/`` are the one source of truth. ``harness build`` writes
``data/<config>/test.jsonl`` for the configs below and regenerates README.md's YAML
front matter (``configs``, ``dataset_info`` with features derived from the JSON Schema,
and exact split sizes). ``datasets`` keys its cache on that YAML only, so the YAML must
change whenever the data does: ``check_build`` reports any drift and a test runs it.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

from .inputs import load_gold
from .layout import CONFIGS, DEFAULT_CONFIG, FLAT_CONFIGS, SPLITS
from .model import Gold, Submission
from .problems import Problem
from .resources import load_schema
from .textfmt import interval, markdown_table, num

# Hub metadata that does not come from the data.
CARD_METADATA: dict[str, Any] = {
    "pretty_name": "Errata",
    "language": ["en"],
    "license": "other",
    "license_name": "errata-mixed",
    "license_details": (
        "Annotations (entities, sentences, claims, verdicts, errors, rationales, evidence summaries): CC-BY-4.0. "
        "Article text: third-party machine-written articles, redistributed for research and evaluation only; "
        "rights remain with their publishers (see CARD.md)."
    ),
    "annotations_creators": ["machine-generated"],
    "language_creators": ["machine-generated"],
    "multilinguality": ["monolingual"],
    "source_datasets": ["original"],
    "size_categories": ["n<1K"],
    "task_categories": ["token-classification", "text-classification"],
    "task_ids": ["named-entity-recognition", "fact-checking"],
    "tags": ["claim-detection", "fact-checking", "misinformation", "machine-generated-text", "benchmark"],
}


def _feature(node: dict[str, Any], defs: dict[str, Any]) -> Any:
    """A ``datasets`` feature for one JSON Schema node (int32 offsets, string labels)."""
    from datasets import List, Value

    if "$ref" in node:
        return _feature(defs[node["$ref"].rsplit("/", 1)[1]], defs)
    if "oneOf" in node:
        (branch,) = [b for b in node["oneOf"] if b.get("type") != "null"]
        return _feature(branch, defs)
    if "enum" in node or "const" in node:
        return Value("string")
    kinds = node["type"] if isinstance(node["type"], list) else [node["type"]]
    (kind,) = [k for k in kinds if k != "null"]
    if kind == "object":
        return {name: _feature(sub, defs) for name, sub in node["properties"].items()}
    if kind == "array":
        return List(_feature(node["items"], defs))
    return Value({"integer": "int32", "number": "float64", "string": "string", "boolean": "bool"}[kind])


def config_features(config: str) -> Any:
    """The ``datasets.Features`` of a config, generated from the gold-document schema; the rows
    of a flat config carry their document's id and subset."""
    from datasets import Features, Value

    schema = load_schema("gold-document")
    defs = schema["$defs"]
    if config == DEFAULT_CONFIG:
        return Features({name: _feature(node, defs) for name, node in schema["properties"].items()})
    layer = FLAT_CONFIGS[config]
    record = _feature(schema["properties"][layer]["items"], defs)
    return Features({"doc_id": Value("string"), "subset": Value("string"), **record})


def config_rows(docs: list[dict[str, Any]]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """The rows of every config and split from validated gold document dicts, in doc id order."""
    docs = sorted(docs, key=lambda d: d["doc_id"])
    rows: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for split in SPLITS:
        part = [doc for doc in docs if doc["split"] == split]
        rows.setdefault(DEFAULT_CONFIG, {})[split] = part
        for config, layer in FLAT_CONFIGS.items():
            rows.setdefault(config, {})[split] = [
                {"doc_id": doc["doc_id"], "subset": doc["subset"], **record} for doc in part for record in doc[layer]]
    return rows


def _jsonl(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def _split_sizes(config: str, split: str, content: str) -> dict[str, int]:
    """num_bytes and num_examples exactly as ``datasets`` records them for this file."""
    from datasets import disable_progress_bars, load_dataset

    if not content:
        return {"num_bytes": 0, "num_examples": 0}
    disable_progress_bars()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{split}.jsonl"
        path.write_text(content, encoding="utf-8")
        dataset = load_dataset("json", data_files={split: str(path)}, features=config_features(config),
                               split=split, cache_dir=str(Path(tmp) / "cache"))
        info = dataset.info.splits[split]
        return {"num_bytes": int(info.num_bytes), "num_examples": int(info.num_examples)}


def _yaml_features() -> dict[str, list[Any]]:
    """Each config's features as the Hub's YAML lists them, by ``datasets``' own card-data export."""
    from datasets import DatasetInfo
    from datasets.info import DatasetInfosDict
    from huggingface_hub import DatasetCardData

    card = DatasetCardData()
    DatasetInfosDict({name: DatasetInfo(features=config_features(name)) for name in CONFIGS}).to_dataset_card_data(card)
    return {info["config_name"]: info["features"] for info in card.to_dict()["dataset_info"]}


def front_matter(contents: dict[str, dict[str, str]]) -> str:
    """README.md's YAML front matter for the given config file contents (config -> split -> text)."""
    import yaml

    configs = [
        {"config_name": name,
         "data_files": [{"split": split, "path": f"data/{name}/{split}.jsonl"} for split in SPLITS],
         **({"default": True} if name == DEFAULT_CONFIG else {})}
        for name in CONFIGS
    ]
    features = _yaml_features()
    infos = []
    for name in CONFIGS:
        splits = [{"name": split, **_split_sizes(name, split, contents[name][split])} for split in SPLITS]
        infos.append({
            "config_name": name,
            "features": features[name],
            "splits": splits,
            "dataset_size": sum(split["num_bytes"] for split in splits),
        })
    metadata = {**CARD_METADATA, "configs": configs, "dataset_info": infos}
    return "---\n" + yaml.safe_dump(metadata, sort_keys=False, allow_unicode=True, width=100) + "---\n"


def _split_readme(readme: str) -> tuple[str, str]:
    """(front matter, body) of a README; the front matter is empty when there is none."""
    if readme.startswith("---\n"):
        end = readme.find("\n---\n", 4)
        if end != -1:
            return readme[: end + 5], readme[end + 5:]
    return "", readme


_MARKER = re.compile(r"(<!-- BEGIN GENERATED: ([a-z]+) -->\n).*?(<!-- END GENERATED: \2 -->)", re.S)


def _fill_sections(text: str, sections: dict[str, str]) -> str:
    """Replace every generated section of a Markdown file (markers name the section)."""
    return _MARKER.sub(lambda m: m.group(1) + sections[m.group(2)] + m.group(3)
                       if m.group(2) in sections else m.group(0), text)


def _md_table(header: list[str], rows: list[list[object]]) -> str:
    return "\n".join(markdown_table(header, rows)) + "\n"


def composition_section(gold: Gold) -> str:
    """Counts per subset and split, and per label, verdict, error type and confidence."""
    from collections import Counter

    from .model import SUBSETS

    rows = []
    for subset in SUBSETS:
        for split in SPLITS:
            docs = list(gold.select(split, subset).documents.values())
            if docs:
                rows.append([subset, split, len(docs), sum(not d.errors for d in docs), sum(len(d.sentences) for d in docs),
                             sum(len(d.entities) for d in docs), sum(len(d.claims) for d in docs),
                             sum(len(d.errors) for d in docs), sum(len({x.group_id for x in d.errors}) for d in docs)])
    rows.append(["**total**", "", *(sum(r[i] for r in rows) for i in range(2, 9))])
    out = _md_table(["subset", "split", "documents", "error-free documents", "sentences", "entities", "claims",
                     "errors", "error groups"], rows)
    docs = list(gold.documents.values())
    for title, values in (
        ("entity label", [e.label for d in docs for e in d.entities]),
        ("claim verdict", [c.verdict for d in docs for c in d.claims]),
        ("claimant", ["article" if c.claimant == "article" else "unnamed party" if c.claimant.startswith("unnamed:")
                      else "named entity" for d in docs for c in d.claims]),
        ("error type", [x.type for d in docs for x in d.errors]),
        ("error confidence", [x.confidence for d in docs for x in d.errors]),
    ):
        counts = Counter(values)
        out += "\n" + _md_table([title, "count"], [[k, v] for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))])
    return out


# The blind passes behind each subset's labels: (subset, pass A file, pass B file), relative to the repository.
PASSES = (("natural", "annotations/pass_a.json", "annotations/pass_b.json"),
          ("controlled", "annotations/controlled/pass_a.json", "annotations/controlled/pass_b.json"),
          ("twin", "annotations/controlled/pass_a.json", "annotations/controlled/pass_b.json"))


def agreement_section(root: Path, gold: Gold) -> str:
    """Inter-annotator agreement of the two blind passes per subset, as ``harness agree`` computes it."""
    from .inputs import load_submission
    from .scoring import agree
    from .tasks import TASKS

    loaded: dict[str, Submission] = {}

    def passes(name: str) -> Submission:
        """A pass file, read once though two subsets share it."""
        if name not in loaded:
            loaded[name] = load_submission(root / name)
        return loaded[name]

    rows, commands, signature = [], [], ""
    for subset, file_a, file_b in PASSES:
        if not (root / file_a).exists():
            continue
        ids = gold.select(subset=subset).documents
        tasks = agree(passes(file_a).select(ids), passes(file_b).select(ids))["tasks"]
        for task, definition in TASKS.items():
            head = tasks[task]["headline"]
            kappa = tasks[task].get("kappa")
            kappa_text = "" if kappa is None or kappa["kappa"] is None else f"{kappa['kappa']:.3f} (n={kappa['n_items']})"
            group = tasks[task][head["metric"].split(".")[0]]
            empty = all(group.get(count) == 0 for count in ("tp", "fp", "fn"))
            value = "nothing to agree on: neither pass has one" if empty else f"{num(head['value'], 3)} {interval(head['ci'], 3)}"
            rows.append([subset, task, definition.agreement, value, kappa_text])
        signature = tasks["entities"]["signature_string"].split("|task:")[0]
        commands.append(f"`harness agree {file_a} {file_b}`")
    table = _md_table(["subset", "layer", "measure", "pass B vs pass A [95% CI]", "Cohen's kappa on matched items"], rows)
    return table + f"\nReproduce: {' and '.join(dict.fromkeys(commands))} (the controlled files hold the controlled and twin documents; the table splits them by subset; {signature}).\n"


def baselines_section(root: Path, gold: Gold) -> str:
    """Every committed baseline's headline scores on the test split with 95% CIs, as ``harness eval``
    prints them, then each subset's."""
    from .inputs import load_submission
    from .model import SUBSETS
    from .report import headline_cells
    from .scoring import evaluate
    from .tasks import TASKS

    outputs = sorted((root / "baselines" / "outputs").glob("*.json"))
    rows, signatures, by_subset = [], {}, {}
    for path in outputs:
        results = evaluate(gold, load_submission(path, gold))
        name = f"`{results['system']['name']}`"
        rows.append([name, *headline_cells(results, digits=3, missing="")])
        signatures.update({task: figures["signature_string"] for task, figures in results["tasks"].items()})
        for subset in SUBSETS:
            heads = {t: figures["subsets"][subset] for t, figures in results["tasks"].items() if subset in figures.get("subsets", {})}
            if heads:
                by_subset.setdefault(subset, []).append(
                    [name, *(f"{num(heads[t]['value'], 3)} {interval(heads[t]['ci'], 3)}" if t in heads else "" for t in TASKS)])
    if not rows:
        return "No baseline outputs are committed yet.\n"
    header = ["system", *(f"{name}: {task.headline}" for name, task in TASKS.items())]
    out = "Test split, all subsets:\n\n" + _md_table(header, rows)
    for subset, subset_rows in by_subset.items():
        out += f"\nTest split, {subset} subset only:\n\n" + _md_table(header, subset_rows)
    return out + "\nSignatures:\n\n" + "".join(f"- {t}: `{signatures[t]}`\n" for t in TASKS if t in signatures)


def planned_outputs(root: Path) -> dict[Path, str]:
    """Every file ``harness build`` writes under ``root``, with its content."""
    from .inputs import gold_files, read_json

    gold = load_gold(root / "data")  # raises HarnessError listing every problem
    rows = config_rows([read_json(path) for path in gold_files(root / "data")])
    contents = {name: {split: _jsonl(rows[name][split]) for split in SPLITS} for name in CONFIGS}
    outputs = {root / "data" / name / f"{split}.jsonl": contents[name][split] for name in CONFIGS for split in SPLITS}
    sections = {"composition": composition_section(gold)}
    if (root / "annotations" / "pass_a.json").exists():
        sections["agreement"] = agreement_section(root, gold)
    if (root / "baselines" / "outputs").is_dir():
        sections["baselines"] = baselines_section(root, gold)
    readme_path = root / "README.md"
    body = _split_readme(readme_path.read_text(encoding="utf-8"))[1] if readme_path.exists() else "\n# Errata\n"
    outputs[readme_path] = front_matter(contents) + _fill_sections(body, sections)
    card_path = root / "CARD.md"
    if card_path.exists():
        outputs[card_path] = _fill_sections(card_path.read_text(encoding="utf-8"), sections)
    return outputs


def build(root: Path) -> list[Path]:
    """Write the configs and README front matter; returns the files that changed."""
    from .atomic import write_text_atomic

    changed = []
    for path, content in planned_outputs(root).items():
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(path, content)
            changed.append(path)
    return changed


def check_build(root: Path) -> list[Problem]:
    """Problems where the built files or README YAML are out of sync with data/gold."""
    problems = []
    for path, content in planned_outputs(root).items():
        if not path.exists():
            problems.append(Problem(str(path), "missing: run `harness build`"))
        elif path.read_text(encoding="utf-8") != content:
            what = "YAML front matter" if path.name == "README.md" else "content"
            problems.append(Problem(str(path), f"{what} is out of sync with data/gold: run `harness build`"))
    return problems

