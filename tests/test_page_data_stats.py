"""The data page with official statistics tables as published: the mapping step says what was
understood, asks for what the table does not say, previews the values as stored, and the
commit stores exactly them.
"""

from __future__ import annotations

import sqlite3

import pytest

from tests import stats_files
from tests.test_page_data import (  # noqa: F401  (fixtures)
    LANG,
    accounts,
    engine,
    metric,
    open_data_page,
    run,
    session_of,
    table,
    texts,
    upload,
)
from utils import i18n
from utils.ui.components import escape_markdown


def _stored(tmp_path) -> dict[tuple[str, str], tuple[str, float]]:
    with sqlite3.connect(tmp_path / "ltm.db") as connection:
        rows = connection.execute(
            "SELECT region, period, granularity, value FROM region_stats").fetchall()
    assert len({(r, p) for r, p, _, _ in rows}) == len(rows)
    return {(region, period): (granularity, value) for region, period, granularity, value in rows}


def _same(got: dict, expected: dict) -> None:
    assert set(got) == set(expected)
    for key, (granularity, value) in expected.items():
        assert got[key][0] == granularity and got[key][1] == pytest.approx(value), key


@pytest.mark.usefixtures("accounts")
def test_a_two_header_row_table_is_understood_previewed_and_stored(tmp_path):
    shape = stats_files.two_row_quarters_xlsx(tmp_path / "безработица.xlsx")
    at = open_data_page(session_of("anna", "analyst"))
    upload(at, shape.path, kind="region_stats")

    shown = "\n".join(texts(at))
    assert i18n.t("stats.understood", LANG) in shown
    assert escape_markdown("2 строки заголовка: годы × кварталы, год.") in shown
    assert escape_markdown("Показатель из заголовка: «Уровень безработицы».") in shown
    assert escape_markdown("Единица: %.") in shown
    periods = "Периоды (кварталы): 8, I квартал 2023 – IV квартал 2024."
    assert escape_markdown(periods) in shown
    notes = "Строк примечаний и сносок под таблицей не прочитано как данные: 1."
    assert escape_markdown(notes) in shown
    assert not [t for t in at.text_input if t.key and t.key.startswith("data_stats_period_")]
    assert metric(at, "data.rows_to_load") == str(len(shape.expected))

    preview = table(at, "Область", "Период", "Периодичность", "Показатель", "Значение")
    first = preview.iloc[0]
    assert first["Период"] == "I квартал 2023" and first["Периодичность"] == "квартал"
    # the unit and the source every value shares are said once, not in a column each
    assert "Источник" not in preview.columns and "Единица измерения" not in preview.columns
    captions = " ".join(c.value for c in at.caption)
    assert "Единица измерения: %; Источник: " in captions
    assert first["Показатель"] == "Уровень безработицы"

    at.button(key="data_commit").click()
    run(at)
    _same(_stored(tmp_path), shape.expected)


@pytest.mark.usefixtures("accounts")
def test_a_table_without_a_period_asks_for_it_and_stores_under_it(tmp_path):
    shape = stats_files.indicators_no_period_csv(tmp_path / "без_периода.csv")
    at = open_data_page(session_of("anna", "analyst"))
    upload(at, shape.path, kind="region_stats")

    assert escape_markdown("Период: укажите его.") in "\n".join(texts(at))
    fields = [t for t in at.text_input if t.key and t.key.startswith("data_stats_period_")]
    assert len(fields) == 1 and fields[0].label == i18n.t("stats.period_field", LANG)
    assert not [b for b in at.button if b.key == "data_commit"]  # refused until given
    assert any("не сказано, за какой период" in str(e.value) for e in at.error)

    fields[0].set_value("2022")
    run(at)
    assert escape_markdown("Период указан вами: 2022 год.") in "\n".join(texts(at))
    assert not at.error
    at.button(key="data_commit").click()
    run(at)
    with sqlite3.connect(tmp_path / "ltm.db") as connection:
        periods = connection.execute(
            "SELECT DISTINCT period, granularity FROM region_stats").fetchall()
        rows = connection.execute("SELECT region, indicator, value FROM region_stats").fetchall()
    assert periods == [("2022", "year")] and len(rows) == len(shape.expected)
    names = {"Численность безработных": "unemployed", "Уровень безработицы": "rate"}
    got = {(region, names[indicator]): value for region, indicator, value in rows}
    assert got == pytest.approx({key: value for key, (_, value) in shape.expected.items()})


@pytest.mark.usefixtures("accounts")
def test_a_table_whose_indicator_has_no_name_asks_for_it_and_stores_under_it(tmp_path):
    shape = stats_files.untitled_years_csv(tmp_path / "по_годам.csv")
    at = open_data_page(session_of("anna", "analyst"))
    upload(at, shape.path, kind="region_stats")

    assert escape_markdown("Показатель: укажите его.") in "\n".join(texts(at))
    fields = [t for t in at.text_input if t.key and t.key.startswith("data_stats_indicator_")]
    assert len(fields) == 1 and fields[0].label == i18n.t("stats.indicator_field", LANG)
    assert not [t for t in at.text_input if t.key and t.key.startswith("data_stats_period_")]
    assert not [b for b in at.button if b.key == "data_commit"]  # refused until given
    assert any("какой показатель" in str(e.value) for e in at.error)

    fields[0].set_value("Численность безработных")
    run(at)
    shown = "\n".join(texts(at))
    assert escape_markdown("Показатель указан вами: «Численность безработных».") in shown
    assert not at.error
    preview = table(at, "Область", "Период", "Показатель")
    assert preview.iloc[0]["Период"] == "2023 год"
    at.button(key="data_commit").click()
    run(at)
    with sqlite3.connect(tmp_path / "ltm.db") as connection:
        indicators = connection.execute("SELECT DISTINCT indicator FROM region_stats").fetchall()
    assert indicators == [("Численность безработных",)]
    _same(_stored(tmp_path), shape.expected)
