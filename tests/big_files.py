"""Large files written as a stream: workbooks of many rows, repeated-row bombs, big CSVs.

A workbook is written part by part into its ZIP (the sheet XML row after row, deflated as it
goes), so a file that unpacks to a gigabyte is made in seconds with little memory, and its
``<dimension>`` can be left out or made to lie, as a crafted file would.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def _cell(column: int, row: int, value: object) -> str:
    letter = chr(ord("A") + column)
    if isinstance(value, int | float):
        return f'<c r="{letter}{row}"><v>{value}</v></c>'
    return f'<c r="{letter}{row}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def _row(number: int, cells: Sequence[object]) -> str:
    body = "".join(_cell(column, number, value) for column, value in enumerate(cells))
    return f'<row r="{number}">{body}</row>'


def write_repeated_rows(path: Path, header: Sequence[str], row: Sequence[object],
                        count: int) -> Path:
    """Write an XLSX whose sheet repeats one row ``count`` times, without cell references.

    Identical rows pack a few hundred times (a gigabyte in a few megabytes), under a bomb
    check that looks at the packing ratio alone.
    """
    one = _row(0, row).replace(' r="0"', "").replace('r="A0" ', "")
    for column in range(len(row)):
        one = one.replace(f' r="{chr(ord("A") + column)}0"', "")
    block = (one * 10_000).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b"<sheetData>"
            )
            sheet.write(_row(1, header).encode())
            for _ in range(count // 10_000):
                sheet.write(block)
            sheet.write((one * (count % 10_000)).encode())
            sheet.write(b"</sheetData></worksheet>")
    return path


def write_workbook(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    dimension: str | None = None,
    compresslevel: int = 6,
) -> Path:
    """Write an XLSX of one sheet: ``header`` then ``rows``, streamed into the ZIP.

    ``dimension`` is written as the sheet's ``<dimension ref>`` when given (a crafted file
    leaves it out or makes it lie); the reader must not trust it.
    """
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(b"<sheetData>")
            sheet.write(_row(1, header).encode())
            buffer: list[str] = []
            for number, cells in enumerate(rows, start=2):
                buffer.append(_row(number, cells))
                if len(buffer) >= 5000:
                    sheet.write("".join(buffer).encode())
                    buffer.clear()
            sheet.write("".join(buffer).encode())
            sheet.write(b"</sheetData></worksheet>")
    return path


APPEALS_HEADER = ("Дата обращения", "Регион", "Категория", "Количество заявителей",
                  "Номер обращения", "Наименование предприятия")


def appeal_rows(count: int, *, repeated: bool = False,
                name_padding: int = 0) -> Iterable[Sequence[object]]:
    """Yield appeal rows: each with its own number, or the same row again (a bomb's rows).

    With ``name_padding``, each row names its own enterprise, that many letters longer (the
    most memory a file of that many rows can take: every text distinct).
    """
    regions = ("Алматы", "Астана", "Карагандинская область", "ВКО")
    for index in range(count):
        if repeated:
            yield ("05.11.2026", "Алматы", "Зарплата", 1, "A-1", "ТОО Ромашка")
            continue
        name = (f"ТОО Предприятие {index} " + "д" * name_padding if name_padding
                else f"ТОО Предприятие {index % 500}")
        yield (f"{index % 28 + 1:02d}.10.2026", regions[index % 4], "Зарплата", index % 7 + 1,
               f"A-{index}", name)


def write_csv_of_size(path: Path, size: int) -> Path:
    """Write an appeals CSV of at least ``size`` bytes: one block of rows written again."""
    block = "".join(",".join(str(c) for c in cells) + "\n" for cells in appeal_rows(100_000))
    data = block.encode("utf-8")
    with path.open("wb") as handle:
        handle.write((",".join(APPEALS_HEADER) + "\n").encode("utf-8"))
        for _ in range(-(-size // len(data))):
            handle.write(data)
    return path


def write_csv(path: Path, rows: int, name_padding: int = 0) -> Path:
    """Write an appeals CSV of ``rows`` rows (UTF-8), block by block (see :func:`appeal_rows`)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(APPEALS_HEADER) + "\n")
        block: list[str] = []
        for cells in appeal_rows(rows, name_padding=name_padding):
            block.append(",".join(str(c) for c in cells))
            if len(block) >= 100_000:
                handle.write("\n".join(block) + "\n")
                block.clear()
        if block:
            handle.write("\n".join(block) + "\n")
    return path
