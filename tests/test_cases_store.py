"""Cases on a real SQLite file and PostgreSQL: every transition, the watch that reopens a
closed case, the optimistic version check and loads undone under open cases."""

from datetime import date

import pandas as pd
import pytest

from utils import cases, store
from utils.ingest import make_bin_near

BIN_A = make_bin_near("05014000123")
BIN_B = make_bin_near("07115000456")
D0 = date(2025, 1, 6)  # a Monday


@pytest.fixture
def engine(db_url):
    engine = store.get_engine(db_url)
    store.init_db(engine)
    yield engine
    engine.dispose()


def arrears(bin_=BIN_A, region="KZ-47", repaid=(0.0, 250_000.0), workers=(0, 12)):
    frame = pd.DataFrame({
        "report_date": pd.to_datetime(["2024-12-31", "2025-01-31"]),
        "region": [region, region], "enterprise_bin": [bin_, bin_],
        "enterprise_name": ["Alpha", "Alpha"], "amount_kzt": [1_000_000.0, 800_000.0],
        "workers": [20, 15], "repaid_kzt": list(repaid), "workers_repaid": list(workers),
        "industry": ["C", "C"], "lat": [None, None], "lon": [None, None],
        "overdue_months": [2, 3], "settlement": [None, None],
    })
    return frame


def load_arrears(engine, **kw) -> int:
    frame = arrears(**kw)
    return store.load_batch(engine, "arrears", frame, file_name="a.csv", sha256=None,
                            user="analyst", rows_read=len(frame))


def day(n: int) -> date:
    return D0 + pd.Timedelta(days=n).to_pytimedelta()


def walk(engine, case, *states, by="officer.one"):
    for offset, state in enumerate(states, start=1):
        kw = {"repaid_kzt": 250_000.0, "workers": 12} if state == "repaid" else {}
        case = cases.step_case(engine, case.id, state, on=day(offset), by=by,
                               version=case.version, **kw)
    return case


def test_a_case_opens_on_an_enterprise_with_no_data_and_checks_the_bin(engine):
    case = cases.open_case(engine, BIN_A, "Mangystau labour inspection", opened_on=D0,
                           note="Workers called the hotline", user="officer.one")
    assert (case.state, case.region, case.enterprise_name) == ("flagged", None, None)
    assert case.reason_text() == "Workers called the hotline"
    assert [step.state for step in case.steps] == ["flagged"] and case.version == 1
    wrong = BIN_A[:-1] + str((int(BIN_A[-1]) + 1) % 10)
    with pytest.raises(cases.CaseRefused) as caught:
        cases.open_case(engine, wrong, "office", opened_on=D0)
    assert caught.value.key == "bad_bin"
    with pytest.raises(cases.CaseRefused) as caught:
        cases.open_case(engine, BIN_A, "office", opened_on=D0)
    assert caught.value.key == "already_open" and caught.value.params["case_id"] == case.id


def test_a_case_takes_its_region_and_name_from_the_loaded_data(engine):
    load_arrears(engine)
    case = cases.open_case(engine, BIN_A, "office", opened_on=D0)
    assert (case.region, case.enterprise_name) == ("KZ-47", "Alpha")


def test_the_watchlist_reason_is_kept_as_it_was(engine):
    warning = cases.OpeningWarning(
        name="Alpha", region="KZ-47", risk_level="high",
        messages=({"key": "ew.reason.new_on_list", "params": {}},), text="Arrears grew 3 times")
    case = cases.open_case(engine, BIN_A, "office", opened_on=D0, source="watchlist",
                           warning=warning)
    again = cases.get_case(engine, case.id)
    assert again.reason["text"] == "Arrears grew 3 times" and again.risk_level == "high"
    assert again.reason["messages"] == [{"key": "ew.reason.new_on_list", "params": {}}]
    assert (again.source, again.region) == ("watchlist", "KZ-47")


@pytest.mark.parametrize("middle", ["hearing", "inspection"])
def test_every_stage_in_order_to_closed_and_watched(engine, middle):
    case = cases.open_case(engine, BIN_A, "office", opened_on=D0)
    case = walk(engine, case, "assigned", middle, "measure", "repaid", "closed")
    assert case.state == "closed" and case.version == 6
    assert [s.state for s in case.steps] == ["flagged", "assigned", middle, "measure",
                                             "repaid", "closed"]
    assert (case.repaid_kzt, case.workers_repaid) == (250_000.0, 12)
    assert case.closed_on == day(5) and case.watch_until == date(2025, 7, 11)
    assert case.is_watched(date(2025, 7, 11)) and not case.is_watched(date(2025, 7, 12))
    assert list(case.reached()) == ["assigned", "hearing", "measure", "repaid", "closed"]
    audit = store.audit_entries(engine)
    steps = audit[audit["action"] == "case_step"]
    assert len(steps) == 5 and set(steps["user_name"]) == {"officer.one"}
    assert len(audit[audit["action"] == "case_open"]) == 1


def test_steps_never_go_back_and_skip_only_with_a_note(engine):
    case = walk(engine, cases.open_case(engine, BIN_A, "office", opened_on=D0), "assigned")
    for state, key in (("flagged", "backwards"), ("assigned", "backwards"),
                       ("measure", "skip_needs_note"), ("repaid", "repaid_needs_sums")):
        with pytest.raises(cases.CaseRefused) as caught:
            cases.step_case(engine, case.id, state, on=day(3))
        assert caught.value.key == key
    with pytest.raises(cases.CaseRefused) as caught:
        cases.step_case(engine, case.id, "hearing", on=day(0))
    assert caught.value.key == "date_before"
    with pytest.raises(cases.CaseRefused) as caught:
        cases.step_case(engine, case.id, "hearing", on=day(3), repaid_kzt=5.0)
    assert caught.value.key == "sums_only_on_repaid"
    skipped = cases.step_case(engine, case.id, "measure", on=day(3),
                              note="The prosecutor's order came before a hearing")
    assert skipped.state == "measure" and skipped.version == case.version + 1
    assert cases.get_case(engine, case.id).version == skipped.version


@pytest.mark.parametrize("reason", ["no_violation", "bankrupt", "court", "duplicate"])
def test_a_case_closes_early_from_any_state_only_with_a_reason(engine, reason):
    case = walk(engine, cases.open_case(engine, BIN_A, "office", opened_on=D0), "assigned")
    with pytest.raises(cases.CaseRefused) as caught:
        cases.step_case(engine, case.id, "closed", on=day(2))
    assert caught.value.key == "close_needs_reason"
    with pytest.raises(cases.CaseRefused) as caught:
        cases.step_case(engine, case.id, "closed", on=day(2), reason="tired")
    assert caught.value.key == "unknown_reason"
    closed = cases.step_case(engine, case.id, "closed", on=day(2), reason=reason)
    assert (closed.state, closed.close_reason) == ("closed", reason)
    assert (closed.watch_until is None) == (reason == "duplicate")
    with pytest.raises(cases.CaseRefused) as caught:
        cases.step_case(engine, case.id, "assigned", on=day(3))
    assert caught.value.key == "closed"


def test_a_closed_case_reopens_by_hand_only_with_a_note(engine):
    case = walk(engine, cases.open_case(engine, BIN_A, "office", opened_on=D0),
                "assigned", "hearing", "measure", "repaid", "closed")
    with pytest.raises(cases.CaseRefused) as caught:
        cases.step_case(engine, case.id, "flagged", on=day(9))
    assert caught.value.key == "reopen_needs_note"
    reopened = cases.step_case(engine, case.id, "flagged", on=day(9), by="chief",
                               note="Workers wrote again")
    assert reopened.is_open and reopened.closed_on is None and reopened.watch_until is None
    assert reopened.reopen_reason["note"] == "Workers wrote again"
    assert "case_reopen" in set(store.audit_entries(engine)["action"])
    # the second cycle goes on from flagged; the first days reached stay the first ones
    again = cases.step_case(engine, case.id, "assigned", on=day(10))
    assert again.reached()["assigned"] == day(1)


def test_the_watch_reopens_a_closed_case_when_risk_is_high_again(engine):
    case = walk(engine, cases.open_case(engine, BIN_A, "office", opened_on=D0),
                "assigned", "hearing", "measure", "repaid", "closed")  # closed 2025-01-11
    other = cases.open_case(engine, BIN_B, "office", opened_on=D0)
    other = cases.step_case(engine, other.id, "closed", on=day(1), reason="duplicate")
    high = {BIN_A: "high", BIN_B: "high"}
    assert cases.reopen_watched(engine, "2025-01", high) == []  # the month it closed
    assert cases.reopen_watched(engine, "2025-03", {BIN_A: "elevated"}) == []
    assert cases.reopen_watched(engine, "2025-08", high) == []  # the watch is over
    reopened = cases.reopen_watched(engine, "2025-03", high, {BIN_A: 81.5}, on=date(2025, 4, 2))
    assert [c.id for c in reopened] == [case.id]  # a duplicate is not watched
    found = cases.get_case(engine, case.id)
    assert found.state == "flagged" and found.steps[-1].by == cases.WATCH_USER
    assert found.reopen_reason == {"rule": "risk_high", "month": "2025-03", "score": 81.5,
                                   "closed_on": "2025-01-11"}
    assert "2025-03" in found.steps[-1].note and found.steps[-1].on == date(2025, 4, 2)
    assert cases.get_case(engine, other.id).state == "closed"


def test_two_writers_on_one_case_the_second_is_told_and_nothing_is_lost(engine):
    opened = cases.open_case(engine, BIN_A, "office", opened_on=D0)
    seen_by_first = seen_by_second = cases.get_case(engine, opened.id)
    first = cases.step_case(engine, opened.id, "assigned", on=day(1), by="first",
                            version=seen_by_first.version)
    with pytest.raises(cases.CaseChanged) as caught:
        cases.step_case(engine, opened.id, "assigned", on=day(1), by="second",
                        note="I took it", version=seen_by_second.version)
    assert caught.value.case.state == "assigned" and caught.value.case.version == first.version
    assert caught.value.key == "changed"
    # a write racing past the read is refused by the store itself
    with pytest.raises(store.StaleCase):
        store.update_case(engine, opened.id, seen_by_second.version, {"state": "hearing"},
                          {"state": "hearing", "on": day(2)}, user="second")
    final = cases.get_case(engine, opened.id)
    assert [(s.state, s.by) for s in final.steps] == [("flagged", None), ("assigned", "first")]
    assert final.version == 2


def test_undoing_an_upload_leaves_cases_intact(engine):
    batch = load_arrears(engine)
    case = walk(engine, cases.open_case(engine, BIN_A, "office", opened_on=D0),
                "assigned", "hearing")
    store.undo_batch(engine, batch, user="analyst")
    store.clear_all(engine, user="analyst")
    kept = cases.get_case(engine, case.id)
    assert kept == case and kept.region == "KZ-47"


def test_the_ledger_sets_case_sums_beside_the_arrears_extracts(engine):
    load_arrears(engine)
    case = walk(engine, cases.open_case(engine, BIN_A, "office", opened_on=D0),
                "assigned", "hearing", "measure", "repaid")
    other = cases.open_case(engine, BIN_B, "office", opened_on=D0)
    other = walk(engine, other, "assigned", "hearing", "measure")
    other = cases.step_case(engine, other.id, "repaid", on=day(4), repaid_kzt=90_000.0,
                            workers=3)
    lines = {line.case_id: line for line in cases.results_ledger(engine, [case, other])}
    assert lines[case.id].status == "match" and not lines[case.id].mismatch
    assert (lines[case.id].extract_kzt, lines[case.id].extract_workers) == (250_000.0, 12)
    assert lines[other.id].status == "no_extract" and lines[other.id].mismatch
    assert cases.ledger_status(300_000.0, 12, 250_000.0, 12) == "case_more"
    assert cases.ledger_status(250_000.0, 10, 250_000.0, 12) == "extracts_more"
    assert cases.ledger_status(250_500.0, 12, 250_000.0, 12) == "match"


def test_a_viewer_may_not_change_a_case_an_officer_may(engine):
    with pytest.raises(cases.CaseRefused) as caught:
        cases.open_case(engine, BIN_A, "office", opened_on=D0, role="viewer")
    assert caught.value.key == "no_permission"
    case = cases.open_case(engine, BIN_A, "office", opened_on=D0, role="officer")
    with pytest.raises(cases.CaseRefused):
        cases.step_case(engine, case.id, "assigned", on=day(1), role="viewer")
    assert cases.step_case(engine, case.id, "assigned", on=day(1), role="officer").state == (
        "assigned")


def test_two_writers_at_the_same_moment_exactly_one_step_is_written(engine):
    import threading

    case = cases.open_case(engine, BIN_A, "office", opened_on=D0)
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def write(name: str, state: str) -> None:
        barrier.wait()
        try:
            outcomes[name] = cases.step_case(engine, case.id, state, on=day(1), by=name,
                                             note="at once", version=case.version)
        except cases.CaseChanged as exc:
            outcomes[name] = exc

    threads = [threading.Thread(target=write, args=(name, state))
               for name, state in (("first", "assigned"), ("second", "hearing"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    refused = [name for name, value in outcomes.items() if isinstance(value, cases.CaseChanged)]
    written = [name for name, value in outcomes.items() if isinstance(value, cases.Case)]
    assert len(refused) == 1 and len(written) == 1
    final = cases.get_case(engine, case.id)
    assert final.version == 2 and [s.by for s in final.steps] == [None, written[0]]
    assert outcomes[refused[0]].case.version == 2


def test_two_openings_on_one_bin_at_the_same_moment_give_one_case(engine):
    """The check for an open case and the insert are one transaction: one wins, one is told."""
    import threading

    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def open_one(name: str) -> None:
        barrier.wait()
        try:
            outcomes[name] = cases.open_case(engine, BIN_A, name, opened_on=D0, user=name)
        except cases.CaseRefused as exc:
            outcomes[name] = exc

    threads = [threading.Thread(target=open_one, args=(name,)) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    opened = [value for value in outcomes.values() if isinstance(value, cases.Case)]
    refused = [value for value in outcomes.values() if isinstance(value, cases.CaseRefused)]
    assert len(opened) == 1 and len(refused) == 1
    assert refused[0].key == "already_open" and refused[0].params["case_id"] == opened[0].id
    assert [case.id for case in cases.load_cases(engine, bins=[BIN_A])] == [opened[0].id]
    audited = store.audit_entries(engine, action="case_open")
    assert len(audited) == 1


def test_a_closed_case_does_not_reopen_beside_a_newer_open_one(engine):
    old = cases.open_case(engine, BIN_A, "office", opened_on=D0)
    old = cases.step_case(engine, old.id, "closed", on=day(1), reason="no_violation")
    assert old.watch_until is not None  # watched, yet the newer case stands in its way
    newer = cases.open_case(engine, BIN_A, "office", opened_on=day(40))
    assert cases.reopen_watched(engine, "2025-03", {BIN_A: "high"}, on=day(60)) == []
    with pytest.raises(cases.CaseRefused) as caught:
        cases.step_case(engine, old.id, "flagged", on=day(61), note="workers called again")
    assert caught.value.key == "already_open" and caught.value.params["case_id"] == newer.id
    assert cases.get_case(engine, old.id).state == "closed"


def test_the_impact_view_compares_flagged_enterprises_with_and_without_a_case(engine):
    bin_c = make_bin_near("08123000789")
    load_arrears(engine, bin_=BIN_A)  # Dec 2024 and Jan 2025: 1.0 mn, then 0.8 mn
    load_arrears(engine, bin_=BIN_B)
    incidents = pd.DataFrame({
        "date": pd.to_datetime(["2025-01-20", "2025-02-03", "2025-03-15"]),
        "region": ["KZ-47"] * 3, "enterprise_bin": [BIN_B, BIN_B, bin_c],
        "enterprise_name": ["Beta", "Beta", "Gamma"], "type": ["work_stoppage"] * 3,
        "participants": [40, 60, 12], "settlement": [None] * 3, "lat": [None] * 3,
        "lon": [None] * 3, "demands": [None] * 3, "source": [None] * 3,
        "description": [None] * 3,
    })
    store.load_batch(engine, "incidents", incidents, file_name="i.csv", sha256=None,
                     user="analyst", rows_read=3)
    case = cases.open_case(engine, BIN_A, "office", opened_on=date(2024, 12, 20))
    result = cases.impact_comparison(engine, [case], flagged={"2024-12": {BIN_B, bin_c, BIN_A}})
    assert result.months == ("2024-12",) and result.horizon == 6
    assert result.with_case == cases.ImpactGroup(
        enterprises=1, with_data=1, mean_arrears_kzt=800_000.0, incidents=0,
        share_with_incident=0.0)
    assert result.without_case == cases.ImpactGroup(
        enterprises=2, with_data=2, mean_arrears_kzt=800_000.0, incidents=3,
        share_with_incident=1.0)
    assert result.to_json()["kind"] == "comparison, not a proof of effect"
