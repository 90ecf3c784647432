"""Boundaries of the 224 second-level units, nested exactly in the 20 region boundaries.

Source: ``data/districts/kaz_admbnda_adm2_2024.*`` (see :mod:`geo.district_reference` and
``data/districts/CREDITS.md``). The district source and the region source
(:mod:`geo.geometry`) were generalised apart: along region borders they disagree by strips
of up to a few kilometres (1-4 % of a region's area). The regions stay as they are (the
national map, weights and settlements are built on them) and the districts are made to agree
with them, by :func:`nest`:

1. the source polygons are made valid (Ulytau's ring is invalid) and cleaned as one coverage
   (0.3 km² of overlaps and 0.1 km² of gaps between districts);
2. every district is cut to its region (``KATO`` digits 1-2 name the region);
3. what of a region no district covers is cut into cells of :data:`FILL_CELL_DEG` and each
   cell goes to the nearest district of that region;
4. all of it on a grid of :data:`GRID_DEG` (~1 cm), the region outline included, so the
   districts of a region are a clean coverage whose union is the region: the tests hold the
   difference under :data:`NESTING_TOLERANCE_KM2`.

:func:`browser_district_geojson` simplifies the 224 units as one coverage
(``shapely.coverage_simplify``: neighbours keep identical borders) and rounds coordinates to 4
decimals; the budget for a region's payload is :data:`REGION_PAYLOAD_BUDGET_BYTES`.
Results are cached under ``data/cache/`` like the region boundaries.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import shapely

from geo import geometry
from geo.district_reference import SOURCE_SHAPEFILE, containing_unit, mend_attributes

if TYPE_CHECKING:
    import geopandas as gpd

GRID_DEG = 1e-7
SOURCE_GAP_WIDTH_DEG = 0.005
FILL_CELL_DEG = 0.02
SIMPLIFY_TOLERANCE_DEG = 0.004
COORDINATE_DECIMALS = 4
PREPARATION_VERSION = "1"
#: Largest area (km²) by which a region and the union of its districts may differ.
NESTING_TOLERANCE_KM2 = 0.001
#: Largest GeoJSON (bytes) of one region's districts sent to the browser.
REGION_PAYLOAD_BUDGET_BYTES = 80_000
#: Largest GeoJSON (bytes) of all 224 units together.
COUNTRY_PAYLOAD_BUDGET_BYTES = 700_000


class DistrictBoundaryError(ValueError):
    """The district boundaries do not nest in the regions."""


@lru_cache(maxsize=1)
def source_hash() -> str:
    """Return a short hash of the source files, the region boundaries and the settings."""
    digest = hashlib.sha256()
    for suffix in ("shp", "dbf"):
        digest.update(SOURCE_SHAPEFILE.with_suffix(f".{suffix}").read_bytes())
    digest.update(geometry.source_hash().encode())
    digest.update(
        f"{GRID_DEG}|{SOURCE_GAP_WIDTH_DEG}|{FILL_CELL_DEG}|{SIMPLIFY_TOLERANCE_DEG}|"
        f"{COORDINATE_DECIMALS}|{PREPARATION_VERSION}".encode()
    )
    return digest.hexdigest()[:12]


def raw_districts() -> gpd.GeoDataFrame:
    """Return the source as read, attributes mended, with ``kato`` and ``region`` columns."""
    import geopandas as gpd

    raw = gpd.read_file(SOURCE_SHAPEFILE)
    if raw.crs is None:
        raw = raw.set_crs(geometry.CRS)
    raw = mend_attributes(raw)
    raw["kato"] = raw["KATO"].astype(str)
    raw["region"] = "KZ-" + raw["ADM1_PCODE"].str[2:]
    return raw


def _grid_cells(bounds: tuple[float, float, float, float]) -> np.ndarray:
    xmin, ymin, xmax, ymax = bounds
    xs = np.arange(np.floor(xmin / FILL_CELL_DEG), np.ceil(xmax / FILL_CELL_DEG)) * FILL_CELL_DEG
    ys = np.arange(np.floor(ymin / FILL_CELL_DEG), np.ceil(ymax / FILL_CELL_DEG)) * FILL_CELL_DEG
    gx, gy = (axis.ravel() for axis in np.meshgrid(xs, ys))
    return shapely.box(gx, gy, gx + FILL_CELL_DEG, gy + FILL_CELL_DEG)


def _fill_pieces(uncovered: shapely.Geometry) -> np.ndarray:
    """Cut the uncovered part of a region into small pieces (grid cells)."""
    parts = shapely.get_parts(uncovered)
    pieces = []
    for part in parts:
        cells = _grid_cells(part.bounds)
        tree = shapely.STRtree(cells)
        hits = tree.query(part, predicate="intersects")
        cut = shapely.intersection(cells[hits], part, grid_size=GRID_DEG)
        pieces.extend(p for c in cut for p in shapely.get_parts(c) if p.area > 0)
    return np.array([p for p in pieces if shapely.get_type_id(p) in (3, 6)], dtype=object)


def _nest_region(region: shapely.Geometry, districts: np.ndarray) -> np.ndarray:
    """Return the districts of one region cut to it, its uncovered parts given out."""
    region = shapely.set_precision(region, GRID_DEG)
    clipped = shapely.intersection(districts, region, grid_size=GRID_DEG)
    clipped = np.array([geometry._polygonal(g) for g in clipped], dtype=object)
    uncovered = shapely.difference(region, shapely.union_all(clipped, grid_size=GRID_DEG),
                                   grid_size=GRID_DEG)
    uncovered = geometry._polygonal(uncovered)
    if uncovered.is_empty:
        return clipped
    pieces = _fill_pieces(uncovered)
    tree = shapely.STRtree(clipped)
    owners = tree.query_nearest(pieces, all_matches=False, return_distance=False)[1]
    nested = []
    for position, shape in enumerate(clipped):
        own = pieces[owners == position]
        nested.append(geometry._polygonal(
            shapely.union_all(np.append(own, shape), grid_size=GRID_DEG)
        ))
    return np.array(nested, dtype=object)


def nest(districts: np.ndarray, district_regions: np.ndarray,
         regions: gpd.GeoDataFrame) -> np.ndarray:
    """Return ``districts`` made a clean coverage whose units of a region make up that region.

    ``district_regions`` gives each district's region code; ``regions`` has ``code`` and
    ``geometry``. See the module docstring for the steps.
    """
    flat = shapely.force_2d(np.asarray(districts, dtype=object))
    valid = np.array([geometry._polygonal(g) for g in shapely.make_valid(flat)], dtype=object)
    clean = shapely.coverage_clean(valid, gap_width=SOURCE_GAP_WIDTH_DEG)
    result = np.empty(len(clean), dtype=object)
    for code, region in zip(regions["code"], regions.geometry, strict=True):
        mask = np.asarray(district_regions) == code
        if not mask.any():
            raise DistrictBoundaryError(f"Region {code} has no districts")
        result[mask] = _nest_region(region, clean[mask])
    if any(g is None or g.is_empty for g in result):
        raise DistrictBoundaryError("A district lies outside every region")
    # each district was united with its pieces on its own: match the shared vertices again
    return shapely.coverage_clean(result, gap_width=0.0)


def _frame(katos, regions, geometries) -> gpd.GeoDataFrame:
    import geopandas as gpd

    frame = gpd.GeoDataFrame(
        {"kato": list(katos), "region": list(regions)}, geometry=list(geometries),
        crs=geometry.CRS,
    )
    return frame.sort_values("kato", ignore_index=True)


def _cache_path(kind: str, suffix: str):
    return geometry.CACHE_DIR / f"districts-{kind}-{source_hash()}.{suffix}"


@lru_cache(maxsize=1)
def _repaired() -> gpd.GeoDataFrame:
    import geopandas as gpd

    path = _cache_path("repaired", "parquet")
    if path.exists():
        return gpd.read_parquet(path)
    raw = raw_districts()
    nested = nest(raw.geometry.values, raw["region"].to_numpy(), geometry.boundaries())
    frame = _frame(raw["kato"], raw["region"], nested)
    geometry._write_cache(path, lambda tmp: frame.to_parquet(tmp))
    return frame


def district_boundaries() -> gpd.GeoDataFrame:
    """Return the repaired district boundaries: ``kato``, ``region``, ``geometry``.

    EPSG:4326, valid, one clean coverage; the units of a region make up that region of
    :func:`geo.boundaries` (within :data:`NESTING_TOLERANCE_KM2`).
    """
    return _repaired().copy()


def simplify_districts(coverage: np.ndarray) -> np.ndarray:
    """Simplify the district coverage keeping shared borders identical; round coordinates."""
    simplified = shapely.coverage_simplify(coverage, SIMPLIFY_TOLERANCE_DEG)
    rounded = np.array(
        [shapely.transform(g, lambda xy: np.round(xy, COORDINATE_DECIMALS)) for g in simplified],
        dtype=object,
    )
    invalid = ~shapely.is_valid(rounded)
    if invalid.any():
        rounded[invalid] = [geometry._polygonal(g) for g in shapely.make_valid(rounded[invalid])]
    return rounded


@lru_cache(maxsize=1)
def _browser() -> gpd.GeoDataFrame:
    import geopandas as gpd

    path = _cache_path("browser", "parquet")
    if path.exists():
        return gpd.read_parquet(path)
    repaired = _repaired()
    frame = _frame(repaired["kato"], repaired["region"],
                   simplify_districts(repaired.geometry.values))
    geometry._write_cache(path, lambda tmp: frame.to_parquet(tmp))
    return frame


def browser_district_boundaries() -> gpd.GeoDataFrame:
    """Return the coverage-simplified district boundaries for maps in the browser."""
    return _browser().copy()


@lru_cache(maxsize=32)
def browser_district_geojson(region: str | None = None) -> str:
    """Return compact GeoJSON of the browser districts (feature property ``code`` = KATO).

    ``region`` limits it to one region's units; None gives all 224.
    """
    frame = _browser()
    if region is not None:
        frame = frame[frame["region"] == region]
    return geometry.to_compact_geojson(frame.rename(columns={"kato": "code"}))


@lru_cache(maxsize=1)
def _district_tree() -> tuple[shapely.STRtree, np.ndarray, np.ndarray]:
    frame = _repaired()
    shapes = np.array(frame.geometry.values, dtype=object)
    shapely.prepare(shapes)  # 20x faster point tests on these detailed outlines
    return shapely.STRtree(shapes), shapes, frame["kato"].to_numpy()


def point_districts(lat, lon) -> pd.Series:
    """Return the KATO of the unit each point lies in (None outside every unit).

    ``lat`` and ``lon`` are array-likes of the same length; missing coordinates give None.
    """
    lat = np.asarray(pd.to_numeric(pd.Series(lat), errors="coerce"), dtype=float)
    lon = np.asarray(pd.to_numeric(pd.Series(lon), errors="coerce"), dtype=float)
    result = np.full(len(lat), None, dtype=object)
    known = ~(np.isnan(lat) | np.isnan(lon))
    if known.any():
        tree, shapes, katos = _district_tree()
        points = shapely.points(lon[known], lat[known])
        point_index, shape_index = tree.query(points)  # bounding boxes first
        inside = shapely.intersects(shapes[shape_index], points[point_index])
        point_index, shape_index = point_index[inside], shape_index[inside]
        found = np.full(len(points), None, dtype=object)
        found[point_index] = katos[shape_index]  # a point on a shared border takes one side
        result[known] = found
    return pd.Series(result, dtype=object)


@lru_cache(maxsize=1)
def district_label_points() -> dict[str, tuple[float, float]]:
    """Return a point inside each unit, ``(lat, lon)`` by KATO, where its name is written."""
    frame = _repaired()
    points = frame.geometry.representative_point()
    return {str(k): (float(p.y), float(p.x)) for k, p in zip(frame["kato"], points, strict=True)}


def mapped_unit(kato: str) -> str:
    """Return the mapped unit a KATO is drawn in (a unit the source lacks → its container)."""
    return containing_unit(kato)


def build_caches() -> list[str]:
    """Build the region and district boundary files under ``data/cache/``; return their names.

    The first use otherwise repairs and nests the boundaries on the spot (about 10 s, paid by
    the first visitor of a region page); ``python cli.py assets`` (run by ``make install``)
    calls this so that nobody waits. Files already built for the same sources are kept.
    """
    geometry.browser_geojson()
    _browser()
    _district_tree()
    paths = [geometry._cache_path(kind, suffix) for kind, suffix in
             (("repaired", "parquet"), ("browser", "parquet"), ("browser", "geojson"))]
    paths += [_cache_path(kind, "parquet") for kind in ("repaired", "browser")]
    return [path.name for path in paths if path.exists()]


def clear_caches() -> None:
    """Forget the in-process copies (the disk cache stays)."""
    for cached in (_repaired, _browser, browser_district_geojson, _district_tree,
                   district_label_points, source_hash):
        cached.cache_clear()


def payload_sizes() -> dict[str, int]:
    """Return the size in bytes of each region's district GeoJSON, and ``all``."""
    sizes = {code: len(browser_district_geojson(code).encode()) for code in
             sorted(set(_browser()["region"]))}
    sizes["all"] = len(json.dumps(json.loads(browser_district_geojson()),
                                  separators=(",", ":")).encode())
    return sizes
