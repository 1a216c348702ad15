"""Regenerate the bad-input corpus in this folder: ``python tests/bad_inputs/make_cases.py``.

Each case is a file plus an entry in cases.json giving the exit status ``harness validate``
must return and words its output must contain. Cases are built from the bundled gold so
that offsets and texts are real; the corpus is committed, and a test checks it is current.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOC = "000_2d109a9d559d9334"


def _submission(**document: object) -> dict:
    return {"system": {"name": "bad-input-case", "version": "1"}, "documents": [{"doc_id": DOC, **document}]}


def _putin(text: str) -> dict:
    start = text.index("Vladimir Putin")
    return {"start": start, "end": start + len("Vladimir Putin"), "label": "PERSON", "text": "Vladimir Putin"}


def cases() -> dict[str, tuple[bytes, int, list[str]]]:
    """file name -> (content, expected exit status, words the output must contain)."""
    gold_doc = json.loads((HERE.parents[1] / "data" / "gold" / f"{DOC}.json").read_text(encoding="utf-8"))
    text = gold_doc["text"]
    good = _submission(entities=[_putin(text)])
    dump = lambda obj: json.dumps(obj, ensure_ascii=False, indent=1).encode("utf-8")  # noqa: E731

    def entity(**changes: object) -> bytes:
        record = {key: value for key, value in {**_putin(text), **changes}.items() if value is not None}
        return dump(_submission(entities=[record]))

    bad_gold = {"doc_id": DOC, "title": None, "text": "A short text.", "sha256": "0" * 64, "source_url": None,
                "published": None, "language": "en", "canary": "x", "sentences": [], "entities": [], "claims": [], "errors": []}
    two_docs = _submission(entities=[])
    two_docs["documents"].append({"doc_id": DOC, "entities": []})
    return {
        "empty.json": (b"", 2, ["empty file"]),
        "whitespace_only.json": (b"  \n\t\n", 2, ["empty file"]),
        "truncated.json": (dump(good)[:-7], 2, ["not valid JSON", "line"]),
        "not_utf8.json": ('{"system": {"name": "caf\u00e9"}, "documents": []}'.encode("latin-1"), 2, ["not UTF-8", "0xe9"]),
        "binary_garbage.json": (bytes(range(256)) * 4, 2, ["not UTF-8"]),
        "wrong_top_level.json": (b"[1, 2, 3]", 2, ["expected a JSON object at the top level, got array"]),
        "neither_kind.json": (b'{"foo": 1}', 2, ["neither a submission"]),
        "missing_documents.json": (dump({"system": {"name": "x"}}), 2, ["documents", "required field is missing"]),
        "missing_system_name.json": (dump({"system": {}, "documents": []}), 2, ["system", "name", "missing"]),
        "wrong_field_type.json": (entity(start="10"), 2, [DOC, "entities[0]", "start", "expected integer, got string"]),
        "nan_score.json": (dump(good).replace(b'"label"', b'"score": NaN, "label"'), 2, ["NaN is not a JSON number"]),
        "infinity_score.json": (dump(good).replace(b'"label"', b'"score": Infinity, "label"'), 2, ["Infinity is not a JSON number"]),
        "overflow_score.json": (dump(good).replace(b'"label"', b'"score": 1e999, "label"'), 2, ["out of range"]),
        "negative_offset.json": (entity(start=-1), 2, ["entities[0]", "start", "below the minimum 0"]),
        "float_offset.json": (entity(end=_putin(text)["end"] + 0.0), 2, ["entities[0]", "end", "expected integer, got number"]),
        "string_offset.json": (entity(end="22"), 2, ["end", "expected integer, got string"]),
        "boolean_offset.json": (entity(start=True), 2, ["start", "expected integer, got boolean"]),
        "enormous_offset.json": (entity(end=10**30), 2, ["end", "above the maximum"]),
        "start_after_end.json": (entity(start=20, end=10, text=None), 2, ["entities[0]", "is not after start"]),
        "end_past_text.json": (entity(end=len(text) + 5, text=None), 2, ["entities[0]", "past the end of the text"]),
        "text_mismatch.json": (entity(text="Vladimir Puttin"), 2, ["entities[0]", "text", "does not match text["]),
        "unknown_doc_id.json": (dump({**good, "documents": [{**good["documents"][0], "doc_id": "999_nope"}]}), 2, ["999_nope", "unknown doc id"]),
        "bad_doc_id.json": (dump({**good, "documents": [{"doc_id": "../../etc/passwd"}]}), 2, ["doc_id", "does not match the pattern"]),
        "duplicate_documents.json": (dump(two_docs), 2, [DOC, "document appears more than once"]),
        "duplicate_ids.json": (dump(_submission(claims=[{"claim_id": "c1", "start": 0, "end": 5}, {"claim_id": "c1", "start": 6, "end": 9}])), 2, ["duplicate id 'c1'"]),
        "duplicate_keys.json": (b'{"system": {"name": "a", "name": "b"}, "documents": []}', 2, ["duplicate key 'name'"]),
        "unknown_label.json": (entity(label="PER"), 2, ["entities[0]", "unknown label 'PER'"]),
        "unknown_verdict.json": (dump(_submission(claims=[{"start": 0, "end": 5, "verdict": "true"}])), 2, ["unknown verdict 'true'"]),
        "unknown_error_type.json": (dump(_submission(errors=[{"start": 0, "end": 5, "type": "typo"}])), 2, ["unknown type 'typo'"]),
        "unknown_claim_id.json": (dump(_submission(verdicts=[{"claim_id": "nope", "verdict": "supported"}])), 2, ["claim 'nope' is not a gold claim"]),
        "unknown_field.json": (dump(_submission(entities=[{**_putin(text), "lable": "PERSON"}])), 2, ["unknown field 'lable'"]),
        "deeply_nested.json": (b'{"system": {"name": "x", "details": ' + b"[" * 100000 + b"]" * 100000 + b"}, \"documents\": []}", 2, ["nested too deeply"]),
        "gold_bad_sha.json": (dump(bad_gold), 2, [DOC, "sha256", "does not match the SHA-256"]),
        "accepted_bom.json": (b"\xef\xbb\xbf" + dump(good), 0, ["ok"]),
        "accepted_crlf.json": (dump(good).replace(b"\n", b"\r\n"), 0, ["ok"]),
    }


def main() -> None:
    manifest = {}
    for name, (content, status, words) in cases().items():
        (HERE / name).write_bytes(content)
        manifest[name] = {"exit": status, "contains": words}
    (HERE / "cases.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
