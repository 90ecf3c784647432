"""The active filters as chips under every page's title, and the notes of what they skip.

A filter set in the link shows as a chip with its name and value; the chip's ✕ clears it in
the URL; the map says when its indicator ignores a filter, and so does a KPI card.
"""
# Fixtures come from a shared module; pytest passes them by name.
# ruff: noqa: F811

from __future__ import annotations

import pytest

from tests.app_pages import DEMO_END, DEMO_START, demo_db, no_exception, open_app  # noqa: F401
from utils import i18n
from utils.screens import filters_screen
from utils.ui.components import escape_markdown

PERIOD = {"start": DEMO_START, "end": DEMO_END}
INDUSTRY = "B"
CHIP = f"filter_chip_industries_{INDUSTRY}"
#: Each page and what it needs in the link to show its content.
PAGES = {
    "pages/map.py": {},
    "pages/trends.py": {},
    "pages/hotspots.py": {},
    "pages/region.py": {"region": "KZ-75"},
    "pages/enterprise.py": {},
    "pages/briefing.py": {},
}


def _chip_text(lang: str) -> str:
    return escape_markdown(
        f"{i18n.t('filters.name.industries', lang)}: "
        f"{i18n.oked_label(INDUSTRY, lang, with_letter=True)}"
    )


def _captions(at) -> list[str]:
    return [caption.value for caption in at.caption]


def _note(indicator: str, lang: str = "ru") -> str:
    (note,) = filters_screen.ignored_notes(indicator, {"industries": [INDUSTRY]}, lang)
    return escape_markdown(note)


@pytest.mark.parametrize("page", PAGES)
def test_an_industry_in_the_link_shows_as_a_chip_that_clears_it(open_app, demo_db, page):
    params = {**PERIOD, **PAGES[page], "industries": INDUSTRY}
    at = open_app(demo_db.url, params, page=page)
    no_exception(at)
    assert at.button(key=CHIP).label == _chip_text("ru")
    assert at.button(key="filter_chips_reset").label == i18n.t("filters.reset_all", "ru")
    at.button(key=CHIP).click().run()
    no_exception(at)
    assert "industries" not in at.query_params
    assert CHIP not in [button.key for button in at.button]
    for name, value in PAGES[page].items():
        assert at.query_params[name] == value


def test_chips_speak_kazakh_and_a_page_without_filters_has_none(open_app, demo_db):
    at = open_app(demo_db.url, {**PERIOD, "lang": "kk", "industries": INDUSTRY})
    no_exception(at)
    assert at.button(key=CHIP).label == _chip_text("kk")
    assert _note("appeals", "kk") in _captions(at)
    at = open_app(demo_db.url, PERIOD)
    no_exception(at)
    assert not [button for button in at.button if button.key.startswith("filter_chip")]


def test_clear_all_drops_every_filter_and_keeps_the_rest(open_app, demo_db):
    params = {**PERIOD, "indicator": "people", "categories": "wage_arrears,dismissal",
              "industries": INDUSTRY}
    at = open_app(demo_db.url, params)
    no_exception(at)
    chips = [button.key for button in at.button if button.key.startswith("filter_chip_")]
    assert chips == ["filter_chip_categories_wage_arrears", "filter_chip_categories_dismissal",
                     CHIP]
    at.button(key="filter_chip_categories_dismissal").click().run()
    assert at.query_params["categories"] == "wage_arrears"
    assert at.query_params["industries"] == INDUSTRY
    at.button(key="filter_chips_reset").click().run()
    no_exception(at)
    assert "categories" not in at.query_params and "industries" not in at.query_params
    assert at.query_params["indicator"] == "people"


def _card_captions(at, key: str) -> list[str]:
    """Return the captions in the column of the KPI card ``key`` (the innermost column that
    holds it: the row of cards sits in a column of its own).
    """  # noqa: D205
    label = i18n.kpi_label(key, "ru")
    holding = [column for column in at.columns
               if any(metric.label == label for metric in column.metric)]
    if not holding:
        raise AssertionError(f"no KPI card {label!r}")
    card = min(holding, key=lambda column: len(column.metric))
    return [caption.value for caption in card.caption]


def test_the_map_says_its_indicator_ignores_the_industry_filter(open_app, demo_db):
    at = open_app(demo_db.url, {**PERIOD, "industries": INDUSTRY})
    no_exception(at)
    assert _note("appeals") in _captions(at)
    skipped = escape_markdown(i18n.t("filters.not_applied.industries", "ru"))
    assert _card_captions(at, "appeals") == [skipped]
    assert _card_captions(at, "incidents") == [skipped]
    assert _card_captions(at, "arrears_outstanding_kzt") == []


def test_the_map_of_an_indicator_the_filter_narrows_has_no_such_note(open_app, demo_db):
    params = {**PERIOD, "indicator": "arrears_outstanding_kzt", "industries": INDUSTRY}
    at = open_app(demo_db.url, params)
    no_exception(at)
    sentences = {escape_markdown(i18n.t(f"filters.ignored.industries.{source}", "ru"))
                 for source in ("appeals", "layoffs", "incidents", "official")}
    assert sentences.isdisjoint(_captions(at))
    assert _card_captions(at, "arrears_outstanding_kzt") == []
    assert at.button(key=CHIP).label == _chip_text("ru")


def test_a_region_card_the_filter_skips_says_so_under_its_rank(open_app, demo_db):
    params = {**PERIOD, "region": "KZ-75", "industries": INDUSTRY}
    at = open_app(demo_db.url, params, page="pages/region.py")
    no_exception(at)
    skipped = i18n.t("filters.not_applied.industries", "ru")
    assert _card_captions(at, "appeals")[-1].endswith(f" · {skipped}")
    assert skipped not in " ".join(_card_captions(at, "arrears_outstanding_kzt"))


def test_the_hotspots_note_sits_under_the_chips(open_app, demo_db):
    at = open_app(demo_db.url, {**PERIOD, "industries": INDUSTRY}, page="pages/hotspots.py")
    no_exception(at)
    assert escape_markdown(i18n.t("hotspots.filters_ignored", "ru")) in _captions(at)
    at = open_app(demo_db.url, PERIOD, page="pages/hotspots.py")
    assert escape_markdown(i18n.t("hotspots.filters_ignored", "ru")) not in _captions(at)


def _chips_of_an_uploaded_value() -> None:
    from utils.screens import ViewState
    from utils.ui import filter_chips

    filter_chips.render(ViewState(categories=("*[x](http://e.kz)* <b>",)), ["<i>note</i>"])


def test_a_value_from_uploaded_data_is_shown_literally():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_chips_of_an_uploaded_value, default_timeout=60)
    at.run()
    no_exception(at)
    text = f"{i18n.t('filters.name.categories', 'ru')}: *[x](http://e.kz)* <b>"
    (chip,) = [button for button in at.button if button.key.startswith("filter_chip_cat")]
    assert chip.label == escape_markdown(text)
    assert at.caption[0].value == escape_markdown("<i>note</i>")
