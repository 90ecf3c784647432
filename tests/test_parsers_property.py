"""Untrusted text never crashes a parser: every cell gets a value or a clear reason."""

import datetime as dt

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import geo
from utils.ingest import (
    KINDS,
    bin_check_digit,
    header_score,
    is_valid_bin,
    match_header,
    normalise_header,
)
from utils.ingest import parsing as p

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

cells = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.text(alphabet="0123456789 .,-/:+()₸тенгемлнтыс\u00a0eE", max_size=25),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-10**15, max_value=10**15),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
)


def assert_value_or_reason(parsed, size):
    assert len(parsed.values) == size and len(parsed.errors) == size
    for value, error in zip(parsed.values, parsed.errors, strict=True):
        if error is not None:
            assert isinstance(error, str) and error
            assert pd.isna(value)


@SETTINGS
@given(st.lists(cells, max_size=12))
def test_dates_never_crash(values):
    parsed = p.parse_dates(pd.Series(values, dtype=object), today="2025-06-30")
    assert_value_or_reason(parsed, len(values))
    for value in parsed.values.dropna():
        assert pd.Timestamp("1991-01-01") <= value <= pd.Timestamp("2025-06-30")


@SETTINGS
@given(st.dates(min_value=dt.date(1991, 1, 1), max_value=dt.date(2025, 6, 30)),
       st.sampled_from(["%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%Y.%m.%d"]))
def test_every_real_date_round_trips(day, form):
    parsed = p.parse_dates(pd.Series([day.strftime(form)]), today="2025-06-30")
    assert parsed.values.iloc[0] == pd.Timestamp(day)


@SETTINGS
@given(st.lists(cells, max_size=12), st.booleans())
def test_amounts_never_crash(values, allow_negative):
    parsed = p.parse_amounts(pd.Series(values, dtype=object), allow_negative=allow_negative)
    assert_value_or_reason(parsed, len(values))
    if not allow_negative:
        assert (parsed.values.dropna() >= 0).all()


@SETTINGS
@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False),
       st.sampled_from([(" ", ","), ("\u00a0", ","), (",", "."), ("", "."), ("", ",")]))
def test_written_amounts_round_trip(amount, style):
    thousands, decimal = style
    whole, frac = f"{amount:,.2f}".split(".")
    text = whole.replace(",", thousands) + decimal + frac
    parsed = p.parse_amounts(pd.Series([text]))
    if parsed.errors.iloc[0] is None:
        assert parsed.values.iloc[0] == pytest.approx(float(amount))
    else:  # only «1,234» without decimals is ambiguous, and we always write decimals
        raise AssertionError(parsed.errors.iloc[0])


@SETTINGS
@given(st.lists(cells, max_size=12), st.sampled_from([None, 0, 1]))
def test_integers_never_crash(values, minimum):
    parsed = p.parse_integers(pd.Series(values, dtype=object), minimum=minimum)
    assert_value_or_reason(parsed, len(values))


@SETTINGS
@given(st.lists(st.one_of(cells, st.text(alphabet="0123456789 -", min_size=10, max_size=14)),
                max_size=12))
def test_bins_never_crash_and_only_valid_bins_pass(values):
    parsed = p.parse_bins(pd.Series(values, dtype=object))
    assert_value_or_reason(parsed, len(values))
    for value in parsed.values.dropna():
        assert is_valid_bin(value)


@SETTINGS
@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_made_bins_pass(first11):
    check = bin_check_digit(first11)
    parsed = p.parse_bins(pd.Series([first11 + str(check if check is not None else 0)]))
    placeholder = first11 == "0" * 11  # 000000000000 passes the scheme but is refused
    assert (parsed.errors.iloc[0] is None) == (check is not None and not placeholder)


@SETTINGS
@given(st.lists(cells, max_size=8))
def test_periods_never_crash(values):
    parsed = p.parse_periods(pd.Series(values, dtype=object))
    assert_value_or_reason(parsed, len(values))
    for label, start, end in zip(parsed.values, parsed.start, parsed.end, strict=True):
        if label is not None:
            assert start <= end


@SETTINGS
@given(st.lists(cells, max_size=8), st.sampled_from(["appeal_category", "appeal_status",
                                                     "incident_type", "industry"]))
def test_vocabularies_never_crash(values, vocabulary):
    parsed = p.parse_vocabulary(pd.Series(values, dtype=object), vocabulary)
    assert_value_or_reason(parsed, len(values))


@SETTINGS
@given(st.lists(st.one_of(st.none(), st.text(max_size=60),
                          st.sampled_from(["ВКО", "г. Астана", "Алматы облысы", "Абай",
                                           "KZ-75", "Республика Казахстан", "Нур-Султан"])),
                max_size=10))
def test_region_names_resolve_or_suggest(values):
    codes = geo.resolve_regions(pd.Series(values, dtype=object))
    valid = set(geo.region_codes())
    for text, code in zip(values, codes, strict=True):
        assert code is None or code in valid
        if code is None:
            for suggestion in geo.suggest_regions(text):
                assert suggestion in valid


@SETTINGS
@given(st.lists(st.one_of(st.none(), st.text(max_size=50), st.integers(), st.floats()),
                max_size=12))
def test_headers_never_crash(cells_row):
    assert header_score(cells_row) >= 0
    for cell in cells_row:
        key = normalise_header(cell)
        assert isinstance(key, str)
        for kind in KINDS:
            column = match_header(kind, cell)
            assert column is None or column in KINDS[kind].column_names
