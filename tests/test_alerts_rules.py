"""Rules that do not cry wolf, on constructed series whose truth is known."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from tests.early_warning_data import kz_weights, region_panel
from utils import alerts
from utils.early_warning import compute_early_warning

COUNT = 36
JUMP, SMALL = "KZ-35", "KZ-75"
NOW = datetime(2026, 1, 5, 6, 0, tzinfo=UTC)
COOL_DOWN = timedelta(days=42)


@pytest.fixture(scope="module")
def panel():
    rng = np.random.default_rng(11)
    jump = rng.poisson(np.full(COUNT, 40.0)).astype(float)
    jump[-1] = 400.0  # layoffs ten times their usual level in the last month
    small = np.ones(COUNT)
    small[-1] = 12.0  # one event a month, then twelve: a small number, no sharp rise
    return region_panel({JUMP: {"layoffs": jump}, SMALL: {"incidents": small}}, count=COUNT)


@pytest.fixture(scope="module")
def inputs(panel):
    months = sorted(panel["month"].unique())
    report = compute_early_warning(panel, None, as_of=months[-1], weights=kz_weights())
    previous = compute_early_warning(panel, None, as_of=months[-2], weights=kz_weights())
    return alerts.SignalInputs(report, previous)


def region_signals(inputs):
    return {c.place: c for c in alerts.candidates_of(inputs) if c.kind == "region_large_increase"}


def ledger_entry(candidate, found_at, **changes):
    entry = candidate.to_record() | {"found_at": found_at}
    return entry | changes


def test_a_first_large_increase_fires(inputs):
    signal = region_signals(inputs)[JUMP]
    assert signal.level == "large_increase" and signal.new
    assert alerts.decide(signal, None, NOW, COOL_DOWN) == "first"
    everyone = [{"scope": "all", "place": "", "kinds": None}]
    assert alerts.signals_for_user([signal], everyone, {}, NOW, COOL_DOWN) == [signal]


def test_the_same_level_a_week_later_does_not_fire(inputs):
    signal = region_signals(inputs)[JUMP]
    ledger = {(signal.kind, signal.place): ledger_entry(signal, NOW)}
    everyone = [{"scope": "all", "place": "", "kinds": None}]
    week_later = NOW + timedelta(days=7)
    assert alerts.decide(signal, ledger[(signal.kind, signal.place)], week_later,
                         COOL_DOWN) == "already"
    assert alerts.signals_for_user([signal], everyone, ledger, week_later, COOL_DOWN) == []
    # The next month's data, the region still sharply up: inside the cool-down, not again.
    earlier = ledger_entry(signal, NOW, as_of="2025-11")
    assert alerts.decide(signal, earlier, week_later, COOL_DOWN) == "cooldown"


def test_a_standing_level_is_not_news_after_the_cool_down_but_a_return_is(inputs):
    signal = region_signals(inputs)[JUMP]
    earlier = ledger_entry(signal, NOW - timedelta(days=90), as_of="2025-09")
    standing = alerts.Candidate(**{**signal.__dict__, "new": False})
    assert alerts.decide(standing, earlier, NOW, COOL_DOWN) == "unchanged"
    assert alerts.decide(signal, earlier, NOW, COOL_DOWN) == "again"


def test_a_higher_level_inside_the_cool_down_fires():
    watch = alerts.Candidate("risk_raised", "123456789012", "Alpha", "KZ-35", "watch",
                             "2025-05", [], True)
    high = alerts.Candidate("risk_raised", "123456789012", "Alpha", "KZ-35", "high",
                            "2025-06", [], True)
    ledger = {(watch.kind, watch.place): ledger_entry(watch, NOW)}
    soon = NOW + timedelta(days=10)
    assert high.severity > watch.severity
    assert alerts.decide(high, ledger[(high.kind, high.place)], soon, COOL_DOWN) == "rose"
    follows = [{"scope": "enterprise", "place": "123456789012", "kinds": None}]
    assert alerts.signals_for_user([high], follows, ledger, soon, COOL_DOWN) == [high]
    same = alerts.Candidate(**{**high.__dict__, "level": "watch", "as_of": "2025-06"})
    assert alerts.signals_for_user([same], follows, ledger, soon, COOL_DOWN) == []


def test_a_small_number_jump_does_not_fire(inputs):
    assert SMALL not in region_signals(inputs)
    assert all(c.place != SMALL for c in alerts.candidates_of(inputs)
               if c.kind == "region_large_increase")


def test_a_subscription_covers_its_places_and_kinds_only(inputs):
    signal = region_signals(inputs)[JUMP]
    assert alerts.covers({"scope": "region", "place": JUMP, "kinds": None}, signal)
    assert not alerts.covers({"scope": "region", "place": SMALL, "kinds": None}, signal)
    assert not alerts.covers({"scope": "all", "place": "", "kinds": ("watchlist_new",)}, signal)
    assert not alerts.covers({"scope": "enterprise", "place": JUMP, "kinds": None}, signal)
    firm = alerts.Candidate("watchlist_new", "123456789012", "Alpha", JUMP, "high", "2025-06",
                            [], True)
    assert alerts.covers({"scope": "region", "place": JUMP, "kinds": None}, firm)


def test_the_cool_down_comes_from_the_settings(tmp_path, monkeypatch):
    assert alerts.cooldown() == timedelta(days=42)
    config = tmp_path / "ltm.toml"
    config.write_text("[alerts]\ncooldown_days = 7\n", encoding="utf-8")
    monkeypatch.setenv("LTM_CONFIG", str(config))
    assert alerts.cooldown() == timedelta(days=7)


def test_the_kinds_are_a_registry_a_new_source_joins():
    assert list(alerts.signal_kinds()) == ["watchlist_new", "risk_raised",
                                           "region_large_increase", "emerging_hot_spot",
                                           "case_assigned", "case_overdue"]
    with pytest.raises(KeyError, match="Kind must be in the set"):
        alerts.get_kind("strike_called")
    with pytest.raises(ValueError, match="place type"):
        alerts.register_kind(alerts.SignalKind("strike_called", "district", ("called",),
                                               lambda inputs: []))
    assert "strike_called" not in alerts.signal_kinds()
