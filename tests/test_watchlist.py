import json

import numpy as np
import pandas as pd
import pytest

from tests.early_warning_data import CODES, enterprise_rows, kz_weights, months, region_panel
from utils.early_warning import compute_early_warning, render_en, risk_level, risk_scores

MONTHS = months("2023-01", 36)
PLANTED = "150340012142"
STOPPAGE = "2025-09"
AS_OF = "2025-08"  # the month before the work stoppage


def planted_rows(month_list: list[str]) -> pd.DataFrame:
    n = len(month_list)
    story = np.zeros(n)
    arrears, workers, overdue, collective = story.copy(), story.copy(), story.copy(), story.copy()
    incidents = story.copy()
    start = month_list.index("2025-01")
    arrears[start:start + 8] = np.array([4, 8, 14, 22, 86 / 2.4, 50, 68, 86]) * 1e6
    workers[start:start + 8] = [60, 90, 140, 200, 260, 320, 380, 420]
    overdue[start:start + 8] = np.arange(1, 9)
    collective[month_list.index("2025-04"):start + 8] = 1
    # After as_of: the stoppage and more of everything (must not matter before it).
    arrears[start + 8:] = 120e6
    workers[start + 8:] = 600
    overdue[start + 8:] = 9
    collective[start + 8:] = 4
    incidents[month_list.index(STOPPAGE)] = 1
    return enterprise_rows(PLANTED, "KZ-35", month_list, {
        "arrears_kzt": arrears, "workers_owed": workers, "overdue_months": overdue,
        "appeals": collective, "collective_appeals": collective, "people": collective * 30,
        "incidents": incidents}, name="Planted Foundry LLP")


def noise_rows(month_list: list[str], count: int = 300, seed: int = 11) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = len(month_list)
    frames = []
    for k in range(count):
        has_arrears = rng.random() < 0.5
        level = rng.lognormal(np.log(15e6), 1.0)
        arrears = level * rng.normal(1.0, 0.08, n) * has_arrears
        workers = np.round(rng.lognormal(np.log(60), 0.8) * rng.normal(1, 0.04, n)) * has_arrears
        appeals = rng.poisson(0.3, n).astype(float)
        frames.append(enterprise_rows(f"{200000000000 + k}", CODES[k % 20], month_list, {
            "arrears_kzt": arrears, "workers_owed": workers,
            "overdue_months": np.where(arrears > 0, rng.integers(1, 4, n), 0),
            "appeals": appeals, "collective_appeals": rng.binomial(appeals.astype(int), 0.15),
            "people": appeals * 2, "layoffs": rng.poisson(0.1, n) * 4.0,
            "incidents": rng.binomial(1, 0.002, n)}))
    # A large, old, stable debt: serious but not rising.
    frames.append(enterprise_rows("300000000001", "KZ-55", month_list, {
        "arrears_kzt": np.full(n, 300e6), "workers_owed": np.full(n, 1500.0),
        "overdue_months": np.full(n, 12.0)}, name="Stable Debtor JSC"))
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="module")
def panels():
    enterprises = pd.concat([noise_rows(MONTHS), planted_rows(MONTHS)], ignore_index=True)
    return region_panel({}), enterprises


def report(panels, as_of, enterprises=None):
    regions, firms = panels
    return compute_early_warning(regions, firms if enterprises is None else enterprises,
                                 as_of=as_of, weights=kz_weights())


def test_planted_enterprise_tops_the_watchlist_before_its_work_stoppage(panels):
    result = report(panels, AS_OF)
    top = result.enterprises[0]
    assert top.bin == PLANTED
    assert top.risk_level == "high"
    assert top.reasons[0] == "arrears up 140 % in 3 months to 86 mln KZT"
    assert "5 collective appeals since Apr 2025" in top.reasons
    assert "workers owed up from 260 to 420 in 3 months" in top.reasons
    assert top.reason_line.startswith("arrears up 140 % in 3 months to 86 mln KZT; ")
    stable = next(e for e in result.enterprises if e.bin == "300000000001")
    assert stable.score < top.score
    assert [e.score for e in result.enterprises] == sorted(
        (e.score for e in result.enterprises), reverse=True)


def test_data_after_as_of_changes_nothing(panels):
    regions, firms = panels
    cut = firms.loc[firms["month"] <= AS_OF]
    with_future = report(panels, AS_OF)
    without_future = compute_early_warning(regions.loc[regions["month"] <= AS_OF], cut,
                                           as_of=AS_OF, weights=kz_weights())
    assert json.dumps(with_future.to_json(), sort_keys=True) == json.dumps(
        without_future.to_json(), sort_keys=True)
    assert firms["month"].max() > AS_OF  # the panel really held future rows


def test_before_the_story_the_enterprise_is_not_listed(panels):
    result = report(panels, "2024-12")
    assert PLANTED not in {e.bin for e in result.enterprises}


def test_new_on_the_list_in_the_month_it_enters(panels):
    entering = report(panels, "2025-01")
    planted = next(e for e in entering.enterprises if e.bin == PLANTED)
    assert planted.new_on_list
    assert planted.reasons[-1] == "new on the list this month"
    later = report(panels, AS_OF).enterprises[0]
    assert not later.new_on_list


def test_scores_are_explained_by_their_factors(panels):
    top = report(panels, AS_OF).enterprises[0]
    assert sum(top.factors.values()) == pytest.approx(top.score, abs=0.05)
    assert top.facts["arrears_kzt"] == pytest.approx(86e6)
    assert top.facts["collective_recent"] == 5


def test_unknown_enterprise_factor_lists_the_valid_ones():
    with pytest.raises(KeyError, match="Factor must be in the set: arrears_growth"):
        risk_scores(pd.DataFrame(), {"strikes": 1.0})


def test_risk_levels_follow_the_thresholds():
    thresholds = {"high": 50.0, "elevated": 30.0, "watch": 15.0}
    assert [risk_level(s, thresholds) for s in (80, 50, 31, 15, 3)] == [
        "high", "high", "elevated", "watch", "low"]


def test_reasons_are_message_keys_with_parameters(panels):
    top = report(panels, AS_OF).enterprises[0]
    first = top.reason_messages[0]
    assert first["key"] == "ew.reason.arrears_up"
    assert first["params"]["months"] == 3
    assert render_en(first) == first["text"] == top.reasons[0]


def test_every_enterprise_gets_a_risk_for_the_map(panels):
    from utils.early_warning import enterprise_risk

    _, firms = panels
    risk = enterprise_risk(firms, AS_OF)
    assert len(risk) == firms.loc[firms["month"] <= AS_OF, "bin"].nunique()
    listed = report(panels, AS_OF).enterprises
    by_bin = risk.set_index("bin")
    for entry in listed[:10]:
        assert by_bin.at[entry.bin, "score"] == pytest.approx(entry.score, abs=0.05)
        assert by_bin.at[entry.bin, "risk_level"] == entry.risk_level
