"""The data page through Streamlit's AppTest: access by role, upload, mapping, report, commit
with its progress bar, undo; refusals and warnings in the analyst's language.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests import files
from utils import auth, formatting, i18n, ingest, metrics, store
from utils.ui.components import escape_markdown
from utils.ui.upload import AS_VALUES, NOT_LOADED

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery"
LANG = "ru"


@pytest.fixture
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A fresh SQLite store named by DATABASE_URL, with the Streamlit caches emptied."""
    url = f"sqlite:///{tmp_path / 'ltm.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("LTM_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)  # no ltm.toml of a developer is picked up
    st.cache_data.clear()
    st.cache_resource.clear()
    bound = store.get_engine(url)
    store.init_db(bound)
    yield bound
    st.cache_data.clear()
    st.cache_resource.clear()
    bound.dispose()


@pytest.fixture
def accounts(engine):
    """One account per role, created as the CLI would."""
    for name, role in (("vera", "viewer"), ("anna", "analyst"), ("adil", "admin")):
        auth.create_user(engine, name, role, PASSWORD, actor="cli")
    return engine


def session_of(name: str, role: str, started: dt.datetime | None = None) -> dict:
    return {"name": name, "role": role, "started_at": started or dt.datetime.now(dt.UTC)}


def open_data_page(user: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    if user is not None:
        at.session_state["auth_user"] = user
    at.run()
    at.switch_page("pages/data.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> list[str]:
    """Every text element the page shows as Markdown (info, warnings, errors, captions …)."""
    groups = (at.markdown, at.info, at.warning, at.error, at.success, at.caption)
    return [str(element.value) for group in groups for element in group]


def keys(widgets) -> set[str]:
    return {w.key for w in widgets if w.key}


def upload(at: AppTest, path: Path, kind: str = "appeals") -> AppTest:
    at.file_uploader[0].set_value((path.name, path.read_bytes(), "application/octet-stream"))
    run(at)
    pick = [s for s in at.selectbox if s.key and s.key.startswith("data_kind_")]
    assert len(pick) == 1
    if pick[0].value != kind:
        pick[0].set_value(kind)
        run(at)
    return at


def table(at: AppTest, *columns: str):
    """Return the shown table holding all ``columns`` (st.dataframe keys are not exposed)."""
    found = [d.value for d in at.dataframe if set(columns) <= set(d.value.columns)]
    assert len(found) == 1, f"{len(found)} tables with columns {columns}"
    return found[0]


def mapping(at: AppTest) -> dict[str, str]:
    """Return the mapping step's choices: column of the file (as labelled) -> chosen field."""
    return {box.label: box.value for box in at.selectbox
            if box.key and box.key.startswith("data_map_")}


def map_column(at: AppTest, header: str, field: str) -> AppTest:
    """Point the file's column ``header`` at ``field`` through the mapping step."""
    boxes = [box for box in at.selectbox if box.key and box.key.startswith("data_map_")
             and box.label == escape_markdown(header)]
    assert len(boxes) == 1, sorted(mapping(at))
    boxes[0].set_value(field)
    return run(at)


def refused(reason_ru: str) -> str:
    """The page's refusal: its frame and the reason, Markdown-escaped as the page shows it."""
    return "Файл не принят: " + escape_markdown(reason_ru)


def has_table(at: AppTest, *columns: str) -> bool:
    return any(set(columns) <= set(d.value.columns) for d in at.dataframe)


def metric(at: AppTest, key: str) -> str:
    label = i18n.t(key, LANG)
    return next(m.value for m in at.metric if m.label == label)


def appeals_file(tmp_path: Path, name: str, count: int, seed: int, prefix: str = "A"):
    appeals = files.sample_appeals(count, seed=seed, prefix=prefix)
    return appeals, files.appeals_cp1251_semicolon(tmp_path / name, appeals)


def national_appeals(engine) -> float:
    first, last = metrics.month_bounds(engine)
    return metrics.national_kpis(engine, first, last)["appeals"]["value"]


# --- access -----------------------------------------------------------------------------------


def test_first_run_without_accounts_explains_how_to_create_the_first_analyst(engine):
    at = open_data_page()
    assert any("python cli.py users add" in text for text in texts(at))
    assert len(at.file_uploader) == 0
    assert not at.text_input  # no log-in form: nobody could log in yet


def test_a_viewer_cannot_reach_upload_or_undo(accounts, tmp_path):
    _, path = appeals_file(tmp_path, "a.csv", 10, seed=3)
    ingest.ingest_file(accounts, "appeals", path, user="anna")
    at = open_data_page(session_of("vera", "viewer"))
    assert len(at.file_uploader) == 0
    assert "data_undo" not in keys(at.button) and "data_commit" not in keys(at.button)
    denied = i18n.t("auth.no_permission", LANG, role=i18n.role_label("viewer", LANG),
                    permission=i18n.label("permission", "upload", LANG))
    assert denied in [w.value for w in at.warning]
    # the history itself is visible, read-only
    assert table(at, "id", "file_name", "status")["id"].tolist() == [1]


def test_an_anonymous_visitor_gets_a_log_in_form_instead_of_the_uploader(accounts):
    at = open_data_page()
    assert len(at.file_uploader) == 0
    assert {"data_login_name", "data_login_password"} <= keys(at.text_input)


def test_log_in_through_the_form_opens_the_uploader(accounts):
    at = open_data_page()
    at.text_input(key="data_login_name").input("Anna")
    at.text_input(key="data_login_password").input(PASSWORD)
    at.button(key="data_login_submit").click()
    run(at)
    assert at.session_state["auth_user"]["name"] == "anna"
    assert len(at.file_uploader) == 1


def test_lock_out_after_repeated_wrong_passwords_through_the_form(accounts):
    at = open_data_page()
    attempts = auth.LockoutPolicy.from_settings().attempts
    for _ in range(attempts - 1):
        at.text_input(key="data_login_name").input("anna")
        at.text_input(key="data_login_password").input("wrong password!")
        at.button(key="data_login_submit").click()
        run(at)
        assert i18n.t("auth.wrong", LANG) in [e.value for e in at.error]
    at.text_input(key="data_login_password").input("wrong password!")
    at.button(key="data_login_submit").click()
    run(at)
    locked = i18n.t("auth.locked", LANG, minutes=15)
    assert locked in [e.value for e in at.error]
    # now even the right password is refused until the lock runs out
    at.text_input(key="data_login_password").input(PASSWORD)
    at.button(key="data_login_submit").click()
    run(at)
    assert locked in [e.value for e in at.error]
    assert "auth_user" not in at.session_state
    assert len(at.file_uploader) == 0
    assert store.get_user(accounts, "anna")["locked_until"] is not None


def test_an_expired_session_is_logged_out(accounts):
    old = dt.datetime.now(dt.UTC) - auth.session_max_age() - dt.timedelta(minutes=1)
    at = open_data_page(session_of("anna", "analyst", started=old))
    assert len(at.file_uploader) == 0
    assert i18n.t("auth.session_expired", LANG) in [w.value for w in at.warning]


def test_a_disabled_account_loses_its_session_on_the_next_click(accounts):
    at = open_data_page(session_of("anna", "analyst"))
    assert len(at.file_uploader) == 1
    auth.disable_user(accounts, "anna", actor="adil")
    run(at)
    assert len(at.file_uploader) == 0
    assert "auth_user" not in at.session_state


def test_require_login_shows_only_the_log_in_form(accounts, tmp_path, monkeypatch):
    config = tmp_path / "ltm.toml"
    config.write_text("[app]\nrequire_login = true\n", encoding="utf-8")
    monkeypatch.setenv("LTM_CONFIG", str(config))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    run(at)
    assert i18n.t("auth.login_required", LANG) in [i.value for i in at.info]
    assert {"auth_login_name", "auth_login_password"} <= keys(at.text_input)
    assert not at.title  # the page itself is not drawn


# --- upload, report, commit -------------------------------------------------------------------


def test_analyst_uploads_a_cp1251_csv_sees_the_report_commits_and_sees_the_batch(
    accounts, tmp_path
):
    appeals = files.sample_appeals(40, seed=5)
    appeals[3].enterprise_bin = files.invalid_bin(9)
    appeals[7].region_text = "Акмолинскя облсть"  # a typo: not resolved, suggested
    appeals[11].region_text = "<b>Нарния</b>"  # no such region; markup must stay text
    path = files.appeals_cp1251_semicolon(tmp_path / "обращения_январь.csv", appeals)
    at = open_data_page(session_of("anna", "analyst"))
    upload(at, path)

    assert metric(at, "data.rows_read") == "40"
    assert metric(at, "data.rows_to_load") == "37"
    assert metric(at, "data.rows_rejected") == "3"
    errors = table(at, i18n.t("data.col_reason", LANG))
    assert errors[i18n.t("data.col_row", LANG)].tolist() == [5, 9, 13]  # header = row 1
    mapped = mapping(at)
    assert mapped["Дата регистрации"] == "date" and mapped["Область"] == "region"
    assert "ФИО заявителя" not in mapped  # personal data is never offered
    assert any("ФИО заявителя" in str(info.value) for info in at.info)  # said to be dropped
    unresolved = table(at, i18n.t("data.suggested_regions", LANG))
    assert sorted(unresolved.iloc[:, 0]) == ["<b>Нарния</b>", "Акмолинскя облсть"]
    typo = unresolved[unresolved.iloc[:, 0] == "Акмолинскя облсть"].iloc[0, 2]
    assert typo.startswith("Акмолинская область (KZ-11)")
    assert {"data_errors_csv", "data_errors_xlsx"} <= keys(at.get("download_button"))
    shown = texts(at)
    assert not any("<b>" in text for text in shown), "uploaded markup reached Markdown"
    assert any(r"\<b\>Нарния\<" in text for text in shown)
    assert store.list_batches(accounts).empty  # nothing stored before the commit

    at.button(key="data_commit").click()
    run(at)
    batches = store.list_batches(accounts)
    assert batches[["kind", "file_name", "rows_read", "rows_loaded", "rows_rejected",
                    "user_name"]].to_dict("records") == [
        {"kind": "appeals", "file_name": "обращения_январь.csv", "rows_read": 40,
         "rows_loaded": 37, "rows_rejected": 3, "user_name": "anna"}
    ]
    assert i18n.t("data.committed", LANG, batch_id=1, rows="37") in [s.value for s in at.success]
    shown_batches = table(at, "id", "file_name", "status")
    assert shown_batches["file_name"].tolist() == ["обращения_январь.csv"]
    assert shown_batches["rows_loaded"].tolist() == [37]
    assert len(at.file_uploader) == 1 and not at.file_uploader[0].value  # ready for the next
    # the progress bar the store drove while writing stays, complete, with the batch
    assert [(bar.value, bar.text) for bar in at.get("progress")] == [
        (100, "Записано строк: 37 из 37")
    ]
    # the new numbers: the store and the quality panel count the 37 appeals
    assert national_appeals(accounts) == 37
    summary = table(at, "kind", "regions_complete")
    assert summary.loc[summary["kind"] == i18n.kind_label("appeals", LANG), "rows"].item() == 37


def _no_header(path: Path) -> None:
    files.write_csv(path, ["Колонка", "Другая"], [["1", "2"]], encoding="cp1251", delimiter=";")


def _headers_only(path: Path) -> None:
    path.write_bytes(";".join(files.APPEALS_RU_HEADER).encode("cp1251") + b"\r\n")


REFUSED_IN_RUSSIAN = [
    ("empty.csv", lambda path: path.write_bytes(b""), "Файл «empty.csv» пуст (0 байт)."),
    ("fake.xlsx", lambda path: path.write_bytes(b"date,region\n1,2\n"),
     "«fake.xlsx» — не книга Excel: содержимое файла не в формате XLSX."),
    ("headers.csv", _headers_only,
     "В «headers.csv» есть заголовок, но нет ни одной строки данных."),
    ("not_appeals.csv", _no_header,
     "В первых 30 строках «not_appeals.csv» нет строки заголовков со столбцами вида «Обращения "
     "граждан» (ожидаются заголовки вроде «Дата регистрации», «Область», «Категория»)."),
]


@pytest.mark.parametrize(("name", "write", "reason"), REFUSED_IN_RUSSIAN,
                         ids=[case[0] for case in REFUSED_IN_RUSSIAN])
def test_a_refused_file_is_refused_in_russian_and_loads_nothing(accounts, tmp_path, name,
                                                                 write, reason):
    path = tmp_path / name
    write(path)
    at = open_data_page(session_of("anna", "analyst"))
    upload(at, path)
    assert [e.value for e in at.error] == [refused(reason)]
    assert "data_commit" not in keys(at.button)
    assert store.list_batches(accounts).empty


def test_an_identical_re_upload_is_refused_and_loads_nothing(accounts, tmp_path):
    _, path = appeals_file(tmp_path, "a.csv", 12, seed=6)
    ingest.ingest_file(accounts, "appeals", path, user="anna")
    at = open_data_page(session_of("anna", "analyst"))
    upload(at, path)
    (error,) = [e.value for e in at.error]
    assert error.startswith(refused("Этот файл совпадает с загрузкой № 1 от "))
    assert error.endswith(escape_markdown(
        "(«a.csv»); чтобы загрузить его снова, сначала отмените ту загрузку."))
    assert "data_commit" not in keys(at.button)
    assert len(store.list_batches(accounts)) == 1


def test_warnings_of_a_load_are_shown_in_russian(accounts, tmp_path):
    """Pre-2022 region names placed by settlement, a personal-data column, an unknown column."""
    header = ["Дата регистрации", "Область", "Категория", "Населенный пункт", "ФИО заявителя",
              "Примечание"]
    rows = [["15.03.2021", "Восточно-Казахстанская область", "Прочие", "Семей", "Иванов И.И.", ""],
            ["16.03.2021", "Восточно-Казахстанская область", "Прочие", "", "Петров П.П.", ""],
            ["15.03.2024", "г. Алматы", "Прочие", "Алматы", "", "срочно"]]
    path = files.write_csv(tmp_path / "старые.csv", header, rows, encoding="cp1251",
                           delimiter=";")
    at = open_data_page(session_of("anna", "analyst"))
    upload(at, path)
    assert [w.value for w in at.warning] == [escape_markdown(text) for text in (
        "Не загружаются столбцы, которых нет в виде «Обращения граждан»: «Примечание».",
        "Строки с датой до 8 июн. 2022 перенесены из региона Восточно-Казахстанская область "
        "(KZ-63) в область Абай (KZ-10) по району или населённому пункту: 1.",
        "Строки с датой до 8 июн. 2022 без района и населённого пункта оставлены в регионе "
        "Восточно-Казахстанская область (KZ-63) как в правопреемнике, хотя 8 июн. 2022 из его "
        "части образован новый регион — область Абай (KZ-10): 1.",
    )]
    assert "Удалены столбцы с персональными данными: ФИО заявителя" in [i.value for i in at.info]
    at.button(key="data_commit").click()
    run(at)
    stored = sqlite3.connect(tmp_path / "ltm.db").execute(
        "SELECT date, region FROM appeals ORDER BY date").fetchall()
    assert stored == [("2021-03-15", "KZ-10"), ("2021-03-16", "KZ-63"), ("2024-03-15", "KZ-75")]


# --- the column mapping -----------------------------------------------------------------------


def test_an_unrecognised_column_is_mapped_through_the_page_and_loaded(accounts, tmp_path):
    records = files.sample_arrears(6, seed=4)
    header = ["Отчетная дата", "Область", "БИН", "Наименование предприятия",
              "Сумма задолжности", "Количество работников"]  # the amount header is misspelled
    rows = [[r.report_date.strftime("%d.%m.%Y"), r.region_text, r.enterprise_bin,
             r.enterprise_name, f"{r.amount_kzt:.2f}".replace(".", ","), str(r.workers)]
            for r in records]
    path = files.write_csv(tmp_path / "долги.csv", header, rows, encoding="cp1251",
                           delimiter=";")
    at = open_data_page(session_of("anna", "analyst"))
    upload(at, path, kind="arrears")

    proposed = mapping(at)
    assert proposed["Сумма задолжности"] == NOT_LOADED
    assert proposed["Отчетная дата"] == "report_date" and proposed["БИН"] == "enterprise_bin"
    assert [w.value for w in at.warning] == [
        "Не сопоставлены обязательные поля: «Сумма задолженности, тенге». Выберите столбец, "
        "в котором они записаны."
    ]
    (error,) = [e.value for e in at.error]
    assert error.startswith(refused(
        "В «долги.csv» нет обязательных столбцов: «Сумма задолженности, тенге»; его нельзя "
        "загрузить как «Задолженность по зарплате»"))
    assert "data_commit" not in keys(at.button) and not at.metric

    map_column(at, "Сумма задолжности", "amount_kzt")
    assert not at.error and not at.warning
    assert metric(at, "data.rows_to_load") == "6"
    preview = table(at, "Сумма задолженности, тенге", "Количество работников")
    assert preview["Сумма задолженности, тенге"].tolist() == [r.amount_kzt for r in records]

    at.button(key="data_commit").click()
    run(at)
    with sqlite3.connect(tmp_path / "ltm.db") as connection:
        stored = connection.execute(
            "SELECT enterprise_bin, amount_kzt, workers FROM arrears ORDER BY enterprise_bin"
        ).fetchall()
    assert stored == sorted((r.enterprise_bin, r.amount_kzt, r.workers) for r in records)
    assert [(bar.value, bar.text) for bar in at.get("progress")] == [
        (100, "Записано строк: 6 из 6")
    ]


def shown_choices(at: AppTest) -> dict[str, str]:
    """Return the mapping step as the analyst reads it: column of the file -> shown choice."""
    return {box.label: box.options[box.index] for box in at.selectbox
            if box.key and box.key.startswith("data_map_")}


def test_the_periods_of_a_wide_official_table_are_shown_and_stored_as_values(
    accounts, tmp_path
):
    """Regions as rows, quarters as columns: the mapping step says each quarter column is
    loaded as that quarter's values, «не загружать» leaves one out, and the commit stores
    the others.
    """  # noqa: D205
    stats = files.stats_office_arrears(tmp_path / "статистика.xlsx")
    at = open_data_page(session_of("anna", "analyst"))
    upload(at, stats.path, kind="region_stats")

    headers = ["III квартал 2024", "IV квартал 2024", "I квартал 2025", "II квартал 2025"]
    assert shown_choices(at) == {
        "Регион": "Область",  # the label of the field «region»
        **{escape_markdown(h): f"значения: {formatting.format_stat_period(q, LANG)}"
           for h, q in zip(headers, stats.quarters, strict=True)},
    }
    assert {mapping(at)[escape_markdown(h)] for h in headers} == {AS_VALUES}
    assert i18n.t("data.mapping_wide", LANG) in [c.value for c in at.caption]
    assert at.expander[0].label == i18n.t("data.mapping_summary", LANG, matched="5", total="5")
    assert metric(at, "data.rows_to_load") == "79"  # 20 regions x 4 quarters, one cell «-»

    map_column(at, "II квартал 2025", NOT_LOADED)
    assert shown_choices(at)[escape_markdown("II квартал 2025")] == "не загружать"
    kept = {key: value for key, value in stats.values.items() if key[1] != "2025-Q2"}
    assert metric(at, "data.rows_to_load") == str(len(kept)) == "60"
    map_column(at, "II квартал 2025", AS_VALUES)  # the choice can be set back
    assert metric(at, "data.rows_to_load") == "79"
    map_column(at, "II квартал 2025", NOT_LOADED)
    assert metric(at, "data.rows_to_load") == "60"

    at.button(key="data_commit").click()
    run(at)
    with sqlite3.connect(tmp_path / "ltm.db") as connection:
        stored = connection.execute(
            "SELECT region, period, indicator, value, unit FROM region_stats").fetchall()
    assert {(region, period) for region, period, *_ in stored} == set(kept)
    assert {(r, p): value for r, p, _, value, _ in stored} == pytest.approx(kept)
    assert {(indicator, unit) for *_, indicator, _, unit in stored} == {
        ("wage_arrears_kzt", "KZT")}


# --- undo -------------------------------------------------------------------------------------


def test_undo_removes_exactly_that_batch_after_confirmation(accounts, tmp_path):
    _, first = appeals_file(tmp_path, "first.csv", 15, seed=7, prefix="F")
    _, second = appeals_file(tmp_path, "second.csv", 9, seed=8, prefix="S")
    one = ingest.ingest_file(accounts, "appeals", first, user="anna").batch_id
    two = ingest.ingest_file(accounts, "appeals", second, user="anna").batch_id
    assert national_appeals(accounts) == 24
    at = open_data_page(session_of("anna", "analyst"))

    at.selectbox(key="data_undo_choice").set_value(one)
    run(at)  # choosing a load enables the undo button
    at.button(key="data_undo").click()
    run(at)
    # Each button of the dialog says what it does.
    assert at.button(key="data_undo_yes").label == "Да, отменить загрузку"
    assert at.button(key="data_undo_no").label == "Не отменять"
    at.button(key="data_undo_no").click()  # cancelling changes nothing
    run(at)
    assert set(store.list_batches(accounts)["status"]) == {"loaded"}

    at.selectbox(key="data_undo_choice").set_value(one)
    run(at)
    at.button(key="data_undo").click()
    run(at)
    at.button(key="data_undo_yes").click()
    run(at)
    status = store.list_batches(accounts).set_index("id")["status"].to_dict()
    assert status == {one: "undone", two: "loaded"}
    assert national_appeals(accounts) == 9
    assert i18n.t("data.undone", LANG, batch_id=one) in [s.value for s in at.success]
    entry = store.audit_entries(accounts, action="batch_undo").iloc[0]
    assert (entry["user_name"], entry["detail"]["batch_id"]) == ("anna", one)
    # The history says first what became of each load, and who undid it.
    history = next(d.value for d in at.dataframe if "undone" in d.value.columns)
    assert list(history.columns[:3]) == ["id", "status", "undone"]
    rows = history.set_index("id")
    assert rows.at[one, "status"] == i18n.t("data.status_undone", LANG)
    assert rows.at[one, "undone"].startswith("anna · ")
    assert rows.at[two, "status"] == i18n.t("data.status_loaded", LANG)
    assert pd.isna(rows.at[two, "undone"])


def test_an_anonymous_visitor_learns_no_account_name(accounts, tmp_path):
    """With viewing open to all, the history and the last uploads name nobody."""
    _, path = appeals_file(tmp_path, "a.csv", 5, seed=3)
    ingest.ingest_file(accounts, "appeals", path, user="anna")
    at = open_data_page(None)
    shown = [d.value for d in at.dataframe]
    history = table(at, "id", "file_name", "status")
    assert history["id"].tolist() == [1]
    assert not any({"user_name", "undone"} & set(frame.columns) for frame in shown)
    assert not any((frame.astype(str) == "anna").any().any() for frame in shown)
    signed_in = open_data_page(session_of("vera", "viewer"))
    assert table(signed_in, "id", "user_name")["user_name"].tolist() == ["anna"]


def test_the_undo_picker_points_at_no_batch_until_one_is_chosen(accounts, tmp_path):
    """An analyst who presses undo must never be offered a load they did not pick."""
    for name, seed in (("first.csv", 7), ("second.csv", 8)):
        _, path = appeals_file(tmp_path, name, 5, seed=seed, prefix=name[0].upper())
        ingest.ingest_file(accounts, "appeals", path, user="anna")
    at = open_data_page(session_of("anna", "analyst"))
    picker = at.selectbox(key="data_undo_choice")
    assert picker.value is None
    assert picker.proto.placeholder == i18n.t("data.undo_pick_placeholder", LANG)
    assert at.button(key="data_undo").disabled


# --- administration ---------------------------------------------------------------------------


def test_admin_adds_and_disables_an_account_and_sees_the_audit_log(accounts):
    at = open_data_page(session_of("adil", "admin"))
    at.text_input(key="data_user_name").input("Boris")
    at.selectbox(key="data_user_role").set_value("analyst")
    at.text_input(key="data_user_password").input("another long secret")
    at.text_input(key="data_user_repeat").input("another long secret")
    at.button(key="data_user_submit").click()
    run(at)
    assert store.get_user(accounts, "boris")["role"] == "analyst"
    at.selectbox(key="data_user_pick").set_value("boris")
    at.button(key="data_user_disable").click()
    run(at)
    assert store.get_user(accounts, "boris")["disabled"]
    actions = table(at, "at", "user_name", "action", "detail")
    assert {"adil"} <= set(actions["user_name"])
    assert i18n.label("audit", "user_create", LANG) in set(actions["action"])


def test_analyst_sees_no_account_management(accounts):
    at = open_data_page(session_of("anna", "analyst"))
    assert "data_user_name" not in keys(at.text_input)
    assert not has_table(at, "at", "user_name", "action", "detail")


def test_the_last_admin_cannot_be_disabled_from_the_page(accounts):
    at = open_data_page(session_of("adil", "admin"))
    at.selectbox(key="data_user_pick").set_value("adil")
    at.button(key="data_user_disable").click()
    run(at)
    assert i18n.t("auth.last_admin", LANG) in [e.value for e in at.error]
    assert not store.get_user(accounts, "adil")["disabled"]


# --- safety of what users send ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "<img src=x onerror=alert(1)>",
        "[click](http://example.com)",
        "![pixel](http://example.com/p.png)",
        "**bold** _it_ `code` $x^2$ # title",
        "ТОО «Ромашка» | 1 + 1 = 2 ~ *",
    ],
)
def test_escape_markdown_leaves_no_markup_active(text):

    escaped = escape_markdown(text)
    position, unescaped = 0, []
    while position < len(escaped):
        if escaped[position] == "\\":
            unescaped.append(escaped[position + 1])
            position += 2
            continue
        assert escaped[position] not in "`*_{}[]()#+-.!|<>~$:=&", (position, escaped)
        unescaped.append(escaped[position])
        position += 1
    assert "".join(unescaped) == text


def test_rejected_rows_download_is_formula_safe(tmp_path):
    """A refused cell that starts with '=' cannot run as a formula in the downloaded files."""
    import io

    import openpyxl

    from utils.screens import exports
    from utils.ui.upload import error_table

    appeals = files.sample_appeals(3, seed=13)
    appeals[1].enterprise_bin = '=HYPERLINK("http://x")'
    path = files.appeals_cp1251_semicolon(tmp_path / "a.csv", appeals)
    prepared = ingest.prepare("appeals", path)
    table = error_table(prepared.errors, LANG)
    value = i18n.t("data.col_value", LANG)
    assert table[value].tolist() == ['=HYPERLINK("http://x")']
    assert "'=HYPERLINK" in exports.table_csv(table, "ru").decode("utf-8-sig")
    sheet = openpyxl.load_workbook(io.BytesIO(exports.table_xlsx(table))).worksheets[0]
    cell = sheet.cell(2, 3)
    assert cell.value == "'=HYPERLINK(\"http://x\")" and cell.data_type == "s"


# --- the account box of the sidebar (the frame calls sidebar_account) -------------------------


def _sidebar_script():
    from utils.ui import auth as auth_ui

    auth_ui.login_gate("ru")
    auth_ui.sidebar_account("ru")


def test_sidebar_shows_the_user_and_logs_out(accounts):
    at = AppTest.from_function(_sidebar_script, default_timeout=60)
    at.session_state["auth_user"] = session_of("anna", "analyst")
    run(at)
    shown = i18n.t("auth.logged_in_as", LANG, name="anna", role=i18n.role_label("analyst", LANG))
    assert shown in [c.value for c in at.sidebar.caption]
    at.sidebar.button(key="auth_logout").click()
    run(at)
    assert "auth_user" not in at.session_state
    assert {"auth_login_sidebar_name", "auth_login_sidebar_password"} <= keys(at.text_input)


def test_sidebar_logs_in_through_its_form(accounts):
    at = AppTest.from_function(_sidebar_script, default_timeout=60)
    run(at)
    at.text_input(key="auth_login_sidebar_name").input("adil")
    at.text_input(key="auth_login_sidebar_password").input(PASSWORD)
    at.button(key="auth_login_sidebar_submit").click()
    run(at)
    assert at.session_state["auth_user"]["role"] == "admin"
    assert "auth_logout" in keys(at.sidebar.button)


def test_sidebar_offers_no_log_in_before_the_first_account(engine):
    at = AppTest.from_function(_sidebar_script, default_timeout=60)
    run(at)
    assert not at.text_input and not at.sidebar.button
