"""Validate the rows of a table: parse each column by its type, resolve regions, collect refusals.

:func:`validate_rows` turns the cells of the mapped columns into the canonical frame of a kind.
Each column is parsed by its type (:mod:`utils.ingest.parsing`) on its distinct values, never
with a Python loop per row; each refused value becomes one row of the errors frame
(:data:`ERROR_COLUMNS`: the row as in Excel, the header and the cell as written, the reason),
and a row with a refused value is not stored. Region texts are resolved to ISO codes, with
suggestions for those not recognised; rows dated before the 2022 reform are placed in today's
regions, and points are compared with the region their row states.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from utils.ingest.headers import header_unit
from utils.ingest.kinds import Column, Kind, input_columns
from utils.ingest.parsing import (
    MISSING_MARKS,
    Parsed,
    cell_text,
    is_arrow_text,
    is_serial_column,
    parse_amounts,
    parse_bins,
    parse_booleans,
    parse_coordinates,
    parse_dates,
    parse_integers,
    parse_periods,
    parse_text,
    parse_vocabulary,
)
from utils.ingest.readers import Note
from utils.ingest.remapping import remapped_values

ERROR_COLUMNS = ["row", "column", "value", "reason"]

# Exact reasons, shared with the tests and the documentation.
REQUIRED_MISSING = "required value is missing"
ENTERPRISE_MISSING = "enterprise is missing: give a BIN or a name"
UNKNOWN_REGION = "unknown region"
NATIONAL_TOTAL = "a national total is not a region"
CLOSED_BEFORE_OPENED = "closed before the appeal was registered"

#: How many examples a warning lists before it says "and N more".
EXAMPLES = 5
#: Unknown region names told one by one; the rest in one note (every one stays in the
#: unresolved table), so a file of 20 000 unknown names gives a report a page can draw.
REGION_NOTES = 10


def validate_rows(
    spec: Kind,
    raw: pd.DataFrame,
    row_numbers: np.ndarray,
    header_of: dict[str, Any],
    today: pd.Timestamp | str | None,
    factors: pd.Series | None,
    *,
    text_file: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame, list[str], list[dict[str, Any]], list[dict[str, Any]]]:
    """Parse and check the mapped columns of a kind; return the rows that may be stored.

    Parameters
    ----------
    spec : Kind
        The kind the rows are loaded as.
    raw : DataFrame
        The mapped columns, named by field, cells as read.
    row_numbers : ndarray
        Each row's number as the analyst sees it.
    header_of : dict
        Field -> header as written, quoted in the errors (for the values of an official
        table, a Series with the header of each value cell).
    today : Timestamp or str, optional
        Dates after this day are refused; default today.
    factors : Series, optional
        Multiplier of each row's ``value`` to base units (official tables).
    text_file : bool
        The rows come from a CSV, whose cells carry no type: a date column holds Excel day
        numbers only when every cell is one (and the analyst is told), never mixed with
        written dates.

    Returns
    -------
    frame : DataFrame
        The valid rows in the kind's canonical columns, with ``__row`` (the row number).
    errors : DataFrame
        One row per refused value, in :data:`ERROR_COLUMNS`.
    warnings : list of str
        What the analyst should know, one :class:`Note` each.
    unresolved : list of dict
        ``{input, rows, suggestions}`` per region text that did not resolve.
    remapped : list of dict
        ``{field, header, input, value, rows}`` per distinct cell of a vocabulary or region
        column read as a value it does not officially spell (a synonym, a former name),
        counting the rows stored (:func:`utils.ingest.remapping.remapped_values`).
    """
    size = len(raw)
    if not raw.index.equals(pd.RangeIndex(size)):
        raw = raw.reset_index(drop=True)
    errors = _Errors(row_numbers)
    warnings: list[str] = []
    unresolved: list[dict[str, Any]] = []
    out: dict[str, pd.Series] = {}
    blank: dict[str, np.ndarray] = {}
    drop_rows = np.zeros(size, dtype=bool)
    readings: list[tuple[str, Any, pd.Series, pd.Series, str]] = []
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
            readings.append((column.name, header, values, codes, "region"))
            continue
        if column.vocabulary == "indicator":
            out[column.name] = values.astype(object).where(values.notna(), None)
            continue
        serials = True
        if column.type == "date" and text_file:
            serials = is_serial_column(values)
            if serials:
                warnings.append(_serial_dates(header, values))
        parsed = _parse(column, values, stamp, serials=serials)
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
        if column.type == "category" and column.vocabulary and isinstance(header, str):
            readings.append((column.name, header, values, result, column.vocabulary))
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
    frame, stored = _within_store_limits(spec, frame, raw, np.flatnonzero(keep), header_of,
                                         errors)
    warnings += _place_and_check_points(spec, frame)
    kept_rows = np.zeros(size, dtype=bool)
    kept_rows[stored] = True
    remapped = [entry for field, header, cells, values, vocabulary in readings
                for entry in remapped_values(field, header, cells, values, vocabulary,
                                             kept_rows)]
    return frame, errors.frame(), warnings, unresolved, remapped


def _within_store_limits(
    spec: Kind,
    frame: pd.DataFrame,
    raw: pd.DataFrame,
    positions: np.ndarray,
    header_of: dict[str, Any],
    errors: _Errors,
) -> tuple[pd.DataFrame, np.ndarray]:
    """Return the rows of ``frame`` the store can hold, and their rows of ``raw``.

    The others become row errors.

    The store's limits (:func:`utils.store.limit_excesses`: whole-number ranges, finite
    numbers, text lengths, NUL characters, index sizes, monthly totals) are those of
    PostgreSQL on both backends, so a report accepts only what every database stores.
    ``positions`` are the rows of ``raw`` that ``frame`` holds.
    """
    from utils import store

    excesses = store.limit_excesses(spec.name, frame)
    if not excesses:
        return frame, positions
    size = len(raw)
    refused = np.zeros(len(frame), dtype=bool)
    for excess in excesses:
        mask = np.zeros(size, dtype=bool)
        mask[positions[excess.rows]] = True
        refused[excess.rows] = True
        name = excess.column
        if name in raw:
            cells = raw[name]
        else:  # a value the load derived (a default, a converted unit): shown as stored
            cells = pd.Series(np.full(size, None, dtype=object))
            cells.iloc[positions] = frame[name].astype(object).to_numpy()
        header = header_of.get(name, name)
        order = spec.column_names.index(name) if name in spec.column_names else len(spec.columns)
        errors.add(mask, header, cells, excess.reason, order)
    kept = frame[~refused]
    return kept.reset_index(drop=True), positions[~refused]


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
# Parsing by column type.
# --------------------------------------------------------------------------------------


def _serial_dates(header: Any, values: pd.Series) -> Note:
    first = str(values.dropna().iloc[0]).strip()
    day = parse_dates(pd.Series([first], dtype=object)).values.iloc[0]
    example = f"{first} = {day:%d.%m.%Y}" if pd.notna(day) else first
    return Note(
        "ingest.warning.serial_dates",
        f"Column «{header}» holds Excel day numbers only; they were read as dates ({example}).",
        header=str(header), example=example,
    )


def _parse(
    column: Column, values: pd.Series, today: pd.Timestamp | None, *, serials: bool = True
) -> Parsed:
    if column.type == "date":
        return parse_dates(values, today=today, serials=serials)
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
        for shown, (text, rows) in enumerate(counts.items()):
            suggestions = geo.suggest_regions(text)
            unresolved.append({"input": text, "rows": int(rows), "suggestions": suggestions})
            if shown >= REGION_NOTES:
                continue
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
        if len(counts) > REGION_NOTES:
            more = counts.iloc[REGION_NOTES:]
            count, rows = len(more), int(more.sum())
            warnings.append(Note(
                "ingest.warning.unknown_regions_more",
                f"{count} more region name{'s are' if count != 1 else ' is'} not recognised "
                f"(rows: {rows}); the table of unrecognised regions lists every one.",
                count=count, rows=rows,
            ))
    if total_rows.any() and not drop_totals:
        errors.add(total_rows, header, raw, NATIONAL_TOTAL, order)
    return codes, total_rows, unresolved, warnings
