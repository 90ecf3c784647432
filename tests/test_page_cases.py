"""The Cases page through AppTest: an officer opens a case from the hotspots watchlist, steps
it to closed and sees it counted; a viewer reads cases and cannot change them."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_pages import APP, demo_db, fresh_caches, no_exception  # noqa: F401
from utils import auth, cases, early_warning, i18n, store

LANG = "ru"
PASSWORD = "Correct-horse-42"


@pytest.fixture
def db_url(demo_db, tmp_path) -> str:  # noqa: F811
    path = tmp_path / "cases.db"
    shutil.copy(demo_db.path, path)
    url = f"sqlite:///{path}"
    engine = store.get_engine(url)
    for name, role in (("officer.one", "officer"), ("viewer.one", "viewer")):
        auth.create_user(engine, name, role, PASSWORD, actor="cli")
    engine.dispose()
    return url


def app_as(url: str, monkeypatch: pytest.MonkeyPatch, name: str, role: str,
           page: str) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.session_state["auth_user"] = {"name": name, "role": role,
                                     "started_at": datetime.now(UTC)}
    at.run()
    at.switch_page(page)
    at.run()
    no_exception(at)
    return at


def metric(at: AppTest, key: str) -> str:
    label = i18n.t(key, LANG)
    return next(m.value for m in at.metric if m.label == label)


def widget(elements, name: str):
    """Return the step form's widget ``name`` (its key ends with the case and version)."""
    (found,) = [e for e in elements if (e.key or "").startswith(f"cases_step_{name}_")]
    return found


def step(at: AppTest, state: str, **numbers: float) -> None:
    widget(at.selectbox, "state").set_value(state)
    for key, value in numbers.items():
        widget(at.number_input, key).set_value(value)
    widget(at.button, "submit").click()
    at.run()
    no_exception(at)
    assert not at.error, [e.value for e in at.error]


def test_an_officer_opens_a_case_from_the_watchlist_and_steps_it_to_closed(
        db_url, monkeypatch):
    engine = store.get_engine(db_url)
    top = early_warning.hotspots_report(
        engine, config=early_warning.config_from_settings()).enterprises[0]
    at = app_as(db_url, monkeypatch, "officer.one", "officer", "pages/hotspots.py")
    button = at.button(key=f"hotspots_case_{top.bin}")
    assert button.label == i18n.t("cases.open_from_watchlist", LANG)
    button.click()
    at.run()
    no_exception(at)
    assert at.title[0].value == i18n.t("cases.title", LANG)
    assert at.query_params["enterprise"] == top.bin
    # AppTest runs the page it was last told to, not the one the script switched to
    at.switch_page("pages/cases.py")
    at.run()
    assert at.text_input(key="cases_open_bin").value == top.bin
    assert at.text_input(key="cases_open_owner").value == "officer.one"
    at.button(key="cases_open_submit").click()
    at.run()
    no_exception(at)
    (case,) = cases.load_cases(engine)
    assert (case.bin, case.source, case.owner, case.region) == (
        top.bin, "watchlist", "officer.one", top.region)
    assert case.reason["text"] == top.reason_line
    assert at.success[0].value == i18n.t("cases.opened", LANG, number=case.id)
    assert metric(at, "cases.results.opened") == "1"

    for state in ("assigned", "inspection", "measure"):
        step(at, state)
    step(at, "repaid", repaid=2_400_000.0, workers=31)
    step(at, "closed")
    closed = cases.get_case(engine, case.id)
    assert closed.state == "closed" and closed.version == 6
    assert [s.by for s in closed.steps[1:]] == ["officer.one"] * 5
    assert (closed.repaid_kzt, closed.workers_repaid) == (2_400_000.0, 31)
    assert metric(at, "cases.results.closed") == "1"
    assert metric(at, "cases.results.workers_repaid") == "31"
    assert metric(at, "cases.results.repaid_kzt") == "2\u00a0400\u00a0000\u00a0₸"
    audit = store.audit_entries(engine)
    assert (audit["action"] == "case_step").sum() == 5
    assert set(audit[audit["action"].str.startswith("case_")]["user_name"]) == {"officer.one"}
    engine.dispose()


def test_the_watchlist_marks_an_enterprise_with_an_open_case(db_url, monkeypatch):
    engine = store.get_engine(db_url)
    top = early_warning.hotspots_report(
        engine, config=early_warning.config_from_settings()).enterprises[0]
    case = cases.open_case(engine, top.bin, "GIT", user="officer.one")
    engine.dispose()
    at = app_as(db_url, monkeypatch, "officer.one", "officer", "pages/hotspots.py")
    mark = i18n.t("cases.has_case", LANG, number=case.id)
    assert any(mark in m.value for m in at.markdown)
    # The watchlist's table marks it too, beside the enterprise, and no other row.
    column = i18n.t("hotspots.col.case", LANG)
    (table,) = [d.value for d in at.dataframe if column in d.value.columns]
    marked = table.loc[table[column] != "", i18n.t("common.bin", LANG)].tolist()
    assert marked == [top.bin]
    assert table.loc[table[i18n.t("common.bin", LANG)] == top.bin, column].item() == mark
    assert not [b for b in at.button if b.key == f"hotspots_case_{top.bin}"]


def test_a_second_officer_is_told_the_case_changed_and_sees_it(db_url, monkeypatch):
    engine = store.get_engine(db_url)
    case = cases.open_case(engine, cases.checked_bin("090940113442"), "GIT", user="officer.one")
    at = app_as(db_url, monkeypatch, "officer.one", "officer", "pages/cases.py")
    cases.step_case(engine, case.id, "assigned", by="chief")  # someone else, meanwhile
    widget(at.selectbox, "state").set_value("assigned")
    widget(at.button, "submit").click()
    at.run()
    no_exception(at)
    assert at.warning[-1].value == cases.refusal_text(
        cases.CaseChanged(cases.get_case(engine, case.id)), LANG)
    # the form now stands on the case as it is: its next state is the hearing
    assert widget(at.selectbox, "state").options[0] == i18n.t("cases.state.hearing", LANG)
    assert [s.by for s in cases.get_case(engine, case.id).steps] == ["officer.one", "chief"]
    engine.dispose()


def test_a_viewer_reads_cases_and_cannot_change_them(db_url, monkeypatch):
    engine = store.get_engine(db_url)
    top = early_warning.hotspots_report(
        engine, config=early_warning.config_from_settings()).enterprises[1]
    cases.open_case(engine, top.bin, "GIT", user="officer.one")
    engine.dispose()
    at = app_as(db_url, monkeypatch, "viewer.one", "viewer", "pages/cases.py")
    assert at.info[0].value == i18n.t("cases.read_only", LANG)
    keys = {b.key for b in at.button}
    assert not [k for k in keys if (k or "").startswith("cases_step_")]
    assert "cases_open_submit" not in keys
    assert metric(at, "cases.results.opened") == "1"
    at.switch_page("pages/hotspots.py")
    at.run()
    no_exception(at)
    assert not [b for b in at.button if (b.key or "").startswith("hotspots_case_")]


def test_the_impact_view_is_labelled_a_comparison_and_shows_both_groups(db_url, monkeypatch):
    from datetime import date

    engine = store.get_engine(db_url)
    flagged = early_warning.hotspots_report(
        engine, "2025-01", config=early_warning.config_from_settings()).enterprises
    cases.open_case(engine, flagged[0].bin, "GIT", opened_on=date(2025, 1, 15))
    engine.dispose()
    at = app_as(db_url, monkeypatch, "viewer.one", "viewer", "pages/cases.py")
    caveat = i18n.t("cases.impact.caveat", LANG, months=6)
    assert any(c.value == caveat for c in at.caption)
    at.toggle(key="cases_impact").set_value(True)
    at.run()
    no_exception(at)
    column = i18n.t("cases.impact.column.group", LANG)
    (table,) = [d.value for d in at.dataframe if column in d.value.columns]
    groups = list(table[i18n.t("cases.impact.column.group", LANG)])
    assert groups == [i18n.t("cases.impact.with_case", LANG),
                      i18n.t("cases.impact.without_case", LANG)]
    assert list(table[i18n.t("cases.impact.column.enterprises", LANG)])[0] == 1
