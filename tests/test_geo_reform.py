"""Rows dated before the 2022 reform are placed in the regions as they stand now."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import geo

BEFORE, AFTER = "2021-05-10", "2022-07-01"


def _place(rows, columns=("date", "region", "district", "settlement")):
    frame = pd.DataFrame(rows, columns=list(columns))
    frame["date"] = pd.to_datetime(frame["date"])
    return geo.place_pre_reform(frame, "date")


@pytest.mark.parametrize(
    ("region", "district", "settlement", "expected"),
    [
        # same-name districts: looked up only among the parent's own former districts
        ("KZ-63", "Абайский район", None, "KZ-10"),
        ("KZ-35", "Абайский район", None, "KZ-35"),
        ("KZ-79", "Абайский район", None, "KZ-79"),  # Shymkent is not a split region
        ("KZ-63", "Абай ауданы", None, "KZ-10"),
        ("KZ-63", "Abai District", None, "KZ-10"),
        ("KZ-63", "Урджарский р-н", None, "KZ-10"),
        ("KZ-63", "Глубоковский район", None, "KZ-63"),
        ("KZ-19", "Ескельдинский район", None, "KZ-33"),
        ("KZ-19", "Панфиловский район", None, "KZ-33"),
        ("KZ-19", "Талгарский район", None, "KZ-19"),
        ("KZ-35", "Жанааркинский район", None, "KZ-62"),
        ("KZ-35", "Улытауский район", None, "KZ-62"),
        ("KZ-35", "Осакаровский район", None, "KZ-35"),
        # settlements (cities, district centres, gazetteer places)
        ("KZ-63", None, "г. Семей", "KZ-10"),
        ("KZ-63", None, "Семипалатинск", "KZ-10"),
        ("KZ-63", None, "Аягоз", "KZ-10"),
        ("KZ-63", None, "Риддер", "KZ-63"),
        ("KZ-19", None, "г. Талдыкорган", "KZ-33"),
        ("KZ-19", None, "Жаркент", "KZ-33"),
        ("KZ-19", None, "Есик", "KZ-19"),
        ("KZ-35", None, "Сатпаев", "KZ-62"),
        ("KZ-35", None, "Жезказган", "KZ-62"),
        ("KZ-35", None, "Темиртау", "KZ-35"),
        # a split district: the settlement decides
        ("KZ-63", "Тарбагатайский район", "с. Аксуат", "KZ-10"),
        ("KZ-63", "Тарбагатайский район", None, "KZ-63"),
        # nothing to go on: the legal successor
        ("KZ-63", None, None, "KZ-63"),
        ("KZ-19", "Неизвестный район", None, "KZ-19"),
        # a region that was not split is never touched
        ("KZ-55", "Абайский район", "Семей", "KZ-55"),
    ],
)
def test_row_before_the_reform_is_placed(region, district, settlement, expected):
    placed, _ = _place([(BEFORE, region, district, settlement)])
    assert placed.loc[0, "region"] == expected


def test_rows_after_the_reform_or_without_date_are_left_alone():
    placed, warnings = _place(
        [
            (AFTER, "KZ-63", "Абайский район", None),
            (None, "KZ-63", "Абайский район", None),
            ("2022-06-08", "KZ-35", "Жанааркинский район", None),
        ]
    )
    assert placed["region"].tolist() == ["KZ-63", "KZ-63", "KZ-35"]
    assert warnings == []


def test_warnings_say_how_many_and_what():
    placed, warnings = _place(
        [
            (BEFORE, "KZ-63", "Абайский район", None),
            (BEFORE, "KZ-63", "Бескарагайский район", None),
            (BEFORE, "KZ-63", None, None),
            (BEFORE, "KZ-63", "Тарбагатайский район", None),
            (BEFORE, "KZ-19", "Несуществующий район", None),
        ]
    )
    assert placed["region"].tolist() == ["KZ-10", "KZ-10", "KZ-63", "KZ-63", "KZ-19"]
    assert [str(warning) for warning in warnings] == [
        "2 row(s) dated before 2022-06-08 in East Kazakhstan Region were moved to Abai Region "
        "by their district or settlement.",
        "1 row(s) dated before 2022-06-08 in East Kazakhstan Region give no district or "
        "settlement; they stay in East Kazakhstan Region, the legal successor, although Abai "
        "Region was formed from part of it on 2022-06-08.",
        "1 row(s) dated before 2022-06-08 in East Kazakhstan Region name 'Тарбагатайский "
        "район', which was split between East Kazakhstan Region and Abai Region in 2022; they "
        "are placed where the district is now (East Kazakhstan Region); give the settlement to "
        "place them exactly.",
        "1 row(s) dated before 2022-06-08 in Almaty Region name a district or settlement not "
        "found (or not unique) among its former territories ('Несуществующий район'); they "
        "stay in Almaty Region.",
    ]
    day = dt.date(2022, 6, 8)
    assert [(w.key, w.params) for w in warnings] == [
        ("ingest.warning.reform_moved",
         {"count": 2, "day": day, "from_region": "KZ-63", "to_region": "KZ-10"}),
        ("ingest.warning.reform_stayed",
         {"count": 1, "day": day, "from_region": "KZ-63", "new_region": "KZ-10"}),
        ("ingest.warning.reform_split_district",
         {"count": 1, "day": day, "from_region": "KZ-63", "place": "Тарбагатайский район",
          "new_region": "KZ-10", "to_region": "KZ-63"}),
        ("ingest.warning.reform_unknown_place",
         {"count": 1, "day": day, "from_region": "KZ-19", "places": ("Несуществующий район",)}),
    ]


def test_unknown_places_are_listed_ten_at_most():
    rows = [(BEFORE, "KZ-35", f"Район {n:02d}", None) for n in range(12)]
    _, (warning,) = _place(rows)
    assert warning.params["count"] == 12
    assert warning.params["places"] == tuple(f"Район {n:02d}" for n in range(10))
    assert str(warning).count("'Район") == 10


def test_frame_without_district_or_settlement_stays_in_the_successor():
    placed, warnings = _place([(BEFORE, "KZ-35")], columns=("date", "region"))
    assert placed.loc[0, "region"] == "KZ-35"
    assert len(warnings) == 1 and "legal successor" in str(warnings[0])


def test_input_frame_is_not_modified_and_missing_column_is_named():
    frame = pd.DataFrame({"date": [BEFORE], "region": ["KZ-63"], "district": ["Абайский район"]})
    placed, _ = geo.place_pre_reform(frame, "date")
    assert frame.loc[0, "region"] == "KZ-63" and placed.loc[0, "region"] == "KZ-10"
    with pytest.raises(KeyError, match="'report_date' not in frame"):
        geo.place_pre_reform(frame, "report_date")
