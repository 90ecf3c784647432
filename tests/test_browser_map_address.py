"""The map answers at ``/map``, the address the README and shared links give, as at ``/``."""
# Fixtures come from a shared module; pytest passes them by name.
# ruff: noqa: F811

from __future__ import annotations

import pytest

from tests.browser import guard_page, region_shapes, wait_for_app
from utils import i18n

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(app_server, demo_db_url):
    return app_server(demo_db_url)


@pytest.mark.parametrize(("path", "lang"), [("/map", "ru"), ("/map?lang=kk", "kk"), ("/", "ru")])
def test_the_map_opens_at_its_address(server, chromium, path, lang):
    context = chromium.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        guard = guard_page(page)
        page.goto(f"{server.url}{path}", wait_until="domcontentloaded")
        region_shapes(page).first.wait_for(timeout=90_000)
        wait_for_app(page)
        assert region_shapes(page).count() == 20
        assert page.get_by_text("Page not found").count() == 0
        assert page.get_by_text(i18n.t("map.title", lang)).count() >= 1
        assert page.url.split("?")[0].rstrip("/") == f"{server.url}{path}".split("?")[0].rstrip(
            "/")
        assert guard.deep_link_problems() == [], "\n".join(guard.deep_link_problems())
    finally:
        context.close()
