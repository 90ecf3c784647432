"""The data page in a real browser: an analyst logs in, uploads a file, loads it, sees the batch."""
# Fixtures come from a shared module; pytest passes them by name.
# ruff: noqa: F811

from __future__ import annotations

from pathlib import Path

import pytest

from tests import files
from tests.browser import guard_page, wait_for_app
from utils import auth, i18n, metrics, store

pytestmark = pytest.mark.browser

LANG = "ru"
NAME, PASSWORD = "anna", "correct horse battery"


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An empty store with one analyst account."""
    url = f"sqlite:///{tmp_path_factory.mktemp('upload-db') / 'ltm.db'}"
    engine = store.get_engine(url)
    store.init_db(engine)
    auth.create_user(engine, NAME, "analyst", PASSWORD, actor="cli")
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def server(app_server, database):
    return app_server(database)


@pytest.fixture
def page(chromium, server):
    context = chromium.new_context(viewport={"width": 1400, "height": 1400}, locale="ru-RU")
    page = context.new_page()
    yield page
    context.close()


def _log_in(page) -> None:
    """Log in through the data page's own form (the sidebar has a second one)."""
    main = page.locator('[data-testid="stMain"]')
    main.get_by_label(i18n.t("auth.username", LANG)).first.fill(NAME)
    main.get_by_label(i18n.t("auth.password", LANG)).first.fill(PASSWORD)
    main.get_by_role("button", name=i18n.t("auth.login", LANG)).first.click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').wait_for(
        state="attached", timeout=60_000
    )
    wait_for_app(page)


def _choose_kind(page, kind: str) -> None:
    label = i18n.kind_label(kind, LANG)
    box = page.locator('[class*="st-key-data_kind_"]')  # widget keys become CSS classes
    box.wait_for(state="visible", timeout=60_000)
    if label in box.inner_text():
        return  # the kind was detected from the headers
    box.click()
    page.get_by_role("option", name=label).click()
    wait_for_app(page)


def test_an_analyst_uploads_a_file_and_sees_the_new_batch(page, server, database, tmp_path: Path):
    """Log in, upload a cp1251 CSV through the uploader, load it, see the batch."""
    appeals = files.sample_appeals(25, seed=21, prefix="B")
    path = files.appeals_cp1251_semicolon(tmp_path / "appeals_browser.csv", appeals)
    guard = guard_page(page)
    page.goto(f"{server.url}/data", wait_until="domcontentloaded")
    wait_for_app(page)
    _log_in(page)

    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    wait_for_app(page)
    _choose_kind(page, "appeals")
    to_load = page.locator('[data-testid="stMetric"]').filter(
        has_text=i18n.t("data.rows_to_load", LANG)
    )
    to_load.wait_for(timeout=60_000)
    assert "25" in to_load.inner_text()

    page.locator(".st-key-data_commit button").click()
    done = i18n.t("data.committed", LANG, batch_id=1, rows="25")
    page.get_by_text(done).wait_for(timeout=60_000)
    wait_for_app(page)

    engine = store.get_engine(database)
    batches = store.list_batches(engine)
    assert batches[["kind", "file_name", "rows_loaded", "user_name", "status"]].to_dict(
        "records"
    ) == [{"kind": "appeals", "file_name": "appeals_browser.csv", "rows_loaded": 25,
           "user_name": NAME, "status": "loaded"}]
    first, last = metrics.month_bounds(engine)
    assert metrics.national_kpis(engine, first, last)["appeals"]["value"] == 25
    engine.dispose()
    page.get_by_role("tab", name=i18n.t("data.tab_batches", LANG)).click()
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30_000)
    # the grid draws on a canvas; the undo picker lists the new batch in text, and offers
    # no load before the analyst picks one
    picker = page.locator(".st-key-data_undo_choice input")
    picker.wait_for(state="visible", timeout=30_000)
    assert picker.input_value() == ""
    picker.click()
    option = page.get_by_role("option").first
    option.wait_for(timeout=30_000)
    assert option.inner_text().strip() == (
        f"#1 · {i18n.kind_label('appeals', LANG)} · appeals_browser.csv"
    )
    assert guard.external_requests == []
