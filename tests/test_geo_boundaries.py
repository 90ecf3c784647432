"""Boundaries: repaired coverage, browser version, weights, settlements and points."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import shapely

import geo
from geo import geometry as geo_boundaries


@pytest.fixture(scope="module")
def repaired():
    return geo.boundaries()


@pytest.fixture(scope="module")
def browser():
    return geo.browser_boundaries()


def test_every_reference_row_joins_to_exactly_one_boundary(repaired):
    raw = geo_boundaries.raw_boundaries()
    assert sorted(raw["code"]) == geo.region_codes()
    assert raw["code"].is_unique
    merged = geo.load_regions().merge(repaired, on="code", how="outer", indicator=True)
    assert (merged["_merge"] == "both").all()
    assert len(merged) == 20


def test_raw_source_has_the_defects_the_repair_is_for():
    raw = geo_boundaries.raw_boundaries()
    assert raw.geometry.has_z.any()
    assert not raw.geometry.is_valid.all()
    assert set(raw["ADM0_EN"]) == {"KAZ"}  # swapped fields: the name holds the code


@pytest.mark.parametrize("which", ["repaired", "browser"])
def test_coverage_is_valid_2d_and_has_no_overlaps_or_gaps(which, request):
    frame = request.getfixturevalue(which)
    geometries = frame.geometry.values
    assert frame.crs.to_epsg() == 4326
    assert not shapely.has_z(geometries).any()
    assert shapely.is_valid(geometries).all()
    assert set(shapely.get_type_id(geometries)) <= {3, 6}
    assert shapely.coverage_is_valid(geometries)
    invalid_edges = shapely.coverage_invalid_edges(geometries)
    assert all(edge is None or edge.is_empty for edge in invalid_edges)
    # no overlaps between any two units
    tree = shapely.STRtree(geometries)
    left, right = tree.query(geometries, predicate="intersects")
    pairs = left < right
    overlap = shapely.area(shapely.intersection(geometries[left[pairs]], geometries[right[pairs]]))
    assert overlap.max() == 0.0
    # no gaps: the union of the units has no interior holes
    union = shapely.union_all(geometries)
    holes = sum(shapely.get_num_interior_rings(part) for part in shapely.get_parts(union))
    assert holes == 0


def test_repair_keeps_the_cities_whole():
    raw = geo_boundaries.raw_boundaries()
    raw_area = geo_boundaries.equal_area(
        raw.set_geometry(shapely.make_valid(shapely.force_2d(raw.geometry.values)))
    )
    repaired_area = geo_boundaries.equal_area(geo.boundaries())
    for city in ("KZ-71", "KZ-75", "KZ-79"):
        assert repaired_area[city] == pytest.approx(raw_area[city], rel=1e-3)


def test_raw_source_overlaps_that_the_repair_removes():
    raw = geo_boundaries.raw_boundaries()
    geometries = shapely.make_valid(shapely.force_2d(raw.geometry.values))
    codes = raw["code"].to_numpy()
    almaty, region = geometries[codes == "KZ-75"][0], geometries[codes == "KZ-19"][0]
    assert shapely.area(shapely.intersection(almaty, region)) > 0


def test_browser_version_has_the_same_units_and_area_within_half_a_percent(repaired, browser):
    assert browser["code"].tolist() == repaired["code"].tolist() == geo.region_codes()
    before, after = geo_boundaries.equal_area(repaired), geo_boundaries.equal_area(browser)
    assert abs(after.sum() / before.sum() - 1) <= 0.005
    assert (abs(after / before - 1) <= 0.02).all()


def test_browser_version_has_fewer_vertices_and_rounded_coordinates(repaired, browser):
    coords = shapely.get_coordinates(browser.geometry.values)
    assert len(coords) < shapely.get_num_coordinates(repaired.geometry.values).sum() / 4
    assert np.array_equal(coords, np.round(coords, geo_boundaries.COORDINATE_DECIMALS))


def test_browser_geojson_is_compact_and_keyed_by_code(browser):
    text = geo.browser_geojson()
    data = json.loads(text)
    assert [f["properties"] for f in data["features"]] == [{"code": c} for c in browser["code"]]
    assert ", " not in text and ": " not in text
    shapes = [shapely.geometry.shape(f["geometry"]) for f in data["features"]]
    assert all(shapely.equals(a, b) for a, b in zip(shapes, browser.geometry, strict=True))


def test_disk_cache_is_named_by_source_hash_and_reused(tmp_path, monkeypatch):
    monkeypatch.setattr(geo_boundaries, "CACHE_DIR", tmp_path)
    geo_boundaries.clear_caches()
    try:
        first = geo_boundaries.browser_geojson()
        names = sorted(p.name for p in tmp_path.iterdir())
        digest = geo_boundaries.source_hash()
        assert names == [
            f"boundaries-browser-{digest}.geojson",
            f"boundaries-browser-{digest}.parquet",
            f"boundaries-repaired-{digest}.parquet",
        ]
        geo_boundaries.clear_caches()
        (tmp_path / f"boundaries-browser-{digest}.geojson").write_text("cached", encoding="utf-8")
        assert geo_boundaries.browser_geojson() == "cached"
        assert first.startswith('{"type":"FeatureCollection"')
    finally:
        geo_boundaries.clear_caches()


def test_region_weights_queen_contiguity():
    weights = geo.region_weights()
    assert weights.id_order == geo.region_codes()
    assert weights.islands == []
    assert weights.neighbors["KZ-71"] == ["KZ-11"]
    assert weights.neighbors["KZ-75"] == ["KZ-19"]
    assert weights.neighbors["KZ-79"] == ["KZ-61"]
    assert "KZ-10" in weights.neighbors["KZ-63"] and "KZ-33" in weights.neighbors["KZ-19"]
    assert "KZ-47" not in weights.neighbors["KZ-63"]
    # symmetric
    for code, neighbours in weights.neighbors.items():
        for other in neighbours:
            assert code in weights.neighbors[other]


def test_settlements_are_placed_by_point_in_polygon():
    places = geo.settlements()
    assert {"name", "name_ru", "region", "lat", "lon", "population"} <= set(places.columns)
    assert len(places) >= 84
    by_name = places.drop_duplicates("name", keep=False).set_index("name")["region"]
    # GeoNames admin1 is pre-reform; the polygons give the current regions
    assert by_name["Semey"] == "KZ-10"
    assert by_name["Taldykorgan"] == "KZ-33"
    assert by_name["Satpayev"] == "KZ-62"
    assert by_name["Zhezqazghan"] == "KZ-62"
    assert by_name["Almaty"] == "KZ-75"
    assert by_name["Shymkent"] == "KZ-79"
    assert places.set_index("name").loc["Ust-Kamenogorsk", "name_ru"] == "Усть-Каменогорск"
    # every administrative centre of the reference is a settlement of its own region
    centres = geo.load_regions()
    found = geo.point_regions(centres["lat"], centres["lon"])
    assert found.tolist() == centres["code"].tolist()


def test_point_regions_vectorised_with_missing_and_outside_points():
    lat = pd.Series([43.2567, 51.1282, 50.4111, 55.7558, np.nan], index=list("abcde"))
    lon = [76.9286, 71.4306, 80.2275, 37.6173, 70.0]
    result = geo.point_regions(lat, lon)
    assert result.index.tolist() == list("abcde")
    assert result.tolist() == ["KZ-75", "KZ-71", "KZ-10", None, None]
    assert geo.point_regions(49.8, 73.1).tolist() == ["KZ-35"]
    with pytest.raises(ValueError, match="lat has 2 values but lon has 1"):
        geo.point_regions([1, 2], [3])


def test_settlement_coords_by_name_in_any_spelling_and_region():
    names = pd.Series(
        ["г. Усть-Каменогорск", "Өскемен", "Oskemen", "Abay", "Абай", "Аксу", "Нигде", None],
        index=[10, 11, 12, 13, 14, 15, 16, 17],
    )
    regions = ["KZ-63", None, "KZ-63", "KZ-35", None, "KZ-55", None, None]
    coords = geo.settlement_coords(names, regions)
    assert coords.index.tolist() == names.index.tolist()
    oskemen = geo.settlements().set_index("name").loc["Ust-Kamenogorsk"]
    for position in (10, 11, 12):
        assert coords.loc[position].tolist() == [oskemen["lat"], oskemen["lon"]]
    assert geo.point_regions(coords.loc[[13], "lat"], coords.loc[[13], "lon"]).tolist() == ["KZ-35"]
    assert np.isnan(coords.loc[14, "lat"])  # two towns called Abay and no region given
    assert geo.point_regions(coords.loc[[15], "lat"], coords.loc[[15], "lon"]).tolist() == ["KZ-55"]
    assert coords.loc[[16, 17]].isna().all().all()
