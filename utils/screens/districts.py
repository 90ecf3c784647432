"""The region page's districts: the choropleth of one indicator by district, and the filter.

The map colours the districts of the region (``geo.browser_district_geojson``, feature
property ``code`` = the 9-digit KATO) by ``utils.metrics.district_values``; a click reports
the KATO, which the page keeps in the URL (``district=``) and uses to narrow its tables:
incidents by the district they were placed in at load, enterprises (and their leading
tables) by the district their coordinates lie in.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

import geo
from utils import formatting, i18n, maps
from utils.screens.map import RegionMap, legend_unit

#: Districts' normalisations and the catalog key of their names.
NORMALISATION_KEYS = {
    "absolute": "districts.norm.absolute",
    "per_enterprise": "districts.norm.per_enterprise",
    "per_100k": "districts.norm.per_100k",
}


def district_names(region: str, lang: str) -> dict[str, str]:
    """Return the full name of every district of ``region`` by KATO, in ``lang``."""
    return {kato: geo.district_label(kato, lang) for kato in geo.district_katos(region)}


def normalisation_label(normalisation: str, lang: str) -> str:
    """Return the name of a district normalisation («на предприятие» …)."""
    return i18n.t(NORMALISATION_KEYS[normalisation], lang)


def shown_unit(unit: str, normalisation: str, lang: str) -> str | None:
    """Return the unit written after the legend title for a district normalisation."""
    if normalisation == "absolute":
        return legend_unit(unit, "absolute", lang)
    per = normalisation_label(normalisation, lang)
    if unit == "KZT":
        return f"{formatting.CURRENCY_SIGN} {per}"
    return per


def district_value_text(value: float, unit: str, normalisation: str, lang: str) -> str:
    """Return a district value with its unit, as the tooltip writes it."""
    text = formatting.format_indicator_value(value, unit, lang,
                                             normalised=normalisation != "absolute")
    extra = shown_unit(unit, normalisation, lang)
    if pd.isna(value) or not extra or (unit == "KZT" and normalisation == "absolute"):
        return text
    return f"{text} {extra}"


def district_map(
    values: pd.DataFrame,
    region: str,
    *,
    lang: str,
    indicator_title: str,
    unit: str,
    normalisation: str = "absolute",
    selected: str | None = None,
    high_contrast: bool = False,
    tile_url: str | None = None,
) -> RegionMap:
    """Return the choropleth of the districts of ``region`` and its legend.

    ``values`` is ``utils.metrics.district_values`` (``code``, ``value``, ``count``);
    ``selected`` outlines the district the page is filtered to.
    """
    def fmt(value: float) -> str:
        return formatting.format_indicator_value(value, unit, lang,
                                                 normalised=normalisation != "absolute")

    series = values.set_index("code")["value"].astype(float)
    classes = maps.classify(series, formatter=fmt,
                            no_data_label=i18n.t("map.legend_no_data", lang))
    palette = maps.palette_for(classes, high_contrast=high_contrast)
    names = district_names(region, lang)
    rows = {
        record.code: [(indicator_title,
                       district_value_text(record.value, unit, normalisation, lang))]
        for record in values.itertuples(index=False)
    }
    built = maps.choropleth_map(
        geo.browser_district_geojson(region),
        values[["code", "value"]],
        classes,
        tooltip_rows=rows,
        region_names=names,
        palette=palette,
        high_contrast=high_contrast,
        tile_url=tile_url,
        selected=selected,
        tap_hint=i18n.t("districts.tap_hint", lang),
    )
    legend = maps.legend_html(classes, palette, indicator_title,
                              shown_unit(unit, normalisation, lang), high_contrast=high_contrast)
    return RegionMap(built, legend, classes)


def bins_in_district(points: pd.DataFrame, district: str) -> set[str]:
    """Return the BINs of the enterprise points (``bin``, ``lat``, ``lon``) in ``district``."""
    if points.empty:
        return set()
    found = geo.point_districts(points["lat"].to_numpy(), points["lon"].to_numpy())
    inside = (found == district).to_numpy()
    return {str(b) for b in points.loc[inside, "bin"].dropna()}


def points_in_district(points: pd.DataFrame, district: str) -> pd.DataFrame:
    """Return the enterprise points that lie in ``district``."""
    if points.empty:
        return points
    found = geo.point_districts(points["lat"].to_numpy(), points["lon"].to_numpy())
    return points[(found == district).to_numpy()]


def rows_of_bins(frame: pd.DataFrame, bins: Iterable[str], column: str = "bin") -> pd.DataFrame:
    """Return the rows of ``frame`` whose ``column`` is one of ``bins``."""
    return frame[frame[column].astype(str).isin(set(bins))]


def incidents_in_district(incidents: pd.DataFrame, district: str) -> pd.DataFrame:
    """Return the incidents placed in ``district`` at load."""
    if incidents.empty or "district_kato" not in incidents:
        return incidents.iloc[0:0]
    return incidents[incidents["district_kato"] == district]


def valid_district(district: str | None, region: str | None) -> str | None:
    """Return ``district`` when it is a district of ``region``, else None (a stale URL)."""
    if district is None or region is None:
        return None
    return district if district in set(geo.district_katos(region)) else None
