"""How an official statistics table is laid out, read before any value is taken from it.

Tables of the statistics bureau and their open-data republications are not plain lists: a
title (repeated across merged cells, with footnote markers «1)», «*») names the indicator and
its unit; one or two header rows name the periods, the upper row's merged cells (years)
spanning the lower row's sub-periods («I квартал», «I тоқсан», «Q1», «1 кв.», months, «год»,
«январь–март»); a Power Query export puts «Column1, Column2 …» above them; notes and
footnotes follow the last region; some tables put the periods in rows and the regions in
columns.

:func:`structured_table` returns the table in the one-header-row shape
:mod:`utils.ingest.official_tables` reads (regions as rows, one column per period, the
period of each column known), with a :class:`TableStructure` that says what was understood,
as notes the data page shows in the analyst's language before anything is stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from geo import is_national_total, resolve_region, strip_footnote_marks
from utils.ingest.parsing import cell_text, parse_period_text
from utils.ingest.readers import Note, RawTable, header_names
from utils.ingest.vocabularies import normalise_label

#: Header cells that name no column: Power Query's «Column1», pandas' «Unnamed: 1».
PLACEHOLDER = re.compile(
    r"^(?:column|столбец|колонка|unnamed:?|field|поле)\s*[_ ]?\d+(?:[_.]\d+)?$", re.I
)
#: The start of a note or footnote row below a table.
NOTE_START = re.compile(
    r"^\s*(?:\(?\d{1,2}\)|\*+|[\u00b9\u00b2\u00b3\u2070-\u2079]|примечани|прим\.|ескерту|"
    r"ескертпе|note|источник|source|дереккөз|сноск)", re.I
)
_SOURCE_NOTE = re.compile(r"^\s*(?:источник|source|дереккөз)\s*[:\-–]", re.I)
#: Sub-period cells that mean the whole year.
YEAR_WORDS = frozenset(normalise_label(word) for word in (
    "год", "за год", "всего за год", "итого за год", "в целом за год", "итого", "всего",
    "жыл", "жылы", "жыл бойы", "жылдық", "барлығы", "жиыны", "year", "annual", "full year",
    "total", "year total", "total for the year",
))
#: Rows read from the end of a table when looking for notes.
NOTE_ROWS_SEARCHED = 40
#: Share of value columns whose header must name a region for a table to be transposed.
TRANSPOSED_SHARE = 0.6
_DUMMY_YEAR = 2000


@dataclass
class TableStructure:
    """What :func:`structured_table` understood of an official table.

    Attributes
    ----------
    header_rows
        1, or 2 when an upper row of years spans a lower row of sub-periods.
    sub_periods
        Granularities the lower header row gave (``quarter``, ``month``, ``year``,
        ``cumulative``), in order of first appearance.
    periods
        Header of each column that holds one period's values -> the period's label
        (``2025-Q2``, ``2025``, ``2025-03``, ``2025-01..03``).
    title
        The title above the header (repeats and footnote markers removed), or None.
    placeholder_rows, note_rows, numbering_rows
        Rows skipped: placeholder headers above the table, notes and footnotes below it,
        a row of column numbers under the header.
    transposed
        Periods were rows and regions columns.
    facts
        What was understood, one :class:`~utils.ingest.readers.Note` each (``stats.structure.*``).
    """

    header_rows: int = 1
    sub_periods: tuple[str, ...] = ()
    periods: dict[str, str] = field(default_factory=dict)
    title: str | None = None
    placeholder_rows: int = 0
    note_rows: int = 0
    numbering_rows: int = 0
    transposed: bool = False
    facts: list[Note] = field(default_factory=list)


def is_placeholder(text: object) -> bool:
    """Return True for a header cell that names no column («Column1», «Unnamed: 3»)."""
    value = cell_text(text)
    return bool(value) and bool(PLACEHOLDER.match(value.strip()))


def _blank(text: object) -> bool:
    value = cell_text(text)
    return value is None or not value.strip() or is_placeholder(value)


def _title_line(cells: list[str | None]) -> str:
    """Return one title row as a line: each distinct cell once, footnote markers removed."""
    seen: list[str] = []
    for cell in cells:
        if _blank(cell):
            continue
        text = strip_footnote_marks(" ".join(str(cell).split()))
        if text and text not in seen:
            seen.append(text)
    return " ".join(seen)


def _year_of(text: object) -> int | None:
    value = cell_text(text)
    if _blank(value):
        return None
    parsed = parse_period_text(strip_footnote_marks(value))
    if isinstance(parsed, tuple) and parsed[1] == "year":
        return int(parsed[0])
    return None


def _sub_period(text: object, year: int) -> tuple[str, str] | None:
    """Return ``(label, granularity)`` of a lower header cell under ``year``, or None."""
    value = cell_text(text)
    if _blank(value):
        return None
    value = strip_footnote_marks(value)
    if normalise_label(value) in YEAR_WORDS:
        return str(year), "year"
    if re.search(r"(?:19|20)\d{2}", value):
        return None  # a full period of its own, not a part of the year above it
    parsed = parse_period_text(f"{value} {year}")
    if isinstance(parsed, tuple):
        return parsed[0], parsed[1]
    return None


def _is_sub_period(text: object) -> bool:
    return _sub_period(text, _DUMMY_YEAR) is not None


def _is_number(text: object) -> bool:
    value = cell_text(text)
    if value is None:
        return False
    compact = value.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    return bool(re.fullmatch(r"[-+]?\d+(?:\.\d+)?", compact))


def _merged_fill(cells: list[str | None], row: int,
                 merged: list[tuple[int, int, int, int]]) -> list[str | None]:
    """Return a header row with each merged cell's text repeated across the columns it spans."""
    filled = list(cells)
    for first_row, first_column, last_row, last_column in merged:
        if not first_row <= row <= last_row or last_column <= first_column:
            continue
        if first_column >= len(filled):
            continue
        text = cells[first_column] if first_row == row else None
        for column in range(first_column + 1, min(last_column + 1, len(filled))):
            if _blank(filled[column]):
                filled[column] = text
    return filled


def _upper_years(upper: list[str | None], lower: list[str | None]) -> list[int | None]:
    """Return the year over each column: its own, or the one a merged cell spans it with.

    Without merge information (a CSV, or cells unmerged by a republication) a blank upper
    cell over a sub-period takes the year to its left, as the merged cell did.
    """
    years: list[int | None] = []
    current: int | None = None
    for position, cell in enumerate(upper):
        year = _year_of(cell)
        if year is not None:
            current = year
        elif not _blank(cell):
            current = None
        below = lower[position] if position < len(lower) else None
        years.append(year if year is not None
                     else current if _blank(cell) and _is_sub_period(below) else None)
    return years


@dataclass
class _Header:
    names: list[str]
    periods: dict[str, str]
    granularities: list[str]


def _compose(upper: list[str | None], lower: list[str | None]) -> _Header | None:
    """Return the one-row header of a two-row header, or None when it is not one.

    ``upper`` has its merged cells filled across the columns they span.
    """
    width = max(len(upper), len(lower))
    upper = upper + [None] * (width - len(upper))
    lower = lower + [None] * (width - len(lower))
    years = _upper_years(upper, lower)
    names: list[str] = []
    periods: dict[str, str] = {}
    granularities: list[str] = []
    composed = 0
    for position in range(width):
        year, top, below = years[position], upper[position], lower[position]
        sub = _sub_period(below, year) if year is not None else None
        if sub is not None:
            label, granularity = sub
            name = f"{strip_footnote_marks(str(top))} · {strip_footnote_marks(str(below))}"
            periods[name] = label
            if granularity not in granularities:
                granularities.append(granularity)
            composed += 1
        elif not _blank(top):
            name = strip_footnote_marks(str(top))
        elif not _blank(below):
            name = strip_footnote_marks(str(below))
        else:
            name = ""
        names.append(name)
    if not composed:
        return None
    return _Header(names, periods, granularities)


def _is_numbering_row(cells: list[object]) -> bool:
    """Return True for the row of column numbers under a header («А, 1, 2, 3 …»)."""
    texts = [cell_text(c) for c in cells]
    filled = [t.strip() for t in texts if t and t.strip()]
    numbers = [t for t in filled if t.isdigit()]
    letters = [t for t in filled if not t.isdigit()]
    if len(numbers) < 2 or len(letters) > 1 or any(len(t) > 1 for t in letters):
        return False
    values = [int(t) for t in numbers]
    return values == list(range(values[0], values[0] + len(values)))


def _frame_row(table: RawTable, names: list[str], position: int) -> list[str | None]:
    """Return data row ``position`` aligned with the header's columns (dropped ones None)."""
    frame = table.frame
    return [cell_text(frame.iat[position, frame.columns.get_loc(name)])
            if name in frame.columns else None for name in names]


def structured_table(table: RawTable) -> tuple[RawTable, TableStructure]:
    """Return an official table in the shape :mod:`~utils.ingest.official_tables` reads.

    Title rows are cleaned (placeholder rows dropped, cells repeated by merging kept once,
    footnote markers removed); a two-row header becomes one, each column named by its year
    and sub-period with the period it holds; a row of column numbers, notes and footnotes
    below the table are dropped; region names lose their footnote markers; a transposed
    table (periods as rows) becomes a long table of region, period and value.
    """
    structure = TableStructure()
    frame, row_numbers = table.frame, table.row_numbers
    top_rows = list(table.top_rows)
    placeholders = [row for row in top_rows if any(c for c in row)
                    and all(_blank(c) for c in row) and any(is_placeholder(c) for c in row)]
    structure.placeholder_rows = len(placeholders)
    top_rows = [row for row in top_rows if row not in placeholders]
    names, _ = header_names(table.header_cells)
    header = list(table.header_cells)
    blank_headers = list(table.blank_headers)
    renamed: dict[str, str] = {}
    sheet_header = table.header_row - 1

    # Two header rows: the header and the first data row, or the row above and the header.
    two_rows: _Header | None = None
    drop_first = False
    if len(frame):
        lower = _frame_row(table, names, 0)
        no_region = _blank(lower[0]) or resolve_region(lower[0]) is None
        if no_region and not any(_is_number(c) for c in lower[1:]):
            upper = _merged_fill(header, sheet_header, table.merged)
            two_rows = _compose(upper, lower)
            drop_first = two_rows is not None
    if two_rows is None and top_rows and table.top_rows and table.top_rows[-1] in top_rows:
        above = table.top_rows[-1]
        upper = _merged_fill(list(above), sheet_header - 1, table.merged)
        candidate = _compose(upper, header)
        if candidate is not None and len(candidate.periods) >= 2:
            two_rows = candidate
            top_rows = top_rows[:-1]
    if two_rows is not None:
        structure.header_rows = 2
        structure.sub_periods = tuple(two_rows.granularities)
        for position, name in enumerate(names):
            new = two_rows.names[position] if position < len(two_rows.names) else ""
            if new and new != name:
                renamed[name] = new
        structure.periods = dict(two_rows.periods)
        if drop_first:
            frame, row_numbers = frame.iloc[1:], row_numbers[1:]
    else:
        for position, cell in enumerate(header):
            name = names[position] if position < len(names) else None
            if name is None:
                continue
            if is_placeholder(cell):
                blank_headers.append(name)
            elif cell and strip_footnote_marks(str(cell)) != str(cell).strip():
                renamed[name] = strip_footnote_marks(str(cell))
    if renamed:
        frame = frame.rename(columns=renamed)
        blank_headers = [renamed.get(b, b) for b in blank_headers
                         if b not in renamed or not renamed[b]]
        frame = frame.loc[:, ~frame.columns.duplicated()]

    if len(frame) and _is_numbering_row(list(frame.iloc[0])):
        frame, row_numbers = frame.iloc[1:], row_numbers[1:]
        structure.numbering_rows = 1
    frame, row_numbers, notes = _without_notes(frame, row_numbers)
    structure.note_rows = len(notes)
    preamble = [line for line in (_title_line(row) for row in top_rows) if line]
    if not table.top_rows:
        preamble = [line for line in (strip_footnote_marks(p) for p in table.preamble
                                      if not is_placeholder(p)) if line]
    preamble += [note for note in notes if _SOURCE_NOTE.match(note)]
    structure.title = preamble[0] if preamble and not _SOURCE_NOTE.match(preamble[0]) else None

    if not frame.index.equals(pd.RangeIndex(len(frame))):
        frame = frame.reset_index(drop=True)
    transposed = _transposed(frame, blank_headers)
    if transposed is not None:
        frame, row_numbers = transposed[0], row_numbers[transposed[1]]
        blank_headers = []
        structure.transposed = True
    elif len(frame.columns):
        frame = _regions_without_marks(frame, frame.columns[0])
    structure.facts = _facts(structure)
    unchanged = frame is table.frame  # the reader's codes of its cells still hold
    return replace(
        table, frame=frame, row_numbers=np.asarray(row_numbers), preamble=preamble,
        blank_headers=[b for b in blank_headers if b in frame.columns],
        categorical=table.categorical if unchanged else {},
    ), structure


def _without_notes(frame: pd.DataFrame, row_numbers: np.ndarray
                   ) -> tuple[pd.DataFrame, np.ndarray, list[str]]:
    """Drop the notes and footnotes below a table; return them as text, in order."""
    end = len(frame)
    notes: list[str] = []
    first = max(0, end - NOTE_ROWS_SEARCHED)
    tail = frame.iloc[first:end].map(cell_text)
    position = end
    while position > first:
        cells = [c for c in tail.iloc[position - first - 1] if c and c.strip()]
        if not cells:
            position -= 1
            continue
        text = " ".join(cells)
        long_text = len(cells) == 1 and len(text.split()) >= 6
        if not (NOTE_START.match(cells[0]) and len(cells) <= 2) and not long_text:
            break
        if resolve_region(cells[0]) is not None:
            break
        notes.insert(0, text)
        position -= 1
    if position == end:
        return frame, row_numbers, notes
    return frame.iloc[:position], row_numbers[:position], notes


def _regions_without_marks(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Return ``frame`` with footnote markers removed from the names in its region column."""
    values = frame[column]
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    cleaned = [strip_footnote_marks(v) if isinstance(v, str) else v for v in distinct]
    if list(cleaned) == list(distinct):
        return frame
    frame = frame.copy()
    frame[column] = pd.Series(np.array(cleaned + [None], dtype=object)[codes], index=frame.index)
    return frame


def _names_region(header: str) -> bool:
    text = strip_footnote_marks(str(header))
    return resolve_region(text) is not None or is_national_total(text)


def _transposed(frame: pd.DataFrame, blank_headers: list[str]
                ) -> tuple[pd.DataFrame, np.ndarray] | None:
    """Return a table of periods as rows and regions as columns in long form, else None.

    The long form has one row per period and region: «Период», «Регион», «Значение», and
    the source row of each value.
    """
    if frame.shape[1] < 3 or frame.empty:
        return None
    first, others = frame.columns[0], list(frame.columns[1:])
    regional = [h for h in others if _names_region(h)]
    if len(regional) < 3 or len(regional) < TRANSPOSED_SHARE * len(others):
        return None
    periods = frame[first].map(cell_text)
    parsed = periods.map(lambda p: isinstance(parse_period_text(p), tuple) if p else False)
    if not parsed.any() or parsed.mean() < 0.5:
        return None
    rows = np.arange(len(frame))
    long = pd.DataFrame({
        "Период": np.repeat(periods.to_numpy(dtype=object), len(regional)),
        "Регион": np.tile(np.array(regional, dtype=object), len(frame)),
        "Значение": frame[regional].to_numpy(dtype=object).reshape(-1),
    })
    return long, np.repeat(rows, len(regional))


def _facts(structure: TableStructure) -> list[Note]:
    """Return what was understood, one note each, for the mapping step."""
    facts: list[Note] = []
    if structure.header_rows == 2:
        grains = tuple(structure.sub_periods)
        facts.append(Note(
            "stats.structure.two_header_rows",
            "2 header rows: years × " + ", ".join(grains) + ".",
            granularities=grains,
        ))
    if structure.title:
        facts.append(Note("stats.structure.title", f"Title: «{structure.title}».",
                          title=structure.title))
    if structure.placeholder_rows:
        facts.append(Note(
            "stats.structure.placeholder_rows",
            f"{structure.placeholder_rows} placeholder header row(s) («Column1 …») skipped.",
            count=structure.placeholder_rows,
        ))
    if structure.numbering_rows:
        facts.append(Note("stats.structure.numbering_row",
                          "The row of column numbers under the header was skipped."))
    if structure.note_rows:
        facts.append(Note(
            "stats.structure.note_rows",
            f"{structure.note_rows} note or footnote row(s) below the table were not read "
            "as data.",
            count=structure.note_rows,
        ))
    if structure.transposed:
        facts.append(Note("stats.structure.transposed",
                          "Periods are rows and regions are columns: read as such."))
    return facts
