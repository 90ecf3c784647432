"""The briefing page through Streamlit's AppTest: exports, the copy link, presentation mode."""

from __future__ import annotations

import types
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from streamlit.runtime.scriptrunner import script_runner
from streamlit.testing.v1 import AppTest

from tests.app_pages import fresh_caches, open_page, run  # noqa: F401
from utils import demo, formatting, i18n, store
from utils.briefing import PRESENTATION_STEPS
from utils.screens import ViewState, from_query
from utils.ui import sidebar
from utils.ui.components import escape_markdown
from utils.ui.share import view_url

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGE = "pages/briefing.py"
STEPS = list(PRESENTATION_STEPS)
START, END = "2025-11", "2026-10"


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A small synthetic data set in its own SQLite file (the shared demo file is left alone)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('briefing_page') / 'ltm.db'}"
    engine = store.get_engine(url)
    store.init_db(engine)
    demo.load_demo(engine, scale=0.05, end_month="2026-10")
    engine.dispose()
    return url


def open_briefing(monkeypatch: pytest.MonkeyPatch, url: str, **params: str) -> AppTest:
    """Start the app on ``url`` and open the briefing page with ``params`` in the URL."""
    return open_page(monkeypatch, url, PAGE, timeout=180, **params)


@pytest.fixture(autouse=True)
def frame_runs_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run ``app.py`` (the frame) on every run, as the server does.

    AppTest resets Streamlit's "pages directory" flag before each run, so with a ``pages/``
    folder it runs the legacy multipage wrapper, which after ``switch_page`` executes the page
    file alone and skips the frame (sidebar, presentation style, banner). The server runs
    that wrapper only on its very first run: the frame's ``st.navigation`` turns it off.
    """

    def run_frame(main_script_path: str) -> None:
        module = types.ModuleType("__main__")
        module.__file__ = main_script_path
        code = compile(Path(main_script_path).read_text(encoding="utf-8"), main_script_path,
                       "exec")
        exec(code, module.__dict__)  # noqa: S102

    monkeypatch.setattr(script_runner, "_mpa_v1", run_frame)


@pytest.fixture(autouse=True)
def sidebar_runs(monkeypatch: pytest.MonkeyPatch) -> list[ViewState]:
    """Record each time the frame draws the shared sidebar."""
    calls: list[ViewState] = []
    draw = sidebar.render

    def spy(view: ViewState) -> None:
        calls.append(view)
        draw(view)

    monkeypatch.setattr(sidebar, "render", spy)
    return calls


def last_run(at: AppTest, runs: list[ViewState]) -> list[ViewState]:
    """Run ``at`` once more and return the sidebar draws of that run only."""
    runs.clear()
    run(at)
    return list(runs)


def step_header(step: int, lang: str) -> str:
    counter = i18n.t("briefing.step_counter", lang, step=step + 1, total=len(STEPS))
    return f"{counter} · {i18n.t(PRESENTATION_STEPS[STEPS[step]], lang)}"


def query(at: AppTest) -> dict[str, str]:
    return {key: at.query_params[key][0] for key in at.query_params}


@pytest.mark.parametrize("lang", ("ru", "kk", "en"))
def test_page_offers_the_exports_in_the_chosen_language(monkeypatch, demo_url, sidebar_runs,
                                                        lang):
    at = open_briefing(monkeypatch, demo_url, lang=lang)
    assert [t.value for t in at.title] == [i18n.t("briefing.title", lang)]
    assert last_run(at, sidebar_runs)  # the shared sidebar is drawn outside presentation
    assert [w.value for w in at.warning] == [i18n.t("common.synthetic_banner", lang)]
    labels = [b.proto.label for b in at.get("download_button")]
    for key in ("briefing.export_pptx", "briefing.export_pdf", "common.download_png",
                "common.download_svg", "common.download_csv", "common.download_xlsx"):
        assert i18n.t(key, lang) in labels, key
    assert f"{i18n.t('briefing.export_map', lang)} (HTML)" in labels
    # The presentation title states indicator, period and source (synthetic demo data).
    expected = i18n.t("briefing.presentation_title", lang,
                      indicator=i18n.indicator_label("appeals", lang),
                      period=formatting.format_period(START, END, lang),
                      source=i18n.t("briefing.source_demo_short", lang))
    assert f"**{escape_markdown(expected)}**" in [m.value for m in at.markdown]


def test_copy_link_holds_the_whole_view(monkeypatch, demo_url):
    params = {"lang": "kk", "indicator": "workers_owed", "normalisation": "per_100k",
              "start": "2026-01", "end": "2026-06", "categories": "dismissal,wage_arrears",
              "industries": "C", "region": "KZ-35", "enterprise": "150340012142"}
    at = open_briefing(monkeypatch, demo_url, **params)
    (link,) = [code.value for code in at.code]
    parts = urlsplit(link)
    assert parts.path == "/briefing"
    assert dict(parse_qsl(parts.query)) == params
    # Opening the link restores the same view, link included.
    again = open_briefing(monkeypatch, demo_url, **dict(parse_qsl(parts.query)))
    assert [code.value for code in again.code] == [link]


def test_start_presentation_hides_the_sidebar_and_shows_the_first_step(monkeypatch, demo_url,
                                                                       sidebar_runs):
    at = open_briefing(monkeypatch, demo_url, lang="en")
    at.button(key="briefing_start").click()
    assert last_run(at, sidebar_runs) == []
    assert query(at)["present"] == "1"
    assert "step" not in query(at)  # step 0 is the default, left out of the link
    assert last_run(at, sidebar_runs) == []
    assert [h.value for h in at.header] == [step_header(0, "en")]


@pytest.mark.parametrize("step", range(len(STEPS)))
def test_presentation_step_from_the_url(monkeypatch, demo_url, sidebar_runs, step):
    at = open_briefing(monkeypatch, demo_url, lang="kk", present="1", step=str(step))
    assert sidebar_runs == []
    assert [h.value for h in at.header] == [step_header(step, "kk")]
    assert [w.value for w in at.warning] == [i18n.t("common.synthetic_banner", "kk")]
    assert at.title[0].value.startswith(i18n.indicator_label("appeals", "kk"))
    assert at.button(key="briefing_previous").disabled == (step == 0)
    assert at.button(key="briefing_next").disabled == (step == len(STEPS) - 1)


def test_next_and_previous_change_the_step_in_the_url(monkeypatch, demo_url):
    at = open_briefing(monkeypatch, demo_url, present="1", step="1")
    at.button(key="briefing_next").click()
    run(at)
    assert query(at)["step"] == "2"
    assert [h.value for h in at.header] == [step_header(2, "ru")]
    at.button(key="briefing_previous").click()
    run(at)
    at.button(key="briefing_previous").click()
    run(at)
    assert "step" not in query(at)
    assert [h.value for h in at.header] == [step_header(0, "ru")]


def test_rising_step_lists_the_early_warning_regions(monkeypatch, demo_url):
    at = open_briefing(monkeypatch, demo_url, lang="en", present="1", step="1")
    names = set(i18n.region_labels("en").values())
    shown = [s.value.split(". ", 1)[1].rsplit(" — ", 1)[0] for s in at.subheader]
    assert shown and set(shown) <= names


def test_a_step_past_the_end_shows_the_last(monkeypatch, demo_url):
    at = open_briefing(monkeypatch, demo_url, present="1", step="9")
    assert [h.value for h in at.header] == [step_header(len(STEPS) - 1, "ru")]


def test_leaving_presentation_mode_brings_the_sidebar_back(monkeypatch, demo_url, sidebar_runs):
    at = open_briefing(monkeypatch, demo_url, present="1", step="2")
    assert sidebar_runs == []
    at.button(key="briefing_exit").click()
    assert [view.present for view in last_run(at, sidebar_runs)] == [False]
    assert "present" not in query(at) and "step" not in query(at)
    assert [t.value for t in at.title] == [i18n.t("briefing.title", "ru")]


def test_view_url_keeps_the_page_address_and_drops_an_old_query():
    view = from_query({"lang": "en", "present": "1", "step": "2", "start": "2026-01",
                       "end": "2026-06"})
    url = view_url(view, "https://ltm.example.kz:8443/briefing", "briefing")
    assert url == ("https://ltm.example.kz:8443/briefing?lang=en&start=2026-01&end=2026-06"
                   "&present=1&step=2")
    assert from_query(dict(parse_qsl(urlsplit(url).query))) == view
    assert view_url(ViewState(), None, "briefing") == "/briefing"


def test_an_uploaded_enterprise_name_on_the_watchlist_slide_is_literal(monkeypatch, demo_url,
                                                                       tmp_path):
    """The presentation's watchlist table makes no link, image or bold text of a name."""
    source = Path(demo_url.removeprefix("sqlite:///"))
    path = tmp_path / "evil.db"
    path.write_bytes(source.read_bytes())
    url = f"sqlite:///{path}"
    engine = store.get_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE enterprises SET name = ?", ("**Жирный** ![x](http://beacon.invalid/p.png)",)
        )
        connection.exec_driver_sql(
            "UPDATE arrears SET enterprise_name = ?",
            ("**Жирный** ![x](http://beacon.invalid/p.png)",),
        )
    engine.dispose()
    at = open_briefing(monkeypatch, url, present="1", step=str(STEPS.index("watchlist")))
    cells = [str(cell) for table in at.table for cell in table.value.to_numpy().ravel()]
    assert cells and not any("![x](" in cell or "**Жирный**" in cell for cell in cells)
    assert any(escape_markdown("**Жирный**") in cell for cell in cells)
