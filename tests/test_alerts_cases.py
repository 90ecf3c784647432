"""Case signals: a case assigned to me or overdue, on constructed cases and through a real
SMTP server (aiosmtpd) on the demo data, with the link that opens the case."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from urllib.parse import parse_qsl, urlsplit

from tests.test_alerts_mail import (  # noqa: F401
    AS_OF,
    BASE,
    demo_file,
    engine,
    fresh_caches,
    links,
    open_page,
    smtp,
)
from utils import alerts, cases, formatting, i18n
from utils.ingest import make_bin_near

D0 = date(2025, 6, 2)  # a Monday
BIN = make_bin_near("05014000123")
COOL_DOWN = timedelta(days=42)
EVERYTHING = [{"scope": "all", "place": "", "kinds": None}]


def a_case(**changes) -> cases.Case:
    case = cases.Case(
        id=7, bin=BIN, enterprise_name="Alpha", region="KZ-47", owner="Anna", state="flagged",
        source="hand", reason={"text": "hotline"}, risk_level=None, opened_on=D0, due_on=None,
        closed_on=None, close_reason=None, watch_until=None, reopen_reason=None,
        repaid_kzt=None, workers_repaid=None, version=1,
        steps=(cases.Step("flagged", D0),))
    return replace(case, **changes)


def inputs_on(today: date, *found: cases.Case, as_of: str = "2025-06") -> alerts.SignalInputs:
    report = SimpleNamespace(as_of=as_of, regions=[], enterprises=[])
    return alerts.SignalInputs(report, None, tuple(found), today)


def of_kind(inputs, kind):
    return [c for c in alerts.candidates_of(inputs) if c.kind == kind]


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 6, tzinfo=UTC)


def ledger_of(candidate, found_at):
    return {(candidate.kind, candidate.place): candidate.to_record() | {"found_at": found_at}}


def test_a_case_assigned_reaches_its_owner_once():
    (signal,) = of_kind(inputs_on(D0, a_case()), "case_assigned")
    assert (signal.place, signal.for_user, signal.bin, signal.level) == ("7", "anna", BIN,
                                                                        "assigned")
    assert alerts.signals_for_user([signal], EVERYTHING, {}, at(D0), COOL_DOWN,
                                   "anna") == [signal]
    assert alerts.signals_for_user([signal], EVERYTHING, {}, at(D0), COOL_DOWN, "bek") == []
    ledger = ledger_of(signal, at(D0))
    assert alerts.decide(signal, ledger[("case_assigned", "7")], at(D0), COOL_DOWN) == "already"
    # Months later the case is still Anna's: a standing assignment is not news.
    later = of_kind(inputs_on(D0 + timedelta(days=90), a_case(), as_of="2025-09"),
                    "case_assigned")[0]
    assert alerts.decide(later, ledger[("case_assigned", "7")], at(D0 + timedelta(days=90)),
                         COOL_DOWN) == "unchanged"


def test_closed_cases_and_cases_on_time_give_no_overdue_signal():
    assert of_kind(inputs_on(D0 + timedelta(days=1), a_case()), "case_overdue") == []
    closed = a_case(state="closed", closed_on=D0)
    assert of_kind(inputs_on(D0 + timedelta(days=40), closed), "case_assigned") == []
    assert of_kind(inputs_on(D0 + timedelta(days=40), closed), "case_overdue") == []


def test_an_overdue_case_fires_then_fires_again_only_when_it_gets_worse():
    case = a_case()
    day = D0 + timedelta(days=2)  # Wednesday: two working days, the target is one
    (first,) = of_kind(inputs_on(day, case), "case_overdue")
    assert first.level == "overdue" and first.new
    assert first.reason == [{"key": "alerts.case.reason.late_assigned",
                             "params": {"days": 2, "target": 1}}]
    assert alerts.signals_for_user([first], EVERYTHING, {}, at(day), COOL_DOWN,
                                   "anna") == [first]
    ledger = ledger_of(first, at(day))
    # A week later, still waiting: no repeat, even with the data of a new month.
    week = day + timedelta(days=7)
    (same,) = of_kind(inputs_on(week, case, as_of="2025-07"), "case_overdue")
    assert same.level == "long_overdue"  # 7 working days: more than twice the target
    assert alerts.decide(same, ledger[("case_overdue", "7")], at(week), COOL_DOWN) == "rose"
    ledger = ledger_of(same, at(week))
    month = week + timedelta(days=30)
    (standing,) = of_kind(inputs_on(month, case, as_of="2025-08"), "case_overdue")
    assert alerts.decide(standing, ledger[("case_overdue", "7")], at(month),
                         COOL_DOWN) == "cooldown"
    after = week + timedelta(days=60)
    (old,) = of_kind(inputs_on(after, case, as_of="2025-09"), "case_overdue")
    assert not old.new
    assert alerts.decide(old, ledger[("case_overdue", "7")], at(after), COOL_DOWN) == "unchanged"


def test_the_due_date_and_each_stage_past_its_target_are_the_reasons():
    case = a_case(state="assigned", due_on=D0 + timedelta(days=5),
                  steps=(cases.Step("flagged", D0), cases.Step("assigned", D0)))
    day = D0 + timedelta(days=10)
    (signal,) = of_kind(inputs_on(day, case), "case_overdue")
    keys = [m["key"] for m in signal.reason]
    assert keys == ["alerts.case.reason.due", "alerts.case.reason.late_hearing"]
    assert signal.level == "overdue"
    text = alerts.reason_text(signal.reason, "en")
    assert "passed 5 days ago" in text and "10 days since opening, target 7" in text
    for lang in ("ru", "kk"):
        said = alerts.reason_text(signal.reason, lang)
        assert formatting.format_date(case.due_on, lang) in said and "10" in said


def test_a_case_signal_is_covered_by_its_region_or_its_enterprise_only():
    (signal,) = of_kind(inputs_on(D0, a_case()), "case_assigned")
    region = {"scope": "region", "place": "KZ-47", "kinds": None}
    elsewhere = {"scope": "region", "place": "KZ-75", "kinds": None}
    firm = {"scope": "enterprise", "place": BIN, "kinds": ["case_assigned"]}
    other_kinds = {"scope": "all", "place": "", "kinds": ["watchlist_new"]}
    assert alerts.covers(region, signal, "anna") and alerts.covers(firm, signal, "anna")
    assert not alerts.covers(elsewhere, signal, "anna")
    assert not alerts.covers(other_kinds, signal, "anna")


def test_the_case_kinds_are_registered_for_cases():
    kinds = alerts.signal_kinds()
    assert kinds["case_assigned"].place_type == kinds["case_overdue"].place_type == "case"
    assert kinds["case_overdue"].levels == alerts.CASE_OVERDUE_LEVELS


def test_case_signals_reach_their_owners_by_mail_with_a_link_to_the_case(
        engine, smtp, monkeypatch):  # noqa: F811
    number = make_bin_near("99010100555")
    opened = date(2025, 6, 2)
    anna_case = cases.open_case(engine, number, "anna", opened_on=opened,
                                due_on=opened + timedelta(days=3), note="Hotline calls")
    bek_number = make_bin_near("99010100777")
    bek_case = cases.open_case(engine, bek_number, "Bek", opened_on=opened, note="Hotline calls")
    alerts.follow(engine, "bek", kinds=["case_overdue"])
    now = datetime(2025, 6, 20, 6, tzinfo=UTC)
    result = alerts.run_alerts(engine, as_of=AS_OF, now=now)
    by_user = {m["user"]: m["signals"] for m in result.messages}
    anna_cases = {(s["kind"], s["level"]) for s in by_user["anna"] if s["place"] ==
                  str(anna_case.id)}
    assert anna_cases == {("case_assigned", "assigned"), ("case_overdue", "long_overdue")}
    assert [s["kind"] for s in by_user["bek"] if s["kind"].startswith("case_")] == [
        "case_overdue"]
    assert "dana" not in by_user or not [s for s in by_user["dana"]
                                         if s["kind"].startswith("case_")]
    (anna,) = smtp.to("anna@example.kz")
    text = anna.get_body(("plain",)).get_content()
    assert i18n.t("alerts.kind.case_overdue", "en") in text
    due = formatting.format_date(anna_case.due_on, "en")
    assert f"The due date {due} passed 15 days ago" in text
    (bek,) = smtp.to("bek@example.kz")
    bek_text = bek.get_body(("plain",)).get_content()
    assert i18n.t("alerts.kind.case_overdue", "kk") in bek_text
    assert i18n.t("alerts.case_level.long_overdue", "kk") in bek_text
    link = next(u for u in links(text) if "/cases" in u)
    parts = urlsplit(link)
    assert (parts.netloc, parts.path) == ("ltm.example.kz", "/cases")
    assert dict(parse_qsl(parts.query)) == {"lang": "en", "case": str(anna_case.id)}
    assert link.replace("&", "&amp;") in anna.get_body(("html",)).get_content()
    # The same day's second run repeats nothing.
    again = alerts.run_alerts(engine, as_of=AS_OF, now=now + timedelta(hours=1))
    assert again.recipients == 0
    from utils.screens import cases_screen
    from utils.ui.components import escape_markdown

    # The link opens that case, whichever case the page would show first.
    for opened_case in (anna_case, bek_case):
        query = {"lang": "en", "case": str(opened_case.id)}
        page = open_page(monkeypatch, str(engine.url), "pages/cases.py", **query)
        label = escape_markdown(cases_screen.case_label(opened_case, "en"))
        assert page.subheader[-1].value == label
