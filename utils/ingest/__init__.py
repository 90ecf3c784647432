"""Ingest an uploaded extract: read, map headers, validate, report, then store as one batch.

:func:`prepare` reads a file and returns a :class:`PreparedLoad` (the canonical frame of the
valid rows, the rejected rows with row number, column, value and reason, warnings and the
dropped columns) without storing anything, so the data page can show the report before the
analyst commits. :func:`commit` stores it as one batch through :mod:`utils.store`;
:func:`ingest_file` does both.

Row numbers are the ones the analyst sees in Excel: the header row of a plain CSV is 1 and
its first data row 2; in a workbook with title rows above the header, the sheet row.

Refusals and warnings are :class:`~utils.ingest.readers.Note` objects: English sentences (what the
command line prints and the store keeps) that carry a catalog key and parameters, so the data
page can say them in the analyst's language (:mod:`utils.ingest.messages`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd

from utils.ingest.contract import (
    KINDS,
    Column,
    Kind,
    get_kind,
    header_unit,
    input_columns,
    is_personal_data_header,
    match_header,
    normalise_header,
    normalise_label,
    vocabulary_index,
)
from utils.ingest.parsing import (
    MISSING_MARKS,
    Parsed,
    cell_text,
    is_arrow_text,
    looks_like_period,
    parse_amounts,
    parse_bins,
    parse_booleans,
    parse_coordinates,
    parse_dates,
    parse_integers,
    parse_period_text,
    parse_periods,
    parse_text,
    parse_vocabulary,
)
from utils.ingest.readers import (
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    Note,
    RawTable,
    RefusedFile,
    read_table,
)

__all__ = [
    "ERROR_COLUMNS",
    "LoadReport",
    "Note",
    "PreparedLoad",
    "RefusedFile",
    "commit",
    "ingest_file",
    "prepare",
]

ERROR_COLUMNS = ["row", "column", "value", "reason"]

# Exact reasons, shared with the tests and the documentation.
REQUIRED_MISSING = "required value is missing"
ENTERPRISE_MISSING = "enterprise is missing: give a BIN or a name"
UNKNOWN_REGION = "unknown region"
NATIONAL_TOTAL = "a national total is not a region"
CLOSED_BEFORE_OPENED = "closed before the appeal was registered"

#: How many examples a warning lists before it says "and N more".
EXAMPLES = 5


@dataclass
class PreparedLoad:
    """A file read and validated, ready to be stored (nothing is stored yet).

    Attributes
    ----------
    frame
        The valid rows in the canonical columns of the kind, duplicates within the file
        removed.
    errors
        One row per refused value: ``row`` (as in Excel), ``column`` (the header as written),
        ``value`` (the cell as written) and ``reason``.
    warnings
        What the analyst should know before committing, one :class:`Note` each (the
        placements of pre-2022 rows come from :func:`geo.reform.place_pre_reform` with their
        keys and parameters).
    rows_read
        Data rows in the file.
    rows_duplicate
        Valid rows skipped because they repeat a record of the same file (or, when an
        engine was given to :func:`prepare`, one already stored).
    unresolved_regions
        One entry per distinct region text that did not resolve: ``{input, rows,
        suggestions}`` with suggestions as ISO codes, best first.
    """

    kind: str
    frame: pd.DataFrame
    errors: pd.DataFrame
    warnings: list[str]
    dropped_columns: list[str]
    rows_read: int
    rows_duplicate: int
    file_name: str
    sha256: str
    column_map: dict[str, str] = field(default_factory=dict)
    unresolved_regions: list[dict[str, Any]] = field(default_factory=list)
    identical_batch: int | None = None

    @property
    def rows_rejected(self) -> int:
        """Return the number of file rows with at least one refused value."""
        return int(self.errors["row"].nunique()) if len(self.errors) else 0

    @property
    def rows_valid(self) -> int:
        """Return the number of rows that would be stored."""
        return len(self.frame)


@dataclass
class LoadReport:
    """What a load did; :meth:`to_dict` is the CLI's JSON object."""

    batch_id: int
    kind: str
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    rows_duplicate: int
    errors: pd.DataFrame
    warnings: list[str]
    dropped_columns: list[str]
    file_name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return ``{batch_id, kind, rows_read, rows_loaded, rows_rejected, rows_duplicate,
        errors: [{row, column, value, reason}], warnings, dropped_columns}``.
        """  # noqa: D205
        errors = [
            {
                "row": int(row),
                "column": str(column),
                "value": None if value is None else str(value),
                "reason": str(reason),
            }
            for row, column, value, reason in self.errors[ERROR_COLUMNS].itertuples(
                index=False, name=None
            )
        ]
        return {
            "batch_id": int(self.batch_id),
            "kind": self.kind,
            "rows_read": int(self.rows_read),
            "rows_loaded": int(self.rows_loaded),
            "rows_rejected": int(self.rows_rejected),
            "rows_duplicate": int(self.rows_duplicate),
            "errors": errors,
            "warnings": list(self.warnings),
            "dropped_columns": list(self.dropped_columns),
        }


# --------------------------------------------------------------------------------------
# Errors collected column by column.
# --------------------------------------------------------------------------------------


class _Errors:
    """Refused values gathered per column as arrays (never a Python loop per row)."""

    def __init__(self, row_numbers: np.ndarray) -> None:
        self.row_numbers = row_numbers
        self.parts: list[pd.DataFrame] = []

    def add(
        self,
        mask: np.ndarray | pd.Series,
        column: str | pd.Series,
        raw: pd.Series,
        reasons: str | pd.Series,
        order: int,
    ) -> None:
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        positions = np.flatnonzero(mask)
        values = raw.iloc[positions]
        part = pd.DataFrame(
            {
                "position": positions,
                "row": self.row_numbers[positions],
                "column": column if isinstance(column, str)
                else column.iloc[positions].to_numpy(dtype=object),
                "value": values.map(cell_text, na_action="ignore").to_numpy(dtype=object),
                "reason": reasons if isinstance(reasons, str)
                else reasons.iloc[positions].to_numpy(dtype=object),
                "order": order,
            }
        )
        self.parts.append(part)

    def frame(self) -> pd.DataFrame:
        if not self.parts:
            return pd.DataFrame(
                {
                    "row": pd.Series(dtype="int64"),
                    "column": pd.Series(dtype=object),
                    "value": pd.Series(dtype=object),
                    "reason": pd.Series(dtype=object),
                }
            )
        errors = pd.concat(self.parts, ignore_index=True)
        errors = errors.sort_values(["row", "order"], kind="stable")
        errors["value"] = errors["value"].astype(object).where(errors["value"].notna(), None)
        return errors[ERROR_COLUMNS].reset_index(drop=True)

    def rejected_positions(self, size: int) -> np.ndarray:
        rejected = np.zeros(size, dtype=bool)
        for part in self.parts:
            rejected[part["position"].to_numpy()] = True
        return rejected


# --------------------------------------------------------------------------------------
# Headers.
# --------------------------------------------------------------------------------------


@dataclass
class _Headers:
    mapping: dict[str, str]  # canonical -> header as written
    unmatched: list[str]
    dropped: list[str]
    warnings: list[str]
    left_out: list[str] = field(default_factory=list)  # the analyst chose "not loaded"


def _checked_column_map(kind: Kind, column_map: Mapping[str, str | None]) -> dict:
    valid = set(kind.column_names)
    unknown = sorted({t for t in column_map.values() if t and t not in valid})
    if unknown:
        raise KeyError(
            f"Invalid field for {kind.name}: {', '.join(unknown)}. Field must be in the set: "
            + ", ".join(kind.column_names)
        )
    return {str(header): target or None for header, target in column_map.items()}


def _map_headers(
    kind: Kind, table: RawTable, column_map: Mapping[str, str | None] | None = None
) -> _Headers:
    """Match the file's headers to the kind's fields.

    ``column_map`` is the analyst's correction (header as written -> field, or None to leave
    the column out); it wins over the synonyms, but a personal-data column is dropped
    whatever it is mapped to.
    """
    chosen = _checked_column_map(kind, column_map or {})
    mapping: dict[str, str] = {}
    unmatched: list[str] = []
    dropped: list[str] = []
    warnings: list[str] = []
    personal: list[str] = []
    left_out: list[str] = []
    for header in table.frame.columns:
        canonical = match_header(kind, header)
        personal_only = canonical is None and is_personal_data_header(header)
        if str(header) in chosen and not personal_only:
            canonical = chosen[str(header)]
            if canonical is None:
                unmatched.append(header)
                left_out.append(header)
                continue
        if canonical is not None:
            if canonical in mapping:
                warnings.append(Note(
                    "ingest.warning.duplicate_column",
                    f"Column «{header}» also names {canonical}; «{mapping[canonical]}» was "
                    "used and it was ignored.",
                    header=str(header), field=canonical, used=str(mapping[canonical]),
                ))
                dropped.append(header)
            else:
                mapping[canonical] = header
        elif is_personal_data_header(header):
            personal.append(header)
            dropped.append(header)
        else:
            unmatched.append(header)
    if personal:
        warnings.append(Note(
            "ingest.warning.personal_data",
            "Personal data dropped before storing: " + ", ".join(f"«{h}»" for h in personal)
            + ".",
            headers=tuple(str(h) for h in personal),
        ))
    return _Headers(mapping, unmatched, dropped, warnings, left_out)


def _examples(column: Column) -> str:
    return f"«{column.labels['ru']}», «{column.labels['en']}» or «{column.name}»"


def _check_required(kind: Kind, headers: _Headers, table: RawTable) -> None:
    missing = [c for c in kind.required if c not in headers.mapping]
    missing_groups = [g for g in kind.one_of if not any(c in headers.mapping for c in g)]
    if not missing and not missing_groups:
        return
    better = [
        other.name
        for other in KINDS.values()
        if other.name != kind.name and _fits(other, table)
    ]
    fields = tuple(missing or missing_groups[0])
    if missing:
        text = (
            f"«{table.file_name}» has no column for {', '.join(missing)} (expected a header "
            f"such as {_examples(kind.column(missing[0]))}); it cannot be loaded as {kind.name}."
        )
    else:
        text = (
            f"«{table.file_name}» names no enterprise: it needs a column "
            + " or ".join(f"«{kind.column(c).labels['ru']}»" for c in fields)
            + f"; it cannot be loaded as {kind.name}."
        )
    if better:
        text = text[:-1] + f" — it looks like {' or '.join(better)}."
    file, kinds = table.file_name, tuple(better)
    if missing and better:
        note = Note("ingest.refused.missing_columns_other_kind", text, file=file,
                    kind=kind.name, fields=fields, kinds=kinds)
    elif missing:
        note = Note("ingest.refused.missing_columns", text, file=file, kind=kind.name,
                    fields=fields)
    elif better:
        note = Note("ingest.refused.no_enterprise_other_kind", text, file=file,
                    kind=kind.name, fields=fields, kinds=kinds)
    else:
        note = Note("ingest.refused.no_enterprise", text, file=file, kind=kind.name,
                    fields=fields)
    raise RefusedFile(note)


def _fits(kind: Kind, table: RawTable) -> bool:
    if kind.name == "region_stats":
        return False
    mapped = {match_header(kind, h) for h in table.frame.columns} - {None}
    required_ok = all(c in mapped for c in kind.required)
    groups_ok = all(any(c in mapped for c in g) for g in kind.one_of)
    return required_ok and groups_ok


# --------------------------------------------------------------------------------------
# Parsing by column type.
# --------------------------------------------------------------------------------------


def _parse(column: Column, values: pd.Series, today: pd.Timestamp | None) -> Parsed:
    if column.type == "date":
        return parse_dates(values, today=today)
    if column.type == "period":
        return parse_periods(values)
    if column.type == "category":
        return parse_vocabulary(values, column.vocabulary or "")
    if column.type == "bin":
        return parse_bins(values)
    if column.type == "int":
        return parse_integers(values, minimum=column.minimum)
    if column.type == "amount":
        allow_negative = column.minimum is None or column.minimum < 0
        return parse_amounts(values, allow_negative=allow_negative)
    if column.type == "number":
        return parse_amounts(values, allow_negative=True)
    if column.type == "bool":
        return parse_booleans(values)
    if column.type in ("lat", "lon"):
        return parse_coordinates(values, column.type)
    return parse_text(values)


def _is_blank(values: pd.Series) -> np.ndarray:
    """Return True where a cell is empty or only spaces (each distinct value checked once)."""
    if is_arrow_text(values):
        return (values.isna() | values.str.strip().eq("")).fillna(True).to_numpy(dtype=bool)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    empty = np.array(
        [(cell_text(u) or "").strip() == "" for u in uniques] + [True], dtype=bool
    )
    return empty[codes]


#: A text column is handled as categories when it holds at most this share of distinct cells.
CATEGORY_SHARE = 0.25


def _few_distinct_as_categories(values: pd.Series) -> pd.Series:
    """Return a text column of few distinct cells as a categorical: codes + distinct cells.

    Validation looks at each column several times (blank cells, parsing, required values,
    the values quoted in errors), and each look factorizes it; on a categorical that is a
    pass over integer codes instead of hashing a million cells again. The cells themselves
    are unchanged.
    """
    if values.dtype != object:
        return values
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if len(uniques) > len(values) * CATEGORY_SHARE:
        return values
    categories = pd.Categorical.from_codes(codes, categories=uniques)
    return pd.Series(categories, index=values.index, name=values.name)


def _empty_column(column: Column, size: int) -> pd.Series:
    if column.type in ("date", "period_start"):
        return pd.Series(pd.NaT, index=range(size), dtype="datetime64[ns]")
    if column.type == "int":
        return pd.Series(pd.NA, index=range(size), dtype="Int64")
    if column.type in ("amount", "number", "lat", "lon"):
        return pd.Series(np.nan, index=range(size), dtype="float64")
    if column.type == "bool":
        return pd.Series(pd.NA, index=range(size), dtype="boolean")
    return pd.Series(np.full(size, None, dtype=object), index=range(size), dtype=object)


def _finish_dtype(column: Column, values: pd.Series) -> pd.Series:
    if column.type in ("amount", "number", "lat", "lon"):
        return values.astype("float64")
    if column.type == "int":
        return values.astype("Int64")
    if column.type == "date":
        return pd.to_datetime(values).astype("datetime64[ns]")
    if column.type == "bool":
        return values.astype("boolean")
    return _as_object_text(values)


def _as_object_text(values: pd.Series) -> pd.Series:
    """Return text as an object Series with None for missing, one str object per distinct."""
    if is_arrow_text(values):
        # Mostly distinct cells (appeal numbers): hashing them all would buy nothing.
        array = values.to_numpy(dtype=object, na_value=None)
        return pd.Series(array, index=values.index, dtype=object)
    if values.dtype == object:
        # The parsers and region resolution already spread one object per distinct value,
        # with None where missing.
        return pd.Series(values.to_numpy(), index=values.index, dtype=object)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    table = np.empty(len(uniques) + 1, dtype=object)
    table[:-1] = np.asarray(uniques, dtype=object)
    table[-1] = None
    return pd.Series(table[codes], index=values.index, dtype=object)


# --------------------------------------------------------------------------------------
# Regions.
# --------------------------------------------------------------------------------------


def _resolve_regions(
    raw: pd.Series,
    header: str | pd.Series,
    errors: _Errors,
    order: int,
    drop_totals: bool,
) -> tuple[pd.Series, np.ndarray, list[dict[str, Any]], list[str]]:
    """Resolve region texts; return codes, a mask of national-total rows, unresolved, warnings."""
    import geo

    # Each distinct cell is looked at once; blank cells count as missing.
    codes_raw, cells = pd.factorize(raw, use_na_sentinel=True)
    cells = np.asarray(cells, dtype=object)
    blank_cells = np.array([(cell_text(c) or "").strip() == "" for c in cells], dtype=bool)
    distinct = cells[~blank_cells]
    number = np.full(len(cells) + 1, -1, dtype=np.int64)
    number[np.flatnonzero(~blank_cells)] = np.arange(len(distinct))
    codes_ = number[codes_raw]
    blank = codes_ < 0
    distinct_series = pd.Series(list(distinct), dtype=object)
    resolved = geo.resolve_regions(distinct_series) if len(distinct) else distinct_series
    totals = np.array([geo.is_national_total(t) for t in distinct] + [False], dtype=bool)
    resolved_arr = np.array([None if pd.isna(r) else r for r in resolved] + [None], dtype=object)
    codes = pd.Series(resolved_arr[codes_], index=raw.index, dtype=object)
    total_rows = totals[codes_]
    unresolved_rows = pd.isna(resolved_arr)[codes_] & ~blank & ~total_rows
    warnings: list[str] = []
    unresolved: list[dict[str, Any]] = []
    if unresolved_rows.any():
        errors.add(unresolved_rows, header, raw, UNKNOWN_REGION, order)
        texts = pd.Series(cells[codes_raw[unresolved_rows]], dtype=object)
        counts = texts.map(str).str.strip().value_counts(sort=False)
        for text, rows in counts.items():
            suggestions = geo.suggest_regions(text)
            unresolved.append({"input": text, "rows": int(rows), "suggestions": suggestions})
            hint = ""
            if suggestions:
                names = ", ".join(
                    f"{geo.region_name(code, 'ru')} ({code})" for code in suggestions
                )
                hint = f"; did you mean {names}?"
            text_en = (
                f"Region «{text}» is not recognised ({rows} row{'s' if rows != 1 else ''})"
                f"{hint}"
            )
            if suggestions:
                warnings.append(Note("ingest.warning.unknown_region_suggest", text_en,
                                     value=text, count=int(rows), regions=tuple(suggestions)))
            else:
                warnings.append(Note("ingest.warning.unknown_region", text_en, value=text,
                                     count=int(rows)))
    if total_rows.any() and not drop_totals:
        errors.add(total_rows, header, raw, NATIONAL_TOTAL, order)
    return codes, total_rows, unresolved, warnings


# --------------------------------------------------------------------------------------
# region_stats: long and wide official tables to the long canonical form.
# --------------------------------------------------------------------------------------


@dataclass
class _StatsLong:
    raw: pd.DataFrame  # canonical input columns as text
    row_numbers: np.ndarray
    value_headers: pd.Series  # header as written of each value cell
    warnings: list[str]
    factors: pd.Series  # multiplier to base units per row


def _indicator_of(text: str | None) -> str | None:
    """Return the canonical indicator a title or header names, else the text as written."""
    if not text:
        return None
    index = vocabulary_index("indicator")
    key = normalise_label(normalise_header(text))
    if key in index:
        return index[key]
    contained = [label for label in index if len(label) > 8 and label in key]
    if contained:
        return index[max(contained, key=len)]
    return None


def _preamble_unit(preamble: Sequence[str]) -> tuple[str | None, float]:
    for line in reversed(preamble):
        unit, factor = header_unit(line)
        if unit is not None:
            return unit, factor
    return None, 1.0


def _preamble_source(preamble: Sequence[str]) -> str | None:
    for line in preamble:
        match = re.match(r"^\s*(?:источник|source|дереккөз)\s*[:\-–]\s*(.+)$", line, re.I)
        if match:
            return match.group(1).strip()
    return None


@dataclass(frozen=True)
class StatsLayout:
    """How :func:`prepare` reads the columns of an official table (``region_stats``).

    Attributes
    ----------
    form
        ``long`` (a value column and a period column), ``by_period`` (regions as rows and
        one column per period), ``by_indicator`` (one column per indicator), or None when
        the table has no values to read (it is refused).
    fields
        Field -> header as written; a region column without a header counts as ``region``.
    values
        The columns of a wide table whose cells are loaded as values: header as written ->
        ``("period", label)`` with the period's label (``2025-Q2``), or
        ``("indicator", name)`` with the indicator it holds.
    ignored
        Headers not loaded (not part of the contract, or left out by the analyst).
    """

    form: str | None
    fields: dict[str, str]
    values: dict[str, tuple[str, str]]
    ignored: list[str]


def stats_layout(
    table: RawTable, column_map: Mapping[str, str | None] | None = None
) -> StatsLayout:
    """Return how an official table's columns are read, with the analyst's ``column_map``.

    The data page shows it in its mapping step, so a column that a wide table loads as the
    values of one period or indicator is not shown as a column left out.
    """
    return _stats_layout(table, _map_headers(get_kind("region_stats"), table, column_map))


def _indicator_name(header: str) -> str:
    """Return the indicator a column of a wide table holds, named by its header."""
    return _indicator_of(header) or normalise_header(header).capitalize() or header


def _stats_layout(table: RawTable, headers: _Headers) -> StatsLayout:
    """Decide the form of an official table from its headers (see :class:`StatsLayout`).

    A column the analyst left out is never read as values, nor as the unnamed region column.
    """
    fields = dict(headers.mapping)
    candidates = [h for h in headers.unmatched if h not in headers.left_out]
    if "region" not in fields:
        unnamed = [h for h in table.blank_headers if h in candidates]
        if unnamed:
            fields["region"] = unnamed[0]
            candidates.remove(unnamed[0])
    periods = {h: parse_period_text(cell_text(h)) for h in candidates
               if looks_like_period(h)}
    if "value" in fields and "period" in fields:
        form, values = "long", {}
    elif periods:
        form = "by_period"
        values = {h: ("period", parsed[0]) for h, parsed in periods.items()}
    elif "period" in fields and candidates:
        form = "by_indicator"
        values = {h: ("indicator", _indicator_name(h)) for h in candidates}
    else:
        form, values = None, {}
    ignored = [h for h in headers.unmatched if h not in values and h != fields.get("region")]
    return StatsLayout(form, fields, values, ignored)


def _stats_to_long(table: RawTable, headers: _Headers) -> _StatsLong:
    frame = table.frame
    layout = _stats_layout(table, headers)
    headers.mapping = mapping = layout.fields
    headers.unmatched = layout.ignored
    warnings: list[str] = []
    if "region" not in mapping:
        raise RefusedFile(Note(
            "ingest.refused.stats_no_region",
            f"«{table.file_name}» has no column naming the regions (expected a header such "
            f"as «Регион», «Область» or «region»); it cannot be loaded as region_stats.",
            file=table.file_name,
        ))
    title = table.preamble[0] if table.preamble else None
    pre_unit, pre_factor = _preamble_unit(table.preamble[1:] if len(table.preamble) > 1
                                          else table.preamble)
    source = _preamble_source(table.preamble)
    form = layout.form
    value_columns = list(layout.values)
    ids = [mapping[c] for c in ("period", "region", "indicator", "unit", "source")
           if c in mapping]
    position = pd.Series(np.arange(len(frame)), index=frame.index)

    if form == "long":
        long = pd.DataFrame({c: frame[h] for c, h in mapping.items()})
        long["__position"] = position
        value_headers = pd.Series(mapping["value"], index=long.index, dtype=object)
    elif form in ("by_period", "by_indicator"):
        long = frame[ids + value_columns].assign(__position=position).melt(
            id_vars=ids + ["__position"], value_vars=value_columns,
            var_name="__header", value_name="__value",
        )
        long = long.rename(columns={h: c for c, h in mapping.items() if h in ids})
        long["period" if form == "by_period" else "indicator"] = long["__header"]
        long["value"] = long["__value"]
        value_headers = long["__header"]
    else:
        raise RefusedFile(Note(
            "ingest.refused.stats_no_value",
            f"«{table.file_name}» has neither a value column («Значение», «value») nor "
            "columns headed by periods (II квартал 2025, 2025-03) or by indicators; it "
            "cannot be loaded as region_stats.",
            file=table.file_name,
        ))
    if form != "long":
        if form == "by_period" and "indicator" not in long:
            indicator = _indicator_of(title) or (title.strip() if title else None)
            if indicator is None:
                raise RefusedFile(Note(
                    "ingest.refused.stats_no_period_indicator",
                    f"«{table.file_name}» does not say which indicator its periods hold: add "
                    "a title row above the header or a column «Показатель».",
                    file=table.file_name,
                ))
            long["indicator"] = indicator
    elif "indicator" not in long:
        indicator = _indicator_of(title) or (title.strip() if title else None)
        if indicator is None:
            raise RefusedFile(Note(
                "ingest.refused.stats_no_indicator",
                f"«{table.file_name}» has no indicator column («Показатель», «indicator») and "
                "no title naming one; it cannot be loaded as region_stats.",
                file=table.file_name,
            ))
        long["indicator"] = indicator

    # Units: a unit column wins, then the unit in an indicator header, then the units row.
    factors = pd.Series(1.0, index=long.index)
    if "unit" in long:
        distinct_units = {u: header_unit(u) if u else (None, 1.0)
                          for u in long["unit"].dropna().unique()}
        units = long["unit"].map({u: t[0] for u, t in distinct_units.items()})
        factors = long["unit"].map({u: t[1] for u, t in distinct_units.items()})
        factors = factors.fillna(1.0).astype(float)
        long["unit"] = units.where(units.notna(), long["unit"])
    elif form == "by_indicator":
        distinct_headers = pd.Series(long["__header"].unique())
        header_units = {h: header_unit(h) for h in distinct_headers}
        long["unit"] = long["__header"].map({h: u[0] for h, u in header_units.items()})
        factors = long["__header"].map({h: u[1] for h, u in header_units.items()}).astype(float)
        if pre_unit is not None:
            missing_unit = long["unit"].isna()
            long.loc[missing_unit, "unit"] = pre_unit
            factors[missing_unit] = pre_factor
    else:
        long["unit"] = pre_unit
        factors = pd.Series(pre_factor, index=long.index)
    if form == "by_indicator":
        names = {h: indicator for h, (_, indicator) in layout.values.items()}
        long["indicator"] = long["indicator"].map(names)
    elif "indicator" in mapping:
        names = {
            h: _indicator_of(h) or str(h).strip()
            for h in long["indicator"].dropna().unique()
        }
        long["indicator"] = long["indicator"].map(names)
    if "source" not in long:
        if source is None:
            source = table.file_name
            warnings.append(Note(
                "ingest.warning.stats_source_from_file",
                f"No source given; the file name «{table.file_name}» is recorded as the "
                "source of these figures.",
                file=table.file_name,
            ))
        long["source"] = source
    scaled = factors.ne(1.0) & factors.notna()
    if scaled.any():
        warnings.append(Note(
            "ingest.warning.stats_scaled",
            "Values stated in thousands or millions were converted to base units (tenge, "
            "persons).",
        ))
    # Cells without a value (blank, «-», «…», «x») are not data.
    value_text = long["value"].map(cell_text, na_action="ignore")
    no_value = value_text.isna() | value_text.str.strip().str.lower().isin(MISSING_MARKS)
    skipped = int(no_value.sum())
    if form != "long" and skipped:
        warnings.append(Note(
            "ingest.warning.stats_empty_cells",
            f"{skipped} cell{'s' if skipped != 1 else ''} without a value (blank, «-», «…») "
            "were skipped.",
            count=skipped,
        ))
    if form != "long":
        long = long[~no_value.to_numpy()]
        value_headers = value_headers[~no_value.to_numpy()]
        factors = factors[~no_value.to_numpy()]
        long = long.sort_values(["__position"], kind="stable")
        value_headers = value_headers.loc[long.index]
        factors = factors.loc[long.index]
    positions = long["__position"].to_numpy()
    raw = long[[c for c in ("period", "region", "indicator", "value", "unit", "source")
                if c in long]].reset_index(drop=True)
    if form != "long":
        text = (
            f"Wide table: {len(frame)} rows became {len(raw)} values "
            f"({'one per region and period' if form == 'by_period' else 'one per indicator'})."
        )
        if form == "by_period":
            warnings.append(Note("ingest.warning.stats_wide_by_period", text, count=len(frame),
                                 values=len(raw)))
        else:
            warnings.append(Note("ingest.warning.stats_wide_by_indicator", text,
                                 count=len(frame), values=len(raw)))
    return _StatsLong(
        raw=raw,
        row_numbers=table.row_numbers[positions],
        value_headers=value_headers.reset_index(drop=True).astype(object),
        warnings=warnings,
        factors=factors.reset_index(drop=True).astype(float),
    )


# --------------------------------------------------------------------------------------
# prepare / commit.
# --------------------------------------------------------------------------------------


def prepare(
    kind: str,
    source: bytes | str | Path | BinaryIO,
    file_name: str | None = None,
    *,
    engine: Any = None,
    today: pd.Timestamp | str | None = None,
    max_unpacked_bytes: int = MAX_UNPACKED_BYTES,
    max_rows: int = MAX_ROWS,
    column_map: Mapping[str, str | None] | None = None,
) -> PreparedLoad:
    """Read and validate an upload of ``kind``; store nothing.

    Parameters
    ----------
    kind : str
        One of :data:`utils.ingest.contract.KINDS`.
    source : bytes, path or binary file object
        The upload (a Streamlit ``UploadedFile`` works).
    file_name : str, optional
        Its name as the analyst gave it (the suffix must match the content).
    engine : optional
        When given, the file is checked against the store too: an identical earlier upload
        is refused, and appeals already stored are counted as duplicates.
    today : Timestamp or str, optional
        Dates after this day are refused; default today.
    column_map : mapping, optional
        The analyst's corrections of the proposed mapping: header as written -> field of
        ``kind`` (or None to leave the column out).

    Raises
    ------
    RefusedFile
        When the file is unusable as a whole (empty, not a table, wrong format, no required
        column, identical to an earlier batch).
    """
    spec = get_kind(kind)
    table = read_table(
        source, file_name, kind=spec.name, max_unpacked_bytes=max_unpacked_bytes,
        max_rows=max_rows,
    )
    if engine is not None:
        _refuse_identical(engine, table.sha256, table.file_name)
    headers = _map_headers(spec, table, column_map)
    warnings = list(table.warnings) + headers.warnings
    if spec.name == "region_stats":
        stats = _stats_to_long(table, headers)
        raw, row_numbers = stats.raw, stats.row_numbers
        warnings += stats.warnings
        value_header: str | pd.Series = stats.value_headers
        header_of = {c: headers.mapping.get(c, c) for c in raw.columns}
        header_of["value"] = value_header  # type: ignore[assignment]
        if "period" not in headers.mapping:
            header_of["period"] = value_header  # type: ignore[assignment]
        factors = stats.factors
    else:
        _check_required(spec, headers, table)
        # Without copies: the columns stay the reader's arrays, one block each (its
        # categorical of a column when it has one).
        raw = pd.DataFrame(
            {c: table.categorical.get(h, table.frame[h]) for c, h in headers.mapping.items()},
            index=table.frame.index,
            copy=False,
        )
        row_numbers = table.row_numbers
        header_of = dict(headers.mapping)
        factors = None
    if headers.unmatched:
        warnings.append(Note(
            "ingest.warning.unmatched_columns",
            f"Column{'s' if len(headers.unmatched) > 1 else ''} "
            + ", ".join(f"«{h}»" for h in headers.unmatched)
            + f" {'are' if len(headers.unmatched) > 1 else 'is'} not part of the {spec.name} "
            "contract and ignored.",
            headers=tuple(str(h) for h in headers.unmatched), kind=spec.name,
        ))
    dropped = headers.dropped + headers.unmatched
    frame, errors, more_warnings, unresolved = _validate(
        spec, raw, row_numbers, header_of, table, today, factors
    )
    warnings += more_warnings
    frame, duplicates, duplicate_warnings = _drop_duplicates(spec, frame)
    warnings += duplicate_warnings
    if engine is not None and spec.store_duplicate_key and len(frame):
        frame, stored_duplicates, stored_warning = _drop_stored(engine, spec, frame)
        duplicates += stored_duplicates
        warnings += stored_warning
    del frame["__row"]
    frame.index = pd.RangeIndex(len(frame))
    return PreparedLoad(
        kind=spec.name,
        frame=frame,
        errors=errors,
        warnings=warnings,
        dropped_columns=dropped,
        rows_read=len(table.frame),
        rows_duplicate=duplicates,
        file_name=table.file_name,
        sha256=table.sha256,
        column_map={h: c for c, h in headers.mapping.items()},
        unresolved_regions=unresolved,
    )


def _validate(
    spec: Kind,
    raw: pd.DataFrame,
    row_numbers: np.ndarray,
    header_of: dict[str, Any],
    table: RawTable,
    today: pd.Timestamp | str | None,
    factors: pd.Series | None,
) -> tuple[pd.DataFrame, pd.DataFrame, list[str], list[dict[str, Any]]]:
    size = len(raw)
    if not raw.index.equals(pd.RangeIndex(size)):
        raw = raw.reset_index(drop=True)
    errors = _Errors(row_numbers)
    warnings: list[str] = []
    unresolved: list[dict[str, Any]] = []
    out: dict[str, pd.Series] = {}
    blank: dict[str, np.ndarray] = {}
    drop_rows = np.zeros(size, dtype=bool)
    stamp = pd.Timestamp(today) if today is not None else None
    for order, column in enumerate(input_columns(spec)):
        if column.name not in raw:
            out[column.name] = _empty_column(column, size)
            blank[column.name] = np.ones(size, dtype=bool)
            continue
        values = _few_distinct_as_categories(raw[column.name])
        raw[column.name] = values
        header = header_of[column.name]
        blank[column.name] = _is_blank(values)
        if column.type == "region":
            codes, totals, unresolved, region_warnings = _resolve_regions(
                values, header, errors, order, drop_totals=spec.name == "region_stats"
            )
            warnings += region_warnings
            if totals.any() and spec.name == "region_stats":
                drop_rows |= totals
                shown = tuple(int(r) for r in np.unique(row_numbers[totals])[:EXAMPLES])
                where = ", ".join(str(r) for r in shown)
                count = int(np.unique(row_numbers[totals]).size)
                warnings.append(Note(
                    "ingest.warning.national_total",
                    f"{count} row{'s' if count != 1 else ''} for the whole country (row "
                    f"{where}) {'were' if count != 1 else 'was'} not loaded as a region.",
                    count=count, rows=shown,
                ))
            out[column.name] = codes
            continue
        if column.vocabulary == "indicator":
            out[column.name] = values.astype(object).where(values.notna(), None)
            continue
        parsed = _parse(column, values, stamp)
        refused = parsed.error_mask.to_numpy()
        if refused.any():
            errors.add(refused, header, values, parsed.errors, order)
        if parsed.notes.get("restored_leading_zeros"):
            restored = int(parsed.notes["restored_leading_zeros"])
            warnings.append(Note(
                "ingest.warning.leading_zeros",
                f"Column «{header}»: {restored} BIN(s) had lost "
                "leading zeros (stored as numbers in Excel) and were restored.",
                header=str(header), count=restored,
            ))
        result = parsed.values
        if column.type == "amount" and isinstance(header, str):
            unit, factor = header_unit(header)
            if factor != 1.0:
                result = result * factor
                warnings.append(_scaled_amounts(header, factor))
        if column.name == "value" and factors is not None:
            result = result * factors.to_numpy()
        if column.type == "period":
            out["granularity"] = parsed.granularity  # type: ignore[attr-defined]
            out["period_start"] = parsed.start  # type: ignore[attr-defined]
            out["period_end"] = parsed.end  # type: ignore[attr-defined]
        if column.default is not None:
            result = result.fillna(column.default)
        out[column.name] = result
    # Required values and one-of groups.
    for order, column in enumerate(input_columns(spec)):
        if column.required and column.name in raw and column.default is None:
            missing = blank[column.name] & ~drop_rows
            if column.type in ("amount", "number", "int"):
                missing = missing | (_missing_marks(raw[column.name]) & ~drop_rows)
            if missing.any():
                errors.add(missing, header_of[column.name], raw[column.name], REQUIRED_MISSING,
                           order)
    for group in spec.one_of:
        present = [c for c in group if c in raw]
        neither = np.logical_and.reduce([blank[c] for c in group]) & ~drop_rows
        if neither.any() and present:
            first = present[0]
            order = spec.column_names.index(first)
            errors.add(neither, header_of[first], raw[first], ENTERPRISE_MISSING, order)
    # Cross-field checks.
    if spec.name == "appeals" and "closed_date" in raw:
        early = (out["closed_date"] < out["date"]).fillna(False).to_numpy()
        if early.any():
            errors.add(early, header_of["closed_date"], raw["closed_date"],
                       CLOSED_BEFORE_OPENED, spec.column_names.index("closed_date"))
    rejected = errors.rejected_positions(size)
    keep = ~rejected & ~drop_rows
    keep_all = bool(keep.all())
    columns = {}
    kept = pd.RangeIndex(int(keep.sum()))
    for column in spec.columns:
        series = out.get(column.name)
        if series is None:
            series = _empty_column(column, size)
        # A NumPy column as its ndarray: wrapping it as a pandas array scans it for missing.
        values = series.to_numpy() if isinstance(series.dtype, np.dtype) else series.array
        values = values if keep_all else values[keep]
        columns[column.name] = _finish_dtype(column, pd.Series(values, index=kept, copy=False))
    columns["__row"] = pd.Series(row_numbers[keep], index=kept)
    # Without copies: the frame keeps one block per column instead of copying the text
    # columns into one consolidated block (a large load would hold them twice).
    frame = pd.DataFrame(columns, index=kept, copy=False)
    warnings += _place_and_check_points(spec, frame)
    return frame, errors.frame(), warnings, unresolved


def _scaled_amounts(header: str, factor: float) -> Note:
    scale = {1e3: "thousands", 1e6: "millions"}.get(factor, "billions")
    text = (
        f"Column «{header}» is in {scale} of tenge; amounts were multiplied by {factor:,.0f}."
    )
    if scale == "thousands":
        return Note("ingest.warning.amounts_in_thousands", text, header=header, factor=factor)
    if scale == "millions":
        return Note("ingest.warning.amounts_in_millions", text, header=header, factor=factor)
    return Note("ingest.warning.amounts_in_billions", text, header=header, factor=factor)


def _missing_marks(values: pd.Series) -> np.ndarray:
    text = values.map(cell_text, na_action="ignore")
    return text.str.strip().str.lower().isin(MISSING_MARKS - {""}).fillna(False).to_numpy()


def _place_and_check_points(spec: Kind, frame: pd.DataFrame) -> list[str]:
    """Place pre-2022 rows by district/settlement and compare points with their region."""
    from geo.reference import region_name
    from geo.reform import REFORM_DATE, place_pre_reform
    from geo.settlements import point_regions

    warnings: list[str] = []
    date_column = spec.date_column or ("period_start" if spec.name == "region_stats" else None)
    if date_column and len(frame) and (frame[date_column] < REFORM_DATE).any():
        placed, placements = place_pre_reform(frame, date_column)
        frame["region"] = placed["region"].to_numpy()
        # A placement carries its catalog key and parameters (geo/reform.py writes them out).
        warnings += [Note(p.key, p.text, **p.params) for p in placements]
    if {"lat", "lon", "region"} <= set(frame.columns):
        located = frame["lat"].notna() & frame["lon"].notna() & frame["region"].notna()
        if located.any():
            points = frame.loc[located]
            found = pd.Series(
                point_regions(points["lat"].to_numpy(), points["lon"].to_numpy())
            ).to_numpy(dtype=object)
            stated = points["region"].to_numpy(dtype=object)
            differ = pd.notna(found) & (found != stated)
            if differ.any():
                rows = points["__row"].to_numpy()[differ]
                pairs = pd.DataFrame(
                    {"row": rows, "found": found[differ], "stated": stated[differ]}
                )
                for (found_code, stated_code), group in pairs.groupby(
                    ["found", "stated"], sort=True
                ):
                    shown = tuple(int(r) for r in group["row"].head(EXAMPLES))
                    listed = ", ".join(str(r) for r in shown)
                    more = len(group) - EXAMPLES
                    warnings.append(Note(
                        "ingest.warning.points_outside",
                        f"{len(group)} point{'s' if len(group) != 1 else ''} (row {listed}"
                        f"{f' and {more} more' if more > 0 else ''}) lie in "
                        f"{region_name(found_code, 'en')} ({found_code}), not in the stated "
                        f"{region_name(stated_code, 'en')} ({stated_code}).",
                        count=len(group), rows=shown, found_region=found_code,
                        stated_region=stated_code,
                    ))
    return warnings


def _drop_duplicates(spec: Kind, frame: pd.DataFrame) -> tuple[pd.DataFrame, int, list[str]]:
    key = [c for c in spec.duplicate_key if c in frame.columns]
    if not key or frame.empty:
        return frame, 0, []
    subset = frame[key]
    if spec.store_duplicate_key:
        present = subset[spec.store_duplicate_key].notna()
        repeated = present & subset.duplicated(keep="first")
    else:
        repeated = subset.duplicated(keep="first")
    count = int(repeated.sum())
    if not count:
        return frame, 0, []
    rows = tuple(int(r) for r in frame.loc[repeated, "__row"].head(EXAMPLES))
    listed = ", ".join(str(r) for r in rows)
    more = count - len(rows)
    described = " and ".join(key) if len(key) < 3 else ", ".join(key)
    warning = Note(
        "ingest.warning.duplicates",
        f"{count} row{'s' if count != 1 else ''} (row {listed}"
        f"{f' and {more} more' if more > 0 else ''}) repeat the {described} of an earlier "
        "row of this file and were skipped as duplicates.",
        count=count, rows=rows, fields=tuple(key),
    )
    return frame[~repeated.to_numpy()], count, [warning]


def _drop_stored(
    engine: Any, spec: Kind, frame: pd.DataFrame
) -> tuple[pd.DataFrame, int, list[str]]:
    from utils import store

    key = spec.store_duplicate_key
    ids = frame[key]
    stored = store.existing_appeal_ids(engine, ids[ids.notna()])
    if not stored:
        return frame, 0, []
    known = ids.isin(stored).to_numpy()
    count = int(known.sum())
    return frame[~known], count, [_stored_duplicates(count, key)]


def _stored_duplicates(count: int, key: str) -> Note:
    return Note(
        "ingest.warning.stored_duplicates",
        f"{count} appeal{'s' if count != 1 else ''} already stored (same {key}) "
        f"{'were' if count != 1 else 'was'} skipped as duplicates.",
        count=count, field=key,
    )


def _refuse_identical(engine: Any, sha256: str, file_name: str) -> None:
    from utils import store

    batch_id = store.find_batch_by_sha256(engine, sha256)
    if batch_id is None:
        return
    batch = store.get_batch(engine, batch_id) or {}
    when = batch.get("created_at")
    stamp = "an earlier day"
    if when is not None:
        when = pd.Timestamp(when)
        stamp = when.strftime("%Y-%m-%d %H:%M")
    named = batch.get("file_name")
    text = (
        f"This file is identical to batch {batch_id} loaded on {stamp}"
        f"{' (' + str(named) + ')' if named else ''}; undo that batch first to load it again."
    )
    if named:
        note = Note("ingest.refused.identical_named", text, batch_id=int(batch_id), when=when,
                    file=str(named))
    else:
        note = Note("ingest.refused.identical", text, batch_id=int(batch_id), when=when)
    raise RefusedFile(note)


def commit(engine: Any, prepared: PreparedLoad, user: str | None) -> LoadReport:
    """Store a prepared load as one batch and return its report.

    An identical file already loaded (same SHA-256, not undone) is refused before anything
    is written; appeals whose ``appeal_id`` is already stored are skipped and counted as
    duplicates (the store checks again inside its transaction, so concurrent uploads never
    double count).

    Raises
    ------
    RefusedFile
        When the same file was loaded before.
    """
    from utils import store

    _refuse_identical(engine, prepared.sha256, prepared.file_name)
    batch_id = store.load_batch(
        engine,
        prepared.kind,
        prepared.frame,
        file_name=prepared.file_name,
        sha256=prepared.sha256,
        user=user,
        rows_read=prepared.rows_read,
        rows_rejected=prepared.rows_rejected,
        rows_duplicate=prepared.rows_duplicate,
        warnings=prepared.warnings,
    )
    batch = store.get_batch(engine, batch_id) or {}
    rows_duplicate = int(batch.get("rows_duplicate", prepared.rows_duplicate))
    warnings = list(prepared.warnings)
    extra = rows_duplicate - prepared.rows_duplicate
    if extra > 0:
        warnings.append(_stored_duplicates(extra, "appeal_id"))
    return LoadReport(
        batch_id=batch_id,
        kind=prepared.kind,
        rows_read=prepared.rows_read,
        rows_loaded=int(batch.get("rows_loaded", len(prepared.frame))),
        rows_rejected=prepared.rows_rejected,
        rows_duplicate=rows_duplicate,
        errors=prepared.errors,
        warnings=warnings,
        dropped_columns=list(prepared.dropped_columns),
        file_name=prepared.file_name,
    )


def ingest_file(
    engine: Any,
    kind: str,
    path: str | Path | bytes | BinaryIO,
    user: str | None = "cli",
    *,
    file_name: str | None = None,
    today: pd.Timestamp | str | None = None,
) -> LoadReport:
    """Read, validate and store one file (``prepare`` then ``commit``)."""
    prepared = prepare(kind, path, file_name, engine=engine, today=today)
    return commit(engine, prepared, user)
