"""A briefing of the current situation: what the slides and pages say, in one language.

A briefing is what a presenter shows leadership: the period and filters, the national map,
the key figures with their change, the regions where tension is rising with the reasons in
words, the enterprise watchlist, the key trends, and how the figures were made. This module
assembles that content from the store (``utils.metrics``) and the early warning
(``utils.early_warning``) as plain tables and texts; the writers turn the same content into
a PPTX (``utils.briefing.pptx``) or a PDF (``utils.briefing.pdf``), and the briefing screen
shows it step by step. Everything is made offline.

The slides, in order, are :data:`SLIDES`; each has its title in the catalogs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd

from utils import charts, early_warning, formatting, i18n, metrics, store
from utils.briefing.tables import (
    MAX_RISING,
    Table,
    kpi_table,
    rising_table,
    watchlist_table,
)
from utils.screens.map import indicator_unit

#: The slides (PDF pages) of a briefing, in order, with the catalog key of each title.
SLIDES: dict[str, str] = {
    "title": "briefing.doc_title",
    "map": "briefing.step_overview",
    "kpis": "briefing.kpi_table",
    "rising": "briefing.step_rising",
    "watchlist": "briefing.step_watchlist",
    "trends": "briefing.step_trends",
    "notes": "briefing.notes_title",
}
#: The views presentation mode steps through, with the catalog key of each title.
PRESENTATION_STEPS: dict[str, str] = {
    "overview": "briefing.step_overview",
    "rising": "briefing.step_rising",
    "watchlist": "briefing.step_watchlist",
    "trends": "briefing.step_trends",
}
#: Months in the briefing period when only its last month (``as_of``) is given.
PERIOD_MONTHS = 12
#: Indicators of the trend charts (the map's indicator is added first when it differs).
TREND_INDICATORS = ("appeals", "arrears_outstanding_kzt")
#: Size of an exported chart in pixels (before the scale factor of the PNG).
CHART_SIZE = (560, 300)
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class NothingToBrief(ValueError):
    """The database holds no data for the requested month; the message says which."""


@dataclass(frozen=True)
class BriefingView:
    """What a briefing shows: the period, the map's indicator and the filters."""

    start: str
    end: str
    indicator: str = "appeals"
    normalisation: str = "absolute"
    mode: str = "value"
    scheme: str = "quantiles"
    categories: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    high_contrast: bool = False

    def filters(self) -> dict[str, tuple[str, ...]]:
        """Return the filters in the shape ``utils.metrics`` takes."""
        chosen = {"categories": self.categories, "industries": self.industries}
        return {name: values for name, values in chosen.items() if values}


@dataclass(frozen=True)
class TrendChart:
    """One trend chart: its title, the Altair chart (numeric size) and a file name stem."""

    name: str
    title: str
    chart: alt.TopLevelMixin


@dataclass(frozen=True)
class Briefing:
    """Everything a briefing says, already in its language.

    ``map_values`` is ``utils.metrics.region_values`` of the map's indicator; the writers
    draw it with ``utils.maps.static_map`` (the web map's classes and palette).
    """

    lang: str
    view: BriefingView
    as_of: str
    synthetic: bool
    titles: dict[str, str]
    title_lines: list[str]
    synthetic_note: str | None
    footer: str
    indicator_title: str
    unit: str
    map_caption: str
    map_note: str | None
    map_values: pd.DataFrame
    map_labels: dict[str, str]
    kpis: Table
    kpi_note: str
    rising: Table
    rising_note: str | None
    watchlist: Table
    watchlist_note: str | None
    charts: list[TrendChart]
    methodology: list[str]
    sources: list[str]
    source_label: str
    tables: dict[str, Table] = field(default_factory=dict)


# --- the period -------------------------------------------------------------------------------


def _shift(month: str, months: int) -> str:
    return str(pd.Period(month, freq="M") + months)


def briefing_period(engine: Any, as_of: str | None = None,
                    months: int = PERIOD_MONTHS) -> tuple[str, str]:
    """Return the period of a briefing: the ``months`` months ending at ``as_of``.

    ``as_of`` defaults to the last month with data; a later month is brought back to it
    (there is nothing after it to show), and the period never starts before the first
    month with data.

    Raises
    ------
    NothingToBrief
        When the database is empty or ``as_of`` is before its first month.
    ValueError
        When ``as_of`` is not a month written ``YYYY-MM``.
    """
    first, last = metrics.month_bounds(engine)
    if first is None or last is None:
        raise NothingToBrief("The database holds no data yet: there is nothing to brief on.")
    if as_of is not None:
        if not isinstance(as_of, str) or not _MONTH.match(as_of):
            raise ValueError(f"Invalid month: {as_of!r}. Months are written YYYY-MM")
        if as_of < first:
            raise NothingToBrief(
                f"No data up to {as_of}: the data starts in {first}. Choose a later month."
            )
    end = min(as_of or last, last)
    return max(first, _shift(end, 1 - months)), end


# --- labels -------------------------------------------------------------------------------------


def indicator_title(indicator: str, lang: str) -> str:
    """Return the label of a row-level indicator or of an official statistic."""
    if indicator.startswith(metrics.OFFICIAL_PREFIX):
        name = indicator[len(metrics.OFFICIAL_PREFIX):]
        key = f"stats_indicator.{name}"
        if i18n.has_key(key, lang):
            return i18n.t(key, lang)
        return i18n.t("indicator.note.official_stats", lang, name=name)
    return i18n.indicator_label(indicator, lang)


def filters_text(view: BriefingView, lang: str) -> str:
    """Return the chosen filters in words, or the word for none."""
    parts = [i18n.category_label(c, lang) for c in view.categories]
    parts += [i18n.oked_label(s, lang, with_letter=True) for s in view.industries]
    return "; ".join(parts) if parts else i18n.t("briefing.filters_none", lang)


def source_label(engine: Any, lang: str) -> str:
    """Return the data source in a few words for titles: synthetic demo or uploads."""
    if store.is_synthetic(engine) and not store.has_uploaded_data(engine):
        return i18n.t("briefing.source_demo_short", lang)
    loaded = _uploads(engine)
    return i18n.t("briefing.source_uploads_short", lang, count=len(loaded))


def _uploads(engine: Any) -> pd.DataFrame:
    batches = store.list_batches(engine)
    return batches[(batches["status"] == "loaded") & ~batches["is_demo"].astype(bool)]


# --- the charts -------------------------------------------------------------------------------


def trend_charts(engine: Any, view: BriefingView, lang: str,
                 height: int = CHART_SIZE[1]) -> list[TrendChart]:
    """Return the national monthly series of the key indicators, ready to render.

    Each chart shows the period with its 3-month rolling mean and the same months a year
    earlier (the trends screen's chart); money is drawn in millions of tenge. The charts
    fill the width of a page; an exported image is :data:`CHART_SIZE` wide.
    """
    wanted = list(TREND_INDICATORS)
    if view.indicator in metrics.INDICATORS and view.indicator not in wanted:
        wanted = [view.indicator, wanted[0]]
    built = []
    for key in wanted[:2]:
        frame = metrics.monthly_series(engine, key, _shift(view.start, -12), view.end,
                                       None, view.filters())
        title = indicator_title(key, lang)
        value_title = title
        if metrics.INDICATORS[key].unit == "KZT":
            frame = frame.assign(value=frame["value"] / 1e6)
            value_title = f"{title}, {i18n.t('briefing.million_kzt', lang)}"
        chart = charts.monthly_series_chart(
            frame, value_label=title, rolling_label=i18n.t("trends.rolling_mean", lang),
            year_earlier_label=i18n.t("trends.year_earlier", lang), value_title=value_title,
            month_title=i18n.t("common.month", lang), start=view.start,
            value_format=",.1f" if metrics.INDICATORS[key].unit == "KZT" else ",.0f",
            height=height,
        )
        built.append(TrendChart(key, f"{title}: {i18n.t('trends.national', lang)}",
                                charts.localized(chart, lang)))
    return built


# --- notes ------------------------------------------------------------------------------------


def methodology_lines(view: BriefingView, report: early_warning.EarlyWarningReport,
                      lang: str) -> list[str]:
    """Return the sentences on how the figures were made."""
    period = formatting.format_period(view.start, view.end, lang)
    previous = formatting.format_period(*metrics.previous_period(view.start, view.end), lang)
    lines = [
        i18n.t("briefing.methodology_kpis", lang, period=period, previous=previous),
        i18n.t("briefing.methodology_map", lang,
               scheme=i18n.t(f"classify.{view.scheme}", lang).lower()),
        i18n.t("hotspots.methodology_baseline", lang),
        i18n.t("hotspots.methodology_trend", lang),
        i18n.t("hotspots.methodology_spatial", lang),
        i18n.t("hotspots.methodology_index", lang),
    ]
    if view.filters():
        lines.append(i18n.t("briefing.filters_scope", lang))
    lines += [formatting.render_message(note, lang) for note in report.notes]
    return lines


def source_lines(engine: Any, lang: str, synthetic: bool) -> list[str]:
    """Return the data sources: the records, the reference statistics, the boundaries."""
    lines = []
    if synthetic:
        lines.append(i18n.t("briefing.source_demo", lang))
    uploads = _uploads(engine)
    if not uploads.empty:
        kinds = ", ".join(i18n.kind_label(k, lang) for k in sorted(set(uploads["kind"])))
        latest = formatting.format_date(pd.Timestamp(uploads["created_at"].max()).date(), lang)
        lines.append(i18n.t("briefing.source_uploads", lang, count=len(uploads), kinds=kinds,
                            date=latest))
    lines.append(i18n.t("briefing.source_population", lang))
    lines.append(i18n.t("briefing.source_boundaries", lang))
    return lines


# --- the briefing -------------------------------------------------------------------------------


def configured_report(engine: Any, as_of: str) -> early_warning.EarlyWarningReport:
    """Return the early-warning report at ``as_of`` with the configured thresholds."""
    return early_warning.hotspots_report(
        engine, as_of, config=early_warning.config_from_settings(),
    )


def briefing_content(
    engine: Any,
    view: BriefingView,
    lang: str = "ru",
    *,
    report: early_warning.EarlyWarningReport | None = None,
    today: dt.date | None = None,
) -> Briefing:
    """Return the content of a briefing of ``view`` in ``lang``.

    Parameters
    ----------
    engine : sqlalchemy.Engine
        The store.
    view : BriefingView
        Period, indicator of the map and filters (see :func:`briefing_period`).
    lang : str
        ``ru``, ``kk`` or ``en``.
    report : EarlyWarningReport, optional
        ``utils.early_warning.hotspots_report`` at ``view.end`` when already computed (the
        screen caches it); computed here otherwise.
    today : datetime.date, optional
        Date printed as the preparation date; today by default.
    """
    i18n.check_lang(lang)
    if report is None:
        report = configured_report(engine, view.end)
    filters = view.filters()
    synthetic = store.is_synthetic(engine)
    period = formatting.format_period(view.start, view.end, lang)
    previous = formatting.format_period(*metrics.previous_period(view.start, view.end), lang)
    title = indicator_title(view.indicator, lang)
    official = metrics.official_indicators(engine)
    unit = indicator_unit(view.indicator, official)
    totals = metrics.period_totals(engine, view.start, view.end, filters)
    values = metrics.region_values(engine, view.indicator, view.start, view.end,
                                   view.normalisation, filters, totals=totals)
    kpis = metrics.national_kpis(engine, view.start, view.end, filters, totals=totals)
    stock_month = next((c["as_of"] for c in kpis.values() if c.get("as_of")), None)

    titles = {key: i18n.t(message, lang) for key, message in SLIDES.items()}
    source = source_label(engine, lang)
    title_lines = [
        i18n.t("briefing.period_line", lang, period=period, previous=previous),
        i18n.t("briefing.as_of_line", lang, month=formatting.format_month(view.end, lang,
                                                                           "long")),
        i18n.t("briefing.indicator_line", lang, indicator=title),
        i18n.t("briefing.filters", lang, filters=filters_text(view, lang)),
        i18n.t("common.source", lang, source=source),
        i18n.t("briefing.prepared_on", lang,
               date=formatting.format_date(today or dt.date.today(), lang, "long")),
    ]
    rising = rising_table(report, lang)
    rising_count = sum(1 for e in report.regions if e.rising)
    rising_note = None
    if rising_count == 0:
        rising_note = i18n.t("map.nothing_rising", lang)
    elif rising_count > MAX_RISING:
        rising_note = i18n.t("briefing.more_rising", lang, count=rising_count - MAX_RISING)
    watchlist = watchlist_table(report, lang)
    watchlist_note = None
    if not report.enterprises:
        watchlist_note = i18n.t("briefing.watchlist_empty", lang)
    caption = i18n.t("map.subtitle", lang, indicator=title, period=period)
    if view.normalisation != "absolute":
        caption = i18n.t("map.subtitle_normalised", lang, indicator=title, period=period,
                         normalisation=i18n.normalisation_label(view.normalisation, lang))
    kpi = kpi_table(kpis, lang)
    rising_entries = [e for e in report.regions if e.rising][:MAX_RISING]
    labels = {entry.code: str(number) for number, entry in enumerate(rising_entries, 1)}
    footer = " · ".join(
        [i18n.t("common.app_title", lang), period]
        + ([i18n.t("common.synthetic_badge", lang)] if synthetic else [])
    )
    return Briefing(
        lang=lang,
        view=view,
        as_of=view.end,
        synthetic=synthetic,
        titles=titles,
        title_lines=title_lines,
        synthetic_note=i18n.t("common.synthetic_banner", lang) if synthetic else None,
        footer=footer,
        indicator_title=title,
        unit=unit,
        map_caption=caption,
        map_note=i18n.t("briefing.map_labels_note", lang) if labels else None,
        map_values=values,
        map_labels=labels,
        kpis=kpi,
        kpi_note=i18n.t("briefing.kpi_note", lang, period=period, previous=previous,
                        month=formatting.format_month(stock_month, lang, "long")
                        if stock_month else i18n.t("common.no_data", lang)),
        rising=rising,
        rising_note=rising_note,
        watchlist=watchlist,
        watchlist_note=watchlist_note,
        charts=trend_charts(engine, view, lang),
        methodology=methodology_lines(view, report, lang),
        sources=source_lines(engine, lang, synthetic),
        source_label=source,
        tables={table.name: table for table in (kpi, rising, watchlist)},
    )


# --- files ------------------------------------------------------------------------------------


def _writers() -> dict[str, Callable[[Briefing], bytes]]:
    from utils.briefing.pdf import briefing_pdf
    from utils.briefing.pptx import briefing_pptx

    return {".pptx": briefing_pptx, ".pdf": briefing_pdf}


def briefing_bytes(content: Briefing, fmt: str) -> bytes:
    """Return the briefing as a file of format ``fmt`` (``pptx`` or ``pdf``)."""
    writers = _writers()
    suffix = "." + fmt.lower().lstrip(".")
    if suffix not in writers:
        valid = ", ".join(s.lstrip(".") for s in writers)
        raise ValueError(f"Invalid briefing format: {fmt!r}. Format must be in the set: {valid}")
    return writers[suffix](content)


def write_briefing(
    engine: Any,
    out: Path,
    as_of: str | None = None,
    lang: str = "ru",
    **view: Any,
) -> Path:
    """Write a briefing of the ``PERIOD_MONTHS`` months up to ``as_of`` to ``out``.

    The format follows the suffix of ``out`` (``.pptx`` or ``.pdf``). ``view`` may set the
    other fields of :class:`BriefingView` (indicator, normalisation, filters ...).
    Nothing is fetched from the network.
    """
    out = Path(out)
    start, end = briefing_period(engine, as_of)
    content = briefing_content(engine, BriefingView(start=start, end=end, **view), lang)
    data = briefing_bytes(content, out.suffix)
    out.write_bytes(data)
    return out
