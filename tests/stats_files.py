"""Official statistics tables in the shapes the bureau and open-data republications publish.

Each builder writes a real file (XLSX with merged cells, or CSV as exported) and returns what
a correct load stores: one value per region and period, with its granularity, taken from the
source cell that the builder wrote. Tests compare the stored values with these cell by cell.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter

from tests.files import regions

QUARTERS_RU = ("I квартал", "II квартал", "III квартал", "IV квартал")
QUARTERS_KK = ("I тоқсан", "II тоқсан", "III тоқсан", "IV тоқсан")
MONTHS_KK = ("қаңтар", "ақпан", "наурыз")
MONTHS_RU = ("январь", "февраль", "март")


@dataclass
class StatsShape:
    """A written table and what loading it must store.

    Attributes
    ----------
    expected
        ``(region ISO code, period label) -> (granularity, value)``: every value to store.
    indicator
        The indicator every stored value must carry.
    """

    path: Path
    expected: dict[tuple[str, str], tuple[str, float]]
    indicator: str
    unit: str | None = None
    source: str | None = None
    extra: dict = field(default_factory=dict)


def _value(rng: random.Random) -> float:
    return round(rng.uniform(1, 9_000), 1)


def _ru_name(unit: dict) -> str:
    return unit["name_ru"]


def two_row_quarters_xlsx(path: Path, years: tuple[int, ...] = (2023, 2024)) -> StatsShape:
    """Bureau table: a merged title with a footnote marker, units row, two header rows.

    The upper header row holds years merged over «I квартал … IV квартал, год»; «Регион»
    is merged down over both rows; the first row is the country total; a footnote closes
    the table; one quarter cell is empty and one year cell is «-».
    """
    rng = random.Random(11)
    units = regions()
    subs = (*QUARTERS_RU, "год")
    width = 1 + len(years) * len(subs)
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Лист1")
    sheet.merge_range(0, 0, 0, width - 1, "Уровень безработицы1)")
    sheet.write(1, 0, "(в процентах)")
    sheet.merge_range(2, 0, 3, 0, "Регион")
    for index, year in enumerate(years):
        first = 1 + index * len(subs)
        sheet.merge_range(2, first, 2, first + len(subs) - 1, year)
        for offset, sub in enumerate(subs):
            sheet.write(3, first + offset, sub)
    expected: dict[tuple[str, str], tuple[str, float]] = {}
    row = 4
    sheet.write(row, 0, "Республика Казахстан")
    for column in range(1, width):
        sheet.write(row, column, 4.8)
    for number, unit in enumerate(units):
        row += 1
        sheet.write(row, 0, _ru_name(unit))
        for index, year in enumerate(years):
            for offset, sub in enumerate(subs):
                column = 1 + index * len(subs) + offset
                if number == 0 and offset == 1:
                    continue  # an empty cell: no value
                if number == 1 and sub == "год":
                    sheet.write(row, column, "-")
                    continue
                value = round(rng.uniform(3, 8), 1)  # a rate in per cent, as the title says
                sheet.write(row, column, value)
                label = str(year) if sub == "год" else f"{year}-Q{offset + 1}"
                expected[(unit["code"], label)] = ("year" if sub == "год" else "quarter", value)
    sheet.write(row + 1, 0, "1) По данным выборочного обследования рабочей силы.")
    workbook.close()
    return StatsShape(Path(path), expected, "Уровень безработицы", unit="%")


def two_row_months_kk_xlsx(path: Path, years: tuple[int, ...] = (2024, 2025)) -> StatsShape:
    """Kazakh table: «Өңір», years merged over «қаңтар, ақпан, наурыз, қаңтар–наурыз»."""
    rng = random.Random(12)
    units = regions()
    subs = (*MONTHS_KK, "қаңтар–наурыз")
    width = 1 + len(years) * len(subs)
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Кесте")
    sheet.merge_range(0, 0, 0, width - 1, "Жұмыссыздар саны, адам")
    sheet.merge_range(1, 0, 2, 0, "Өңір")
    for index, year in enumerate(years):
        first = 1 + index * len(subs)
        sheet.merge_range(1, first, 1, first + len(subs) - 1, f"{year} жыл")
        for offset, sub in enumerate(subs):
            sheet.write(2, first + offset, sub)
    expected: dict[tuple[str, str], tuple[str, float]] = {}
    row = 2
    for unit in units:
        row += 1
        sheet.write(row, 0, unit["name_kk"])
        for index, year in enumerate(years):
            for offset in range(len(subs)):
                value = float(rng.randint(100, 90_000))
                sheet.write(row, 1 + index * len(subs) + offset, value)
                if offset < 3:
                    expected[(unit["code"], f"{year}-{offset + 1:02d}")] = ("month", value)
                else:
                    expected[(unit["code"], f"{year}-01..03")] = ("cumulative", value)
    sheet.write(row + 1, 0, "Қазақстан Республикасы")
    for column in range(1, width):
        sheet.write(row + 1, column, 1.0)
    workbook.close()
    return StatsShape(Path(path), expected, "Жұмыссыздар саны, адам", unit="persons")


#: English names as republications write them, with the code each must resolve to.
ENGLISH_NAMES = {
    "Akmolinskaya": "KZ-11", "Aktyubinsk": "KZ-15", "Alma-Ata's region": "KZ-19",
    "Atyrau": "KZ-23", "Western-Kazakhstan": "KZ-27", "Zhambyl": "KZ-31",
    "Karaganda": "KZ-35", "Kostanaiskaya": "KZ-39", "Kyzylorda": "KZ-43",
    "Mangystau": "KZ-47", "Pavlodar": "KZ-55", "North Kazakhstan": "KZ-59",
    "Turkestanskaya 3)": "KZ-61", "Eastern Kazakhstan": "KZ-63", "Astana city": "KZ-71",
    "Almaty city": "KZ-75", "Shimkent city 3)": "KZ-79",
}


def english_years_csv(path: Path, years: tuple[int, ...] = (2019, 2020, 2021)) -> StatsShape:
    """English republication: «Region name», years as columns, transliterated names."""
    rng = random.Random(13)
    rows = [["Average monthly nominal wage, tenge"],
            ["Region name", *[str(y) for y in years]],
            ["The Republic Of Kazakhstan", *["250000"] * len(years)]]
    expected: dict[tuple[str, str], tuple[str, float]] = {}
    for name, code in ENGLISH_NAMES.items():
        values = [float(rng.randint(150_000, 600_000)) for _ in years]
        rows.append([name, *[f"{v:.0f}" for v in values]])
        for year, value in zip(years, values, strict=True):
            expected[(code, str(year))] = ("year", value)
    rows.append(["3) Until 2018 part of South Kazakhstan Region."])
    _write_csv(path, rows, delimiter=",")
    return StatsShape(Path(path), expected, "Average monthly nominal wage, tenge", unit="KZT")


def power_query_csv(path: Path) -> StatsShape:
    """A Power Query export: a «Column1, Column2 …» row above the real header, no title."""
    rng = random.Random(14)
    periods = ("2024", "2025")
    rows = [[f"Column{i}" for i in range(1, len(periods) + 2)], ["Регион", *periods]]
    expected: dict[tuple[str, str], tuple[str, float]] = {}
    for unit in regions():
        values = [_value(rng) for _ in periods]
        rows.append([_ru_name(unit), *[str(v).replace(".", ",") for v in values]])
        for period, value in zip(periods, values, strict=True):
            expected[(unit["code"], period)] = ("year", value)
    _write_csv(path, rows)
    return StatsShape(Path(path), expected, "Численность безработных")


def text_numbers_csv(path: Path) -> StatsShape:
    """Numbers written as text: spaces and non-breaking spaces between thousands, decimal
    comma, and every mark of a missing value («-», «–», «…», «x», «х», «.», empty).
    """  # noqa: D205
    marks = ["-", "–", "…", "x", "х", ".", ""]
    rows = [["Численность наёмных работников, человек"], ["Регионы", "I квартал 2025",
                                                          "II квартал 2025"]]
    expected: dict[tuple[str, str], tuple[str, float]] = {}
    for number, unit in enumerate(regions()):
        first = 1000 * (number + 1) + 234.5
        second = 12_345_000 + number
        written_first = f"{int(first) // 1000} {int(first) % 1000:03d},5"
        written_second = f"{second // 1_000_000}\u00a0{second // 1000 % 1000:03d}\u00a0" \
            f"{second % 1000:03d}"
        if number < len(marks):
            written_second = marks[number]
        else:
            expected[(unit["code"], "2025-Q2")] = ("quarter", float(second))
        expected[(unit["code"], "2025-Q1")] = ("quarter", first)
        rows.append([_ru_name(unit), written_first, written_second])
    _write_csv(path, rows)
    return StatsShape(Path(path), expected, "Численность наёмных работников, человек",
                      unit="persons")


def footnotes_csv(path: Path) -> StatsShape:
    """Footnote markers above (title, header, names) and notes below, with the source."""
    rng = random.Random(15)
    rows = [["Численность безработных*", "", ""], ["", "", ""],
            ["Область", "2023**", "2024"]]
    expected: dict[tuple[str, str], tuple[str, float]] = {}
    for number, unit in enumerate(regions()):
        values = [float(rng.randint(1000, 50_000)) for _ in range(2)]
        name = _ru_name(unit) + (" 1)" if number % 5 == 0 else "*" if number % 7 == 0 else "")
        rows.append([name, *[f"{v:.0f}" for v in values]])
        expected[(unit["code"], "2023")] = ("year", values[0])
        expected[(unit["code"], "2024")] = ("year", values[1])
    rows += [["* Оценка по данным обследования рабочей силы.", "", ""],
             ["** Пересмотренные данные.", "", ""],
             ["Источник: Бюро национальной статистики АСПиР РК", "", ""]]
    _write_csv(path, rows)
    return StatsShape(Path(path), expected, "Численность безработных",
                      source="Бюро национальной статистики АСПиР РК")


def transposed_csv(path: Path) -> StatsShape:
    """Periods as rows, regions as column headers."""
    rng = random.Random(16)
    units = regions()
    periods = ("2022", "2023", "2024")
    rows = [["Количество трудовых споров"], ["Год", *[_ru_name(u) for u in units]]]
    expected: dict[tuple[str, str], tuple[str, float]] = {}
    for period in periods:
        values = [float(rng.randint(0, 300)) for _ in units]
        rows.append([f"{period} год", *[f"{v:.0f}" for v in values]])
        for unit, value in zip(units, values, strict=True):
            expected[(unit["code"], period)] = ("year", value)
    _write_csv(path, rows)
    return StatsShape(Path(path), expected, "Количество трудовых споров")


def indicators_no_period_csv(path: Path) -> StatsShape:
    """«Регионы» and one column per indicator; no period anywhere in the table."""
    rng = random.Random(17)
    rows = [["Регионы", "Численность безработных, человек", "Уровень безработицы, %"]]
    expected: dict[tuple[str, str], tuple[str, float]] = {}
    for unit in regions():
        unemployed, rate = float(rng.randint(1000, 40_000)), round(rng.uniform(3, 6), 1)
        rows.append([_ru_name(unit), f"{unemployed:.0f}", str(rate).replace(".", ",")])
        expected[(unit["code"], "unemployed")] = ("", unemployed)
        expected[(unit["code"], "rate")] = ("", rate)
    _write_csv(path, rows)
    return StatsShape(Path(path), expected, "")


def untitled_years_csv(path: Path, years: tuple[int, ...] = (2023, 2024)) -> StatsShape:
    """«Регион» and one column per year, with neither a title nor an indicator column."""
    rng = random.Random(29)
    rows = [["Регион", *(str(year) for year in years)]]
    expected: dict[tuple[str, str], tuple[str, float]] = {}
    for unit in regions():
        values = [_value(rng) for _ in years]
        rows.append([_ru_name(unit), *(str(v).replace(".", ",") for v in values)])
        for year, value in zip(years, values, strict=True):
            expected[(unit["code"], str(year))] = ("year", value)
    _write_csv(path, rows)
    return StatsShape(Path(path), expected, "")


def abolished_regions_csv(path: Path) -> StatsShape:
    """Years 2017, 2019 and 2021, 2022: South Kazakhstan and the regions of 2022 in them."""
    rows = [["Численность безработных"], ["Регион", "2017", "2019", "2021", "2022"],
            ["Южно-Казахстанская область", "100", "200", "-", "-"],
            ["Туркестанская область", "-", "150", "160", "170"],
            ["город Шымкент", "-", "50", "60", "70"],
            ["Абайская область", "-", "-", "300", "310"],
            ["Восточно-Казахстанская область", "900", "910", "920", "600"]]
    _write_csv(path, rows)
    expected = {
        ("KZ-61", "2017"): ("year", 100.0),
        ("KZ-61", "2019"): ("year", 150.0), ("KZ-61", "2021"): ("year", 160.0),
        ("KZ-61", "2022"): ("year", 170.0),
        ("KZ-79", "2019"): ("year", 50.0), ("KZ-79", "2021"): ("year", 60.0),
        ("KZ-79", "2022"): ("year", 70.0),
        ("KZ-10", "2022"): ("year", 310.0),
        ("KZ-63", "2017"): ("year", 900.0), ("KZ-63", "2019"): ("year", 910.0),
        ("KZ-63", "2021"): ("year", 920.0), ("KZ-63", "2022"): ("year", 600.0),
    }
    return StatsShape(Path(path), expected, "Численность безработных",
                      extra={"errors": {(3, "2019"), (6, "2021")}})


def duplicated_region_csv(path: Path) -> StatsShape:
    """«Акмолинская область» written twice with different values; the other regions once."""
    rows = [["Численность безработных"], ["Регион", "2024"],
            ["Акмолинская область", "100"], ["Актюбинская область", "200"],
            ["Акмолинская обл.", "120"], ["г. Алматы", "300"]]
    _write_csv(path, rows)
    expected = {("KZ-15", "2024"): ("year", 200.0), ("KZ-75", "2024"): ("year", 300.0)}
    return StatsShape(Path(path), expected, "Численность безработных",
                      extra={"clashing_rows": (3, 5)})


def pandas_two_rows_kk_csv(path: Path) -> StatsShape:
    """A two-row Kazakh header exported by pandas: «Unnamed: 2» where the year was merged."""
    rng = random.Random(18)
    years = (2023, 2024)
    subs = (*QUARTERS_KK, "жыл")
    upper = ["Аймақтар"]
    lower = [""]
    for year in years:
        upper += [str(year)] + [f"Unnamed: {len(upper) + i}" for i in range(1, len(subs))]
        lower += list(subs)
    rows = [["Орташа айлық жалақы, теңге"], upper, lower]
    expected: dict[tuple[str, str], tuple[str, float]] = {}
    for unit in regions():
        cells = [unit["name_kk"]]
        for year in years:
            for offset, sub in enumerate(subs):
                value = float(rng.randint(200_000, 700_000))
                cells.append(f"{value:.0f}")
                label = str(year) if sub == "жыл" else f"{year}-Q{offset + 1}"
                expected[(unit["code"], label)] = ("year" if sub == "жыл" else "quarter", value)
        rows.append(cells)
    _write_csv(path, rows)
    return StatsShape(Path(path), expected, "Орташа айлық жалақы, теңге", unit="KZT")


def _write_csv(path: Path, rows: list[list[str]], delimiter: str = ";") -> None:
    width = max(len(row) for row in rows)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        for row in rows:
            writer.writerow(list(row) + [""] * (width - len(row)))
