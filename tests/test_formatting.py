"""Numbers, money, percentages, months, dates and counts as each language writes them (Babel)."""

import datetime as dt
import math

import pandas as pd
import pytest

from utils import formatting as f
from utils.early_warning.messages import label, message

NB = "\u00a0"  # no-break space: Babel's group separator in ru/kk and our space before units
NNB = "\u202f"  # narrow no-break space of CLDR's Kazakh "2026 ж."


@pytest.mark.parametrize(
    ("value", "ru", "kk", "en"),
    [
        (1234567, f"1{NB}234{NB}567", f"1{NB}234{NB}567", "1,234,567"),
        (1234567.5, f"1{NB}234{NB}568", f"1{NB}234{NB}568", "1,234,568"),
        (-42, "-42", "-42", "-42"),
        (0, "0", "0", "0"),
    ],
)
def test_format_number(value, ru, kk, en):
    assert (
        f.format_number(value, "ru"),
        f.format_number(value, "kk"),
        f.format_number(value, "en"),
    ) == (ru, kk, en)


def test_format_number_with_decimals():
    assert f.format_number(1234.5, "ru", decimals=2) == f"1{NB}234,50"
    assert f.format_number(1234.5, "en", decimals=1) == "1,234.5"


@pytest.mark.parametrize(
    ("value", "ru", "kk", "en"),
    [
        (2_700_000_000, "2,7 млрд ₸", "2,7 млрд ₸", "2.7 bn ₸"),
        (86_400_000, "86,4 млн ₸", "86,4 млн ₸", "86.4 mn ₸"),
        (2_000_000, "2 млн ₸", "2 млн ₸", "2 mn ₸"),
        (12_345, "12,3 тыс. ₸", "12,3 мың ₸", "12.3 k ₸"),
        (1_250_000_000_000, "1,2 трлн ₸", "1,2 трлн ₸", "1.2 tn ₸"),
        (999_999_999, "1 млрд ₸", "1 млрд ₸", "1 bn ₸"),  # rounds up into the next magnitude
        (950.4, "950 ₸", "950 ₸", "950 ₸"),
        (999.5, "1 тыс. ₸", "1 мың ₸", "1 k ₸"),  # rounds up to a thousand
        (-999.7, "-1 тыс. ₸", "-1 мың ₸", "-1 k ₸"),
        (-2_700_000_000, "-2,7 млрд ₸", "-2,7 млрд ₸", "-2.7 bn ₸"),
    ],
)
def test_format_money_short(value, ru, kk, en):
    got = [f.format_money_short(value, lang).replace(NB, " ") for lang in ("ru", "kk", "en")]
    assert got == [ru, kk, en]


def test_money_keeps_units_and_number_together():
    assert f.format_money_short(2.7e9, "ru") == f"2,7{NB}млрд{NB}₸"
    assert f.format_money(1234567.5, "ru") == f"1{NB}234{NB}568{NB}₸"
    assert f.format_money(1234567.5, "en") == f"1,234,568{NB}₸"


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA])
def test_missing_values_are_a_dash(missing):
    assert f.format_number(missing, "ru") == "—"
    assert f.format_money_short(missing, "kk") == "—"
    assert f.format_percent_change(missing, "en") == "—"
    assert f.format_count(missing, "workers", "ru") == "—"


@pytest.mark.parametrize(
    ("percent", "ru", "kk", "en"),
    [
        (12, f"+12{NB}%", "+12%", "+12%"),
        (12.4, f"+12{NB}%", "+12%", "+12%"),
        (-7.6, f"-8{NB}%", "-8%", "-8%"),
        (0.3, f"0{NB}%", "0%", "0%"),
        (1234.5, f"+1{NB}234{NB}%", f"+1{NB}234%", "+1,234%"),
        (math.inf, "—", "—", "—"),  # a change from zero
    ],
)
def test_format_percent_change(percent, ru, kk, en):
    assert [f.format_percent_change(percent, lang) for lang in ("ru", "kk", "en")] == [ru, kk, en]


def test_format_percent_change_with_decimals_and_share():
    assert f.format_percent_change(3.14, "ru", decimals=1) == f"+3,1{NB}%"
    assert f.format_percent_change(-3.14, "en", decimals=1) == "-3.1%"
    assert f.format_share(0.35, "ru") == f"35{NB}%"
    assert f.format_share(0.35, "en") == "35%"


@pytest.mark.parametrize(
    ("month", "style", "ru", "kk", "en"),
    [
        ("2026-03", "short", "март 2026", f"2026{NNB}ж. нау.", "Mar 2026"),
        ("2026-05", "short", "май 2026", f"2026{NNB}ж. мам.", "May 2026"),
        ("2026-02", "short", "февр. 2026", f"2026{NNB}ж. ақп.", "Feb 2026"),
        ("2025-12", "long", "декабрь 2025", f"2025{NNB}ж. желтоқсан", "December 2025"),
        ("2026-05", "phrase", "мая 2026", f"2026{NNB}ж. мамыр", "May 2026"),
    ],
)
def test_format_month(month, style, ru, kk, en):
    assert [f.format_month(month, lang, style) for lang in ("ru", "kk", "en")] == [ru, kk, en]


def test_format_month_refuses_what_is_not_a_month():
    with pytest.raises(ValueError, match=r"Invalid month: '2026-13'.*'YYYY-MM'"):
        f.format_month("2026-13", "ru")
    with pytest.raises(ValueError, match=r"Invalid month style: 'tiny'.*short, long, phrase"):
        f.format_month("2026-01", "ru", "tiny")


def test_format_period():
    assert f.format_period("2025-01", "2025-12", "ru") == "янв. 2025 – дек. 2025"
    assert f.format_period("2025-04", "2025-04", "en") == "Apr 2025"


@pytest.mark.parametrize(
    ("label", "ru", "kk", "en"),
    [
        ("2025-Q2", "II квартал 2025", "2025 жылғы II тоқсан", "Q2 2025"),
        ("2024-Q4", "IV квартал 2024", "2024 жылғы IV тоқсан", "Q4 2024"),
        ("2025", "2025 год", "2025 жыл", "2025"),
        ("2025-01..06", "январь–июнь 2025", "2025 жылғы қаңтар–маусым", "January–June 2025"),
        ("2025-01..03", "январь–март 2025", "2025 жылғы қаңтар–наурыз", "January–March 2025"),
        ("2025-03", "март 2025", f"2025{NNB}ж. наурыз", "March 2025"),
        (None, "—", "—", "—"),
    ],
)
def test_format_stat_period(label, ru, kk, en):
    assert [f.format_stat_period(label, lang) for lang in ("ru", "kk", "en")] == [ru, kk, en]


@pytest.mark.parametrize("label", ["2025-Q5", "2025-01..01", "2025-02..06", "II квартал 2025"])
def test_format_stat_period_refuses_what_is_not_a_stored_period(label):
    with pytest.raises(ValueError, match="Invalid period of an official statistic"):
        f.format_stat_period(label, "ru")


@pytest.mark.parametrize(
    "value",
    [
        dt.date(2026, 3, 12),
        dt.datetime(2026, 3, 12, 23, 5),
        "2026-03-12",
        pd.Timestamp("2026-03-12"),
    ],
)
def test_format_date(value):
    assert f.format_date(value, "ru") == "12 мар. 2026"
    assert f.format_date(value, "kk") == f"2026{NNB}ж. 12 нау."
    assert f.format_date(value, "en") == "Mar 12, 2026"


def test_format_date_long_declines_the_month():
    assert f.format_date("2026-05-09", "ru", "long") == "9 мая 2026"
    assert f.format_date("2026-05-09", "en", "long") == "May 9, 2026"


@pytest.mark.parametrize(
    ("count", "ru", "kk", "en"),
    [
        (1, "1 работник", "1 қызметкер", "1 worker"),
        (3, "3 работника", "3 қызметкер", "3 workers"),
        (29_000, "29 000 работников", "29 000 қызметкер", "29,000 workers"),
        (101, "101 работник", "101 қызметкер", "101 workers"),
        (2.5, "2,5 работника", "2,5 қызметкер", "2.5 workers"),
    ],
)
def test_format_count(count, ru, kk, en):
    got = [f.format_count(count, "workers", lang).replace(NB, " ") for lang in ("ru", "kk", "en")]
    assert got == [ru, kk, en]


def test_format_count_compact():
    got = [
        f.format_count(29_000, "workers", lang, compact=True).replace(NB, " ")
        for lang in ("ru", "kk", "en")
    ]
    assert got == ["29 тыс. работников", "29 мың қызметкер", "29 k workers"]
    assert f.format_count(640, "appeals", "ru", compact=True) == f"640{NB}обращений"


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="Invalid language: 'fr'"):
        f.format_number(1, "fr")


# --- early-warning messages with raw parameters -----------------------------------------------


def test_render_message_writes_each_parameter_for_the_language():
    msg = message("ew.reason.arrears_up", pct=140.0, months=3, amount=86_000_000.0)
    assert f.render_message(msg, "ru").replace(NB, " ") == (
        "задолженность выросла на 140 % за 3 мес., до 86 млн ₸"
    )
    assert (
        f.render_message(msg, "kk").replace(NB, " ")
        == "берешек 3 ай ішінде 140% өсіп, 86 млн ₸ болды"
    )
    assert f.render_message(msg, "en").replace(NB, " ") == "arrears up 140% in 3 months to 86 mn ₸"


def test_render_message_months_inside_a_phrase():
    msg = message("ew.reason.collective_appeals", count=5, since="2025-08")
    assert f.render_message(msg, "ru") == "коллективные обращения с авг. 2025: 5"
    assert f.render_message(msg, "kk") == f"2025{NNB}ж. тамыз айынан бастап ұжымдық өтініштер: 5"
    assert f.render_message(msg, "en") == "5 collective appeals since Aug 2025"


def test_render_message_nested_labels_money_and_signed_change():
    msg = message(
        "ew.reason.large_increase",
        indicator=label("ew.indicator.arrears_kzt"),
        value=2.7e9,
        month="2026-05",
        expected=1.1e9,
        change=145.0,
        unit="kzt",
    )
    assert f.render_message(msg, "ru").replace(NB, " ") == (
        "задолженность по зарплате: резкий рост, 2,7 млрд ₸ за май 2026 при ожидаемых "
        "1,1 млрд ₸ (+145 %)"
    )
    assert f.render_message(msg, "en").replace(NB, " ") == (
        "wage arrears: sharp rise, 2.7 bn ₸ in May 2026 against 1.1 bn ₸ expected (+145%)"
    )


def test_render_message_small_p_and_unsigned_slope():
    msg = message(
        "ew.reason.trend_down",
        indicator=label("ew.indicator.layoffs"),
        slope_pct=-3.25,
        months=24,
        p=0.0004,
    )
    assert f.render_message(msg, "en") == (
        "layoffs falling by 3.2% a month over 24 months (Mann-Kendall, adjusted p < 0.001)"
    )


@pytest.mark.parametrize(
    ("value", "unit", "normalised", "lang", "expected"),
    [
        (2_700_000_000, "KZT", False, "ru", "2,7\u00a0млрд\u00a0₸"),
        (1234, "appeals", False, "ru", "1\u00a0234"),
        (12.345, "appeals", True, "en", "12.3"),
        (None, "KZT", False, "kk", "деректер жоқ"),
        (float("nan"), "appeals", False, "ru", "нет данных"),
        (5.3, "%", False, "ru", "5,3"),  # an official rate keeps its decimal
        (4900.0, "persons", False, "en", "4,900"),
    ],
)
def test_indicator_value_as_cards_legends_and_slides_write_it(
    value, unit, normalised, lang, expected
):
    assert f.format_indicator_value(value, unit, lang, normalised=normalised) == expected


@pytest.mark.parametrize(("ratio", "lang", "expected"), [
    (4.44, "ru", "в 4,4 раза"), (2.0, "ru", "в 2 раза"), (9.96, "ru", "в 10 раз"),
    (21.2, "ru", "в 21 раз"), (5.0, "ru", "в 5 раз"), (4.44, "kk", "4,4 есе"),
    (4.44, "en", "4.4 times"), (12.4, "en", "12 times"),
])
def test_times_are_written_as_the_language_says_them(ratio, lang, expected):
    assert f.format_times(ratio, lang).replace(NB, " ") == expected
