"""The 20 first-level units of Kazakhstan since the 2022 reform.

The reference lives in ``data/regions.csv`` (codes, names, centres, population, area, with
sources) and ``data/employed_by_region.csv`` (employed population 15+ by year).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
REGIONS_CSV = DATA_DIR / "regions.csv"
EMPLOYED_CSV = DATA_DIR / "employed_by_region.csv"


@lru_cache(maxsize=1)
def _regions_frame() -> pd.DataFrame:
    regions = pd.read_csv(REGIONS_CSV, dtype={"kato": str, "code": str})
    employed = pd.read_csv(EMPLOYED_CSV)
    latest = employed.sort_values("year").groupby("code").last()
    regions["employed"] = regions["code"].map(latest["employed_thousands"] * 1000.0)
    regions["employed_year"] = regions["code"].map(latest["year"]).astype("Int64")
    return regions


def load_regions() -> pd.DataFrame:
    """Return the reference table of the 20 units, one row per ISO 3166-2 code.

    Columns: ``code`` (``KZ-10`` … ``KZ-79``), ``kato``, ``name_en``, ``name_ru``,
    ``name_kk``, ``aliases`` (``;``-separated), ``admin_center``, ``lat``, ``lon``,
    ``population``, ``population_date``, ``area_km2``, ``source``, ``employed`` (persons,
    latest year) and ``employed_year``.
    """
    return _regions_frame().copy()


def load_employed() -> pd.DataFrame:
    """Return the employed population (15+) by unit and year, in persons."""
    employed = pd.read_csv(EMPLOYED_CSV)
    employed["employed"] = employed["employed_thousands"] * 1000.0
    return employed[["code", "year", "employed", "source"]]


def region_codes() -> list[str]:
    """Return the 20 ISO 3166-2 codes in ascending order."""
    return sorted(_regions_frame()["code"])


def region_name(code: str, lang: str = "ru") -> str:
    """Return the name of the unit ``code`` in ``lang`` (``ru``, ``kk`` or ``en``)."""
    if lang not in ("ru", "kk", "en"):
        raise ValueError(f"Invalid language: {lang!r}. Language must be in the set: en, kk, ru")
    row = _regions_frame().set_index("code")
    if code not in row.index:
        raise KeyError(f"Unknown region code: {code!r}")
    return str(row.at[code, f"name_{lang}"])
