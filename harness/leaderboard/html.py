"""The static site: ``index.html`` and one page per system and document, rendered from the
Jinja2 templates in ``templates/`` with autoescaping on.

Every string that comes from a submission (name, version, description, URL) reaches the page
through the templates, which escape it in text and attributes alike; links are made only for
http(s) URLs (:func:`~harness.leaderboard.entries.safe_url`). Pages carry their stylesheet and
script inline and a Content-Security-Policy that admits exactly those two (by hash) and nothing
else, so the page loads from ``file://`` or any static host with no network, and an injected
script would not run even if escaping failed. The tables, chart and span highlights are plain
HTML, SVG and CSS: readable without JavaScript, which only adds sorting and filtering.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from ..model import Document, Gold, data_id
from ..report import anchoring_items
from ..textfmt import interval, num
from .board import BREAKDOWNS, COLUMNS, SUBSET_COLUMNS, board_text, breakdown_labels, level, number
from .cards import eval_results, eval_yaml, model_index
from .entries import Entry, safe_url, slug
from .spans import LAYERS, OUTCOMES, Cover, Mark, covers, marks, outcome_counts

ASSETS = Path(__file__).resolve().parent / "assets"
CHART_WIDTH, CHART_LEFT, CHART_RIGHT, CHART_ROW = 760, 240, 64, 24
OUTCOME_TEXT = {"matched": ("matched", "\u2713"), "wrong_type": ("wrong type", "\u2260"),
                "boundary": ("boundary", "\u2248"), "missed": ("missed", "\u25cb"), "spurious": ("spurious", "\u2717")}
OUTCOME_HELP = {
    "matched": "paired with a span of the other side with the same label",
    "wrong_type": "paired, but the label (entity type, verdict or error type) differs",
    "boundary": "overlaps a span of the other side without being paired (other boundaries)",
    "missed": "a gold span no prediction covers",
    "spurious": "a predicted span that covers no gold span",
}
LAYER_TITLES = {"entities": "Entities", "claims": "Claims (label: verdict)", "errors": "Errors (label: error type)"}
DOWNLOADS = ("leaderboard.json", "leaderboard.md", "leaderboard.csv", "eval.yaml")


def _code_spans(text: str) -> Markup:
    """Escaped text with `backquoted` parts set as code (for the harness's own prose, e.g. the rank rule)."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))


@lru_cache(maxsize=None)
def _environment() -> Environment:
    environment = Environment(loader=PackageLoader(__package__, "templates"), autoescape=True,
                              undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    environment.filters.update(num=num, interval=interval, code_spans=_code_spans)
    environment.globals.update(safe_url=safe_url, doc_page=lambda entry_id, doc_id: doc_page(entry_id, doc_id))
    return environment


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def _page(template: str, title: str, script: bool = True, **context: Any) -> str:
    """A complete HTML page with the inline stylesheet (and script) admitted by hash in its CSP."""
    css, js = _asset("style.css"), _asset("leaderboard.js")
    script_src = _hash(js) if script else "'none'"
    policy = (f"default-src 'none'; style-src {_hash(css)}; script-src {script_src}; img-src 'none'; "
              "base-uri 'none'; form-action 'none'")
    return _environment().get_template(template).render(title=title, policy=policy, css=css, js=js, script=script,
                                                        **context) + "\n"


def _entries(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in document["entries"]}


def _by_name(entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(entries, key=lambda e: (e["system"]["name"].lower(), e["system"]["version"], e["id"]))


# ------------------------------------------------------------------------------------------- chart


def _chart(document: dict[str, Any], board: dict[str, Any]) -> dict[str, Any]:
    """Geometry of the headline chart (score with CI whiskers, one row per system, on the full 0-1
    scale), every coordinate formatted as the SVG gets it."""
    entries = _entries(document)
    rows = board["rows"]
    top, bottom = 8, 28
    height = top + CHART_ROW * len(rows) + bottom
    span = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    x = lambda v: f"{CHART_LEFT + v * span:.1f}"  # noqa: E731
    dots = []
    group = 0
    for index, row in enumerate(rows):
        y = top + CHART_ROW * index + CHART_ROW / 2
        system = entries[row["entry"]]["system"]
        label = f"{system['name']} {system['version']}".strip()
        if row["rank"] is not None and row["compared_with"] is not None and row["rank"] != rows[index - 1]["rank"]:
            group += 1
        dots.append({
            "tip": f"{label}: {row['value']:.4f} {interval(row['ci'])}" + ("" if row["rank"] is None else f", rank {row['rank']}"),
            "shown": label if len(label) <= 34 else label[:33] + "\u2026",
            "kind": "untested" if row["rank"] is None else ("alt" if group % 2 else ""),
            "low": x(row["ci"][0]), "high": x(row["ci"][1]), "cx": x(row["value"]), "value": f"{row['value']:.3f}",
            "y": f"{y:.1f}", "y_top": f"{y - 5:.1f}", "y_bottom": f"{y + 5:.1f}", "text_y": f"{y + 4:.1f}",
        })
    return {"width": CHART_WIDTH, "height": height, "top": top, "base": height - bottom, "tick_y": height - bottom + 16,
            "ticks": [{"x": x(tick / 5), "label": f"{tick / 5:.1f}"} for tick in range(6)], "x0": x(0), "x1": x(1),
            "label_x": CHART_LEFT - 10, "value_x": CHART_WIDTH - CHART_RIGHT + 8, "dots": dots}


# ------------------------------------------------------------------------------------------- index


def _board(document: dict[str, Any], board: dict[str, Any]) -> dict[str, Any]:
    """One board's texts, chart, table rows and per-label breakdown, as the index template shows them."""
    entries = _entries(document)
    title, headline, about = board_text(board, document["settings"])
    columns = COLUMNS[board["metric"]]
    rows = []
    for index, row in enumerate(board["rows"]):
        entry = entries[row["entry"]]
        task = entry["results"]["tasks"][board["task"]]
        rows.append({**row, "entry": entry, "prompt": row.get("prompt"),
                     "new_group": index > 0 and row["rank"] is not None and row["rank"] != board["rows"][index - 1]["rank"],
                     "versus": "" if row["compared_with"] is None else f"vs {entries[row['compared_with']]['system']['name']}",
                     "columns": [number(task, path) for _, path in columns]})
    breakdown = None
    if board["metric"] in BREAKDOWNS:
        breakdown_title, mapping, inner, _ = BREAKDOWNS[board["metric"]]
        labels = breakdown_labels(document, board)
        breakdown = {"title": breakdown_title, "labels": labels, "rows": [
            {"entry": entries[row["entry"]], "figures": [
                number(entries[row["entry"]]["results"]["tasks"][board["task"]], f"{mapping}.{label}.{inner}")
                for label in labels]}
            for row in board["rows"]]}
    tasks = [(entries[row["entry"]], entries[row["entry"]]["results"]["tasks"][board["task"]]) for row in board["rows"]]
    present = [(name, path) for name, path in SUBSET_COLUMNS if any(number(task, path) is not None for _, task in tasks)]
    subsets = {"labels": [name for name, _ in present],
               "rows": [{"entry": entry, "figures": [number(task, path) for _, path in present]} for entry, task in tasks]}
    return {"task": board["task"], "task_id": board["task_id"], "title": title, "headline": headline, "about": about,
            "signature_string": board["signature_string"], "chart": _chart(document, board), "rows": rows,
            "column_names": [name for name, _ in columns], "breakdown": breakdown, "subsets": subsets}


def index_page(document: dict[str, Any], gold: Gold) -> str:
    """The leaderboard: overview, one section per board, documents, model-card snippets, refusals."""
    boards = document["boards"]
    by_board = [{r["entry"]: r for r in b["rows"]} for b in boards]
    overview = [{**entry, "cells": [rows.get(entry["id"]) for rows in by_board]} for entry in _by_name(document["entries"])]
    cards = [{"name": e["system"]["name"], "version": e["system"]["version"],
              "model_index": model_index(document, e["id"]), "model_index_path": card_path(e["id"], "model-index.yaml"),
              "eval_results": eval_results(document, e["id"]), "eval_results_path": card_path(e["id"], "eval_results.yaml")}
             for e in document["entries"]]
    anchored = [_anchoring(entry) for entry in _by_name(document["entries"]) if "anchoring" in entry["results"]]
    return _page("index.html.j2", "Errata leaderboard", document=document, settings=document["settings"],
                 anchored=anchored, methods=anchored[0]["methods"] if anchored else [],
                 data_id=data_id(document["data"]), level=level(document), downloads=DOWNLOADS,
                 boards=[_board(document, board) for board in boards], overview=overview,
                 viewed=_by_name(e for e in document["entries"] if e["kind"] == "submission"),
                 docs=[{"doc_id": d.doc_id, "label": doc_label(d)} for d in gold.documents.values()],
                 cards=cards, eval_yaml=eval_yaml(document))


def _anchoring(entry: dict[str, Any]) -> dict[str, Any]:
    """What the page shows of a quote-based entry's anchoring report: prompts, counts per method
    summed over layers, and every record dropped or judged wrong."""
    report = entry["results"]["anchoring"]
    methods = list(next(iter(report["counts"].values()), {}))
    return {"entry": entry, "prompts": ", ".join(f"{layer} {prompt}" for layer, prompt in report["prompts"].items()),
            "methods": methods, "counts": [sum(c[m] for c in report["counts"].values()) for m in methods],
            "items": {title: lines for title, lines in anchoring_items(report).items() if lines}}


# ------------------------------------------------------------------------------- per-document view


def doc_label(doc: Document) -> str:
    first = doc.title or doc.text.strip().split("\n", 1)[0]
    return first if len(first) <= 80 else first[:79] + "\u2026"


def doc_page(entry_id: str, doc_id: str) -> str:
    """Site-relative path of a system's view of a document (both parts are sanitised stems)."""
    return f"docs/{entry_id}/{file_stem(doc_id)}.html"


def card_path(entry_id: str, name: str) -> str:
    return f"cards/{entry_id}/{name}"


def file_stem(text: str) -> str:
    """``text`` when it is a plain file stem, else a sanitised one (doc ids come from the gold)."""
    return text if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}", text) else slug(text, "")


def _describe(mark: Mark) -> str:
    side = "gold" if mark.side == "gold" else "predicted"
    text = f"{side} {mark.label or 'span'} [{mark.start}, {mark.end}): {OUTCOME_TEXT[mark.outcome][0]}"
    return text + (f" (other side: {mark.partner_label})" if mark.outcome == "wrong_type" and mark.partner_label else "")


def _tag(mark: Mark, both: bool = False) -> dict[str, str]:
    """The label tag after a span; ``both`` for a gold span and a prediction matched with the same boundaries."""
    side = "both" if both else ("gold" if mark.side == "gold" else "pred")
    name, glyph = OUTCOME_TEXT[mark.outcome]
    return {"side": side, "outcome": mark.outcome, "title": _describe(mark), "label": mark.label or "span",
            "who": {"both": "gold and predicted", "gold": "gold", "pred": "predicted"}[side], "glyph": glyph, "name": name}


def _tags(marks: list[Mark]) -> list[dict[str, str]]:
    """Tags of the spans ending at one point: gold first; a matched gold span and its prediction
    with the same boundaries and label share one tag."""
    marks = sorted(marks, key=lambda m: (m.side != "gold", -m.start))
    shared = {(m.start, m.label) for m in marks if m.side == "gold" and m.outcome == "matched"} & {
        (m.start, m.label) for m in marks if m.side == "pred" and m.outcome == "matched"}
    tags = []
    for mark in marks:
        key = (mark.start, mark.label)
        if mark.outcome == "matched" and key in shared:
            if mark.side == "gold":
                tags.append(_tag(mark, both=True))
            continue
        tags.append(_tag(mark))
    return tags


# the spans a piece's hover text describes; beyond, only the shortest gold and predicted ones (the
# page stays linear in the spans however they overlap)
TITLE_SPANS = 4


def _more(cover: Cover) -> str:
    hidden = cover.count - len(cover.described)
    return f"; and {hidden} more span(s) covering this text" if hidden else ""


def _pieces(text: str, marks: list[Mark]) -> list[dict[str, Any]]:
    """The text cut at every span boundary: each piece with the outcome classes of the shortest gold
    and shortest predicted span covering it, its hover text (at most TITLE_SPANS spans described),
    and the tags of the spans ending after it."""
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    ending: dict[int, list[Mark]] = {}
    for mark in marks:
        ending.setdefault(mark.end, []).append(mark)
    pieces = []
    for a, b, cover in zip(cuts, cuts[1:], covers(marks, cuts, TITLE_SPANS)):
        classes = title = ""
        if cover.count:
            names = ["span"]
            for side, prefix in (("gold", "g"), ("pred", "p")):
                inner = cover.inner.get(side)
                if inner is not None:
                    names.append(f"{prefix}-{inner.outcome}")
            classes = " ".join(names)
            title = "; ".join(_describe(m) for m in cover.described) + _more(cover)
        pieces.append({"text": text[a:b], "classes": classes, "title": title, "tags": _tags(ending.get(b, []))})
    return pieces


def highlight(text: str, marks: Iterable[Mark]) -> str:
    """The text as HTML with every span highlighted and tagged with its label and outcome."""
    return str(_environment().get_template("spans.html.j2").module.highlight(_pieces(text, list(marks))))


def document_page(document: dict[str, Any], entry: Entry, gold: Gold, doc_id: str, iou_threshold: float,
                  rows: dict[tuple[str, str], list[dict[str, Any]]]) -> str:
    """One system's predictions on one article, every layer it predicts, against the gold; ``rows``
    are the system's explanation rows by (layer, doc id) (:func:`.spans.explained`)."""
    doc = gold.documents[doc_id]
    sub_doc = entry.submission.documents.get(doc_id)
    order = list(gold.documents)
    position = order.index(doc_id)
    layers = [layer for layer in LAYERS if layer in entry.submission.layers()]
    nav = [{"href": "../../index.html", "text": "\u2190 leaderboard"}]
    if position > 0:
        nav.append({"href": f"{file_stem(order[position - 1])}.html", "text": "previous document"})
    if position + 1 < len(order):
        nav.append({"href": f"{file_stem(order[position + 1])}.html", "text": "next document"})
    nav += [{"href": f"#layer-{layer}", "text": LAYER_TITLES[layer]} for layer in layers]
    sections = []
    for layer in layers:
        layer_marks = marks(rows.get((layer, doc_id), []))
        counts = outcome_counts(layer_marks)
        summary = " \u00b7 ".join(
            f"{side_name}: " + ", ".join(f"{n} {OUTCOME_TEXT[o][0]}" for o, n in counts[side].items() if n) if any(counts[side].values())
            else f"{side_name}: none"
            for side, side_name in (("gold", "gold spans"), ("pred", "predicted spans")))
        sections.append({"layer": layer, "title": LAYER_TITLES[layer], "summary": summary, "pieces": _pieces(doc.text, layer_marks)})
    legend = [{"outcome": o, "name": OUTCOME_TEXT[o][0], "glyph": OUTCOME_TEXT[o][1], "help": OUTCOME_HELP[o]} for o in OUTCOMES]
    return _page("document.html.j2", f"{entry.label} \u2014 {doc_label(doc)}", script=False,
                 heading=doc.title or doc_label(doc), position=position + 1, count=len(order), doc_id=doc_id,
                 system=entry.system, data_id=data_id(document["data"]), nav=nav, legend=legend,
                 missing=sub_doc is None, sections=sections, iou=iou_threshold)
