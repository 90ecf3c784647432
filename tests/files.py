"""Builders that write the real files analysts send: CSV dialects and Excel workbooks.

Test data is code: each scenario builder draws canonical records (real region names from
the reference, valid BINs from ``utils.ingest``), writes them the way a registry or a
statistics office would, and returns the records so tests compare what loads with what
was written, never with numbers copied by hand.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from geo.reference import load_regions
from utils.ingest import make_bin_near

APPEAL_CATEGORY_RU = {
    "wage_arrears": "Задолженность по заработной плате",
    "dismissal": "Незаконное увольнение",
    "layoffs": "Сокращение штата",
    "working_conditions": "Условия труда",
    "safety": "Охрана труда",
    "labor_contract": "Трудовой договор",
    "social_benefits": "Социальные выплаты",
    "other": "Прочие",
}
STATUS_RU = {"received": "Зарегистрировано", "in_progress": "На рассмотрении",
             "resolved": "Рассмотрено", "rejected": "Отказано"}


def regions() -> list[dict]:
    """Return the 20 reference regions as dicts (code, name_ru, name_kk, name_en).

    ``name_ru`` is the Russian name a Windows-1251 file can hold (an alias when the
    reference name carries a Kazakh letter, as «область Ұлытау» does).
    """
    frame = load_regions()[["code", "name_ru", "name_kk", "name_en", "aliases"]]
    records = frame.to_dict("records")
    for record in records:
        if not _fits_cp1251(record["name_ru"]):
            record["name_ru"] = next(
                alias for alias in record["aliases"].split(";")
                if _fits_cp1251(alias) and any("а" <= ch <= "я" for ch in alias.lower())
            )
        del record["aliases"]
    return records


def _fits_cp1251(text: str) -> bool:
    try:
        text.encode("cp1251")
    except UnicodeEncodeError:
        return False
    return True


def valid_bin(seed: int) -> str:
    """Return a valid BIN derived from an integer (deterministic)."""
    return make_bin_near(f"{(seed * 7919 + 100000000) % 10**11:011d}")


def invalid_bin(seed: int) -> str:
    """Return a 12-digit BIN whose check digit is wrong."""
    good = valid_bin(seed)
    return good[:11] + str((int(good[11]) + 1) % 10)


@dataclass
class Appeal:
    date: dt.date
    region: str  # ISO code
    region_text: str
    category: str
    appeal_id: str
    enterprise_bin: str
    enterprise_name: str
    people: int
    status: str
    full_name: str
    phone: str


def sample_appeals(count: int, seed: int = 1, prefix: str = "A") -> list[Appeal]:
    """Return ``count`` deterministic appeals spread over the regions and categories."""
    rng = random.Random(seed)
    units = regions()
    out = []
    for i in range(count):
        unit = units[i % len(units)]
        out.append(
            Appeal(
                date=dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(0, 500)),
                region=unit["code"],
                region_text=unit["name_ru"],
                category=list(APPEAL_CATEGORY_RU)[i % len(APPEAL_CATEGORY_RU)],
                appeal_id=f"{prefix}-{seed}-{i:05d}",
                enterprise_bin=valid_bin(seed * 1000 + i % 7),
                enterprise_name=f"ТОО «Вымышленный завод {i % 7}»",
                people=1 + (i % 5 == 0) * rng.randrange(2, 60),
                status=list(STATUS_RU)[i % len(STATUS_RU)],
                full_name=f"Иванов Иван {i}",
                phone=f"+7 701 555 {i:04d}",
            )
        )
    return out


# --------------------------------------------------------------------------------------
# Writers.
# --------------------------------------------------------------------------------------


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    bom: bool = False,
    preamble: Sequence[str] = (),
) -> Path:
    """Write a CSV the way Excel's "Save as CSV" does (quotes only where needed)."""
    path = Path(path)
    with path.open("w", encoding="utf-8-sig" if bom else encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
        for line in preamble:
            writer.writerow([line])
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(
    path: Path,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    title_rows: Sequence[str] = (),
    merge_titles: bool = True,
    sheet: str = "Данные",
    date_format: str = "dd.mm.yyyy",
) -> Path:
    """Write a workbook: optional (merged) title rows, then the header, then the rows.

    Dates are written as real date cells; numbers as numbers; None as empty cells.
    """
    path = Path(path)
    workbook = xlsxwriter.Workbook(str(path))
    worksheet = workbook.add_worksheet(sheet)
    bold = workbook.add_format({"bold": True})
    dates = workbook.add_format({"num_format": date_format})
    width = max(len(header), 1)
    row_index = 0
    for title in title_rows:
        if merge_titles and width > 1:
            worksheet.merge_range(row_index, 0, row_index, width - 1, title, bold)
        else:
            worksheet.write(row_index, 0, title, bold)
        row_index += 1
    worksheet.write_row(row_index, 0, list(header), bold)
    for values in rows:
        row_index += 1
        for col, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, dt.datetime | dt.date):
                stamp = value if isinstance(value, dt.datetime) else dt.datetime(
                    value.year, value.month, value.day
                )
                worksheet.write_datetime(row_index, col, stamp, dates)
            else:
                worksheet.write(row_index, col, value)
    workbook.close()
    return path


# --------------------------------------------------------------------------------------
# Scenario files (each returns what it wrote).
# --------------------------------------------------------------------------------------

APPEALS_RU_HEADER = [
    "Дата регистрации", "Область", "Категория обращения", "Номер обращения", "БИН",
    "Наименование предприятия", "Количество заявителей", "Статус", "ФИО заявителя", "Телефон",
]


def appeals_ru_rows(appeals: Sequence[Appeal]) -> list[list[object]]:
    """Return appeals as a Russian registry writes them (dd.mm.yyyy, Russian labels)."""
    return [
        [
            a.date.strftime("%d.%m.%Y"), a.region_text, APPEAL_CATEGORY_RU[a.category],
            a.appeal_id, a.enterprise_bin, a.enterprise_name, str(a.people),
            STATUS_RU[a.status], a.full_name, a.phone,
        ]
        for a in appeals
    ]


def appeals_cp1251_semicolon(path: Path, appeals: Sequence[Appeal]) -> Path:
    """Write appeals as a Windows-1251 semicolon CSV with Russian headers and dd.mm.yyyy."""
    return write_csv(
        path, APPEALS_RU_HEADER, appeals_ru_rows(appeals), encoding="cp1251", delimiter=";"
    )


@dataclass
class ArrearsRecord:
    report_date: dt.date
    region: str
    region_text: str
    enterprise_bin: str
    enterprise_name: str
    amount_kzt: float
    workers: int


def sample_arrears(count: int, seed: int = 2) -> list[ArrearsRecord]:
    """Return ``count`` deterministic arrears records."""
    rng = random.Random(seed)
    units = regions()
    out = []
    for i in range(count):
        unit = units[(i * 3) % len(units)]
        out.append(
            ArrearsRecord(
                report_date=dt.date(2025, 1 + i % 6, 1),
                region=unit["code"],
                region_text=unit["name_en"],
                enterprise_bin=valid_bin(seed * 100 + i),
                enterprise_name=f"АО «Вымышленная шахта {i}»",
                amount_kzt=round(rng.uniform(1e5, 5e7), 2),
                workers=rng.randrange(1, 400),
            )
        )
    return out


def _grouped(amount: float, thousands: str, decimal: str) -> str:
    whole, frac = f"{amount:,.2f}".split(".")
    return whole.replace(",", thousands) + decimal + frac


def arrears_utf8_bom_comma(path: Path, records: Sequence[ArrearsRecord]) -> Path:
    """Write arrears as UTF-8 with BOM, comma-delimited, English headers, 1,234,567.50."""
    header = ["Report date", "Region", "BIN", "Enterprise name", "Arrears, KZT", "Workers owed"]
    rows = [
        [r.report_date.isoformat(), r.region_text, r.enterprise_bin, r.enterprise_name,
         _grouped(r.amount_kzt, ",", "."), str(r.workers)]
        for r in records
    ]
    return write_csv(path, header, rows, bom=True, delimiter=",")


def arrears_tab(path: Path, records: Sequence[ArrearsRecord]) -> Path:
    """Write arrears tab-delimited with Kazakh headers and «1 234 567,50» amounts."""
    header = ["Есептік күні", "Облыс", "БСН", "Кәсіпорынның атауы", "Берешек сомасы, теңге",
              "Қызметкерлер саны"]
    rows = [
        [r.report_date.strftime("%d.%m.%Y"), r.region_text, r.enterprise_bin,
         r.enterprise_name, _grouped(r.amount_kzt, "\u00a0", ","), str(r.workers)]
        for r in records
    ]
    return write_csv(path, header, rows, delimiter="\t")


ARREARS_XLSX_HEADER = ["Отчетная дата", "Область", "БИН", "Наименование предприятия",
                       "Сумма задолженности, тенге", "Количество работников", "Адрес"]
ARREARS_XLSX_TITLES = ("Сведения о задолженности по заработной плате",
                       "по состоянию на отчетную дату (данные прокуратуры)")


def arrears_xlsx_with_titles(path: Path, records: Sequence[ArrearsRecord]) -> Path:
    """Write arrears in a workbook with two merged title rows over the header.

    Dates are real date cells, BINs and amounts numbers (as Excel stores them), and an
    applicant address column that must be dropped.
    """
    rows = [
        [r.report_date, r.region_text, int(r.enterprise_bin), r.enterprise_name,
         r.amount_kzt, r.workers, f"г. Город, ул. Улица {i}"]
        for i, r in enumerate(records)
    ]
    return write_xlsx(path, ARREARS_XLSX_HEADER, rows, title_rows=ARREARS_XLSX_TITLES)


@dataclass
class StatsTable:
    path: Path
    quarters: list[str]  # canonical labels, e.g. 2024-Q1
    values: dict[tuple[str, str], float]  # (code, quarter) -> value in tenge
    national: dict[str, float]
    title: str
    units_row: str


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def stats_office_arrears(
    path: Path, seed: int = 3, quarters: Sequence[tuple[int, int]] = ((2024, 3), (2024, 4),
                                                                      (2025, 1), (2025, 2)),
) -> StatsTable:
    """Write a statistics-office table: wage arrears by region (rows) and quarter (columns).

    A title row and a units row («тыс. тенге») sit above the header; the first data row is
    the national total «Республика Казахстан»; regions are named as the bureau names them;
    a footnote row closes the table; one cell is «-» (no data).
    """
    rng = random.Random(seed)
    units = regions()
    title = "Просроченная задолженность по заработной плате по регионам"
    units_row = "тыс. тенге"
    labels = [f"{ROMAN[q]} квартал {y}" for y, q in quarters]
    canonical = [f"{y}-Q{q}" for y, q in quarters]
    values: dict[tuple[str, str], float] = {}
    body = []
    for unit in units:
        row: list[object] = [unit["name_ru"]]
        for label in canonical:
            thousands = round(rng.uniform(0, 900_000), 1)
            values[(unit["code"], label)] = thousands * 1000
            row.append(thousands)
        body.append(row)
    # one region without data in the last quarter
    body[0][-1] = "-"
    del values[(units[0]["code"], canonical[-1])]
    national = {
        label: sum(v for (code, q), v in values.items() if q == label) / 1000
        for label in canonical
    }
    rows = [["Республика Казахстан", *[national[label] for label in canonical]], *body]
    rows.append(["Примечание: данные предварительные", *[None] * len(canonical)])
    write_xlsx(
        path, ["Регион", *labels], rows, title_rows=(title, units_row), merge_titles=True,
        sheet="Таблица 1",
    )
    return StatsTable(Path(path), canonical, values, national, title, units_row)
