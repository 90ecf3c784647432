import math
import re

import altair as alt
import numpy as np
import pandas as pd
import pytest

from utils import charts

MONTHS = [p.strftime("%Y-%m") for p in pd.period_range("2024-01", "2025-06", freq="M")]


def dataset(spec: dict) -> list[dict]:
    """Return the single inline data set of a chart spec."""
    (rows,) = spec["datasets"].values()
    return rows


def national(values=None):
    values = np.arange(1.0, len(MONTHS) + 1) if values is None else values
    return pd.DataFrame({"month": MONTHS, "code": "KZ-75", "value": values})


def test_series_context_computes_rolling_mean_and_year_earlier():
    out = charts.series_with_context(national(), start="2025-01")
    assert out["month"].tolist() == MONTHS[12:]
    jan = out.iloc[0]
    assert jan["value"] == 13.0
    assert jan["rolling"] == pytest.approx((11 + 12 + 13) / 3)
    assert jan["year_earlier"] == 1.0  # 2024-01


def test_series_context_fills_missing_months_with_zero_and_sums_regions():
    frame = pd.DataFrame(
        {
            "month": ["2025-01", "2025-01", "2025-03"],
            "code": ["KZ-10", "KZ-11", "KZ-10"],
            "value": [2.0, 3.0, 4.0],
        }
    )
    out = charts.series_with_context(frame)
    assert out["month"].tolist() == ["2025-01", "2025-02", "2025-03"]
    assert out["value"].tolist() == [5.0, 0.0, 4.0]
    assert out["rolling"].iloc[-1] == pytest.approx(3.0)
    assert math.isnan(out["rolling"].iloc[0]) and out["year_earlier"].isna().all()


def test_monthly_series_chart_encodes_three_labelled_lines():
    chart = charts.monthly_series_chart(
        national(),
        value_label="Обращения",
        rolling_label="Среднее за 3 мес.",
        year_earlier_label="Год назад",
        value_title="Обращений",
        title="Обращения по месяцам",
        start="2025-01",
    )
    assert isinstance(chart, alt.Chart)
    spec = chart.to_dict()
    assert spec["mark"]["type"] == "line"
    enc = spec["encoding"]
    assert enc["x"]["field"] == "date" and enc["x"]["type"] == "temporal"
    assert enc["y"]["field"] == "amount" and enc["y"]["title"] == "Обращений"
    assert enc["color"]["scale"]["domain"] == ["Обращения", "Среднее за 3 мес.", "Год назад"]
    assert enc["color"]["legend"]["labelLimit"] == 0  # a legend above the chart is never cut
    rows = dataset(spec)
    by_series = {}
    for row in rows:
        by_series.setdefault(row["series"], []).append(row["amount"])
    assert by_series["Обращения"] == [13.0, 14.0, 15.0, 16.0, 17.0, 18.0]
    assert by_series["Год назад"] == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    assert spec["title"] == "Обращения по месяцам"


def test_category_mix_stacks_in_the_given_order_with_translated_labels():
    frame = pd.DataFrame(
        {
            "month": ["2025-01", "2025-01", "2025-02", "2025-02", "2025-02"],
            "category": ["other", "wage_arrears", "wage_arrears", "dismissal", "dismissal"],
            "value": [1.0, 4.0, 2.0, 3.0, 1.0],
        }
    )
    labels = {"wage_arrears": "Задолженность", "dismissal": "Увольнение", "other": "Прочее"}
    chart = charts.category_mix_chart(frame, category_labels=labels, value_title="Доля", share=True)
    spec = chart.to_dict()
    assert spec["mark"]["type"] == "area"
    assert spec["encoding"]["y"]["stack"] == "normalize"
    assert spec["encoding"]["color"]["scale"]["domain"] == list(labels.values())
    # named categories take the palette in order; «other» is grey wherever it stands
    assert spec["encoding"]["color"]["scale"]["range"] == [
        charts.CATEGORY_COLORS[0], charts.CATEGORY_COLORS[1], charts.OTHER_COLOR
    ]
    rows = {(r["month"], r["label"]): r["value"] for r in dataset(spec)}
    assert rows[("2025-02", "Увольнение")] == 4.0
    bars = charts.category_mix_chart(frame, category_labels=labels, value_title="n", mark="bar")
    assert bars.to_dict()["mark"]["type"] == "bar"
    with pytest.raises(ValueError, match="Invalid mark: 'pie'"):
        charts.category_mix_chart(frame, category_labels=labels, value_title="n", mark="pie")


def test_growth_ranking_orders_by_recent_against_previous_window():
    rows = []
    for i, month in enumerate(MONTHS[-6:]):
        rows += [
            (month, "KZ-10", 10.0 if i < 3 else 20.0),  # +100 %
            (month, "KZ-11", 10.0 if i < 3 else 5.0),  # -50 %
            (month, "KZ-15", 0.0 if i < 3 else 7.0),  # from zero: no percentage
        ]
    frame = pd.DataFrame(rows, columns=["month", "code", "value"])
    ranking = charts.growth_ranking(frame, months=3)
    assert ranking["code"].tolist() == ["KZ-10", "KZ-11", "KZ-15"]
    assert ranking["growth_pct"].iloc[0] == pytest.approx(100.0)
    assert ranking["growth_pct"].iloc[1] == pytest.approx(-50.0)
    assert math.isnan(ranking["growth_pct"].iloc[2])
    assert ranking["rank"].tolist() == [1, 2, 3]


def test_small_multiples_facet_in_growth_order():
    rows = []
    for i, month in enumerate(MONTHS[-6:]):
        rows += [(month, "KZ-10", 10.0 + i), (month, "KZ-75", 10.0 + 10 * i)]
    frame = pd.DataFrame(rows, columns=["month", "code", "value"])
    chart = charts.small_multiples_chart(
        frame,
        region_names={"KZ-10": "область Абай", "KZ-75": "Алматы"},
        value_title="Обращений",
        growth_formatter=lambda g: f"{g:+.0f} %",
    )
    assert isinstance(chart, alt.FacetChart)
    spec = chart.to_dict()
    assert spec["facet"]["field"] == "panel"
    assert spec["facet"]["sort"] == ["Алматы (+150 %)", "область Абай (+27 %)"]
    assert spec["resolve"]["scale"]["y"] == "independent"
    assert spec["columns"] == 4


def test_enterprise_timeline_has_arrears_bars_and_workers_line():
    frame = pd.DataFrame(
        {
            "month": MONTHS[:3],
            "arrears_outstanding_kzt": [1e6, 2e6, 0.0],
            "workers_owed": [10, 25, 0],
        }
    )
    chart = charts.enterprise_timeline_chart(
        frame, arrears_title="Задолженность, ₸", workers_title="Работников"
    )
    spec = chart.to_dict()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["bar", "line"]
    assert spec["layer"][0]["encoding"]["y"]["field"] == "arrears_outstanding_kzt"
    assert spec["layer"][1]["encoding"]["y"]["field"] == "workers_owed"
    assert spec["resolve"]["scale"]["y"] == "independent"
    assert [r["workers_owed"] for r in dataset(spec)] == [10, 25, 0]


def test_top_enterprises_keeps_the_largest_and_tells_namesakes_apart():
    frame = pd.DataFrame(
        {
            "name": ["ТОО А", "ТОО Б", "ТОО А", "ТОО В"],
            "bin": ["1", "2", "3", "4"],
            "value": [5.0, 3.0, 9.0, None],
        }
    )
    chart = charts.top_enterprises_chart(frame, value_title="₸", n=2)
    spec = chart.to_dict()
    assert spec["encoding"]["y"]["sort"] == ["ТОО А · 3", "ТОО А · 1"]
    assert [r["value"] for r in dataset(spec)] == [9.0, 5.0]


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="missing: workers_owed"):
        charts.enterprise_timeline_chart(
            pd.DataFrame({"month": [], "arrears_outstanding_kzt": []}),
            arrears_title="a",
            workers_title="w",
        )


def test_localized_charts_format_numbers_and_months_of_the_language():
    vlc = pytest.importorskip("vl_convert")
    chart = charts.monthly_series_chart(
        national(np.full(len(MONTHS), 1_234_567.0)),
        value_label="a",
        rolling_label="b",
        year_earlier_label="c",
        value_title="v",
        month_format="%B %Y",
    )
    spec = charts.localized(chart, "ru").to_dict()
    spec["width"] = 400
    svg = vlc.vegalite_to_svg(spec)
    assert "январь 2025" in svg
    assert "1\u00a0200\u00a0000" in svg or "1\u00a0000\u00a0000" in svg
    assert "https://" not in str(spec.get("datasets"))


def test_every_appeal_category_has_its_own_colour_and_other_is_grey():
    from utils.screens import region_screen

    labels = region_screen.category_labels("ru")
    frame = pd.DataFrame({"month": "2025-01", "category": list(labels), "value": 1.0})
    scale = charts.category_mix_chart(
        frame, category_labels=labels, value_title="n"
    ).to_dict()["encoding"]["color"]["scale"]
    colors = dict(zip(scale["domain"], scale["range"], strict=True))
    assert len(set(colors.values())) == len(labels)
    assert colors[labels["other"]] == charts.OTHER_COLOR
    assert "#000000" not in colors.values()
    # Vega-Lite cuts a legend label at 160 px by default, which cut the longer categories
    assert category_legend(labels)["labelLimit"] >= 240


def category_legend(labels):
    frame = pd.DataFrame({"month": "2025-01", "category": list(labels), "value": 1.0})
    chart = charts.category_mix_chart(frame, category_labels=labels, value_title="n")
    return chart.to_dict()["encoding"]["color"]["legend"]


def test_projector_chart_has_large_text_and_whole_legend_labels_in_half_a_screen():
    """Three long series names, on half a 1280-pixel screen: every label drawn whole."""
    from utils.briefing import chart_svg

    names = ("Задолженность по зарплате", "Скользящее среднее за 3 месяца",
             "Тот же месяц годом ранее")
    chart = charts.monthly_series_chart(
        national(), value_label=names[0], rolling_label=names[1], year_earlier_label=names[2],
        value_title="Задолженность, млн ₸", start="2025-01",
    )
    shown = charts.projector_chart(charts.localized(chart, "ru"), height=470)
    spec = shown.to_dict()
    assert spec["height"] == 470
    assert spec["config"]["locale"] == charts.vega_locale("ru")  # the language is kept
    assert spec["config"]["legend"]["labelFontSize"] >= 16
    assert spec["config"]["axis"]["labelFontSize"] >= 14
    svg = chart_svg(shown, width=600)
    # The plot is 600 wide; with the axis beside it the legend still fits (one entry a line;
    # side by side at this size it would need about 930 pixels and be cut on the screen).
    assert int(re.search(r'<svg[^>]* width="(\d+)"', svg).group(1)) <= 700
    drawn = set(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    assert set(names) <= drawn, drawn
    assert not any(text.endswith("…") for text in drawn)


def _axis_and_tooltips(chart) -> tuple[list[str], list[str]]:
    """Return the value axis labels Vega draws (offline, as the exports do) and the tooltips."""
    import vl_convert

    svg = vl_convert.vegalite_to_svg(chart.to_dict())
    texts = [html_text.replace("&#160;", "\u00a0")
             for html_text in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    tips = [row["amount_text"] for row in dataset(chart.to_dict()) if "amount_text" in row]
    return texts, tips


@pytest.mark.parametrize(
    ("lang", "million", "billion", "tip"),
    [
        ("ru", "400\u00a0млн", "1,2\u00a0млрд", "1,3\u00a0млрд\u00a0₸"),
        ("kk", "400\u00a0млн", "1,2\u00a0млрд", "1,3\u00a0млрд\u00a0₸"),
        ("en", "400\u00a0mn", "1.2\u00a0bn", "1.3\u00a0bn\u00a0₸"),
    ],
)
def test_amount_axes_and_tooltips_use_magnitude_words_of_the_language(
    lang, million, billion, tip
):
    from utils.screens import region_screen

    values = np.linspace(0, 1.3e9, len(MONTHS))
    chart = region_screen.trend_chart(national(values), indicator_title="Задолженность",
                                      unit="KZT", start=MONTHS[12], lang=lang)
    texts, tips = _axis_and_tooltips(chart)
    assert million in texts and billion in texts
    assert not any(re.fullmatch(r"\d{1,3}([\u00a0,]\d{3}){2,}", text) for text in texts), texts
    assert tip in tips


def test_count_axes_keep_whole_numbers_grouped_in_the_language():
    from utils.screens import region_screen

    values = np.linspace(0, 25_000, len(MONTHS))
    chart = region_screen.trend_chart(national(values), indicator_title="Обращения",
                                      unit="appeals", start=MONTHS[12], lang="ru")
    texts, tips = _axis_and_tooltips(chart)
    assert "20\u00a0000" in texts and tips == []
