"""The validation report is the truth: what it accepts, both databases store.

Each hostile file holds values the store cannot keep (numbers past 2^31 - 1, monthly totals
past it, totals that are infinite, ids longer than their column, NUL characters late in a
file, official indicator names past the index's size). On SQLite and PostgreSQL alike they
are row errors with their reason; the commit stores exactly the accepted rows, and the
command line never fails with a traceback (exit 1).
"""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

import cli
from utils import ingest, store
from utils.ingest import make_bin
from utils.store import limits

TODAY = "2026-12-01"
APPEALS = "Дата обращения,Регион,Категория,Количество заявителей,Номер обращения," \
    "Наименование предприятия\n"
ARREARS = "Дата отчета,Регион,БИН,Сумма задолженности,Количество работников\n"
STATS = "Период,Регион,Показатель,Значение\n"
INT_MAX = 2**31 - 1


def _indicator(length: int, seed: int = 1) -> str:
    """Return a name that compresses badly (PostgreSQL may compress an index entry)."""
    rnd = random.Random(seed)
    return "".join(rnd.choice("абвгдежзийклмнопрстуфхцчшщыэюя") for _ in range(length))


def _padding(rows: int) -> str:
    """Return valid appeal rows, enough to push what follows past the first 64 KiB."""
    return "".join(f"05.10.2026,Алматы,Зарплата,1,P{i},ТОО Ромашка\n" for i in range(rows))


#: name -> (kind, text, rows the report accepts, {row number: reason} it refuses)
HOSTILE = {
    "people_over_int.csv": (
        "appeals",
        APPEALS + "05.11.2026,Алматы,Зарплата,3000000000,A1,ТОО А\n"
        "05.11.2026,Алматы,Зарплата,2,A2,ТОО А\n",
        1, {2: limits.number_too_large(INT_MAX)},
    ),
    "people_month_sum.csv": (
        "appeals",
        APPEALS + "05.11.2026,Алматы,Зарплата,2000000000,A1,ТОО А\n"
        "06.11.2026,Алматы,Зарплата,2000000000,A2,ТОО А\n"
        "06.10.2026,Алматы,Зарплата,2000000000,A3,ТОО А\n",
        2, {3: limits.total_too_large(INT_MAX)},
    ),
    "workers_over_int.csv": (
        "arrears",
        ARREARS + f"01.11.2026,Алматы,{make_bin(1)},100,3000000000\n"
        f"01.11.2026,Алматы,{make_bin(2)},100,5\n",
        1, {2: limits.number_too_large(INT_MAX)},
    ),
    "workers_month_sum.csv": (
        "arrears",
        ARREARS + f"01.11.2026,Алматы,{make_bin(1)},100,2000000000\n"
        f"02.11.2026,Алматы,{make_bin(2)},100,2000000000\n",
        1, {3: limits.total_too_large(INT_MAX)},
    ),
    "infinite_sum.csv": (
        "arrears",
        ARREARS + "".join(f"01.11.2026,Алматы,{make_bin(i + 5)},1.7e308,{i + 1}\n"
                          for i in range(3)),
        1, {3: limits.TOTAL_NOT_FINITE, 4: limits.TOTAL_NOT_FINITE},
    ),
    "long_appeal_id.csv": (
        "appeals",
        APPEALS + "05.11.2026,Алматы,Зарплата,3," + "X" * 65 + ",ТОО А\n"
        "05.11.2026,Алматы,Зарплата,3," + "Y" * 64 + ",ТОО А\n",
        1, {2: limits.text_too_long(64)},
    ),
    "late_nul.csv": (
        "appeals",
        APPEALS + _padding(3000) + "05.11.2026,Алматы,Зарплата,1,N1,ТОО \x00Ромашка\n",
        3000, {3002: limits.NUL_CHARACTER},
    ),
    "long_indicator.csv": (
        "region_stats",
        STATS + f"2026-10,Алматы,{_indicator(1400)},5\n2026-10,Астана,{_indicator(900)},6\n",
        1, {2: limits.text_too_large_for_index(limits.INDEX_TEXT_BYTES)},
    ),
}


def _stored_rows(url: str, kind: str) -> int:
    table = store.schema.fact_table(kind).table
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
    finally:
        engine.dispose()


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_values_are_row_errors_and_the_rest_is_stored(db_url, name):
    kind, text, accepted, refused = HOSTILE[name]
    engine = store.get_engine(db_url)
    store.init_db(engine)
    prepared = ingest.prepare(kind, text.encode("utf-8"), name, engine=engine, today=TODAY)
    assert prepared.rows_valid == accepted
    got = dict(zip(prepared.errors["row"], prepared.errors["reason"], strict=True))
    assert got == refused
    report = ingest.commit(engine, prepared, "analyst")
    assert report.rows_loaded == accepted
    assert _stored_rows(db_url, kind) == accepted
    engine.dispose()


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_cli_reports_hostile_files_without_a_traceback(db_url, name, tmp_path, capsys):
    kind, text, accepted, refused = HOSTILE[name]
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    code = cli.main(["ingest", kind, str(path), "--db", db_url, "--json"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert '"rows_loaded": ' + str(accepted) in out
    assert _stored_rows(db_url, kind) == accepted


@pytest.mark.parametrize("lines", [
    "05.11.2026,Алматы,Зарплата,3000000000,A1,ТОО А\n",
    "05.11.2026,Алматы,Зарплата,3," + "Z" * 80 + ",ТОО А\n",
])
def test_a_file_with_no_storable_row_makes_no_batch(db_url, lines, tmp_path, capsys):
    path = tmp_path / "nothing.csv"
    path.write_bytes((APPEALS + lines).encode("utf-8"))
    code = cli.main(["ingest", "appeals", str(path), "--db", db_url])
    captured = capsys.readouterr()
    assert code == cli.EXIT_REFUSED
    assert "No row of «nothing.csv» can be stored: 1 rejected" in captured.err
    assert "row 2" in captured.out
    engine = store.get_engine(db_url)
    assert store.list_batches(engine).empty
    engine.dispose()


def test_the_database_refusing_a_value_after_all_is_a_refusal_not_a_traceback(db_url):
    """The net under validation: a value the report did not see refused in one sentence."""
    engine = store.get_engine(db_url)
    store.init_db(engine)
    text = APPEALS + "05.11.2026,Алматы,Зарплата,3,A1,ТОО А\n"
    prepared = ingest.prepare("appeals", text.encode(), "later.csv", engine=engine, today=TODAY)
    prepared.frame["people"] = pd.array([2**40], dtype="Int64")  # past what was validated
    with pytest.raises(ingest.RefusedFile) as refused:
        ingest.commit(engine, prepared, "analyst")
    assert refused.value.note.key == "ingest.refused.store_refused"
    assert str(refused.value).startswith("The database refused a value of «later.csv» (")
    assert store.list_batches(engine).empty
    engine.dispose()


def test_limits_are_read_from_the_tables():
    """Every fact table's integer, text and indexed text columns are checked."""
    frame = pd.DataFrame({
        "date": pd.to_datetime(["2026-11-05"] * 3),
        "region": ["KZ-75"] * 3,
        "category": ["wage_arrears"] * 3,
        "appeal_id": ["a" * 64, None, "b" * 65],
        "people": pd.array([1, INT_MAX, -5], dtype="Int64"),
        "enterprise_name": ["ok", None, "bad\x00"],
    })
    found = {(e.column, e.reason): list(e.rows) for e in limits.limit_excesses("appeals", frame)}
    assert found == {
        ("appeal_id", limits.text_too_long(64)): [2],
        ("enterprise_name", limits.NUL_CHARACTER): [2],
        # Row 0 adds 1 to the month's people, row 1 brings it to 2^31.
        ("people", limits.total_too_large(INT_MAX)): [1],
    }


def test_totals_stay_within_the_limit_for_the_rows_kept():
    """The rows kept add up to a total the aggregate column holds, whatever their order."""
    rng = np.random.default_rng(5)
    workers = rng.integers(0, 600_000_000, 40)
    frame = pd.DataFrame({
        "report_date": pd.to_datetime(["2026-11-01"] * 40),
        "region": rng.choice(["KZ-75", "KZ-71"], 40),
        "amount_kzt": np.ones(40),
        "workers": pd.array(workers, dtype="Int64"),
    })
    refused = np.zeros(40, dtype=bool)
    for excess in limits.limit_excesses("arrears", frame):
        refused[excess.rows] = True
    kept = frame[~refused]
    assert refused.any()
    assert kept.groupby("region")["workers"].sum().max() <= INT_MAX


def test_the_data_page_reports_a_store_limit_in_russian_and_stores_the_rest(tmp_path,
                                                                               monkeypatch):
    """Through the page: the limit is a row error in the report, the commit stores the rest."""
    import streamlit as st

    from tests.test_page_data import LANG, metric, open_data_page, session_of, table, upload
    from utils import auth, i18n

    url = f"sqlite:///{tmp_path / 'ltm.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("LTM_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    st.cache_data.clear()
    st.cache_resource.clear()
    engine = store.get_engine(url)
    store.init_db(engine)
    auth.create_user(engine, "anna", "analyst", "correct horse battery", actor="cli")
    path = tmp_path / "people.csv"
    path.write_bytes(HOSTILE["people_over_int.csv"][1].replace("2026", "2025").encode())
    at = open_data_page(session_of("anna", "analyst"))
    upload(at, path)
    assert metric(at, "data.rows_to_load") == "1"
    errors = table(at, i18n.t("data.col_reason", LANG))
    assert errors[i18n.t("data.col_reason", LANG)].tolist() == [
        "число больше 2\u00a0147\u00a0483\u00a0647 — наибольшего целого, которое хранит база "
        "данных"
    ]
    at.button(key="data_commit").click()
    at.run()
    assert not at.exception
    assert _stored_rows(url, "appeals") == 1
    st.cache_data.clear()
    st.cache_resource.clear()
    engine.dispose()


def test_a_load_whose_appeals_another_load_stored_meanwhile_makes_no_batch(db_url):
    """Checked against the store at preparation, then stored by another load before commit."""
    engine = store.get_engine(db_url)
    store.init_db(engine)
    first = APPEALS + "05.11.2026,Алматы,Зарплата,1,R1,ТОО А\n05.11.2026,Алматы,Зарплата,1,R2,\n"
    second = APPEALS + "06.11.2026,Астана,Зарплата,1,R1,ТОО Б\n06.11.2026,Астана,Зарплата,1,R2,\n"
    late = ingest.prepare("appeals", second.encode(), "second.csv", engine=engine, today=TODAY)
    assert late.rows_valid == 2  # nothing stored yet when it was checked
    ingest.commit(engine, ingest.prepare("appeals", first.encode(), "first.csv", engine=engine,
                                         today=TODAY), "anna")
    with pytest.raises(ingest.NothingToStore) as refused:
        ingest.commit(engine, late, "adil")
    assert str(refused.value) == "No row of «second.csv» can be stored: 0 rejected, " \
        "2 already loaded."
    assert store.list_batches(engine)["file_name"].tolist() == ["first.csv"]
    assert _stored_rows(db_url, "appeals") == 2
    engine.dispose()
