"""Where the bundled data and schemas are, in a source checkout and in an installed wheel.

A checkout (or editable install) reads ``data/`` and ``schema/`` at the repository root;
a wheel carries copies of both inside the package under ``_bundle/`` (see pyproject.toml).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

_PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    inside = _PACKAGE_DIR / "_bundle" / name
    return inside if inside.is_dir() else _PACKAGE_DIR.parent / name


def data_dir() -> Path:
    """The bundled dataset folder (holds dataset.json and gold/)."""
    return _bundled("data")


def schema_dir() -> Path:
    return _bundled("schema")


def baseline_outputs_dir() -> Path:
    """The committed baseline submissions that ``harness eval`` scores with no arguments."""
    return _bundled("baselines") / "outputs"


def gazetteer_path() -> Path:
    """The offline GeoNames gazetteer of the rule and knowledge baselines (baselines/gazetteer/)."""
    return _bundled("baselines") / "gazetteer" / "geonames_ua_ru.json"


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict[str, Any]:
    """A JSON Schema shipped with the package, by file stem (e.g. ``submission``)."""
    with open(schema_dir() / f"{name}.schema.json", encoding="utf-8") as handle:
        return json.load(handle)
