"""Official statistics tables as they are really published: every stored value is the source
cell of its region, period and granularity, and nothing else is stored.
"""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
import xlsxwriter

from geo.region_history import NOT_YET_FORMED, SOUTH_KAZAKHSTAN_AFTER_SPLIT
from tests import stats_files
from utils import store
from utils.ingest import RefusedFile, commit, localized_note, prepare
from utils.ingest.official_tables import CONFLICTING_VALUE, stats_reading, title_period
from utils.ingest.readers import read_table
from utils.ingest.table_structure import structured_table

TODAY = "2026-06-30"
ROOT = Path(__file__).resolve().parent.parent


def _stored(frame: pd.DataFrame) -> dict[tuple[str, str], tuple[str, float]]:
    pairs = list(zip(frame["region"], frame["period"], strict=True))
    assert len(set(pairs)) == len(pairs), "two values for one region and period"
    return {(r.region, r.period): (r.granularity, r.value) for r in frame.itertuples()}


def _check_cell_by_cell(frame: pd.DataFrame, shape: stats_files.StatsShape) -> None:
    got = _stored(frame)
    assert set(got) == set(shape.expected), (
        sorted(set(got) ^ set(shape.expected))[:10])
    for key, (granularity, value) in shape.expected.items():
        assert got[key][0] == granularity, key
        assert got[key][1] == pytest.approx(value), key
    assert set(frame["indicator"]) == {shape.indicator}
    if shape.unit is not None:
        assert set(frame["unit"]) == {shape.unit}
    if shape.source is not None:
        assert set(frame["source"]) == {shape.source}


BUILDERS = {
    "two_row_quarters.xlsx": stats_files.two_row_quarters_xlsx,
    "two_row_months_kk.xlsx": stats_files.two_row_months_kk_xlsx,
    "english_years.csv": stats_files.english_years_csv,
    "text_numbers.csv": stats_files.text_numbers_csv,
    "footnotes.csv": stats_files.footnotes_csv,
    "transposed.csv": stats_files.transposed_csv,
    "pandas_two_rows_kk.csv": stats_files.pandas_two_rows_kk_csv,
}


@pytest.mark.parametrize("name", list(BUILDERS))
def test_each_shape_stores_exactly_its_source_cells(tmp_path, name):
    shape = BUILDERS[name](tmp_path / name)
    prepared = prepare("region_stats", shape.path, today=TODAY)
    assert prepared.errors.empty, prepared.errors.head(10)
    _check_cell_by_cell(prepared.frame, shape)


def test_merged_years_over_quarters_are_read_from_the_merged_cells(tmp_path):
    shape = stats_files.two_row_quarters_xlsx(tmp_path / "t.xlsx")
    table = read_table(shape.path, kind="region_stats")
    assert ((2, 1, 2, 5) in table.merged) and ((2, 0, 3, 0) in table.merged)
    structured, structure = structured_table(table)
    assert structure.header_rows == 2 and structure.sub_periods == ("quarter", "year")
    assert structure.title == "Уровень безработицы" and structure.note_rows == 1
    assert structure.periods["2023 · I квартал"] == "2023-Q1"
    assert structure.periods["2024 · год"] == "2024"
    facts = [localized_note(fact, "ru") for fact in structure.facts]
    assert "2 строки заголовка: годы × кварталы, год." in facts
    prepared = prepare("region_stats", shape.path, today=TODAY)
    assert "1 row for the whole country (row 5) was not loaded as a region." in prepared.warnings


@pytest.mark.parametrize(("lang", "quarters", "years"), [
    ("ru", "Периоды (кварталы): 8, I квартал 2023 – IV квартал 2024.",
     "Периоды (год): 2, 2023 год – 2024 год."),
    ("kk", "Кезеңдер (тоқсандар): 8, 2023 жылғы I тоқсан – 2024 жылғы IV тоқсан.",
     "Кезеңдер (жыл): 2, 2023 жыл – 2024 жыл."),
    ("en", "Periods (quarters): 8, Q1 2023 – Q4 2024.", "Periods (year): 2, 2023 – 2024."),
])
def test_what_was_understood_says_the_periods_read_in_the_language(tmp_path, lang, quarters,
                                                                   years):
    """Indicator, unit and periods (what will be stored) come first; a title that is only
    the indicator is said once.
    """  # noqa: D205
    shape = stats_files.two_row_quarters_xlsx(tmp_path / "t.xlsx")
    reading = stats_reading(read_table(shape.path, kind="region_stats"))
    facts = [localized_note(fact, lang) for fact in reading.facts]
    assert [fact.key for fact in reading.facts[:4]] == [
        "stats.structure.indicator_from_title", "stats.structure.unit",
        "stats.structure.period_columns", "stats.structure.period_columns"]
    assert facts[2:4] == [quarters, years]
    assert "stats.structure.title" not in [fact.key for fact in reading.facts]


def test_a_power_query_placeholder_row_is_no_title(tmp_path):
    shape = stats_files.power_query_csv(tmp_path / "pq.csv")
    with pytest.raises(RefusedFile, match="does not say which indicator"):
        prepare("region_stats", shape.path, today=TODAY)
    prepared = prepare("region_stats", shape.path, today=TODAY,
                       indicator="Численность безработных")
    assert prepared.errors.empty
    _check_cell_by_cell(prepared.frame, shape)
    structure = structured_table(read_table(shape.path, kind="region_stats"))[1]
    assert structure.placeholder_rows == 1 and structure.title is None


def test_indicators_as_columns_without_a_period_need_the_analysts_period(tmp_path):
    shape = stats_files.indicators_no_period_csv(tmp_path / "no_period.csv")
    with pytest.raises(RefusedFile) as refused:
        prepare("region_stats", shape.path, today=TODAY)
    assert refused.value.note.key == "stats.refused.no_period"
    prepared = prepare("region_stats", shape.path, today=TODAY, period="2025-Q2")
    assert prepared.errors.empty
    frame = prepared.frame
    assert set(frame["period"]) == {"2025-Q2"} and set(frame["granularity"]) == {"quarter"}
    by_indicator = {"Численность безработных": "unemployed", "Уровень безработицы": "rate"}
    got = {(r.region, by_indicator[r.indicator]): r.value for r in frame.itertuples()}
    assert got == pytest.approx({k: v for k, (_, v) in shape.expected.items()})
    with pytest.raises(RefusedFile, match="is not a period"):
        prepare("region_stats", shape.path, today=TODAY, period="весной")


def test_south_kazakhstan_and_the_regions_of_2022_are_checked_against_the_period(tmp_path):
    shape = stats_files.abolished_regions_csv(tmp_path / "old.csv")
    prepared = prepare("region_stats", shape.path, today=TODAY)
    _check_cell_by_cell(prepared.frame, shape)
    errors = {(r.row, r.reason) for r in prepared.errors.itertuples()}
    assert errors == {(3, SOUTH_KAZAKHSTAN_AFTER_SPLIT), (6, NOT_YET_FORMED)}
    (placed,) = [w for w in prepared.warnings if w.key == "stats.warning.south_kazakhstan"]
    assert placed.params["count"] == 1
    assert "Shymkent" in placed and "Turkistan Region" in placed
    shown = localized_note(placed, "ru")
    assert "Шымкент" in shown and "Туркестанская" in shown


def test_two_values_for_one_region_are_both_refused_naming_each_other(tmp_path):
    shape = stats_files.duplicated_region_csv(tmp_path / "twice.csv")
    prepared = prepare("region_stats", shape.path, today=TODAY)
    _check_cell_by_cell(prepared.frame, shape)
    reasons = dict(zip(prepared.errors["row"], prepared.errors["reason"], strict=True))
    assert reasons == {3: CONFLICTING_VALUE.format(rows="5"),
                       5: CONFLICTING_VALUE.format(rows="3")}
    assert prepared.rows_duplicate == 0


def test_a_later_file_restating_values_reports_them_replaced(tmp_path, db_url):
    engine = store.get_engine(db_url)
    store.init_db(engine)
    first = stats_files.footnotes_csv(tmp_path / "first.csv")
    report = commit(engine, prepare("region_stats", first.path, engine=engine, today=TODAY),
                    "analyst")
    assert report.rows_loaded == len(first.expected)
    lines = first.path.read_text(encoding="utf-8").splitlines()
    region_line = lines[3].split(";")
    region_line[2] = str(int(region_line[2]) + 1)
    lines[3] = ";".join(region_line)
    second = tmp_path / "second.csv"
    second.write_text("\n".join(lines) + "\n", encoding="utf-8")
    prepared = prepare("region_stats", second, engine=engine, today=TODAY)
    (restated,) = [w for w in prepared.warnings if w.key == "stats.warning.restated"]
    assert restated.params == {"count": len(first.expected), "changed": 1,
                               "batches": str(report.batch_id)}
    commit(engine, prepared, "analyst")
    with engine.connect() as connection:
        rows = connection.execute(sa.text(
            "select count(*) from region_stats")).scalar()
    assert rows == 2 * len(first.expected)  # the earlier batch stays until undone


def test_a_two_row_table_round_trips_through_the_store(tmp_path, db_url):
    engine = store.get_engine(db_url)
    store.init_db(engine)
    shape = stats_files.two_row_months_kk_xlsx(tmp_path / "kk.xlsx")
    commit(engine, prepare("region_stats", shape.path, engine=engine, today=TODAY), "analyst")
    stored = pd.read_sql("select region, period, granularity, indicator, value, unit "
                         "from region_stats", engine)
    _check_cell_by_cell(stored, shape)


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "cli.py", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def test_the_command_line_asks_for_the_period_and_takes_it(tmp_path, sqlite_url):
    shape = stats_files.indicators_no_period_csv(tmp_path / "no_period.csv")
    refused = _cli("ingest", "region_stats", str(shape.path), "--db", sqlite_url)
    assert refused.returncode == 2
    assert "does not say which period" in refused.stderr + refused.stdout
    done = _cli("ingest", "region_stats", str(shape.path), "--db", sqlite_url,
                "--period", "2022", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["rows_loaded"] == len(shape.expected)
    engine = store.get_engine(sqlite_url)
    stored = pd.read_sql("select distinct period, granularity from region_stats", engine)
    assert stored.values.tolist() == [["2022", "year"]]


def test_the_command_line_takes_the_indicator(tmp_path, sqlite_url):
    shape = stats_files.power_query_csv(tmp_path / "pq.csv")
    assert _cli("ingest", "region_stats", str(shape.path), "--db", sqlite_url).returncode == 2
    done = _cli("ingest", "region_stats", str(shape.path), "--db", sqlite_url,
                "--indicator", "Численность безработных", "--json")
    assert done.returncode == 0, done.stderr
    engine = store.get_engine(sqlite_url)
    stored = pd.read_sql("select region, period, granularity, indicator, value, unit "
                         "from region_stats", engine)
    _check_cell_by_cell(stored, shape)


def test_screens_show_the_granularity_that_matches_the_chosen_months(tmp_path, sqlite_url):
    from utils import metrics
    from utils.screens.map import official_note

    engine = store.get_engine(sqlite_url)
    store.init_db(engine)
    shape = stats_files.two_row_quarters_xlsx(tmp_path / "q.xlsx")
    commit(engine, prepare("region_stats", shape.path, engine=engine, today=TODAY), "analyst")
    key = metrics.OFFICIAL_PREFIX + shape.indicator
    code = "KZ-19"
    for start, end, label, granularity in (("2024-01", "2024-03", "2024-Q1", "quarter"),
                                           ("2024-01", "2024-12", "2024", "year"),
                                           ("2024-04", "2024-06", "2024-Q2", "quarter")):
        values = metrics.region_values(engine, key, start, end).set_index("code")["value"]
        assert values[code] == pytest.approx(shape.expected[(code, label)][1])
        assert metrics.official_granularity(engine, shape.indicator, start, end) == granularity
    official = metrics.official_indicators(engine)
    note = official_note(official, key, "2024", "ru", "year")
    assert "ежегодно" in note


def test_years_above_the_header_row_and_a_title_repeated_cell_by_cell(tmp_path):
    """The header found is the lower row («Region», months); the year is merged above it;
    the title is written in every cell of its row, with a footnote marker.
    """  # noqa: D205
    path = tmp_path / "months.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    for column in range(4):
        sheet.write(0, column, "Unemployment rate1)")
    sheet.merge_range(1, 1, 1, 3, 2024)
    sheet.write_row(2, 0, ["Region", "January", "February", "March"])
    sheet.write_row(3, 0, ["Akmolinskaya", 1.5, 2.5, 3.5])
    sheet.write_row(4, 0, ["Almaty city", 4.5, 5.5, 6.5])
    workbook.close()
    prepared = prepare("region_stats", path, today=TODAY)
    assert prepared.errors.empty
    got = {(r.region, r.period, r.granularity, r.indicator): r.value
           for r in prepared.frame.itertuples()}
    assert got == {
        ("KZ-11", "2024-01", "month", "Unemployment rate"): 1.5,
        ("KZ-11", "2024-02", "month", "Unemployment rate"): 2.5,
        ("KZ-11", "2024-03", "month", "Unemployment rate"): 3.5,
        ("KZ-75", "2024-01", "month", "Unemployment rate"): 4.5,
        ("KZ-75", "2024-02", "month", "Unemployment rate"): 5.5,
        ("KZ-75", "2024-03", "month", "Unemployment rate"): 6.5,
    }


@pytest.mark.parametrize(
    ("title", "period"),
    [
        ("Численность безработных за 2022 год", "2022"),
        ("Уровень безработицы за I квартал 2025 года", "2025-Q1"),
        ("Жұмыссыздар саны, 2024 жылғы қаңтар-наурыз", "2024-01..03"),
        ("Численность населения на 1 января 2025 года", None),
        ("Численность безработных в 2020-2024 годах", None),
        ("Численность безработных", None),
    ],
)
def test_the_period_a_title_names(title, period):
    found = title_period(title)
    assert (found[0] if found else None) == period


def test_a_time_series_never_mixes_a_year_with_its_quarters(tmp_path, sqlite_url):
    from utils import metrics

    engine = store.get_engine(sqlite_url)
    store.init_db(engine)
    shape = stats_files.two_row_quarters_xlsx(tmp_path / "q.xlsx")
    commit(engine, prepare("region_stats", shape.path, engine=engine, today=TODAY), "analyst")
    key = metrics.OFFICIAL_PREFIX + shape.indicator
    series = metrics.monthly_series(engine, key, "2023-01", "2024-12", region="KZ-19")
    quarters = {f"{y}-{3 * q:02d}": shape.expected[("KZ-19", f"{y}-Q{q}")][1]
                for y in (2023, 2024) for q in (1, 2, 3, 4)}
    assert dict(zip(series["month"], series["value"], strict=True)) == pytest.approx(quarters)
    assert metrics.official_granularity(engine, shape.indicator, "2023-01", "2024-12",
                                        series=True) == "quarter"
