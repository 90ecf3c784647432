import json

import numpy as np
import pandas as pd
import pytest

from tests.early_warning_data import CODES, kz_weights, region_panel, seasonal_cycle
from utils.early_warning import PanelError, compute_early_warning

COUNT = 36
RISING, FLAT, SEASONAL = "KZ-11", "KZ-55", "KZ-59"


@pytest.fixture(scope="module")
def panel():
    rng = np.random.default_rng(21)
    return region_panel({
        RISING: {"appeals": rng.poisson(np.linspace(250, 450, COUNT)).astype(float)},
        FLAT: {"appeals": rng.poisson(np.full(COUNT, 400.0)).astype(float)},
        # Strong regular winter peak; the last month (December) is near the peak.
        SEASONAL: {"appeals": rng.poisson(400 * seasonal_cycle(COUNT, 0.6)).astype(float)},
    }, count=COUNT)


@pytest.fixture(scope="module")
def result(panel):
    return compute_early_warning(panel, None, weights=kz_weights())


def region(result, code):
    return next(r for r in result.regions if r.code == code)


def test_report_has_the_cli_json_shape(result):
    assert result.as_of == "2025-12"
    assert set(result.to_json()) >= {"as_of", "regions", "enterprises"}
    for entry in result.regions:
        assert set(entry.to_json()) >= {"code", "name_en", "tension_index", "level", "trend",
                              "emerging_category", "reasons"}
        assert set(entry.trend.to_json()) >= {"slope", "p"}
        assert all(isinstance(text, str) for text in entry.reasons)
    assert sorted(r.code for r in result.regions) == CODES
    json.dumps(result.to_json(), allow_nan=False)


def test_steadily_rising_region_is_flagged_and_ranked_first(result):
    rising = region(result, RISING)
    assert rising.rising
    assert rising.trend.indicator == "appeals"
    assert rising.trend.p < 0.05 and rising.trend.slope > 0
    assert result.regions[0].code == RISING
    assert any(text.startswith("appeals rising by") for text in rising.reasons)


def test_flat_region_is_not_flagged(result):
    flat = region(result, FLAT)
    assert not flat.rising
    assert flat.indicators["appeals"].trend.direction == "none"


def test_regular_seasonal_region_is_flagged_neither_by_level_nor_by_trend(result):
    seasonal = region(result, SEASONAL)
    appeals = seasonal.indicators["appeals"]
    assert appeals.seasonal
    assert appeals.level in ("seasonal_as_usual", "limited_change")
    assert appeals.trend.direction == "none"
    assert not seasonal.rising


def test_ranked_by_verdict_then_breadth_then_tension_index(result):
    tier = {"large_increase": 0, "moderate_increase": 1}
    keys = [(tier.get(r.level, 2), -r.rising_indicators, -r.tension_index)
            for r in result.regions]
    assert keys == sorted(keys)
    assert [r.rank for r in result.regions] == list(range(1, 21))


def test_report_says_spatial_power_is_low(result):
    keys = [note["key"] for note in result.notes]
    assert "ew.note.low_spatial_power" in keys
    note = result.notes[keys.index("ew.note.low_spatial_power")]
    assert "20 regions" in note["text"]


def test_future_months_do_not_change_an_earlier_report(panel):
    as_of = "2025-06"
    full = compute_early_warning(panel, None, as_of=as_of, weights=kz_weights())
    cut = compute_early_warning(panel.loc[panel["month"] <= as_of], None, as_of=as_of,
                                weights=kz_weights())
    assert full.as_of == as_of and full.months[-1] == as_of
    assert json.dumps(full.to_json(), sort_keys=True) == json.dumps(cut.to_json(), sort_keys=True)


def test_reasons_carry_message_keys_for_translation(result):
    rising = region(result, RISING)
    keys = [m["key"] for m in rising.reason_messages]
    assert "ew.reason.trend_up" in keys
    trend = rising.reason_messages[keys.index("ew.reason.trend_up")]
    assert trend["params"]["indicator"] == {"key": "ew.indicator.appeals", "params": {}}


def test_missing_panel_column_is_named(panel):
    with pytest.raises(PanelError, match="region_month_panel lacks column.*employed"):
        compute_early_warning(panel.drop(columns=["employed"]), None, weights=kz_weights())


def test_malformed_as_of_is_refused(panel):
    with pytest.raises(PanelError, match="as_of must be a month written YYYY-MM, got '2025-6'"):
        compute_early_warning(panel, None, as_of="2025-6", weights=kz_weights())


def test_unknown_setting_lists_the_valid_ones(panel):
    with pytest.raises(KeyError, match="Setting must be in the set: .*large_increase_ratio"):
        compute_early_warning(panel, None, overrides={"large_ratio": 3}, weights=kz_weights())


def test_settings_override_thresholds(panel):
    strict = compute_early_warning(panel, None, weights=kz_weights(),
                                   overrides={"trend_alpha": 1e-12})
    assert region(strict, RISING).trend.direction == "none"
    assert strict.methodology.config["trend_alpha"] == 1e-12


def test_configuration_in_force_reads_both_settings_sections(monkeypatch, tmp_path):
    from utils.early_warning import config_from_settings

    path = tmp_path / "ltm.toml"
    path.write_text("[early_warning]\ntrend_alpha = 0.01\n"
                    "[tension_weights.region]\nlayoffs_per_1k_employed = 4\n", encoding="utf-8")
    monkeypatch.setenv("LTM_CONFIG", str(path))
    config = config_from_settings()
    assert config.trend_alpha == 0.01
    assert config.region_weights["layoffs_per_1k_employed"] == 4.0
    assert config.region_weights["appeals_per_100k"] == 1.5
    path.write_text("[early_warning]\nlarge_ratio = 3\n", encoding="utf-8")
    with pytest.raises(KeyError, match="Setting must be in the set: .*large_increase_ratio"):
        config_from_settings()


def test_empty_panel_gives_an_empty_report(panel):
    empty = compute_early_warning(panel.iloc[0:0], None, as_of="2025-01", weights=kz_weights())
    assert empty.regions == [] and empty.enterprises == []


def test_weights_naming_other_regions_are_refused(panel):
    few = panel.loc[panel["code"].isin(CODES[:5])]
    with pytest.raises(ValueError, match="no weights for|missing values for"):
        compute_early_warning(few, None, weights=kz_weights())


def test_emerging_category_is_one_of_the_published(result):
    from utils.early_warning import CATEGORIES

    assert {r.emerging_category for r in result.regions} <= set(CATEGORIES)
    assert all(isinstance(r.gi_star.z, float) for r in result.regions)
    assert pd.Series([r.local_moran.cluster for r in result.regions]).isin(
        ["high_high", "low_high", "low_low", "high_low", "not_significant"]).all()


# --- The demo data set: the early warning finds the stories planted in it -----------------

DEMO_END = "2025-12"


@pytest.fixture(scope="module")
def demo_panels():
    from tests.early_warning_data import months, panels_from_frames
    from utils.demo import generate

    frames = generate(2026, DEMO_END, scale=0.3)
    return panels_from_frames(frames, months("2023-01", 36))


@pytest.fixture(scope="module")
def demo_stories():
    from utils.demo import planted_stories

    return {story["key"]: story for story in planted_stories(DEMO_END)}


@pytest.fixture(scope="module")
def demo_report(demo_panels):
    regions, firms = demo_panels
    return compute_early_warning(regions, firms)  # weights from geo.region_weights()


def test_demo_regions_planted_rising_are_flagged_and_seasonal_is_not(demo_report,
                                                                     demo_stories):
    for story in demo_stories.values():
        if story["kind"] == "enterprise":
            continue
        for code in story["regions"]:
            assert region(demo_report, code).rising is story["should_flag"], (
                story["key"], code)


def test_demo_stoppage_enterprise_tops_the_watchlist_the_month_before(demo_panels,
                                                                      demo_stories):
    story = demo_stories["enterprise_stoppage"]
    regions, firms = demo_panels
    result = compute_early_warning(regions, firms, as_of=story["as_of_before_event"])
    top = result.enterprises[0]
    assert top.bin == story["bin"]
    keys = {m["key"] for m in top.reason_messages}
    assert {"ew.reason.arrears_up", "ew.reason.collective_appeals"} <= keys


def test_demo_layoff_enterprise_enters_the_watchlist_in_the_layoff_month(demo_panels,
                                                                        demo_stories):
    story = demo_stories["unlawful_layoffs"]
    regions, firms = demo_panels
    result = compute_early_warning(regions, firms, as_of=story["event_month"])
    entry = next(e for e in result.enterprises if e.bin == story["bin"])
    assert entry.new_on_list
    assert "ew.reason.layoffs" in {m["key"] for m in entry.reason_messages}


# --- From the database: the same report on SQLite and PostgreSQL --------------------------

def _demo_database(url):
    from utils import store
    from utils.demo import load_demo

    engine = store.get_engine(url)
    store.init_db(engine)
    load_demo(engine, 2026, DEMO_END, scale=0.05)
    return engine


def test_hotspots_report_is_the_same_on_sqlite_and_postgresql(sqlite_url, pg_url,
                                                              demo_stories):
    from utils.early_warning import hotspots_report

    as_of = demo_stories["enterprise_stoppage"]["as_of_before_event"]
    reports = []
    for url in (sqlite_url, pg_url):
        engine = _demo_database(url)
        reports.append(hotspots_report(engine, as_of))
        engine.dispose()
    sqlite, postgresql = (report.to_json() for report in reports)
    assert json.dumps(sqlite, sort_keys=True) == json.dumps(postgresql, sort_keys=True)
    assert reports[0].as_of == as_of
    assert reports[0].enterprises[0].bin == demo_stories["enterprise_stoppage"]["bin"]
