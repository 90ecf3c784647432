"""The national map played month by month: what the page, the presentation and the briefing show.

The monthly values of the 20 units (``utils.metrics.monthly_region_values``) become the
frames of the playback on classes fixed for the whole period, so a colour means the same
range in every month; the legend beside the map is drawn once from those classes. In the
value and verdict modes the map plays the indicator's value of each month; in the change
mode, each month's change against the month before, on the fixed change classes.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd

import geo
from utils import formatting, i18n, maps
from utils.maps import Playback
from utils.months import month_range, shift_month
from utils.screens.map import (
    RegionMap,
    add_enterprises,
    legend_unit,
    map_labels,
    measure_label,
    risk_legend_html,
    value_text,
)


def playback_mode(mode: str) -> str:
    """Return what the playback colours by in a map mode: ``change`` or ``value``.

    The verdicts are the early warning's word on the last month; played, the map shows the
    indicator's value month by month instead.
    """
    return "change" if mode == "change" else "value"


def first_month_read(start: str, mode: str) -> str:
    """Return the first month the playback needs: the month before ``start`` for a change."""
    return shift_month(start, -1) if playback_mode(mode) == "change" else start


def period_playback(
    monthly: pd.DataFrame,
    *,
    start: str,
    end: str,
    lang: str,
    unit: str,
    normalisation: str = "absolute",
    mode: str = "value",
    scheme: str = "quantiles",
) -> Playback:
    """Return the frames of ``start``..``end`` on classes fixed for the whole period.

    Parameters
    ----------
    monthly : pandas.DataFrame
        ``month, code, value`` from :func:`first_month_read` to ``end``
        (``utils.metrics.monthly_region_values``).
    mode : str
        Map mode; see :func:`playback_mode`.
    """
    months = month_range(start, end)
    codes = sorted(monthly["code"].astype(str).unique())
    if playback_mode(mode) == "change":
        read = monthly_matrix_of(monthly, [shift_month(start, -1), *months], codes)
        return maps.monthly_frames(
            maps.month_on_month_change(read), change=True,
            formatter=lambda v: formatting.format_percent_change(v, lang),
            no_data_label=i18n.t("map.legend_no_comparison", lang),
            neutral_note=i18n.t("map.legend_neutral", lang),
        )

    def fmt(v: float) -> str:
        return formatting.format_indicator_value(v, unit, lang,
                                                 normalised=normalisation != "absolute")

    return maps.monthly_frames(
        monthly_matrix_of(monthly, months, codes), scheme=scheme, formatter=fmt,
        no_data_label=i18n.t("map.legend_no_data", lang),
    )


def monthly_matrix_of(monthly: pd.DataFrame, months: list[str], codes: list[str]) -> pd.DataFrame:
    """Return the months-by-units table of ``monthly`` for exactly ``months`` and ``codes``."""
    frame = monthly.assign(code=monthly["code"].astype(str), month=monthly["month"].astype(str))
    return maps.monthly_matrix(frame, months, codes)


def month_labels(months: tuple[str, ...], lang: str) -> list[str]:
    """Return each month as written large on the map: ``март 2025``, ``2025 ж. наурыз``."""
    return [formatting.format_month(month, lang, "long") for month in months]


def value_texts(played: Playback, *, lang: str, unit: str, normalisation: str,
                mode: str) -> list[dict[str, str]]:
    """Return, for each month, the text of each unit's value as its tooltip writes it."""
    texts = []
    for month in played.months:
        row = played.matrix.loc[month]
        if playback_mode(mode) == "change":
            texts.append({code: (formatting.format_percent_change(v, lang) if pd.notna(v)
                                 else i18n.t("map.legend_no_comparison", lang))
                          for code, v in row.items()})
        else:
            texts.append({code: value_text(v if pd.notna(v) else None, unit, normalisation,
                                           lang) for code, v in row.items()})
    return texts


def legend_title(indicator_title: str, *, unit: str, normalisation: str, mode: str,
                 lang: str) -> tuple[str, str | None]:
    """Return the playback legend's title and the unit written after it."""
    if playback_mode(mode) == "change":
        measure = measure_label(indicator_title, unit, normalisation, lang)
        return i18n.t("playback.change_title", lang, measure=measure), "%"
    return indicator_title, legend_unit(unit, normalisation, lang)


def playback_title(indicator_title: str, *, unit: str, normalisation: str, mode: str,
                   period: tuple[str, str], lang: str) -> str:
    """Return the heading of the playing map: what it shows, with its unit, and the period."""
    shown = formatting.format_period(*period, lang)
    if playback_mode(mode) == "change":
        measure = measure_label(indicator_title, unit, normalisation, lang)
        return f"{i18n.t('playback.change_title', lang, measure=measure)} · {shown}"
    return f"{measure_label(indicator_title, unit, normalisation, lang)} · {shown}"


def legend_note(period: tuple[str, str], lang: str) -> str:
    """Return the sentence under the legend: the colours hold for every month of the period."""
    return i18n.t("playback.legend_note", lang,
                  period=formatting.format_period(*period, lang))


def shown_month(month: str | None, played: Playback) -> str:
    """Return the month the map opens at: ``month`` when it is in the period, else the last."""
    return month if month in played.months else played.months[-1]


def playback_map(
    played: Playback,
    geojson: str,
    *,
    lang: str,
    indicator_title: str,
    unit: str,
    period: tuple[str, str],
    normalisation: str = "absolute",
    mode: str = "value",
    high_contrast: bool = False,
    tile_url: str | None = None,
    month: str | None = None,
    points: pd.DataFrame | None = None,
    risk: Mapping[str, str] | None = None,
) -> RegionMap:
    """Return the map that plays ``played`` in the browser, with the fixed legend beside it.

    The map opens at ``month`` (:func:`shown_month`); the browser shows the month named in
    the page's address instead when there is one. ``points`` and ``risk`` add the enterprise
    layer of the whole period (it does not step with the months).
    """
    opened = shown_month(month, played)
    palette = maps.palette_for(played.classes, high_contrast=high_contrast)
    at = maps.month_classification(played.classes, played.frames, opened)
    values = pd.DataFrame({"code": played.matrix.columns,
                           "value": played.matrix.loc[opened].to_numpy()})
    names = i18n.region_labels(lang)
    texts = value_texts(played, lang=lang, unit=unit, normalisation=normalisation, mode=mode)
    index = played.months.index(opened)
    label = (i18n.t("playback.change_row", lang) if playback_mode(mode) == "change"
             else indicator_title)
    rows = {code: [(label, text)] for code, text in texts[index].items()}
    built = maps.choropleth_map(
        geojson, values, at, tooltip_rows=rows, region_names=names, palette=palette,
        high_contrast=high_contrast, tile_url=tile_url, tap_hint=i18n.t("map.tap_hint", lang),
        fit=False,
    )
    maps.add_playback(built, played, maps.PlaybackTexts(
        play=i18n.t("playback.play", lang), pause=i18n.t("playback.pause", lang),
        speed=i18n.t("playback.speed", lang), scrubber=i18n.t("playback.scrubber", lang),
        month_labels=month_labels(played.months, lang), value_label=label, values=texts,
        names=names,
    ), initial=opened)
    labels, strong = map_labels([], lang)
    maps.add_labels(built, labels, geo.label_points(), strong=strong)
    title, shown_unit = legend_title(indicator_title, unit=unit, normalisation=normalisation,
                                     mode=mode, lang=lang)
    legend = maps.legend_html(played.classes, palette, title, shown_unit,
                              high_contrast=high_contrast, counts=False)
    legend += ('<div class="ltm-playback-note" style="font-size:0.8rem;color:#555;'
               f'margin-top:6px">{html.escape(legend_note(period, lang))}</div>')
    if points is not None and not points.empty:
        add_enterprises(built, points, lang, risk)
        if risk is not None:
            legend += risk_legend_html(lang)
    return RegionMap(built, legend, played.classes)

