"""The frame of the app under AppTest: URL state, language, presentation mode, empty data."""
# Fixtures come from a shared module; pytest passes them by name.
# ruff: noqa: F811

from __future__ import annotations

from tests.app_pages import (  # noqa: F401
    demo_db,
    empty_db,
    map_title,
    no_exception,
    open_app,
    plain,
    stored_value,
)
from utils import formatting, i18n

VIEW = {
    "lang": "en",
    "indicator": "people",
    "normalisation": "per_1k_employed",
    "mode": "change",
    "scheme": "natural_breaks",
    "start": "2024-10",
    "end": "2025-03",
    "categories": "dismissal,wage_arrears",
}


def test_a_link_reopens_the_same_view(open_app, demo_db):
    at = open_app(demo_db.url, VIEW)
    no_exception(at)
    assert at.selectbox(key="sidebar_lang").value == "en"
    assert at.selectbox(key="sidebar_indicator").value == "people"
    assert at.radio(key="sidebar_normalisation").value == "per_1k_employed"
    assert at.select_slider(key="sidebar_period").value == ("2024-10", "2025-03")
    assert sorted(at.multiselect(key="sidebar_categories").value) == ["dismissal", "wage_arrears"]
    assert at.button_group(key="map_mode").value == "change"
    assert at.selectbox(key="map_scheme").value == "natural_breaks"
    # a change map: its title names the unit and both periods
    assert map_title(at) == (
        f"{i18n.indicator_label('people', 'en')}, per 1,000 employed: change in "
        f"{formatting.format_period('2024-10', '2025-03', 'en')} vs "
        f"{formatting.format_period('2024-04', '2024-09', 'en')}"
    )
    assert dict(at.query_params) == VIEW


def test_moving_the_period_slider_writes_the_url_and_changes_the_totals(open_app, demo_db):
    at = open_app(demo_db.url)
    at.select_slider(key="sidebar_period").set_range("2025-01", "2025-03").run()
    no_exception(at)
    assert (at.query_params["start"], at.query_params["end"]) == ("2025-01", "2025-03")
    count = stored_value(
        demo_db,
        "SELECT count(*) FROM appeals WHERE strftime('%Y-%m', date) BETWEEN ? AND ?",
        "2025-01",
        "2025-03",
    )
    label = i18n.kpi_label("appeals", "ru")
    assert [plain(m.value) for m in at.metric if m.label == label] == [
        plain(formatting.format_number(count, "ru"))
    ]


def test_switching_the_language_translates_the_page_and_the_url(open_app, demo_db):
    at = open_app(demo_db.url, {"mode": "value"})
    at.selectbox(key="sidebar_lang").set_value("kk").run()
    no_exception(at)
    assert at.query_params["lang"] == "kk"
    assert map_title(at).startswith(i18n.indicator_label("appeals", "kk"))
    labels = {m.label for m in at.metric}
    assert i18n.kpi_label("appeals", "kk") in labels
    assert i18n.kpi_label("appeals", "ru") not in labels


def test_presentation_mode_hides_the_sidebar(open_app, demo_db):
    at = open_app(demo_db.url, {"present": "1"})
    no_exception(at)
    assert len(at.sidebar.selectbox) == 0 and len(at.sidebar.radio) == 0
    styles = " ".join(h.proto.body for h in at.get("html"))
    assert '[data-testid="stSidebar"]' in styles and "display: none" in styles


def test_synthetic_data_is_labelled(open_app, demo_db):
    at = open_app(demo_db.url)
    assert i18n.t("common.synthetic_banner", "ru") in [w.value for w in at.warning]


def test_an_empty_database_shows_sentences_not_exceptions(open_app, empty_db):
    at = open_app(empty_db.url, {"lang": "en"})
    no_exception(at)
    assert i18n.t("empty.database", "en") in [i.value for i in at.info]
    assert not at.warning  # no synthetic-data banner without data
    assert at.selectbox(key="sidebar_indicator").value == "appeals"
