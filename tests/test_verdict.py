"""One verdict per region: rising only with a rise, named by its size, said in words."""

from __future__ import annotations

import numpy as np
import pytest

from tests.early_warning_data import kz_weights, region_panel, seasonal_cycle
from utils import formatting
from utils.early_warning import (
    RISING_VERDICTS,
    VERDICT_ORDER,
    compute_early_warning,
    compute_region_verdicts,
)
from utils.screens import hotspots_screen as hv

COUNT = 36
JUMP, YEAR, SEASONAL, FLAT, SMALL = "KZ-11", "KZ-55", "KZ-59", "KZ-75", "KZ-62"
QUIET = ("seasonal_as_usual", "limited_change", "decrease", "insufficient_history")


@pytest.fixture(scope="module")
def panel():
    rng = np.random.default_rng(7)
    jump = rng.poisson(np.full(COUNT, 40.0)).astype(float)
    jump[-1] = 400.0  # layoffs ten times their usual level in the last month
    # Appeals 60 % above the same months a year earlier, flat within each year.
    year = np.r_[np.full(COUNT - 12, 500.0), np.full(12, 800.0)] + rng.normal(0, 8, COUNT)
    small = np.ones(COUNT)
    small[-1] = 12.0  # one event a month, then twelve: a small number, not a sharp rise
    return region_panel({
        JUMP: {"layoffs": jump},
        YEAR: {"appeals": np.round(year)},
        SEASONAL: {"appeals": rng.poisson(400 * seasonal_cycle(COUNT, 0.6)).astype(float)},
        FLAT: {"appeals": rng.poisson(np.full(COUNT, 900.0)).astype(float)},
        SMALL: {"incidents": small},
    }, count=COUNT)


@pytest.fixture(scope="module")
def report(panel):
    return compute_early_warning(panel, None, weights=kz_weights())


def entry(report, code):
    return next(r for r in report.regions if r.code == code)


def test_no_region_is_rising_with_a_quiet_verdict(report):
    for region in report.regions:
        assert region.level in VERDICT_ORDER
        assert region.rising == (region.level in RISING_VERDICTS)
        if region.rising:
            assert region.level not in QUIET and region.verdict_messages
        data = region.to_json()
        assert data["rising"] == (data["level"] in ("large_increase", "moderate_increase"))


def test_a_tenfold_jump_is_a_sharp_rise_said_in_times(report):
    region = entry(report, JUMP)
    assert region.level == "large_increase" and region.level_indicator == "layoffs"
    assert region.rank == 1
    text = hv.verdict_line(region, "ru").replace(formatting.NBSP, " ")
    assert text.startswith("Резкий рост: сокращения — в ")
    assert text.endswith(" раза больше обычного (400 за декабрь 2025)")
    assert "p " not in text and "Манн" not in text


def test_growth_on_a_year_earlier_is_a_rise_said_in_per_cent(report):
    region = entry(report, YEAR)
    assert region.level == "moderate_increase" and region.rising
    text = hv.verdict_reason(region, "ru").replace(formatting.NBSP, " ")
    assert text.startswith("Обращения — на ")
    assert "больше, чем годом ранее (последние 3 мес.)" in text
    kazakh = hv.verdict_reason(region, "kk")
    assert "бір жыл бұрынғыдан" in kazakh


def test_the_usual_seasonal_peak_is_not_a_rise(report):
    region = entry(report, SEASONAL)
    assert not region.rising
    assert region.level in ("seasonal_as_usual", "limited_change")


def test_a_small_number_is_never_a_sharp_rise(report):
    region = entry(report, SMALL)
    assert region.level != "large_increase"


def test_a_quiet_region_says_nothing_changed(report):
    region = entry(report, FLAT)
    assert region.level == "limited_change" and not region.rising
    assert hv.verdict_label(region, "ru") == "Без существенных изменений"
    assert hv.verdict_reason(region, "ru") == "Ни один показатель существенно не изменился"


def test_rising_regions_come_first_sharp_before_plain(report):
    tiers = [0 if r.level == "large_increase" else 1 if r.rising else 2
             for r in report.regions]
    assert tiers == sorted(tiers)
    assert [r.rank for r in report.regions] == list(range(1, len(report.regions) + 1))


def test_the_light_verdicts_match_the_full_report(panel, report):
    light = compute_region_verdicts(panel)
    assert [(v.code, v.level, v.verdict, v.rank) for v in light] == [
        (r.code, r.level, r.verdict, r.rank) for r in report.regions]
    assert all(v.as_of == report.as_of for v in light)


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_a_level_has_one_name_wherever_it_is_shown(lang):
    from utils import i18n

    for level in VERDICT_ORDER:
        short = i18n.t(f"ew.level.{level}", lang)
        assert i18n.level_label(level, lang) == short[:1].upper() + short[1:]


def test_growth_from_almost_nothing_a_year_earlier_is_not_written_in_times():
    import pandas as pd

    from utils.early_warning import EarlyWarningConfig
    from utils.early_warning.verdict import region_verdict

    level = pd.Series({"level": "limited_change", "ratio": 1.1, "recent": 2e8,
                       "baseline_long": 1.8e8, "plain_ratio": 1.1})
    trend = pd.Series({"direction": "none", "slope_pct": 0.0, "months": 36})
    yoy = pd.Series({"growth_pct": 4_587_800.0, "significant": True, "earlier_mean": 0.0})
    verdict = region_verdict({"arrears_kzt": level}, {"arrears_kzt": trend},
                             {"arrears_kzt": yoy}, "2026-09", EarlyWarningConfig())
    assert verdict.rising
    text = formatting.render_message(verdict.clauses[0], "ru").replace(formatting.NBSP, " ")
    assert text == ("задолженность по зарплате — годом ранее (те же 3 мес.) почти не было, "
                    "200 млн ₸ за сентябрь 2026")
