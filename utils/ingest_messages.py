"""The reasons ingest gives for a rejected value, in the analyst's language.

Ingest writes its reasons in English (the CLI's JSON and the tests compare them exactly);
the data page shows them through :func:`localized_reason`, which maps each known reason to
a catalog message. A reason it does not know is shown as written.
"""

from __future__ import annotations

import re

import pandas as pd

from utils import i18n, ingest, parsing

#: Exact reasons -> catalog keys.
REASON_KEYS: dict[str, str] = {
    parsing.DATE_NOT_A_DATE: "ingest.reason.date_not_a_date",
    parsing.DATE_DOES_NOT_EXIST: "ingest.reason.date_does_not_exist",
    parsing.DATE_TOO_EARLY: "ingest.reason.date_too_early",
    parsing.DATE_IN_FUTURE: "ingest.reason.date_in_future",
    parsing.AMOUNT_NOT_A_NUMBER: "ingest.reason.not_a_number",
    parsing.AMOUNT_NEGATIVE: "ingest.reason.negative_amount",
    parsing.AMOUNT_MULTIPLIER: "ingest.reason.amount_multiplier",
    parsing.AMOUNT_AMBIGUOUS: "ingest.reason.amount_ambiguous",
    parsing.INT_NOT_WHOLE: "ingest.reason.not_whole",
    parsing.BIN_NOT_12_DIGITS: "ingest.reason.bin_not_12_digits",
    parsing.BIN_BAD_CHECK: "ingest.reason.bin_bad_check",
    parsing.BOOL_UNKNOWN: "ingest.reason.bool_unknown",
    parsing.PERIOD_UNKNOWN: "ingest.reason.period_unknown",
    parsing.PERIOD_CUMULATIVE: "ingest.reason.period_cumulative",
    parsing.PERIOD_DOES_NOT_EXIST: "ingest.reason.period_does_not_exist",
    ingest.REQUIRED_MISSING: "ingest.reason.required_missing",
    ingest.ENTERPRISE_MISSING: "ingest.reason.enterprise_missing",
    ingest.UNKNOWN_REGION: "ingest.reason.unknown_region",
    ingest.NATIONAL_TOTAL: "ingest.reason.national_total",
    ingest.CLOSED_BEFORE_OPENED: "ingest.reason.closed_before_opened",
}

#: Reasons with a value in them: pattern -> catalog key (named groups are its parameters).
REASON_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^must be at least (?P<minimum>\S+)$"), "ingest.reason.at_least"),
    (re.compile(r"^unknown \w+: use one of (?P<values>.+)$"), "ingest.reason.unknown_value"),
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
            return i18n.t(pattern_key, lang, **found.groupdict())
    return reason


def localized_reasons(reasons: pd.Series, lang: str) -> pd.Series:
    """Return a column of reasons in ``lang``, translating each distinct reason once."""
    distinct = {reason: localized_reason(reason, lang) for reason in reasons.dropna().unique()}
    return reasons.map(distinct)
