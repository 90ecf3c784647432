"""The second-level units of Kazakhstan: districts, cities of regional significance, city districts.

Source: ``data/districts/kaz_admbnda_adm2_2024.*`` (224 units as they stand after the 2022
reform, from the geokz package 1.0.2 by Alexander Rodionov, CC BY 4.0, derived from the
OCHA/UNHCR common operational boundaries of Kazakhstan and OpenStreetMap; see
``data/districts/CREDITS.md``). The source's attribute defects are mended here, in code, and
listed in the credits:

* «Zharasemey» (``ADM2_EN``) is «Zhanasemey», and its KATO is ``104100000``, not
  ``101010000``;
* the Russian names «Енбекшинскийский», «Каратаускийский» lose their doubled suffix, and
  «Aршалинский» its Latin «A».

Three units created in 2024 are not in the source: Sauran district (drawn inside Kentau),
Markakol district (inside Kurchum district) and Ulken Naryn district (inside Katon-Karagai
district). They are listed in ``data/districts/missing_units.csv`` with the unit that
contains them: their names resolve, and their rows are placed in the containing unit with a
warning (:func:`containing_unit`).
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from geo.reference import DATA_DIR

DISTRICTS_DIR = DATA_DIR / "districts"
SOURCE_SHAPEFILE = DISTRICTS_DIR / "kaz_admbnda_adm2_2024.shp"
MISSING_UNITS_CSV = DISTRICTS_DIR / "missing_units.csv"
CITY_UNITS = frozenset({"KZ-71", "KZ-75", "KZ-79"})

#: KATO codes of the source that are wrong, and the right ones.
KATO_FIXES = {"101010000": "104100000"}
#: (column, wrong value, right value) of the source's misspelt names.
NAME_FIXES = (
    ("ADM2_EN", "Zharasemey", "Zhanasemey"),
    ("ADM2_RU", "Енбекшинскийский", "Енбекшинский"),
    ("ADM2_RU", "Каратаускийский", "Каратауский"),
    ("ADM2_RU", "Aршалинский", "Аршалинский"),
)


def unit_kind(kato: str, region: str) -> str:
    """Return ``city`` (of regional significance), ``district`` or ``city_district``.

    KATO numbers a region's cities of regional significance 10-31 in digits 3-4 and its
    districts from 32 on; the units of Astana, Almaty and Shymkent are city districts.
    """
    if region in CITY_UNITS:
        return "city_district"
    return "city" if int(kato[2:4]) < 32 else "district"


def mend_attributes(raw: pd.DataFrame) -> pd.DataFrame:
    """Return the source attributes with the known defects mended (see the module doc)."""
    frame = raw.copy()
    frame["KATO"] = frame["KATO"].astype(str).replace(KATO_FIXES)
    for column, wrong, right in NAME_FIXES:
        frame[column] = frame[column].replace(wrong, right)
    return frame


def read_source_attributes() -> pd.DataFrame:
    """Return the source's attribute table as read (no geometry), KATO as text."""
    import pyogrio

    return pyogrio.read_dataframe(SOURCE_SHAPEFILE, read_geometry=False)


@lru_cache(maxsize=1)
def _districts_frame() -> pd.DataFrame:
    raw = mend_attributes(read_source_attributes())
    frame = pd.DataFrame(
        {
            "kato": raw["KATO"].astype(str),
            "region": "KZ-" + raw["ADM1_PCODE"].str[2:],
            "name_en": raw["ADM2_EN"],
            "name_kk": raw["ADM2_KK"],
            "name_ru": raw["ADM2_RU"],
        }
    )
    frame["kind"] = [unit_kind(k, r) for k, r in zip(frame["kato"], frame["region"], strict=True)]
    return frame.sort_values("kato", ignore_index=True)


def load_districts() -> pd.DataFrame:
    """Return the 224 mapped units: ``kato``, ``region``, ``name_en/kk/ru``, ``kind``.

    Names are the source's short forms («Аккольский», «Кентау»); :func:`district_label`
    writes them in full.
    """
    return _districts_frame().copy()


@lru_cache(maxsize=1)
def _missing_frame() -> pd.DataFrame:
    return pd.read_csv(MISSING_UNITS_CSV, dtype=str)


def load_missing_units() -> pd.DataFrame:
    """Return the units the source lacks: ``kato``, ``region``, names, ``contained_in``."""
    return _missing_frame().copy()


def containing_unit(kato: str) -> str:
    """Return the mapped unit that holds ``kato`` (itself when it is mapped)."""
    missing = _missing_frame().set_index("kato")["contained_in"]
    return str(missing.get(kato, kato))


_SUFFIX = {
    "ru": {"district": " район", "city": "", "city_district": " район"},
    "kk": {"district": " ауданы", "city": " қ.ә.", "city_district": " ауданы"},
    "en": {"district": " District", "city": "", "city_district": " District"},
}


@lru_cache(maxsize=1)
def _labels() -> dict[tuple[str, str], str]:
    labels = {}
    for frame in (_districts_frame(), _missing_frame()):
        for row in frame.itertuples():
            for lang in ("ru", "kk", "en"):
                name = str(getattr(row, f"name_{lang}"))
                kind = unit_kind(row.kato, row.region)
                if lang == "ru" and kind == "city":
                    name = f"г. {name}"
                elif lang == "ru" and not name.endswith("ский") and kind != "city":
                    name = f"район {name}"
                    labels[(row.kato, lang)] = name
                    continue
                labels[(row.kato, lang)] = name + _SUFFIX[lang][kind]
    return labels


def district_label(kato: str, lang: str = "ru") -> str:
    """Return the full name of unit ``kato`` in ``lang`` («Аккольский район», «г. Кентау»)."""
    if lang not in ("ru", "kk", "en"):
        raise ValueError(f"Invalid language: {lang!r}. Language must be in the set: en, kk, ru")
    try:
        return _labels()[(kato, lang)]
    except KeyError:
        raise KeyError(f"Unknown district KATO: {kato!r}") from None


def district_katos(region: str | None = None) -> list[str]:
    """Return the KATO codes of the mapped units, of one region when ``region`` is given."""
    frame = _districts_frame()
    if region is not None:
        frame = frame[frame["region"] == region]
    return frame["kato"].tolist()
