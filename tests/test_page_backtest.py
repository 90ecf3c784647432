"""«Насколько оправдались предупреждения» on the hotspots page, through Streamlit's AppTest."""
# Fixtures come from a shared module; pytest passes them by name.
# ruff: noqa: F811

from __future__ import annotations

import pytest

from tests.app_pages import (  # noqa: F401
    DEMO_END,
    demo_db,
    open_page,
)
from utils import early_warning, i18n, store
from utils.demo import planted_stories
from utils.screens import backtest_screen

STORY = next(s for s in planted_stories(DEMO_END) if s["key"] == "enterprise_stoppage")


@pytest.fixture(scope="module")
def expected(demo_db) -> early_warning.Backtest:
    """The backtest of the last 12 months computed here, outside the app."""
    engine = store.get_engine(demo_db.url)
    try:
        return early_warning.warning_backtest(
            engine, first="2024-07", last=DEMO_END, config=early_warning.config_from_settings())
    finally:
        engine.dispose()


def texts(at) -> str:
    return "\n".join(str(m.value) for m in at.markdown).replace("\\", "")


def missed(at, lang: str):
    """Return the table of missed conflicts: the one with the column of last month's rank."""
    header = i18n.t("hotspots.record.col.rank_before", lang)
    found = [d.value for d in at.dataframe if header in d.value.columns]
    assert len(found) == 1, [list(d.value.columns) for d in at.dataframe]
    return found[0]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_section_says_in_words_how_many_conflicts_the_list_foresaw(monkeypatch, demo_db,
                                                                       expected, lang):
    at = open_page(monkeypatch, demo_db.url, "pages/hotspots.py", timeout=300, lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert i18n.t("hotspots.record.title", lang) in [s.value for s in at.subheader]
    lines = backtest_screen.record_lines(expected, lang)
    firms = expected.enterprises.warning
    assert firms.conflicts > 0 and firms.hits > 0
    words = {
        "ru": f"трудовых конфликтов на предприятиях — {firms.conflicts}. Из них {firms.hits} (",
        "en": f"labor conflicts at enterprises — {firms.conflicts}. Of them, {firms.hits} (",
    }
    assert words[lang] in lines[0]
    shown = texts(at)
    for line in lines:
        assert line in shown
    table = missed(at, lang)
    assert list(table[i18n.t("common.bin", lang)]) == list(
        backtest_screen.missed_table(expected, lang)[i18n.t("common.bin", lang)])
    assert len(table) == len(expected.enterprises.missed)
    assert STORY["bin"] not in set(table[i18n.t("common.bin", lang)])


def test_the_planted_stoppage_is_a_foreseen_conflict(expected):
    foreseen = {(c.unit, c.month) for c in expected.enterprises.foreseen}
    assert (STORY["bin"], STORY["event_month"]) in foreseen


def test_presentation_mode_keeps_the_words_and_drops_the_table(monkeypatch, demo_db, expected):
    at = open_page(monkeypatch, demo_db.url, "pages/hotspots.py", timeout=300, lang="en",
                   present="1")
    assert not at.exception, [e.value for e in at.exception]
    assert backtest_screen.record_lines(expected, "en")[0] in texts(at)
    assert not at.dataframe
