"""The national map as the dashboard, the standalone export and the briefing show it.

One function turns the indicator values of the 20 units into a folium map plus its legend,
so the page, the HTML export and the tests draw exactly the same thing. The enterprise layer
(circles sized by arrears, coloured by the early-warning risk level), the sentence naming
regions without data and the note that labels official statistics live here too.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import folium
import pandas as pd

import geo
from utils import formatting, i18n, maps, metrics
from utils.early_warning import VERDICT_ORDER, RegionVerdict
from utils.maps import Classification, classify
from utils.months import previous_period

#: Enterprise risk levels of the early-warning watchlist, lowest first; enterprises not on
#: the watchlist count as ``low``.
RISK_LEVELS = ("low", "watch", "elevated", "high")
#: Units of official statistics that read like a counted unit of the catalogs.
_UNIT_WORDS = {"persons": "people", "people": "people", "workers": "workers",
               "appeals": "appeals", "incidents": "incidents"}


#: The cities of republican significance (Astana, Almaty, Shymkent): always named on the map.
CITIES: tuple[str, ...] = ("KZ-71", "KZ-75", "KZ-79")


@dataclass(frozen=True)
class RegionMap:
    """A built map with the legend drawn beside it."""

    map: folium.Map
    legend_html: str
    classes: Classification


def indicator_unit(indicator: str, official: pd.DataFrame | None = None) -> str:
    """Return the unit of an indicator.

    Row-level indicators carry their unit in ``utils.metrics.INDICATORS``, case indicators
    in ``utils.metrics.CASE_INDICATORS``; official
    statistics (``stat:<name>``) the unit they were published with, looked up in
    ``official`` (``utils.metrics.official_indicators``); '' when unknown.
    """
    found = metrics.INDICATORS.get(indicator) or metrics.CASE_INDICATORS.get(indicator)
    if found is not None:
        return found.unit
    if official is not None and not official.empty:
        rows = official[official["key"] == indicator]
        if not rows.empty and pd.notna(rows["unit"].iloc[0]):
            return str(rows["unit"].iloc[0])
    return ""


def legend_unit(unit: str, normalisation: str, lang: str) -> str | None:
    """Return the unit shown after the legend title: ``₸``, ``на 100 000 жителей``,
    ``₸ на 1 000 занятых``.

    Counts (appeals, workers, people...) need none: the indicator's name says what is
    counted. An official statistic published in another unit shows that unit as given.
    """  # noqa: D205
    if normalisation != "absolute":
        factor = metrics.NORMALISATIONS[normalisation][1]
        per = i18n.t(f"map.unit_{normalisation}", lang,
                     count=formatting.format_number(factor, lang))
        if unit == "KZT":
            return i18n.t("map.unit_money_per", lang, currency=formatting.CURRENCY_SIGN, per=per)
        return per
    if unit == "KZT":
        return formatting.CURRENCY_SIGN
    if unit in _UNIT_WORDS or unit in i18n.unit_values():
        return None
    return unit or None


def value_text(value: float | None, unit: str, normalisation: str, lang: str) -> str:
    """Return a value with its unit as a tooltip writes it: ``2,7 млрд ₸``, ``97,3 ₸ на 1 000
    занятых``, ``12,4 на 100 000 жителей``; counts without a unit word, as their title says.
    """  # noqa: D205
    normalised = normalisation != "absolute"
    text = formatting.format_indicator_value(value, unit, lang, normalised=normalised)
    shown = legend_unit(unit, normalisation, lang)
    if value is None or pd.isna(value) or not shown or (unit == "KZT" and not normalised):
        return text
    return f"{text} {shown}"


def comparison_period(start: str, end: str, lang: str) -> str:
    """Return the period a change is measured against (as many months, just before), in
    ``lang``: ``дек. 2024 – нояб. 2025`` for ``2025-12``..``2026-11``.
    """  # noqa: D205
    return formatting.format_period(*previous_period(start, end), lang)


def change_classes_help(lang: str) -> str:
    """Return the sentence that explains the change map's fixed classes (for the scheme box,
    which does not apply to them).
    """  # noqa: D205
    neutral, *breaks = maps.CHANGE_BREAKS
    return i18n.t(
        "map.change_classes_help", lang,
        neutral=formatting.format_share(neutral / 100, lang),
        breaks=", ".join(formatting.format_share(b / 100, lang) for b in breaks),
    )


def measure_label(indicator_title: str, unit: str, normalisation: str, lang: str) -> str:
    """Return the indicator with its unit: ``Задолженность по зарплате, ₸ на 1 000 занятых``."""
    shown = legend_unit(unit, normalisation, lang)
    return f"{indicator_title}, {shown}" if shown else indicator_title


def map_title(
    indicator_title: str,
    *,
    unit: str,
    normalisation: str,
    mode: str,
    period: tuple[str, str],
    lang: str,
) -> str:
    """Return the map page's title: what is shown, with its unit, for which months and, for
    change, against which months (``Обращения: изменение за дек. 2025 – нояб. 2026 к дек.
    2024 – нояб. 2025``).
    """  # noqa: D205
    if mode == "verdict":
        return verdict_title(period[1], lang)
    measure = measure_label(indicator_title, unit, normalisation, lang)
    shown = formatting.format_period(*period, lang)
    if mode != "change":
        return f"{measure} · {shown}"
    return i18n.t("map.change_page_title", lang, measure=measure, period=shown,
                  previous=comparison_period(*period, lang))


def verdict_title(as_of: str, lang: str) -> str:
    """Return the title of the verdict map: what it shows and for which month."""
    return i18n.t("map.verdict_title", lang, month=formatting.format_month(as_of, lang, "long"))


def verdict_map(
    values: pd.DataFrame,
    verdicts: Sequence[RegionVerdict],
    geojson: str,
    *,
    lang: str,
    indicator_title: str,
    unit: str,
    period: tuple[str, str],
    normalisation: str = "absolute",
    high_contrast: bool = False,
    tile_url: str | None = None,
) -> RegionMap:
    """Return the map of the regions' verdicts: where tension rises, sharply or not, where
    it is as usual, where it falls (``utils.early_warning.region_verdicts``).

    The colours say the verdict the home page's strip and the hotspots page give; a tooltip
    gives the verdict, its reason, then the chosen indicator's value as on the value map.
    """  # noqa: D205
    levels = pd.Series({v.code: v.level for v in verdicts}, dtype=object).reindex(
        values["code"].astype(str))
    classes = maps.category_classification(
        levels, order=VERDICT_ORDER, labeller=lambda level: i18n.level_label(level, lang),
        no_data_label=i18n.t("common.no_data", lang))
    palette = maps.category_palette(levels, VERDICT_ORDER, maps.VERDICT_COLORS)
    rows = tooltip_rows(values, indicator_title, unit, normalisation, lang, period=period)
    for verdict in verdicts:
        reason = (formatting.render_message(verdict.verdict_messages[0], lang)
                  if verdict.verdict_messages else "")
        head = [(i18n.t("hotspots.level", lang), i18n.level_label(verdict.level, lang))]
        if reason and verdict.rising:
            head.append((i18n.t("hotspots.col.why", lang), reason))
        rows[verdict.code] = head + list(rows.get(verdict.code, []))
    built = maps.choropleth_map(
        geojson, values[["code", "value"]], classes, tooltip_rows=rows,
        region_names=i18n.region_labels(lang), palette=palette, high_contrast=high_contrast,
        tile_url=tile_url, tap_hint=i18n.t("map.tap_hint", lang),
    )
    as_of = verdicts[0].as_of if verdicts else period[1]
    legend = maps.legend_html(classes, palette, verdict_title(as_of, lang), None,
                              high_contrast=high_contrast)
    return RegionMap(built, legend, classes)


def no_data_regions(values: pd.DataFrame, lang: str) -> list[str]:
    """Return the names (in ``lang``) of the regions whose value is missing, in code order."""
    names = i18n.region_labels(lang)
    missing = values.loc[values["value"].isna(), "code"]
    return [names.get(code, code) for code in sorted(missing)]


def official_note(official: pd.DataFrame, indicator: str, period: str, lang: str,
                  granularity: str | None = None,
                  periods: Sequence[str] = ()) -> str | None:
    """Return the sentence that labels an official statistic with its source and granularity.

    None for a row-level indicator. Official statistics are shown as published and never
    added to the figures computed from uploaded records; the sentence says so, and which
    granularity is shown (``granularity``, the one matching the chosen period, else the
    first loaded) and, given ``periods`` (labels such as ``2025-Q2``, in calendar order),
    which periods the regions show, as the reader's language writes them.
    """
    if not indicator.startswith(metrics.OFFICIAL_PREFIX) or official.empty:
        return None
    rows = official[official["key"] == indicator]
    if rows.empty:
        return None
    row = rows.iloc[0]
    sources = "; ".join(sorted({str(s) for s in rows["source"] if pd.notna(s)}))
    note = i18n.t("map.region_stats_note", lang, source=sources, period=period)
    granularity = str(granularity or row["granularity"])
    key = f"map.granularity_{granularity}"
    if not i18n.has_key(key, lang):
        key = f"stats.granularity_published.{granularity}"
    if i18n.has_key(key, lang):
        note += " " + i18n.t("map.official_granularity", lang, granularity=i18n.t(key, lang))
    if periods:
        first, last = (formatting.format_stat_period(p, lang) for p in (periods[0], periods[-1]))
        note += " " + (i18n.t("stats.shown_period", lang, period=first) if len(periods) == 1
                       else i18n.t("stats.shown_periods", lang, first=first, last=last))
    return note


def change_text(change: float, previous: float, lang: str) -> str:
    """Return a change in per cent as a tooltip writes it; without a per-cent value, why:
    nothing in the previous period (a rise from 0 is new, not a percentage) or no data.
    """  # noqa: D205
    if not pd.isna(change):
        return formatting.format_percent_change(change, lang)
    if pd.isna(previous):
        return i18n.t("kpi.note.no_previous", lang)
    return i18n.t("map.no_comparison_from", lang,
                  value=formatting.format_number(previous, lang))


def tooltip_rows(
    values: pd.DataFrame,
    indicator_title: str,
    unit: str,
    normalisation: str,
    lang: str,
    *,
    period: tuple[str, str] | None = None,
) -> dict[str, list[tuple[str, str]]]:
    """Return, per region code, the tooltip lines: value with units, rank of 20, change and,
    when ``period`` (the period shown) is given, the value of the period it is compared with.
    """  # noqa: D205
    total = int(values["code"].nunique())
    previous = comparison_period(*period, lang) if period is not None else None
    rows: dict[str, list[tuple[str, str]]] = {}
    for record in values.itertuples(index=False):
        lines = [(indicator_title, value_text(record.value, unit, normalisation, lang))]
        if not pd.isna(record.rank):
            lines.append(
                (i18n.t("common.rank_label", lang), i18n.t("common.rank", lang,
                                                             rank=int(record.rank), total=total))
            )
        if not pd.isna(record.value):
            lines.append((i18n.t("common.change", lang),
                          change_text(record.change_pct, record.previous, lang)))
        if previous is not None and not pd.isna(record.previous):
            lines.append((i18n.t("map.previous_value", lang, period=previous),
                          value_text(record.previous, unit, normalisation, lang)))
        rows[record.code] = lines
    return rows


def region_classes(
    values: pd.DataFrame,
    *,
    lang: str,
    unit: str,
    normalisation: str = "absolute",
    mode: str = "value",
    scheme: str = "quantiles",
) -> Classification:
    """Return the colour classes of ``values`` (``utils.metrics.region_values``).

    The web map, the static map of the briefing and their legends all take their classes
    from here; ``mode='change'`` puts the change in per cent in the fixed classes of
    :func:`utils.maps.change_classes` (``scheme`` does not apply), with the regions that
    have no per-cent change under "no comparison".
    """
    if mode == "change":
        return maps.change_classes(
            values.set_index("code")["change_pct"].astype(float),
            formatter=lambda v: formatting.format_percent_change(v, lang),
            no_data_label=i18n.t("map.legend_no_comparison", lang),
            neutral_note=i18n.t("map.legend_neutral", lang),
        )

    def fmt(v: float) -> str:
        return formatting.format_indicator_value(
            v, unit, lang, normalised=normalisation != "absolute"
        )

    return classify(
        values.set_index("code")["value"].astype(float),
        scheme=scheme,
        formatter=fmt,
        no_data_label=i18n.t("map.legend_no_data", lang),
    )


def region_map(
    values: pd.DataFrame,
    geojson: str,
    *,
    lang: str,
    indicator_title: str,
    unit: str,
    period: tuple[str, str],
    normalisation: str = "absolute",
    mode: str = "value",
    scheme: str = "quantiles",
    high_contrast: bool = False,
    tile_url: str | None = None,
    selected: str | None = None,
) -> RegionMap:
    """Return the choropleth of ``values`` (``utils.metrics.region_values``) and its legend.

    ``mode='change'`` colours by the change against the previous period on fixed classes
    centred on 0; ``mode='value'`` by the value on a sequential palette. ``period`` is the
    ``(start, end)`` the values are for: the change legend and the tooltips name the period
    compared with.
    """
    column = "change_pct" if mode == "change" else "value"
    series = values.set_index("code")[column].astype(float)
    classes = region_classes(
        values, lang=lang, unit=unit, normalisation=normalisation, mode=mode, scheme=scheme
    )
    palette = maps.palette_for(classes, high_contrast=high_contrast)
    built = maps.choropleth_map(
        geojson,
        values.assign(value=series.reindex(values["code"]).to_numpy()),
        classes,
        tooltip_rows=tooltip_rows(values, indicator_title, unit, normalisation, lang,
                                  period=period),
        region_names=i18n.region_labels(lang),
        palette=palette,
        high_contrast=high_contrast,
        tile_url=tile_url,
        selected=selected,
        tap_hint=i18n.t("map.tap_hint", lang),
    )
    title, shown_unit = legend_heading(indicator_title, unit=unit, normalisation=normalisation,
                                       mode=mode, period=period, lang=lang)
    legend = maps.legend_html(classes, palette, title, shown_unit, high_contrast=high_contrast)
    return RegionMap(built, legend, classes)


def legend_heading(
    indicator_title: str,
    *,
    unit: str,
    normalisation: str,
    mode: str,
    period: tuple[str, str],
    lang: str,
) -> tuple[str, str | None]:
    """Return the legend's title and the unit written after it, for the web and static maps.

    A value's legend reads «Задолженность (₸ на 1 000 занятых)»; a change's legend names
    the measure and the period compared with, in per cent.
    """
    if mode == "change":
        title = i18n.t("map.change_title", lang,
                       measure=measure_label(indicator_title, unit, normalisation, lang),
                       previous=comparison_period(*period, lang))
        return title, "%"
    return indicator_title, legend_unit(unit, normalisation, lang)


def home_map(
    values: pd.DataFrame,
    geojson: str,
    *,
    lang: str,
    indicator_title: str,
    unit: str,
    period: tuple[str, str],
    normalisation: str = "absolute",
    mode: str = "value",
    scheme: str = "quantiles",
    high_contrast: bool = False,
    tile_url: str | None = None,
    points: pd.DataFrame | None = None,
    risk: Mapping[str, str] | None = None,
    verdicts: Sequence[RegionVerdict] = (),
) -> RegionMap:
    """Return the home map: the choropleth and, when ``points`` is given, the enterprises.

    ``points`` is ``utils.metrics.enterprise_points``; ``risk`` the risk level by BIN
    (``utils.early_warning.enterprise_risk``). The legend then also explains the circles' colours.
    ``mode='verdict'`` colours the regions by their ``verdicts``
    (``utils.early_warning.region_verdicts``, :func:`verdict_map`). The names of the three
    cities and of the regions where tension is rising (written darker) are on the map
    (:func:`map_labels`).
    """
    if mode == "verdict":
        built = verdict_map(
            values, verdicts, geojson, lang=lang, indicator_title=indicator_title, unit=unit,
            period=period, normalisation=normalisation, high_contrast=high_contrast,
            tile_url=tile_url,
        )
    else:
        built = region_map(
            values, geojson, lang=lang, indicator_title=indicator_title, unit=unit,
            period=period, normalisation=normalisation, mode=mode, scheme=scheme,
            high_contrast=high_contrast, tile_url=tile_url,
        )
    names, strong = map_labels([v.code for v in verdicts if v.rising], lang)
    maps.add_labels(built.map, names, geo.label_points(), strong=strong)
    if points is None or points.empty:
        return built
    add_enterprises(built.map, points, lang, risk)
    legend = built.legend_html
    if risk is not None:
        legend += risk_legend_html(lang)
    return RegionMap(built.map, legend, built.classes)


def map_labels(rising: Sequence[str], lang: str) -> tuple[dict[str, str], frozenset[str]]:
    """Return the names written on the home map (by code) and the codes written darker.

    The three cities of republican significance are always named, being too small to find
    by shape; the regions where tension is rising are named and stand out.
    """
    codes = list(dict.fromkeys([*rising, *CITIES]))
    return {code: i18n.region_label(code, lang) for code in codes}, frozenset(rising)


def enterprise_fields(lang: str, *, with_risk: bool) -> list[maps.PointField]:
    """Return the lines of an enterprise's tooltip: BIN, arrears, workers owed and, when the
    points are coloured by risk, the risk level; the browser writes the numbers in ``lang``.
    """  # noqa: D205
    fields = [
        maps.PointField(i18n.t("common.bin", lang), "bin"),
        maps.PointField(i18n.indicator_label("arrears_outstanding_kzt", lang),
                        "arrears_outstanding_kzt", "money_short"),
        maps.PointField(i18n.indicator_label("workers_owed", lang), "workers_owed", "number"),
    ]
    if with_risk:
        fields.append(maps.PointField(
            i18n.t("map.risk_level", lang), "risk_level", "category",
            categories={level: i18n.t(f"ew.risk.{level}", lang) for level in RISK_LEVELS},
        ))
    return fields


def add_enterprises(
    m: folium.Map,
    points: pd.DataFrame,
    lang: str,
    risk: Mapping[str, str] | None = None,
) -> folium.Map:
    """Add the enterprises with arrears as a clustered layer the user can switch off.

    Parameters
    ----------
    m : folium.Map
        The map of :func:`region_map`.
    points : pandas.DataFrame
        ``utils.metrics.enterprise_points``.
    risk : mapping, optional
        Early-warning risk level by BIN (see :data:`RISK_LEVELS`); enterprises missing from
        it are ``low``. Without it the circles share one colour.
    """
    frame = points
    color_by = None
    colors = None
    if risk is not None:
        frame = points.assign(risk_level=points["bin"].astype(str).map(risk).fillna("low"))
        color_by = "risk_level"
        colors = maps.risk_colors(list(RISK_LEVELS))
    return maps.add_enterprise_points(
        m,
        frame,
        color_by=color_by,
        size_by="arrears_outstanding_kzt",
        fields=enterprise_fields(lang, with_risk=risk is not None),
        number_format=maps.browser_number_format(lang),
        colors=colors,
        layer_name=i18n.t("map.enterprises_layer", lang),
    )


def risk_legend_html(lang: str) -> str:
    """Return the legend of the enterprise circles' colours (risk levels, highest first)."""
    colors = maps.risk_colors(list(RISK_LEVELS))
    rows = "".join(
        '<div style="display:flex;align-items:center;gap:6px">'
        f'<span style="display:inline-block;width:12px;height:12px;border-radius:50%;'
        f'border:1px solid {maps.POINT_COLOR};background:{colors[level]}"></span>'
        f"<span>{html.escape(i18n.t(f'ew.risk.{level}', lang))}</span></div>"
        for level in reversed(RISK_LEVELS)
    )
    title = html.escape(i18n.t("map.risk_level", lang))
    note = html.escape(i18n.t("map.cluster_note", lang))
    return (
        '<div class="ltm-risk-legend" style="font-size:0.9rem;line-height:1.5;margin-top:8px">'
        f'<div style="font-weight:600">{title}</div>{rows}'
        f'<div style="font-size:0.8rem;color:#666;margin-top:4px">{note}</div></div>'
    )
