"""The early warning's backtest on panels whose answer is known, and on a real database.

Constructed enterprises, 30 months from 2023-01:

* five *strikers*: wage arrears and workers owed ramp up for four months, collective appeals
  follow, and the workers strike in the fifth month (each in another month);
* five *decoys*: the same ramp, then the arrears are repaid and nothing happens; one of them
  has a conflict seven months after the repayment, with no sign before it;
* twenty-five *chronic debtors*: 300 mln KZT owed for years, never a conflict;
* an enterprise with a conflict out of the blue (records, but no sign), and a new enterprise
  whose first record is a conflict (nobody could have seen it);
* background enterprises with small debts and appeals.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from tests.early_warning_data import CODES, enterprise_rows, kz_weights, months, region_panel
from utils import metrics, store
from utils.demo import load_demo, planted_stories
from utils.early_warning import (
    DEFAULT_HORIZON,
    compute_backtest,
    compute_early_warning,
    compute_region_verdicts,
    load_config,
    warning_backtest,
)
from utils.early_warning.backtest_flags import data_months, enterprise_flags, region_flags

MONTHS = months("2023-01", 30)
STRIKES = {"110000000001": "2024-03", "110000000002": "2024-06", "110000000003": "2024-09",
           "110000000004": "2024-12", "110000000005": "2025-03"}
DECOYS = {"120000000001": "2024-02", "120000000002": "2024-05", "120000000003": "2024-08",
          "120000000004": "2024-11", "120000000005": "2025-02"}
LATE_DECOY, LATE_CONFLICT = "120000000001", "2024-09"  # 7 months after the repayment
CHRONIC = [f"13000000{k:04d}" for k in range(25)]
OUT_OF_THE_BLUE, BLUE_MONTH = "140000000001", "2024-07"
NEWCOMER, NEWCOMER_MONTH = "150000000001", "2024-10"
FIRST, LAST = "2024-01", "2025-06"


def _at(month: str) -> int:
    return MONTHS.index(month)


def ramp(bin_: str, peak: str, strike: bool) -> pd.DataFrame:
    """Four months of growing arrears up to ``peak``; then a strike, or the debt repaid."""
    n, end = len(MONTHS), _at(peak)
    arrears, workers, overdue = np.zeros(n), np.zeros(n), np.zeros(n)
    collective, incidents = np.zeros(n), np.zeros(n)
    arrears[end - 3: end + 1] = [5e6, 20e6, 50e6, 90e6]
    workers[end - 3: end + 1] = [40, 120, 260, 400]
    overdue[end - 3: end + 1] = [1, 2, 3, 4]
    collective[end - 2: end + 1] = [1, 2, 3]
    if strike:
        arrears[end + 1:] = 90e6
        workers[end + 1:] = 400
        overdue[end + 1:] = np.arange(5, 5 + n - end - 1)
        incidents[end + 1] = 1
    return enterprise_rows(bin_, "KZ-35", MONTHS, {
        "arrears_kzt": arrears, "workers_owed": workers, "overdue_months": overdue,
        "appeals": collective, "collective_appeals": collective, "people": collective * 25,
        "incidents": incidents})


def strike_peak(strike: str) -> str:
    return MONTHS[_at(strike) - 1]


def background(count: int = 60, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = len(MONTHS)
    frames = []
    for k in range(count):
        appeals = rng.poisson(0.3, n).astype(float)
        frames.append(enterprise_rows(f"2{k:011d}", CODES[k % 20], MONTHS, {
            "arrears_kzt": np.full(n, rng.uniform(0.5e6, 3e6)), "workers_owed": np.full(n, 4.0),
            "overdue_months": np.ones(n), "appeals": appeals, "people": appeals}))
    return pd.concat(frames, ignore_index=True)


def constructed_enterprises() -> pd.DataFrame:
    n = len(MONTHS)
    frames = [ramp(b, strike_peak(month), True) for b, month in STRIKES.items()]
    frames += [ramp(b, MONTHS[_at(month) - 1], False) for b, month in DECOYS.items()]
    late = np.zeros(n)
    late[_at(LATE_CONFLICT)] = 1
    frames.append(enterprise_rows(LATE_DECOY, "KZ-35", MONTHS, {"incidents": late}))
    frames += [enterprise_rows(b, "KZ-55", MONTHS, {
        "arrears_kzt": np.full(n, 300e6 + 1e6 * k), "workers_owed": np.full(n, 1500.0),
        "overdue_months": np.full(n, 12.0)}) for k, b in enumerate(CHRONIC)]
    blue = np.zeros(n)
    blue[_at(BLUE_MONTH)] = 1
    frames.append(enterprise_rows(OUT_OF_THE_BLUE, "KZ-11", MONTHS, {
        "arrears_kzt": np.full(n, 1e6), "workers_owed": np.full(n, 3.0), "incidents": blue}))
    newcomer = np.zeros(n)
    newcomer[_at(NEWCOMER_MONTH)] = 1
    frames.append(enterprise_rows(NEWCOMER, "KZ-11", MONTHS, {"incidents": newcomer}))
    frames.append(background())
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="module")
def panels() -> tuple[pd.DataFrame, pd.DataFrame]:
    return region_panel({}, start=MONTHS[0], count=len(MONTHS)), constructed_enterprises()


@pytest.fixture(scope="module")
def result(panels):
    regions, firms = panels
    return compute_backtest(regions, firms, first=FIRST, last=LAST)


def test_every_planted_strike_is_foreseen_three_months_ahead(result):
    firms = result.enterprises
    foreseen = {(c.unit, c.month): c.lead_months for c in firms.foreseen}
    assert foreseen == {(b, m): 3 for b, m in STRIKES.items()}
    assert firms.warning.hits == 5
    assert firms.warning.median_lead_months == 3.0
    assert firms.warning.lead_months == {"1": 0, "2": 0, "3": 5}


def test_a_conflict_long_after_the_debt_was_repaid_is_a_miss_not_a_hit(result):
    """The decoys' ramps were on the list, but the list had dropped them before the conflict."""
    firms = result.enterprises
    missed = {(c.unit, c.month) for c in firms.missed}
    assert missed == {(LATE_DECOY, LATE_CONFLICT), (OUT_OF_THE_BLUE, BLUE_MONTH)}
    assert firms.warning.conflicts == 7
    assert firms.warning.recall == round(5 / 7, 3)
    assert not {c.unit for c in firms.foreseen} & set(DECOYS)


def test_a_miss_says_where_the_list_had_the_enterprise_the_month_before(result):
    blue = next(c for c in result.enterprises.missed if c.unit == OUT_OF_THE_BLUE)
    assert blue.rank is not None and blue.rank > result.top
    assert blue.level == "low"
    assert blue.to_json("bin") == {"bin": OUT_OF_THE_BLUE, "name": f"Enterprise {OUT_OF_THE_BLUE}",
                                   "month": BLUE_MONTH,
                                   "lead_months": None, "rank": blue.rank,
                                   "score": blue.score, "level": "low"}


def test_a_conflict_at_an_enterprise_never_seen_before_is_counted_apart(result):
    firms = result.enterprises
    assert firms.unforeseeable == 1
    assert NEWCOMER not in {c.unit for c in firms.conflicts}


def test_chronic_large_debtors_crowd_the_largest_arrears_baseline_not_the_watchlist(result):
    firms = result.enterprises
    for name in ("largest_arrears", "persistence"):
        baseline = firms.baselines[name]
        assert baseline.hits == 0 and baseline.recall == 0.0, name
        assert baseline.precision == 0.0 and baseline.lift == 0.0
    assert firms.warning.precision > 0.0
    assert firms.warning.lift > 1.0
    # The repaid decoys were flagged and nothing followed: the precision says so.
    assert firms.warning.precision < 1.0


def test_the_watchlist_flags_are_the_reports_top_k_and_the_regions_its_rising(panels):
    regions, firms = panels
    config = load_config()
    all_months = data_months(regions, firms)
    replayed = ["2024-02", "2024-05", "2025-01"]
    firm_flags = enterprise_flags(firms, all_months, replayed, 20, config)
    region_history = region_flags(regions, all_months, replayed, config)
    for month in replayed:
        column = all_months.index(month)
        report = compute_early_warning(regions, firms, as_of=month, weights=kz_weights(),
                                       config=config)
        flagged = set(firm_flags.units[firm_flags.flags["warning"][:, column]])
        assert flagged == {e.bin for e in report.enterprises[:20]}, month
        rising = set(region_history.units[region_history.flags["warning"][:, column]])
        verdicts = compute_region_verdicts(regions, as_of=month, config=config)
        assert rising == {v.code for v in verdicts if v.rising}, month
        assert region_history.flags["largest_arrears"][:, column].sum() == len(rising)


@pytest.mark.parametrize("month", ["2024-02", "2024-08"])
def test_flags_of_a_month_do_not_change_when_every_later_row_is_deleted(panels, month):
    """No peeking: the lists of month M read nothing dated after M."""
    regions, firms = panels
    config = load_config()
    all_months = data_months(regions, firms)
    column = all_months.index(month)
    full = (enterprise_flags(firms, all_months, [month], 20, config),
            region_flags(regions, all_months, [month], config))
    cut_firms = firms.loc[firms["month"] <= month]
    cut_regions = regions.loc[regions["month"] <= month]
    cut_months = data_months(cut_regions, cut_firms)
    cut = (enterprise_flags(cut_firms, cut_months, [month], 20, config),
           region_flags(cut_regions, cut_months, [month], config))
    for before, after in zip(full, cut, strict=True):
        for method, flags in before.flags.items():
            was = set(before.units[flags[:, column]])
            now = set(after.units[after.flags[method][:, column]])
            assert was == now, method
        assert was or method != "warning"
        ranks = pd.Series(before.rank[:, column], index=before.units).dropna()
        assert ranks.equals(pd.Series(after.rank[:, column], index=after.units).dropna()
                            .reindex(ranks.index))


def test_the_json_has_the_documented_shape(result):
    payload = json.loads(json.dumps(result.to_json()))
    assert payload["from"] == FIRST and payload["to"] == LAST
    assert (payload["top"], payload["horizon"], payload["min_lead"]) == (20, DEFAULT_HORIZON, 1)
    for kind, key in (("enterprises", "bin"), ("regions", "code")):
        part = payload[kind]
        assert {"recall", "median_lead_months", "precision", "lift", "baselines", "missed",
                "unforeseeable"} <= set(part)
        assert set(part["baselines"]) == {"persistence", "largest_arrears"}
        assert all({key, "month"} <= set(m) for m in part["missed"])
    assert [m["month"] for m in payload["months"]] == MONTHS[_at(FIRST): _at(LAST) + 1]
    assert sum(m["enterprise_conflicts"] for m in payload["months"]) == 7
    assert sum(m["enterprise_hits"] for m in payload["months"]) == 5


def test_a_min_lead_beyond_the_horizon_is_refused(panels):
    regions, firms = panels
    with pytest.raises(ValueError, match="min_lead"):
        compute_backtest(regions, firms, horizon=2, min_lead=3)


def test_backtest_of_a_demo_database_on_both_backends(db_url):
    engine = store.get_engine(db_url)
    store.init_db(engine)
    load_demo(engine, scale=0.05, end_month="2025-06")
    result = warning_backtest(engine, first="2025-01", last="2025-06")
    again = compute_backtest(metrics.region_month_panel(engine),
                             metrics.enterprise_month_panel(engine),
                             first="2025-01", last="2025-06")
    engine.dispose()
    assert result.to_json() == again.to_json()
    assert [m.month for m in result.months] == months("2025-01", 6)
    firms = result.enterprises
    assert sum(m.enterprise_conflicts for m in result.months) == firms.warning.conflicts > 0
    story = next(s for s in planted_stories("2025-06") if s["key"] == "enterprise_stoppage")
    hits = {(c.unit, c.month) for c in firms.foreseen}
    assert (story["bin"], story["event_month"]) in hits


# --- the hotspots screen's words and chart ----------------------------------------------------


def plain(text: str) -> str:
    """Return ``text`` with its no-break spaces as plain spaces."""
    return text.replace("\xa0", " ").replace("\u202f", " ")


def test_the_screen_says_the_constructed_answer_in_words(result):
    from utils.screens import backtest_screen

    lines = [plain(line) for line in backtest_screen.record_lines(result, "ru")]
    assert lines[0] == ("январь 2024 – июнь 2025: трудовых конфликтов на предприятиях — 7. "
                        "Из них 5 (71 %) — на предприятиях, которые были в первых 20 строках "
                        "списка наблюдения за 1–3 мес. до конфликта; обычно — за 3 месяца.")
    assert lines[1] == ("Для сравнения: просто самые крупные должники прошлого месяца — 0 из 7; "
                        "предприятия с конфликтом или крупным долгом в прошлом месяце — 0 из 7.")
    assert "в 1 раз" not in " ".join(lines)
    english = [plain(line) for line in backtest_screen.record_lines(result, "en")]
    assert english[0].startswith("January 2024 – June 2025: labor conflicts at enterprises — 7. "
                                 "Of them, 5 (71%) were at enterprises in the top 20")
    assert ("Further labor conflicts at enterprises with no record before the conflict: 1; "
            "no list could have foreseen them.") in english


def test_the_chart_counts_each_months_conflicts_foreseen_and_missed(result):
    from utils.screens import backtest_screen

    counts = backtest_screen.monthly_counts(result).set_index("month")
    assert counts["foreseen"].sum() == 5 and counts["missed"].sum() == 2
    assert counts.loc["2024-07", "missed"] == 1  # out of the blue
    assert counts.loc[STRIKES["110000000002"], "foreseen"] == 1
    spec = backtest_screen.record_chart(result, "en").to_dict()
    assert spec["mark"]["type"] == "bar"
    assert sum(row["conflicts"] for row in next(iter(spec["datasets"].values()))) == 7


def test_months_without_a_conflict_are_said_so(panels):
    from utils.screens import backtest_screen

    regions, firms = panels
    quiet = compute_backtest(regions, firms, first="2025-04", last="2025-06")
    assert quiet.enterprises.warning.conflicts == 0
    assert plain(backtest_screen.record_lines(quiet, "en")[0]) == (
        "April 2025 – June 2025: no labor conflicts at enterprises, so there is nothing to "
        "check the warnings against.")
    assert backtest_screen.missed_table(quiet, "en").empty
