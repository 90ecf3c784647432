"""The filter chips in a real browser: seen above the figures, one click drops a filter."""
# Fixtures come from a shared module; pytest passes them by name.
# ruff: noqa: F811

from __future__ import annotations

import re

import pytest

from tests.browser import guard_page, wait_for_app
from utils import i18n

pytestmark = pytest.mark.browser


def test_a_chip_shows_above_the_cards_and_its_cross_drops_the_filter(
    app_server, chromium, demo_db_url
):
    from playwright.sync_api import expect

    server = app_server(demo_db_url)
    context = chromium.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        guard = guard_page(page)
        page.goto(f"{server.url}/?industries=B,C", wait_until="domcontentloaded")
        chip = page.locator(".st-key-filter_chip_industries_B").get_by_role("button")
        chip.wait_for(timeout=90_000)
        wait_for_app(page)
        assert i18n.oked_label("B", "ru") in chip.inner_text()
        note = i18n.t("filters.ignored.industries.appeals", "ru")
        expect(page.get_by_text(note)).to_be_visible()
        box = page.locator(".st-key-filter_chips").bounding_box()
        assert box is not None and box["y"] + box["height"] < 900
        sidebar = page.locator('[data-testid="stSidebar"]')
        chosen = sidebar.get_by_text(i18n.oked_label("B", "ru"), exact=False)
        assert chosen.count() >= 1
        chip.click()
        expect(page.locator(".st-key-filter_chip_industries_B")).to_have_count(0)
        expect(page.locator(".st-key-filter_chip_industries_C")).to_have_count(1)
        expect(page).to_have_url(re.compile(r"industries=C(&|$)"))
        expect(chosen).to_have_count(0)
        assert guard.problems() == [], "\n".join(guard.problems())
    finally:
        context.close()
