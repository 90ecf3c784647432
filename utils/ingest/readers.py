"""Read uploaded extracts (CSV or Excel) into a table of raw cells, or refuse the file.

A CSV may be UTF-8 (with or without a byte-order mark), Windows-1251 or UTF-16 (read as
UTF-8 first), with commas, semicolons or tabs; an Excel workbook may carry title rows (often
merged) above the header.
The header row is found by matching the contract's header synonyms, and every data row
keeps the row number the analyst sees in Excel or a text editor, so errors point at it.

A file that cannot be read as a table as a whole raises :class:`RefusedFile` with one
sentence that says why; so does a file past the limits of one upload (:class:`Limits`: rows,
cells, unpacked size), counted before it is read whole, a workbook's sheets as they unpack.
An accepted workbook is read block by block into columns of shared texts.

Refusals and warnings are :class:`Note` objects: the English sentence the command line
prints, plus a catalog key and parameters from which the data page says the same in Russian
or Kazakh (:mod:`utils.ingest.messages`).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import itertools
import re
import threading
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd

from utils.ingest.headers import header_score
from utils.ingest.kinds import KINDS
from utils.ingest.parsing import cell_text, looks_like_period

TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
OLD_EXCEL_SUFFIXES = (".xls",)
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DELIMITERS = (";", ",", "\t")

#: Guard against absurd files: a part of a workbook packed more tightly than this is a bomb.
MAX_COMPRESSION_RATIO = 400
HEADER_SEARCH_ROWS = 30
#: Workbook rows converted to text at a time: the Python objects of one block at most.
BLOCK_ROWS = 65_536


@dataclass(frozen=True)
class Limits:
    """The limits of one upload, from the ``[ingest]`` settings unless given.

    Attributes
    ----------
    max_rows
        Data rows.
    max_cells
        Cells: a CSV's rows times its columns; a workbook's cells, and the rows times the
        columns its cells span (the reader holds that rectangle).
    max_unpacked_bytes
        Total size of a workbook's parts once unpacked.
    """

    max_rows: int
    max_cells: int
    max_unpacked_bytes: int

    @classmethod
    def configured(cls, max_rows: int | None = None, max_cells: int | None = None,
                   max_unpacked_bytes: int | None = None) -> Limits:
        """Return the settings' limits, each replaced by the one given."""
        from utils import settings

        config = settings.get("ingest")
        return cls(
            max_rows=int(max_rows if max_rows is not None else config["max_rows"]),
            max_cells=int(max_cells if max_cells is not None else config["max_cells"]),
            max_unpacked_bytes=int(max_unpacked_bytes if max_unpacked_bytes is not None
                                   else config["max_unpacked_mb"] * 1_000_000),
        )


class Note(str):
    """A sentence for the analyst: the English text, with its catalog key and parameters.

    A note *is* its English sentence (a ``str``), so the command line, the logs, the batch
    warnings kept in the store and the JSON report read exactly as before; the data page
    renders ``key`` with ``params`` in the session's language instead. Parameters are raw
    values (numbers, file names, headers, ISO codes, canonical field names), written for
    the language only when the sentence is shown.

    Parameters
    ----------
    key
        Catalog key, ``ingest.refused.*`` or ``ingest.warning.*``.
    text
        The English sentence.
    **params
        Values for the catalog template's ``{names}``.
    """

    key: str
    params: dict[str, Any]

    def __new__(cls, key: str, text: str, **params: Any) -> Note:
        """Return the note ``key`` whose English sentence is ``text``."""
        note = super().__new__(cls, text)
        note.key = key
        note.params = params
        return note

    def __reduce__(self) -> tuple:
        return (Note, (self.key, str(self)), {"params": self.params})


class RefusedFile(Exception):
    """A file refused as a whole: nothing of it is loaded; the message says why.

    Raised with a :class:`Note`; ``str(error)`` is the English sentence and ``error.note``
    the note (a plain ``str`` when raised with one).
    """

    def __init__(self, note: str) -> None:
        super().__init__(note)

    @property
    def note(self) -> str:
        """Return the sentence the file was refused with (a :class:`Note` when keyed)."""
        return self.args[0]


@dataclass
class RawTable:
    """The cells of one uploaded table, as text, with where each row sits in the file.

    Attributes
    ----------
    frame
        One column per header cell (headers as written, made unique), values ``str`` with
        ``''`` or ``None`` for empty cells.
    row_numbers
        For each data row, its row number as the analyst sees it (the header row of a plain
        CSV is 1, its first data row 2; in a workbook, the sheet row).
    header_row
        Row number of the header.
    preamble
        Texts of the rows above the header (titles, units, sources), in order.
    blank_headers
        Names given to columns whose header cell was empty (``Column 1`` …).
    warnings
        What the analyst should know about how the file was read (:class:`Note` objects).
    categorical
        Header -> the same cells as a categorical (codes into the distinct cells), for the
        columns of few distinct cells whose codes the reader had anyway; validation reads
        these instead of hashing a million cells again. May be empty.
    top_rows, header_cells
        The cells of the rows above the header and of the header row, as text (``None``
        for empty cells), for official tables whose title and headers span several rows.
    merged
        Merged cells of a workbook sheet as ``(first_row, first_column, last_row,
        last_column)``, 0-based sheet positions (row ``header_row - 1`` is the header).
    """

    frame: pd.DataFrame
    row_numbers: np.ndarray
    header_row: int
    file_name: str
    file_format: str
    sha256: str
    size_bytes: int
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    preamble: list[str] = field(default_factory=list)
    blank_headers: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    categorical: dict[str, pd.Categorical] = field(default_factory=dict)
    top_rows: list[list[str | None]] = field(default_factory=list)
    header_cells: list[str | None] = field(default_factory=list)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)


def _texts(cells: Iterable[object]) -> list[str | None]:
    """Return cells as text, ``None`` for empty ones."""
    texts = [cell_text(cell) for cell in cells]
    return [text if text and text.strip() else None for text in texts]


def source_bytes(
    source: bytes | str | Path | BinaryIO, file_name: str | None
) -> tuple[bytes, str]:
    """Return the bytes and the file name of a path, raw bytes or an uploaded file object."""
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source), file_name or "upload"
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            raise RefusedFile(Note("ingest.refused.not_a_file",
                                   f"«{path}» does not exist or is not a file.", file=str(path)))
        return path.read_bytes(), file_name or path.name
    if hasattr(source, "getvalue"):
        data = source.getvalue()
    elif hasattr(source, "read"):
        data = source.read()
    else:
        raise TypeError(
            "source must be bytes, a path or a binary file object, "
            f"got {type(source).__name__}"
        )
    return bytes(data), file_name or str(getattr(source, "name", "upload"))


def read_table(
    source: bytes | str | Path | BinaryIO,
    file_name: str | None = None,
    *,
    kind: str | None = None,
    max_unpacked_bytes: int | None = None,
    max_rows: int | None = None,
    header_search_rows: int = HEADER_SEARCH_ROWS,
    max_cells: int | None = None,
    sample_rows: int | None = None,
) -> RawTable:
    """Read a CSV or Excel file into a :class:`RawTable`, or raise :class:`RefusedFile`.

    Parameters
    ----------
    source : bytes, str, Path or binary file object
        The upload.
    file_name : str, optional
        The name the analyst gave the file (its suffix says what it should be).
    kind : str, optional
        Extract kind whose header synonyms locate the header row; all kinds when None.
    max_unpacked_bytes : int, optional
        Largest total uncompressed size of a workbook's parts.
    max_rows : int, optional
        Largest number of rows accepted.
    header_search_rows : int
        How many rows from the top may hold titles before the header.
    max_cells : int, optional
        Largest number of cells accepted (see :class:`Limits`). The three limits default to
        the ``[ingest]`` settings; a file past one is refused before it is read whole.
    sample_rows : int, optional
        Read only this many data rows of a workbook (the header and the first rows, to tell
        what the file is); the limits still apply to the whole file.
    """
    if kind is not None and kind not in KINDS:
        raise KeyError(f"Invalid kind: {kind!r}. Kind must be in the set: " + ", ".join(KINDS))
    limits = Limits.configured(max_rows, max_cells, max_unpacked_bytes)
    data, name = source_bytes(source, file_name)
    if len(data) == 0:
        raise RefusedFile(Note("ingest.refused.empty", f"«{name}» is empty (0 bytes).", file=name))
    file_format = _file_format(data, name)
    digest = hashlib.sha256(data).hexdigest()
    common = {"file_name": name, "sha256": digest, "size_bytes": len(data)}
    if file_format == "csv":
        return _read_csv(data, name, kind, limits, header_search_rows, common)
    return _read_workbook(
        data, name, file_format, kind, limits, header_search_rows, common, sample_rows
    )


def _file_format(data: bytes, name: str) -> str:
    suffix = Path(name).suffix.lower()
    is_zip = data.startswith(ZIP_MAGIC)
    is_ole = data.startswith(OLE_MAGIC)
    if suffix in EXCEL_SUFFIXES:
        if not is_zip:
            raise RefusedFile(Note(
                "ingest.refused.not_xlsx",
                f"«{name}» is not an Excel workbook: its content is not XLSX.", file=name,
            ))
        return "xlsx"
    if suffix in OLD_EXCEL_SUFFIXES:
        if not (is_ole or is_zip):
            raise RefusedFile(Note(
                "ingest.refused.not_xls",
                f"«{name}» is not an Excel workbook: its content is not XLS.", file=name,
            ))
        return "xlsx" if is_zip else "xls"
    if suffix in TEXT_SUFFIXES:
        if is_zip or is_ole:
            raise RefusedFile(Note(
                "ingest.refused.csv_is_workbook",
                f"«{name}» is named as a CSV but is an Excel workbook: save it as .xlsx or "
                "export it as CSV.",
                file=name,
            ))
        return "csv"
    if suffix in ("", ".upload") or name == "upload":
        return "xlsx" if is_zip else "xls" if is_ole else "csv"
    raise RefusedFile(Note(
        "ingest.refused.unknown_format",
        f"«{name}» is not a CSV or Excel file: upload .csv, .tsv, .txt, .xlsx or .xls.",
        file=name,
    ))


# --------------------------------------------------------------------------------------
# CSV.
# --------------------------------------------------------------------------------------

_CHUNK = 1 << 20
#: The byte that Windows-1251 leaves undefined (Python's codec refuses it).
_CP1251_UNDEFINED = b"\x98"


def detect_encoding(data: bytes, name: str = "upload") -> str:
    """Return ``utf-8-sig``, ``utf-8`` or ``cp1251`` for CSV bytes, or refuse them.

    UTF-8 is tried strictly first (a Windows-1251 text of Cyrillic letters is practically
    never valid UTF-8); a file that reads as UTF-8 with Cyrillic text and then breaks is
    refused as mixing encodings rather than read as Windows-1251 mojibake.
    """
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
        body = data[len(codecs.BOM_UTF8):]
    else:
        encoding = "utf-8"
        body = data
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    seen_non_ascii = False
    for offset in range(0, len(body), _CHUNK):
        chunk = body[offset:offset + _CHUNK]
        try:
            decoder.decode(chunk, final=offset + _CHUNK >= len(body))
        except UnicodeDecodeError as exc:
            bad = offset + max(exc.start, 0)
            seen_non_ascii = seen_non_ascii or not chunk[: max(exc.start, 0)].isascii()
            if encoding == "utf-8-sig" or seen_non_ascii:
                line = body[:bad].count(b"\n") + 1
                raise RefusedFile(Note(
                    "ingest.refused.mixed_encoding_at",
                    f"«{name}» mixes text encodings: it reads as UTF-8 up to line {line} "
                    "and breaks there; save the whole file again as UTF-8 or Windows-1251.",
                    file=name, line=line,
                )) from None
            break
        else:
            seen_non_ascii = seen_non_ascii or not chunk.isascii()
    else:
        return encoding
    # Windows-1251 gives every byte but one a character: a search finds that one.
    bad = body.find(_CP1251_UNDEFINED)
    if bad >= 0:
        raise RefusedFile(Note(
            "ingest.refused.not_utf8_or_cp1251",
            f"«{name}» is neither UTF-8 nor Windows-1251 text (byte {bad} "
            "cannot be read); save it as CSV UTF-8.",
            file=name, byte=bad,
        ))
    return "cp1251"


def detect_delimiter(lines: list[str]) -> str:
    """Return the delimiter (``;``, ``,`` or tab) that splits sample lines most consistently.

    Each candidate splits the sample with the ``csv`` module (quotes respected); the one
    giving the most rows with the most common field count above one wins, ties broken by
    the larger field count and then by the order ``;``, ``,``, tab (a semicolon CSV often
    holds decimal commas).
    """
    best: tuple[int, int, int] = (0, 0, 0)
    choice = ","
    sample = [line for line in lines if line.strip()]
    for rank, delimiter in enumerate(DELIMITERS):
        counts = [len(row) for row in csv.reader(sample, delimiter=delimiter)]
        counts = [count for count in counts if count > 1]
        if not counts:
            continue
        values, frequency = np.unique(counts, return_counts=True)
        mode = int(values[frequency.argmax()])
        score = (int(frequency.max()), mode, -rank)
        if score > best:
            best, choice = score, delimiter
    return choice


def _sample_text(data: bytes, encoding: str, size: int = 256 * 1024) -> str:
    head = data[:size]
    text = head.decode(encoding, errors="ignore")
    if len(data) > size and "\n" in text:
        text = text[: text.rindex("\n") + 1]
    return text


def _find_header(rows: list[list[object]], kind: str | None) -> int | None:
    """Return the index of the row that names most contract columns, or None."""
    best_index, best_score = None, 0
    for index, cells in enumerate(rows):
        score = header_score(list(cells), kind)
        if kind in (None, "region_stats"):
            score += sum(1 for cell in cells if looks_like_period(cell))
        if score > best_score:
            best_index, best_score = index, score
    return best_index


def header_names(cells: Iterable[object]) -> tuple[list[str], list[str]]:
    """Return the column names of a header row (made unique) and those given to blank cells."""
    names: list[str] = []
    blank: list[str] = []
    seen: dict[str, int] = {}
    for position, cell in enumerate(cells, start=1):
        text = (cell_text(cell) or "").replace("\ufeff", "").strip()
        text = " ".join(text.split())
        if not text:
            text = f"Column {position}"
            blank.append(text)
        if text in seen:
            seen[text] += 1
            text = f"{text} ({seen[text]})"
        else:
            seen[text] = 1
        names.append(text)
    return names, blank


def _refuse_no_header(name: str, kind: str | None) -> RefusedFile:
    if kind is None:
        return RefusedFile(Note(
            "ingest.refused.no_header",
            f"«{name}» has no header row that names any column of the contract.", file=name,
        ))
    required = tuple(column.name for column in KINDS[kind].columns if column.required)
    examples = ", ".join(f"«{KINDS[kind].column(c).labels['ru']}»" for c in required)
    return RefusedFile(Note(
        "ingest.refused.no_header_for_kind",
        f"«{name}» has no header row naming a column of {kind} in its first "
        f"{HEADER_SEARCH_ROWS} rows (expected headers such as {examples}).",
        file=name, kind=kind, rows=HEADER_SEARCH_ROWS, fields=required,
    ))


def _utf16_encoding(data: bytes) -> str | None:
    """Return the UTF-16 codec of a text, or None when ``data`` is not UTF-16 text.

    With a byte-order mark (Excel's «Unicode text» has one) the mark decides. Without one, the
    zero high bytes of the digits, separators and line ends give the byte order away: in an
    even number of bytes they fill at least a quarter of every second byte, and the other
    half holds no zero.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = data[:65536]
    if len(data) % 2 or len(head) < 4:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    enough = max(1, len(head) // 8)
    if odd >= enough and even == 0:
        return "utf-16-le"
    if even >= enough and odd == 0:
        return "utf-16-be"
    return None


def _utf16_as_utf8(data: bytes, name: str) -> bytes:
    """Return a UTF-16 text as UTF-8 bytes, and any other bytes as they are."""
    encoding = _utf16_encoding(data)
    if encoding is None:
        return data
    try:
        return data.decode(encoding).encode("utf-8")
    except UnicodeDecodeError as exc:
        raise RefusedFile(Note(
            "ingest.refused.bad_utf16",
            f"«{name}» is UTF-16 text with a broken character at byte {exc.start}: save it "
            "again as CSV (UTF-8).",
            file=name, offset=int(exc.start),
        )) from exc


def _read_csv(
    data: bytes,
    name: str,
    kind: str | None,
    limits: Limits,
    header_search_rows: int,
    common: dict,
) -> RawTable:
    data = _utf16_as_utf8(data, name)
    if b"\x00" in data[:65536]:
        raise RefusedFile(Note(
            "ingest.refused.binary",
            f"«{name}» is not a text file (it contains binary data).", file=name,
        ))
    encoding = detect_encoding(data, name)
    sample = _sample_text(data, encoding).lstrip("\ufeff")
    lines = sample.splitlines()
    if not any(line.strip() for line in lines):
        raise RefusedFile(Note(
            "ingest.refused.blank_lines",
            f"«{name}» contains no table (only blank lines).", file=name,
        ))
    delimiter = ","
    if Path(name).suffix.lower() == ".tsv":
        delimiter = "\t"
    else:
        delimiter = detect_delimiter(lines[: max(header_search_rows + 20, 50)])
    head_rows = list(csv.reader(lines[:header_search_rows], delimiter=delimiter))
    header_index = _find_header(head_rows, kind)
    if header_index is None:
        raise _refuse_no_header(name, kind)
    header_cells = head_rows[header_index]
    names, blank = header_names(header_cells)
    preamble = [" ".join(c for c in row if c.strip()) for row in head_rows[:header_index]]
    # Physical line of the header (a title cell may span lines inside quotes).
    header_line = _line_of_record(lines, delimiter, header_index)
    # Lines bound the rows from above: a file past the limits is refused before it is parsed.
    body_lines = _count_newlines(data, _offset_of_line(data, header_line + 1))
    _check_extent(name, body_lines, body_lines * len(names), limits)
    max_rows = limits.max_rows
    fast = _read_csv_fast(data, encoding, delimiter, header_line, names, max_rows)
    if fast is not None:
        frame, categorical = fast
        row_numbers = np.arange(len(frame), dtype=np.int64) + header_line + 2
        if len(frame) > max_rows:
            raise _too_many_rows(name, max_rows)
        table = _csv_table(frame, row_numbers, header_line, encoding, delimiter, preamble,
                           blank, name, common, categorical)
        return _with_head(table, head_rows[:header_index], header_cells)
    try:
        frame = pd.read_csv(
            io.BytesIO(data),
            sep=delimiter,
            header=None,
            skiprows=header_line + 1,
            names=names,
            dtype=str,
            na_filter=False,
            keep_default_na=False,
            skip_blank_lines=False,
            encoding=encoding,
            engine="c",
            quotechar='"',
            index_col=False,
            on_bad_lines="error",
            nrows=max_rows + 1,
        )
    except pd.errors.ParserError as exc:
        raise _malformed_csv(name, exc, header_line) from None
    except UnicodeDecodeError:
        raise RefusedFile(Note(
            "ingest.refused.mixed_encoding",
            f"«{name}» mixes text encodings; save the whole file again as UTF-8 or Windows-1251.",
            file=name,
        )) from None
    if len(frame) > max_rows:
        raise _too_many_rows(name, max_rows)
    row_numbers = np.arange(len(frame), dtype=np.int64) + header_line + 2
    table = _csv_table(frame, row_numbers, header_line, encoding, delimiter, preamble, blank,
                       name, common)
    return _with_head(table, head_rows[:header_index], header_cells)


def _with_head(table: RawTable, top_rows: list[list[object]], header: list[object],
               merged: list[tuple[int, int, int, int]] | None = None) -> RawTable:
    """Return ``table`` with the cells of its title rows and header row kept."""
    table.top_rows = [_texts(row) for row in top_rows]
    table.header_cells = _texts(header)
    table.merged = list(merged or [])
    return table


def _csv_table(
    frame: pd.DataFrame,
    row_numbers: np.ndarray,
    header_line: int,
    encoding: str,
    delimiter: str,
    preamble: list[str],
    blank: list[str],
    name: str,
    common: dict,
    categorical: dict[str, pd.Categorical] | None = None,
) -> RawTable:
    rows = len(frame)
    frame, row_numbers = _drop_blank(frame, row_numbers, blank, categorical)
    if frame.empty:
        raise _no_rows(name)
    # Codes of the rows as read: kept only while no row was dropped.
    categorical = {
        header: cells for header, cells in (categorical or {}).items()
        if len(frame) == rows and header in frame.columns
    }
    return RawTable(
        frame=frame,
        row_numbers=row_numbers,
        header_row=header_line + 1,
        file_format="csv",
        encoding="utf-8" if encoding == "utf-8-sig" else encoding,
        delimiter=delimiter,
        preamble=[text for text in preamble if text],
        blank_headers=[b for b in blank if b in frame.columns],
        categorical=categorical,
        **common,
    )


def _read_csv_fast(
    data: bytes,
    encoding: str,
    delimiter: str,
    header_line: int,
    names: list[str],
    max_rows: int,
) -> tuple[pd.DataFrame, dict[str, pd.Categorical]] | None:
    """Read the body with Arrow's multi-threaded reader, or return None to use pandas.

    Arrow skips blank lines, which would shift row numbers, and joins quoted multi-line
    values; it is used only when the count of line breaks proves one record per line.
    Columns are read dictionary-encoded. A column of few distinct cells (dates, regions,
    categories, enterprises) comes back as an object array in which each distinct cell is
    one shared ``str``, so the later per-distinct parsing does not create a million strings;
    a column of mostly distinct cells (appeal numbers) stays as Arrow-backed strings. Empty
    cells are ``''``. The columns of few distinct cells are also returned as categoricals
    (header -> cells).

    A Windows-1251 body is split as bytes (its delimiters, quotes and line breaks are the
    ASCII ones) and only the distinct cells are decoded: transcoding the whole body first
    would cost more than the rest of the read.
    """
    import pyarrow as pa
    from pyarrow import csv as pacsv

    start = _offset_of_line(data, header_line + 1)
    body = memoryview(data)[start:]
    utf8 = encoding in ("utf-8", "utf-8-sig")
    cells = pa.string() if utf8 else pa.binary()
    columns = [f"c{i}" for i in range(len(names))]
    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(body)),
            read_options=pacsv.ReadOptions(column_names=columns, block_size=8 << 20),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(columns, pa.dictionary(pa.int32(), cells)),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowException, UnicodeDecodeError, LookupError, ValueError):
        return None
    if table.num_rows > max_rows:
        return pd.DataFrame(index=range(max_rows + 1)), {}
    lines = _count_newlines(data, start) + (0 if data.endswith(b"\n") or not len(body) else 1)
    if lines != table.num_rows:
        return None
    cells = {
        name: _text_column(table.column(i), table.num_rows, encoding)
        for i, name in enumerate(names)
    }
    categorical = {
        name: column for name, column in cells.items() if isinstance(column, pd.Categorical)
    }
    frame = pd.DataFrame(
        {
            # Each distinct cell one shared ``str`` (the categories' own objects).
            name: np.asarray(column, dtype=object) if name in categorical else column
            for name, column in cells.items()
        },
        index=pd.RangeIndex(table.num_rows),
        copy=False,
    )
    return frame, categorical


def _count_newlines(data: bytes, start: int, block: int = 1 << 22) -> int:
    """Return how many line feeds ``data`` holds from ``start`` (a vectorised count)."""
    view = np.frombuffer(data, dtype=np.uint8)
    return sum(
        int(np.count_nonzero(view[offset:offset + block] == 10))
        for offset in range(start, len(view), block)
    )


def _text_column(column, rows: int, encoding: str) -> pd.Categorical | pd.arrays.ArrowStringArray:
    """Return a dictionary-encoded Arrow column of cells as pandas values (see above)."""
    import pyarrow as pa

    chunks = [chunk for chunk in column.chunks if len(chunk)]
    if sum(len(chunk.dictionary) for chunk in chunks) > rows // 4:
        if pa.types.is_string(column.type.value_type):
            return pd.arrays.ArrowStringArray(column.cast(pa.string()))
        decoded = [_decoded_strings(chunk.dictionary, encoding).take(chunk.indices)
                   for chunk in chunks]
        return pd.arrays.ArrowStringArray(pa.chunked_array(decoded, type=pa.string()))
    if not chunks:
        return pd.Categorical.from_codes(
            np.empty(0, dtype=np.int8), categories=pd.Index([], dtype=object)
        )
    # One dictionary for all chunks: each distinct cell is decoded once.
    chunks = pa.chunked_array(chunks, type=column.type).unify_dictionaries().chunks
    indices = np.concatenate([chunk.indices.to_numpy() for chunk in chunks])
    categories = pd.Index(_distinct_cells(chunks[0].dictionary, encoding), dtype=object)
    return pd.Categorical.from_codes(indices, categories=categories)


def _distinct_cells(dictionary, encoding: str) -> np.ndarray:
    """Return an Arrow dictionary of cells as an object array of ``str``."""
    import pyarrow as pa

    if pa.types.is_string(dictionary.type):
        return dictionary.to_numpy(zero_copy_only=False)
    cells = np.empty(len(dictionary), dtype=object)
    cells[:] = [value.decode(encoding) for value in dictionary.to_pylist()]
    return cells


#: UTF-8 length of each Windows-1251 byte (0x98, which the codec leaves undefined, is refused
#: by :func:`detect_encoding` before any read).
_CP1251_UTF8_WIDTHS = np.array(
    [len(bytes([b]).decode("cp1251", errors="replace").encode("utf-8")) for b in range(256)],
    dtype=np.int64,
)


def _decoded_strings(dictionary, encoding: str):
    """Return an Arrow binary array of Windows-1251 cells as UTF-8 strings, in one pass.

    The bytes of all cells are decoded at once and the offsets moved by the UTF-8 width of
    each byte (a Windows-1251 character is one byte).
    """
    import pyarrow as pa

    if encoding != "cp1251" or dictionary.null_count:
        return pa.array(list(_distinct_cells(dictionary, encoding)), type=pa.string())
    _, offsets_buffer, data_buffer = dictionary.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int32)[
        dictionary.offset:dictionary.offset + len(dictionary) + 1
    ]
    raw = (
        np.frombuffer(data_buffer, dtype=np.uint8)[offsets[0]:offsets[-1]]
        if data_buffer is not None else np.empty(0, dtype=np.uint8)
    )
    text = raw.tobytes().decode(encoding).encode("utf-8")
    relative = offsets - offsets[0]
    if len(text) != len(raw):
        ends = np.zeros(len(raw) + 1, dtype=np.int64)
        np.cumsum(_CP1251_UTF8_WIDTHS[raw], out=ends[1:])
        relative = ends[relative]
    if len(text) >= 2**31:
        return pa.array(list(_distinct_cells(dictionary, encoding)), type=pa.string())
    return pa.StringArray.from_buffers(
        len(dictionary), pa.py_buffer(relative.astype(np.int32)), pa.py_buffer(text)
    )


def _offset_of_line(data: bytes, line: int) -> int:
    offset = 0
    for _ in range(line):
        found = data.find(b"\n", offset)
        if found < 0:
            return len(data)
        offset = found + 1
    return offset


def _line_of_record(lines: list[str], delimiter: str, record_index: int) -> int:
    """Return the 0-based physical line where CSV record ``record_index`` starts."""
    if record_index == 0:
        return 0
    reader = csv.reader(lines, delimiter=delimiter)
    for index, _ in enumerate(reader):
        if index == record_index - 1:
            return reader.line_num
    return record_index


def _check_extent(name: str, rows: int, cells: int, limits: Limits) -> None:
    """Refuse a file whose rows or cells pass the limits (counted before it is read)."""
    if rows > limits.max_rows:
        raise _too_many_rows(name, limits.max_rows)
    if cells > limits.max_cells:
        raise RefusedFile(Note(
            "ingest.refused.too_many_cells",
            f"«{name}» has more than {limits.max_cells:,} cells (rows times columns), the "
            "limit for one upload.",
            file=name, limit=limits.max_cells,
        ))


def _too_many_rows(name: str, max_rows: int) -> RefusedFile:
    return RefusedFile(Note(
        "ingest.refused.too_many_rows",
        f"«{name}» has more than {max_rows:,} rows, the limit for one upload.",
        file=name, limit=max_rows,
    ))


def _no_rows(name: str) -> RefusedFile:
    return RefusedFile(Note(
        "ingest.refused.no_rows", f"«{name}» has a header but no data rows.", file=name,
    ))


def _malformed_csv(name: str, exc: Exception, header_line: int) -> RefusedFile:
    """Return the refusal of a CSV the parser gave up on, naming the line when it can."""
    text = str(exc).strip().splitlines()[-1]
    match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", text)
    if match:
        expected, line, saw = (int(g) for g in match.groups())
        return RefusedFile(Note(
            "ingest.refused.malformed_csv_line",
            f"«{name}» is not a well-formed CSV: line {line + header_line} has {saw} fields "
            f"where the header has {expected} (a delimiter inside an unquoted value?).",
            file=name, line=line + header_line, saw=saw, expected=expected,
        ))
    return RefusedFile(Note(
        "ingest.refused.malformed_csv",
        f"«{name}» is not a well-formed CSV: {text}", file=name, detail=text,
    ))


def _drop_blank(
    frame: pd.DataFrame,
    row_numbers: np.ndarray,
    blank_headers: list[str],
    categorical: dict[str, pd.Categorical] | None = None,
) -> tuple[pd.DataFrame, np.ndarray]:
    """Drop rows with no value at all and unnamed columns with no value at all.

    ``categorical`` holds the same cells of some columns as codes (see :class:`RawTable`):
    the first column's blank cells are then found from its distinct cells.
    """
    if frame.empty:
        return frame, row_numbers
    first = frame.iloc[:, 0]
    if categorical and frame.columns[0] in categorical:
        first = pd.Series(categorical[frame.columns[0]], index=frame.index, copy=False)
    candidates = (first.isna() | first.eq("")).to_numpy()
    if candidates.any():
        sub = frame[candidates]
        empty_sub = (sub.isna() | sub.apply(lambda col: col.astype(str).str.strip().eq(""))).all(
            axis=1
        )
        drop = np.zeros(len(frame), dtype=bool)
        drop[np.flatnonzero(candidates)[empty_sub.to_numpy()]] = True
        if drop.any():
            frame = frame[~drop]
            row_numbers = row_numbers[~drop]
    for column in blank_headers:
        values = frame[column]
        if (values.isna() | values.astype(str).str.strip().eq("")).all():
            frame = frame.drop(columns=column)
    if isinstance(frame.index, pd.RangeIndex) and frame.index.equals(pd.RangeIndex(len(frame))):
        return frame, row_numbers  # nothing dropped: no copy of a large table
    return frame.reset_index(drop=True), row_numbers


# --------------------------------------------------------------------------------------
# Excel workbooks.
# --------------------------------------------------------------------------------------

_DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"'
)
#: The tag that opens a sheet's cells, with its namespace prefix when it has one.
_SHEET_DATA = re.compile(rb"<(\w+:)?sheetData[\s>/]")
#: Bytes of a sheet unpacked at a time while its rows and cells are counted.
_SCAN_BYTES = 1 << 22
#: Longest tag the count looks for, so a tag cut by a block boundary is counted once.
_TAG_SPAN = 24


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _declared_extent(head: bytes) -> tuple[int, int]:
    """Return the rows and cells a sheet's ``<dimension>`` declares (0, 0 without one)."""
    match = _DIMENSION.search(head)
    if not match or not match.group(3):
        return 0, 0
    rows = int(match.group(4)) - int(match.group(2)) + 1
    columns = _column_number(match.group(3)) - _column_number(match.group(1)) + 1
    return max(rows, 0), max(rows, 0) * max(columns, 0)


class _SheetCount:
    """Rows and cells of a sheet's XML, counted block by block as it unpacks.

    ``rows`` and ``cells`` count the ``<row>`` and ``<c>`` tags; ``last_row`` and
    ``last_column`` are the largest row and column their references name, so a sheet of
    two cells far apart (which a reader would hold as the whole rectangle between them)
    counts as that rectangle.
    """

    def __init__(self) -> None:
        self.rows = self.cells = self.last_row = self.last_column = 0
        self._tags: tuple[bytes, ...] = ()
        self._refs: re.Pattern[bytes] | None = None
        self._rows: re.Pattern[bytes] | None = None
        self._tail = b""
        self._head = b""

    def add(self, block: bytes) -> None:
        """Count one block of the sheet's XML."""
        if self._refs is None:
            # The cells' tags carry the prefix of <sheetData>, which may come after a long
            # head (columns, views): the blocks wait until it is seen.
            self._head += block
            found = _SHEET_DATA.search(self._head)
            if found is None and len(self._head) < _SCAN_BYTES:
                return
            block, self._head = self._head, b""
            prefix = (found.group(1) or b"") if found else b""
            self._tags = (b"<" + prefix + b"row", b"<" + prefix + b"c ", b"<" + prefix + b"c>")
            quoted = re.escape(prefix)
            self._refs = re.compile(rb"<" + quoted + rb'c r="([A-Z]{1,3})\d')
            self._rows = re.compile(rb"<" + quoted + rb'row r="(\d+)"')
        joint = self._tail + block[:_TAG_SPAN]
        row_tag, *cell_tags = self._tags
        self.rows += block.count(row_tag) + self._spanning(joint, row_tag)
        self.cells += sum(block.count(t) + self._spanning(joint, t) for t in cell_tags)
        letters = set(self._refs.findall(joint + block))
        if letters:
            self.last_column = max(self.last_column, *(_column_number(c) for c in letters))
        around = self._tail + block  # the last row's tag may start in the last block
        start = around.rfind(row_tag)
        found = self._rows.match(around, start) if start >= 0 else None
        if found:
            self.last_row = max(self.last_row, int(found.group(1)))
        self._tail = around[-_TAG_SPAN:]

    def _spanning(self, joint: bytes, tag: bytes) -> int:
        """Return how many ``tag`` cross the boundary between the last block and this one."""
        size = len(self._tail)
        return joint.count(tag) - joint[:size].count(tag) - joint[size:].count(tag)

    @property
    def extent(self) -> tuple[int, int]:
        """Return the rows and the cells the sheet holds (its rectangle when larger)."""
        rows = max(self.rows, self.last_row)
        return rows, max(self.cells, rows * self.last_column)


def _count_sheet(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str,
                 limits: Limits, counted: tuple[int, int]) -> tuple[int, int]:
    """Return the rows and cells of one sheet added to ``counted``; refuse past the limits.

    The sheet is unpacked block by block and never held whole: a bomb of repeated rows is
    refused as soon as its count passes a limit.
    """
    count = _SheetCount()
    try:
        with archive.open(info) as handle:
            head = handle.read(4096)
            declared = _declared_extent(head)
            if declared[0] > limits.max_rows:
                raise RefusedFile(Note(
                    "ingest.refused.declares_too_many_rows",
                    f"«{name}» declares {declared[0]:,} rows, more than the limit of "
                    f"{limits.max_rows:,} for one upload.",
                    file=name, rows=declared[0], limit=limits.max_rows,
                ))
            _check_extent(name, counted[0] + declared[0], counted[1] + declared[1], limits)
            block = head
            while block:
                count.add(block)
                rows, cells = count.extent
                _check_extent(name, counted[0] + rows, counted[1] + cells, limits)
                block = handle.read(_SCAN_BYTES)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, zlib.error) as exc:
        raise RefusedFile(Note(
            "ingest.refused.damaged_part",
            f"«{name}» is damaged: {info.filename} cannot be unpacked ({exc}).",
            file=name, part=info.filename, detail=str(exc),
        )) from None
    rows, cells = count.extent
    return counted[0] + rows, counted[1] + cells


#: Workbooks found within the limits (digest and limits), so a second look skips the count.
_CHECKED: OrderedDict[tuple[str, Limits], None] = OrderedDict()


def check_workbook_size(data: bytes, name: str, limits: Limits | None = None,
                        digest: str | None = None) -> None:
    """Refuse a workbook that is damaged, not a workbook, or past the limits once unpacked.

    The ZIP directory gives the unpacked size and each part's packing; the sheets are then
    unpacked as a stream and their rows and cells counted, all sheets together, so a file
    whose cells would fill the memory (a bomb of repeated rows packed less tightly than
    :data:`MAX_COMPRESSION_RATIO`, a sheet declaring a million rows, two cells far apart)
    is refused before a reader holds it.
    """
    limits = limits or Limits.configured()
    if digest is not None and (digest, limits) in _CHECKED:
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise RefusedFile(Note(
            "ingest.refused.bad_zip",
            f"«{name}» is damaged: it is not a readable XLSX (ZIP) file.", file=name,
        )) from None
    with archive:
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names:
            raise RefusedFile(Note(
                "ingest.refused.zip_not_workbook",
                f"«{name}» is a ZIP archive but not an Excel workbook.", file=name,
            ))
        infos = archive.infolist()
        unpacked = sum(info.file_size for info in infos)
        if unpacked > limits.max_unpacked_bytes:
            raise RefusedFile(Note(
                "ingest.refused.unpacked_too_large",
                f"«{name}» unpacks to {unpacked / 1e6:,.0f} MB, more than the limit of "
                f"{limits.max_unpacked_bytes / 1e6:,.0f} MB for one upload.",
                file=name, size_mb=round(unpacked / 1e6),
                limit_mb=round(limits.max_unpacked_bytes / 1e6),
            ))
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > 50_000_000 and ratio > MAX_COMPRESSION_RATIO:
                raise RefusedFile(Note(
                    "ingest.refused.zip_bomb",
                    f"«{name}» looks like a ZIP bomb: {info.filename} is compressed "
                    f"{ratio:,.0f} times.",
                    file=name, part=info.filename, ratio=round(ratio),
                ))
        counted = (0, 0)
        for info in infos:
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                counted = _count_sheet(archive, info, name, limits, counted)
    if digest is not None:
        with _HEADS_LOCK:
            _CHECKED[(digest, limits)] = None
            while len(_CHECKED) > 64:
                _CHECKED.popitem(last=False)


def _worksheets(workbook) -> list[str]:
    """Return the names of a workbook's worksheets (charts and macros left out)."""
    return [
        meta.name for meta in workbook.sheets_metadata if str(meta.typ).endswith("WorkSheet")
    ] or list(workbook.sheet_names)


def _check_xls_extent(sheet, name: str, file_format: str, limits: Limits) -> None:
    """Refuse an old-format sheet past the limits (its size is known once it is read)."""
    if file_format == "xls":
        _check_extent(name, sheet.total_height, sheet.total_height * sheet.total_width, limits)


#: The first rows of each sheet of recent workbooks (digest, rows -> [(sheet, rows, merged
#: cell ranges)]): the
#: data page looks at a file's first rows several times (its kind, its columns) before it
#: reads it once whole.
_HEADS: OrderedDict[tuple[str, int], list[tuple[str, list, list]]] = OrderedDict()
_HEADS_KEPT = 4
_HEADS_LOCK = threading.Lock()


def _workbook_heads(data: bytes, digest: str, name: str, file_format: str, limits: Limits,
                    nrows: int) -> list[tuple[str, list, list]]:
    """Return the first ``nrows`` rows and the merged cells of each worksheet, read once per
    workbook.
    """  # noqa: D205
    import python_calamine as calamine

    key = (digest, nrows)
    with _HEADS_LOCK:
        if key in _HEADS:
            _HEADS.move_to_end(key)
            return _HEADS[key]
    with calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)) as workbook:
        heads = []
        for sheet_name in _worksheets(workbook):
            sheet = workbook.get_sheet_by_name(sheet_name)
            _check_xls_extent(sheet, name, file_format, limits)
            heads.append((sheet_name, sheet.to_python(skip_empty_area=False, nrows=nrows),
                          _merged_ranges(sheet)))
            del sheet
    with _HEADS_LOCK:
        _HEADS[key] = heads
        while len(_HEADS) > _HEADS_KEPT:
            _HEADS.popitem(last=False)
    return heads


def _read_workbook(
    data: bytes,
    name: str,
    file_format: str,
    kind: str | None,
    limits: Limits,
    header_search_rows: int,
    common: dict,
    sample_rows: int | None = None,
) -> RawTable:
    """Read the sheet whose header names most contract columns, block by block.

    The workbook reader holds the chosen sheet's cells (bounded by the limits checked
    first); its rows are turned into text columns :data:`BLOCK_ROWS` at a time, each
    distinct cell text kept once, so Python never holds a list per row of the whole sheet.
    """
    import python_calamine as calamine

    if file_format == "xlsx":
        check_workbook_size(data, name, limits, common["sha256"])
    try:
        workbook = None
        if sample_rows is not None:
            heads = _workbook_heads(data, common["sha256"], name, file_format, limits,
                                    header_search_rows + sample_rows)
            sheets = [sheet_name for sheet_name, _, _ in heads]
            merges = {sheet_name: merged for sheet_name, _, merged in heads}
        else:
            workbook = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
            sheets = _worksheets(workbook)
            heads = None
            merges = {}
        best: tuple[int, str, int, list] | None = None
        chosen = None
        found_in: list[str] = []
        for position, sheet_name in enumerate(sheets):
            sheet = None
            if heads is not None:
                head = heads[position][1]
            else:
                sheet = workbook.get_sheet_by_name(sheet_name)
                _check_xls_extent(sheet, name, file_format, limits)
                head = sheet.to_python(skip_empty_area=False, nrows=header_search_rows)
                merges[sheet_name] = _merged_ranges(sheet)
            index = _find_header(head[:header_search_rows], kind)
            if index is None:
                continue
            found_in.append(sheet_name)
            score = header_score(head[index], kind)
            if best is None or score > best[0]:
                best, chosen = (score, sheet_name, index, head), sheet
            del sheet
        if best is None:
            if not any(head for _, head, _ in heads or ()) and (workbook is None or not any(
                    workbook.get_sheet_by_name(s).to_python(nrows=1) for s in sheets)):
                raise RefusedFile(Note(
                    "ingest.refused.empty_sheets",
                    f"«{name}» has no data: every sheet is empty.", file=name,
                ))
            raise _refuse_no_header(name, kind)
        _, sheet_name, header_index, head = best
        names, blank = header_names(head[header_index])
        merged = merges[sheet_name]
        if chosen is None:  # the first rows kept from an earlier look at the workbook
            rows, offset = iter(head[header_index + 1:]), 0
        else:
            rows = iter(chosen.iter_rows())
            for _ in range(header_index + 1):
                next(rows, None)
            offset = chosen.start[1] if chosen.start else 0
        columns, count = _text_columns_of_rows(rows, len(names), sample_rows, offset)
        del chosen, rows
        if workbook is not None:
            workbook.close()
    except RefusedFile:
        raise
    except Exception as exc:  # calamine raises its own error types for damaged parts
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise RefusedFile(Note(
            "ingest.refused.damaged",
            f"«{name}» is damaged and cannot be read ({reason}).", file=name, detail=reason,
        )) from None
    if count > limits.max_rows:
        raise _too_many_rows(name, limits.max_rows)
    if count == 0:
        raise _no_rows(name)
    frame = pd.DataFrame(dict(zip(names, columns, strict=True)), index=pd.RangeIndex(count),
                         copy=False)
    row_numbers = np.arange(len(frame), dtype=np.int64) + header_index + 2
    frame, row_numbers = _drop_blank(frame, row_numbers, blank)
    if frame.empty:
        raise _no_rows(name)
    preamble = [
        " ".join(cell_text(c) or "" for c in row if cell_text(c)).strip()
        for row in head[:header_index]
    ]
    warnings: list[str] = []
    others = [s for s in found_in if s != sheet_name]
    if others:
        warnings.append(Note(
            "ingest.warning.other_sheets",
            f"Sheet «{sheet_name}» was read; sheet(s) " + ", ".join(f"«{s}»" for s in others)
            + " also look like tables and were ignored: upload them separately.",
            sheet=sheet_name, sheets=tuple(others),
        ))
    table = RawTable(
        frame=frame,
        row_numbers=row_numbers,
        header_row=header_index + 1,
        file_format=file_format,
        sheet=sheet_name,
        preamble=[text for text in preamble if text],
        blank_headers=[b for b in blank if b in frame.columns],
        warnings=warnings,
        **common,
    )
    return _with_head(table, head[:header_index], head[header_index], merged)


def _merged_ranges(sheet) -> list[tuple[int, int, int, int]]:
    """Return a sheet's merged cells as (first row, first column, last row, last column)."""
    return [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ()]


def _text_columns_of_rows(
    rows: Iterator[list], width: int, limit: int | None, offset: int = 0
) -> tuple[list[np.ndarray], int]:
    """Return ``width`` columns of cell texts from an iterator of rows, and the row count.

    Rows are taken :data:`BLOCK_ROWS` at a time; each block's columns are factorized and
    only their distinct cells converted (:func:`cell_text`); every distinct text is one
    ``str`` shared by all its cells, the rest of a column is integer codes until the end.
    Rows longer than ``width`` are cut, shorter ones padded with empty cells; a row's first
    cell is the sheet's column ``offset`` (the reader leaves out empty columns on the left).
    """
    texts: list[dict[str, int]] = [{} for _ in range(width)]
    codes: list[list[np.ndarray]] = [[] for _ in range(width)]
    count = 0
    while limit is None or count < limit:
        take = BLOCK_ROWS if limit is None else min(BLOCK_ROWS, limit - count)
        block = list(itertools.islice(rows, take))
        if not block:
            break
        count += len(block)
        block_columns = list(itertools.zip_longest(*block, fillvalue=None))
        for position in range(width):
            if not 0 <= position - offset < len(block_columns):  # no cell of the block here
                codes[position].append(np.full(len(block), -1, dtype=np.int32))
                continue
            values = np.empty(len(block), dtype=object)
            values[:] = block_columns[position - offset]
            local, uniques = pd.factorize(values, use_na_sentinel=True)
            known = texts[position]
            lookup = np.array(
                [known.setdefault(text, len(known)) if text is not None else -1
                 for text in (cell_text(value) for value in uniques)] + [-1],
                dtype=np.int64,
            )
            codes[position].append(lookup[local].astype(np.int32))
        del block
    columns = []
    for position in range(width):
        table = np.empty(len(texts[position]) + 1, dtype=object)
        table[:-1] = list(texts[position])
        table[-1] = None
        joined = np.concatenate(codes[position]) if codes[position] else \
            np.empty(0, dtype=np.int32)
        columns.append(table[joined])
    return columns, count


def _cells_as_text(values: pd.Series) -> pd.Series:
    """Return workbook cells as text (each distinct cell converted once)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = np.array([cell_text(value) for value in uniques] + [None], dtype=object)
    return pd.Series(texts[codes], index=values.index, dtype=object)
