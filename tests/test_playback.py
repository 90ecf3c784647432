"""The map's playback: the monthly values, the classes fixed for the period, the controller."""

from __future__ import annotations

import json
import math
import re
import sqlite3

import pandas as pd
import pytest

import geo
from tests.app_pages import demo_db  # noqa: F401
from utils import formatting, metrics, store
from utils.maps import (
    NO_DATA,
    choropleth_map,
    fixed_classes,
    frame_classes,
    month_on_month_change,
    monthly_frames,
    monthly_matrix,
    paused_month,
)
from utils.screens import ViewState, from_query, playback_screen

MONTHS = ["2025-01", "2025-02", "2025-03"]
CODES = ["KZ-10", "KZ-11", "KZ-15"]


def _frame(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["month", "code", "value"])


def test_monthly_matrix_is_months_by_units_with_gaps_as_no_data():
    frame = _frame([("2025-02", "KZ-11", 4.0), ("2025-01", "KZ-10", 1.0),
                    ("2025-03", "KZ-10", float("inf"))])
    matrix = monthly_matrix(frame, MONTHS, CODES)
    assert list(matrix.index) == MONTHS and list(matrix.columns) == CODES
    assert matrix.loc["2025-01", "KZ-10"] == 1.0
    assert matrix.loc["2025-02", "KZ-11"] == 4.0
    assert math.isnan(matrix.loc["2025-03", "KZ-10"])  # infinite is no data
    assert matrix["KZ-15"].isna().all()


def test_monthly_matrix_refuses_a_pair_given_twice_and_missing_columns():
    with pytest.raises(ValueError, match="more than once"):
        monthly_matrix(_frame([("2025-01", "KZ-10", 1.0), ("2025-01", "KZ-10", 2.0)]))
    with pytest.raises(ValueError, match="value"):
        monthly_matrix(pd.DataFrame({"month": ["2025-01"], "code": ["KZ-10"]}))


def test_fixed_classes_span_every_month_so_one_value_has_one_class():
    # Month 1 holds small values, month 3 large ones: per-month classes would paint both
    # months' largest unit in the top colour; fixed classes keep month 1 in the low classes.
    matrix = pd.DataFrame([[1, 2, 3], [4, 5, 6], [70, 80, 90]], index=MONTHS, columns=CODES,
                          dtype=float)
    classes = fixed_classes(matrix, scheme="equal_interval", k=3)
    frames = frame_classes(matrix, classes)
    assert frames.shape == matrix.shape
    assert set(frames.loc["2025-01"]) == {0}
    assert set(frames.loc["2025-03"]) >= {2}
    # The same value gets the same class whatever month it is in.
    assert classes.bins == fixed_classes(matrix.iloc[::-1], scheme="equal_interval", k=3).bins
    # Legend counts are unit-months: all nine cells.
    assert sum(entry.count for entry in classes.legend) == 9


def test_fixed_classes_leave_no_data_cells_hatched():
    matrix = pd.DataFrame([[1, None, 3], [4, 5, None]], index=MONTHS[:2], columns=CODES,
                          dtype=float)
    played = monthly_frames(matrix, k=2)
    assert played.frames.loc["2025-01", "KZ-11"] == NO_DATA
    assert played.frames.loc["2025-02", "KZ-15"] == NO_DATA
    assert played.classes.legend[-1].is_no_data and played.classes.legend[-1].count == 2
    assert played.months == tuple(MONTHS[:2])


def test_month_on_month_change_uses_fixed_change_classes():
    matrix = pd.DataFrame([[10, 0, 5], [15, 3, 5], [15, 6, 1]], index=["2024-12", *MONTHS[:2]],
                          columns=CODES, dtype=float)
    change = month_on_month_change(matrix)
    assert list(change.index) == MONTHS[:2]
    assert change.loc["2025-01", "KZ-10"] == pytest.approx(50.0)
    assert math.isnan(change.loc["2025-01", "KZ-11"])  # from 0: no comparison
    assert change.loc["2025-02", "KZ-11"] == pytest.approx(100.0)
    assert change.loc["2025-02", "KZ-15"] == pytest.approx(-80.0)
    played = monthly_frames(change, change=True)
    assert played.classes.diverging
    neutral = played.classes.steps.index(0)
    assert played.frames.loc["2025-01", "KZ-15"] == neutral  # 5 -> 5


def test_paused_month_reads_the_reported_feature_and_ignores_clicks():
    month = {"last_active_drawing": {"properties": {"playback_month": "2025-03"}}}
    click = {"last_active_drawing": {"properties": {"code": "KZ-10"}}}
    assert paused_month(month) == "2025-03"
    assert paused_month(click) is None
    assert paused_month(None) is None


def test_the_view_keeps_the_playback_and_the_paused_month_in_the_url():
    view = ViewState(play=True, month="2025-03")
    query = view.to_query()
    assert query == {"play": "1", "month": "2025-03"}
    assert from_query(query) == view
    assert from_query({"month": "2025-13"}).month is None


def test_monthly_region_values_match_the_stored_appeals(demo_db):  # noqa: F811
    engine = store.get_engine(demo_db.url)
    frame = metrics.monthly_region_values(engine, "appeals", "2024-07", "2025-06")
    assert len(frame) == 12 * 20
    with sqlite3.connect(demo_db.path) as connection:
        stored = connection.execute(
            "SELECT count(*) FROM appeals WHERE region = 'KZ-75' "
            "AND strftime('%Y-%m', date) = '2025-03'").fetchone()[0]
    row = frame[(frame["month"] == "2025-03") & (frame["code"] == "KZ-75")]
    assert float(row["value"].iloc[0]) == stored
    per = metrics.monthly_region_values(engine, "appeals", "2024-07", "2025-06", "per_100k")
    population = geo.load_regions().set_index("code").loc["KZ-75", "population"]
    shown = per[(per["month"] == "2025-03") & (per["code"] == "KZ-75")]["value"].iloc[0]
    assert shown == pytest.approx(stored * 100_000 / population)


def _script_data(script: str) -> dict:
    match = re.search(r"var data = (\{.*?\});\n", script)
    assert match, "no playback data in the map script"
    return json.loads(match.group(1))


def test_the_playing_map_carries_every_month_once_with_fixed_classes(demo_db):  # noqa: F811
    engine = store.get_engine(demo_db.url)
    monthly = metrics.monthly_region_values(engine, "appeals", "2024-07", "2025-06")
    played = playback_screen.period_playback(monthly, start="2024-07", end="2025-06",
                                             lang="kk", unit="appeals")
    built = playback_screen.playback_map(
        played, geo.browser_geojson(), lang="kk", indicator_title="Өтініштер", unit="appeals",
        period=("2024-07", "2025-06"), month="2025-02")
    script = built.map.get_root().render()
    data = _script_data(script)
    assert tuple(data["months"]) == played.months and len(data["months"]) == 12
    assert data["initial"] == "2025-02"
    assert data["labels"][0] == formatting.format_month("2024-07", "kk", "long")
    for month, classes in zip(data["months"], data["classes"], strict=True):
        expected = {c: int(v) for c, v in played.frames.loc[month].items() if v != NO_DATA}
        assert classes == expected
    # The legend is the fixed classes', without per-class counts (they change by month).
    assert "ltm-legend-count" not in built.legend_html
    for entry in played.classes.legend:
        assert entry.label in built.legend_html


def test_the_controller_refuses_a_map_without_regions_and_a_month_outside():
    matrix = pd.DataFrame([[1.0, 2.0]], index=["2025-01"], columns=["KZ-10", "KZ-11"])
    played = monthly_frames(matrix)
    import folium

    with pytest.raises(ValueError, match="region layer"):
        playback_screen.maps.add_playback(folium.Map(), played, None, initial="2025-01")
    built = choropleth_map(geo.browser_geojson(), pd.DataFrame({"code": ["KZ-10"],
                                                                "value": [1.0]}),
                           played.classes)
    texts = playback_screen.maps.PlaybackTexts("p", "s", "v", "m", ["x"], "v", [{}], {})
    with pytest.raises(ValueError, match="not one of"):
        playback_screen.maps.add_playback(built, played, texts, initial="2025-02")


def _rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return tuple(int(color[i:i + 2], 16) for i in (0, 2, 4))


def test_the_briefing_exports_the_months_as_small_maps_and_a_gif(demo_db):  # noqa: F811
    import io

    from PIL import Image

    from utils import briefing
    from utils.maps import palette_for

    engine = store.get_engine(demo_db.url)
    monthly = metrics.monthly_region_values(engine, "appeals", "2025-01", "2025-06")
    played = playback_screen.period_playback(monthly, start="2025-01", end="2025-06",
                                             lang="ru", unit="appeals")
    options = {"lang": "ru", "indicator_title": "Обращения", "unit": "appeals",
               "period": ("2025-01", "2025-06")}
    strip = Image.open(io.BytesIO(briefing.month_strip_png(played, columns=3, **options)))
    assert strip.format == "PNG" and strip.width > strip.height  # two rows of three
    gif = Image.open(io.BytesIO(briefing.month_gif(played, **options)))
    assert gif.format == "GIF" and gif.n_frames == 6
    assert gif.info.get("loop") == 0
    palette = palette_for(played.classes)
    for index, month in enumerate(played.months):
        gif.seek(index)
        colors = {rgb for _, rgb in gif.convert("RGB").getcolors(maxcolors=1 << 16)}
        used = {int(c) for c in played.frames.loc[month] if c != NO_DATA}
        for cls in used:  # every class drawn that month is in the frame, in its fixed colour
            want = _rgb(palette[cls])
            assert any(sum(abs(a - b) for a, b in zip(rgb, want, strict=True)) <= 12
                       for rgb in colors), (month, cls)


@pytest.fixture
def loaded_appeals(db_url):
    from tests.test_store import appeals_frame, load

    engine = store.get_engine(db_url)
    store.init_db(engine)
    frame = appeals_frame(300, seed=5)
    load(engine, "appeals", frame)
    yield engine, frame
    engine.dispose()


def test_monthly_region_values_on_both_backends(loaded_appeals):
    engine, appeals = loaded_appeals
    months = appeals["date"].dt.strftime("%Y-%m")
    first, last = months.min(), months.max()
    frame = metrics.monthly_region_values(engine, "appeals", first, last, "per_100k")
    expected = appeals.groupby([months, appeals["region"]]).size()
    population = geo.load_regions().set_index("code")["population"]
    matrix = monthly_matrix(frame)
    assert matrix.shape == (len(set(months)), 20)
    for (month, code), count in expected.items():
        assert matrix.loc[month, code] == pytest.approx(count * 100_000 / population[code])
    # A region without appeals in a month that has data elsewhere counts 0, not "no data".
    assert matrix.notna().all().all()
    assert (matrix.fillna(0) >= 0).all().all()
    # Months before the data: no data at all, so NaN (hatched), not 0.
    earlier = metrics.monthly_region_values(engine, "appeals", "2020-01", first)
    assert earlier[earlier["month"] == "2020-01"]["value"].isna().all()
