"""The offline gazetteer of the rule and knowledge baselines (GeoNames, CC BY 4.0).

Built by ``baselines/gazetteer/build.py`` from two PyPI packages; never from the gold
labels. Names are compared in a folded form (straight apostrophes, case-folded).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..resources import gazetteer_path


def fold(name: str) -> str:
    """The form names are compared in: straight apostrophes, case-folded."""
    return name.replace("’", "'").casefold()


@dataclass(frozen=True)
class Place:
    name: str
    region: str  # "<country>.<admin1 code>"
    population: int


@dataclass(frozen=True)
class Gazetteer:
    countries: frozenset[str]  # folded country names and capitals
    places: dict[str, tuple[Place, ...]]  # folded name -> places of that name
    spellings: dict[str, str]  # folded place name -> the name as GeoNames writes it
    regions: dict[str, frozenset[str]]  # folded region name -> region codes
    region_names: dict[str, str]  # region code -> its English name
    designators: frozenset[str]
    meta: dict[str, Any]

    def region_of(self, name: str) -> frozenset[str]:
        """Region codes a mention such as "Kharkiv region" or "Donetsk People's Republic" names."""
        words = fold(name).split()
        if len(words) > 1 and words[-1] in self.designators and " ".join(words[:-1]) in self.regions:
            return self.regions[" ".join(words[:-1])]
        return self.regions.get(fold(name), frozenset())


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Read the bundled gazetteer once."""
    with open(gazetteer_path(), encoding="utf-8") as handle:
        data = json.load(handle)
    places: dict[str, list[Place]] = {}
    spellings: dict[str, str] = {}
    for name, alternatives, region, population in data["places"]:
        for alias in sorted({name, *alternatives}):
            places.setdefault(fold(alias), []).append(Place(name, region, population))
            spellings.setdefault(fold(alias), alias)
    regions: dict[str, set[str]] = {}
    for code, aliases in data["regions"].items():
        for alias in aliases:
            regions.setdefault(fold(alias), set()).add(code)
    countries = {fold(n) for name, _, capital in data["countries"] for n in (name, capital) if n}
    meta = {key: data[key] for key in ("source", "licence", "built_by", "packages", "coverage")}
    return Gazetteer(frozenset(countries), {k: tuple(v) for k, v in places.items()}, spellings,
                     {k: frozenset(v) for k, v in regions.items()},
                     {code: aliases[0] for code, aliases in data["regions"].items()},
                     frozenset(data["designators"]), meta)
