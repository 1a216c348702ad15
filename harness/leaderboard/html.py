"""The static site: ``index.html`` and one page per system and document.

Every string that comes from a submission (name, version, description, URL) goes through
:func:`esc` (``html.escape`` with quotes) in text and attributes alike; links are made only for
http(s) URLs. Pages carry their stylesheet and script inline and a Content-Security-Policy that
admits exactly those two (by hash) and nothing else, so the page loads from ``file://`` or any
static host with no network, and an injected script would not run even if escaping failed.
The tables, chart and span highlights are plain HTML, SVG and CSS: readable without JavaScript,
which only adds sorting and filtering.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..model import Document, Gold, data_id
from ..textfmt import interval, num
from .board import BREAKDOWNS, COLUMNS, board_text, breakdown_labels, level, number
from .cards import eval_results, eval_yaml, model_index
from .entries import Entry, safe_url, slug
from .spans import LAYERS, OUTCOMES, Mark, layer_marks, outcome_counts

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


def esc(value: object) -> str:
    """Text or attribute value, HTML-escaped (quotes too)."""
    return html.escape(str(value), quote=True)


def _code_spans(text: str) -> str:
    """Escaped text with `backquoted` parts set as code (for the harness's own prose, e.g. the rank rule)."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", esc(text))


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def page(title: str, body: str, script: bool = True) -> str:
    """A complete HTML page with the inline stylesheet (and script) admitted by hash in its CSP."""
    css, js = _asset("style.css"), _asset("leaderboard.js")
    script_src = _hash(js) if script else "'none'"
    policy = (f"default-src 'none'; style-src {_hash(css)}; script-src {script_src}; img-src 'none'; "
              "base-uri 'none'; form-action 'none'")
    tail = f"<script>{js}</script>\n" if script else ""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{esc(policy)}\">\n"
            "<meta name=\"referrer\" content=\"no-referrer\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{esc(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n{body}\n{tail}</body>\n</html>\n")


def system_link(system: dict[str, Any]) -> str:
    """The system name, linked to its URL only when that is a plain http(s) URL."""
    url = safe_url(system.get("url"))
    name = esc(system["name"])
    return f'<a href="{esc(url)}" rel="nofollow noopener noreferrer">{name}</a>' if url else name


def _entries(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in document["entries"]}


def _row_attrs(entry: dict[str, Any], extra: str = "") -> str:
    name = f"{entry['system']['name']} {entry['system']['version']}".lower()
    return f' data-name="{esc(name)}"' + (f' class="{extra}"' if extra else "")


def _th(label: str, first: str = "descending", cls: str = "", title: str = "") -> str:
    attrs = f' data-first="{first}"' + (f' class="{cls}"' if cls else "") + (f' title="{esc(title)}"' if title else "")
    return f"<th{attrs}>{label}</th>"


def _num_td(value: float | None, text: str | None = None) -> str:
    sort = "" if value is None else f"{value:.6f}"
    return f'<td class="num" data-sort="{sort}">{text if text is not None else num(value)}</td>'


# ------------------------------------------------------------------------------------------- chart


def chart(document: dict[str, Any], board: dict[str, Any]) -> str:
    """Headline score with CI whiskers, one row per system, on the full 0-1 scale (inline SVG)."""
    entries = _entries(document)
    rows = board["rows"]
    top, bottom = 8, 28
    height = top + CHART_ROW * len(rows) + bottom
    span = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    x = lambda v: CHART_LEFT + v * span  # noqa: E731
    title, headline, _ = board_text(board, document["settings"])
    parts = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {CHART_WIDTH} {height}" '
             f'width="{CHART_WIDTH}" height="{height}" role="img" aria-label="{esc(f"{title}: {headline} with {level(document)} CIs")}">']
    for tick in range(6):
        tx = x(tick / 5)
        parts.append(f'<line class="grid" x1="{tx:.1f}" x2="{tx:.1f}" y1="{top}" y2="{height - bottom}"/>')
        parts.append(f'<text class="tick" x="{tx:.1f}" y="{height - bottom + 16}" text-anchor="middle">{tick / 5:.1f}</text>')
    parts.append(f'<line class="axis" x1="{x(0):.1f}" x2="{x(1):.1f}" y1="{height - bottom}" y2="{height - bottom}"/>')
    group = 0
    for index, row in enumerate(rows):
        y = top + CHART_ROW * index + CHART_ROW / 2
        system = entries[row["entry"]]["system"]
        label = f"{system['name']} {system['version']}".strip()
        shown = label if len(label) <= 34 else label[:33] + "\u2026"
        if row["rank"] is not None and row["compared_with"] is not None and row["rank"] != rows[index - 1]["rank"]:
            group += 1
        dot = "untested" if row["rank"] is None else ("alt" if group % 2 else "")
        low, high = (x(v) for v in row["ci"])
        tip = f"{label}: {row['value']:.4f} {interval(row['ci'])}" + ("" if row["rank"] is None else f", rank {row['rank']}")
        parts += [
            f'<g><title>{esc(tip)}</title>',
            f'<text x="{CHART_LEFT - 10}" y="{y + 4:.1f}" text-anchor="end">{esc(shown)}</text>',
            f'<line class="whisker" x1="{low:.1f}" x2="{high:.1f}" y1="{y:.1f}" y2="{y:.1f}"/>',
            f'<line class="whisker" x1="{low:.1f}" x2="{low:.1f}" y1="{y - 5:.1f}" y2="{y + 5:.1f}"/>',
            f'<line class="whisker" x1="{high:.1f}" x2="{high:.1f}" y1="{y - 5:.1f}" y2="{y + 5:.1f}"/>',
            f'<circle class="dot {dot}" cx="{x(row["value"]):.1f}" cy="{y:.1f}" r="5"/>',
            f'<text class="value" x="{CHART_WIDTH - CHART_RIGHT + 8}" y="{y + 4:.1f}">{row["value"]:.3f}</text></g>',
        ]
    parts.append("</svg>")
    return "".join(parts)


# ------------------------------------------------------------------------------------------- index


def _system_cell(system: dict[str, Any], description: bool = False, prompt: str | None = None) -> str:
    """Name (linked when the URL is http(s)), version, the prompt version of quote-based
    scores, and optionally the description under it."""
    version = f' <span class="version">{esc(system["version"])}</span>' if system["version"] else ""
    if prompt:
        version += f' <span class="version">prompt {esc(prompt)}</span>'

    about = (f'<div class="desc" title="{esc(system["description"])}">{esc(system["description"])}</div>'
             if description and system["description"] else "")
    return f'<td class="system" data-sort="{esc(system["name"].lower())}">{system_link(system)}{version}{about}</td>'


def _overview(document: dict[str, Any]) -> str:
    boards = document["boards"]
    head = [_th("System", "ascending", "text")]
    for board in boards:
        title, headline, _ = board_text(board, document["settings"])
        head.append(_th(f"{esc(title)}<br><small>{esc(headline)}</small>"))
    rows = []
    by_entry = {b["task_id"]: {r["entry"]: r for r in b["rows"]} for b in boards}
    for entry in sorted(document["entries"], key=lambda e: (e["system"]["name"].lower(), e["system"]["version"], e["id"])):
        cells = [_system_cell(entry["system"], description=True)]
        for board in boards:
            row = by_entry[board["task_id"]].get(entry["id"])
            if row is None:
                cells.append('<td class="num" data-sort="">\u2013</td>')
                continue
            rank = "not ranked" if row["rank"] is None else f"rank {row['rank']}"
            cells.append(_num_td(row["value"], f"{row['value']:.4f}<br><small>{interval(row['ci'])}<br>{rank}</small>"))
        rows.append(f"<tr{_row_attrs(entry)}>{''.join(cells)}</tr>")
    return (f'<div class="scroll"><table class="board sortable" id="overview-table"><thead><tr>{"".join(head)}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def _board_table(document: dict[str, Any], board: dict[str, Any]) -> str:
    entries = _entries(document)
    columns = COLUMNS[board["metric"]]
    _, headline, _ = board_text(board, document["settings"])
    head = [_th("Rank", "ascending", title="rank group: see the rule above"), _th("System", "ascending", "text"),
            _th(esc(headline)), _th(f"{level(document)} CI", cls="text"),
            _th("p vs leader", "descending", title="paired bootstrap p-value against the leader of the system's rank group "
                                                   "(for a group leader: against the previous group's leader)"),
            *(_th(esc(name)) for name, _ in columns)]
    rows = []
    for index, row in enumerate(board["rows"]):
        entry = entries[row["entry"]]
        task = entry["results"]["tasks"][board["task"]]
        new_group = index > 0 and row["rank"] is not None and row["rank"] != board["rows"][index - 1]["rank"]
        if row["rank"] is None:
            rank = '<td class="rank untested" data-sort="" title="from a results file: no predictions for the paired test">\u2013</td>'
        else:
            rank = f'<td class="rank" data-sort="{row["rank"]}">{row["rank"]}</td>'
        versus = ""
        if row["compared_with"] is not None:
            versus = f"vs {entries[row['compared_with']]['system']['name']}"
        p_cell = ('<td class="num" data-sort="">\u2013</td>' if row["p_value"] is None else
                  f'<td class="num" data-sort="{row["p_value"]:.6f}" title="{esc(versus)}">{row["p_value"]:.3f}</td>')
        cells = [rank, _system_cell(entry["system"], prompt=row.get("prompt")), _num_td(row["value"]), f'<td class="num text">{interval(row["ci"])}</td>', p_cell,
                 *(_num_td(number(task, path)) for _, path in columns)]
        rows.append(f"<tr{_row_attrs(entry, 'group-start' if new_group else '')}>{''.join(cells)}</tr>")
    return (f'<div class="scroll"><table class="board sortable" id="table-{esc(board["task_id"])}"><thead><tr>{"".join(head)}</tr>'
            f"</thead><tbody>{''.join(rows)}</tbody></table></div>")


def _breakdown(document: dict[str, Any], board: dict[str, Any]) -> str:
    if board["metric"] not in BREAKDOWNS:
        return ""
    title, mapping, inner, _ = BREAKDOWNS[board["metric"]]
    labels = breakdown_labels(document, board)
    entries = _entries(document)
    head = [_th("System", "ascending", "text"), *(_th(esc(label)) for label in labels)]
    rows = []
    for row in board["rows"]:
        entry = entries[row["entry"]]
        task = entry["results"]["tasks"][board["task"]]
        cells = [_system_cell(entry["system"]), *(_num_td(number(task, f"{mapping}.{label}.{inner}")) for label in labels)]
        rows.append(f"<tr{_row_attrs(entry)}>{''.join(cells)}</tr>")
    note = ""
    if board["task"] == "entities":
        note = ('<p class="note">Per-type rows filter both sides to one type, so a type swap counts as spurious under one '
                "type and missed under the other; they need not add up to the overall score.</p>")
    return (f"<h3>{esc(title)}</h3>{note}<div class=\"scroll\"><table class=\"board sortable breakdown\"><thead><tr>"
            f"{''.join(head)}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


def _documents(document: dict[str, Any], gold: Gold) -> str:
    scored = [e for e in document["entries"] if e["kind"] == "submission"]
    if not scored:
        return "<p>No entry carries predictions (results files only).</p>"
    docs = list(gold.documents.values())
    head = [_th("System", "ascending", "text"), *(
        f'<th title="{esc(doc_label(d))}">doc {i + 1}</th>' for i, d in enumerate(docs))]
    rows = []
    for entry in sorted(scored, key=lambda e: (e["system"]["name"].lower(), e["system"]["version"], e["id"])):
        cells = [_system_cell(entry["system"]),
                 *(f'<td class="text"><a href="{esc(doc_page(entry["id"], d.doc_id))}">view</a></td>' for d in docs)]
        rows.append(f"<tr{_row_attrs(entry)}>{''.join(cells)}</tr>")
    listing = "".join(f"<li>doc {i + 1}: <code>{esc(d.doc_id)}</code> \u2014 {esc(doc_label(d))}</li>" for i, d in enumerate(docs))
    return (f'<div class="scroll"><table class="board sortable"><thead><tr>{"".join(head)}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div><ul class=\"note\">{listing}</ul>")


def _cards(document: dict[str, Any]) -> str:
    parts = ['<p>Paste <code>model-index</code> into a model card\'s YAML front matter, or save the second block as '
             '<code>.eval_results/errata.yaml</code> in the model repo. Its <code>task_id</code> values are the task ids of '
             f'the dataset\'s <a href="eval.yaml"><code>eval.yaml</code></a>. Hub dataset id: <code>{esc(document["hub_dataset"])}</code>.</p>']
    for entry in document["entries"]:
        card, results = model_index(document, entry["id"]), eval_results(document, entry["id"])
        parts.append(f'<details><summary>{esc(entry["system"]["name"])} {esc(entry["system"]["version"])}</summary>'
                     f'<h4>model-index (<a href="{esc(card_path(entry["id"], "model-index.yaml"))}">file</a>)</h4><pre>{esc(card)}</pre>'
                     f'<h4>.eval_results/errata.yaml (<a href="{esc(card_path(entry["id"], "eval_results.yaml"))}">file</a>)</h4>'
                     f"<pre>{esc(results)}</pre></details>")
    parts.append(f"<details><summary>Dataset side: eval.yaml</summary><pre>{esc(eval_yaml(document))}</pre></details>")
    return "".join(parts)


def _refused(document: dict[str, Any]) -> str:
    if not document["refused"]:
        return "<p>None: every file given was accepted.</p>"
    items = "".join(f"<li><code>{esc(r['file'])}</code>: {esc(r['reason'])}</li>" for r in document["refused"])
    return f'<ul class="refused">{items}</ul>'


def index_page(document: dict[str, Any], gold: Gold) -> str:
    """The leaderboard: overview, one section per board, documents, model-card snippets, refusals."""
    settings, data = document["settings"], document["data"]
    n = len(document["entries"])
    toc = ['<a href="#overview">Overview</a>']
    sections = []
    for board in document["boards"]:
        title, headline, about = board_text(board, settings)
        anchor = f"board-{board['task_id']}"
        toc.append(f'<a href="#{anchor}">{esc(title)}</a>')
        sections.append(
            f'<section id="{anchor}"><h2>{esc(title)}: {esc(headline)}</h2><p class="note">{esc(about)}</p>'
            f'<p class="sig">signature: <code>{esc(board["signature_string"])}</code></p>'
            f'<figure class="chart">{chart(document, board)}<figcaption>{esc(headline)} with {level(document)} bootstrap CI; filled and '
            "hollow dots alternate between rank groups; grey: results file, not ranked.</figcaption></figure>"
            f"{_board_table(document, board)}{_breakdown(document, board)}</section>")
    toc += ['<a href="#documents">Documents</a>', '<a href="#cards">Model cards</a>',
            f'<a href="#refused">Refused ({len(document["refused"])})</a>']
    downloads = " \u00b7 ".join(f'<a href="{f}">{f}</a>' for f in ("leaderboard.json", "leaderboard.md", "leaderboard.csv", "eval.yaml"))
    body = f"""<header class="page"><h1>Errata leaderboard</h1>
<p class="meta">data: errata {esc(data_id(data))} \u00b7 harness {esc(document['harness_version'])} \u00b7
{n} system(s) \u00b7 {level(document)} CIs from {settings['n_resamples']} bootstrap resamples of documents (seed {settings['seed']}) \u00b7 downloads: {downloads}</p>
<nav class="toc">{''.join(toc)}</nav>
<p class="filter" id="filter" hidden><label>Filter systems: <input type="search" placeholder="name or version"></label></p>
</header>
<main>
<section id="overview"><h2>Overview</h2>
<p class="note">Headline score per task with its {level(document)} CI and rank. {_code_spans(document['rank_rule'])}</p>
{_overview(document)}</section>
{''.join(sections)}
<section id="documents"><h2>Documents</h2><p class="note">Each article with the gold and predicted spans of every task
highlighted: matched, wrong type, boundary, missed, spurious.</p>{_documents(document, gold)}</section>
<section id="cards"><h2>Model cards</h2>{_cards(document)}</section>
<section id="refused"><h2>Refused files</h2>{_refused(document)}</section>
</main>
<footer>Generated by <code>harness leaderboard</code> (harness {esc(document['harness_version'])}). A static page: no remote
resources; JavaScript only sorts and filters.</footer>"""
    return page("Errata leaderboard", body)


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


def _tag(mark: Mark, both: bool = False) -> str:
    """The label tag after a span; ``both`` for a gold span and a prediction matched with the same boundaries."""
    side = "both" if both else ("gold" if mark.side == "gold" else "pred")
    who = {"both": "gold and predicted", "gold": "gold", "pred": "predicted"}[side]
    name, glyph = OUTCOME_TEXT[mark.outcome]
    return (f'<span class="tag {side} o-{mark.outcome}" title="{esc(_describe(mark))}">'
            f'<span class="vh">{who} </span>{esc(mark.label or "span")} {glyph}<span class="vh"> {name}</span></span>')


def _tags(marks: list[Mark]) -> list[str]:
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


def highlight(text: str, marks: Iterable[Mark]) -> str:
    """The text with every span highlighted: the text is cut at every span boundary; each piece takes
    the outcome classes of the shortest gold and shortest predicted span covering it; tags with the
    labels and outcomes follow the end of the spans."""
    marks = list(marks)
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    ending: dict[int, list[Mark]] = {}
    for mark in marks:
        ending.setdefault(mark.end, []).append(mark)
    out = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [m for m in marks if m.start <= a and b <= m.end]
        piece = esc(text[a:b])
        if covering:
            classes = ["span"]
            for side, prefix in (("gold", "g"), ("pred", "p")):
                inner = min((m for m in covering if m.side == side), key=lambda m: m.end - m.start, default=None)
                if inner is not None:
                    classes.append(f"{prefix}-{inner.outcome}")
            title = "; ".join(_describe(m) for m in covering)
            out.append(f'<span class="{" ".join(classes)}" title="{esc(title)}">{piece}</span>')
        else:
            out.append(piece)
        out += _tags(ending.get(b, []))
    return "".join(out)


def _legend() -> str:
    items = []
    for outcome in OUTCOMES:
        name, glyph = OUTCOME_TEXT[outcome]
        sample = []
        if outcome == "matched":
            sample.append(f'<span class="tag both o-matched"><span class="vh">gold and predicted </span>both {glyph}</span>')
        if outcome != "spurious":
            sample.append(f'<span class="tag gold o-{outcome}"><span class="vh">gold </span>gold {glyph}</span>')
        if outcome != "missed":
            sample.append(f'<span class="tag pred o-{outcome}"><span class="vh">predicted </span>pred {glyph}</span>')
        items.append(f'<span>{"".join(sample)} <b>{esc(name)}</b>: {esc(OUTCOME_HELP[outcome])}</span>')
    return ('<div class="legend" id="legend"><span class="wide">Predicted spans are <b>filled</b>, gold spans are '
            "<b>underlined</b>, both coloured by outcome. Tags after a span: outlined for gold, filled for predicted, "
            "and one tag with a coloured outline when gold and prediction match exactly. Hover for offsets.</span>"
            + "".join(items) + "</div>")


def document_page(document: dict[str, Any], entry: Entry, gold: Gold, doc_id: str, iou_threshold: float) -> str:
    """One system's predictions on one article, every layer it predicts, against the gold."""
    doc = gold.documents[doc_id]
    sub_doc = entry.submission.documents.get(doc_id)
    order = list(gold.documents)
    position = order.index(doc_id)
    layers = [layer for layer in LAYERS if layer in entry.submission.layers()]
    nav = ['<a href="../../index.html">\u2190 leaderboard</a>']
    if position > 0:
        nav.append(f'<a href="{esc(file_stem(order[position - 1]))}.html">previous document</a>')
    if position + 1 < len(order):
        nav.append(f'<a href="{esc(file_stem(order[position + 1]))}.html">next document</a>')
    nav += [f'<a href="#layer-{layer}">{esc(LAYER_TITLES[layer])}</a>' for layer in layers]
    sections = []
    for layer in layers:
        marks = layer_marks(doc, sub_doc, layer, iou_threshold)
        counts = outcome_counts(marks)
        summary = " \u00b7 ".join(
            f"{side_name}: " + ", ".join(f"{n} {OUTCOME_TEXT[o][0]}" for o, n in counts[side].items() if n) if any(counts[side].values())
            else f"{side_name}: none"
            for side, side_name in (("gold", "gold spans"), ("pred", "predicted spans")))
        sections.append(f'<section id="layer-{layer}"><h2>{esc(LAYER_TITLES[layer])}</h2><p class="counts">{esc(summary)}</p>'
                        f'<div class="article">{highlight(doc.text, marks)}</div></section>')
    missing = "" if sub_doc is not None else '<p class="note">The submission has no entry for this document: it counts as empty.</p>'
    system = entry.system
    body = f"""<header class="page"><h1>{esc(doc.title or doc_label(doc))}</h1>
<p class="meta">document {position + 1} of {len(order)} (<code>{esc(doc_id)}</code>) \u00b7 system: {system_link(system)}
{esc(system['version'])} \u00b7 data: errata {esc(data_id(document['data']))}</p>
<nav class="toc">{' '.join(nav)}</nav></header>
<main>{_legend()}{missing}{''.join(sections) or '<p>This system predicts no span layer.</p>'}</main>
<footer>Spans pair as the scorer pairs them: entities on identical boundaries (strict), claims and errors at IoU &gt;=
{iou_threshold:g}. Hover a span or tag for its offsets and outcome.</footer>"""
    return page(f"{entry.label} \u2014 {doc_label(doc)}", body, script=False)
