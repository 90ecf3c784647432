import math

import numpy as np
import pandas as pd
import pytest

from utils.maps import (
    CHANGE_COLORS,
    NEUTRAL_COLOR,
    NO_DATA,
    PALETTES,
    SCHEMES,
    change_classes,
    change_pct,
    classify,
    get_palette,
    map_style,
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


def _in_range(entry, value) -> bool:
    return entry.lower <= value <= entry.upper


def test_change_classes_are_fixed_symmetric_and_hold_their_values():
    series = values([-100, -60, -30, -12, -5, 0, 4, 10, 12, 25, 45, 80, 900, np.nan])
    result = change_classes(series)
    ranges = [(e.lower, e.upper) for e in result.legend if not e.is_no_data]
    assert ranges == [(-100, -50), (-50, -25), (-25, -10), (-10, 10), (10, 25), (25, 50),
                      (50, 100), (100, 900)]
    assert result.steps == (-3, -2, -1, 0, 1, 2, 3, 4)
    for lower, upper in ranges:  # every fall mirrors a rise of the same size
        if upper <= -10:
            assert (-upper, -lower) in ranges
    for code, value in series.dropna().items():
        assert _in_range(result.legend[result.classes[code]], value), (code, value)
    assert result.classes[CODES[13]] == NO_DATA
    # Boundaries belong to the smaller change: +10 % is neutral, +25 % the first rise.
    assert result.steps[result.classes[CODES[7]]] == 0
    assert result.steps[result.classes[CODES[9]]] == 1


def test_change_classes_do_not_depend_on_the_other_regions():
    alone = change_classes(values([4, 45]))
    with_extremes = change_classes(values([4, 45, -90, 700, 3, 2]))
    for classes in (alone, with_extremes):
        four, forty_five = (classes.steps[classes.classes[c]] for c in CODES[:2])
        assert (four, forty_five) == (0, 2)


def test_change_classes_stop_at_what_the_data_reach_on_both_sides_alike():
    small = change_classes(values([-5, 3, 8]))
    assert [(e.lower, e.upper) for e in small.legend] == [(-25, -10), (-10, 10), (10, 25)]
    rising = change_classes(values([2, 30, 45]))
    assert [(e.lower, e.upper) for e in rising.legend] == [
        (-50, -25), (-25, -10), (-10, 10), (10, 25), (25, 50)
    ]
    assert all(e.lower >= -100 for e in rising.legend)


def test_a_fall_below_minus_100_percent_is_refused():
    with pytest.raises(ValueError, match="below -100 %"):
        change_classes(values([-246, 10]))


def test_change_classes_of_no_values_are_empty():
    result = change_classes(values([np.nan, np.nan]), no_data_label="нет сравнения")
    assert result.k == 0 and result.legend[0].label == "нет сравнения"
    assert palette_for(result) == []


def test_the_neutral_note_labels_only_the_neutral_class():
    result = change_classes(values([-30, 0, 30]), formatter=lambda v: f"{v:+.0f}",
                            neutral_note="little change")
    labels = [e.label for e in result.legend]
    assert labels[result.steps.index(0)] == "-10 – +10 (little change)"
    assert sum("little change" in label for label in labels) == 1


@pytest.mark.parametrize(
    ("current", "previous"), [(5, 0), (5, -10), (-20, -10), (20, -10), (5, np.nan), (np.nan, 5)]
)
def test_change_pct_from_a_zero_or_negative_base_is_no_comparison(current, previous):
    assert math.isnan(change_pct(current, previous))


def test_change_pct_of_an_amount_stays_above_minus_100():
    assert change_pct(15, 10) == pytest.approx(50.0)
    assert change_pct(5, 10) == pytest.approx(-50.0)
    assert change_pct(0, 10) == pytest.approx(-100.0)


def _luminance(color: str) -> float:
    """WCAG 2 relative luminance, computed here so the test does not trust the code under test."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def _contrast(first: str, second: str) -> float:
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _over(color: str, background: str, opacity: float) -> str:
    def channel(hex_color: str, i: int) -> int:
        return int(hex_color[i : i + 2], 16)

    mixed = (round(opacity * channel(color, i) + (1 - opacity) * channel(background, i))
             for i in (1, 3, 5))
    return "#" + "".join(f"{c:02x}" for c in mixed)


@pytest.mark.parametrize("high_contrast", [False, True])
def test_every_change_colour_shows_against_the_map_background(high_contrast):
    style = map_style(high_contrast)
    classes = change_classes(values([-100, -30, -12, 0, 12, 30, 60, 200]))
    colors = palette_for(classes, high_contrast=high_contrast)
    neutral = colors[classes.steps.index(0)]
    assert neutral == NEUTRAL_COLOR
    for color in colors:
        # as drawn: the fill at the map's opacity over the map's background
        shown = _over(color, style.background, style.fill_opacity)
        assert _contrast(shown, style.background) >= 1.5, color
    assert _contrast(NEUTRAL_COLOR, "#f7f7f7") > 1.5  # not ColorBrewer's near-white middle
    assert len(set(colors)) == len(colors)


def test_change_colours_are_fixed_by_size_red_for_rises_blue_for_falls():
    small = palette_for(change_classes(values([-12, 0, 12])))
    wide = palette_for(change_classes(values([-80, -12, 0, 12, 80])))
    assert small == wide[2:5]  # +12 % has the same colour whatever else is on the map
    assert wide[-1] == CHANGE_COLORS["RdBu"][3] == "#b2182b"
    assert wide[0] == CHANGE_COLORS["RdBu"][-3] == "#2166ac"
    lightness = [_luminance(c) for c in wide[3:]]
    assert lightness == sorted(lightness, reverse=True)  # larger rises are darker


def test_palette_matches_the_classes():
    seq = classify(values(range(20)), k=5)
    assert palette_for(seq) == PALETTES["YlOrRd"].colors(5)
    assert palette_for(seq, high_contrast=True) == PALETTES["viridis"].colors(5)
    with pytest.raises(ValueError, match="'RdBu' is diverging but the classes are sequential"):
        palette_for(seq, name="RdBu")
    change = change_classes(values([-30, 0, 30]))
    assert palette_for(change, high_contrast=True) == [
        CHANGE_COLORS["PuOr"][step] for step in change.steps
    ]
    with pytest.raises(ValueError, match="'YlOrRd' is sequential but the classes are diverging"):
        palette_for(change, name="YlOrRd")


def test_unknown_palette_lists_the_valid_ones():
    with pytest.raises(ValueError, match=r"Invalid palette: 'rainbow'. Palette must be in the set"):
        get_palette("rainbow")


def test_risk_colors_darken_with_the_level():
    colors = risk_colors(["low", "medium", "high"])
    assert list(colors) == ["low", "medium", "high"]
    lightness = [sum(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in colors.values()]
    assert lightness == sorted(lightness, reverse=True)
