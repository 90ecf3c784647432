"""A shared link opened first on a fresh server still runs inside the app's frame."""
# Fixtures come from a shared module; pytest passes them by name.
# ruff: noqa: F811

from __future__ import annotations

import pytest

from tests.browser import (
    guard_page,
    wait_for_app,
)

pytestmark = pytest.mark.browser


def test_deep_link_on_a_fresh_server_shows_the_frame(app_server, chromium, demo_db_url):
    """The first request of a new server is a region link: banner, sidebar and page all show."""
    server = app_server(demo_db_url)
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        guard = guard_page(page)
        page.goto(f"{server.url}/region?region=KZ-35&lang=en", wait_until="domcontentloaded")
        page.get_by_text("Karaganda Region").first.wait_for(timeout=90_000)
        wait_for_app(page)
        assert page.get_by_text("Synthetic data").count() >= 1
        assert page.locator('[data-testid="stSidebar"]').get_by_text("Language").count() == 1
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "Hotspots" in nav and "app" not in nav.split()
        assert guard.deep_link_problems() == [], "\n".join(guard.deep_link_problems())
    finally:
        context.close()
