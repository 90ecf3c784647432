"""Presentation mode on a 1280×720 projector and the app on a phone, in a real browser.

A slide fits the screen with its controls on top; a clicker's keys (→/←, PageDown/PageUp,
Space) step through the slides, but not while the user types; every step opens at its top.
On a phone the sidebar starts closed.
"""
# Fixtures come from a shared module; pytest passes them by name.
# ruff: noqa: F811

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser import ARTIFACTS, wait_for_app
from utils import i18n
from utils.briefing import PRESENTATION_STEPS

pytestmark = pytest.mark.browser

STEPS = list(PRESENTATION_STEPS)
PROJECTOR = {"width": 1280, "height": 720}
MAIN = '[data-testid="stMain"]'


@pytest.fixture(scope="module")
def server(app_server, demo_db_url):
    return app_server(demo_db_url)


def _page(chromium, viewport: dict, **options):
    context = chromium.new_context(viewport=viewport, locale="ru-RU", **options)
    return context, context.new_page()


def _step_heading(step: int, lang: str = "ru") -> str:
    counter = i18n.t("briefing.step_counter", lang, step=step + 1, total=len(STEPS))
    return f"{counter} · {i18n.t(PRESENTATION_STEPS[STEPS[step]], lang)}"


def _open_step(page, server, step: int, lang: str = "ru") -> None:
    page.goto(f"{server.url}/briefing?lang={lang}&present=1&step={step}",
              wait_until="domcontentloaded")
    _wait_for_step(page, step, lang)


def _wait_for_step(page, step: int, lang: str = "ru") -> None:
    page.get_by_role("heading", name=_step_heading(step, lang)).wait_for(timeout=120_000)
    wait_for_app(page)


def _url_step(page) -> int:
    return int(parse_qs(urlparse(page.url).query).get("step", ["0"])[0])


def _next_button(page):
    return page.locator(".st-key-briefing_next button")


def _in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return (box is not None and box["x"] >= 0 and box["y"] >= 0
            and box["x"] + box["width"] <= size["width"]
            and box["y"] + box["height"] <= size["height"])


def _scroll(page) -> dict:
    return page.evaluate(
        f"() => {{ const m = document.querySelector('{MAIN}');"
        " return {top: m.scrollTop, height: m.scrollHeight, view: m.clientHeight}; }")


def _keys_ready(page) -> None:
    """Wait until the clicker's key script has run in the page."""
    page.wait_for_function("() => typeof window.__ltmPresenterKeys === 'function'")


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_every_step_fits_a_projector_with_its_controls_on_screen(chromium, server, lang):
    context, page = _page(chromium, PROJECTOR)
    try:
        for step in range(len(STEPS)):
            _open_step(page, server, step, lang)
            if STEPS[step] == "overview":
                page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator(
                    "path.ltm-region").nth(19).wait_for(timeout=60_000)
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"presentation_{lang}_{step + 1}.png"))
            for key in ("briefing_previous", "briefing_next", "briefing_exit"):
                button = page.locator(f".st-key-{key} button")
                assert _in_viewport(page, button), (STEPS[step], key)
            scroll = _scroll(page)
            assert scroll["top"] == 0, STEPS[step]
            assert scroll["height"] <= scroll["view"], (STEPS[step], scroll)
    finally:
        context.close()


def test_clicker_keys_step_forward_and_back(chromium, server):
    context, page = _page(chromium, PROJECTOR)
    try:
        _open_step(page, server, 0)
        assert _in_viewport(page, _next_button(page))
        for key, step in (("ArrowRight", 1), ("PageDown", 2), ("Space", 3),
                          ("ArrowLeft", 2), ("PageUp", 1)):
            _keys_ready(page)
            page.locator("body").press(key)
            _wait_for_step(page, step)
            assert _url_step(page) == step, key
    finally:
        context.close()


def test_a_step_opens_at_its_top(chromium, server):
    """On a screen too short for the slide, the next slide still starts at its top."""
    context, page = _page(chromium, {"width": 1280, "height": 420})
    try:
        _open_step(page, server, 1)
        page.evaluate(f"() => {{ const m = document.querySelector('{MAIN}');"
                      " m.scrollTop = m.scrollHeight; }")
        assert _scroll(page)["top"] > 0  # the slide is taller than this screen
        _keys_ready(page)
        page.keyboard.press("ArrowRight")
        _wait_for_step(page, 2)
        page.wait_for_function(f"() => document.querySelector('{MAIN}').scrollTop === 0")
        assert _scroll(page)["top"] == 0
    finally:
        context.close()


def test_keys_typed_into_a_field_do_not_step(chromium, server):
    context, page = _page(chromium, PROJECTOR)
    try:
        _open_step(page, server, 1)
        _keys_ready(page)
        page.evaluate("() => { const field = document.createElement('input');"
                      " field.id = 'typing'; document.body.prepend(field); }")
        page.locator("#typing").press("ArrowRight")
        page.locator("#typing").press("PageDown")
        page.locator("#typing").press("Space")
        assert page.locator("#typing").input_value() == " "
        page.locator("#typing").evaluate("field => field.blur()")
        page.keyboard.press("ArrowLeft")  # outside the field the keys work again
        _wait_for_step(page, 0)
        wait_for_app(page)
        assert _url_step(page) == 0
    finally:
        context.close()


def test_phone_opens_with_the_sidebar_closed(chromium, server):
    context, page = _page(chromium, {"width": 390, "height": 844}, is_mobile=True,
                          has_touch=True, device_scale_factor=2)
    try:
        page.goto(server.url, wait_until="domcontentloaded")
        wait_for_app(page)
        sidebar = page.locator('[data-testid="stSidebar"]')
        assert sidebar.get_attribute("data-collapsed") == "true"
        box = sidebar.bounding_box()
        assert box is None or box["x"] + box["width"] <= 0  # drawn off the screen
        # On a wide screen the same app opens with the sidebar open.
        wide = page.context.browser.new_page(viewport={"width": 1440, "height": 900})
        wide.goto(server.url, wait_until="domcontentloaded")
        wait_for_app(wide)
        opened = wide.locator('[data-testid="stSidebar"]')
        assert opened.get_attribute("data-collapsed") == "false"
        assert _in_viewport(wide, opened.get_by_text(i18n.t("sidebar.language", "ru")))
        wide.close()
    finally:
        context.close()

