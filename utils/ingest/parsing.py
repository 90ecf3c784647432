"""Parse the values analysts write: dates, periods, amounts, counts, yes/no, vocabularies.

Every parser takes a Series of raw cells (text, or numbers and datetimes from Excel) and
returns a :class:`Parsed`: the values, and for each row either ``None`` or the reason the
value was refused. A missing cell (empty, blank) is missing, not an error: whether a value
is required is the caller's decision.

Parsers never loop over rows: each works on the distinct values of the column (a million
appeals carry a few thousand distinct dates) and spreads the result back by position.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from utils.ingest.bin_numbers import checked_digits
from utils.ingest.vocabularies import (
    OKED_DIVISIONS,
    VOCABULARIES,
    normalise_label,
    vocabulary_index,
)

EXCEL_EPOCH = pd.Timestamp("1899-12-30")
#: Excel serial day numbers accepted as dates (1954-10-03 … 2119-01-10).
EXCEL_SERIAL_RANGE = (20_000, 80_000)
EARLIEST_DATE = pd.Timestamp("1991-01-01")
KZ_LAT = (40.5, 55.5)
KZ_LON = (46.4, 87.4)

#: Cells that statistics offices and spreadsheets use for "no value".
MISSING_MARKS = frozenset({"", "-", "–", "—", "…", "...", ".", "x", "х", "n/a", "na", "nan",
                           "null", "none", "нет данных", "#н/д", "#n/a"})

# Exact reasons, shared with the tests and the documentation.
DATE_NOT_A_DATE = "not a date: write it as 31.01.2025 or 2025-01-31"
DATE_DOES_NOT_EXIST = "date does not exist"
DATE_TOO_EARLY = "date is before 1991"
DATE_IN_FUTURE = "date is in the future"
DATE_SERIAL_AMONG_DATES = "a day number among written dates: write it as 31.01.2025"
AMOUNT_NOT_A_NUMBER = "not a number"
AMOUNT_NEGATIVE = "negative amount"
AMOUNT_MULTIPLIER = (
    "amount with a word multiplier (тыс., млн, млрд) is ambiguous: write the full number"
)
AMOUNT_AMBIGUOUS = "ambiguous number: a single comma before three digits may be a thousands " \
    "separator or a decimal comma; write 1234 or 1234,000"
INT_NOT_WHOLE = "not a whole number"
BIN_NOT_12_DIGITS = "BIN must be 12 digits"
BIN_BAD_CHECK = "BIN check digit does not match"
BIN_ZEROS = "BIN 000000000000 is a placeholder, not a registered number"
BOOL_UNKNOWN = "not a yes/no value: use да/нет, иә/жоқ, yes/no or 1/0"
PERIOD_UNKNOWN = "not a period: write a month (2025-03, март 2025), a quarter (II квартал 2025, " \
    "2025-Q2) or a year (2025)"
PERIOD_CUMULATIVE = "a range of months that does not start in January (апрель-июнь, " \
    "II полугодие) is not supported: give a month, a quarter, a year or a period from January " \
    "(январь-июнь, I полугодие, 9 месяцев)"
PERIOD_DOES_NOT_EXIST = "period does not exist"


@dataclass
class Parsed:
    """Parsed values with, per row, ``None`` or the reason the raw value was refused."""

    values: pd.Series
    errors: pd.Series
    notes: dict[str, int] = field(default_factory=dict)
    #: The error mask when the parser spread it from the distinct values (no scan of errors).
    refused: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def error_mask(self) -> pd.Series:
        """Return a boolean Series: True where the raw value was refused."""
        if self.refused is not None:
            return pd.Series(self.refused, index=self.errors.index)
        return self.errors.notna()


# --------------------------------------------------------------------------------------
# Distinct-value machinery.
# --------------------------------------------------------------------------------------


def cell_text(value: object) -> str | None:
    """Return one raw cell as text; Excel numbers and datetimes keep an exact spelling."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool | np.bool_):
        return "1" if value else "0"
    if isinstance(value, float | np.floating):
        if value != value:
            return None
        if float(value).is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(float(value))
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, pd.Timestamp | dt.datetime):
        stamp = pd.Timestamp(value)
        if stamp == stamp.normalize():
            return stamp.strftime("%Y-%m-%d")
        return stamp.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def distinct_texts(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Return (codes, uniques): position codes into the stripped distinct texts.

    Codes are -1 where the cell is missing; uniques is an object Series of stripped text
    (possibly empty strings or missing marks; parsers decide).
    """
    codes, uniques = pd.factorize(pd.Series(values, copy=False), use_na_sentinel=True)
    texts = pd.Series([cell_text(v) for v in uniques], dtype=object)
    texts = texts.where(texts.notna(), "")
    texts = texts.astype(str).str.replace("\u00a0", " ", regex=False).str.strip()
    return codes, texts


def _spread(
    values: pd.Series,
    codes: np.ndarray,
    unique_values: pd.Series,
    unique_errors: pd.Series,
    dtype: object,
) -> tuple[pd.Series, pd.Series]:
    """Spread per-distinct results back to the rows (missing rows give NA, no error).

    Object results give None where missing (a missing row or a distinct value without one).
    """
    if len(unique_values) == 0:
        out_values = pd.Series(pd.array([None] * len(values), dtype=dtype), index=values.index)
        out_errors = pd.Series([None] * len(values), index=values.index, dtype=object)
        return out_values, out_errors
    if dtype is object:
        out_values = pd.Series(_with_none(unique_values)[codes], index=values.index, dtype=object)
    else:
        # Code -1 (missing) takes NA.
        taken = pd.array(unique_values, dtype=dtype).take(codes, allow_fill=True)
        out_values = pd.Series(taken, index=values.index)
    errs = _with_none(unique_errors)[codes]
    return out_values, pd.Series(errs, index=values.index, dtype=object)


def _with_none(unique: pd.Series) -> np.ndarray:
    """Return per-distinct values as objects, None where missing, then a None for code -1."""
    table = np.empty(len(unique) + 1, dtype=object)
    table[:-1] = unique.astype(object).where(unique.notna(), None).to_numpy(dtype=object)
    table[-1] = None
    return table


def _refused(codes: np.ndarray, unique_errors: pd.Series) -> np.ndarray:
    """Return the rows whose distinct value was refused (a missing row never is)."""
    return np.append(unique_errors.notna().to_numpy(dtype=bool), False)[codes]


def _missing(texts: pd.Series) -> pd.Series:
    return texts.str.lower().isin(MISSING_MARKS)


def _by_distinct(
    values: pd.Series,
    parse_unique: Callable[[pd.Series], tuple[pd.Series, pd.Series]],
    dtype: object,
    missing_marks: bool = False,
) -> Parsed:
    """Run ``parse_unique`` on the distinct texts of ``values`` and spread the result."""
    values = pd.Series(values, copy=False)
    codes, texts = distinct_texts(values)
    empty = texts.eq("") | (_missing(texts) if missing_marks else False)
    if empty.any():
        # Code -1 looks up the trailing False: a missing row stays missing.
        codes = np.where(np.append(empty.to_numpy(dtype=bool), False)[codes], -1, codes)
    parsed, errors = parse_unique(texts.where(~empty, ""))
    parsed = parsed.where(~empty)
    errors = errors.where(~empty, None)
    out_values, out_errors = _spread(values, codes, parsed, errors, dtype)
    return Parsed(out_values, out_errors, refused=_refused(codes, errors))


# --------------------------------------------------------------------------------------
# Dates.
# --------------------------------------------------------------------------------------

_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_DAY_FIRST = re.compile(
    rf"^(?P<d>\d{{1,2}})[./\-](?P<m>\d{{1,2}})[./\-](?P<y>\d{{4}}|\d{{2}}){_TIME}$"
)
_YEAR_FIRST = re.compile(rf"^(?P<y>\d{{4}})[./\-](?P<m>\d{{1,2}})[./\-](?P<d>\d{{1,2}}){_TIME}$")
_SERIAL = re.compile(r"^(?P<serial>\d{5})(?:\.\d+)?$")


def _serial_days(texts: pd.Series) -> pd.Series:
    """Return each text's Excel serial day number, NaN where it is none or out of range."""
    days = pd.to_numeric(texts.str.extract(_SERIAL)["serial"], errors="coerce")
    return days.where(days.between(*EXCEL_SERIAL_RANGE))


def is_serial_column(values: pd.Series) -> bool:
    """Return whether every filled cell of ``values`` is an Excel serial day number.

    A text file keeps no cell types, so ``45000`` is a day number only when the whole column
    is written that way (a date column exported from Excel as numbers); among written dates
    it is more likely a typo than a date. The first filled cell usually decides; only a
    column that starts with a day number has its distinct cells read.
    """
    values = pd.Series(values, copy=False)
    first = values.first_valid_index()
    if first is None:
        return False
    head = (cell_text(values[first]) or "").strip()
    if head and _serial_days(pd.Series([head], dtype=object)).isna().all():
        return False
    _, texts = distinct_texts(values)
    texts = texts[texts != ""]
    return not texts.empty and bool(_serial_days(texts).notna().all())


def _dates_unique(
    texts: pd.Series, today: pd.Timestamp, serials: bool = True
) -> tuple[pd.Series, pd.Series]:
    day_first = texts.str.extract(_DAY_FIRST)
    year_first = texts.str.extract(_YEAR_FIRST)
    parts = day_first.combine_first(year_first)
    year = pd.to_numeric(parts["y"], errors="coerce")
    year = year.where(parts["y"].str.len() != 2, year + 2000)
    month = pd.to_numeric(parts["m"], errors="coerce")
    day = pd.to_numeric(parts["d"], errors="coerce")
    shaped = year.notna()
    built = pd.to_datetime(
        pd.DataFrame({"year": year.fillna(2000), "month": month.fillna(1), "day": day.fillna(1)}),
        errors="coerce",
    ).where(shaped)
    days = _serial_days(texts)
    serial_ok = days.notna() & ~shaped & serials
    from_serial = EXCEL_EPOCH + pd.to_timedelta(days.where(serial_ok), unit="D")
    dates = built.where(shaped, from_serial.where(serial_ok))
    errors = pd.Series(None, index=texts.index, dtype=object)
    errors[~shaped & ~serial_ok] = DATE_NOT_A_DATE
    if not serials:
        errors[~shaped & days.notna()] = DATE_SERIAL_AMONG_DATES
    errors[shaped & built.isna()] = DATE_DOES_NOT_EXIST
    errors[dates.notna() & (dates < EARLIEST_DATE)] = DATE_TOO_EARLY
    errors[dates.notna() & (dates > today)] = DATE_IN_FUTURE
    return dates.where(errors.isna()), errors


def parse_dates(
    values: pd.Series, today: pd.Timestamp | str | None = None, *, serials: bool = True
) -> Parsed:
    """Parse calendar days as people write them.

    Accepts ``31.01.2025``, ``31/01/2025``, ``31-01-2025``, ``31.01.25``, ``2025-01-31``,
    ``2025.01.31`` (with or without a time of day, which is dropped), Excel serial day numbers
    (``45688``) and datetime cells read from a workbook. Day-first is the rule for
    ``dd/mm/yyyy``, as in Kazakhstan.

    Parameters
    ----------
    values : Series
        Raw cells.
    today : Timestamp or str, optional
        Dates after this day are refused as being in the future; default: today.
    serials : bool
        Whether Excel serial day numbers are dates; when False each is refused with
        :data:`DATE_SERIAL_AMONG_DATES` (see :func:`is_serial_column`).

    Returns
    -------
    Parsed
        ``datetime64[ns]`` values at day precision (NaT where missing or refused); reasons
        ``date does not exist`` (31.02.2025), ``not a date: …``, ``date is before 1991``,
        ``date is in the future``.
    """
    limit = pd.Timestamp(today if today is not None else pd.Timestamp.today()).normalize()
    limit = limit + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)
    parsed = _by_distinct(values, lambda t: _dates_unique(t, limit, serials), "datetime64[ns]")
    parsed.values = pd.to_datetime(parsed.values).dt.normalize()
    return parsed


# --------------------------------------------------------------------------------------
# Numbers and amounts.
# --------------------------------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007'’`]")
_CURRENCY = re.compile(r"(?i)(₸|тенге|теңге|тнг|тг\.?|kzt|tenge)$")
_MULTIPLIER = re.compile(
    r"(?i)(?:тыс|млн|млрд|mln|bn|million|billion|thousand|мың|\d\s*[kкmм]\.?$)"
)
_PLAIN = re.compile(r"^\d+(?:[.,]\d+)?$")
_SCIENTIFIC = re.compile(r"^\d+(?:\.\d+)?[eE][+-]?\d+$")
_EN_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_EU_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_COMMA_THREE = re.compile(r"^[1-9]\d{0,2},\d{3}$")


def _numbers_unique(texts: pd.Series, allow_negative: bool) -> tuple[pd.Series, pd.Series]:
    multiplier = texts.str.contains(_MULTIPLIER, na=False)
    text = texts.str.replace(_SPACES, "", regex=True).str.replace(_CURRENCY, "", regex=True)
    text = text.str.replace("−", "-", regex=False)
    parens = text.str.match(r"^\(.*\)$", na=False)
    text = text.where(~parens, "-" + text.str.slice(1, -1))
    negative = text.str.startswith("-", na=False)
    body = text.str.lstrip("+-")
    plain = body.str.match(_PLAIN, na=False)
    ambiguous = body.str.match(_COMMA_THREE, na=False)
    scientific = body.str.match(_SCIENTIFIC, na=False)
    en_grouped = body.str.match(_EN_GROUPED, na=False) & ~plain
    eu_grouped = body.str.match(_EU_GROUPED, na=False) & ~plain & ~en_grouped
    canonical = pd.Series(None, index=texts.index, dtype=object)
    canonical[plain] = body[plain].str.replace(",", ".", regex=False)
    canonical[scientific] = body[scientific]
    canonical[en_grouped] = body[en_grouped].str.replace(",", "", regex=False)
    canonical[eu_grouped] = (
        body[eu_grouped].str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    )
    numbers = pd.to_numeric(canonical, errors="coerce")
    numbers = numbers.where(~negative, -numbers)
    errors = pd.Series(None, index=texts.index, dtype=object)
    errors[numbers.isna() | ~np.isfinite(numbers.fillna(0))] = AMOUNT_NOT_A_NUMBER
    errors[ambiguous] = AMOUNT_AMBIGUOUS
    errors[multiplier] = AMOUNT_MULTIPLIER
    if not allow_negative:
        errors[errors.isna() & negative & (numbers != 0)] = AMOUNT_NEGATIVE
    return numbers.where(errors.isna()), errors


def parse_amounts(values: pd.Series, *, allow_negative: bool = False) -> Parsed:
    """Parse sums of money (or other decimal numbers) as people write them.

    Accepts ``1 234 567,50`` (spaces or non-breaking spaces as thousands separators, decimal
    comma), ``1,234,567.50``, ``1.234.567,50``, ``1234567.5``, a ``₸``/``тенге``/``KZT``
    suffix, and Excel numbers. Refuses, with a reason: ``1.2 млн`` (a word multiplier is a
    guess, not a number), ``1,234`` (ambiguous), text, and negative values unless
    ``allow_negative``. Cells such as ``-``, ``…`` or ``x`` mean "no value".
    """
    return _by_distinct(
        values, lambda t: _numbers_unique(t, allow_negative), "Float64", missing_marks=True
    )


def parse_integers(values: pd.Series, *, minimum: float | None = None) -> Parsed:
    """Parse counts (``12``, ``1 200``, ``12.0`` from Excel); ``minimum`` bounds them."""

    def parse_unique(texts: pd.Series) -> tuple[pd.Series, pd.Series]:
        numbers, errors = _numbers_unique(texts, allow_negative=True)
        errors = errors.where(errors != AMOUNT_NEGATIVE, None)
        whole = numbers.isna() | (numbers == numbers.round())
        errors[errors.isna() & ~whole] = INT_NOT_WHOLE
        if minimum is not None:
            errors[errors.isna() & (numbers < minimum)] = f"must be at least {minimum:g}"
        errors[errors.isna() & (numbers.abs() > 2**53)] = AMOUNT_NOT_A_NUMBER
        return numbers.where(errors.isna()).round(), errors

    parsed = _by_distinct(values, parse_unique, "Float64", missing_marks=True)
    parsed.values = parsed.values.astype("Int64")
    return parsed


def parse_coordinates(values: pd.Series, axis: str) -> Parsed:
    """Parse latitudes (``axis='lat'``) or longitudes (``'lon'``) inside Kazakhstan."""
    if axis not in ("lat", "lon"):
        raise ValueError(f"Invalid axis: {axis!r}. Axis must be in the set: lat, lon")
    low, high = KZ_LAT if axis == "lat" else KZ_LON
    word = "latitude" if axis == "lat" else "longitude"

    def parse_unique(texts: pd.Series) -> tuple[pd.Series, pd.Series]:
        numbers, errors = _numbers_unique(texts, allow_negative=True)
        errors = errors.where(errors != AMOUNT_AMBIGUOUS, None)
        numbers = numbers.where(
            errors.notna() | ~texts.str.match(_COMMA_THREE, na=False),
            pd.to_numeric(texts.str.replace(",", ".", regex=False), errors="coerce"),
        )
        outside = errors.isna() & ~numbers.between(low, high)
        errors[outside] = f"{word} outside Kazakhstan ({low:g}…{high:g})"
        return numbers.where(errors.isna()), errors

    return _by_distinct(values, parse_unique, "Float64", missing_marks=True)


# --------------------------------------------------------------------------------------
# BINs, text, yes/no and vocabularies.
# --------------------------------------------------------------------------------------


def _bins_unique(texts: pd.Series) -> tuple[pd.Series, pd.Series, int]:
    digits = texts.str.replace(r"[\s\-\u00a0]", "", regex=True).str.replace(
        r"\.0+$", "", regex=True
    )
    numeric = digits.str.fullmatch(r"[0-9]{1,12}").fillna(False)
    short = numeric & digits.str.len().between(10, 11)
    padded = digits.where(~short, digits.str.zfill(12))
    shaped = padded.str.fullmatch(r"[0-9]{12}").fillna(False) & numeric
    valid = pd.Series(False, index=texts.index)
    zeros = pd.Series(False, index=texts.index)
    if shaped.any():
        valid[shaped], zeros[shaped] = checked_digits(padded[shaped].to_numpy(dtype="U12"))
    # Leading zeros lost by a spreadsheet that stored the BIN as a number are restored only
    # when the restored number carries a valid check digit (10 or 11 digits remain).
    restored = short & valid
    errors = pd.Series(None, index=texts.index, dtype=object)
    errors[~valid] = BIN_BAD_CHECK
    errors[zeros] = BIN_ZEROS
    errors[~valid & (~numeric | (digits.str.len() != 12))] = BIN_NOT_12_DIGITS
    return padded.where(valid), errors, int(restored.sum())


def parse_bins(values: pd.Series) -> Parsed:
    """Parse BIN/IIN cells into 12-digit strings with a valid check digit.

    Spaces and dashes inside the number are ignored; ``940140000385.0`` (an Excel number)
    is read as ``940140000385``; a number whose leading zeros a spreadsheet dropped is
    restored when the check digit then matches (``notes['restored_leading_zeros']`` counts
    the distinct BINs restored). Reasons: ``BIN must be 12 digits``, ``BIN check digit does
    not match``, and :data:`BIN_ZEROS` for the all-zero placeholder.
    """
    restored_count = 0

    def parse_unique(texts: pd.Series) -> tuple[pd.Series, pd.Series]:
        nonlocal restored_count
        bins, errors, restored_count = _bins_unique(texts)
        return bins, errors

    parsed = _by_distinct(values, parse_unique, object)  # None where missing
    if restored_count:
        parsed.notes["restored_leading_zeros"] = restored_count
    return parsed


def is_arrow_text(values: pd.Series) -> bool:
    """Return True for Arrow-backed string columns (the fast CSV reader's output)."""
    return isinstance(values.dtype, pd.StringDtype | pd.ArrowDtype)


def parse_text(values: pd.Series) -> Parsed:
    """Return text cells stripped, with None for empty cells; never an error."""
    values = pd.Series(values, copy=False)
    no_errors = pd.Series(None, index=values.index, dtype=object)
    none_refused = np.zeros(len(values), dtype=bool)
    if is_arrow_text(values):
        stripped = values.str.strip()
        return Parsed(stripped.mask(stripped.eq("").fillna(True)), no_errors,
                      refused=none_refused)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = [cell_text(u) for u in uniques]
    cleaned = [t.strip() or None if t is not None else None for t in texts]
    table = np.array(cleaned + [None], dtype=object)
    return Parsed(pd.Series(table[codes], index=values.index, dtype=object), no_errors,
                  refused=none_refused)


def _label_unique(
    texts: pd.Series, index: dict[str, str], reason: str
) -> tuple[pd.Series, pd.Series]:
    keys = [normalise_label(text) for text in texts]
    mapped = pd.Series([index.get(key) for key in keys], index=texts.index, dtype=object)
    errors = pd.Series(None, index=texts.index, dtype=object)
    errors[mapped.isna()] = reason
    return mapped, errors


def parse_booleans(values: pd.Series) -> Parsed:
    """Parse yes/no cells: да/нет, иә/жоқ, yes/no, true/false, 1/0 (nullable booleans)."""
    index = vocabulary_index("boolean")

    def parse_unique(texts: pd.Series) -> tuple[pd.Series, pd.Series]:
        mapped, errors = _label_unique(texts, index, BOOL_UNKNOWN)
        return mapped.map({"true": True, "false": False}), errors

    return _by_distinct(values, parse_unique, "boolean")


VOCABULARY_WORDS = {
    "appeal_category": "category",
    "appeal_status": "status",
    "incident_type": "incident type",
    "industry": "OKED section",
    "boolean": "yes/no value",
    "indicator": "indicator",
}


def vocabulary_reason(name: str) -> str:
    """Return the reason given for a label that is not in the vocabulary ``name``."""
    word = VOCABULARY_WORDS.get(name, name)
    if name == "industry":
        return "unknown OKED section: use a letter A–U, an OKED code such as 10.11, or the name"
    return f"unknown {word}: use one of " + ", ".join(VOCABULARIES[name])


def parse_vocabulary(values: pd.Series, name: str) -> Parsed:
    """Map labels (Russian, Kazakh, English, canonical) onto the vocabulary ``name``.

    For ``industry`` an OKED code (``10.11``, ``C10``) is mapped to its section letter.
    """
    index = vocabulary_index(name)
    reason = vocabulary_reason(name)

    def parse_unique(texts: pd.Series) -> tuple[pd.Series, pd.Series]:
        mapped, errors = _label_unique(texts, index, reason)
        if name == "industry":
            mapped, errors = _industry_codes(texts, mapped, errors)
        return mapped, errors

    return _by_distinct(values, parse_unique, object)  # None where missing


def _industry_codes(
    texts: pd.Series, mapped: pd.Series, errors: pd.Series
) -> tuple[pd.Series, pd.Series]:
    upper = texts.str.upper().str.strip()
    letter = upper.str.extract(r"^([A-U])(?:$|[\s.\-–—:)]|\d)")[0]
    division = pd.to_numeric(upper.str.extract(r"^[A-U]?\s*(\d{2})(?:[.\d]*)$")[0], errors="coerce")
    from_division = division.map(OKED_DIVISIONS)
    found = mapped.isna() & (letter.notna() | from_division.notna())
    mapped = mapped.where(~found, from_division.where(from_division.notna(), letter))
    errors = errors.where(mapped.isna(), None)
    return mapped, errors


# --------------------------------------------------------------------------------------
# Periods (region_stats).
# --------------------------------------------------------------------------------------

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("январь", "января", "янв", "қаңтар", "january", "jan"),
        ("февраль", "февраля", "фев", "февр", "ақпан", "february", "feb"),
        ("март", "марта", "мар", "наурыз", "march", "mar"),
        ("апрель", "апреля", "апр", "сәуір", "april", "apr"),
        ("май", "мая", "мамыр", "may"),
        ("июнь", "июня", "июн", "маусым", "june", "jun"),
        ("июль", "июля", "июл", "шілде", "july", "jul"),
        ("август", "августа", "авг", "тамыз", "august", "aug"),
        ("сентябрь", "сентября", "сен", "сент", "қыркүйек", "september", "sep", "sept"),
        ("октябрь", "октября", "окт", "қазан", "october", "oct"),
        ("ноябрь", "ноября", "ноя", "нояб", "қараша", "november", "nov"),
        ("декабрь", "декабря", "дек", "желтоқсан", "december", "dec"),
    ),
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _number

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = r"(?P<y>(?:19|20)\d{2})"
_Q = r"(?P<q>iv|iii|ii|i|[1-4])(?:\s*-?\s*(?:й|ый|ой|ші|шы|st|nd|rd|th))?"
_QWORD = r"(?:квартал[а-я]*|кв|тоқсан[а-я]*|тоқ|quarter|qtr)"
_YWORD = r"(?:\s*(?:года|год|гг|г|жылғы|жылы|жыл|ж|year))?"
_PERIOD_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("quarter", re.compile(rf"^{_YEAR}\s*[-/ ]?\s*q\s*(?P<q>[1-4])$")),
    ("quarter", re.compile(rf"^q\s*(?P<q>[1-4])\s*[-/ ]?\s*{_YEAR}$")),
    ("quarter", re.compile(rf"^{_Q}\s*[-]?\s*{_QWORD}\s*{_YEAR}{_YWORD}$")),
    ("quarter", re.compile(rf"^{_YEAR}{_YWORD}\s*{_Q}\s*[-]?\s*{_QWORD}$")),
    ("month", re.compile(rf"^{_YEAR}[-./ ](?P<m>\d{{1,2}})$")),
    ("month", re.compile(rf"^(?P<m>\d{{1,2}})[-./ ]{_YEAR}$")),
    ("month", re.compile(rf"^(?P<mname>[a-zа-яәғқңөұүһі]+)\s*{_YEAR}{_YWORD}$")),
    ("month", re.compile(rf"^{_YEAR}{_YWORD}\s*(?P<mname>[a-zа-яәғқңөұүһі]+)$")),
    ("year", re.compile(rf"^{_YEAR}{_YWORD}$")),
)
_CUMULATIVE = re.compile(
    r"полугод|жарты|half|\bh[12]\b|\d\s*(?:мес|месяц|ай)|[a-zа-яәғқңөұүһі]+\s*[-–—]\s*"
    r"[a-zа-яәғқңөұүһі]+"
)
_MONTH_WORD = r"[a-zа-яәғқңөұүһі]+"
#: Periods from January: «январь–март 2025», «I полугодие 2025», «9 месяцев 2025», «H1 2025».
_FROM_JANUARY: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("range", re.compile(rf"^(?P<a>{_MONTH_WORD})\s*[-–—\s]\s*(?P<b>{_MONTH_WORD})\s*{_YEAR}"
                         rf"{_YWORD}$")),
    ("range", re.compile(rf"^{_YEAR}{_YWORD}\s*(?P<a>{_MONTH_WORD})\s*[-–—\s]\s*"
                         rf"(?P<b>{_MONTH_WORD})$")),
    ("half", re.compile(rf"^(?P<h>i|ii|1|2)\s*-?\s*(?:полугодие|полугодия|жартыжылдық|"
                        rf"жарты жылдық|half(?:-| )?year|half)\s*{_YEAR}{_YWORD}$")),
    ("half", re.compile(rf"^h(?P<h>[12])\s*[-/ ]?\s*{_YEAR}$")),
    ("half", re.compile(rf"^{_YEAR}\s*[-/ ]?\s*h(?P<h>[12])$")),
    ("months", re.compile(rf"^(?P<n>\d{{1,2}})\s*(?:месяцев|месяца|мес|айы|ай|months)\s*"
                          rf"{_YEAR}{_YWORD}$")),
    ("months", re.compile(rf"^{_YEAR}{_YWORD}\s*(?P<n>\d{{1,2}})\s*(?:айы|ай|месяцев|мес)$")),
)


_CUMULATIVE_LABEL = re.compile(r"^((?:19|20)\d{2})-01\.\.(\d{2})$")


def _from_january(key: str) -> tuple[str, str, pd.Timestamp, pd.Timestamp] | str | None:
    """Return a period from January (label ``2025-01..06``, granularity ``cumulative``).

    A range or half-year that does not start in January gives the refusal reason; text that
    names no range gives None.
    """
    for shape, pattern in _FROM_JANUARY:
        match = pattern.match(key)
        if not match:
            continue
        year = int(match.group("y"))
        if shape == "range":
            first, last = MONTHS.get(match.group("a")), MONTHS.get(match.group("b"))
            if first is None or last is None:
                continue
        elif shape == "half":
            first, last = (1, 6) if match.group("h") in ("i", "1") else (7, 12)
        else:
            first, last = 1, int(match.group("n"))
        if first != 1 or not 1 < last <= 12:
            return PERIOD_CUMULATIVE
        start = pd.Timestamp(year=year, month=1, day=1)
        end = pd.Timestamp(year=year, month=last, day=1) + pd.offsets.MonthEnd(0)
        return f"{year}-01..{last:02d}", "cumulative", start, end
    return None


def parse_period_text(text: str) -> tuple[str, str, pd.Timestamp, pd.Timestamp] | str:
    """Return ``(label, granularity, start, end)`` for one period, or the refusal reason.

    Labels are ``2025-03`` (month), ``2025-Q2`` (quarter), ``2025`` (year) or
    ``2025-01..06`` (cumulative: a period from January, «январь–июнь 2025», «I полугодие
    2025», «6 месяцев 2025»; kept as what it is, never read as a quarter or a month). A full
    date names its month (statistics tables often head month columns with the 1st of the
    month).
    """
    key = normalise_label(text).replace("ё", "е")
    key = re.sub(r"\s+", " ", key.replace(".", " ").strip())
    compact = normalise_label(text)
    if not key:
        return PERIOD_UNKNOWN
    label = _CUMULATIVE_LABEL.match(str(text).strip())
    if label:
        year, last = int(label.group(1)), int(label.group(2))
        if not 1 < last <= 12:
            return PERIOD_DOES_NOT_EXIST
        end = pd.Timestamp(year=year, month=last, day=1) + pd.offsets.MonthEnd(0)
        return f"{year}-01..{last:02d}", "cumulative", pd.Timestamp(year=year, month=1, day=1), end
    full_date = _DAY_FIRST.match(str(text).strip()) or _YEAR_FIRST.match(str(text).strip())
    if full_date:
        parsed = _dates_unique(pd.Series([str(text).strip()]), pd.Timestamp.max)[0].iloc[0]
        if pd.isna(parsed):
            return PERIOD_DOES_NOT_EXIST
        return _month(parsed.year, parsed.month)
    for granularity, pattern in _PERIOD_PATTERNS:
        match = pattern.match(key) or pattern.match(compact)
        if not match:
            continue
        year = int(match.group("y"))
        if granularity == "quarter":
            quarter = ROMAN[match.group("q")]
            start = pd.Timestamp(year=year, month=3 * quarter - 2, day=1)
            end = start + pd.offsets.QuarterEnd(0)
            return f"{year}-Q{quarter}", "quarter", start, end
        if granularity == "month":
            if "mname" in match.groupdict():
                month = MONTHS.get(match.group("mname"))
                if month is None:
                    continue
            else:
                month = int(match.group("m"))
                if not 1 <= month <= 12:
                    return PERIOD_DOES_NOT_EXIST
            return _month(year, month)
        start = pd.Timestamp(year=year, month=1, day=1)
        return f"{year}", "year", start, pd.Timestamp(year=year, month=12, day=31)
    cumulative = _from_january(key)
    if cumulative is not None:
        return cumulative
    if _CUMULATIVE.search(key) or sum(word in MONTHS for word in key.split()) > 1:
        return PERIOD_CUMULATIVE
    return PERIOD_UNKNOWN


def _month(year: int, month: int) -> tuple[str, str, pd.Timestamp, pd.Timestamp]:
    start = pd.Timestamp(year=year, month=month, day=1)
    return f"{year}-{month:02d}", "month", start, start + pd.offsets.MonthEnd(0)


@dataclass
class ParsedPeriods(Parsed):
    """Parsed periods: labels in ``values`` plus granularity, start and end per row."""

    granularity: pd.Series = field(default_factory=lambda: pd.Series(dtype=object))
    start: pd.Series = field(default_factory=lambda: pd.Series(dtype="datetime64[ns]"))
    end: pd.Series = field(default_factory=lambda: pd.Series(dtype="datetime64[ns]"))


def parse_periods(values: pd.Series) -> ParsedPeriods:
    """Parse months, quarters and years of official tables.

    Accepts ``2025-03``, ``03.2025``, ``март 2025``, ``наурыз 2025``, ``March 2025``,
    ``II квартал 2025``, ``2 кв. 2025``, ``2025-Q2``, ``Q2 2025``, ``2025 жылғы II тоқсан``,
    ``2025``, ``2025 год`` and dates (their month). Periods from January (``I полугодие
    2025``, ``январь-июнь 2025``, ``9 месяцев 2025``) are kept with granularity
    ``cumulative``, so they are never read as the quarters and months they contain; ranges
    that do not start in January (``апрель-июнь 2025``) are refused.
    """
    values = pd.Series(values, copy=False)
    codes, texts = distinct_texts(values)
    results = [parse_period_text(text) if text else None for text in texts]
    labels = pd.Series([r[0] if isinstance(r, tuple) else None for r in results], dtype=object)
    grains = pd.Series([r[1] if isinstance(r, tuple) else None for r in results], dtype=object)
    starts = pd.Series([r[2] if isinstance(r, tuple) else pd.NaT for r in results],
                       dtype="datetime64[ns]")
    ends = pd.Series([r[3] if isinstance(r, tuple) else pd.NaT for r in results],
                     dtype="datetime64[ns]")
    errors = pd.Series([r if isinstance(r, str) else None for r in results], dtype=object)
    empty = texts.eq("")
    codes = codes.copy()
    codes[np.isin(codes, np.flatnonzero(empty.to_numpy()))] = -1
    out_labels, out_errors = _spread(values, codes, labels, errors, object)
    out_grains, _ = _spread(values, codes, grains, errors, object)
    out_starts, _ = _spread(values, codes, starts, errors, "datetime64[ns]")
    out_ends, _ = _spread(values, codes, ends, errors, "datetime64[ns]")
    return ParsedPeriods(
        out_labels,  # None where missing, as out_grains
        out_errors,
        granularity=out_grains,
        start=out_starts,
        end=out_ends,
        refused=_refused(codes, errors),
    )


def looks_like_period(text: object) -> bool:
    """Return True when a header cell names a month, a quarter or a year."""
    value = cell_text(text)
    if not value or not value.strip():
        return False
    return isinstance(parse_period_text(value), tuple)
