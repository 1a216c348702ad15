"""Quote-anchored predictions (``--from quotes``): spans named by quoting the text, as language
models do, anchored here to character offsets in the bundled document.

Each record is ``{"doc_id" (or "text"), "prompt", "response"}``, the raw text a model answered
(the JSON object is dug out of code fences and prose), or ``{"doc_id", "prompt", "entities"?,
"claims"?, "verdicts"?, "errors"?}`` with the object already parsed. A span item gives
``quote`` instead of offsets, optionally with ``occurrence`` (0-based) or ``context_before`` /
``context_after`` to say which of several places it means.

A quote is anchored by the first of these that finds it: the exact string; the string after
:func:`normalise` (on both sides, mapped back to the original offsets); a fuzzy alignment
(edit distance, similarity at least :data:`FUZZY_THRESHOLD`). What is found nowhere, or in
several places with nothing to choose between them, or cannot be read, is dropped from the
predictions (so the gold it meant stays missed) and listed in the anchoring report, which
travels with the submission (``system.details.anchoring``) into the results.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..inputs import Limits, limit_problems, parse_json_bytes, read_bytes
from ..model import Gold
from ..problems import HarnessError, Problem, short_repr
from ..prompts import shipped, versions
from ..tasks import TASKS
from ..textnorm import NORMALISATION, TooLong, normalise
from .common import Found, collect, get, identify, parse_records

LAYERS = tuple(task.layer for task in TASKS.values())
SPAN_LAYERS = tuple(task.layer for task in TASKS.values() if task.records.spans)
METHODS = ("exact", "normalised", "fuzzy", "ambiguous", "unanchored", "unreadable")
FAILED = ("ambiguous", "unanchored", "unreadable")
# similarity: difflib's SequenceMatcher ratio (2 * matched / (quote length + span length)) of the
# normalised quote and the normalised span it is aligned to
FUZZY_THRESHOLD = 0.85
PROMPT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
# the optional fields each layer's items keep, with their JSON kinds (besides quote and its disambiguators)
_FIELDS = {task.layer: task.prompt.kinds for task in TASKS.values()}
_REQUIRED = {task.layer: task.prompt.required for task in TASKS.values()}
# each layer's label field and its labels by their case-folded form: the label sets differ in more
# than case, so folding case (and trimming white space) never makes a name ambiguous
_LABELS = {task.layer: (task.records.label, {label.casefold(): label for label in task.records.labels})
           for task in TASKS.values()}
# what an item with a label outside its set counts as (the item is kept, or kept without the label,
# or dropped, so that the score counts it as wrong)
_INVALID_COUNTS_AS = {"entities": "spurious (kept with its label, outside OntoNotes)",
                      "claims": "a wrong verdict (the claim is kept without one)",
                      "verdicts": "a wrong verdict (the verdict is dropped)",
                      "errors": "a wrong type (the error is kept without one)"}


# --------------------------------------------------------------------------- anchoring

@dataclass(frozen=True)
class Anchor:
    """Where a quote was anchored and how; ``start``/``end`` are None when it failed."""

    method: str  # one of METHODS
    start: int | None = None
    end: int | None = None
    similarity: float = 1.0
    message: str = ""


class Text:
    """A document text prepared for anchoring many quotes (normalised once)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.normal, self.where = normalise(text)
        # a span starting at or before `first` has only white space before it; one ending at or after `last`, after it
        self.first, self.last = len(text) - len(text.lstrip()), len(text.rstrip())

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the normalised span ``[start, end)``."""
        return self.where[start], self.where[end - 1] + 1


class Effort:
    """The anchoring work left for one file (:attr:`Limits.max_anchoring_steps`), spent before
    each piece of work is done, so that a hostile file stops within the limit.

    A step is about one cell of the fuzzy alignment (10-20 ns here); the other kinds of work are
    weighted by what they cost in steps (measured in docs/robustness.md).
    """

    PER_QUOTE = 2_000  # reading an item, its exact and normalised searches
    PER_CHAR = 20  # normalising one character, in Python
    PER_PLACE = 50  # one place a quote was found

    def __init__(self, file: str, limits: Limits) -> None:
        self.file, self.limits, self.left = file, limits, limits.max_anchoring_steps

    def spend(self, steps: int) -> None:
        if steps > self.left:
            limit = self.limits.max_anchoring_steps
            raise HarnessError(Problem(self.file, f"anchoring its quotes takes more than {limit} steps: over the limit of "
                                                  f"{limit} steps per file (raise it with --max-anchoring-steps)"))
        self.left -= steps


def _find_all(haystack: str, needle: str) -> list[int]:
    found, at = [], haystack.find(needle)
    while at != -1:
        found.append(at)
        at = haystack.find(needle, at + 1)
    return found


def anchor(text: Text, quote: str, occurrence: int | None = None, context_before: str | None = None,
           context_after: str | None = None, effort: Effort | None = None) -> Anchor:
    """Anchor ``quote`` in ``text``: exact, else normalised, else fuzzy; the first of these
    that finds the quote anywhere decides, and among several places it finds, ``occurrence``
    (0-based, counted by that method) or the contexts choose.

    ``effort`` (by default the limits' defaults) bounds the work: fuzzy matching is tried only
    for quotes of at most ``max_fuzzy_quote_chars`` characters, and a file's quotes together may
    take ``max_anchoring_steps``.
    """
    effort = effort or Effort("", Limits())
    quote = quote.strip()
    effort.spend(Effort.PER_QUOTE + Effort.PER_CHAR * len(quote))
    try:  # a quote longer than this cannot be found, not even fuzzily (see _fuzzy's budget)
        folded = normalise(quote, 4 * len(text.normal) + 100)[0].strip()
    except TooLong:
        return Anchor("unanchored", message="longer than the whole text once normalised")
    if not folded:
        return Anchor("unreadable", message="the quote is empty")
    tiers: list[tuple[str, list[tuple[int, int, float]]]] = [
        ("exact", [(s, s + len(quote), 1.0) for s in _find_all(text.text, quote)]),
        ("normalised", [(*text.span(s, s + len(folded)), 1.0) for s in _find_all(text.normal, folded)])]
    effort.spend(Effort.PER_PLACE * sum(len(candidates) for _, candidates in tiers))
    for method, candidates in tiers:
        if candidates:
            return _choose(text, method, candidates, occurrence, context_before, context_after, effort)
    if len(folded) > effort.limits.max_fuzzy_quote_chars:
        return Anchor("unanchored", message=f"not found exactly, and at {len(folded)} characters over the limit of "
                                            f"{effort.limits.max_fuzzy_quote_chars} characters for fuzzy matching "
                                            "(raise it with --max-fuzzy-quote-chars)")
    effort.spend(len(folded) * len(text.normal))  # the alignment (each way back is spent in _fuzzy)
    candidates = _fuzzy(text, folded, effort)
    if candidates:
        return _choose(text, "fuzzy", candidates, occurrence, context_before, context_after, effort)
    return Anchor("unanchored", message=f"not found in the text, not even at similarity {FUZZY_THRESHOLD}")


def _choose(text: Text, method: str, candidates: list[tuple[int, int, float]], occurrence: int | None,
            before: str | None, after: str | None, effort: Effort) -> Anchor:
    """One of the places a quote was found, or why none can be chosen."""
    how = "" if method == "exact" else f" ({method})"
    if occurrence is not None:
        if occurrence >= len(candidates):
            return Anchor("unanchored", message=f"occurrence {occurrence} asked for, but the quote occurs "
                                                f"{len(candidates)} time(s){how}")
        return Anchor(method, *candidates[occurrence])
    if len(candidates) == 1:
        return Anchor(method, *candidates[0])
    if before is not None or after is not None:
        # an empty context given (not None) means the start (before) or end (after) of the text
        at_start, at_end = before is not None and not before.strip(), after is not None and not after.strip()
        # a context is compared with the text beside the quote, so only its part as long as the text can count
        reach = 2 * len(text.text) + 20
        before, after = (before or "")[-reach:], (after or "")[:reach]
        window = min(len(text.text), 2 * len(before) + 20) + min(len(text.text), 2 * len(after) + 20)
        effort.spend(Effort.PER_CHAR * (len(before) + len(after) + len(candidates) * window))
        wanted = normalise(before)[0].strip(), normalise(after)[0].strip()
        scores = [_context_score(text, start, end, before, after, wanted)
                  + (at_start and start <= text.first) + (at_end and end >= text.last) for start, end, _ in candidates]
        best = max(scores)
        if best > 0 and scores.count(best) == 1:
            return Anchor(method, *candidates[scores.index(best)])
        if best > 0:
            # a tie in the normalised context is broken by the context as written (case, quotes, dashes)
            tied = [i for i, score in enumerate(scores) if score == best]
            exact = [_raw_context_score(text.text, *candidates[i][:2], before, after) for i in tied]
            if exact.count(max(exact)) == 1:
                return Anchor(method, *candidates[tied[exact.index(max(exact))]])
        return Anchor("ambiguous", message=f"occurs {len(candidates)} times{how} and the context does not single "
                                           "one out")
    return Anchor("ambiguous", message=f"occurs {len(candidates)} times{how}: give occurrence or "
                                       "context_before/context_after")


def _context_score(text: Text, start: int, end: int, before: str, after: str, wanted: tuple[str, str]) -> int:
    """How many normalised characters of the contexts (``wanted``: normalised once) agree with the
    text around a span (an empty context at the start or end of the text is counted by _choose,
    one character each)."""
    want_before, want_after = wanted
    have_before = normalise(text.text[max(0, start - 2 * len(before) - 20):start])[0].rstrip()
    have_after = normalise(text.text[end:end + 2 * len(after) + 20])[0].lstrip()
    return (len(_common_prefix(have_before[::-1], want_before[::-1]))
            + len(_common_prefix(have_after, want_after)))


def _raw_context_score(text: str, start: int, end: int, before: str, after: str) -> int:
    """How many characters of the contexts, exactly as given (white space at the quote's side
    aside), agree with the text around a span."""
    before, after = before.rstrip(), after.lstrip()
    have_before = text[max(0, start - len(before) - 20):start].rstrip()
    have_after = text[end:end + len(after) + 20].lstrip()
    return len(_common_prefix(have_before[::-1], before[::-1])) + len(_common_prefix(have_after, after))


def _common_prefix(a: str, b: str) -> str:
    size = 0
    while size < min(len(a), len(b)) and a[size] == b[size]:
        size += 1
    return a[:size]


def _fuzzy(text: Text, quote: str, effort: Effort | None = None) -> list[tuple[int, int, float]]:
    """The places where the normalised ``quote`` aligns best with the normalised text, when
    their similarity reaches FUZZY_THRESHOLD.

    Located by a semi-global alignment (the whole quote against any stretch of the text), a
    row per quote character vectorised over the text, where a text character the quote
    leaves out costs 1 and a quote character not in the text costs 2 (a substitution 3): a
    model drops words more often than it invents them, so a dropped word costs its length
    and never buys a shorter, garbled alignment. The best ends come first, then each one's
    start, by aligning the reversed quote backwards from it (the shortest span on ties).
    """
    from difflib import SequenceMatcher

    import numpy as np

    size = len(quote)
    # a span whose similarity reaches the threshold differs by at most this many characters, each costing 2 at most
    budget = 2 * int((1 - FUZZY_THRESHOLD) * 2 * size / FUZZY_THRESHOLD)
    if budget == 0 or size > len(text.normal) + budget:
        return []
    codes = np.frombuffer(text.normal.encode("utf-32-le"), dtype=np.uint32)
    row = _align(codes, quote, np.zeros(len(codes) + 1, dtype=np.int64), budget)
    if row is None:
        return []
    best = int(row.min())
    ends = np.flatnonzero(row == best)
    groups = [int(ends[0])] + [int(b) for a, b in zip(ends, ends[1:]) if b - a > max(1, size // 2)]
    if effort is not None:  # each way back (about 1,000 steps of numpy overhead per row), and its similarity
        effort.spend(len(groups) * (size * (size + budget + 1000) + size ** 3 // 100))
    found = []
    for end in groups:
        low = max(0, end - size - budget)
        back = codes[low:end][::-1]
        reverse = _align(back, quote[::-1], np.arange(len(back) + 1, dtype=np.int64), None)
        length = int(np.argmin(reverse))
        start = end - length
        while start < end and text.normal[start] == " ":
            start += 1
        while end > start and text.normal[end - 1] == " ":
            end -= 1
        similarity = SequenceMatcher(None, quote, text.normal[start:end], autojunk=False).ratio()
        if end > start and similarity >= FUZZY_THRESHOLD:
            found.append((*text.span(start, end), round(similarity, 4)))
    return found


def _align(codes: Any, quote: str, row: Any, budget: int | None) -> Any:
    """The last row of the alignment cost table of ``quote`` against ``codes`` (``row`` is the
    first: zeros for a free start); None as soon as every cell exceeds ``budget``."""
    import numpy as np

    steps = np.arange(len(codes) + 1, dtype=np.int64)
    for index, char in enumerate(quote, 1):
        new = row + 2  # the quote character is not in the text
        new[1:] = np.minimum(new[1:], row[:-1] + 3 * (codes != ord(char)))  # matched or substituted
        new[0] = index
        row = np.minimum.accumulate(new - steps) + steps  # text characters left out
        if budget is not None and row.min() > budget:
            return None
    return row


# --------------------------------------------------------------------------- reading model responses

_FENCE = re.compile(r"```[A-Za-z0-9_-]*[ \t]*\r?\n(.*?)```", re.DOTALL)


def extract_json(response: str, effort: Effort | None = None) -> tuple[dict[str, Any] | None, str]:
    """The JSON object a model response holds, or None and why not.

    Tried in order: the whole response; each fenced code block; every ``{`` of the text, left
    to right. The first JSON object holding one of the layers wins (else the first object
    at all). Parsing is as strict as for submissions (no NaN, no duplicate keys). The characters
    each try reads are spent from ``effort``.
    """
    effort = effort or Effort("", Limits())
    effort.spend(2 * len(response))  # the whole response and its fenced blocks
    pieces = [response.strip(), *(block.strip() for block in _FENCE.findall(response))]
    objects: list[dict[str, Any]] = []
    first_problem = ""
    decoder = json.JSONDecoder()
    for piece in pieces:
        value, problem = _strict(piece)
        if isinstance(value, dict):
            objects.append(value)
        first_problem = first_problem or problem
    at = response.find("{")
    found = any(set(LAYERS) & set(o) for o in objects)  # checked once per new object, not for all of them each time
    while at != -1 and not found:
        try:
            _, stop = decoder.raw_decode(response, at)
        except (ValueError, RecursionError) as exc:
            # where decoding stopped is known, unless the object is nested too deeply
            effort.spend(exc.pos - at + 1 if isinstance(exc, json.JSONDecodeError) else len(response) - at)
            if not first_problem:  # the outermost object that fails to parse says why
                piece = _object_text(response, at)
                effort.spend(len(piece))
                first_problem = _strict(piece)[1]
            at = response.find("{", at + 1)
            continue
        effort.spend(2 * (stop - at))  # decoded, then parsed strictly
        value, problem = _strict(response[at:stop])
        if isinstance(value, dict):
            objects.append(value)
            found = bool(set(LAYERS) & set(value))
        first_problem = first_problem or problem
        at = response.find("{", stop)
    for value in objects:
        if set(LAYERS) & set(value):
            return value, ""
    if first_problem:  # an object that could not be parsed, around the items that could
        return None, first_problem
    if objects:
        return None, "its JSON object has none of the keys " + ", ".join(LAYERS)
    return None, "no JSON object in the response"


def _object_text(response: str, at: int) -> str:
    """The text from ``at`` to the last ``}`` of the response (where an object starting at ``at``
    would end), to say why it does not parse."""
    return response[at:response.rfind("}") + 1]


def _strict(piece: str) -> tuple[Any, str]:
    try:
        return parse_json_bytes(piece.encode("utf-8"), ""), ""
    except HarnessError as exc:
        return None, exc.problems[0].message if piece.startswith("{") else ""


# --------------------------------------------------------------------------- the reader


@dataclass(frozen=True)
class _Record:
    """What one input record adds besides its items: its prompt, whether it held a raw
    response, and why no JSON object could be read from that response."""

    prompt: str
    response: bool
    unreadable: str = ""


def read_anchored(path: Path, gold: Gold, limits: Limits, strict: bool = False) -> tuple[list[Found], dict[str, Any]]:
    """The documents of a quotes file with every span anchored, and the anchoring report
    (``system.details.anchoring`` of the submission).

    With ``strict``, any record that could not be anchored or read is a HarnessError.
    """
    file = str(path)
    records: dict[str, _Record] = {}
    by_text = {document.text: doc_id for doc_id, document in gold.documents.items()}
    effort = Effort(file, limits)
    found = collect(parse_records(read_bytes(path, limits), file),
                    lambda item: _read(file, item, gold, by_text, records, effort))
    problems: list[Problem] = []
    merged: dict[str, dict[str, tuple[str, list[Any]]]] = {}  # doc_id -> layer -> (where, items)
    prompts: dict[str, dict[str, str]] = {}  # layer -> prompt -> where first used
    failures: list[dict[str, Any]] = []
    for record in found:
        doc_id = record.doc_id or ""  # always set: _read identified the document
        meta = records[record.where]
        if meta.unreadable:
            failures.append({"record": record.where, "doc_id": doc_id, "layer": next(iter(record.layers), None),
                             "problem": "unreadable",
                             "quote": None, "message": f"response: {meta.unreadable}"})
        for layer, items in record.layers.items():
            if layer in merged.setdefault(doc_id, {}):
                problems.append(Problem(file, f"{layer} of {doc_id} were already given by {merged[doc_id][layer][0]}",
                                        record.where, layer))
                continue
            merged[doc_id][layer] = (record.where, items)
            prompts.setdefault(layer, {}).setdefault(meta.prompt, record.where)
    for layer, used in prompts.items():
        if len(used) > 1:
            shown = ", ".join(f"{prompt} ({where})" for prompt, where in used.items())
            problems.append(Problem(file, f"{layer} come from several prompts: {shown}; score one prompt at a time",
                                    field="prompt"))
    if problems:
        raise HarnessError(problems)
    # the span limits, before any quote is anchored (the submission is checked again once built)
    problems = limit_problems({"documents": [{"doc_id": doc_id, **{layer: items for layer, (_, items) in layers.items()}}
                                             for doc_id, layers in merged.items()]}, file, limits)
    if problems:
        raise HarnessError(problems)
    counts = {layer: dict.fromkeys(METHODS, 0) for layer in SPAN_LAYERS if layer in prompts}
    inexact: list[dict[str, Any]] = []
    invalid: list[dict[str, Any]] = []
    documents = []
    for doc_id, layers in merged.items():
        text = Text(gold.documents[doc_id].text)
        claim_ids = frozenset(claim.claim_id for claim in gold.documents[doc_id].claims)
        converted: dict[str, list[dict[str, Any]]] = {}
        for layer, (where, items) in layers.items():
            converted[layer] = []
            for index, item in enumerate(items):
                at = f"{where}/{layer}[{index}]"
                record, result, why = _item(text, layer, item, effort, claim_ids)
                if layer in counts:
                    counts[layer][result.method] += 1
                quote = item.get("quote") if isinstance(item, dict) and isinstance(item.get("quote"), str) else None
                entry = {"record": at, "doc_id": doc_id, "layer": layer}
                if why:
                    invalid.append({**entry, "quote": quote, "reason": why, "counted_as": _INVALID_COUNTS_AS[layer]})
                if result.method in FAILED:
                    failures.append({**entry, "problem": result.method, "quote": quote, "message": result.message})
                    continue
                if record is None:
                    continue
                converted[layer].append(record)
                if result.method in ("normalised", "fuzzy"):
                    inexact.append({**entry, "method": result.method, "quote": quote, "start": result.start,
                                    "end": result.end, "anchored": text.text[result.start:result.end],
                                    "similarity": result.similarity})
        documents.append(Found(file, layers[next(iter(layers))][0], doc_id, None, converted))
    if strict and (failures or invalid):
        raise HarnessError([*(_strict_problem(file, f) for f in failures),
                            *(Problem(file, f"{f['doc_id']}: {f['reason']} (without --strict-anchoring it counts as "
                                            f"{f['counted_as']})", f["record"]) for f in invalid)])
    report = {"prompts": {layer: next(iter(prompts[layer])) for layer in LAYERS if layer in prompts},
              "fuzzy_threshold": FUZZY_THRESHOLD, "normalisation": NORMALISATION, "counts": counts,
              "responses": {"total": sum(r.response for r in records.values()),
                            "unreadable": sum(bool(r.unreadable) for r in records.values())},
              "inexact": inexact, "failures": failures, "invalid": invalid}
    return documents, report


_FIXES = {"ambiguous": "give \"occurrence\" (0-based) or \"context_before\"/\"context_after\" copied from the text "
                       "(an empty context_before means the very start of the text, an empty context_after its end)",
          "unanchored": "copy the quote exactly as the text has it",
          "unreadable": "give each item as an object with a string \"quote\" and the task's fields",
          "response": "answer with one JSON object holding the task's key, as strict JSON (no trailing commas)"}


def _strict_problem(file: str, failure: dict[str, Any]) -> Problem:
    """A record not anchored or not read, under --strict-anchoring: the doc, the quote, and the fix."""
    quote = "" if failure["quote"] is None else f" {short_repr(failure['quote'], 60)}"
    fix = _FIXES["response" if failure["message"].startswith("response:") else failure["problem"]]
    return Problem(file, f"{failure['doc_id']}: {failure['problem']}{quote}: {failure['message']}; fix: {fix}",
                   failure["record"], "quote" if failure["quote"] is not None else "")


def _read(file: str, item: tuple[str, Any], gold: Gold, by_text: dict[str, str], records: dict[str, _Record],
          effort: Effort) -> Found:
    """One input record as a Found for its (identified) document, whose layers still hold
    the model's items (quotes)."""
    where, record = item
    doc_id = get(record, "doc_id", "string", file, where, optional=True)
    text = get(record, "text", "string", file, where, optional=True)
    doc_id = identify(Found(file, where, doc_id, text), gold, by_text)
    prompt = get(record, "prompt", "string", file, where)
    if not PROMPT_ID.fullmatch(prompt):
        raise HarnessError(Problem(file, f"{short_repr(prompt)} is not a prompt id (letters, digits, _ . -; e.g. "
                                         "entities-v1 from `harness prompt`)", where, "prompt"))
    _check_prompt(prompt, file, where)
    response = get(record, "response", "string", file, where, optional=True)
    given = [layer for layer in LAYERS if layer in record]
    if response is not None and given:
        raise HarnessError(Problem(file, f"has both a response and {given[0]}: give one or the other", where))
    if response is None and not given:
        raise HarnessError(Problem(file, "has neither a response nor any of " + ", ".join(LAYERS), where))
    source, unreadable = (record, "") if response is None else extract_json(response, effort)
    layers: dict[str, list[Any]] = {}
    if source is not None:
        for layer in LAYERS:
            if layer in source:
                value = source[layer]
                layers[layer] = value if isinstance(value, list) else [value]
    elif prompt in shipped():
        layers[shipped()[prompt].layer] = []  # the task was asked for: a document with nothing read counts as empty
    records[where] = _Record(prompt, response is not None, unreadable)
    return Found(file, where, doc_id, None, layers)


def _check_prompt(prompt: str, file: str, where: str) -> None:
    """An id shaped like a bundled prompt's (``NAME-vN``) must be one: signatures must not lie."""
    name, _, number = prompt.rpartition("-v")
    if name in versions() and number.isdigit() and prompt not in shipped():
        raise HarnessError(Problem(file, f"{prompt} is not a bundled prompt (these are "
                                         f"{', '.join(shipped())}); name your own prompt differently",
                                   where, "prompt"))


def _judge(layer: str, record: dict[str, Any], claim_ids: frozenset[str]) -> tuple[dict[str, Any] | None, str]:
    """A record with its label in canonical form (case and surrounding white space normalised), and
    why it is judged wrong when its label, or the claim id of a verdict, is not in its set (the
    record is then changed or dropped as _INVALID_COUNTS_AS says)."""
    field, known = _LABELS[layer]
    if layer == "verdicts" and record["claim_id"] not in claim_ids:
        return None, f"claim_id {short_repr(record['claim_id'], 40)} is not a claim of this document"
    value = record.get(field)
    if value is None:
        return record, ""
    canonical = known.get(value.strip().casefold())
    if canonical is not None:
        return {**record, field: canonical}, ""
    why = f"{field} {short_repr(value, 40)} is not one of {', '.join(known.values())}"
    if layer == "entities":
        return record, why
    if layer == "verdicts":
        return None, why
    return {name: v for name, v in record.items() if name != field}, why


def _item(text: Text, layer: str, item: Any, effort: Effort,
          claim_ids: frozenset[str] = frozenset()) -> tuple[dict[str, Any] | None, Anchor, str]:
    """A model's item as a submission record, anchored (verdicts need no anchoring), and why it is
    judged wrong ('' when it is not; see _judge)."""
    if not isinstance(item, dict):
        return None, Anchor("unreadable", message=f"expected an object, got {short_repr(item, 40)}"), ""
    record: dict[str, Any] = {}
    for name, kind in _FIELDS[layer].items():
        try:
            value = get(item, name, kind, "", "", optional=name not in _REQUIRED[layer])
        except HarnessError as exc:
            return None, Anchor("unreadable", message=f"{name}: {exc.problems[0].message}"), ""
        if value is not None:
            record[name] = value
    judged, why = _judge(layer, record, claim_ids)
    if layer == "verdicts":
        return judged, Anchor("exact"), why
    try:
        quote = get(item, "quote", "string", "", "")
        occurrence = get(item, "occurrence", "integer", "", "", optional=True)
        before = get(item, "context_before", "string", "", "", optional=True)
        after = get(item, "context_after", "string", "", "", optional=True)
    except HarnessError as exc:
        problem = exc.problems[0]
        return None, Anchor("unreadable", message=f"{problem.field}: {problem.message}"), ""
    if occurrence is not None and occurrence < 0:
        return None, Anchor("unreadable", message=f"occurrence: {occurrence} is negative (it counts from 0)"), ""
    result = anchor(text, quote, occurrence, before, after, effort)
    if result.start is None or result.end is None:
        return None, result, ""
    return {"start": result.start, "end": result.end, **(judged or {})}, result, why
