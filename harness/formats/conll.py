"""CoNLL-2003-style token-per-line files (``--from conll``, ``--to conll``), entities only.

Reading: one token per line, the token in the first column and the tag (O, B-X, I-X: IOB2,
or IOB1) in the last, any columns between ignored; a blank line is a sentence break (it ends
an entity); a ``-DOCSTART-`` line starts a new document. The format has no doc id and no
offsets: a document is the bundled one whose text, with all white space removed, equals its
tokens joined together, and each token is placed at the next occurrence in that text after
white space only. Any tokenisation that keeps the characters of the text works.

Writing uses one documented tokenisation, :data:`TOKEN` (a run of word characters, or one
other non-space character), one gold sentence per block, IOB2 tags. An entity is written
only when it starts and ends on token boundaries, lies in one sentence and does not overlap
an entity already written; every other entity is lost, and reported.
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path
from ..inputs import Limits
from ..model import Document, Gold
from ..problems import HarnessError, Problem, short_repr
from .common import Found, Token, bio_spans, collect, read_text, text_lines

TOKEN = re.compile(r"\w+|[^\w\s]")
DOCSTART = "-DOCSTART-"
FILE_NAME = "test.conll"


# --------------------------------------------------------------------------- reading


def read(path: Path, gold: Gold, limits: Limits) -> list[Found]:
    file = str(path)
    by_letters = {"".join(document.text.split()): document for document in gold.documents.values()}
    return collect(_blocks(read_text(path, limits), file), lambda block: _document(file, block, by_letters))


Line = tuple[int, str, str, bool]  # line number, token, tag, follows the previous token in its sentence


def _blocks(content: str, file: str) -> list[list[Line]]:
    """The documents of the file: lists of (line, token, tag, follows)."""
    blocks: list[list[Line]] = [[]]
    follows = False
    problems = []
    for number, line in enumerate(text_lines(content), 1):
        columns = line.split()
        if not columns:
            follows = False
        elif columns[0] == DOCSTART:
            blocks.append([])
            follows = False
        elif len(columns) < 2:
            problems.append(Problem(file, f"expected a token and a tag, got {short_repr(line, 40)}", f"line {number}"))
        else:
            blocks[-1].append((number, columns[0], columns[-1], follows))
            follows = True
    if problems:
        raise HarnessError(problems)
    return [block for block in blocks if block]


def _document(file: str, block: list[Line], by_letters: dict[str, Document]) -> Found:
    where = f"lines {block[0][0]}-{block[-1][0]}"
    document = by_letters.get("".join(token for _, token, _, _ in block))
    if document is None:
        first = " ".join(token for _, token, _, _ in block[:6])
        raise HarnessError(Problem(file, f"the tokens ({short_repr(first, 50)}...) do not spell out the text of any "
                                         "bundled document", where))
    tokens, position, text = [], 0, document.text
    for number, token, tag, follows in block:
        while position < len(text) and text[position].isspace():
            position += 1
        if not text.startswith(token, position):
            raise HarnessError(Problem(file, f"token {short_repr(token)} does not match the text of {document.doc_id} at offset "
                                             f"{position} ({short_repr(text[position:position + len(token)])})", f"line {number}"))
        tokens.append(Token(tag, position, position + len(token), follows, f"line {number}"))
        position += len(token)
    return Found(file, where, document.doc_id, None, {"entities": bio_spans(tokens, file)})


# --------------------------------------------------------------------------- writing


def tokens(text: str) -> list[tuple[int, int]]:
    """The export tokenisation: (start, end) of every :data:`TOKEN` match."""
    return [match.span() for match in TOKEN.finditer(text)]


def write(gold: Gold, dataset: Path) -> tuple[dict[str, str], list[str]]:
    """``test.conll`` for the gold entities, and a line for every entity it cannot hold."""
    lines, lost = [], []
    for document in gold.documents.values():
        text_lines, document_lost = _document_lines(document)
        lines += [f"{DOCSTART} O", "", *text_lines]
        lost += document_lost
    return {FILE_NAME: "\n".join(lines) + "\n"}, lost


def _document_lines(document: Document) -> tuple[list[str], list[str]]:
    spans = tokens(document.text)
    starts = {start: index for index, (start, _) in enumerate(spans)}
    ends = {end: index for index, (_, end) in enumerate(spans)}
    sentence_starts = sorted(sentence.start for sentence in document.sentences)
    sentence_of = [bisect.bisect_right(sentence_starts, start) for start, _ in spans]
    tags = ["O"] * len(spans)
    lost = []
    for entity in sorted(document.entities, key=lambda e: (e.start, -e.end)):
        first, last = starts.get(entity.start), ends.get(entity.end)
        reason = ("does not start and end on token boundaries" if first is None or last is None
                  else "crosses a sentence break" if sentence_of[first] != sentence_of[last]
                  else "overlaps an entity already written" if any(tag != "O" for tag in tags[first:last + 1])
                  else None)
        if reason:
            lost.append(f"conll: left out {document.doc_id}/{entity.entity_id} {entity.text!r} [{entity.start}:{entity.end}] {reason}")
            continue
        tags[first:last + 1] = [f"B-{entity.label}"] + [f"I-{entity.label}"] * (last - first)  # type: ignore[operator]
    lines: list[str] = []
    for index, ((start, end), tag) in enumerate(zip(spans, tags)):
        if index and sentence_of[index] != sentence_of[index - 1]:
            lines.append("")
        lines.append(f"{document.text[start:end]} {tag}")
    return lines + [""], lost

