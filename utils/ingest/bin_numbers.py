"""Kazakhstan BIN/IIN check digit (12 digits, weighted mod-11).

A business identification number (BIN) and an individual one (IIN) share the same check:
the first eleven digits are weighted 1..11 and summed modulo 11; when that gives 10 the sum
is taken again with the weights 3, 4, …, 11, 1, 2; when that gives 10 as well, no check digit
exists and the number is invalid. The twelfth digit must equal the result.

``000000000000`` passes that check (every sum is 0) but is no registered number: registries
and spreadsheets write it where the BIN is unknown, so it is refused like a wrong check digit
(:func:`checked_digits` is the one place that says so).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

FIRST_WEIGHTS = np.arange(1, 12, dtype=np.int64)
SECOND_WEIGHTS = np.array([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2], dtype=np.int64)


def bin_check_digit(first11: str) -> int | None:
    """Return the check digit for the first eleven digits of a BIN/IIN.

    Parameters
    ----------
    first11 : str
        Exactly eleven decimal digits.

    Returns
    -------
    int or None
        The twelfth digit, or ``None`` when no check digit exists for these digits (both
        weighted sums give 10), i.e. no valid number starts with them.

    Raises
    ------
    ValueError
        When ``first11`` is not eleven decimal digits.
    """
    if not isinstance(first11, str) or len(first11) != 11 or not first11.isascii() \
            or not first11.isdigit():
        raise ValueError(f"A BIN check digit needs 11 digits, got {first11!r}")
    digits = np.frombuffer(first11.encode("ascii"), dtype=np.uint8).astype(np.int64) - 48
    check = int(digits @ FIRST_WEIGHTS % 11)
    if check == 10:
        check = int(digits @ SECOND_WEIGHTS % 11)
        if check == 10:
            return None
    return check


def checked_digits(numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return, for 12-digit strings, whether each check digit is right and which are zeros.

    Parameters
    ----------
    numbers : numpy.ndarray
        Strings of exactly twelve ASCII digits (dtype ``U12``).

    Returns
    -------
    valid, zeros : numpy.ndarray of bool
        ``valid``: the check digit is right and the number is not all zeros; ``zeros``: the
        number is ``000000000000`` (a placeholder, never valid).
    """
    digits = np.asarray(numbers, dtype="U12").view("U1").reshape(-1, 12).astype(np.int64)
    first = digits[:, :11] @ FIRST_WEIGHTS % 11
    second = digits[:, :11] @ SECOND_WEIGHTS % 11
    check = np.where(first == 10, second, first)
    zeros = ~digits.any(axis=1)
    return (check != 10) & (check == digits[:, 11]) & ~zeros, zeros


def is_valid_bin(value: object) -> bool:
    """Return True when ``value`` is a 12-digit BIN/IIN whose check digit is right."""
    if not isinstance(value, str) or len(value) != 12 or not value.isascii() \
            or not value.isdigit():
        return False
    return bool(checked_digits(np.array([value]))[0][0])


def make_bin(first11: str | int) -> str:
    """Return a valid 12-digit BIN made from eleven leading digits.

    Parameters
    ----------
    first11 : str or int
        The first eleven digits (an int is zero-padded to 11 digits).

    Raises
    ------
    ValueError
        When no check digit exists for these digits; change the last of them (the next
        serial number) and try again, or use :func:`make_bin_near`.
    """
    text = f"{first11:011d}" if isinstance(first11, int | np.integer) else str(first11)
    check = bin_check_digit(text)
    if check is None:
        raise ValueError(f"No valid BIN starts with {text}: both weighted sums give 10")
    return text + str(check)


def make_bin_near(first11: str | int) -> str:
    """Return the valid BIN for ``first11`` or, if none exists, for the next serial digits."""
    number = int(first11)
    while True:
        text = f"{number:011d}"
        check = bin_check_digit(text)
        if check is not None:
            return text + str(check)
        number += 1


def valid_bin_mask(values: pd.Series) -> pd.Series:
    """Return a boolean Series: True where the value is a valid BIN/IIN.

    Missing values give False. Each distinct value is checked once, arithmetic is done on
    a digit matrix, so a million rows with a few thousand enterprises cost milliseconds.
    """
    if len(values) == 0:
        return pd.Series([], index=values.index, dtype=bool)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = pd.Series(uniques, dtype=object).astype(str)
    shaped = texts.str.len().eq(12) & texts.str.fullmatch(r"[0-9]{12}").fillna(False)
    valid = np.zeros(len(uniques), dtype=bool)
    if shaped.any():
        valid[shaped.to_numpy()] = checked_digits(texts[shaped].to_numpy(dtype="U12"))[0]
    result = np.zeros(len(values), dtype=bool)
    present = codes >= 0
    result[present] = valid[codes[present]]
    return pd.Series(result, index=values.index)
