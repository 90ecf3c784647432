"""Altair chart builders for the trends, region and enterprise screens and the briefings.

Builders take the frames :mod:`utils.metrics` returns and labels already translated by the
caller; they return Altair chart objects and never call Streamlit, so the pages, the
exports (rendered offline by ``vl-convert``) and the tests share them. Data is computed in
pandas before it reaches the chart (rolling means, year-earlier values, growth ranks), so
the numbers a chart shows can be checked in its ``to_dict()``. Number and month formats
follow the interface language through :func:`localized`; a measure whose figures run into
millions (tenge) is written with magnitude words through :class:`ValueLabels`: ``80 млн`` on
its axis and ``86,4 млн ₸`` in its tooltips.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from utils.months import month_range, shift_month

#: Okabe-Ito colours: distinct for the common forms of colour blindness; one per category.
#: The palette's black is left out: as a stacked area it outweighs every other band.
CATEGORY_COLORS = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
)
#: The ``other`` category in neutral grey, so the named categories carry the colour.
OTHER_COLOR = "#999999"
#: Colours of the monthly series: the month's value, its rolling mean, a year earlier.
SERIES_COLORS = ("#9ecae1", "#08519c", "#969696")
#: Bars of wage arrears and the line of workers owed on the enterprise timeline.
TIMELINE_COLORS = ("#fdae6b", "#54278f")

#: Widest legend label in pixels before Vega-Lite cuts it with «…» (its default is 160, too
#: narrow for the longer series and category names); the legends above a chart are never cut.
LEGEND_LABEL_LIMIT = 280

#: Default axis format of months: numeric, the same in every language.
MONTH_FORMAT = "%m.%Y"


@dataclass(frozen=True)
class ValueLabels:
    """How a chart writes the values of one measure in the reader's language.

    Attributes
    ----------
    axis : str
        A Vega expression writing ``datum.value`` as an axis label
        (:func:`short_number_expr`).
    text : callable
        A value as its tooltip writes it (e.g. ``utils.formatting.format_money_short``).
    """

    axis: str
    text: Callable[[float], str]


#: How a builder is told to write a measure: a d3 number format (``,.0f``), localised by
#: :func:`localized`, or :class:`ValueLabels`.
ValueFormat = str | ValueLabels


def short_number_expr(magnitudes: Sequence[tuple[int, str]]) -> str:
    """Return a Vega expression writing ``datum.value`` shortened: ``80 млн``, ``1,2 млрд``.

    ``magnitudes`` are ``(power of ten, word after the number)`` pairs, e.g.
    ``((3, " тыс."), (6, " млн"), (9, " млрд"))``; a value takes the largest word it
    reaches, with at most one decimal, and smaller values are written whole. The digits
    follow the chart's locale (:func:`localized`), so the decimal sign is the reader's.
    """
    expr = "format(datum.value, ',.0f')"
    for power, word in sorted(magnitudes):
        expr = (f"abs(datum.value) >= 1e{power} ? "
                f"format(datum.value / 1e{power}, ',.1~f') + {json.dumps(word)} : {expr}")
    return expr


def value_axis(value_format: ValueFormat, **options: object) -> alt.Axis:
    """Return an axis of values written by ``value_format``; ``options`` go to ``alt.Axis``."""
    if isinstance(value_format, ValueLabels):
        return alt.Axis(labelExpr=value_format.axis, **options)
    return alt.Axis(format=value_format, **options)


def value_tooltip(
    data: pd.DataFrame, field: str, title: str, value_format: ValueFormat
) -> alt.Tooltip:
    """Return the tooltip of ``field``; with :class:`ValueLabels`, ``data`` gets its text."""
    if isinstance(value_format, ValueLabels):
        data[f"{field}_text"] = [value_format.text(v) for v in data[field]]
        return alt.Tooltip(f"{field}_text:N", title=title)
    return alt.Tooltip(f"{field}:Q", title=title, format=value_format)


def _months(frame: pd.DataFrame, column: str = "month") -> pd.Series:
    """Return ``'YYYY-MM'`` strings as timestamps at the first of the month."""
    try:
        return pd.to_datetime(frame[column].astype(str) + "-01", format="%Y-%m-%d")
    except (ValueError, TypeError) as exc:
        raise ValueError(f"column {column!r} must hold months as 'YYYY-MM': {exc}") from None


def _require(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{what} needs the columns {', '.join(columns)}; missing: {', '.join(missing)}"
        )


def series_with_context(
    frame: pd.DataFrame,
    *,
    start: str | None = None,
    window: int = 3,
) -> pd.DataFrame:
    """Return one national or regional series with its rolling mean and year-earlier value.

    Parameters
    ----------
    frame : pandas.DataFrame
        ``month`` and ``value`` (and optionally ``code``; several codes are summed). Months
        without a row count as 0. Include the 12 months before ``start`` to get the
        year-earlier values and a full rolling mean at the start.
    start : str, optional
        First month shown (``'YYYY-MM'``); earlier months only feed the context columns.
    window : int
        Months in the rolling mean.

    Returns
    -------
    pandas.DataFrame
        ``month`` ('YYYY-MM'), ``value``, ``rolling`` (mean over ``window`` months, NaN
        until the window is full) and ``year_earlier`` (NaN when that month is not in
        ``frame``), from ``start`` on.
    """
    _require(frame, ["month", "value"], "a monthly series")
    if frame.empty:
        return pd.DataFrame(columns=["month", "value", "rolling", "year_earlier"])
    totals = frame.groupby(frame["month"].astype(str))["value"].sum(min_count=1)
    months = month_range(totals.index.min(), totals.index.max())
    series = totals.reindex(months).fillna(0.0).astype(float)
    first_known = months[0]
    rolling = series.rolling(window, min_periods=window).mean()
    year_before = [shift_month(m, -12) for m in months]
    shifted = pd.Series(
        [series.get(m, np.nan) if m >= first_known else np.nan for m in year_before],
        index=months,
        dtype="float64",
    )
    out = pd.DataFrame(
        {
            "month": months,
            "value": series.to_numpy(),
            "rolling": rolling.to_numpy(),
            "year_earlier": shifted.to_numpy(),
        }
    )
    if start is not None:
        out = out[out["month"] >= start]
    return out.reset_index(drop=True)


def monthly_series_chart(
    frame: pd.DataFrame,
    *,
    value_label: str,
    rolling_label: str,
    year_earlier_label: str,
    value_title: str,
    title: str | None = None,
    month_title: str | None = None,
    start: str | None = None,
    window: int = 3,
    value_format: ValueFormat = ",.0f",
    month_format: str = MONTH_FORMAT,
    height: int = 260,
) -> alt.Chart:
    """Return the monthly series with its rolling mean and the same months a year earlier.

    Parameters
    ----------
    frame : pandas.DataFrame
        ``month``, ``value`` (optionally ``code``), as ``utils.metrics.monthly_series``.
    value_label, rolling_label, year_earlier_label : str
        Legend names of the three lines (translated), e.g. "Appeals", "3-month mean",
        "A year earlier".
    value_title : str
        Title of the value axis, with units.
    title, month_title : str, optional
        Chart title and month axis title.
    start : str, optional
        First month shown; see :func:`series_with_context`.
    window : int
        Months in the rolling mean.
    value_format : str or ValueLabels
        d3 number format of values, or how to write them with magnitude words.
    month_format : str
        d3 time format of months.
    height : int
        Height in pixels.
    """
    data = series_with_context(frame, start=start, window=window)
    long = data.melt(
        id_vars="month",
        value_vars=["value", "rolling", "year_earlier"],
        var_name="kind",
        value_name="amount",
    )
    names = {"value": value_label, "rolling": rolling_label, "year_earlier": year_earlier_label}
    long["series"] = long["kind"].map(names)
    long["date"] = _months(long)
    long = long.dropna(subset=["amount"]).reset_index(drop=True)
    amount_tooltip = value_tooltip(long, "amount", value_title, value_format)
    domain = [value_label, rolling_label, year_earlier_label]
    color = alt.Color(
        "series:N",
        scale=alt.Scale(domain=domain, range=list(SERIES_COLORS)),
        legend=alt.Legend(title=None, orient="top", labelLimit=0),
    )
    base = alt.Chart(long).encode(
        x=alt.X("date:T", title=month_title, axis=alt.Axis(format=month_format)),
        y=alt.Y("amount:Q", title=value_title, axis=value_axis(value_format)),
        color=color,
        strokeDash=alt.StrokeDash(
            "series:N",
            scale=alt.Scale(domain=domain, range=[[1, 0], [1, 0], [4, 3]]),
            legend=None,
        ),
        tooltip=[
            alt.Tooltip("date:T", title=month_title or "", format=month_format),
            alt.Tooltip("series:N", title=" "),
            amount_tooltip,
        ],
    )
    chart = base.mark_line(point=True, strokeWidth=2).properties(height=height, width="container")
    if title:
        chart = chart.properties(title=title)
    return chart


def _category_colors(labels: Sequence[str], *, other: str) -> list[str]:
    """Return a colour per label in order: grey for ``other``, the palette for the rest."""
    colors, named = [], 0
    for label in labels:
        if label == other:
            colors.append(OTHER_COLOR)
        else:
            colors.append(CATEGORY_COLORS[named % len(CATEGORY_COLORS)])
            named += 1
    return colors


def category_mix_chart(
    frame: pd.DataFrame,
    *,
    category_labels: Mapping[str, str],
    value_title: str,
    title: str | None = None,
    month_title: str | None = None,
    share: bool = False,
    mark: str = "area",
    value_format: str = ",.0f",
    month_format: str = MONTH_FORMAT,
    height: int = 260,
) -> alt.Chart:
    """Return the mix of categories over time as stacked areas or bars.

    Parameters
    ----------
    frame : pandas.DataFrame
        ``month``, ``category``, ``value`` (one row per month and category).
    category_labels : mapping
        Translated label of each category code; the order of the mapping is the stacking
        and legend order. Categories missing from it keep their code.
    value_title : str
        Title of the value axis (the share title when ``share`` is set).
    share : bool
        Stack to 100 % (each month's categories as shares) instead of absolute values.
    mark : str
        ``area`` or ``bar``.
    """
    _require(frame, ["month", "category", "value"], "a category mix")
    if mark not in ("area", "bar"):
        raise ValueError(f"Invalid mark: {mark!r}. Mark must be in the set: area, bar")
    data = (
        frame.assign(month=frame["month"].astype(str))
        .groupby(["month", "category"], as_index=False)["value"]
        .sum()
    )
    data["label"] = data["category"].map(lambda c: category_labels.get(c, c))
    data["date"] = _months(data)
    order = [category_labels.get(c, c) for c in category_labels]
    order += sorted(set(data["label"]) - set(order))
    data["order"] = data["label"].map({label: i for i, label in enumerate(order)})
    colors = _category_colors(order, other=category_labels.get("other", "other"))
    stack = "normalize" if share else "zero"
    y_format = ".0%" if share else value_format
    chart = getattr(alt.Chart(data), f"mark_{mark}")().encode(
        x=alt.X("date:T", title=month_title, axis=alt.Axis(format=month_format)),
        y=alt.Y("value:Q", title=value_title, stack=stack, axis=alt.Axis(format=y_format)),
        color=alt.Color(
            "label:N",
            scale=alt.Scale(domain=order, range=colors),
            legend=alt.Legend(title=None, orient="right", labelLimit=LEGEND_LABEL_LIMIT),
            sort=order,
        ),
        order=alt.Order("order:Q"),
        tooltip=[
            alt.Tooltip("date:T", title=month_title or "", format=month_format),
            alt.Tooltip("label:N", title=" "),
            alt.Tooltip("value:Q", title=value_title, format=value_format),
        ],
    )
    chart = chart.properties(height=height, width="container")
    if title:
        chart = chart.properties(title=title)
    return chart


def growth_ranking(frame: pd.DataFrame, months: int = 3) -> pd.DataFrame:
    """Rank units by recent growth: the last ``months`` months against the ``months`` before.

    Parameters
    ----------
    frame : pandas.DataFrame
        ``month``, ``code``, ``value``. Months without a row count as 0.
    months : int
        Length of the recent window.

    Returns
    -------
    pandas.DataFrame
        ``code``, ``recent``, ``previous``, ``growth_pct`` (NaN when ``previous`` is 0) and
        ``rank`` (1 = fastest growth; units without a growth figure rank last, by recent
        volume), sorted by rank.
    """
    _require(frame, ["month", "code", "value"], "a ranking by growth")
    if frame.empty:
        return pd.DataFrame(columns=["code", "recent", "previous", "growth_pct", "rank"])
    wide = frame.pivot_table(
        index=frame["month"].astype(str), columns="code", values="value", aggfunc="sum"
    )
    wide = wide.reindex(month_range(wide.index.min(), wide.index.max())).fillna(0.0)
    recent = wide.iloc[-months:].sum()
    previous = wide.iloc[-2 * months : -months].sum()
    growth = (recent - previous) / previous.where(previous != 0) * 100.0
    out = pd.DataFrame(
        {
            "code": wide.columns,
            "recent": recent.to_numpy(),
            "previous": previous.to_numpy(),
            "growth_pct": growth.to_numpy(),
        }
    )
    out = out.sort_values(
        ["growth_pct", "recent", "code"], ascending=[False, False, True], na_position="last"
    ).reset_index(drop=True)
    out["rank"] = np.arange(1, len(out) + 1)
    return out


def small_multiples_chart(
    frame: pd.DataFrame,
    *,
    region_names: Mapping[str, str],
    value_title: str,
    growth_formatter: Callable[[float], str],
    title: str | None = None,
    months: int = 3,
    columns: int = 4,
    value_format: ValueFormat = ",.0f",
    month_format: str = MONTH_FORMAT,
    panel_width: int = 135,
    panel_height: int = 70,
) -> alt.FacetChart:
    """Return one small chart per unit, ordered by recent growth (fastest first).

    Parameters
    ----------
    frame : pandas.DataFrame
        ``month``, ``code``, ``value`` for the 20 units.
    region_names : mapping
        Name of each code in the interface language.
    value_title : str
        Title of the values in tooltips.
    growth_formatter : callable
        Formats a growth in per cent for the panel headings (e.g. ``+12 %``); NaN growth is
        shown without a figure.
    months : int
        Length of the recent window that ranks the units (see :func:`growth_ranking`).
    columns : int
        Panels per row: four of ``panel_width`` with their axes fit the page's main column
        beside the sidebar on a 1280-pixel screen; five ran off its right edge.
    """
    _require(frame, ["month", "code", "value"], "small multiples")
    ranking = growth_ranking(frame, months=months)
    headings = {}
    for code, growth in zip(ranking["code"], ranking["growth_pct"], strict=True):
        name = region_names.get(code, code)
        headings[code] = f"{name} ({growth_formatter(growth)})" if pd.notna(growth) else name
    data = (
        frame.assign(month=frame["month"].astype(str))
        .groupby(["month", "code"], as_index=False)["value"]
        .sum()
    )
    data["date"] = _months(data)
    data["panel"] = data["code"].map(headings)
    data["rank"] = data["code"].map(dict(zip(ranking["code"], ranking["rank"], strict=True)))
    data["rising"] = data["code"].map(
        dict(zip(ranking["code"], ranking["growth_pct"].fillna(0) > 0, strict=True))
    )
    value_tip = value_tooltip(data, "value", value_title, value_format)
    order = [headings[c] for c in ranking["code"]]
    panel = (
        alt.Chart()
        .mark_area(line=True, opacity=0.35)
        .encode(
            x=alt.X(
                "date:T", title=None, axis=alt.Axis(format=month_format, labels=False, ticks=False)
            ),
            y=alt.Y("value:Q", title=None, axis=value_axis(value_format, tickCount=2)),
            color=alt.Color(
                "rising:N",
                scale=alt.Scale(domain=[True, False], range=["#cb181d", "#6baed6"]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("panel:N", title=" "),
                alt.Tooltip("date:T", title=" ", format=month_format),
                value_tip,
            ],
        )
        .properties(width=panel_width, height=panel_height)
    )
    chart = alt.FacetChart(
        data=data,
        spec=panel,
        facet=alt.Facet("panel:N", sort=order, title=None, header=alt.Header(labelFontSize=10)),
        columns=columns,
    ).resolve_scale(y="independent")
    if title:
        chart = chart.properties(title=title)
    return chart


def enterprise_timeline_chart(
    frame: pd.DataFrame,
    *,
    arrears_title: str,
    workers_title: str,
    title: str | None = None,
    month_title: str | None = None,
    arrears_format: ValueFormat = ",.0f",
    month_format: str = MONTH_FORMAT,
    height: int = 240,
) -> alt.LayerChart:
    """Return an enterprise's wage arrears (bars) and workers owed (line) by month.

    Parameters
    ----------
    frame : pandas.DataFrame
        ``month``, ``arrears_outstanding_kzt``, ``workers_owed`` (as the enterprise timeline's
        rows).
    arrears_title, workers_title : str
        Axis titles with units, translated.
    arrears_format : str or ValueLabels
        How the amounts are written (a d3 format, or with magnitude words).
    """
    _require(frame, ["month", "arrears_outstanding_kzt", "workers_owed"], "an enterprise timeline")
    data = (
        frame.assign(month=frame["month"].astype(str))
        .groupby("month", as_index=False)[["arrears_outstanding_kzt", "workers_owed"]]
        .sum()
    )
    data["date"] = _months(data)
    x = alt.X("yearmonth(date):T", title=month_title, axis=alt.Axis(format=month_format))
    tooltip = [
        alt.Tooltip("date:T", title=month_title or " ", format=month_format),
        value_tooltip(data, "arrears_outstanding_kzt", arrears_title, arrears_format),
        alt.Tooltip("workers_owed:Q", title=workers_title, format=",.0f"),
    ]
    bars = (
        alt.Chart(data)
        .mark_bar(color=TIMELINE_COLORS[0])
        .encode(
            x=x,
            y=alt.Y(
                "arrears_outstanding_kzt:Q",
                title=arrears_title,
                axis=value_axis(arrears_format, titleColor="#a63603"),
            ),
            tooltip=tooltip,
        )
    )
    line = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(color=TIMELINE_COLORS[1]), color=TIMELINE_COLORS[1])
        .encode(
            x=alt.X(
                "yearmonth(date):T",
                title=month_title,
                axis=alt.Axis(format=month_format),
                bandPosition=0.5,
            ),
            y=alt.Y(
                "workers_owed:Q",
                title=workers_title,
                axis=alt.Axis(format=",.0f", titleColor=TIMELINE_COLORS[1], orient="right"),
            ),
            tooltip=tooltip,
        )
    )
    chart = alt.layer(bars, line).resolve_scale(y="independent")
    chart = chart.properties(height=height, width="container")
    if title:
        chart = chart.properties(title=title)
    return chart


def top_enterprises_chart(
    frame: pd.DataFrame,
    *,
    value_title: str,
    title: str | None = None,
    value_column: str = "value",
    n: int = 10,
    value_format: ValueFormat = ",.0f",
    color: str = "#b30000",
) -> alt.Chart:
    """Return horizontal bars of the ``n`` enterprises with the largest ``value_column``.

    Parameters
    ----------
    frame : pandas.DataFrame
        ``name`` and ``value_column`` (optionally ``bin``; enterprises sharing a name are
        told apart by their BIN).
    value_title : str
        Axis title with units, translated.
    """
    _require(frame, ["name", value_column], "a ranking of enterprises")
    data = frame.copy()
    data[value_column] = pd.to_numeric(data[value_column], errors="coerce")
    data = data.dropna(subset=[value_column])
    data = data.sort_values([value_column, "name"], ascending=[False, True]).head(n)
    label = data["name"].astype(str)
    if "bin" in data.columns and label.duplicated(keep=False).any():
        twins = label.duplicated(keep=False)
        label = label.where(~twins, label + " · " + data["bin"].astype(str))
    data["label"] = label
    data = data[["label", value_column] + (["bin"] if "bin" in data.columns else [])]
    tooltip = [
        alt.Tooltip("label:N", title=" "),
        value_tooltip(data, value_column, value_title, value_format),
    ]
    if "bin" in data.columns:
        tooltip.append(alt.Tooltip("bin:N", title="BIN"))
    chart = (
        alt.Chart(data)
        .mark_bar(color=color)
        .encode(
            x=alt.X(f"{value_column}:Q", title=value_title, axis=value_axis(value_format)),
            y=alt.Y("label:N", title=None, sort=list(data["label"]), axis=alt.Axis(labelLimit=260)),
            tooltip=tooltip,
        )
    )
    chart = chart.properties(height=max(60, 24 * len(data)), width="container")
    if title:
        chart = chart.properties(title=title)
    return chart


def vega_locale(lang: str) -> dict:
    """Return a Vega ``config.locale`` (d3 number and time formats) for ``lang``.

    Built from Babel's data for ``ru``/``kk``/``en`` so thousands separators, the decimal
    mark and month names follow the interface language.
    """
    from babel import Locale

    locale = Locale.parse({"ru": "ru_RU", "kk": "kk_KZ", "en": "en_GB"}.get(lang, lang))
    symbols = locale.number_symbols.get("latn", locale.number_symbols)
    months = locale.months["stand-alone"]["wide"]
    short_months = locale.months["stand-alone"]["abbreviated"]
    days = locale.days["stand-alone"]["wide"]
    short_days = locale.days["stand-alone"]["abbreviated"]
    # Babel counts days from Monday (0); d3 from Sunday.
    order = [6, 0, 1, 2, 3, 4, 5]
    return {
        "number": {
            "decimal": symbols["decimal"],
            "thousands": symbols["group"].replace("\u202f", "\u00a0"),
            "grouping": [3],
            "currency": ["", "\u00a0₸"],
        },
        "time": {
            "dateTime": "%d.%m.%Y %H:%M:%S",
            "date": "%d.%m.%Y",
            "time": "%H:%M:%S",
            "periods": ["AM", "PM"],
            "days": [days[i] for i in order],
            "shortDays": [short_days[i] for i in order],
            "months": [months[i] for i in range(1, 13)],
            "shortMonths": [short_months[i] for i in range(1, 13)],
        },
    }


def localized(chart: alt.TopLevelMixin, lang: str) -> alt.TopLevelMixin:
    """Return ``chart`` with number and month formats of ``lang`` (top-level config)."""
    return chart.configure(locale=vega_locale(lang))


#: Type size of a chart on a shared screen (presentation mode), in pixels.
PROJECTOR_FONT_SIZE = 17


def projector_chart(chart: alt.TopLevelMixin, *, height: int) -> alt.TopLevelMixin:
    """Return ``chart`` for a shared screen: ``height`` pixels high, its text larger.

    On a page the height is the whole chart's, legend and axes included (Streamlit fits the
    chart into it), so the plot keeps what a legend of three lines leaves. Readable from the
    back of a room: axis labels and titles, legend and title at :data:`PROJECTOR_FONT_SIZE`.
    A legend lists its entries one under another and never cuts a label: side by side,
    three long series names are wider than half a 1280-pixel screen.
    """
    size = PROJECTOR_FONT_SIZE
    return (
        chart.properties(height=height)
        .configure_axis(labelFontSize=size - 2, titleFontSize=size, labelLimit=0)
        .configure_legend(labelFontSize=size, symbolSize=160, direction="vertical",
                          columns=1, labelLimit=0, rowPadding=4)
        .configure_title(fontSize=size + 2)
    )


#: Conflicts the warning foresaw and those it missed (Okabe-Ito blue and orange).
FORESEEN_COLORS = ("#0072B2", "#E69F00")


def foreseen_chart(
    frame: pd.DataFrame,
    *,
    foreseen_label: str,
    missed_label: str,
    value_title: str,
    month_title: str | None = None,
    month_format: str = MONTH_FORMAT,
    height: int = 220,
) -> alt.Chart:
    """Return the conflicts of each month as stacked bars: foreseen by the warning, missed.

    ``frame`` holds ``month``, ``foreseen`` and ``missed`` (counts of conflicts); the labels
    are the legend names, translated by the caller.
    """
    _require(frame, ("month", "foreseen", "missed"), "foreseen_chart")
    long = frame.melt(id_vars="month", value_vars=["foreseen", "missed"], var_name="kind",
                      value_name="conflicts")
    names = {"foreseen": foreseen_label, "missed": missed_label}
    long["series"] = long["kind"].map(names)
    long["order"] = long["kind"].map({"foreseen": 0, "missed": 1})
    long["date"] = _months(long)
    domain = [foreseen_label, missed_label]
    return alt.Chart(long).mark_bar().encode(
        x=alt.X("yearmonth(date):T", title=month_title, axis=alt.Axis(format=month_format)),
        y=alt.Y("conflicts:Q", title=value_title, stack="zero",
                axis=alt.Axis(tickMinStep=1, format="d")),
        color=alt.Color("series:N", scale=alt.Scale(domain=domain, range=list(FORESEEN_COLORS)),
                        legend=alt.Legend(title=None, orient="top", labelLimit=0)),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("date:T", title=month_title or "", format=month_format),
                 alt.Tooltip("series:N", title=" "),
                 alt.Tooltip("conflicts:Q", title=value_title, format="d")],
    ).properties(height=height, width="container")
