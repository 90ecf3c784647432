"""Numbers, money, percentages, months and dates written the way each language writes them.

Formatting follows CLDR through Babel with the locales ``ru_RU``, ``kk_KZ`` and ``en_US``:
``1 234 567`` (non-breaking spaces) in Russian and Kazakh, ``1,234,567`` in English.
A few choices differ from Babel's defaults, each on purpose:

- Money is always in tenge with the sign ``₸`` after the number: CLDR writes ``KZT`` in
  Russian and puts the code first in English, which reads badly on a map legend.
- Short money uses Babel's compact decimal format where it speaks the reader's language
  (Russian and Kazakh: ``тыс.``/``мың``, ``млн``, ``млрд``, ``трлн``). English CLDR writes
  ``2.7B``; we write ``2.7 bn ₸`` (``k``, ``mn``, ``bn``, ``tn``) as the briefings do.
- Months use the stand-alone month name in Russian (``март 2026``, ``май 2026``): the
  abbreviated *format* form gives the genitive ``мая 2026``. Kazakh keeps CLDR's year-first
  order (``2026 ж. нау.``).
- Periods of official statistics are written as the statistics bureau writes them:
  ``II квартал 2025``, ``2025 жылғы II тоқсан``, ``Q2 2025``; ``январь–июнь 2025`` for the
  months from January (:func:`format_stat_period`).
- Dates in Russian drop CLDR's trailing ``г.`` (``12 мар. 2026``); Kazakh and English use
  CLDR's medium date.

Missing values (None, NaN) are written as an em dash so tables and tooltips never show
``nan``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from numbers import Real

import pandas as pd
from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.dates import get_month_names
from babel.numbers import format_compact_decimal, format_decimal, format_percent

from utils.i18n import check_lang, t, unit_values, unit_word

LOCALES: dict[str, str] = {"ru": "ru_RU", "kk": "kk_KZ", "en": "en_US"}
CURRENCY_SIGN = "₸"
MISSING = "—"
NBSP = "\u00a0"

# English magnitude words replacing CLDR's K / M / B / T.
_EN_MAGNITUDES = {"K": "k", "M": "mn", "B": "bn", "T": "tn"}
_EN_COMPACT = re.compile(r"^(?P<number>-?[\d.,]+)(?P<suffix>[KMBT])$")

MONTH_PATTERNS: dict[str, dict[str, str]] = {
    "short": {"ru": "LLL y", "kk": "y\u202f'ж'. MMM", "en": "MMM y"},
    "long": {"ru": "LLLL y", "kk": "y\u202f'ж'. MMMM", "en": "MMMM y"},
    # Inside a phrase ("с мая 2026", "2026 ж. мамыр айынан бастап", "since May 2026"):
    # Russian takes the genitive form, Kazakh the full name that the template declines.
    "phrase": {"ru": "MMM y", "kk": "y\u202f'ж'. MMMM", "en": "MMM y"},
}
# A CLDR style name ('medium', 'long') or an explicit pattern, per language.
DATE_PATTERNS: dict[str, dict[str, str]] = {
    "medium": {"ru": "d MMM y", "kk": "medium", "en": "medium"},
    "long": {"ru": "d MMMM y", "kk": "long", "en": "long"},
}
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
# Periods of official statistics as ingest labels them: 2025, 2025-Q2, 2025-03, 2025-01..06.
_STAT_YEAR = re.compile(r"^(\d{4})$")
_STAT_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_STAT_CUMULATIVE = re.compile(r"^(\d{4})-01\.\.(0[2-9]|1[0-2])$")
_ROMAN_QUARTERS = ("I", "II", "III", "IV")
STAT_PERIOD_PATTERNS: dict[str, dict[str, str]] = {
    "year": {"ru": "{year} год", "kk": "{year} жыл", "en": "{year}"},
    "quarter": {"ru": "{roman} квартал {year}", "kk": "{year} жылғы {roman} тоқсан",
                "en": "Q{number} {year}"},
    "cumulative": {"ru": "{first}–{last} {year}", "kk": "{year} жылғы {first}–{last}",
                   "en": "{first}–{last} {year}"},
}


def locale_of(lang: str) -> str:
    """Return the Babel locale used for ``lang`` (``ru_RU``, ``kk_KZ``, ``en_US``)."""
    return LOCALES[check_lang(lang)]


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, Real) and math.isnan(float(value))


def _choice(registry: dict[str, dict[str, str]], style: str, what: str) -> dict[str, str]:
    if style not in registry:
        raise ValueError(
            f"Invalid {what} style: {style!r}. Style must be in the set: {', '.join(registry)}"
        )
    return registry[style]


def format_number(value: float | int | None, lang: str, decimals: int = 0) -> str:
    """Return ``value`` with the language's grouping and decimal sign, e.g. ``1 234 567``.

    Parameters
    ----------
    value
        The number; None or NaN gives an em dash.
    lang
        ``ru``, ``kk`` or ``en``.
    decimals
        Exact number of digits after the decimal sign.
    """
    locale = locale_of(lang)
    if _is_missing(value):
        return MISSING
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale=locale, decimal_quantization=True)


def format_compact(value: float | int | None, lang: str, decimals: int = 1) -> str:
    """Return ``value`` shortened with a magnitude word: ``2,7 млрд``, ``2.7 bn``, ``950``.

    At most ``decimals`` digits after the decimal sign, trailing zeros dropped (``2 млрд``).
    Values under a thousand are rounded to whole numbers.
    """
    locale = locale_of(lang)
    if _is_missing(value):
        return MISSING
    if abs(value) < 999.5:
        return format_number(value, lang)
    if abs(value) < 1000:
        # Rounds up to a thousand: Babel would write the fraction (``999,5``).
        value = math.copysign(1000, value)
    text = format_compact_decimal(
        value, format_type="short", locale=locale, fraction_digits=decimals
    )
    if lang == "en":
        match = _EN_COMPACT.match(text)
        if match is None:  # Babel changed its English output: refuse to guess
            raise ValueError(f"Unexpected English compact format for {value!r}: {text!r}")
        text = f"{match['number']}{NBSP}{_EN_MAGNITUDES[match['suffix']]}"
    return text


def format_money(value: float | int | None, lang: str) -> str:
    """Return a full amount in tenge, whole tenge: ``1 234 568 ₸`` / ``1,234,568 ₸``."""
    text = format_number(value, lang)
    return text if text == MISSING else f"{text}{NBSP}{CURRENCY_SIGN}"


def format_money_short(value: float | int | None, lang: str, decimals: int = 1) -> str:
    """Return an amount in tenge shortened for cards and legends.

    ``2 700 000 000`` gives ``2,7 млрд ₸`` (ru), ``2,7 млрд ₸`` (kk), ``2.7 bn ₸`` (en);
    ``86 400 000`` gives ``86,4 млн ₸`` / ``86.4 mn ₸``; ``950`` gives ``950 ₸``.
    """
    text = format_compact(value, lang, decimals)
    return text if text == MISSING else f"{text}{NBSP}{CURRENCY_SIGN}"


def format_indicator_value(
    value: float | int | None, unit: str, lang: str, *, normalised: bool = False
) -> str:
    """Return an indicator's value as cards, tooltips, legends and slides write it.

    Tenge are shortened (``2,7 млрд ₸``), per resident or per employed as well (whole tenge
    below a thousand, never kopecks); counts are written in full, counts per 100 000
    residents or per 1 000 employed (``normalised``) to one decimal; an official statistic
    in a unit of its own (``%``, ``persons``) keeps its decimals as a table cell does
    (:func:`format_figure`: an unemployment rate of ``5,3``, never ``5``); a missing value
    is «нет данных» in the reader's language.
    """
    if value is None or pd.isna(value):
        return t("common.no_data", lang)
    if unit == "KZT":
        return format_money_short(value, lang)
    if normalised:
        return format_number(value, lang, decimals=1)
    if unit and unit not in unit_values():
        return format_figure(value, lang)
    return format_number(value, lang)


def unit_text(unit: str, lang: str) -> str:
    """Return the unit a table or a file writes beside a figure: ``₸``, ``обращений``.

    ``KZT`` is the tenge sign; a counted unit of the catalogs (``appeals``, ``workers``...)
    is its word in the form it takes after many (``обращений``, ``өтініш``, ``appeals``);
    any other unit (an official statistic's) is written as published.
    """
    check_lang(lang)
    if unit == "KZT":
        return CURRENCY_SIGN
    if unit in unit_values():
        return unit_word(unit, 5, lang)
    return unit


def figure_decimals(value: float | int) -> int:
    """Return the digits after the decimal sign a table or a file gives ``value``.

    Whole numbers and figures of 100 and more (counts, tenge) get none, so tenge are whole
    tenge; figures from 1 get one (``4,7`` per 100 000 residents); smaller ones two (an
    index of ``-0,45``).
    """
    magnitude = abs(float(value))
    if float(value).is_integer() or magnitude >= 99.95:
        return 0
    return 1 if magnitude >= 0.995 else 2


def round_figure(value: float | int | None) -> float | int | None:
    """Return ``value`` rounded to :func:`figure_decimals`; whole figures as ``int``."""
    if _is_missing(value) or math.isinf(float(value)):
        return None
    decimals = figure_decimals(value)
    return int(round(float(value))) if decimals == 0 else round(float(value), decimals)


def format_figure(value: float | int | None, lang: str, *, grouping: bool = True) -> str:
    """Return a figure of a table cell: ``30 553 900``, ``4,7``, ``-0,45`` / ``30,553,900``.

    Rounded by :func:`figure_decimals`. Without ``grouping`` the digits are not grouped
    (``30553900``, ``4,7``), as a CSV file holds numbers a spreadsheet reads back; missing
    values and infinities give an em dash (``grouping``) or an empty text (without).
    """
    locale = locale_of(lang)
    if _is_missing(value) or math.isinf(float(value)):
        return MISSING if grouping else ""
    decimals = figure_decimals(value)
    pattern = ("#,##0" if grouping else "0") + ("." + "0" * decimals if decimals else "")
    return format_decimal(round_figure(value), format=pattern, locale=locale,
                          decimal_quantization=True)


def format_percent_change(percent: float | int | None, lang: str, decimals: int = 0) -> str:
    """Return a change given in percent with its sign: ``+12 %`` (ru), ``+12%`` (kk, en).

    Parameters
    ----------
    percent
        The change in percent (``12.0`` means a rise of 12 %), as ``change_pct`` columns
        hold it. None, NaN or infinity (a change from zero) give an em dash.
    lang
        ``ru``, ``kk`` or ``en``; the percent sign is placed as CLDR places it.
    decimals
        Digits after the decimal sign.
    """
    locale = locale_of(lang)
    if _is_missing(percent) or math.isinf(float(percent)):
        return MISSING
    rounded = round(float(percent), decimals)
    digits = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    base = _percent_pattern(locale).replace("#,##0", digits)
    if rounded == 0:
        return format_percent(0, format=base, locale=locale)
    # Babel formats the minus itself; the plus is a literal prefix of the positive pattern.
    return format_percent(
        rounded / 100.0, format=f"+{base};-{base}", locale=locale, decimal_quantization=True
    )


def format_share(share: float | None, lang: str, decimals: int = 0) -> str:
    """Return a share given as a fraction (``0.35``) as a percentage: ``35 %`` / ``35%``."""
    locale = locale_of(lang)
    if _is_missing(share):
        return MISSING
    digits = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_percent(
        share, format=_percent_pattern(locale).replace("#,##0", digits), locale=locale
    )


def _percent_pattern(locale: str) -> str:
    return Locale.parse(locale).percent_formats[None].pattern


def parse_month(month: str) -> dt.date:
    """Return the first day of a ``'YYYY-MM'`` month.

    Raises
    ------
    ValueError
        If ``month`` is not of the form ``YYYY-MM`` with a month from 01 to 12.
    """
    match = _MONTH.match(str(month))
    if match is None or not 1 <= int(match[2]) <= 12:
        raise ValueError(f"Invalid month: {month!r}. A month is written 'YYYY-MM', e.g. '2026-03'")
    return dt.date(int(match[1]), int(match[2]), 1)


def format_month(month: str | dt.date | None, lang: str, style: str = "short") -> str:
    """Return a month for axes and titles: ``март 2026`` / ``2026 ж. нау.`` / ``Mar 2026``.

    Parameters
    ----------
    month
        ``'YYYY-MM'``, or a date whose month is meant.
    lang
        ``ru``, ``kk`` or ``en``.
    style
        ``short`` (abbreviated month), ``long`` (``март 2026`` / ``2026 ж. наурыз`` /
        ``March 2026``) or ``phrase``, the form a month takes after a preposition
        (``с мая 2026``, ``2026 ж. мамыр айынан бастап``, ``since May 2026``).
    """
    locale = locale_of(lang)
    pattern = _choice(MONTH_PATTERNS, style, "month")[lang]
    if _is_missing(month):
        return MISSING
    day = month if isinstance(month, dt.date) else parse_month(month)
    return _babel_format_date(day, pattern, locale=locale)


def format_period(start: str, end: str, lang: str, style: str = "short") -> str:
    """Return a month range, ``янв. 2025 – дек. 2025``; one month when ``start == end``."""
    if start == end:
        return format_month(start, lang, style)
    return f"{format_month(start, lang, style)} – {format_month(end, lang, style)}"


def _month_name(month: int, lang: str) -> str:
    """Return a month's full name as a period of months names it: январь, қаңтар, January."""
    # Kazakh stand-alone names are capitalised by CLDR; inside a phrase they are not.
    context = "format" if lang == "kk" else "stand-alone"
    return get_month_names("wide", context=context, locale=locale_of(lang))[month]


def format_stat_period(label: str | None, lang: str) -> str:
    """Return the period of an official statistic as the reader's language writes it.

    ``label`` is the period as ingest stores it: ``2025`` (a year: «2025 год», «2025 жыл»,
    «2025»), ``2025-Q2`` (a quarter: «II квартал 2025», «2025 жылғы II тоқсан», «Q2 2025»),
    ``2025-03`` (a month, as :func:`format_month` writes it in full: «март 2025») or
    ``2025-01..06`` (the months from January, a cumulative period: «январь–июнь 2025»,
    «2025 жылғы қаңтар–маусым», «January–June 2025»). None gives an em dash.

    Raises
    ------
    ValueError
        If ``label`` is none of these forms.
    """
    check_lang(lang)
    if _is_missing(label):
        return MISSING
    text = str(label)
    if _MONTH.match(text):
        return format_month(text, lang, "long")
    if match := _STAT_YEAR.match(text):
        return STAT_PERIOD_PATTERNS["year"][lang].format(year=match[1])
    if match := _STAT_QUARTER.match(text):
        number = int(match[2])
        return STAT_PERIOD_PATTERNS["quarter"][lang].format(
            year=match[1], number=number, roman=_ROMAN_QUARTERS[number - 1])
    if match := _STAT_CUMULATIVE.match(text):
        return STAT_PERIOD_PATTERNS["cumulative"][lang].format(
            year=match[1], first=_month_name(1, lang), last=_month_name(int(match[2]), lang))
    raise ValueError(
        f"Invalid period of an official statistic: {label!r}. A period is written "
        "'2025', '2025-Q2', '2025-03' or '2025-01..06'"
    )


def format_date(value: dt.date | dt.datetime | str | None, lang: str, style: str = "medium") -> str:
    """Return a day: ``12 мар. 2026`` / ``2026 ж. 12 нау.`` / ``Mar 12, 2026``.

    ``value`` may be a date, a datetime, a pandas Timestamp or an ISO string
    (``2026-03-12``); ``style`` is ``medium`` or ``long``.
    """
    locale = locale_of(lang)
    pattern = _choice(DATE_PATTERNS, style, "date")[lang]
    if _is_missing(value):
        return MISSING
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    elif isinstance(value, dt.datetime):  # also pandas Timestamp
        value = value.date()
    return _babel_format_date(value, pattern, locale=locale)


def format_count(count: float | int | None, unit: str, lang: str, *, compact: bool = False) -> str:
    """Return a count with its unit, agreeing in number: ``29 000 работников``.

    Parameters
    ----------
    count
        The number of items.
    unit
        A counted unit of the catalogs (``workers``, ``people``, ``appeals``,
        ``enterprises``, ``incidents``, ``regions``, ``months``, ``rows``).
    lang
        ``ru``, ``kk`` or ``en``.
    compact
        Shorten large counts: ``29 тыс. работников`` / ``29 мың қызметкер`` / ``29 k workers``.

    Raises
    ------
    KeyError
        If ``unit`` is unknown; the message lists the valid units.
    """
    check_lang(lang)
    if _is_missing(count):
        return MISSING
    if compact and abs(count) >= 999.5:
        return f"{format_compact(count, lang)}{NBSP}{unit_word(unit, count, lang, magnitude=True)}"
    whole = float(count).is_integer()
    number = format_number(count, lang, decimals=0 if whole else 1)
    shown = float(count) if whole else round(float(count), 1)
    return f"{number}{NBSP}{unit_word(unit, int(shown) if whole else shown, lang)}"


# --- messages with raw parameters (the early warning's reasons) ---------------------------

_MONTH_PARAMS = {"month": "short", "month_long": "long", "since": "phrase", "as_of": "phrase"}
_SIGNED_PERCENT_PARAMS = ("change", "plain_change")
_PERCENT_PARAMS = {"pct": 0, "slope_pct": 1}


def format_times(ratio: float | None, lang: str) -> str:
    """Return how many times something grew: «в 4,4 раза», «в 12 раз», «4,4 есе», «4.4 times».

    One decimal below ten (a whole number without it), whole numbers from ten up.
    """
    if _is_missing(ratio) or math.isinf(float(ratio)):
        return MISSING
    shown = round(float(ratio)) if ratio >= 10 else round(float(ratio), 1)
    whole = float(shown).is_integer()
    number = format_number(shown, lang, decimals=0 if whole else 1)
    return t("common.times", lang, number=number,
             word=unit_word("times", int(shown) if whole else shown, lang))


def _plain_number(value: float, lang: str) -> str:
    if float(value).is_integer() or abs(value) >= 100:
        return format_number(value, lang)
    return format_number(value, lang, decimals=1 if abs(value) >= 10 else 2)


def format_message_param(name: str, value: object, lang: str, unit: str | None = None) -> str:
    """Return one raw message parameter written for ``lang``, chosen by its name.

    ``month`` is a month (``март 2026``); ``since`` and ``as_of`` are months inside a phrase;
    ``day`` is a day (``12 мар. 2026``);
    ``change`` and ``plain_change`` are signed percentages; ``pct`` and ``slope_pct``
    unsigned ones (the template's verb says the direction); ``amount`` (and ``value`` or
    ``expected`` when the message's ``unit`` is ``kzt``) is money; ``value`` with ``unit``
    ``pct`` a signed percentage; ``p`` a p-value with its relation (``= 0,012``,
    ``< 0,001``); ``z``
    a z-score; any other number a plain count or measure. A nested message
    (``{"key": ...}``) is rendered in the same language.
    """
    if isinstance(value, dict) and "key" in value:
        return render_message(value, lang)
    if _is_missing(value):
        return MISSING
    if name in _MONTH_PARAMS and isinstance(value, str | dt.date):
        return format_month(value, lang, _MONTH_PARAMS[name])
    if name == "day" and isinstance(value, str | dt.date):
        return format_date(value, lang)
    if not isinstance(value, Real) or isinstance(value, bool):
        return str(value)
    if math.isinf(float(value)):
        return MISSING
    if name in _SIGNED_PERCENT_PARAMS:
        return format_percent_change(value, lang)
    if name == "times":
        return format_times(value, lang)
    if name in _PERCENT_PARAMS:
        return format_share(abs(float(value)) / 100.0, lang, decimals=_PERCENT_PARAMS[name])
    if name == "amount" or (unit == "kzt" and name in ("value", "expected")):
        return format_money_short(value, lang)
    if name == "p":
        if value < 0.001:
            return "< " + format_number(0.001, lang, decimals=3)
        return "= " + format_number(value, lang, decimals=3)
    if name == "value" and unit == "pct":
        return format_percent_change(value, lang)
    if name == "z":
        return format_number(value, lang, decimals=1)
    return _plain_number(float(value), lang)


def render_message(message: dict, lang: str) -> str:
    """Return a message ``{"key": ..., "params": {...}}`` as a sentence in ``lang``.

    The early warning describes each reason as such a message with raw numbers and months
    (see ``utils.early_warning.messages``); the catalog holds its template in every language
    and this function writes the parameters the way the language writes them.
    """
    raw = message.get("params") or {}
    unit = raw.get("unit")
    params = {name: format_message_param(name, value, lang, unit) for name, value in raw.items()}
    return t(message["key"], lang, **params)
