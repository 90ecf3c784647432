import math

import numpy as np
import pandas as pd
import pytest

from utils.maps import (
    NO_DATA,
    PALETTES,
    SCHEMES,
    change_pct,
    classify,
    get_palette,
    palette_for,
    risk_colors,
)

CODES = [
    f"KZ-{n}"
    for n in (10, 11, 15, 19, 23, 27, 31, 33, 35, 39, 43, 47, 55, 59, 61, 62, 63, 71, 75, 79)
]


def values(numbers):
    return pd.Series(numbers, index=CODES[: len(numbers)], dtype="float64")


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_every_unit_falls_in_the_class_whose_range_holds_it(scheme):
    series = values(np.linspace(3, 250, 20) ** 1.3)
    result = classify(series, scheme=scheme, k=5)
    assert result.k == 5
    assert result.bins[-1] == pytest.approx(series.max())
    for code, value in series.items():
        entry = result.legend[result.classes[code]]
        assert entry.lower <= value <= entry.upper
    assert sum(e.count for e in result.legend) == 20


def test_quantiles_put_equal_numbers_of_units_in_each_class():
    result = classify(values(range(1, 21)), k=5)
    assert [e.count for e in result.legend] == [4, 4, 4, 4, 4]


def test_unknown_scheme_lists_the_valid_ones():
    with pytest.raises(ValueError) as err:
        classify(values(range(20)), scheme="jenks")
    assert str(err.value) == (
        "Invalid scheme: 'jenks'. Scheme must be in the set: "
        "equal_interval, natural_breaks, quantiles"
    )


def test_missing_and_infinite_values_are_no_data():
    series = values([1.0, np.nan, 3.0, np.inf, 5.0, 6.0, 7.0, None])
    result = classify(series, k=3, no_data_label="нет данных")
    assert result.classes["KZ-11"] == NO_DATA
    assert result.classes["KZ-19"] == NO_DATA
    assert result.classes["KZ-33"] == NO_DATA
    assert result.has_no_data
    last = result.legend[-1]
    assert last.is_no_data and last.label == "нет данных" and last.count == 3
    assert result.bins[-1] == 7.0


def test_fewer_distinct_values_than_classes_gives_one_class_per_value():
    result = classify(values([2, 2, 5, 5, 5, 9]), k=5)
    assert result.bins == (2.0, 5.0, 9.0)
    assert [e.label for e in result.legend] == ["2", "2 – 5", "5 – 9"]
    assert result.classes.tolist() == [0, 0, 1, 1, 1, 2]


def test_all_zero_is_one_class_without_error():
    result = classify(values([0.0] * 20), scheme="equal_interval")
    assert result.bins == (0.0,)
    assert result.classes.unique().tolist() == [0]
    assert [(e.label, e.count) for e in result.legend] == [("0", 20)]


def test_no_unit_with_data_gives_only_the_no_data_entry():
    result = classify(values([np.nan] * 4))
    assert result.k == 0 and result.lower is None
    assert [e.class_index for e in result.legend] == [NO_DATA]


def test_ties_merge_quantile_classes_instead_of_repeating_bounds():
    series = values([0] * 12 + [1, 2, 3, 4, 5, 6, 7, 8])
    result = classify(series, k=5)
    assert len(set(result.bins)) == len(result.bins)
    assert result.classes[CODES[0]] == 0
    assert result.legend[0].count == 12


def test_labels_use_the_formatter_passed_in():
    result = classify(values([1000.5, 2000, 3000, 4000]), k=2, formatter=lambda v: f"<{v:.1f}>")
    assert result.legend[0].label == "<1000.5> – <2500.0>"  # the median


def test_diverging_classes_are_symmetric_around_zero():
    series = values([-50, -30, -5, 0, 2, 12, 40, np.nan])
    result = classify(series, k=5, diverging=True)
    assert result.diverging and result.k == 5
    middle = result.legend[2]
    assert middle.lower == -middle.upper and middle.lower < 0 < middle.upper
    uppers = [e.upper for e in result.legend if not e.is_no_data]
    lowers = [e.lower for e in result.legend if not e.is_no_data]
    assert lowers[0] == -uppers[-1]
    assert result.classes[CODES[3]] == 2  # 0 % sits in the middle class
    assert result.classes[CODES[0]] == 0  # the largest fall, lowest class
    assert result.classes[CODES[6]] == 4  # the largest rise, highest class
    assert result.classes[CODES[7]] == NO_DATA
    for code, value in series.dropna().items():
        entry = result.legend[result.classes[code]]
        assert entry.lower <= value <= entry.upper


def test_diverging_classes_of_one_sided_data_still_centre_on_zero():
    result = classify(values([1, 5, 10, 20, 40, 80]), k=5, diverging=True)
    assert result.lower == -80
    assert result.legend[0].count == 0 and result.legend[1].count == 0


def test_diverging_all_zero_is_one_neutral_class():
    result = classify(values([0, 0, 0]), diverging=True)
    assert result.bins == (0.0,)
    assert palette_for(result) == [get_palette("RdBu").colors(3)[1]]


def test_change_pct_from_zero_is_no_data():
    assert change_pct(15, 10) == pytest.approx(50.0)
    assert change_pct(5, 10) == pytest.approx(-50.0)
    assert math.isnan(change_pct(5, 0))


def test_palette_matches_the_classes():
    seq = classify(values(range(20)), k=5)
    div = classify(values(range(-10, 10)), k=5, diverging=True)
    assert palette_for(seq) == PALETTES["YlOrRd"].colors(5)
    assert len(palette_for(div)) == div.k
    colors = palette_for(div)
    assert colors[len(colors) // 2] == "#f7f7f7"  # neutral middle
    assert colors[-1] == "#ca0020"  # rising in red
    assert palette_for(seq, high_contrast=True) == PALETTES["viridis"].colors(5)
    with pytest.raises(ValueError, match="'RdBu' is diverging but the classes are sequential"):
        palette_for(seq, name="RdBu")


def test_unknown_palette_lists_the_valid_ones():
    with pytest.raises(ValueError, match=r"Invalid palette: 'rainbow'. Palette must be in the set"):
        get_palette("rainbow")


def test_risk_colors_darken_with_the_level():
    colors = risk_colors(["low", "medium", "high"])
    assert list(colors) == ["low", "medium", "high"]
    lightness = [sum(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in colors.values()]
    assert lightness == sorted(lightness, reverse=True)
