"""The alerts in a real browser: log in on My alerts, see the bell, open a signal's view."""
# Fixtures come from a shared module; pytest passes them by name.
# ruff: noqa: F811

from __future__ import annotations

import re

import pytest

from tests.browser import make_demo_db, wait_for_app
from utils import alerts, auth, i18n, store

pytestmark = pytest.mark.browser

LANG = "en"
NAME, PASSWORD = "anna", "correct horse battery"


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo data with one analyst following everything, after one alerts run."""
    folder = tmp_path_factory.mktemp("alerts-browser")
    url = make_demo_db(folder / "ltm.db", end_month="2025-06")
    engine = store.get_engine(url)
    auth.create_user(engine, NAME, "analyst", PASSWORD, actor="cli", lang=LANG)
    alerts.follow(engine, NAME)
    alerts.run_alerts(engine, as_of="2025-06", out=folder / "outbox")
    engine.dispose()
    return url


def test_a_signal_opens_its_region_and_the_bell_counts_only_new_ones(app_server, chromium,
                                                                      database):
    engine = store.get_engine(database)
    unread = alerts.unread_signals(engine, NAME)
    assert unread > 0
    server = app_server(database)
    context = chromium.new_context(viewport={"width": 1400, "height": 1200})
    page = context.new_page()
    try:
        page.goto(f"{server.url}/alerts?lang={LANG}", wait_until="domcontentloaded")
        main = page.locator('[data-testid="stMain"]')
        main.get_by_label(i18n.t("auth.username", LANG)).first.wait_for(timeout=90_000)
        main.get_by_label(i18n.t("auth.username", LANG)).first.fill(NAME)
        main.get_by_label(i18n.t("auth.password", LANG)).first.fill(PASSWORD)
        main.get_by_role("button", name=i18n.t("auth.login", LANG)).first.click()
        main.get_by_text(i18n.t("alerts.inbox", LANG)).wait_for(timeout=60_000)
        wait_for_app(page)
        sidebar = page.locator('[data-testid="stSidebar"]')
        bell = i18n.t("alerts.bell", LANG, count=str(unread))
        links = sidebar.locator('a[href*="alerts"]')  # the menu entry and the bell
        assert any(bell in text for text in links.all_inner_texts()), links.all_inner_texts()
        main.locator('a[href*="region=KZ-35"]').first.click()
        page.get_by_text(i18n.region_label("KZ-35", LANG)).first.wait_for(timeout=60_000)
        wait_for_app(page)
        assert re.search(r"/region\?.*region=KZ-35", page.url)
        assert "end=2025-06" in page.url and f"lang={LANG}" in page.url
        # The visit to My alerts reset the count: the bell says no more than its name.
        texts = links.all_inner_texts()
        assert not any(bell in text for text in texts), texts
        assert any(text.endswith(i18n.t("alerts.bell_none", LANG)) for text in texts), texts
        assert alerts.unread_signals(engine, NAME) == 0
    finally:
        context.close()
        engine.dispose()
