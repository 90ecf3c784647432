import pytest

from utils.months import month_range
from utils.screens import ViewState, default_period, from_query


def test_default_view_has_an_empty_query():
    assert ViewState().to_query() == {}


def test_a_full_view_round_trips_through_the_query_string():
    view = ViewState(
        lang="kk",
        indicator="workers_owed",
        normalisation="per_1k_employed",
        mode="change",
        scheme="natural_breaks",
        start="2025-01",
        end="2025-12",
        categories=("wage_arrears", "dismissal"),
        industries=("C",),
        region="KZ-75",
        enterprise="040340008429",
        present=True,
        step=2,
        enterprises=True,
    )
    query = view.to_query()
    assert query["categories"] == "wage_arrears,dismissal"
    assert query["present"] == "1"
    assert query["ent"] == "1" and "enterprises" not in query
    assert from_query(query) == view


def test_enterprise_layer_is_off_by_default_and_left_out_of_the_url_when_off():
    assert ViewState().enterprises is False
    assert ViewState(enterprises=False, start="2025-01").to_query() == {"start": "2025-01"}
    assert from_query({"ent": "1"}).enterprises is True
    assert from_query({"enterprises": "1"}).enterprises is False


@pytest.mark.parametrize(
    ("params", "field", "expected"),
    [
        ({"lang": "de"}, "lang", "ru"),
        ({"normalisation": "per_capita"}, "normalisation", "absolute"),
        ({"start": "2025-13"}, "start", None),
        ({"region": "KZ-7"}, "region", None),
        ({"enterprise": "12345"}, "enterprise", None),
        ({"step": "-3"}, "step", 0),
        ({"step": "two"}, "step", 0),
        ({"present": "yes"}, "present", False),
        ({"ent": "true"}, "enterprises", False),
    ],
)
def test_malformed_values_fall_back_to_defaults(params, field, expected):
    assert getattr(from_query(params), field) == expected


def test_unknown_keys_are_dropped_when_the_valid_ones_are_given():
    view = from_query(
        {"indicator": "gdp", "categories": "safety,bogus,safety"},
        indicators={"appeals", "layoffs"},
        categories={"safety", "other"},
    )
    assert view.indicator == "appeals"
    assert view.categories == ("safety",)


def test_reversed_period_is_put_in_order():
    view = from_query({"start": "2025-06", "end": "2025-01"})
    assert (view.start, view.end) == ("2025-01", "2025-06")


def test_month_range_crosses_years():
    assert month_range("2024-11", "2025-02") == ["2024-11", "2024-12", "2025-01", "2025-02"]


def test_default_period_is_the_last_twelve_months():
    assert default_period("2023-01", "2025-10") == ("2024-11", "2025-10")
    assert default_period("2025-09", "2025-10") == ("2025-09", "2025-10")
    assert default_period(None, None) is None
