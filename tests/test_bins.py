import pandas as pd
import pytest

from utils.ingest import (
    bin_check_digit,
    is_valid_bin,
    make_bin,
    make_bin_near,
    valid_bin_mask,
)


def _reference_check(first11: str) -> int | None:
    """The published scheme written out plainly: weights 1..11, then 3..11,1,2, mod 11."""
    digits = [int(c) for c in first11]
    check = sum(d * w for d, w in zip(digits, range(1, 12), strict=True)) % 11
    if check == 10:
        weights = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
        check = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if check == 10:
            return None
    return check


@pytest.mark.parametrize("number", ["940140000385", "990740002243", "000740001307"])
def test_published_bins_are_valid(number):
    assert is_valid_bin(number)


@pytest.mark.parametrize("first11", [f"{n:011d}" for n in range(0, 10**11, 7_777_777_777)])
def test_check_digit_matches_the_plain_scheme(first11):
    assert bin_check_digit(first11) == _reference_check(first11)


def test_changed_digits_are_caught_as_the_scheme_says():
    checked = caught = 0
    for seed in range(50):
        good = make_bin_near(f"{seed * 1_234_567_891 % 10**11:011d}")
        for position in range(12):
            for step in (1, 5):
                digit = str((int(good[position]) + step) % 10)
                changed = good[:position] + digit + good[position + 1:]
                expected = _reference_check(changed[:11]) == int(changed[11])
                assert is_valid_bin(changed) == expected
                checked += 1
                caught += not expected
    assert caught / checked > 0.9


def test_no_check_digit_exists_for_some_prefixes():
    prefixes = [f"{n:011d}" for n in range(0, 3000)]
    without = [p for p in prefixes if _reference_check(p) is None]
    assert without, "the scheme leaves some prefixes without a check digit"
    with pytest.raises(ValueError, match="No valid BIN starts with"):
        make_bin(without[0])
    near = make_bin_near(without[0])
    assert is_valid_bin(near) and near[:11] > without[0]


@pytest.mark.parametrize(
    "value",
    [None, 940140000385, "94014000038", "9401400003855", "94014000038X",
     "９４０１４０００３８５", ""],
)
def test_invalid_shapes(value):
    assert not is_valid_bin(value)


def test_the_all_zero_placeholder_is_not_a_bin():
    """Its check digit sums to 0 like a real one, but no registry issues 000000000000."""
    assert bin_check_digit("00000000000") == 0
    assert not is_valid_bin("000000000000")
    mask = valid_bin_mask(pd.Series(["000000000000", "940140000385", "000740001307"]))
    assert mask.tolist() == [False, True, True]


@pytest.mark.parametrize("value", ["1234567890", "12345678901x", 12345678901])
def test_bin_check_digit_refuses_bad_input(value):
    with pytest.raises(ValueError, match="11 digits"):
        bin_check_digit(value)


def test_valid_bin_mask_agrees_with_scalar_check():
    values = [make_bin_near(f"{n:011d}") for n in range(100, 160)]
    values += [v[:11] + str((int(v[11]) + 3) % 10) for v in values[:20]]
    values += [None, "abc", "", values[0]]
    series = pd.Series(values, index=range(10, 10 + len(values)))
    mask = valid_bin_mask(series)
    assert list(mask.index) == list(series.index)
    assert mask.tolist() == [is_valid_bin(v) for v in values]


def test_valid_bin_mask_empty():
    assert valid_bin_mask(pd.Series([], dtype=object)).empty
