import datetime as dt

import numpy as np
import pandas as pd
import pytest

from utils.ingest import parsing as p

TODAY = pd.Timestamp("2025-06-30")


def one(parsed):
    return parsed.values.iloc[0], parsed.errors.iloc[0]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("31.01.2025", "2025-01-31"),
        ("1.2.2025", "2025-02-01"),
        ("31/01/2025", "2025-01-31"),
        ("31-01-2025", "2025-01-31"),
        ("31.01.25", "2025-01-31"),
        ("2025-01-31", "2025-01-31"),
        ("2025.01.31", "2025-01-31"),
        ("2025-01-31 14:22:05", "2025-01-31"),
        ("31.01.2025 9:05", "2025-01-31"),
        (" 31.01.2025 ", "2025-01-31"),
        ("45688", "2025-01-31"),
        (45688, "2025-01-31"),
        (45688.0, "2025-01-31"),
        (dt.datetime(2025, 1, 31, 10, 30), "2025-01-31"),
        (dt.date(2025, 1, 31), "2025-01-31"),
        (pd.Timestamp("2025-01-31"), "2025-01-31"),
        ("29.02.2024", "2024-02-29"),
    ],
)
def test_dates_as_people_write_them(raw, expected):
    value, error = one(p.parse_dates(pd.Series([raw], dtype=object), today=TODAY))
    assert error is None
    assert value == pd.Timestamp(expected)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("31.02.2025", "date does not exist"),
        ("29.02.2025", "date does not exist"),
        ("13.13.2025", "date does not exist"),
        ("2025-00-10", "date does not exist"),
        ("вчера", "not a date: write it as 31.01.2025 or 2025-01-31"),
        ("2025", "not a date: write it as 31.01.2025 or 2025-01-31"),
        ("31.01", "not a date: write it as 31.01.2025 or 2025-01-31"),
        ("12345", "not a date: write it as 31.01.2025 or 2025-01-31"),
        ("01.01.1985", "date is before 1991"),
        ("01.07.2025", "date is in the future"),
    ],
)
def test_date_errors(raw, reason):
    value, error = one(p.parse_dates(pd.Series([raw]), today=TODAY))
    assert pd.isna(value)
    assert error == reason


def test_missing_dates_are_missing_not_errors():
    parsed = p.parse_dates(pd.Series([None, "", "  ", np.nan], dtype=object), today=TODAY)
    assert parsed.values.isna().all()
    assert parsed.errors.isna().all()


def test_dates_keep_the_index_and_order():
    raw = pd.Series(["31.01.2025", "bad", "01.02.2025", "31.01.2025"], index=[7, 3, 9, 1])
    parsed = p.parse_dates(raw, today=TODAY)
    assert list(parsed.values.index) == [7, 3, 9, 1]
    assert parsed.values.loc[9] == pd.Timestamp("2025-02-01")
    assert parsed.error_mask.tolist() == [False, True, False, False]


def test_dates_on_arrow_strings():
    raw = pd.Series(["31.01.2025", "", "31.02.2025"], dtype=pd.StringDtype("pyarrow"))
    parsed = p.parse_dates(raw, today=TODAY)
    assert parsed.values.iloc[0] == pd.Timestamp("2025-01-31")
    assert pd.isna(parsed.values.iloc[1]) and parsed.errors.iloc[1] is None
    assert parsed.errors.iloc[2] == "date does not exist"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1 234 567,50", 1234567.5),
        ("1\u00a0234\u00a0567,50", 1234567.5),
        ("1\u202f234\u202f567,50", 1234567.5),
        ("1,234,567.50", 1234567.5),
        ("1.234.567,50", 1234567.5),
        ("1234567.5", 1234567.5),
        ("1234567,5", 1234567.5),
        ("1 234 567 ₸", 1234567.0),
        ("1 234 567 тенге", 1234567.0),
        ("1234567 KZT", 1234567.0),
        ("0,125", 0.125),
        ("0", 0.0),
        ("1e6", 1_000_000.0),
        (1234.5, 1234.5),
        (1234, 1234.0),
    ],
)
def test_amounts_as_people_write_them(raw, expected):
    value, error = one(p.parse_amounts(pd.Series([raw], dtype=object)))
    assert error is None
    assert value == pytest.approx(expected)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("1.2 млн", p.AMOUNT_MULTIPLIER),
        ("1,2 млн тенге", p.AMOUNT_MULTIPLIER),
        ("500 тыс.", p.AMOUNT_MULTIPLIER),
        ("3 млрд", p.AMOUNT_MULTIPLIER),
        ("5k", p.AMOUNT_MULTIPLIER),
        ("-5", "negative amount"),
        ("−5 000", "negative amount"),
        ("(100)", "negative amount"),
        ("1,234", p.AMOUNT_AMBIGUOUS),
        ("abc", "not a number"),
        ("12 abc", "not a number"),
        ("1.2.3", "not a number"),
        ("1,23,4", "not a number"),
    ],
)
def test_amount_errors(raw, reason):
    value, error = one(p.parse_amounts(pd.Series([raw])))
    assert pd.isna(value)
    assert error == reason


def test_amount_error_messages_are_exact():
    assert p.AMOUNT_MULTIPLIER == ("amount with a word multiplier (тыс., млн, млрд) is "
                                   "ambiguous: write the full number")


@pytest.mark.parametrize("raw", ["-", "–", "…", "x", "", None])
def test_no_value_marks(raw):
    value, error = one(p.parse_amounts(pd.Series([raw], dtype=object)))
    assert pd.isna(value) and error is None


def test_negative_allowed_for_statistics():
    value, error = one(p.parse_amounts(pd.Series(["-1,5"]), allow_negative=True))
    assert value == -1.5 and error is None


@pytest.mark.parametrize(
    ("raw", "minimum", "value", "reason"),
    [
        ("12", None, 12, None),
        ("1 200", None, 1200, None),
        ("12.0", None, 12, None),
        (12.0, None, 12, None),
        ("12.5", None, None, "not a whole number"),
        ("0", 1, None, "must be at least 1"),
        ("-3", 0, None, "must be at least 0"),
        ("много", 0, None, "not a number"),
    ],
)
def test_integers(raw, minimum, value, reason):
    parsed = p.parse_integers(pd.Series([raw], dtype=object), minimum=minimum)
    assert parsed.values.dtype == "Int64"
    got, error = one(parsed)
    assert error == reason
    assert (pd.isna(got) and value is None) or got == value


@pytest.mark.parametrize(
    ("raw", "value", "reason"),
    [
        ("940140000385", "940140000385", None),
        (" 940 140 000 385 ", "940140000385", None),
        ("940140000385.0", "940140000385", None),
        (940140000385, "940140000385", None),
        ("940140000386", None, "BIN check digit does not match"),
        ("94014000038", None, "BIN must be 12 digits"),
        ("9401400003851", None, "BIN must be 12 digits"),
        ("БИН 940140000385", None, "BIN must be 12 digits"),
        ("000000000000", None, "BIN 000000000000 is a placeholder, not a registered number"),
        ("0000 0000 0000", None, "BIN 000000000000 is a placeholder, not a registered number"),
    ],
)
def test_bins(raw, value, reason):
    got, error = one(p.parse_bins(pd.Series([raw], dtype=object)))
    assert error == reason
    assert got == value


def test_bins_restore_leading_zeros_only_when_the_check_digit_agrees():
    from utils.ingest import is_valid_bin, make_bin_near

    good = make_bin_near("04034000123")
    assert good.startswith("0")
    broken = good[1:]  # as Excel shows a BIN stored as a number
    wrong = str(int(good[1:]) + 1)
    parsed = p.parse_bins(pd.Series([broken, wrong]))
    assert parsed.values.iloc[0] == good and is_valid_bin(good)
    assert parsed.errors.iloc[1] == "BIN must be 12 digits"
    assert parsed.notes == {"restored_leading_zeros": 1}


@pytest.mark.parametrize(
    ("raw", "value"),
    [("да", True), ("Нет", False), ("иә", True), ("жоқ", False), ("yes", True), ("NO", False),
     ("1", True), ("0", False), (1, True), (True, True), (False, False)],
)
def test_booleans(raw, value):
    got, error = one(p.parse_booleans(pd.Series([raw], dtype=object)))
    assert error is None and got == value


def test_boolean_error():
    got, error = one(p.parse_booleans(pd.Series(["возможно"])))
    assert pd.isna(got)
    assert error == "not a yes/no value: use да/нет, иә/жоқ, yes/no or 1/0"


@pytest.mark.parametrize(
    ("vocabulary", "raw", "value"),
    [
        ("appeal_category", "Задолженность по заработной плате", "wage_arrears"),
        ("appeal_category", "задолженность  по зарплате", "wage_arrears"),
        ("appeal_category", "Wage arrears", "wage_arrears"),
        ("appeal_category", "wage_arrears", "wage_arrears"),
        ("appeal_category", "Жалақы бойынша берешек", "wage_arrears"),
        ("appeal_category", "Сокращение штата", "layoffs"),
        ("appeal_status", "На рассмотрении", "in_progress"),
        ("incident_type", "Забастовка", "strike"),
        ("incident_type", "Голодовка", "hunger_strike"),
        ("industry", "C", "C"),
        ("industry", "10.11", "C"),
        ("industry", "47.11.0", "G"),
        ("industry", "B - Горнодобывающая промышленность", "B"),
        ("industry", "Строительство", "F"),
    ],
)
def test_vocabularies(vocabulary, raw, value):
    got, error = one(p.parse_vocabulary(pd.Series([raw]), vocabulary))
    assert error is None and got == value


@pytest.mark.parametrize(
    ("vocabulary", "reason"),
    [
        ("appeal_category", "unknown category: use one of wage_arrears, dismissal, layoffs, "
                            "working_conditions, safety, labor_contract, social_benefits, other"),
        ("appeal_status", "unknown status: use one of received, in_progress, resolved, rejected"),
        ("incident_type", "unknown incident type: use one of strike, work_stoppage, rally, "
                          "hunger_strike, collective_appeal, other"),
        ("industry", "unknown OKED section: use a letter A–U, an OKED code such as 10.11, "
                     "or the name"),
    ],
)
def test_vocabulary_errors(vocabulary, reason):
    got, error = one(p.parse_vocabulary(pd.Series(["нечто непонятное"]), vocabulary))
    assert got is None and error == reason


@pytest.mark.parametrize(
    ("raw", "label", "granularity", "start", "end"),
    [
        ("II квартал 2025", "2025-Q2", "quarter", "2025-04-01", "2025-06-30"),
        ("2 кв. 2025", "2025-Q2", "quarter", "2025-04-01", "2025-06-30"),
        ("IV кв 2024", "2024-Q4", "quarter", "2024-10-01", "2024-12-31"),
        ("2025-Q2", "2025-Q2", "quarter", "2025-04-01", "2025-06-30"),
        ("Q1 2025", "2025-Q1", "quarter", "2025-01-01", "2025-03-31"),
        ("2025 жылғы II тоқсан", "2025-Q2", "quarter", "2025-04-01", "2025-06-30"),
        ("2025-03", "2025-03", "month", "2025-03-01", "2025-03-31"),
        ("03.2025", "2025-03", "month", "2025-03-01", "2025-03-31"),
        ("март 2025", "2025-03", "month", "2025-03-01", "2025-03-31"),
        ("Январь 2025 г.", "2025-01", "month", "2025-01-01", "2025-01-31"),
        ("наурыз 2025", "2025-03", "month", "2025-03-01", "2025-03-31"),
        ("February 2024", "2024-02", "month", "2024-02-01", "2024-02-29"),
        ("2025-03-01", "2025-03", "month", "2025-03-01", "2025-03-31"),
        ("2025", "2025", "year", "2025-01-01", "2025-12-31"),
        ("2025 год", "2025", "year", "2025-01-01", "2025-12-31"),
        ("1-й квартал 2025", "2025-Q1", "quarter", "2025-01-01", "2025-03-31"),
        ("I полугодие 2025", "2025-01..06", "cumulative", "2025-01-01", "2025-06-30"),
        ("январь-июнь 2025", "2025-01..06", "cumulative", "2025-01-01", "2025-06-30"),
        ("январь–март 2025 г.", "2025-01..03", "cumulative", "2025-01-01", "2025-03-31"),
        ("қаңтар-наурыз 2025", "2025-01..03", "cumulative", "2025-01-01", "2025-03-31"),
        ("January-September 2025", "2025-01..09", "cumulative", "2025-01-01", "2025-09-30"),
        ("9 месяцев 2025", "2025-01..09", "cumulative", "2025-01-01", "2025-09-30"),
        ("H1 2025", "2025-01..06", "cumulative", "2025-01-01", "2025-06-30"),
    ],
)
def test_periods(raw, label, granularity, start, end):
    parsed = p.parse_periods(pd.Series([raw]))
    assert parsed.errors.iloc[0] is None
    assert parsed.values.iloc[0] == label
    assert parsed.granularity.iloc[0] == granularity
    assert parsed.start.iloc[0] == pd.Timestamp(start)
    assert parsed.end.iloc[0] == pd.Timestamp(end)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("II полугодие 2025", p.PERIOD_CUMULATIVE),
        ("апрель-июнь 2025", p.PERIOD_CUMULATIVE),
        ("2025-13", "period does not exist"),
        ("V квартал 2025", p.PERIOD_UNKNOWN),
        ("когда-то", p.PERIOD_UNKNOWN),
    ],
)
def test_period_errors(raw, reason):
    parsed = p.parse_periods(pd.Series([raw]))
    assert parsed.values.iloc[0] is None
    assert parsed.errors.iloc[0] == reason


@pytest.mark.parametrize(
    ("raw", "axis", "reason"),
    [("43,25", "lat", None), ("76.95", "lon", None),
     ("10", "lat", "latitude outside Kazakhstan (40.5…55.5)"),
     ("120", "lon", "longitude outside Kazakhstan (46.4…87.4)")],
)
def test_coordinates(raw, axis, reason):
    got, error = one(p.parse_coordinates(pd.Series([raw]), axis))
    assert error == reason


def test_text_is_stripped_and_empty_is_none():
    parsed = p.parse_text(pd.Series(["  ТОО «Альфа» ", "", None, 12.0], dtype=object))
    assert parsed.values.tolist() == ["ТОО «Альфа»", None, None, "12"]
