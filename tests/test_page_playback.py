"""The home map's playback under AppTest: the toggle, the playing map and its fixed legend."""
# Fixtures come from a shared module; pytest passes them by name.
# ruff: noqa: F811

from __future__ import annotations

import json
import re

from tests.app_pages import demo_db, map_component, no_exception, open_app  # noqa: F401
from utils import formatting, i18n, metrics, store
from utils.screens import playback_screen

PERIOD = {"start": "2024-07", "end": "2025-06"}


def _data(at) -> dict:
    script = map_component(at)["script"]
    match = re.search(r"var data = (\{.*?\});\n", script)
    assert match, "the map carries no playback"
    return json.loads(match.group(1))


def _param(at, key: str) -> str | None:
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


def _legend(at) -> str:
    return "".join(h.proto.body for h in at.get("html") if "ltm-legend" in h.proto.body)


def test_the_toggle_turns_the_playback_on_and_keeps_it_in_the_url(open_app, demo_db):
    at = open_app(demo_db.url, {**PERIOD, "mode": "value"})
    no_exception(at)
    assert "var data = " not in map_component(at)["script"]
    toggle = at.toggle(key="map_play")
    assert toggle.label == i18n.t("playback.toggle", "ru") and not toggle.value
    toggle.set_value(True).run()
    no_exception(at)
    assert _param(at, "play") == "1"
    assert len(_data(at)["months"]) == 12


def test_the_playing_page_carries_the_months_with_the_stored_values(open_app, demo_db):
    at = open_app(demo_db.url, {**PERIOD, "mode": "value", "play": "1", "lang": "kk",
                                "month": "2025-03"})
    no_exception(at)
    data = _data(at)
    assert data["months"][0] == "2024-07" and data["months"][-1] == "2025-06"
    assert data["labels"] == [formatting.format_month(m, "kk", "long") for m in data["months"]]
    # The value each tooltip writes in March is the stored monthly count.
    engine = store.get_engine(demo_db.url)
    monthly = metrics.monthly_region_values(engine, "appeals", "2024-07", "2025-06")
    march = monthly[monthly["month"] == "2025-03"].set_index("code")["value"]
    index = data["months"].index("2025-03")
    for code, value in march.items():
        assert data["values"][index][code] == formatting.format_number(value, "kk")
    # The legend is drawn once from the classes of all the months, with its note.
    played = playback_screen.period_playback(monthly, start="2024-07", end="2025-06",
                                             lang="kk", unit="appeals")
    legend = _legend(at)
    for entry in played.classes.legend:
        assert entry.label in legend
    assert playback_screen.legend_note(("2024-07", "2025-06"), "kk") in legend
    # The month is read by the browser from the address: the script stays the same.
    assert "2025-03" not in data["initial"]
    assert _param(at, "month") == "2025-03"


def test_the_change_mode_plays_the_change_on_the_month_before(open_app, demo_db):
    at = open_app(demo_db.url, {**PERIOD, "mode": "change", "play": "1", "lang": "en"})
    no_exception(at)
    data = _data(at)
    assert len(data["months"]) == 12
    assert i18n.t("playback.change_title", "en", measure="Appeals").split(":")[1] in _legend(at)
    assert any(text.startswith(("+", "−", "-")) for text in data["values"][3].values())


def test_presentation_mode_plays_the_national_map(open_app, demo_db):
    at = open_app(demo_db.url, {**PERIOD, "present": "1", "play": "1"}, page="pages/briefing.py")
    no_exception(at)
    assert at.toggle(key="briefing_play").value
    data = _data(at)
    assert len(data["months"]) == 12
    assert playback_screen.legend_note(("2024-07", "2025-06"), "ru") in _legend(at)


def test_the_briefing_offers_the_months_as_small_maps_and_a_gif(open_app, demo_db):
    at = open_app(demo_db.url, PERIOD, page="pages/briefing.py")
    no_exception(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert i18n.t("playback.export_strip", "ru") in labels
    assert i18n.t("playback.export_gif", "ru") in labels


def test_the_enterprise_layer_stays_on_the_playing_map_for_the_whole_period(open_app, demo_db):
    at = open_app(demo_db.url, {**PERIOD, "mode": "value", "play": "1", "ent": "1"})
    no_exception(at)
    script = map_component(at)["script"]
    assert "var data = " in script and "markerClusterGroup" in script
    captions = [c.value for c in at.caption]
    assert i18n.t("playback.enterprises_note", "ru") in captions
