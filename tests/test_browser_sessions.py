"""A log-in in a real browser survives a reload and a new tab; a log-out in one tab logs the
other out on its next action; a session expires. The app is served as in production, by
``serve.py``.
"""
# Fixtures come from a shared module; pytest passes them by name.
# ruff: noqa: F811

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser import ROOT, start_server, wait_for_app
from utils import auth, i18n, store

pytestmark = pytest.mark.browser

LANG = "ru"
NAME, PASSWORD = "anna", "correct horse battery"
UPLOADER = '[data-testid="stFileUploaderDropzoneInput"]'
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An empty store with one analyst account."""
    url = f"sqlite:///{tmp_path_factory.mktemp('sessions-db') / 'ltm.db'}"
    engine = store.get_engine(url)
    store.init_db(engine)
    auth.create_user(engine, NAME, "analyst", PASSWORD, actor="cli")
    engine.dispose()
    return url


def _serve(database: str, folder: Path, settings: str = ""):
    """Start ``serve.py`` with its own cookie secret and ``settings`` (TOML)."""
    config = folder / "ltm.toml"
    secret = folder / "session_secret"
    config.write_text(f'{settings}\n[auth]\nsession_secret_file = "{secret}"\n',
                      encoding="utf-8")
    try:
        return start_server(database, env={"LTM_CONFIG": str(config)},
                            app=ROOT / "serve.py", log_dir=folder)
    except RuntimeError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def server(database, tmp_path_factory: pytest.TempPathFactory):
    server = _serve(database, tmp_path_factory.mktemp("sessions-server"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def short_server(database, tmp_path_factory: pytest.TempPathFactory):
    """The app with sessions that last 15 seconds."""
    server = _serve(database, tmp_path_factory.mktemp("short-sessions-server"),
                    "[app]\nsession_max_age_minutes = 0.25\n")
    yield server
    server.stop()


def _logged_in_as() -> str:
    return i18n.t("auth.logged_in_as", LANG, name=NAME, role=i18n.role_label("analyst", LANG))


def _open_data_page(page, url: str) -> None:
    page.goto(f"{url}/data", wait_until="domcontentloaded")
    wait_for_app(page, timeout=120_000)


def _log_in(page) -> None:
    main = page.locator('[data-testid="stMain"]')
    main.get_by_label(i18n.t("auth.username", LANG)).first.fill(NAME)
    main.get_by_label(i18n.t("auth.password", LANG)).first.fill(PASSWORD)
    main.get_by_role("button", name=i18n.t("auth.login", LANG)).first.click()


def _is_logged_in(page) -> bool:
    sidebar = page.locator('[data-testid="stSidebar"]')
    return sidebar.get_by_text(_logged_in_as()).count() == 1 and page.locator(UPLOADER).count() == 1


def _wait_logged_in(page) -> bool:
    """Return True once the page shows the analyst logged in (False after a minute)."""
    try:
        page.locator('[data-testid="stSidebar"]').get_by_text(_logged_in_as()).wait_for(
            timeout=60_000
        )
        page.locator(UPLOADER).wait_for(state="attached", timeout=60_000)
    except PlaywrightTimeout:
        return False
    return _is_logged_in(page)


def _wait_logged_out(page) -> None:
    """Wait until the data page shows its log-in form instead of the uploader."""
    main = page.locator('[data-testid="stMain"]')
    main.get_by_label(i18n.t("auth.password", LANG)).first.wait_for(timeout=60_000)
    # The form is drawn before the run ends; the sidebar's account line goes with its end.
    wait_for_app(page, timeout=120_000)
    page.locator('[data-testid="stSidebar"]').get_by_text(_logged_in_as()).wait_for(
        state="detached", timeout=60_000
    )


def test_a_log_in_survives_a_reload_and_a_new_tab_and_a_log_out_reaches_every_tab(
    chromium, server
):
    context = chromium.new_context(viewport={"width": 1400, "height": 1200}, locale="ru-RU")
    first = context.new_page()
    _open_data_page(first, server.url)
    _wait_logged_out(first)
    assert not _is_logged_in(first)
    _log_in(first)
    assert _wait_logged_in(first)

    # The cookie: HttpOnly (no script of the page can read it), SameSite, signed.
    [cookie] = [c for c in context.cookies() if c["name"] == auth.COOKIE_NAME]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert auth.COOKIE_NAME not in first.evaluate("document.cookie")

    first.reload(wait_until="domcontentloaded")
    wait_for_app(first, timeout=120_000)
    assert _wait_logged_in(first), "a reload logged the analyst out"

    second = context.new_page()
    _open_data_page(second, server.url)
    assert _wait_logged_in(second), "a new tab is not logged in"

    # A browser without the cookie is not logged in.
    stranger = chromium.new_context(locale="ru-RU")
    other = stranger.new_page()
    _open_data_page(other, server.url)
    _wait_logged_out(other)
    assert not _is_logged_in(other)
    stranger.close()

    # Log out in the second tab; the first is logged out on its next action.
    second.locator('[data-testid="stSidebar"]').get_by_role(
        "button", name=i18n.t("auth.logout", LANG)
    ).click()
    _wait_logged_out(second)
    assert not _is_logged_in(second)
    first.locator('[data-testid="stSidebar"]').get_by_role(
        "link", name=i18n.t("trends.title", LANG)
    ).click()
    wait_for_app(first, timeout=120_000)
    sidebar = first.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text(_logged_in_as()).wait_for(state="detached", timeout=60_000)
    assert sidebar.get_by_role("button", name=i18n.t("auth.logout", LANG)).count() == 0

    # After the log-out a reload stays logged out.
    _open_data_page(first, server.url)
    _wait_logged_out(first)
    assert not _is_logged_in(first)
    context.close()

    # The server's log names no session id.
    assert not UUID.search(Path(server.log_path).read_text(encoding="utf-8", errors="replace"))


def test_a_session_expires_in_the_open_tab_and_on_reload(chromium, short_server):
    context = chromium.new_context(viewport={"width": 1400, "height": 1200}, locale="ru-RU")
    page = context.new_page()
    _open_data_page(page, short_server.url)
    _wait_logged_out(page)
    _log_in(page)
    assert _wait_logged_in(page)
    page.wait_for_timeout(16_000)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("link", name=i18n.t("trends.title", LANG)).click()
    sidebar.get_by_text(_logged_in_as()).wait_for(state="detached", timeout=60_000)
    sidebar.get_by_role("link", name=i18n.t("data.title", LANG)).click()
    _wait_logged_out(page)
    page.get_by_text(i18n.t("auth.session_expired", LANG)).first.wait_for(timeout=60_000)
    _open_data_page(page, short_server.url)
    _wait_logged_out(page)
    assert not _is_logged_in(page)
    context.close()


def test_the_upload_endpoint_takes_a_logged_in_analyst_s_file_and_refuses_a_stranger(
    chromium, server, tmp_path
):
    """Under serve.py the analyst's upload reaches the Data page; a stranger's PUT is 403."""
    path = tmp_path / "appeals.csv"
    path.write_text("Дата;Регион;Категория\n05.03.2025;Абайская область;Зарплата\n",
                    encoding="utf-8")
    context = chromium.new_context(viewport={"width": 1400, "height": 1200}, locale="ru-RU")
    page = context.new_page()
    _open_data_page(page, server.url)
    _wait_logged_out(page)
    _log_in(page)
    assert _wait_logged_in(page)
    page.locator(UPLOADER).set_input_files(str(path))
    wait_for_app(page, timeout=120_000)
    to_load = page.locator('[data-testid="stMetric"]').filter(
        has_text=i18n.t("data.rows_to_load", LANG)
    )
    to_load.wait_for(timeout=60_000)
    assert "1" in to_load.inner_text()
    context.close()

    stranger = chromium.new_context()
    answer = stranger.request.put(f"{server.url}/_stcore/upload_file/some-session/some-file",
                                  multipart={"file": {"name": "x.csv", "mimeType": "text/csv",
                                                      "buffer": b"a,b\n1,2\n"}})
    assert answer.status == 403
    stranger.close()
