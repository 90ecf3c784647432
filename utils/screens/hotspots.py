"""The hotspots screen's shapes: ranked tables, reasons in words, the emerging map, methodology.

Everything here reads one early-warning report (``utils.early_warning.hotspots_report``) and
writes it for people in the interface language: level and category names, reasons rendered
from their messages, a table of regions and a watchlist of enterprises that the page shows
and offers for download unchanged (numbers stay numbers so a spreadsheet can sort them), the
map of emerging hot-spot categories, and the methodology with the configuration in force.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import folium
import pandas as pd

from utils import formatting, i18n, maps
from utils.early_warning import (
    CATEGORIES,
    EarlyWarningReport,
    EnterpriseEntry,
    RegionEntry,
    RegionVerdict,
)
from utils.maps import EMERGING_COLORS, category_classification, category_palette
from utils.months import shift_month

#: Header message key of each column of the two tables.
HEADERS: dict[str, str] = {
    "rank": "hotspots.col.rank",
    "region": "common.region",
    "level": "hotspots.level",
    "trend_indicator": "hotspots.col.trend_indicator",
    "trend_slope": "hotspots.col.trend_slope",
    "trend_slope_pct": "hotspots.col.trend_slope_pct",
    "trend_p": "hotspots.col.trend_p",
    "emerging_category": "hotspots.col.emerging",
    "tension_index": "hotspots.col.tension_index",
    "reasons": "hotspots.col.reasons",
    "why": "hotspots.col.why",
    "evidence": "hotspots.col.reasons_detail",
    "code": "hotspots.col.code",
    "new_on_list": "hotspots.col.new",
    "name": "common.enterprise",
    "bin": "common.bin",
    "risk_level": "hotspots.col.risk_level",
    "score": "hotspots.score",
    "change_level": "hotspots.col.change_level",
    "case": "hotspots.col.case",
}

REGION_COLUMNS: tuple[str, ...] = (
    "rank", "region", "level", "why", "tension_index", "code",
)
#: The statistics behind the verdicts, for «Как это посчитано».
EVIDENCE_COLUMNS: tuple[str, ...] = (
    "region", "evidence", "trend_indicator", "trend_slope", "trend_slope_pct", "trend_p",
    "emerging_category", "code",
)
ENTERPRISE_COLUMNS: tuple[str, ...] = (
    "rank", "name", "region", "risk_level", "score", "reasons", "new_on_list", "change_level",
    "bin",
)

#: How many reasons the reason line of an enterprise joins.
REASON_LINE_LENGTH = 3
_NEW_ON_LIST_KEY = "ew.reason.new_on_list"


def sentence(text: str) -> str:
    """Return ``text`` with its first letter capitalised (reasons start in lower case)."""
    return text[:1].upper() + text[1:] if text else text


def header(column: str, lang: str) -> str:
    """Return the header of a table column in ``lang``.

    Raises
    ------
    KeyError
        For an unknown column; the message lists the valid ones.
    """
    try:
        key = HEADERS[column]
    except KeyError:
        valid = ", ".join(HEADERS)
        raise KeyError(f"Invalid column: {column!r}. Column must be in the set: {valid}") from None
    return i18n.t(key, lang)


def as_of_month(end: str | None, first: str | None, last: str | None) -> str | None:
    """Return the report month: the period's end, kept within the months that hold data.

    None when the database holds no data.
    """
    if not first or not last:
        return None
    month = end or last
    return min(max(month, first), last)


def period_for(as_of: str, start: str | None, first: str, months: int = 12) -> tuple[str, str]:
    """Return the sidebar period that ends at ``as_of``.

    The start is kept when it is not after ``as_of``; else the period becomes the ``months``
    months up to ``as_of`` (never before the first month of data).
    """
    if start is not None and start <= as_of:
        return start, as_of
    return max(shift_month(as_of, 1 - months), first), as_of


# --- reasons -------------------------------------------------------------------------------


def reasons(entry: RegionEntry | EnterpriseEntry, lang: str) -> list[str]:
    """Return the reasons of a region or an enterprise as sentences in ``lang``.

    The "new on the list" remark is left out: the tables mark it in a column of its own.
    """
    return [
        sentence(formatting.render_message(message, lang))
        for message in entry.reason_messages
        if message["key"] != _NEW_ON_LIST_KEY
    ]


def reason_line(entry: RegionEntry | EnterpriseEntry, lang: str,
                limit: int = REASON_LINE_LENGTH) -> str:
    """Return the first ``limit`` reasons of an entry in one line, joined by semicolons."""
    parts = reasons(entry, lang)[:limit]
    return "; ".join([parts[0], *(p[:1].lower() + p[1:] for p in parts[1:])]) if parts else ""


def notes(report: EarlyWarningReport, lang: str, skip: Sequence[str] = ()) -> list[str]:
    """Return the report's notes (low spatial power, short history...) in ``lang``.

    ``skip`` names message keys of notes the screen shows elsewhere.
    """
    return [formatting.render_message(note, lang) for note in report.notes
            if note["key"] not in skip]


# --- tables --------------------------------------------------------------------------------


def _label(key: str, lang: str) -> str:
    return sentence(i18n.t(key, lang))


def _number(value: Any, digits: int) -> float | None:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return round(float(value), digits) + 0.0  # + 0.0 turns -0.0 into 0.0


def _headed(rows: list[dict[str, Any]], columns: Sequence[str], lang: str) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(columns))
    return frame.rename(columns={c: header(c, lang) for c in columns})


def region_rows(report: EarlyWarningReport, lang: str) -> list[dict[str, Any]]:
    """Return one row per region, ranked as in the report, with values in ``lang``."""
    names = i18n.region_labels(lang)
    rows = []
    for entry in report.regions:
        trend = entry.trend
        indicator = trend.indicator
        rows.append({
            "rank": entry.rank,
            "region": names.get(entry.code, entry.code),
            "level": verdict_label(entry, lang),
            "why": verdict_reason(entry, lang),
            "tension_index": _number(entry.tension_index, 2),
            "evidence": "; ".join(reasons(entry, lang)),
            "trend_indicator": _label(f"ew.indicator.{indicator}", lang) if indicator else None,
            "trend_slope": _number(trend.slope, 2),
            "trend_slope_pct": _number(trend.slope_pct, 1),
            "trend_p": _number(trend.p, 4),
            "emerging_category": i18n.ehsa_label(entry.emerging_category, lang),
            "code": entry.code,
        })
    return rows


def region_table(report: EarlyWarningReport, lang: str) -> pd.DataFrame:
    """Return the ranked regions as the screen shows and downloads them (headers in ``lang``).

    Columns: rank, region, verdict, its reason in words, tension index and the ISO code.
    """
    return _headed(region_rows(report, lang), REGION_COLUMNS, lang)


def evidence_table(report: EarlyWarningReport, lang: str) -> pd.DataFrame:
    """Return the statistics behind each region's verdict (headers in ``lang``).

    Columns: region, the detailed evidence with its tests, the headline trend (indicator,
    Sen's slope per month, the slope in % a month, Benjamini-Hochberg adjusted p), emerging
    hot-spot category and the ISO code.
    """
    return _headed(region_rows(report, lang), EVIDENCE_COLUMNS, lang)


def enterprise_rows(report: EarlyWarningReport, lang: str) -> list[dict[str, Any]]:
    """Return one row per enterprise of the watchlist, highest risk first, in ``lang``."""
    names = i18n.region_labels(lang)
    marker = i18n.t("common.yes", lang)
    rows = []
    for entry in report.enterprises:
        level = entry.level
        rows.append({
            "rank": entry.rank,
            "new_on_list": marker if entry.new_on_list else "",
            "name": entry.name,
            "bin": entry.bin,
            "region": names.get(entry.region, entry.region),
            "risk_level": _label(f"ew.risk.{entry.risk_level}", lang),
            "score": _number(entry.score, 1),
            "change_level": i18n.level_label(level, lang) if level else None,
            "reasons": reason_line(entry, lang),
        })
    return rows


def enterprise_table(report: EarlyWarningReport, lang: str,
                     open_cases: Mapping[str, int] | None = None) -> pd.DataFrame:
    """Return the watchlist as the screen shows and downloads it (headers in ``lang``).

    Columns: rank, enterprise, region, risk level, risk score (0-100), the reason line,
    "new on the list" (yes or empty), change against the baseline, BIN. With
    ``open_cases`` (BIN -> number of its open case) a column after the enterprise says
    which case is in progress (empty for an enterprise without one).
    """
    rows = enterprise_rows(report, lang)
    if open_cases is None:
        return _headed(rows, ENTERPRISE_COLUMNS, lang)
    for row in rows:
        number = open_cases.get(row["bin"])
        row["case"] = "" if number is None else i18n.t("cases.has_case", lang, number=number)
    columns = list(ENTERPRISE_COLUMNS)
    columns.insert(columns.index("name") + 1, "case")
    return _headed(rows, columns, lang)


def summary(report: EarlyWarningReport) -> dict[str, int]:
    """Return the counts the screen opens with."""
    regions = report.regions
    firms = report.enterprises
    return {
        "regions_rising": sum(bool(e.rising) for e in regions),
        "watchlist": len(firms),
        "new_on_list": sum(bool(e.new_on_list) for e in firms),
        "high_risk": sum(e.risk_level == "high" for e in firms),
    }


def rising_regions(report: EarlyWarningReport, limit: int = 5) -> list[RegionEntry]:
    """Return the first ``limit`` regions of the ranking where tension is rising."""
    return [e for e in report.regions if e.rising][:limit]


def verdict_label(entry: RegionEntry | RegionVerdict, lang: str) -> str:
    """Return the region's verdict as a heading word («Резкий рост», «Рост» …)."""
    return sentence(i18n.level_label(entry.level, lang))


def verdict_reason(entry: RegionEntry | RegionVerdict, lang: str) -> str:
    """Return why the verdict is what it is: one sentence of one or two clauses in ``lang``."""
    return sentence("; ".join(formatting.render_message(m, lang)
                              for m in entry.verdict_messages))


def verdict_line(entry: RegionEntry | RegionVerdict, lang: str) -> str:
    """Return the verdict and its reason in one line: «Резкий рост: сокращения — …»."""
    reason = verdict_reason(entry, lang)
    label = verdict_label(entry, lang)
    return f"{label}: {reason[:1].lower()}{reason[1:]}" if reason else label


# --- the emerging hot-spot map -------------------------------------------------------------


@dataclass(frozen=True)
class EmergingMap:
    """The map of emerging hot-spot categories with its legend, drawn beside it."""

    map: folium.Map
    legend_html: str


def emerging_categories(report: EarlyWarningReport) -> pd.Series:
    """Return the emerging hot-spot category of each region, indexed by code."""
    entries = report.regions
    return pd.Series({e.code: e.emerging_category for e in entries}, dtype=object)


def _tooltip_rows(entry: RegionEntry, lang: str) -> list[tuple[str, str]]:
    gi = entry.gi_star
    rows = [
        (i18n.t("hotspots.col.emerging", lang),
         i18n.ehsa_label(entry.emerging_category, lang)),
        (i18n.t("hotspots.level", lang), verdict_label(entry, lang)),
        (i18n.t("hotspots.col.tension_index", lang),
         formatting.format_number(entry.tension_index, lang, decimals=2)),
    ]
    if gi.z is not None:
        rows.append((i18n.t("hotspots.col.gi_star", lang), i18n.t(
            "hotspots.gi_star", lang, z=formatting.format_message_param("z", gi.z, lang),
            p=formatting.format_message_param("p", gi.p, lang))))
    return rows


def emerging_map(
    report: EarlyWarningReport,
    geojson: str | dict,
    *,
    lang: str,
    high_contrast: bool = False,
    tile_url: str | None = None,
    tile_attribution: str | None = None,
) -> EmergingMap:
    """Return the regions coloured by emerging hot-spot category, with tooltips and legend.

    A click on a region returns its code (``utils.maps.clicked_region``); the value that
    travels with it is the region's Gi* z-score of the report month.
    """
    categories = emerging_categories(report)
    entries = {e.code: e for e in report.regions}
    classes = category_classification(
        categories, labeller=lambda c: i18n.ehsa_label(c, lang),
        no_data_label=i18n.t("common.no_data", lang),
    )
    palette = category_palette(categories)
    values = pd.DataFrame({
        "code": list(entries),
        "value": [e.gi_star.z for e in entries.values()],
    })
    built = maps.choropleth_map(
        geojson, values, classes,
        tooltip_rows={code: _tooltip_rows(e, lang) for code, e in entries.items()},
        region_names=i18n.region_labels(lang),
        palette=palette,
        high_contrast=high_contrast,
        tile_url=tile_url,
        tile_attribution=tile_attribution,
    )
    indicator = report.spatial_indicator
    title = i18n.t("hotspots.emerging_map", lang)
    unit = i18n.t(f"ew.indicator.{indicator}", lang) if indicator else None
    legend = maps.legend_html(classes, palette, title, unit)
    return EmergingMap(built, legend)


# --- methodology ---------------------------------------------------------------------------


def _config(report: EarlyWarningReport) -> dict[str, Any]:
    return dict(report.methodology.config)


def _short_number(value: float | None, lang: str) -> str:
    """Return ``value`` with at most two decimals and no trailing zeros (2; 1.25; 0.8)."""
    if value is None:
        return formatting.MISSING
    for decimals in (0, 1, 2):
        if round(float(value), decimals) == round(float(value), 2):
            return formatting.format_number(value, lang, decimals=decimals)
    return formatting.format_number(value, lang, decimals=2)


def methodology(report: EarlyWarningReport, lang: str) -> list[tuple[str, str]]:
    """Return the methodology as ``(heading, paragraph)`` pairs, with the settings in force."""
    config = _config(report)
    minimum = config.get("min_baseline", {})
    number = formatting.format_number

    def short(name: str) -> str:
        return _short_number(config.get(name), lang)

    spatial = config.get("spatial_indicator", "appeals_per_100k")
    t = i18n.t
    return [
        (t("hotspots.method.verdict_title", lang), t(
            "hotspots.method.verdict", lang, large=short("large_increase_ratio"),
            months=number(config.get("growth_months"), lang),
        )),
        (t("hotspots.method.ranking_title", lang), t("hotspots.method.ranking", lang)),
        (t("hotspots.method.baseline_title", lang), t(
            "hotspots.method.baseline", lang,
            short=number(config.get("short_baseline_months"), lang),
            long=number(config.get("long_baseline_months"), lang),
            large=short("large_increase_ratio"),
            moderate=short("moderate_increase_ratio"),
            decrease=short("decrease_ratio"),
            alpha=short("level_alpha"),
        )),
        (t("hotspots.method.small_title", lang), t(
            "hotspots.method.small_numbers", lang,
            appeals=number(minimum.get("appeals"), lang),
            arrears=formatting.format_money_short(minimum.get("arrears_kzt"), lang),
            workers=number(minimum.get("workers_owed"), lang),
        )),
        (t("hotspots.method.seasonal_title", lang), t(
            "hotspots.method.seasonal", lang,
            years=number(config.get("seasonal_min_years"), lang),
            alpha=short("seasonal_alpha"),
        )),
        (t("hotspots.method.trend_title", lang), t(
            "hotspots.method.trend", lang, alpha=short("trend_alpha"),
            months=number(config.get("growth_months"), lang),
        )),
        (t("hotspots.method.spatial_title", lang), t(
            "hotspots.method.spatial", lang,
            indicator=i18n.t(f"ew.indicator.{spatial}", lang),
            permutations=number(config.get("permutations"), lang),
            alpha=short("spatial_alpha"),
        ) + " " + t("hotspots.low_power", lang)),
        (t("hotspots.method.emerging_title", lang), t(
            "hotspots.method.emerging", lang,
            months=number(config.get("emerging_window_months"), lang),
            share=formatting.format_share(config.get("emerging_share"), lang),
        )),
        (t("hotspots.method.index_title", lang), t(
            "hotspots.method.index", lang,
            clip=number(config.get("standard_clip"), lang, decimals=0),
        )),
        (t("hotspots.method.watchlist_title", lang), t(
            "hotspots.method.watchlist", lang,
            size=number(config.get("watchlist_size"), lang),
            minimum=number(config.get("watchlist_min_score"), lang),
            high=number((config.get("risk_levels") or {}).get("high"), lang),
            elevated=number((config.get("risk_levels") or {}).get("elevated"), lang),
        )),
    ]


def emerging_definitions(lang: str) -> pd.DataFrame:
    """Return each emerging hot-spot category with its definition, in legend order."""
    order = [c for c in EMERGING_COLORS if c in CATEGORIES]
    return pd.DataFrame({
        i18n.t("hotspots.col.emerging", lang): [i18n.ehsa_label(c, lang) for c in order],
        i18n.t("hotspots.col.definition", lang): [i18n.ehsa_help(c, lang) for c in order],
    })


def weights_table(report: EarlyWarningReport, which: str, lang: str) -> pd.DataFrame:
    """Return the factors of the tension index (``region``) or risk score (``enterprise``).

    Columns: factor (in ``lang``), weight from the configuration in force, share of the
    total weight in %.

    Raises
    ------
    KeyError
        When ``which`` is neither ``region`` nor ``enterprise``.
    """
    if which not in ("region", "enterprise"):
        raise KeyError(f"Invalid weights table: {which!r}. Table must be in the set: "
                       "enterprise, region")
    weights = _config(report).get(f"{which}_weights") or {}
    total = sum(weights.values()) or 1.0
    prefix = "ew.indicator" if which == "region" else "hotspots.factor"
    return pd.DataFrame({
        i18n.t("hotspots.col.factor", lang): [_label(f"{prefix}.{n}", lang) for n in weights],
        i18n.t("hotspots.col.weight", lang): [float(w) for w in weights.values()],
        i18n.t("hotspots.col.weight_share", lang): [
            round(float(w) / total * 100.0, 1) for w in weights.values()
        ],
    })
