"""The map's enterprise risk, read from the few months the score looks at, is the watchlist's.

``early_warning.enterprise_risk_at`` queries only the months the risk score reads; it must
give every enterprise the same score (to the last bit) and level as ``enterprise_risk`` on the
whole enterprise panel, on SQLite and on PostgreSQL. The demo data set is loaded with a few
extra records that the short read could miss: enterprises whose only records are old (known,
nothing recent: score 0), and one month of debt reported in three rows of fractional tenge.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest

from tests.conftest import _drop_pg_database, _fresh_pg_database
from tests.test_store import arrears_frame, incidents_frame, layoffs_frame, load
from utils import metrics, store
from utils.early_warning import enterprise_risk, enterprise_risk_at, score_window
from utils.ingest import make_bin

DEMO_END = "2025-12"
#: Debt of 2025-11 reported in three rows (three regions), in fractional tenge.
SPLIT_BIN = make_bin("99024000001")
#: Only records: an arrears report, a layoff, an incident -- all in 2023.
OLD_ARREARS_BIN = make_bin("99024000002")
OLD_LAYOFF_BIN = make_bin("99024000003")
OLD_INCIDENT_BIN = make_bin("99024000004")
OLD_BINS = (OLD_ARREARS_BIN, OLD_LAYOFF_BIN, OLD_INCIDENT_BIN)
#: Months checked: the last of the data, the month of the split debt, one a year earlier, the
#: first of the data (a short history), one before any data.
SPLIT_MONTH = "2025-11"
MONTHS = (DEMO_END, SPLIT_MONTH, "2024-12", "2023-01", "2022-06")
#: Settings that move the windows: a history shorter than the score's 12 months (the old
#: records drop out), a growth period longer than them, a history of 4 months.
OVERRIDES = (None, {"history_months": 12}, {"growth_months": 14}, {"history_months": 4})


def _extra_records(engine) -> None:
    arrears = arrears_frame().iloc[:3].copy()
    arrears["report_date"] = pd.to_datetime([f"{SPLIT_MONTH}-30"] * 3)
    arrears["region"] = ["KZ-75", "KZ-71", "KZ-35"]
    arrears["enterprise_bin"] = SPLIT_BIN
    arrears["amount_kzt"] = [1_000_000.1, 2_000_000.2, 3_000_000.3]
    old = arrears_frame().iloc[:1].copy()
    old["report_date"] = pd.to_datetime(["2023-03-31"])
    old["enterprise_bin"] = OLD_ARREARS_BIN
    load(engine, "arrears", pd.concat([arrears, old], ignore_index=True), name="extra.csv")
    layoffs = layoffs_frame().iloc[:1].copy()
    layoffs["date"] = pd.to_datetime(["2023-06-15"])
    layoffs["enterprise_bin"] = OLD_LAYOFF_BIN
    load(engine, "layoffs", layoffs, name="extra-layoffs.csv")
    incidents = incidents_frame()
    incidents["date"] = pd.to_datetime(["2023-09-20"])
    incidents["enterprise_bin"] = OLD_INCIDENT_BIN
    load(engine, "incidents", incidents, name="extra-incidents.csv")


def _demo_engine(url: str):
    from utils.demo import load_demo

    engine = store.get_engine(url)
    store.init_db(engine)
    load_demo(engine, 2026, DEMO_END, scale=0.05)
    _extra_records(engine)
    return engine


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def demo_engine(request, tmp_path_factory) -> Iterator:
    if request.param == "sqlite":
        engine = _demo_engine(f"sqlite:///{tmp_path_factory.mktemp('risk') / 'demo.db'}")
        yield engine
        engine.dispose()
        return
    url, admin, name = _fresh_pg_database(request.getfixturevalue("pg_server"))
    engine = _demo_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()
        _drop_pg_database(admin, name)


def _whole_history(engine, month: str, overrides) -> pd.DataFrame:
    return enterprise_risk(metrics.enterprise_month_panel(engine, month), month,
                           overrides=overrides)


@pytest.mark.parametrize("overrides", OVERRIDES)
@pytest.mark.parametrize("month", MONTHS)
def test_risk_from_the_score_window_equals_the_whole_history(demo_engine, month, overrides):
    expected = _whole_history(demo_engine, month, overrides)
    found = enterprise_risk_at(demo_engine, month, overrides=overrides)
    pd.testing.assert_frame_equal(found, expected, check_exact=True)
    if month != "2022-06":
        assert len(found) > 50 and found["score"].gt(0).any()


def test_old_records_count_as_known_enterprises_with_nothing_recent(demo_engine):
    risk = enterprise_risk_at(demo_engine, DEMO_END).set_index("bin")
    assert set(OLD_BINS) <= set(risk.index)
    assert (risk.loc[list(OLD_BINS), "score"] == 0).all()
    assert (risk.loc[list(OLD_BINS), "risk_level"] == "low").all()
    shorter = enterprise_risk_at(demo_engine, DEMO_END, overrides={"history_months": 24})
    assert not set(OLD_BINS) & set(shorter["bin"])
    window = score_window(DEMO_END)
    assert window.months[0] == "2025-01" and window.active_since == "2023-01"


def test_split_debt_is_added_up_like_the_whole_history(demo_engine):
    risk = enterprise_risk_at(demo_engine, SPLIT_MONTH).set_index("bin")
    expected = _whole_history(demo_engine, SPLIT_MONTH, None).set_index("bin")
    assert risk.at[SPLIT_BIN, "score"] == expected.at[SPLIT_BIN, "score"] > 0
    flows = dict.fromkeys(("appeals", "layoffs", "incidents"), SPLIT_MONTH)
    records = metrics.enterprise_score_records(
        demo_engine, SPLIT_MONTH, active_since=SPLIT_MONTH, arrears_months=[SPLIT_MONTH],
        flows_since=flows,
    )
    row = records["arrears"].set_index("bin").loc[SPLIT_BIN]
    assert row["arrears_kzt"] == pytest.approx(6_000_000.6)
    assert row["workers_owed"] == 10 + 12 + 5


@pytest.mark.parametrize("month", [DEMO_END, SPLIT_MONTH])
def test_recent_only_leaves_out_exactly_the_enterprises_that_score_zero(demo_engine, month):
    whole = enterprise_risk_at(demo_engine, month).set_index("bin")
    recent = enterprise_risk_at(demo_engine, month, recent_only=True).set_index("bin")
    assert set(recent.index) < set(whole.index)
    pd.testing.assert_frame_equal(recent, whole.loc[recent.index], check_exact=True)
    left_out = whole.drop(recent.index)
    if month == DEMO_END:  # records only before the score's months: no row
        assert set(OLD_BINS) <= set(left_out.index)
    assert (left_out["score"] == 0).all() and (left_out["risk_level"] == "low").all()
    assert recent["score"].gt(0).sum() == whole["score"].gt(0).sum() > 0


def test_risk_thresholds_must_rise_from_above_zero():
    from utils.early_warning import load_config

    with pytest.raises(ValueError, match="0 < watch <= elevated <= high"):
        load_config({"risk_levels": {"watch": 0}})
    with pytest.raises(ValueError, match="watch 40.0, elevated 30.0"):
        load_config({"risk_levels": {"watch": 40}})
    assert load_config({"risk_levels": {"watch": 5}}).risk_levels["watch"] == 5.0
