"""The national map as the dashboard, the standalone export and the briefing show it.

One function turns the indicator values of the 20 units into a folium map plus its legend,
so the page, the HTML export and the tests draw exactly the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

import folium
import pandas as pd

from utils import formatting, i18n, maps, metrics, palettes
from utils.classify import Classification, classify


@dataclass(frozen=True)
class RegionMap:
    """A built map with the legend drawn beside it."""

    map: folium.Map
    legend_html: str
    classes: Classification


def _value_text(value: float, unit: str, normalisation: str, lang: str) -> str:
    if pd.isna(value):
        return i18n.t("common.no_data", lang)
    if normalisation != "absolute":
        return formatting.format_number(value, lang, decimals=1)
    if unit == "KZT":
        return formatting.format_money_short(value, lang)
    return formatting.format_number(value, lang)


def indicator_unit(indicator: str) -> str:
    """Return the unit of a row-level indicator ('' for official statistics)."""
    found = metrics.INDICATORS.get(indicator)
    return found.unit if found else ""


def tooltip_rows(
    values: pd.DataFrame, indicator_title: str, unit: str, normalisation: str, lang: str
) -> dict[str, list[tuple[str, str]]]:
    """Return, per region code, the tooltip lines: value with units, rank of 20, change."""
    total = int(values["code"].nunique())
    rows: dict[str, list[tuple[str, str]]] = {}
    for record in values.itertuples(index=False):
        lines = [(indicator_title, _value_text(record.value, unit, normalisation, lang))]
        if not pd.isna(record.rank):
            lines.append(
                (i18n.t("common.rank_label", lang), i18n.t("common.rank", lang,
                                                             rank=int(record.rank), total=total))
            )
        if not pd.isna(record.change_pct):
            lines.append(
                (i18n.t("common.change", lang),
                 formatting.format_percent_change(record.change_pct, lang))
            )
        rows[record.code] = lines
    return rows


def region_map(
    values: pd.DataFrame,
    geojson: str,
    *,
    lang: str,
    indicator_title: str,
    unit: str,
    normalisation: str = "absolute",
    mode: str = "value",
    scheme: str = "quantiles",
    high_contrast: bool = False,
    tile_url: str | None = None,
    selected: str | None = None,
) -> RegionMap:
    """Return the choropleth of ``values`` (``utils.metrics.region_values``) and its legend.

    ``mode='change'`` colours by the change against the previous period on a diverging
    palette centred on 0; ``mode='value'`` by the value on a sequential palette.
    """
    column = "change_pct" if mode == "change" else "value"
    series = values.set_index("code")[column].astype(float)
    if mode == "change":
        def fmt(v: float) -> str:
            return formatting.format_percent_change(v, lang)
    else:
        def fmt(v: float) -> str:
            return _value_text(v, unit, normalisation, lang)
    classes = classify(
        series,
        scheme=scheme,
        formatter=fmt,
        no_data_label=i18n.t("map.legend_no_data", lang),
        diverging=mode == "change",
    )
    palette = palettes.palette_for(classes, high_contrast=high_contrast)
    built = maps.choropleth_map(
        geojson,
        values.assign(value=series.reindex(values["code"]).to_numpy()),
        classes,
        tooltip_rows=tooltip_rows(values, indicator_title, unit, normalisation, lang),
        region_names=i18n.region_labels(lang),
        palette=palette,
        high_contrast=high_contrast,
        tile_url=tile_url,
        selected=selected,
    )
    title = indicator_title
    if mode == "change":
        title = f"{indicator_title}: {i18n.t('common.change', lang)}"
    legend = maps.legend_html(classes, palette, title, None, high_contrast=high_contrast)
    return RegionMap(built, legend, classes)
