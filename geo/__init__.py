"""Regions and districts of Kazakhstan: reference, boundaries, name resolution.

Importing the package is cheap: boundaries, weights and settlements are built on first use.
"""

from geo.district_geometry import (
    browser_district_boundaries,
    browser_district_geojson,
    build_caches,
    district_boundaries,
    district_label_points,
    point_districts,
)
from geo.district_names import (
    DistrictMatch,
    district_report,
    resolve_district,
    resolve_districts,
)
from geo.district_reference import (
    district_katos,
    district_label,
    load_districts,
    load_missing_units,
)
from geo.geometry import boundaries, browser_boundaries, browser_geojson, label_points
from geo.reference import load_employed, load_regions, region_codes, region_name
from geo.reform import place_pre_reform
from geo.region_history import names_south_kazakhstan, region_periods
from geo.resolve import (
    is_national_total,
    resolve_region,
    resolve_regions,
    resolve_report,
    strip_footnote_marks,
    suggest_regions,
)
from geo.settlements import point_regions, settlement_coords, settlements
from geo.weights import region_weights

__all__ = [
    "DistrictMatch",
    "browser_district_boundaries",
    "browser_district_geojson",
    "build_caches",
    "district_boundaries",
    "district_katos",
    "district_label",
    "district_label_points",
    "district_report",
    "load_districts",
    "load_missing_units",
    "point_districts",
    "resolve_district",
    "resolve_districts",
    "boundaries",
    "browser_boundaries",
    "browser_geojson",
    "label_points",
    "names_south_kazakhstan",
    "place_pre_reform",
    "point_regions",
    "region_weights",
    "settlement_coords",
    "settlements",
    "is_national_total",
    "load_employed",
    "load_regions",
    "region_codes",
    "region_periods",
    "region_name",
    "resolve_region",
    "resolve_regions",
    "resolve_report",
    "strip_footnote_marks",
    "suggest_regions",
]
