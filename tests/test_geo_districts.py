"""District boundaries: mended source, exact nesting in the regions, browser payload."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely

import geo
from geo import district_geometry, district_reference

GRID = district_geometry.GRID_DEG


@pytest.fixture(scope="module")
def districts():
    return geo.district_boundaries()


@pytest.fixture(scope="module")
def browser():
    return geo.browser_district_boundaries()


@pytest.fixture(scope="module")
def regions():
    return geo.boundaries().set_index("code")


def _km2(degrees2: float, latitude: float) -> float:
    """Area in km² of ``degrees2`` square degrees at ``latitude`` (tiny areas only)."""
    return degrees2 * 111.32 * 111.32 * np.cos(np.radians(latitude))


def test_source_defects_are_mended():
    raw = district_reference.read_source_attributes()
    assert "101010000" in set(raw["KATO"]) and "Zharasemey" in set(raw["ADM2_EN"])
    assert {"Енбекшинскийский", "Каратаускийский", "Aршалинский"} <= set(raw["ADM2_RU"])
    table = geo.load_districts()
    assert "101010000" not in set(table["kato"])
    zhanasemey = table.set_index("kato").loc["104100000"]
    assert (zhanasemey["name_en"], zhanasemey["region"]) == ("Zhanasemey", "KZ-10")
    names = set(table["name_ru"])
    assert {"Енбекшинский", "Каратауский", "Аршалинский"} <= names
    assert not any("скийский" in name for name in names)
    assert all(not any("A" <= ch <= "z" for ch in name) for name in names)
    assert table["kato"].is_unique and table["kato"].str.fullmatch(r"\d{9}").all()


def test_every_region_has_its_units(districts):
    assert len(districts) == 224
    counts = districts.groupby("region").size()
    assert sorted(counts.index) == geo.region_codes()
    assert counts["KZ-75"] == 8 and counts["KZ-71"] == 5 and counts["KZ-79"] == 5
    kinds = geo.load_districts()["kind"].value_counts()
    assert kinds["district"] + kinds["city"] == 206


@pytest.mark.parametrize("which", ["districts", "browser"])
def test_every_district_is_valid_and_all_form_a_clean_coverage(which, request):
    frame = request.getfixturevalue(which)
    geometries = frame.geometry.values
    assert frame.crs.to_epsg() == 4326
    assert shapely.is_valid(geometries).all()
    assert not shapely.is_empty(geometries).any()
    assert set(shapely.get_type_id(geometries)) <= {3, 6}
    assert shapely.coverage_is_valid(geometries)


def test_the_source_has_the_geometry_defects_the_repair_is_for():
    raw = district_geometry.raw_districts()
    assert not raw.geometry.is_valid.all()  # Ulytau's ring
    assert raw.loc[~raw.geometry.is_valid, "region"].tolist() == ["KZ-62"]
    assert not shapely.coverage_is_valid(shapely.make_valid(raw.geometry.values))


def test_every_district_lies_inside_its_region(districts, regions):
    for kato, code, shape in zip(districts["kato"], districts["region"], districts.geometry,
                                 strict=True):
        region = shapely.set_precision(regions.geometry[code], GRID)
        outside = shapely.difference(shape, region, grid_size=GRID).area
        assert _km2(outside, shape.centroid.y) <= district_geometry.NESTING_TOLERANCE_KM2, kato


def test_districts_of_a_region_cover_it_within_the_tolerance(districts, regions):
    for code, group in districts.groupby("region"):
        union = shapely.union_all(group.geometry.values, grid_size=GRID)
        region = shapely.set_precision(regions.geometry[code], GRID)
        difference = shapely.symmetric_difference(union, region, grid_size=GRID).area
        latitude = region.centroid.y
        assert _km2(difference, latitude) <= district_geometry.NESTING_TOLERANCE_KM2, code
        assert _km2(region.area, latitude) > 100


def test_the_source_did_not_nest_before_the_repair(regions):
    raw = district_geometry.raw_districts()
    shapes = shapely.make_valid(raw.geometry.values)
    kokshetau_region = regions.geometry["KZ-11"]
    akmola = shapely.union_all(shapes[raw["region"].to_numpy() == "KZ-11"])
    assert _km2(shapely.difference(akmola, kokshetau_region).area, 52) > 100


def test_browser_payload_is_within_budget():
    sizes = district_geometry.payload_sizes()
    assert set(sizes) == {*geo.region_codes(), "all"}
    per_region = {code: size for code, size in sizes.items() if code != "all"}
    assert max(per_region.values()) <= district_geometry.REGION_PAYLOAD_BUDGET_BYTES
    assert sizes["all"] <= district_geometry.COUNTRY_PAYLOAD_BUDGET_BYTES


def test_browser_geojson_of_a_region_has_its_units_only():
    collection = json.loads(geo.browser_district_geojson("KZ-61"))
    codes = [feature["properties"]["code"] for feature in collection["features"]]
    assert sorted(codes) == geo.district_katos("KZ-61")
    assert "612000000" in codes  # Kentau, which holds Sauran


def test_points_fall_in_their_districts():
    # Kentau, Ust-Kamenogorsk (Oskemen), Astana's Yesil district, Almaty's Medeu, the sea
    lat = [43.518, 49.948, 51.090, 43.235, 44.0]
    lon = [68.505, 82.628, 71.420, 76.990, 50.5]
    assert geo.point_districts(lat, lon).tolist() == [
        "612000000", "631000000", "711210000", "751710000", None,
    ]


def test_points_of_settlements_match_the_region_of_their_district():
    places = geo.settlements()
    katos = geo.point_districts(places["lat"], places["lon"])
    by_kato = geo.load_districts().set_index("kato")["region"]
    inside = katos.notna().to_numpy()
    assert inside.mean() > 0.95
    district_regions = katos[inside].map(by_kato).to_numpy()
    point_regions = geo.point_regions(places["lat"][inside], places["lon"][inside]).to_numpy()
    assert (district_regions == point_regions).all()


def test_missing_units_are_listed_with_the_unit_that_holds_them():
    missing = geo.load_missing_units().set_index("kato")
    assert missing["contained_in"].to_dict() == {
        "615500000": "612000000", "635500000": "635200000", "636300000": "635400000",
    }
    mapped = set(geo.district_katos())
    assert set(missing["contained_in"]) <= mapped
    assert not set(missing.index) & mapped


def test_labels_in_three_languages():
    assert geo.district_label("104100000", "ru") == "Жанасемейский район"
    assert geo.district_label("104100000", "kk") == "Жаңасемей ауданы"
    assert geo.district_label("104100000", "en") == "Zhanasemey District"
    assert geo.district_label("612000000", "ru") == "г. Кентау"
    assert geo.district_label("612000000", "kk") == "Кентау қ.ә."
    with pytest.raises(KeyError):
        geo.district_label("999999999")
