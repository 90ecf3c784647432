"""Timeliness on a simulated set of cases: one region planted slow at one stage is named."""

from datetime import date, timedelta

import pytest

from utils import i18n
from utils.cases import (
    Case,
    Step,
    Targets,
    is_late,
    on_time,
    slowest_sentence,
    timeliness_report,
    working_days,
)

OPENED = date(2025, 3, 3)  # a Monday
TODAY = date(2025, 6, 30)
TARGETS = Targets(assigned_working_days=1, hearing_days=7, repaid_days=30)


def simulated(case_id: int, region: str, owner: str, days: dict[str, int],
              opened: date = OPENED) -> Case:
    steps = [Step("flagged", opened)]
    for state, offset in days.items():
        sums = {"repaid_kzt": 100_000.0, "workers": 4} if state == "repaid" else {}
        steps.append(Step(state, opened + timedelta(days=offset), **sums))
    last = steps[-1]
    return Case(
        id=case_id, bin=f"{case_id:012d}", enterprise_name=None, region=region, owner=owner,
        state=last.state, source="hand", reason={}, risk_level=None, opened_on=opened,
        due_on=None, closed_on=last.on if last.state == "closed" else None, close_reason=None,
        watch_until=None, reopen_reason=None, repaid_kzt=None, workers_repaid=None, version=1,
        steps=tuple(steps),
    )


def simulated_cases() -> list[Case]:
    """Three regions of five closed cases; Mangystau waits 19 days for its hearings."""
    found = []
    for region, owner, hearing in (("KZ-47", "Mangystau GIT", 19), ("KZ-75", "Almaty GIT", 5),
                                   ("KZ-55", "Pavlodar GIT", 6)):
        for n in range(5):
            found.append(simulated(
                len(found) + 1, region, owner,
                {"assigned": 1, "hearing" if n % 2 else "inspection": hearing + (n % 2),
                 "measure": hearing + 4, "repaid": 25, "closed": 28}))
    return found


def test_the_report_names_the_planted_slow_stage_and_region():
    report = timeliness_report(simulated_cases(), today=TODAY, targets=TARGETS,
                               first="2025-03", last="2025-03")
    regions = {group.key: group for group in report.regions}
    slow = regions["KZ-47"]
    assert slow.slowest_stage == "hearing" and slow.slowest_is_late
    assert slow.median_days["hearing"] == 19 and slow.slowest_target == 7
    assert not regions["KZ-75"].slowest_is_late and not regions["KZ-55"].slowest_is_late
    assert [group.key for group in report.slowest_regions()] == ["KZ-47"]
    assert slowest_sentence(slow, "ru") == (
        "В Мангистауской области дольше всего ждут слушания или проверки: "
        "медиана 19\u00a0дней при норме 7\u00a0дней")
    assert slowest_sentence(slow, "kk").startswith("Маңғыстау облысында ең ұзақ")
    assert slowest_sentence(slow, "en").startswith("In Mangystau Region the longest wait is")
    # hearing late in 5 of 15 cases, assigned and repaid always on time: 40 of 45 stages
    assert report.total.on_time_share == pytest.approx(40 / 45)
    assert (report.total.opened, report.total.closed) == (15, 15)
    assert report.total.repaid_kzt == 1_500_000.0 and report.total.workers_repaid == 60
    owners = {group.key: group for group in report.owners}
    assert owners["Mangystau GIT"].slowest_stage == "hearing"
    payload = report.to_json()
    assert payload["regions"][0].keys() >= {"region", "opened", "closed", "median_days",
                                            "on_time_share", "slowest_stage", "repaid_kzt",
                                            "workers_repaid"}
    assert set(payload["total"]["median_days"]) == {"assigned", "hearing", "measure",
                                                    "repaid", "closed"}


def test_the_period_counts_cases_opened_in_it():
    found = simulated_cases() + [simulated(99, "KZ-47", "Mangystau GIT", {"assigned": 1},
                                           opened=date(2025, 5, 5))]
    report = timeliness_report(found, today=TODAY, targets=TARGETS, first="2025-05")
    assert report.total.opened == 1 and report.total.closed == 0
    assert [group.key for group in report.regions] == ["KZ-47"]


def test_assignment_is_counted_in_working_days():
    friday = date(2025, 3, 7)
    assert working_days(friday, friday + timedelta(days=3)) == 1  # Friday to Monday
    case = simulated(1, "KZ-47", "x", {"assigned": 3}, opened=friday)
    assert on_time(case, "assigned", TODAY, TARGETS) is True
    late = simulated(2, "KZ-47", "x", {"assigned": 4}, opened=friday)
    assert on_time(late, "assigned", TODAY, TARGETS) is False


def test_an_open_case_past_a_target_is_late_and_a_case_within_it_is_not_yet():
    case = simulated(1, "KZ-47", "x", {"assigned": 1})
    assert on_time(case, "hearing", OPENED + timedelta(days=7), TARGETS) is None
    assert on_time(case, "hearing", OPENED + timedelta(days=8), TARGETS) is False
    assert is_late(case, OPENED + timedelta(days=8), TARGETS)
    assert not is_late(case, OPENED + timedelta(days=2), TARGETS)
    assert on_time(case, "measure", TODAY, TARGETS) is None  # no target


def test_every_sentence_and_label_exists_in_every_language():
    from utils.cases import CLOSE_REASONS, STAGES, STATES

    for lang in i18n.LANGUAGES:
        for state in STATES:
            assert i18n.t(f"cases.state.{state}", lang)
        for reason in CLOSE_REASONS:
            assert i18n.t(f"cases.close_reason.{reason}", lang)
        for stage in STAGES:
            assert i18n.t(f"cases.stage.{stage}", lang)


def test_every_refusal_is_one_sentence_in_every_language(sqlite_url):
    from datetime import date as day

    from utils import cases, store
    from utils.ingest import make_bin_near

    engine = store.get_engine(sqlite_url)
    store.init_db(engine)
    number = make_bin_near("05014000123")
    case = cases.open_case(engine, number, "office", opened_on=day(2025, 3, 3))
    attempts = [
        lambda: cases.open_case(engine, "123", "office"),
        lambda: cases.open_case(engine, number, "office"),
        lambda: cases.open_case(engine, make_bin_near("05014000999"), " "),
        lambda: cases.open_case(engine, make_bin_near("05014000999"), "x", source="fax"),
        lambda: cases.open_case(engine, make_bin_near("05014000999"), "x",
                                opened_on=day(2025, 3, 3), due_on=day(2025, 3, 1)),
        lambda: cases.open_case(engine, make_bin_near("05014000999"), "x", role="viewer"),
        lambda: cases.step_case(engine, 999, "assigned"),
        lambda: cases.step_case(engine, case.id, "sleeping"),
        lambda: cases.step_case(engine, case.id, "assigned", on=day(2025, 1, 1)),
        lambda: cases.step_case(engine, case.id, "closed", reason="tired"),
        lambda: cases.step_case(engine, case.id, "repaid", note="skip"),
        lambda: cases.step_case(engine, case.id, "repaid", repaid_kzt=-1.0, workers=1,
                                note="skip"),
        lambda: cases.step_case(engine, case.id, "assigned", workers=3),
        lambda: cases.step_case(engine, case.id, "closed"),
        lambda: cases.step_case(engine, case.id, "flagged"),
        lambda: cases.step_case(engine, case.id, "measure"),
        lambda: cases.step_case(engine, case.id, "assigned", version=7),
    ]
    keys = set()
    for attempt in attempts:
        with pytest.raises(cases.CaseRefused) as caught:
            attempt()
        keys.add(caught.value.key)
        for lang in i18n.LANGUAGES:
            text = cases.refusal_text(caught.value, lang)
            assert text.strip() and "\n" not in text and "{" not in text
    assert len(keys) == len(attempts)
    engine.dispose()
