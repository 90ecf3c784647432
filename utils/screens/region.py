"""The region drill-down, shaped for the page, the exports and the tests.

One region for one period: KPI cards with their rank among the 20 units, the table of every
indicator, the monthly trend of the chosen indicator with its rolling mean and the same
months a year earlier, the category mix of appeals, and the map zoomed on the region with
its enterprises. Everything here is built from the frames of :mod:`utils.metrics` and
returns plain values, Altair charts or folium maps; nothing here draws on a screen.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

from utils import charts, formatting, i18n, metrics
from utils.ingest import VOCABULARIES
from utils.screens.chart_numbers import value_format
from utils.screens.filters import ignored_caption
from utils.screens.map import RegionMap, add_enterprises, region_map
from utils.screens.tables import REGION_COUNT, labelled

#: Indicators shown as cards at the top of the region page, in order.
KPI_CARD_KEYS = (
    "appeals",
    "people",
    "arrears_outstanding_kzt",
    "workers_owed",
    "arrears_repaid_kzt",
    "layoffs",
    "incidents",
)

#: Columns of the region's indicator table.
INDICATOR_COLUMNS = ("indicator", "value", "unit", "change_pct", "rank", "per_100k")

#: Columns of the tables of top enterprises and of incidents.
#: Columns of a region's leading enterprises by what they lead in: the figure right after the
#: name, so it shows in a half-width table without scrolling.
TOP_COLUMNS = {
    "arrears": ("name", "arrears_outstanding_kzt", "workers_owed", "appeals", "industry", "bin"),
    "appeals": ("name", "appeals", "collective_appeals", "people", "arrears_outstanding_kzt",
                "industry", "bin"),
}
INCIDENT_COLUMNS = (
    "date", "type", "enterprise_name", "enterprise_bin", "participants", "settlement",
    "demands", "source", "description",
)


@dataclass(frozen=True)
class Card:
    """One KPI card: label, value with units, change against the previous period, a note,
    and whether a rise is good news (arrears repaid), so its change is coloured by meaning.
    """  # noqa: D205

    label: str
    value: str
    delta: str | None = None
    note: str | None = None
    rise_is_good: bool = False


def has_data(profile: Mapping[str, Any]) -> bool:
    """Return whether the region has any row-level data in the profile's period."""
    return bool(profile["indicators"]["value"].notna().any())


def kpi_cards(
    profile: Mapping[str, Any], lang: str, keys: Sequence[str] = KPI_CARD_KEYS, *,
    filters: metrics.Filters = None,
) -> list[Card]:
    """Return the KPI cards of a region profile (``utils.metrics.region_profile``).

    Each card holds the value, its change against the previous period and its rank among
    the 20 units ("rank 3 of 20"); stocks (arrears, workers owed) also say the month they
    were read at; a value with no data says so. A card whose value the active ``filters``
    (those the profile was read with) do not narrow says so too.
    """
    rows = profile["indicators"].set_index("indicator")
    month = profile.get("arrears_month")
    cards = []
    for key in keys:
        row = rows.loc[key]
        change, rank = row["change_pct"], row["rank"]
        notes = []
        if not pd.isna(rank):
            notes.append(i18n.t("common.rank", lang, rank=int(rank), total=REGION_COUNT))
        if metrics.INDICATORS[key].aggregation == "stock" and month:
            notes.append(i18n.t("region.as_of", lang, month=formatting.format_month(month, lang)))
        if ignored := ignored_caption(key, filters, lang):
            notes.append(ignored)
        cards.append(
            Card(
                label=i18n.kpi_label(key, lang),
                value=formatting.format_indicator_value(
                    row["value"], metrics.INDICATORS[key].unit, lang
                ),
                delta=None if pd.isna(change) else formatting.format_percent_change(change, lang),
                note=" · ".join(notes) or None,
                rise_is_good=metrics.INDICATORS[key].rise_is_good,
            )
        )
    return cards


def indicator_table(profile: Mapping[str, Any], lang: str) -> pd.DataFrame:
    """Return every indicator of the region: value, unit, change %, rank of 20, per 100 000."""
    frame = profile["indicators"].copy()
    frame["unit"] = [formatting.unit_text(metrics.INDICATORS[key].unit, lang)
                     for key in frame["indicator"]]
    frame["rank"] = frame["rank"].astype("Int64")
    frame["change_pct"] = frame["change_pct"].round(1)
    frame["per_100k"] = frame["per_100k"].round(2)
    return labelled(frame, INDICATOR_COLUMNS, lang)


def top_table(frame: pd.DataFrame, by: str, lang: str) -> pd.DataFrame:
    """Return a ranking of ``utils.metrics.top_enterprises`` by ``by`` as the page shows it."""
    return labelled(frame, TOP_COLUMNS[by], lang)


def incidents_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return ``utils.metrics.incidents_list`` as the page shows it, newest first."""
    return labelled(frame, INCIDENT_COLUMNS, lang)


def context_start(start: str, months: int = 12) -> str:
    """Return the month ``months`` before ``start``: the trend reads back that far.

    The year-earlier line and a full rolling mean at the first month need the months
    before the period.
    """
    return str(pd.Period(start, "M") - months)


def value_title(indicator_title: str, unit: str) -> str:
    """Return an axis title: the indicator, with the tenge sign for amounts."""
    return f"{indicator_title}, {formatting.CURRENCY_SIGN}" if unit == "KZT" else indicator_title


def trend_chart(
    series: pd.DataFrame, *, indicator_title: str, unit: str, start: str, lang: str
) -> alt.TopLevelMixin:
    """Return the monthly series of one region with its 3-month mean and a year earlier.

    ``series`` is ``utils.metrics.monthly_series`` for the region read from
    :func:`context_start`; the chart shows the months from ``start`` on.
    """
    chart = charts.monthly_series_chart(
        series,
        value_label=indicator_title,
        rolling_label=i18n.t("trends.rolling_mean", lang),
        year_earlier_label=i18n.t("trends.year_earlier", lang),
        value_title=value_title(indicator_title, unit),
        month_title=i18n.t("common.month", lang),
        start=start,
        value_format=value_format(unit, lang),
    )
    return charts.localized(chart, lang)


def category_labels(lang: str) -> dict[str, str]:
    """Return the label of every appeal category, in the contract's order."""
    return {c: i18n.category_label(c, lang) for c in VOCABULARIES["appeal_category"]}


def category_chart(
    mix: pd.DataFrame, lang: str, *, value_column: str = "appeals", mark: str = "area"
) -> alt.TopLevelMixin:
    """Return appeals by category and month, stacked.

    ``mix`` has ``month``, ``category`` and ``value_column`` (``utils.metrics.category_mix``
    or :func:`utils.screens.enterprise.appeals_by_category`). Areas suit a region's every
    month; bars suit an enterprise's few months with appeals.
    """
    data = mix[["month", "category", value_column]].rename(columns={value_column: "value"})
    chart = charts.category_mix_chart(
        data,
        category_labels=category_labels(lang),
        value_title=i18n.indicator_label("appeals", lang),
        month_title=i18n.t("common.month", lang),
        mark=mark,
    )
    return charts.localized(chart, lang)


def region_bounds(geojson: str | Mapping[str, Any], code: str) -> list[list[float]]:
    """Return ``[[south, west], [north, east]]`` of the unit ``code`` in a boundary GeoJSON.

    Raises
    ------
    KeyError
        When no feature of the GeoJSON has the property ``code`` equal to ``code``.
    """
    data = json.loads(geojson) if isinstance(geojson, str) else geojson
    lons: list[float] = []
    lats: list[float] = []

    def walk(coordinates: Any) -> None:
        if coordinates and isinstance(coordinates[0], (int, float)):
            lons.append(float(coordinates[0]))
            lats.append(float(coordinates[1]))
            return
        for part in coordinates:
            walk(part)

    for feature in data["features"]:
        if feature["properties"].get("code") == code:
            walk(feature["geometry"]["coordinates"])
    if not lons:
        raise KeyError(f"Unknown region code: {code!r}: the boundaries hold no such unit")
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def zoomed_map(
    values: pd.DataFrame,
    geojson: str,
    code: str,
    points: pd.DataFrame,
    *,
    lang: str,
    indicator_title: str,
    unit: str,
    period: tuple[str, str],
    normalisation: str = "absolute",
    high_contrast: bool = False,
    tile_url: str | None = None,
) -> RegionMap:
    """Return the country map zoomed on ``code`` (outlined), with its enterprises as points.

    The units keep the colours of the national map for the indicator (``values`` is
    ``utils.metrics.region_values``), so the region is seen against its neighbours; the
    enterprises (``utils.metrics.enterprise_points``) are sized by arrears and carry their
    BIN, so a click opens the enterprise.
    """
    built = region_map(
        values,
        geojson,
        lang=lang,
        indicator_title=indicator_title,
        unit=unit,
        period=period,
        normalisation=normalisation,
        high_contrast=high_contrast,
        tile_url=tile_url,
        selected=code,
    )
    built.map.fit_bounds(region_bounds(geojson, code), padding=(12, 12))
    if not points.empty:
        add_enterprises(built.map, points, lang)
    return built
