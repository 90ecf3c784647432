"""The hotspots screen through Streamlit's AppTest, checked against the early-warning report."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.app_pages import fresh_caches, open_page, run  # noqa: F401
from utils import demo, early_warning, formatting, i18n, store
from utils.demo import planted_stories
from utils.early_warning import LEVELS
from utils.ui import data

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
END = "2026-10"
STORY = next(s for s in planted_stories(END) if s["key"] == "enterprise_stoppage")


# --- databases -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The synthetic data set at the scale where its planted stories are detectable."""
    url = f"sqlite:///{tmp_path_factory.mktemp('hotspots_demo') / 'ltm.db'}"
    engine = store.get_engine(url)
    store.init_db(engine)
    demo.load_demo(engine, scale=0.3, end_month=END)
    engine.dispose()
    return url


@pytest.fixture
def empty_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    engine = store.get_engine(url)
    store.init_db(engine)
    engine.dispose()
    return url


def expected_report(url: str, as_of: str | None) -> early_warning.EarlyWarningReport:
    """The report computed here, outside the app, with the settings in force."""
    engine = store.get_engine(url)
    try:
        return early_warning.hotspots_report(
            engine, as_of, config=early_warning.config_from_settings(),
        )
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def latest_report(demo_url) -> early_warning.EarlyWarningReport:
    return expected_report(demo_url, None)


# --- driving the app -------------------------------------------------------------------------


def open_hotspots(monkeypatch: pytest.MonkeyPatch, url: str, **params: str) -> AppTest:
    """Start the app on ``url`` and open the hotspots page with ``params`` in the URL."""
    return open_page(monkeypatch, url, "pages/hotspots.py", timeout=300, **params)


def table(at: AppTest, key: str):
    found = [d.value for d in at.dataframe if d.key == key]
    assert len(found) == 1, [d.key for d in at.dataframe]
    return found[0]


def texts(at: AppTest) -> str:
    """Return the page's Markdown as it reads (escapes of uploaded text taken out)."""
    return "\n".join(str(m.value) for m in at.markdown).replace("\\", "")


# --- the screen on the demo data -------------------------------------------------------------


def test_top_region_and_enterprise_are_the_reports_first(monkeypatch, demo_url, latest_report):
    at = open_hotspots(monkeypatch, demo_url, lang="en")
    regions = table(at, "hotspots_regions")
    first = latest_report.regions[0]
    assert regions.iloc[0][i18n.t("common.region", "en")] == i18n.region_label(first.code, "en")
    assert regions.iloc[0][i18n.t("hotspots.col.code", "en")] == first.code
    assert list(regions[i18n.t("hotspots.col.code", "en")]) == [
        r.code for r in latest_report.regions]
    watchlist = table(at, "hotspots_watchlist")
    assert watchlist.iloc[0][i18n.t("common.bin", "en")] == latest_report.enterprises[0].bin
    assert len(watchlist) == len(latest_report.enterprises)
    # The rising regions are called out in words, the first of them first.
    rising = [r for r in latest_report.regions if r.rising]
    assert rising, "the demo data set plants rising regions"
    heading = f"**{rising[0].rank}. {i18n.region_label(rising[0].code, 'en')}**"
    assert heading in texts(at)
    # its verdict leads, then the tension index; the reason is the verdict's, in words
    verdict = i18n.level_label(rising[0].level, "en")
    assert f"{heading} — {verdict} · " in texts(at)
    reason = formatting.render_message(rising[0].verdict_messages[0], "en")
    assert reason[:1].upper() + reason[1:] in texts(at)
    assert f"**1. {latest_report.enterprises[0].name}**" in texts(at)
    summary = {m.label: m.value for m in at.metric}
    assert summary[i18n.t("hotspots.kpi.regions_rising", "en")] == str(len(rising))


def test_report_month_defaults_to_the_last_month_of_data(monkeypatch, demo_url):
    at = open_hotspots(monkeypatch, demo_url, lang="en")
    intro = i18n.t("hotspots.intro", "en", month=formatting.format_month(END, "en", "long"))
    assert intro in texts(at)
    picker = at.selectbox(key=f"hotspots_as_of_{END}")
    assert picker.value == END


def test_report_month_from_the_link_uses_data_up_to_it(monkeypatch, demo_url):
    """With the period ending the month before the stoppage, that enterprise leads the list."""
    as_of = STORY["as_of_before_event"]
    at = open_hotspots(monkeypatch, demo_url, lang="en", start="2025-09", end=as_of)
    expected = expected_report(demo_url, as_of)
    watchlist = table(at, "hotspots_watchlist")
    bins = list(watchlist[i18n.t("common.bin", "en")])
    assert bins == [e.bin for e in expected.enterprises]
    assert STORY["bin"] in bins[:3]


def test_choosing_a_report_month_writes_the_period_end_to_the_url(monkeypatch, demo_url):
    at = open_hotspots(monkeypatch, demo_url, lang="en")
    as_of = STORY["as_of_before_event"]
    at.selectbox(key=f"hotspots_as_of_{END}").set_value(as_of)
    run(at)
    assert at.query_params["end"] == as_of
    assert at.selectbox(key=f"hotspots_as_of_{as_of}").value == as_of


def test_language_switch_shows_translated_level_names(monkeypatch, demo_url, latest_report):
    shown = {}
    for lang in ("kk", "ru"):
        at = open_hotspots(monkeypatch, demo_url, lang=lang)
        regions = table(at, "hotspots_regions")
        shown[lang] = list(regions[i18n.t("hotspots.level", lang)])
        labels = {i18n.level_label(level, lang) for level in LEVELS}
        assert set(shown[lang]) <= labels
        first = latest_report.regions[0]
        assert shown[lang][0] == i18n.level_label(first.level, lang)
        assert i18n.t("hotspots.watchlist", lang) in [s.value for s in at.subheader]
    assert shown["kk"] != shown["ru"]


def test_presentation_mode_shows_only_the_essentials(monkeypatch, demo_url, latest_report):
    at = open_hotspots(monkeypatch, demo_url, lang="en", present="1")
    assert not at.dataframe
    assert not at.get("download_button")
    assert not at.expander
    top = latest_report.enterprises[0]
    assert f"**1. {top.name}**" in texts(at)


# --- risk levels for the map's enterprise points --------------------------------------------


def test_enterprise_risk_levels_agree_with_the_watchlist(monkeypatch, demo_url, latest_report):
    monkeypatch.setenv("DATABASE_URL", demo_url)
    risk = data.enterprise_risk_levels(data.version(), END)
    assert list(risk.columns) == ["bin", "risk_level"]
    assert risk["bin"].is_unique
    assert set(risk["risk_level"]) <= {"high", "elevated", "watch", "low"}
    levels = risk.set_index("bin")["risk_level"]
    for firm in latest_report.enterprises:
        assert levels[firm.bin] == firm.risk_level, firm.bin
    assert len(levels) > len(latest_report.enterprises) and (levels == "low").any()
    after_the_data = data.enterprise_risk_levels(data.version(), "2027-03")
    pd.testing.assert_frame_equal(after_the_data, risk)


def test_enterprise_risk_levels_of_an_empty_database(monkeypatch, empty_url):
    monkeypatch.setenv("DATABASE_URL", empty_url)
    risk = data.enterprise_risk_levels(data.version(), END)
    assert risk.empty and list(risk.columns) == ["bin", "risk_level"]


# --- no data -----------------------------------------------------------------------------------


def test_empty_database_says_so_in_a_sentence(monkeypatch, empty_url):
    at = open_hotspots(monkeypatch, empty_url, lang="en")
    assert i18n.t("empty.database", "en") in [i.value for i in at.info]
    assert not at.dataframe
