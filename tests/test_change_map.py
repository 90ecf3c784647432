"""The change map, web and briefing image: fixed colours by size, against a named period."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import pytest

import geo
from tests.test_static_map import web_colors
from utils import formatting, i18n, maps
from utils.briefing import static_map
from utils.screens import map_screen

CODES = geo.region_codes()
PERIOD = ("2026-09", "2026-10")


def changes(first: float, second: float) -> pd.DataFrame:
    """Twenty regions: the first two change by ``first`` and ``second`` per cent, the others
    spread from -80 % to +300 %, one has nothing before (no comparison)."""  # noqa: D205, D209
    previous = np.full(len(CODES), 200.0)
    change = np.linspace(-80, 300, len(CODES))
    change[:2] = first, second
    value = previous * (1 + change / 100)
    previous[-1] = 0.0
    frame = pd.DataFrame({"code": CODES, "value": value, "previous": previous,
                          "change_pct": change, "rank": 1})
    frame.loc[frame.index[-1], "change_pct"] = np.nan
    return frame


@pytest.mark.parametrize("high_contrast", [False, True])
def test_a_four_and_a_forty_five_per_cent_rise_get_different_colours(high_contrast):
    frame = changes(4.0, 45.0)
    web = map_screen.region_map(frame, geo.browser_geojson(), lang="ru",
                                indicator_title="Обращения", unit="appeals", period=PERIOD,
                                mode="change", high_contrast=high_contrast)
    colors = web_colors(web.map.get_root().render())
    assert colors[CODES[0]] != colors[CODES[1]]
    assert colors[CODES[0]] == maps.NEUTRAL_COLOR  # +4 % is "little change", in grey
    # +45 % is the middle shade of rises (25-50 %), not the darkest one of +300 %
    palette = maps.CHANGE_COLORS["PuOr" if high_contrast else "RdBu"]
    assert colors[CODES[1]] == palette[2] != colors[CODES[-2]] == palette[4]
    drawn = static_map.national_map_png(frame, lang="ru", indicator_title="Обращения",
                                        unit="appeals", period=PERIOD, mode="change",
                                        high_contrast=high_contrast, dpi=60)
    assert drawn.colors[CODES[0]] != drawn.colors[CODES[1]]


def test_a_change_legend_names_the_period_compared_with_and_the_unit():
    frame = changes(4.0, 45.0)
    web = map_screen.region_map(frame, geo.browser_geojson(), lang="ru",
                                indicator_title="Задолженность по зарплате", unit="KZT",
                                period=PERIOD, mode="change", normalisation="per_1k_employed")
    legend = html.unescape(web.legend_html).replace("\xa0", " ")
    assert "Задолженность по зарплате, ₸ на 1 000 занятых: изменение к предыдущему периоду " \
           "(июль 2026 – авг. 2026)" in legend
    assert i18n.t("map.legend_no_comparison", "ru") in legend


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_the_title_names_the_months_compared_with_in_the_readers_language(lang):
    title = map_screen.map_title("X", unit="appeals", normalisation="absolute", mode="change",
                                 period=PERIOD, lang=lang)
    shown = formatting.format_period(*PERIOD, lang)
    previous = formatting.format_period("2026-07", "2026-08", lang)
    assert shown in title and previous in title and title.startswith("X: ")
    value = map_screen.map_title("X", unit="KZT", normalisation="per_100k", mode="value",
                                 period=PERIOD, lang=lang)
    assert value == f"X, {map_screen.legend_unit('KZT', 'per_100k', lang)} · {shown}"


def test_tooltips_say_against_what_and_why_there_is_no_per_cent():
    frame = changes(4.0, 45.0)
    rows = map_screen.tooltip_rows(frame, "Обращения", "appeals", "per_100k", "ru",
                                   period=PERIOD)
    first = dict(rows[CODES[0]])
    assert first[i18n.t("common.change", "ru")] == formatting.format_percent_change(4.0, "ru")
    previous = first["Было (июль 2026 – авг. 2026)"].replace("\xa0", " ")
    assert previous == "200,0 на 100 000 жителей"
    last = dict(rows[CODES[-1]])
    assert last[i18n.t("common.change", "ru")] == "нет сравнения: в предыдущем периоде 0"


def test_the_briefing_image_carries_the_same_legend_title():
    frame = changes(4.0, 45.0)
    figure, *_ = static_map.national_map_figure(
        frame, lang="kk", indicator_title="Өтініштер", unit="appeals", period=PERIOD,
        mode="change",
    )
    title = figure.legends[0].get_title().get_text().replace("\n", " ").replace("\xa0", " ")
    expected = map_screen.legend_heading("Өтініштер", unit="appeals", normalisation="absolute",
                                         mode="change", period=PERIOD, lang="kk")[0]
    assert expected.replace("\xa0", " ") in title and title.endswith("(%)")
