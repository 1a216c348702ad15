"""annotations/adjudication/adjudicate.py rebuilds the committed gold layers from the two passes and the
recorded decisions (so every change to the gold goes through a logged decision)."""

from __future__ import annotations

import json
import sys

from .conftest import ROOT

SCRIPTS = ROOT / "annotations" / "adjudication"


def test_adjudication_rebuilds_the_gold_exactly() -> None:
    sys.path.insert(0, str(SCRIPTS))
    try:
        import adjudicate

        rebuilt, logs, _, audit_log = adjudicate.build_all()
    finally:
        sys.path.remove(str(SCRIPTS))
    for doc_id, layers in rebuilt.items():
        committed = json.loads((ROOT / "data" / "gold" / f"{doc_id}.json").read_text(encoding="utf-8"))
        for layer in ("entities", "claims", "errors"):
            assert json.loads(json.dumps(layers[layer])) == committed[layer], (doc_id, layer)
    assert sum(len(rows) for rows in logs.values()) == 67
    assert len(audit_log) == 12
    report = (ROOT / "annotations" / "adjudication.md").read_text(encoding="utf-8")
    assert "## Gold 1.1: decisions on the independent audit (12 rows)" in report
