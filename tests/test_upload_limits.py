"""Bounded memory for any upload: files past the limits are refused before they are read whole.

Each file is built here (a workbook over the row limit whose ``<dimension>`` lies, a bomb of
repeated rows packed below the ratio the bomb check looks for, two cells a million rows
apart, a 300 MB CSV) and read by ``ingest.prepare`` in a child process, whose peak resident
memory is measured: the refusal names the limit, and the peak stays far below what reading
the file whole would take (the kernel's high-water mark of the child, ``VmHWM``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from tests import big_files
from utils import ingest

ROOT = Path(__file__).resolve().parent.parent

#: What the child process holds before it reads anything (Python, pandas, pyarrow, geo).
BASELINE_MB = 260

_CHILD = textwrap.dedent("""
    import json, sys
    from utils import ingest
    try:
        ingest.prepare(sys.argv[1], sys.argv[2], today="2026-12-01")
        refusal = None
    except ingest.RefusedFile as exc:
        refusal = str(exc)
    # The high-water mark of this program's memory (getrusage would also count the test
    # process it was forked from: its maximum survives exec).
    status = open("/proc/self/status").read().split("VmHWM:")[1].split()[0]
    print(json.dumps({"refusal": refusal, "peak_mb": int(status) / 1024}))
""")


def _prepare_in_child(kind: str, path: Path, config: Path | None = None) -> dict:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "LTM_I18N_STRICT": "1"}
    if config is not None:
        env["LTM_CONFIG"] = str(config)
    done = subprocess.run([sys.executable, "-c", _CHILD, kind, str(path)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _config(tmp_path: Path, **limits: int) -> Path:
    path = tmp_path / "ltm.toml"
    path.write_text("[ingest]\n" + "".join(f"{k} = {v}\n" for k, v in limits.items()))
    return path


def test_a_workbook_over_the_row_limit_is_refused_whatever_it_declares(tmp_path):
    path = big_files.write_workbook(
        tmp_path / "rows.xlsx", big_files.APPEALS_HEADER, big_files.appeal_rows(60_001),
        dimension="A1:F10",  # a lie: the rows are counted, not taken from the declaration
    )
    result = _prepare_in_child("appeals", path, _config(tmp_path, max_rows=60_000))
    assert result["refusal"] == "«rows.xlsx» has more than 60,000 rows, the limit for one upload."
    assert result["peak_mb"] < BASELINE_MB + 100


def test_a_bomb_of_repeated_rows_under_the_ratio_is_refused_by_its_rows(tmp_path):
    row = ("05.11.2026", "Алматы", "Зарплата", 1, "A-1", "ТОО Ромашка")
    path = big_files.write_repeated_rows(tmp_path / "bomb.xlsx", big_files.APPEALS_HEADER, row,
                                         3_004_000)
    part = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml")
    ratio = part.file_size / part.compress_size
    assert part.file_size > 800_000_000 and 100 < ratio < ingest.readers.MAX_COMPRESSION_RATIO
    result = _prepare_in_child("appeals", path)
    assert result["refusal"] == \
        "«bomb.xlsx» has more than 1,200,000 rows, the limit for one upload."
    # Reading it whole took 3 GB; counting its rows as it unpacks takes next to nothing.
    assert result["peak_mb"] < BASELINE_MB + 100


def test_two_cells_far_apart_are_refused_by_the_cells_between_them(tmp_path):
    """A reader holds the rectangle between the cells: a tiny file, a huge rectangle."""
    path = tmp_path / "far.xlsx"
    big_files.write_workbook(path, big_files.APPEALS_HEADER, [])
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].replace(
        b"</sheetData>",
        b'<row r="1000000"><c r="XFD1000000" t="inlineStr"><is><t>x</t></is></c></row>'
        b"</sheetData>",
    )
    parts["xl/worksheets/sheet1.xml"] = sheet
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    result = _prepare_in_child("appeals", path)
    assert result["refusal"] == "«far.xlsx» has more than 12,000,000 cells (rows times " \
        "columns), the limit for one upload."
    assert result["peak_mb"] < BASELINE_MB + 100


def test_a_300_mb_csv_is_refused_before_it_is_parsed(tmp_path):
    path = big_files.write_csv_of_size(tmp_path / "big.csv", 300_000_000)
    try:
        size_mb = path.stat().st_size / 2**20
        result = _prepare_in_child("appeals", path)
    finally:
        path.unlink()
    assert result["refusal"] == "«big.csv» has more than 1,200,000 rows, the limit for one upload."
    # The bytes themselves and little more: parsing it would take several times the file.
    assert result["peak_mb"] < BASELINE_MB + size_mb + 150


def test_a_csv_past_the_cell_limit_names_the_limit(tmp_path):
    path = big_files.write_csv(tmp_path / "wide.csv", 2_000)
    with pytest.raises(ingest.RefusedFile) as refused:
        ingest.read_table(path, max_cells=11_000)
    assert str(refused.value) == "«wide.csv» has more than 11,000 cells (rows times columns), " \
        "the limit for one upload."
    assert refused.value.note.key == "ingest.refused.too_many_cells"


def test_a_workbook_under_the_limits_reads_as_before(tmp_path):
    """The block-by-block read gives the cells, row numbers and blanks of the old one."""
    rows = list(big_files.appeal_rows(70_000))  # more than one block of rows
    rows[5] = ("", "", "", "", "", "")
    path = big_files.write_workbook(tmp_path / "ok.xlsx", big_files.APPEALS_HEADER, rows)
    table = ingest.read_table(path, kind="appeals")
    assert list(table.frame.columns) == list(big_files.APPEALS_HEADER)
    assert len(table.frame) == 69_999 and table.row_numbers[5] == 8  # the blank row dropped
    last = table.frame.iloc[-1].tolist()
    assert last == [str(cell) for cell in rows[-1]]
    assert table.frame.iloc[0, 3] == "1" and table.frame.iloc[0, 4] == "A-0"


def test_kind_detection_reads_only_the_first_rows(tmp_path):
    path = big_files.write_workbook(tmp_path / "head.xlsx", big_files.APPEALS_HEADER,
                                    big_files.appeal_rows(5_000))
    table = ingest.read_table(path, sample_rows=100)
    assert len(table.frame) == 100
    assert ingest.detect_kind(path.read_bytes(), "head.xlsx") == "appeals"


@pytest.mark.parametrize("prefix", ["", "x:"])
@pytest.mark.parametrize("block", [7, 13, 4096])
def test_rows_and_cells_are_counted_across_block_boundaries(prefix, block):
    """A tag cut in two by the unpacking's blocks is counted once; a namespace prefix too."""
    from utils.ingest.readers import _SheetCount

    rows = "".join(
        f'<{prefix}row r="{r}">'
        + "".join(f'<{prefix}c r="{col}{r}"><{prefix}v>1</{prefix}v></{prefix}c>'
                  for col in ("A", "B", "AC"))
        + f"</{prefix}row>"
        for r in range(1, 41)
    )
    xml = (f'<{prefix}worksheet xmlns:x="urn:x"><{prefix}sheetData>{rows}'
           f"</{prefix}sheetData></{prefix}worksheet>").encode()
    count = _SheetCount()
    for start in range(0, len(xml), block):
        count.add(xml[start:start + block])
    assert (count.rows, count.cells, count.last_row, count.last_column) == (40, 120, 40, 29)
    assert count.extent == (40, 40 * 29)  # the rectangle the reader would hold
