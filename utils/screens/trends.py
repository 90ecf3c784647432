"""The numbers of the trends screen: monthly series with context, normalised like the map.

The trends page shows, for one indicator, the national series (or one region's), its
3-month rolling mean and the same months a year earlier, the category mix of appeals and
small multiples of the 20 units ranked by recent growth. This module shapes the frames of
:mod:`utils.metrics` for those charts so the page only reads state and renders:

* :func:`context_start` -- the first month to fetch so that the chosen period has its year
  earlier and a full rolling mean at its first month;
* :func:`normalised_series` -- per-region values divided by population or employment, the
  same denominators as the map; the national figure divides the national sum by the
  national denominator (never an average of regional rates);
* :func:`trend_numbers` -- the figures printed above the chart (last month, rolling mean,
  a year earlier, change year on year);
* :func:`small_multiples_months` -- the months the growth ranking needs;
* :func:`trends_data` -- all of the above for one view, the function the page calls
  (through its cached loader);
* :func:`chart_specs` -- the three charts as Vega-Lite specs in the interface language, so
  a cached loader keeps them and a rerun does not rebuild and revalidate them;
* :func:`official_series_chart` -- official statistics keep their own granularity (a quarter
  is one point at its last month), so they are drawn as published, without zero-filled
  months or a rolling mean.
"""

from __future__ import annotations

import math
from typing import Any

import altair as alt
import pandas as pd

from utils import charts, formatting, i18n, metrics, store
from utils.months import shift_month
from utils.screens.chart_numbers import value_format

#: Months fetched before the period for the year-earlier values and the rolling mean.
CONTEXT_MONTHS = 12
#: Months of the rolling mean drawn with the series.
ROLLING_WINDOW = 3
#: Length of the recent window that ranks the small multiples.
GROWTH_MONTHS = 3


def context_start(start: str, months: int = CONTEXT_MONTHS) -> str:
    """Return the first month to fetch so that ``start`` has ``months`` months of context."""
    return shift_month(start, -months)


def small_multiples_months(start: str, end: str, months: int = GROWTH_MONTHS) -> str:
    """Return the first month of the small multiples: the period, widened to ``2 * months``.

    Ranking by growth compares the last ``months`` months with the ``months`` before them,
    so a shorter period is widened backwards; a longer one is kept.
    """
    earliest = shift_month(end, 1 - 2 * months)
    return min(start, earliest)


def region_denominators(engine: Any) -> pd.DataFrame:
    """Return ``population`` and ``employed`` by region code (the map's denominators)."""
    reference = store.region_reference(engine)
    if reference.empty:  # a database whose reference rows were never loaded
        from geo import load_regions

        reference = load_regions()
    return reference.set_index("code")[["population", "employed"]].astype(float)


def normalised_series(
    frame: pd.DataFrame,
    normalisation: str,
    denominators: pd.DataFrame,
    *,
    national: bool = False,
) -> pd.DataFrame:
    """Return a monthly series divided by population or employment as the map divides it.

    Parameters
    ----------
    frame : pandas.DataFrame
        ``month, code, value`` (``utils.metrics.monthly_series``).
    normalisation : str
        A key of ``utils.metrics.NORMALISATIONS``.
    denominators : pandas.DataFrame
        :func:`region_denominators`.
    national : bool
        Sum the regions first and divide by the sum of their denominators (the national
        rate); otherwise each region is divided by its own.

    Returns
    -------
    pandas.DataFrame
        ``month, code, value`` (``code`` is ``None`` for the national series).
    """
    try:
        column, factor = metrics.NORMALISATIONS[normalisation]
    except KeyError:
        valid = ", ".join(metrics.NORMALISATIONS)
        raise KeyError(
            f"Invalid normalisation: {normalisation!r}. Normalisation must be in the set: {valid}"
        ) from None
    frame = frame[["month", "code", "value"]].copy()
    frame["value"] = frame["value"].astype(float)
    if national:
        codes = sorted(frame["code"].dropna().unique())
        frame = frame.groupby("month", as_index=False)["value"].sum()
        frame.insert(1, "code", None)
        if column is not None:
            total = float(denominators.loc[codes, column].sum()) if codes else math.nan
            frame["value"] = frame["value"] * factor / total if total else math.nan
        return frame
    if column is not None:
        frame["value"] = frame["value"] * factor / frame["code"].map(denominators[column])
    return frame


def trend_numbers(series: pd.DataFrame) -> dict[str, Any] | None:
    """Return the figures above the chart, from :func:`utils.charts.series_with_context`.

    Returns
    -------
    dict or None
        ``month`` (the last month), ``value``, ``rolling`` (mean of the last
        :data:`ROLLING_WINDOW` months, None while the window is not full), ``year_earlier``
        (the same month a year before, None when not in the data), ``yoy_pct`` (change
        against it in %, None when it is missing or 0). None for an empty series.
    """
    if series.empty:
        return None
    last = series.iloc[-1]

    def number(value: Any) -> float | None:
        return None if pd.isna(value) else float(value)

    value, before = number(last["value"]), number(last["year_earlier"])
    yoy = (value - before) / before * 100.0 if value is not None and before else None
    return {
        "month": str(last["month"]),
        "value": value,
        "rolling": number(last["rolling"]),
        "year_earlier": before,
        "yoy_pct": yoy,
    }


def official_points(frame: pd.DataFrame, start: str,
                    granularity: str | None = None) -> pd.DataFrame:
    """Return an official statistic as published: one point per period, from ``start`` on.

    ``frame`` is ``month, code, value`` as :func:`normalised_series` returns it (``month``
    is the last month of each published period). Adds ``year_earlier``: the value of the
    period ending twelve months before, when published; with the series' ``granularity``,
    ``period``: the label of each published period (``2025-Q2``).
    """
    data = frame.groupby("month", as_index=False)["value"].sum(min_count=1)
    by_month = dict(zip(data["month"], data["value"], strict=True))
    data["year_earlier"] = [by_month.get(shift_month(m, -12), math.nan) for m in data["month"]]
    if granularity is not None:
        data["period"] = [metrics.period_ending(m, granularity) for m in data["month"]]
    return data[data["month"] >= start].reset_index(drop=True)


def official_numbers(points: pd.DataFrame) -> dict[str, Any] | None:
    """Return the last published value, the value a year before it and the change."""
    if points.empty:
        return None
    return trend_numbers(points.assign(rolling=math.nan))


def official_series_chart(
    points: pd.DataFrame,
    *,
    value_label: str,
    year_earlier_label: str,
    value_title: str,
    month_title: str | None = None,
    value_format: charts.ValueFormat = ",.0f",
    month_format: str = "%m.%Y",
    height: int = 260,
) -> alt.Chart:
    """Return official statistics as published: the value and a year earlier, per period.

    Parameters
    ----------
    points : pandas.DataFrame
        :func:`official_points`; with a ``period`` column (the label as the reader reads it)
        the tooltip names each point by it.
    value_label, year_earlier_label : str
        Legend names of the two lines (translated).
    value_title : str
        Title of the value axis, with units.
    """
    labelled = "period" in points.columns
    long = points.melt(
        id_vars=["month", "period"] if labelled else "month",
        value_vars=["value", "year_earlier"], var_name="kind", value_name="amount",
    ).dropna(subset=["amount"]).reset_index(drop=True)
    amount_tooltip = charts.value_tooltip(long, "amount", value_title, value_format)
    long["series"] = long["kind"].map({"value": value_label, "year_earlier": year_earlier_label})
    long["date"] = pd.to_datetime(long["month"] + "-01", format="%Y-%m-%d")
    domain = [value_label, year_earlier_label]
    return (
        alt.Chart(long)
        .mark_line(point=True, strokeWidth=2)
        .encode(
            x=alt.X("date:T", title=month_title, axis=alt.Axis(format=month_format)),
            y=alt.Y("amount:Q", title=value_title, axis=charts.value_axis(value_format)),
            color=alt.Color(
                "series:N",
                scale=alt.Scale(domain=domain, range=["#08519c", "#969696"]),
                legend=alt.Legend(title=None, orient="top", labelLimit=0),
            ),
            strokeDash=alt.StrokeDash(
                "series:N", scale=alt.Scale(domain=domain, range=[[1, 0], [4, 3]]), legend=None
            ),
            tooltip=[
                alt.Tooltip("period:N", title=month_title or "") if labelled
                else alt.Tooltip("date:T", title=month_title or "", format=month_format),
                alt.Tooltip("series:N", title=" "),
                amount_tooltip,
            ],
        )
        .properties(height=height, width="container")
    )


def trends_data(
    engine: Any,
    indicator: str,
    start: str,
    end: str,
    *,
    region: str | None = None,
    normalisation: str = "absolute",
    filters: metrics.Filters = None,
) -> dict[str, Any]:
    """Return everything the trends screen shows for one view.

    Parameters
    ----------
    engine : sqlalchemy.Engine
        The store.
    indicator : str
        A row-level indicator key or ``stat:<name>`` of an official statistic.
    start, end : str
        The period (``YYYY-MM``); :data:`CONTEXT_MONTHS` months before ``start`` are read
        for the year-earlier values and the rolling mean.
    region : str, optional
        ISO code of one region; None for Kazakhstan as a whole.
    normalisation : str
        ``absolute``, ``per_100k`` or ``per_1k_employed`` (as on the map).
    filters : mapping, optional
        ``categories`` and ``industries``, as ``utils.metrics`` takes them.

    Returns
    -------
    dict
        ``official`` (bool); ``start``; ``context`` -- row-level: ``month, value`` from
        :data:`CONTEXT_MONTHS` months before ``start`` (what the chart draws its rolling
        mean and year-earlier line from; None for official statistics); ``series`` --
        row-level: ``month, value, rolling, year_earlier`` from ``start`` on
        (:func:`utils.charts.series_with_context`);
        official: ``month, value, year_earlier`` per published period
        (:func:`official_points`); ``numbers`` (:func:`trend_numbers`, None when the period
        has no data); ``regions`` -- ``month, code, value`` of the 20 units normalised each
        by its own denominator, over :func:`small_multiples_months` (empty for official
        statistics, which are not ranked by monthly growth); ``mix`` -- appeals by month and
        category in the period (``month, category, value, share``), narrowed to the chosen
        categories and to ``region``.
    """
    official = indicator.startswith(metrics.OFFICIAL_PREFIX)
    denominators = region_denominators(engine)
    fetched = metrics.monthly_series(
        engine, indicator, context_start(start), end, region=region, filters=filters
    )
    series = normalised_series(fetched, normalisation, denominators, national=True)
    series = series[series["month"] <= end]
    context = None
    if official:
        granularity = metrics.official_granularity(
            engine, indicator[len(metrics.OFFICIAL_PREFIX):], context_start(start), end,
            series=True)
        shown = official_points(series, start, granularity)
        numbers = official_numbers(shown)
        regions = pd.DataFrame(columns=["month", "code", "value"])
    else:
        context = series[["month", "value"]].reset_index(drop=True)
        shown = charts.series_with_context(context, start=start, window=ROLLING_WINDOW)
        numbers = trend_numbers(shown) if shown["value"].gt(0).any() else None
        first = small_multiples_months(start, end)
        all_regions = fetched if region is None else metrics.monthly_series(
            engine, indicator, context_start(start), end, filters=filters
        )
        in_window = all_regions[all_regions["month"] >= first]
        regions = normalised_series(in_window, normalisation, denominators)
    chosen = dict(filters or {})
    mix = metrics.category_mix(engine, start, end, region)
    if chosen.get("categories"):
        mix = mix[mix["category"].isin(list(chosen["categories"]))]
    mix = mix.rename(columns={"appeals": "value"})[["month", "category", "value", "share"]]
    return {
        "official": official,
        "start": start,
        "context": context,
        "series": shown.reset_index(drop=True),
        "numbers": numbers,
        "regions": regions.reset_index(drop=True),
        "mix": mix.reset_index(drop=True),
    }


def chart_specs(
    found: dict[str, Any],
    *,
    lang: str,
    title: str,
    value_title: str,
    normalised: bool = False,
    share: bool = False,
    unit: str = "",
) -> dict[str, dict | None]:
    """Return the charts of the trends screen as Vega-Lite specs (``alt.Chart.to_dict()``).

    Parameters
    ----------
    found : dict
        :func:`trends_data`.
    lang : str
        Interface language of labels, numbers and months.
    title, value_title : str
        Indicator name and value-axis title (with units), translated.
    normalised : bool
        Values are rates (one decimal) rather than counts.
    unit : str
        The indicator's unit: amounts in tenge are written ``80 млн`` on the axes and
        ``86,4 млн ₸`` in the tooltips (:func:`utils.screens.chart_numbers.value_format`).
    share : bool
        Show the category mix as shares of each month instead of counts.

    Returns
    -------
    dict
        ``series`` (the monthly series, or official statistics as published), ``mix`` (the
        category mix; None without appeals) and ``regions`` (small multiples ranked by
        recent growth; None for official statistics).
    """
    values = value_format(unit, lang, normalised=normalised)
    month_title = i18n.t("common.month", lang)
    year_earlier = i18n.t("trends.year_earlier", lang)
    if found["official"]:
        points = found["series"]
        if "period" in points.columns:  # each point named as published: «II квартал 2025»
            points = points.assign(period=points["period"].map(
                lambda label: formatting.format_stat_period(label, lang)))
        series = official_series_chart(
            points, value_label=title, year_earlier_label=year_earlier,
            value_title=value_title, month_title=i18n.t("common.period", lang),
            value_format=values,
        )
    else:
        series = charts.monthly_series_chart(
            found["context"], start=found["start"], value_label=title,
            rolling_label=i18n.t("trends.rolling_mean", lang),
            year_earlier_label=year_earlier, value_title=value_title, month_title=month_title,
            value_format=values,
        )
    specs: dict[str, dict | None] = {
        "series": charts.localized(series, lang).to_dict(),
        "mix": None,
        "regions": None,
    }
    if not found["mix"].empty:
        labels = {key: i18n.category_label(key, lang) for key in i18n.group_values("category")}
        value_axis = i18n.t("trends.share", lang) if share else i18n.indicator_label(
            "appeals", lang)
        mix = charts.category_mix_chart(
            found["mix"], category_labels=labels, share=share, month_title=month_title,
            value_title=value_axis,
        )
        specs["mix"] = charts.localized(mix, lang).to_dict()
    if not found["regions"].empty:
        multiples = charts.small_multiples_chart(
            found["regions"], region_names=i18n.region_labels(lang), value_title=value_title,
            growth_formatter=lambda growth: formatting.format_percent_change(growth, lang),
            value_format=values,
        )
        specs["regions"] = charts.localized(multiples, lang).to_dict()
    return specs
