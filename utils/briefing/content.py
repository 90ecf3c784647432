"""What a briefing says: its period, its labels, trend charts and notes, in one language.

A briefing is what a presenter shows leadership: the period and filters, the national map,
the key figures with their change, the regions where tension is rising with the reasons in
words, the enterprise watchlist, the key trends, and how the figures were made. This module
assembles that content from the store (``utils.metrics``) and the early warning
(``utils.early_warning``) as plain tables and texts, a
:class:`~utils.briefing.model.Briefing`; ``utils.briefing.files`` turns the same content
into a PPTX or a PDF, and the briefing screen shows it step by step. Everything is made
offline.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pandas as pd

from utils import cases, charts, early_warning, formatting, i18n, metrics, store
from utils.briefing.model import (
    CHART_SIZE,
    SLIDES,
    Briefing,
    BriefingView,
    NothingToBrief,
    TrendChart,
)
from utils.briefing.tables import (
    MAX_RISING,
    kpi_table,
    results_lines,
    results_table,
    rising_table,
    watchlist_table,
)
from utils.months import previous_period, shift_month
from utils.screens import backtest_screen, filters_screen, map_screen

#: Months in the briefing period when only its last month (``as_of``) is given.
PERIOD_MONTHS = 12
#: Indicators of the trend charts (the map's indicator is added first when it differs).
TREND_INDICATORS = ("appeals", "arrears_outstanding_kzt")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


# --- the period -------------------------------------------------------------------------------


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
    return max(first, shift_month(end, 1 - months)), end


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
    """Return the chosen filters in words (as the pages' chips say them), or the word for none."""
    return filters_screen.filters_in_words(view.filters(), lang) or i18n.t(
        "briefing.filters_none", lang
    )


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
        frame = metrics.monthly_series(engine, key, shift_month(view.start, -12), view.end,
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
                      lang: str, record: early_warning.Backtest | None = None) -> list[str]:
    """Return the sentences on how the figures were made and, from ``record`` (the early
    warning's backtest), how well its warnings worked: the same sentences as the hotspots
    page's, the list's and the largest debtors'.
    """  # noqa: D205
    period = formatting.format_period(view.start, view.end, lang)
    previous = formatting.format_period(*previous_period(view.start, view.end), lang)
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
    if record is not None:
        lines += backtest_screen.record_lines(record, lang)[:RECORD_LINES]
    return lines


#: Sentences of the backtest the methodology slide quotes: the list's record, the baselines'.
RECORD_LINES = 2


def configured_record(engine: Any, as_of: str) -> early_warning.Backtest:
    """Return the early warning's backtest of the conflicts of the 12 months up to ``as_of``."""
    first, last = backtest_screen.record_months(as_of)
    return early_warning.warning_backtest(engine, first=first, last=last,
                                          config=early_warning.config_from_settings())


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
    record: early_warning.Backtest | None = None,
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
    record : Backtest, optional
        The early warning's backtest of the 12 months up to ``view.end``
        (:func:`configured_record`), quoted on the methodology slide; computed here otherwise.
    today : datetime.date, optional
        Date printed as the preparation date; today by default.
    """
    i18n.check_lang(lang)
    if report is None:
        report = configured_report(engine, view.end)
    if record is None:
        record = configured_record(engine, view.end)
    filters = view.filters()
    synthetic = store.is_synthetic(engine)
    period = formatting.format_period(view.start, view.end, lang)
    previous = formatting.format_period(*previous_period(view.start, view.end), lang)
    title = indicator_title(view.indicator, lang)
    official = metrics.official_indicators(engine)
    unit = map_screen.indicator_unit(view.indicator, official)
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
    case_report = cases.timeliness_report(cases.load_cases(engine),
                                          today=today or dt.date.today(), first=view.start,
                                          last=view.end)
    results = results_table(case_report, lang)
    caption = i18n.t("map.subtitle", lang, indicator=title, period=period)
    if view.normalisation != "absolute":
        caption = i18n.t("map.subtitle_normalised", lang, indicator=title, period=period,
                         normalisation=i18n.normalisation_label(view.normalisation, lang))
    kpi = kpi_table(kpis, lang)
    official_note = None
    if view.indicator.startswith(metrics.OFFICIAL_PREFIX):
        name = view.indicator[len(metrics.OFFICIAL_PREFIX):]
        official_note = map_screen.official_note(
            official, view.indicator, period, lang,
            metrics.official_granularity(engine, name, view.start, view.end),
            metrics.official_periods(engine, name, view.start, view.end))
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
        results=results,
        results_lines=results_lines(case_report, lang),
        charts=trend_charts(engine, view, lang),
        methodology=methodology_lines(view, report, lang, record),
        sources=source_lines(engine, lang, synthetic),
        source_label=source,
        tables={table.name: table for table in (kpi, rising, watchlist, results)},
        official_note=official_note,
    )
