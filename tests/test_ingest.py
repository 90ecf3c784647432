
import pandas as pd
import pytest
import sqlalchemy as sa

import geo
from tests import files
from utils import ingest, store
from utils.ingest import (
    AMOUNT_MULTIPLIER,
    RefusedFile,
    commit,
    ingest_file,
    prepare,
    read_table,
)

TODAY = "2025-12-31"


def appeals_frame(appeals):
    return pd.DataFrame(
        {
            "date": pd.to_datetime([a.date for a in appeals]),
            "region": [a.region for a in appeals],
            "category": [a.category for a in appeals],
            "appeal_id": [a.appeal_id for a in appeals],
            "enterprise_bin": [a.enterprise_bin for a in appeals],
            "people": pd.array([a.people for a in appeals], dtype="Int64"),
            "status": [a.status for a in appeals],
        }
    )


# --------------------------------------------------------------------------------------
# prepare(): real files, no database.
# --------------------------------------------------------------------------------------


def test_cp1251_appeals_load_whole(tmp_path):
    appeals = files.sample_appeals(40)
    path = files.appeals_cp1251_semicolon(tmp_path / "a.csv", appeals)
    prepared = prepare("appeals", path, today=TODAY)
    assert prepared.errors.empty
    assert prepared.rows_read == 40 and prepared.rows_valid == 40
    got = prepared.frame[["date", "region", "category", "appeal_id", "enterprise_bin", "people",
                          "status"]]
    pd.testing.assert_frame_equal(got, appeals_frame(appeals), check_dtype=False)
    assert prepared.dropped_columns == ["ФИО заявителя", "Телефон"]
    assert "Personal data dropped before storing: «ФИО заявителя», «Телефон»." in \
        prepared.warnings
    assert list(prepared.frame.columns) == [*ingest.get_kind("appeals").column_names,
                                            "district_kato"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_empty_text_cells_are_none_in_every_text_column(tmp_path, suffix):
    """Text columns hold str or None: the store writes None as NULL, a NaN would not be."""
    header = ["Дата регистрации", "Область", "Категория обращения", "Номер обращения", "БИН",
              "Наименование предприятия", "Район", "Статус", "Количество заявителей"]
    bin_ = files.valid_bin(3)
    rows = [
        ["01.03.2025", "Карагандинская область", "Условия труда", "Н-1", bin_, "ТОО «Шахта»",
         "Бухар-Жырауский район", "Рассмотрено", 2],
        ["02.03.2025", "Карагандинская область", "Условия труда", "Н-2", "", "", "", "", 1],
        ["03.03.2025", "Костанайская область", "Охрана труда", "Н-3", bin_, "   ", None,
         "", 1],
    ]
    path = tmp_path / f"appeals{suffix}"
    if suffix == ".csv":
        files.write_csv(path, header, rows, encoding="cp1251", delimiter=";")
    else:
        files.write_xlsx(path, header, rows)
    prepared = prepare("appeals", path, today=TODAY)
    assert prepared.rows_valid == 3, prepared.errors
    frame = prepared.frame
    text_columns = [c for c in frame.columns if frame[c].dtype == object]
    assert {"appeal_id", "enterprise_bin", "enterprise_name", "district", "status"} <= \
        set(text_columns)
    odd = {c: [v for v in frame[c] if v is not None and not isinstance(v, str)]
           for c in text_columns}
    assert odd == dict.fromkeys(text_columns, [])
    assert frame["enterprise_name"].tolist() == ["ТОО «Шахта»", None, None]
    assert frame["district"].tolist()[1:] == [None, None]

@pytest.mark.parametrize("writer", [files.arrears_utf8_bom_comma, files.arrears_tab,
                                    files.arrears_xlsx_with_titles])
def test_arrears_in_every_file_type(tmp_path, writer):
    records = files.sample_arrears(15)
    suffix = ".xlsx" if writer is files.arrears_xlsx_with_titles else ".csv"
    prepared = prepare("arrears", writer(tmp_path / f"arrears{suffix}", records), today=TODAY)
    assert prepared.errors.empty, prepared.errors
    frame = prepared.frame
    assert frame["report_date"].tolist() == [pd.Timestamp(r.report_date) for r in records]
    assert frame["region"].tolist() == [r.region for r in records]
    assert frame["enterprise_bin"].tolist() == [r.enterprise_bin for r in records]
    assert frame["amount_kzt"].tolist() == pytest.approx([r.amount_kzt for r in records])
    assert frame["workers"].tolist() == [r.workers for r in records]


def test_xlsx_drops_the_address_column(tmp_path):
    path = files.arrears_xlsx_with_titles(tmp_path / "a.xlsx", files.sample_arrears(3))
    prepared = prepare("arrears", path, today=TODAY)
    assert prepared.dropped_columns == ["Адрес"]


def _bad_rows_file(tmp_path):
    """Appeals with one bad BIN, one unknown region, 31.02.2025 and one good row between."""
    appeals = files.sample_appeals(8)
    rows = files.appeals_ru_rows(appeals)
    rows[1][4] = files.invalid_bin(5)
    rows[3][1] = "Семипалатинская губерния"
    rows[4][0] = "31.02.2025"
    rows[6][6] = "-2"
    path = files.write_csv(tmp_path / "bad.csv", files.APPEALS_RU_HEADER, rows,
                           encoding="cp1251", delimiter=";")
    return path, appeals, rows


def test_bad_rows_are_rejected_with_row_column_value_reason(tmp_path):
    path, appeals, rows = _bad_rows_file(tmp_path)
    prepared = prepare("appeals", path, today=TODAY)
    expected = [
        {"row": 3, "column": "БИН", "value": rows[1][4],
         "reason": "BIN check digit does not match"},
        {"row": 5, "column": "Область", "value": "Семипалатинская губерния",
         "reason": "unknown region"},
        {"row": 6, "column": "Дата регистрации", "value": "31.02.2025",
         "reason": "date does not exist"},
        {"row": 8, "column": "Количество заявителей", "value": "-2",
         "reason": "must be at least 1"},
    ]
    assert prepared.errors.to_dict("records") == expected
    assert prepared.rows_rejected == 4
    loaded = [a.appeal_id for i, a in enumerate(appeals) if i not in (1, 3, 4, 6)]
    assert prepared.frame["appeal_id"].tolist() == loaded
    assert prepared.unresolved_regions[0]["input"] == "Семипалатинская губерния"
    assert any(w.startswith("Region «Семипалатинская губерния» is not recognised (1 row)")
               for w in prepared.warnings)


SERIAL_CSV_HEADER = "Дата регистрации;Область;Категория\n"


def test_a_day_number_among_written_dates_of_a_csv_is_an_error(tmp_path):
    """``45000`` next to ``05.03.2025`` in a text file is a typo more often than a date."""
    path = tmp_path / "appeals.csv"
    path.write_text(
        SERIAL_CSV_HEADER + "05.03.2025;ВКО;Задолженность по заработной плате\n"
        "45000;ВКО;Задолженность по заработной плате\n",
        encoding="utf-8",
    )
    prepared = prepare("appeals", path, today=TODAY)
    assert prepared.errors.to_dict("records") == [
        {"row": 3, "column": "Дата регистрации", "value": "45000",
         "reason": "a day number among written dates: write it as 31.01.2025"},
    ]
    assert prepared.frame["date"].tolist() == [pd.Timestamp("2025-03-05")]


def test_a_csv_date_column_of_day_numbers_only_is_read_and_said(tmp_path):
    path = tmp_path / "appeals.csv"
    path.write_text(
        SERIAL_CSV_HEADER + "45000;ВКО;Задолженность по заработной плате\n"
        "45716;ВКО;Задолженность по заработной плате\n",
        encoding="utf-8",
    )
    prepared = prepare("appeals", path, today=TODAY)
    assert prepared.errors.empty
    assert prepared.frame["date"].tolist() == [pd.Timestamp("2023-03-15"),
                                               pd.Timestamp("2025-02-28")]
    assert ("Column «Дата регистрации» holds Excel day numbers only; they were read as dates "
            "(45000 = 15.03.2023).") in prepared.warnings


def test_day_numbers_in_a_workbook_date_column_stay_dates(tmp_path):
    frame = pd.DataFrame({
        "Дата регистрации": ["05.03.2025", 45000],
        "Область": ["ВКО", "ВКО"],
        "Категория": ["Задолженность по заработной плате"] * 2,
    })
    path = tmp_path / "appeals.xlsx"
    frame.to_excel(path, index=False)
    prepared = prepare("appeals", path, today=TODAY)
    assert prepared.errors.empty
    assert prepared.frame["date"].tolist() == [pd.Timestamp("2025-03-05"),
                                               pd.Timestamp("2023-03-15")]


def test_negative_and_word_amounts_rejected_in_a_workbook(tmp_path):
    records = files.sample_arrears(6)
    rows = [[r.report_date, r.region_text, r.enterprise_bin, r.enterprise_name, r.amount_kzt,
             r.workers] for r in records]
    rows[2][4] = -15000.0
    rows[4][4] = "1.2 млн"
    path = files.write_xlsx(tmp_path / "a.xlsx", files.ARREARS_XLSX_HEADER[:6], rows,
                            title_rows=files.ARREARS_XLSX_TITLES)
    prepared = prepare("arrears", path, today=TODAY)
    assert prepared.errors.to_dict("records") == [
        {"row": 6, "column": "Сумма задолженности, тенге", "value": "-15000",
         "reason": "negative amount"},
        {"row": 8, "column": "Сумма задолженности, тенге", "value": "1.2 млн",
         "reason": AMOUNT_MULTIPLIER},
    ]
    assert len(prepared.frame) == 4


def test_statistics_office_table(tmp_path):
    table = files.stats_office_arrears(tmp_path / "stat.xlsx")
    prepared = prepare("region_stats", table.path, today=TODAY)
    assert prepared.errors.empty, prepared.errors
    frame = prepared.frame
    assert "KZ" not in set(frame["region"]) and frame["region"].notna().all()
    got = {(r.region, r.period): r.value for r in frame.itertuples()}
    assert got == pytest.approx(table.values)
    assert set(frame["indicator"]) == {"wage_arrears_kzt"}
    assert set(frame["unit"]) == {"KZT"}
    assert set(frame["granularity"]) == {"quarter"}
    first = frame[frame["period"] == table.quarters[0]].iloc[0]
    assert first["period_start"] <= first["period_end"]
    assert "1 row for the whole country (row 4) was not loaded as a region." in prepared.warnings
    assert prepared.rows_read == 21  # total + 20 regions; the footnote below is no data row


def test_region_stats_long_form(tmp_path):
    rows = [["II квартал 2025", "ВКО", "Задолженность по заработной плате", "1 500,5",
             "тыс. тенге", "БНС АСПиР"],
            ["2025-03", "г. Шымкент", "Количество обращений", "12", "ед.", "ЕРАП"],
            ["I полугодие 2025", "г. Шымкент", "Количество обращений", "40", "ед.", "ЕРАП"]]
    path = files.write_csv(tmp_path / "long.csv", ["Период", "Регион", "Показатель", "Значение",
                                                   "Ед. изм.", "Источник"], rows)
    prepared = prepare("region_stats", path, today=TODAY)
    frame = prepared.frame
    assert frame[["period", "region", "indicator", "value", "unit", "source"]].values.tolist() == [
        ["2025-Q2", "KZ-63", "wage_arrears_kzt", 1_500_500.0, "KZT", "БНС АСПиР"],
        ["2025-03", "KZ-79", "appeals", 12.0, "units", "ЕРАП"],
        ["2025-01..06", "KZ-79", "appeals", 40.0, "units", "ЕРАП"],
    ]
    assert frame["granularity"].tolist() == ["quarter", "month", "cumulative"]
    assert prepared.errors.empty


def test_region_stats_wide_by_indicator(tmp_path):
    rows = [["2025-Q1", "Абай", "250,5", "120"], ["2025-Q1", "Республика Казахстан", "9000", "10"]]
    path = files.write_csv(
        tmp_path / "wide.csv",
        ["Период", "Регион", "Задолженность по заработной плате, млн тенге",
         "Численность работников, перед которыми имеется задолженность, чел."],
        rows, delimiter=";")
    prepared = prepare("region_stats", path, today=TODAY)
    got = prepared.frame[["region", "indicator", "value", "unit"]].values.tolist()
    assert got == [["KZ-10", "wage_arrears_kzt", 250_500_000.0, "KZT"],
                   ["KZ-10", "workers_owed", 120.0, "persons"]]


WIDE_BY_INDICATOR = ["Период", "Регион", "Задолженность по заработной плате, млн тенге",
                     "Численность работников, перед которыми имеется задолженность, чел."]


def test_layout_of_official_tables_names_the_columns_read_as_values(tmp_path):
    stats = files.stats_office_arrears(tmp_path / "stat.xlsx")
    layout = ingest.stats_layout(read_table(stats.path))
    assert layout.form == "by_period" and layout.fields == {"region": "Регион"}
    assert layout.values == {
        "III квартал 2024": ("period", "2024-Q3"), "IV квартал 2024": ("period", "2024-Q4"),
        "I квартал 2025": ("period", "2025-Q1"), "II квартал 2025": ("period", "2025-Q2"),
    }
    left_out = ingest.stats_layout(read_table(stats.path), {"II квартал 2025": None})
    assert "II квартал 2025" not in left_out.values
    assert left_out.ignored == ["II квартал 2025"]

    path = files.write_csv(tmp_path / "wide.csv", WIDE_BY_INDICATOR,
                           [["2025-Q1", "Абай", "1", "2"]])
    layout = ingest.stats_layout(read_table(path))
    assert layout.form == "by_indicator"
    assert layout.values == {WIDE_BY_INDICATOR[2]: ("indicator", "wage_arrears_kzt"),
                             WIDE_BY_INDICATOR[3]: ("indicator", "workers_owed")}
    long = ingest.stats_layout(read_table(path), {WIDE_BY_INDICATOR[2]: "value"})
    assert long.form == "long" and long.values == {} and long.ignored == [WIDE_BY_INDICATOR[3]]


def test_columns_of_a_wide_table_left_out_by_the_analyst_are_not_loaded(tmp_path):
    stats = files.stats_office_arrears(tmp_path / "stat.xlsx")
    prepared = prepare("region_stats", stats.path, today=TODAY,
                       column_map={"II квартал 2025": None})
    assert set(prepared.frame["period"]) == {"2024-Q3", "2024-Q4", "2025-Q1"}
    assert len(prepared.frame) == 60 and "II квартал 2025" in prepared.dropped_columns

    rows = [["2025-Q1", "Абай", "250,5", "120"]]
    path = files.write_csv(tmp_path / "wide.csv", WIDE_BY_INDICATOR, rows, delimiter=";")
    prepared = prepare("region_stats", path, today=TODAY,
                       column_map={WIDE_BY_INDICATOR[3]: None})
    assert prepared.frame[["indicator", "value"]].values.tolist() == [
        ["wage_arrears_kzt", 250_500_000.0]]


def test_an_unnamed_region_column_of_an_official_table_is_read_unless_left_out():
    content = "Задолженность по заработной плате\n;2024;2025\nВКО;1;2\nг. Алматы;3;4\n".encode()
    prepared = prepare("region_stats", content, "unnamed.csv", today=TODAY)
    assert prepared.frame[["period", "region", "value"]].values.tolist() == [
        ["2024", "KZ-63", 1.0], ["2025", "KZ-63", 2.0], ["2024", "KZ-75", 3.0],
        ["2025", "KZ-75", 4.0]]
    assert prepared.column_map == {"Column 1": "region"}
    with pytest.raises(RefusedFile, match="no column naming the regions"):
        prepare("region_stats", content, "unnamed.csv", column_map={"Column 1": None})


@pytest.mark.parametrize(
    ("kind", "header", "message"),
    [
        ("appeals", ["Область", "Категория"],
         "«f.csv» has no column for date (expected a header such as «Дата регистрации», "
         "«Registration date» or «date»); it cannot be loaded as appeals."),
        ("arrears", ["Отчетная дата", "Область", "Сумма задолженности", "Количество работников"],
         "«f.csv» names no enterprise: it needs a column «БИН» or «Наименование предприятия»; "
         "it cannot be loaded as arrears."),
        ("layoffs", ["Дата регистрации", "Область", "Категория обращения"],
         "«f.csv» has no column for date, workers (expected a header such as «Дата», «Date» "
         "or «date»); it cannot be loaded as layoffs — it looks like appeals."),
    ],
)
def test_missing_required_columns_refuse_the_file(tmp_path, kind, header, message):
    path = files.write_csv(tmp_path / "f.csv", header, [["x"] * len(header)])
    with pytest.raises(RefusedFile) as refused:
        prepare(kind, path)
    assert str(refused.value) == message


def test_points_outside_their_region_are_named(tmp_path):
    almaty = geo.load_regions().set_index("code").loc["KZ-75"]
    records = files.sample_arrears(2)
    header = ["Отчетная дата", "Область", "БИН", "Сумма задолженности", "Количество работников",
              "Широта", "Долгота"]
    rows = [[r.report_date.isoformat(), "Акмолинская область", r.enterprise_bin, "1000", "3",
             str(almaty.lat), str(almaty.lon)] for r in records]
    prepared = prepare("arrears", files.write_csv(tmp_path / "p.csv", header, rows), today=TODAY)
    assert len(prepared.frame) == 2
    warning = [w for w in prepared.warnings if "not in the stated" in w]
    assert warning == ["2 points (row 2, 3) lie in Almaty (KZ-75), not in the stated "
                       f"{geo.region_name('KZ-11', 'en')} (KZ-11)."]


def test_pre_reform_rows_are_placed_and_reported(tmp_path):
    header = ["Дата регистрации", "Область", "Категория", "Населенный пункт"]
    rows = [["15.03.2021", "Восточно-Казахстанская область", "Прочие", "Семей"],
            ["15.03.2023", "Восточно-Казахстанская область", "Прочие", "Семей"]]
    prepared = prepare("appeals", files.write_csv(tmp_path / "old.csv", header, rows),
                       today=TODAY)
    assert prepared.frame["region"].tolist() == ["KZ-10", "KZ-63"]
    assert prepared.warnings, "the placement is reported"


def test_duplicate_appeal_ids_within_a_file(tmp_path):
    appeals = files.sample_appeals(6)
    rows = files.appeals_ru_rows(appeals)
    rows.append(list(rows[2]))
    prepared = prepare("appeals", files.write_csv(tmp_path / "d.csv", files.APPEALS_RU_HEADER,
                                                  rows, delimiter=";"), today=TODAY)
    assert prepared.rows_duplicate == 1 and len(prepared.frame) == 6
    assert prepared.warnings[-1] == ("1 row (row 8) repeat the appeal_id of an earlier row of "
                                     "this file and were skipped as duplicates.")


# --------------------------------------------------------------------------------------
# commit(): real databases (SQLite file and PostgreSQL).
# --------------------------------------------------------------------------------------


@pytest.fixture
def engine(db_url):
    engine = store.get_engine(db_url)
    store.init_db(engine)
    yield engine
    engine.dispose()


def snapshot(engine) -> dict[str, list[tuple]]:
    """Every row of every table, sorted, so two snapshots compare the whole database."""
    meta = sa.MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        return {
            name: sorted(tuple(map(repr, row)) for row in conn.execute(sa.select(table)))
            for name, table in meta.tables.items()
        }


def test_ingest_report_and_stored_rows(engine, tmp_path):
    path, appeals, _ = _bad_rows_file(tmp_path)
    report = ingest_file(engine, "appeals", path, user="analyst", today=TODAY)
    as_dict = report.to_dict()
    assert as_dict["rows_read"] == 8 and as_dict["rows_loaded"] == 4
    assert as_dict["rows_rejected"] == 4 and as_dict["rows_duplicate"] == 0
    assert [e["row"] for e in as_dict["errors"]] == [3, 5, 6, 8]
    assert as_dict["dropped_columns"] == ["ФИО заявителя", "Телефон"]
    with engine.connect() as conn:
        stored = conn.execute(sa.text("select appeal_id from appeals order by appeal_id"))
        assert [r[0] for r in stored] == sorted(
            a.appeal_id for i, a in enumerate(appeals) if i not in (1, 3, 4, 6))


def test_identical_upload_is_refused(engine, tmp_path):
    path = files.appeals_cp1251_semicolon(tmp_path / "a.csv", files.sample_appeals(5))
    first = ingest_file(engine, "appeals", path, today=TODAY)
    before = snapshot(engine)
    with pytest.raises(RefusedFile, match=rf"^This file is identical to batch {first.batch_id} "
                                          r"loaded on \d{4}-\d\d-\d\d \d\d:\d\d \(a\.csv\)"):
        ingest_file(engine, "appeals", path, today=TODAY)
    prepared = prepare("appeals", path, today=TODAY)  # without an engine: no store check
    with pytest.raises(RefusedFile, match="identical to batch"):
        commit(engine, prepared, "analyst")
    assert snapshot(engine) == before


def test_same_appeals_in_another_file_are_duplicates(engine, tmp_path):
    appeals = files.sample_appeals(10)
    ingest_file(engine, "appeals", files.appeals_cp1251_semicolon(tmp_path / "a.csv", appeals),
                today=TODAY)
    newer = files.sample_appeals(4, seed=7)
    again = files.write_csv(tmp_path / "b.csv", files.APPEALS_RU_HEADER,
                            files.appeals_ru_rows(appeals[:6] + newer), delimiter=",")
    report = ingest_file(engine, "appeals", again, today=TODAY)
    assert (report.rows_read, report.rows_loaded, report.rows_duplicate) == (10, 4, 6)
    with engine.connect() as conn:
        assert conn.execute(sa.text("select count(*) from appeals")).scalar() == 14


#: The only columns named like personal data: where an account's own alerts go, set by an
#: admin or the account itself, never read from an uploaded file.
STAFF_CONTACT = {("users", "email"), ("alert_messages", "address")}


def test_personal_data_never_reaches_the_database(engine, tmp_path):
    appeals = files.sample_appeals(6)
    ingest_file(engine, "appeals", files.appeals_cp1251_semicolon(tmp_path / "a.csv", appeals),
                today=TODAY)
    records = files.sample_arrears(3)
    ingest_file(engine, "arrears",
                files.arrears_xlsx_with_titles(tmp_path / "a.xlsx", records), today=TODAY)
    secrets = {a.full_name for a in appeals} | {a.phone for a in appeals} | {"ул. Улица"}
    for table, rows in snapshot(engine).items():
        for row in rows:
            for value in row:
                assert not any(secret in value for secret in secrets), (table, row)
    meta = sa.MetaData()
    meta.reflect(engine)
    for table in meta.tables.values():
        for column in table.columns:
            if (table.name, column.name) in STAFF_CONTACT:
                continue
            assert not ingest.is_personal_data_header(column.name), (table.name, column.name)


def test_a_load_failing_half_way_leaves_the_database_as_before(engine, tmp_path, monkeypatch):
    ingest_file(engine, "appeals",
                files.appeals_cp1251_semicolon(tmp_path / "a.csv", files.sample_appeals(5)),
                today=TODAY)
    before = snapshot(engine)
    import utils.store.batches as batches

    real_insert = batches.insert_frame
    calls = []

    def insert_then_fail(connection, table, frame):
        calls.append(table.name)
        if len(calls) == 2:  # the fact rows are in; the aggregates fail
            raise RuntimeError("disk full")
        return real_insert(connection, table, frame)

    monkeypatch.setattr(batches, "insert_frame", insert_then_fail)
    path = files.appeals_cp1251_semicolon(tmp_path / "b.csv", files.sample_appeals(7, seed=3))
    with pytest.raises(RuntimeError, match="disk full"):
        ingest_file(engine, "appeals", path, today=TODAY)
    assert calls[0] == "appeals"
    assert snapshot(engine) == before


def test_thousands_of_unknown_regions_give_a_report_of_a_few_lines(tmp_path):
    """Each unknown name stays in the unresolved table; the notes stop after ten."""
    names = [f"Область {index:05d}" for index in range(3000)]
    path = tmp_path / "appeals.csv"
    path.write_text(
        "Дата регистрации;Область;Категория\n"
        + "".join(f"05.03.2025;{name};Задолженность по заработной плате\n" for name in names)
        + "05.03.2025;ВКО;Задолженность по заработной плате\n",
        encoding="utf-8",
    )
    prepared = prepare("appeals", path, today=TODAY)
    assert len(prepared.frame) == 1 and prepared.rows_rejected == 3000
    assert [u["input"] for u in prepared.unresolved_regions] == names
    keys = [w.key for w in prepared.warnings if w.key.startswith("ingest.warning.unknown_region")]
    assert keys == ["ingest.warning.unknown_region"] * 10 + ["ingest.warning.unknown_regions_more"]
    assert prepared.warnings[-1] == (
        "2990 more region names are not recognised (rows: 2990); the table of unrecognised "
        "regions lists every one."
    )
