"""What ingest tells the analyst, in the analyst's language: reasons, refusals, warnings.

Ingest writes in English (the CLI's JSON and the tests compare the sentences exactly).

* A rejected value's reason is a plain English phrase; :func:`localized_reason` maps each
  known reason to a catalog message and shows one it does not know as written.
* A refused file and a load warning are :class:`~utils.ingest.readers.Note` objects: the English
  sentence with a catalog key (``ingest.refused.*``, ``ingest.warning.*``) and raw
  parameters. :func:`localized_note` writes the parameters for the language (numbers,
  kinds, field labels, region names, dates) and fills the catalog template. A plain
  sentence (one without a key) is shown as written.
* :func:`commit_progress` turns the store's progress reports into the data page's
  progress bar.
"""

from __future__ import annotations

import datetime as dt
import re
from numbers import Real
from typing import Any

import pandas as pd

from geo.reference import region_name
from geo.region_history import NOT_YET_FORMED, SOUTH_KAZAKHSTAN_AFTER_SPLIT
from utils import formatting, i18n
from utils.ingest import official_tables, parsing, validate
from utils.ingest.kinds import KINDS
from utils.ingest.readers import Note
from utils.store import limits, schema

#: Exact reasons -> catalog keys.
REASON_KEYS: dict[str, str] = {
    parsing.DATE_NOT_A_DATE: "ingest.reason.date_not_a_date",
    parsing.DATE_DOES_NOT_EXIST: "ingest.reason.date_does_not_exist",
    parsing.DATE_TOO_EARLY: "ingest.reason.date_too_early",
    parsing.DATE_IN_FUTURE: "ingest.reason.date_in_future",
    parsing.DATE_SERIAL_AMONG_DATES: "ingest.reason.date_serial_among_dates",
    parsing.AMOUNT_NOT_A_NUMBER: "ingest.reason.not_a_number",
    parsing.AMOUNT_NEGATIVE: "ingest.reason.negative_amount",
    parsing.AMOUNT_MULTIPLIER: "ingest.reason.amount_multiplier",
    parsing.AMOUNT_AMBIGUOUS: "ingest.reason.amount_ambiguous",
    parsing.INT_NOT_WHOLE: "ingest.reason.not_whole",
    parsing.BIN_NOT_12_DIGITS: "ingest.reason.bin_not_12_digits",
    parsing.BIN_BAD_CHECK: "ingest.reason.bin_bad_check",
    parsing.BIN_ZEROS: "ingest.reason.bin_zeros",
    parsing.BOOL_UNKNOWN: "ingest.reason.bool_unknown",
    parsing.PERIOD_UNKNOWN: "ingest.reason.period_unknown",
    parsing.PERIOD_CUMULATIVE: "ingest.reason.period_cumulative",
    parsing.PERIOD_DOES_NOT_EXIST: "ingest.reason.period_does_not_exist",
    validate.REQUIRED_MISSING: "ingest.reason.required_missing",
    validate.ENTERPRISE_MISSING: "ingest.reason.enterprise_missing",
    validate.UNKNOWN_REGION: "ingest.reason.unknown_region",
    validate.NATIONAL_TOTAL: "ingest.reason.national_total",
    validate.CLOSED_BEFORE_OPENED: "ingest.reason.closed_before_opened",
    SOUTH_KAZAKHSTAN_AFTER_SPLIT: "stats.reason.south_kazakhstan_after_split",
    NOT_YET_FORMED: "stats.reason.not_yet_formed",
    limits.NUL_CHARACTER: "ingest.reason.limit_nul",
    limits.NUMBER_NOT_FINITE: "ingest.reason.limit_number_infinite",
    limits.TOTAL_NOT_FINITE: "ingest.reason.limit_total_infinite",
}

#: Reasons with a value in them: pattern -> catalog key (named groups are its parameters).
REASON_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^must be at least (?P<minimum>\S+)$"), "ingest.reason.at_least"),
    (re.compile("^" + re.escape(official_tables.CONFLICTING_VALUE).replace(
        re.escape("{rows}"), "(?P<rows>.+)") + "$"), "stats.reason.conflicting"),
    (re.compile(r"^unknown \w+: use one of (?P<values>.+)$"), "ingest.reason.unknown_value"),
    (re.compile(r"^number above (?P<limit>[\d,]+), "), "ingest.reason.limit_number_above"),
    (re.compile(r"^number below (?P<limit>-?[\d,]+), "), "ingest.reason.limit_number_below"),
    (re.compile(r"^with the rows above it, the month's total passes (?P<limit>[\d,]+), "),
     "ingest.reason.limit_total_above"),
    (re.compile(r"^longer than (?P<limit>[\d,]+) characters, "),
     "ingest.reason.limit_text_characters"),
    (re.compile(r"^longer than (?P<limit>[\d,]+) bytes, "), "ingest.reason.limit_text_bytes"),
)


def localized_reason(reason: str, lang: str) -> str:
    """Return ``reason`` in ``lang`` (as written when it is not a known reason).

    In English the reason is shown exactly as ingest wrote it, examples in the analysts'
    own spellings (да/нет, тыс.) included.
    """
    if lang == "en":
        return reason
    key = REASON_KEYS.get(reason)
    if key is not None:
        return i18n.t(key, lang)
    for pattern, pattern_key in REASON_PATTERNS:
        found = pattern.match(reason)
        if found:
            params = found.groupdict()
            if "limit" in params:  # a store's limit, written as numbers are in ``lang``
                params["limit"] = formatting.format_number(int(params["limit"].replace(",", "")),
                                                           lang)
            return i18n.t(pattern_key, lang, **params)
    return reason


def localized_reasons(reasons: pd.Series, lang: str) -> pd.Series:
    """Return a column of reasons in ``lang``, translating each distinct reason once."""
    distinct = {reason: localized_reason(reason, lang) for reason in reasons.dropna().unique()}
    return reasons.map(distinct)


# --- refusals and warnings ------------------------------------------------------------------

#: Units of official statistics as stored -> their catalog key under ``stats.unit``.
UNIT_KEYS = {"%": "percent"}

#: Numeric parameters that name a place (a line, a byte, a batch), written without grouping.
IDENTIFIERS = frozenset({"line", "byte", "batch_id"})


def _field_label(kind: str | None, name: str, lang: str) -> str:
    spec = KINDS.get(kind or "")
    if spec is None or name not in spec.column_names:
        return f"«{name}»"
    return f"«{spec.column(name).labels[lang]}»"


def _region(code: str, lang: str) -> str:
    return f"{region_name(code, lang)} ({code})"


def format_param(name: str, value: Any, params: dict[str, Any], lang: str,
                 kind: str | None = None) -> str:
    """Return one raw parameter of a note written for ``lang``, chosen by its name.

    ``kind`` is an extract kind (its label) and ``kinds`` several; ``granularities`` are
    those of official periods (``quarter`` …), shown by their labels, and ``unit`` a unit
    of official statistics (``%``, ``KZT``, ``persons``); ``field`` and ``fields``
    are canonical columns of the note's kind (or of ``kind`` when the note names none),
    shown by their labels; ``headers``, ``sheets`` and ``places`` are names as written in
    the file; ``*_region`` is an ISO code and ``regions`` several, shown as ``name (code)``;
    ``rows`` lists row numbers (with ``…`` when ``count`` says there are more); ``when`` is
    a moment and ``day`` a date; ``period`` (``first_period``, ``last_period``) a period of
    official statistics (``2025-Q2`` is «II квартал 2025»; text that is no period is shown
    as written); ``line``, ``byte`` and ``batch_id`` are identifiers; any other number is a
    count written with the language's grouping; text is inserted as it is.
    """
    kind = params.get("kind", kind)
    if value is None:
        return formatting.MISSING
    if name == "kind":
        return i18n.kind_label(value, lang)
    if name == "granularities":
        return ", ".join(i18n.t(f"stats.granularity.{g}", lang) for g in value)
    if name == "unit":
        key = f"stats.unit.{UNIT_KEYS.get(value, value)}"
        return i18n.t(key, lang) if i18n.has_key(key, lang) else str(value)
    if name == "kinds":
        return ", ".join(f"«{i18n.kind_label(k, lang)}»" for k in value)
    if name in ("field", "fields"):
        names = (value,) if isinstance(value, str) else value
        return ", ".join(_field_label(kind, n, lang) for n in names)
    if name in ("headers", "sheets", "places"):
        return ", ".join(f"«{v}»" for v in value)
    if name.endswith("_region"):
        return _region(value, lang)
    if name == "regions":
        return ", ".join(_region(code, lang) for code in value)
    if name == "rows" and isinstance(value, tuple | list):
        listed = ", ".join(str(row) for row in value)
        return listed + " …" if int(params.get("count", len(value))) > len(value) else listed
    if name == "when" and isinstance(value, dt.datetime):
        return f"{formatting.format_date(value, lang)} {value.strftime('%H:%M')}"
    if name == "day":
        return formatting.format_date(value, lang)
    if name in ("period", "first_period", "last_period"):
        try:
            return formatting.format_stat_period(value, lang)
        except ValueError:  # a period the analyst wrote that is none: shown as written
            return str(value)
    if name in IDENTIFIERS:
        return str(value)
    if isinstance(value, Real) and not isinstance(value, bool):
        return formatting.format_number(value, lang)
    return str(value)


def localized_note(sentence: str, lang: str, kind: str | None = None) -> str:
    """Return a refusal or a warning of ingest in ``lang`` (as written when it is unknown).

    Parameters
    ----------
    sentence
        A :class:`~utils.ingest.readers.Note` or a plain sentence.
    lang
        ``ru``, ``kk`` or ``en``.
    kind
        The kind of the upload, whose field labels name the columns when the note itself
        names no kind.
    """
    if not isinstance(sentence, Note):
        return str(sentence)
    params = {
        name: format_param(name, value, sentence.params, lang, kind)
        for name, value in sentence.params.items()
    }
    return i18n.t(sentence.key, lang, **params)


# --- the progress of a commit ---------------------------------------------------------------


def commit_progress(kind: str, table: str, done: int, total: int,
                    lang: str) -> tuple[float, str] | None:
    """Return the progress bar's fraction and text for a store report, or None to ignore it.

    A load writes the kind's fact table and then its aggregates and directories; only the
    fact rows, the ones the analyst uploaded, move the bar.
    """
    if table != schema.fact_table(kind).table.name:
        return None
    return progress_step(done, total, lang)


def progress_step(done: int, total: int, lang: str) -> tuple[float, str]:
    """Return the fraction (0 to 1) and the text of ``done`` rows written out of ``total``."""
    fraction = min(max(done / total, 0.0), 1.0) if total else 1.0
    text = i18n.t("data.progress_rows", lang, done=formatting.format_number(done, lang),
                  total=formatting.format_number(total, lang))
    return fraction, text
