"""Alerts as stored, on SQLite and PostgreSQL: subscriptions, the ledger, the outbox, the inbox."""

from __future__ import annotations

from datetime import timedelta

import pytest

from utils import alerts, auth, store

PASSWORD = "correct horse battery"


@pytest.fixture
def engine(db_url):
    engine = store.get_engine(db_url)
    store.init_db(engine)
    auth.create_user(engine, "anna", "viewer", PASSWORD, "test", email="anna@example.kz",
                     lang="en")
    auth.create_user(engine, "bek", "viewer", PASSWORD, "test")
    yield engine
    engine.dispose()


def signal(place="KZ-35", level="large_increase", as_of="2025-06", kind="region_large_increase"):
    return alerts.Candidate(kind, place, None, place, level, as_of,
                            [{"key": "ew.verdict.no_change", "params": {}}], True).to_record()


def test_users_keep_an_address_and_a_language(engine):
    anna = store.get_user(engine, "anna")
    assert (anna["email"], anna["lang"]) == ("anna@example.kz", "en")
    auth.set_email(engine, "bek", " bek@example.kz ", actor="admin")
    auth.set_language(engine, "bek", "kk", actor="admin")
    bek = store.get_user(engine, "bek")
    assert (bek["email"], bek["lang"]) == ("bek@example.kz", "kk")
    assert set(store.audit_entries(engine)["action"]) >= {"user_email", "user_lang"}
    with pytest.raises(ValueError, match="not an e-mail address"):
        auth.set_email(engine, "bek", "bek at example", actor="admin")
    with pytest.raises(LookupError):
        auth.set_email(engine, "nobody", "n@example.kz", actor="admin")
    auth.set_email(engine, "bek", None, actor="admin")
    assert store.get_user(engine, "bek")["email"] is None
    assert {"email", "lang"} <= set(auth.list_users(engine).columns)


def test_subscriptions_merge_kinds_and_unsubscribe_drops_them(engine):
    alerts.follow(engine, "anna", regions=["kz-35", "KZ-75"], kinds=["region_large_increase"])
    alerts.follow(engine, "anna", regions=["KZ-35"], kinds=["emerging_hot_spot"])
    alerts.follow(engine, "bek", bins=["123456789012"])
    rows = {(r["user"], r["place"]): r["kinds"] for r in alerts.follows(engine)}
    assert rows[("anna", "KZ-35")] == ["emerging_hot_spot", "region_large_increase"]
    assert rows[("anna", "KZ-75")] == ["region_large_increase"]
    assert rows[("bek", "123456789012")] == list(alerts.signal_kinds())
    # Dropping one kind from "every kind" keeps the others.
    assert alerts.unfollow(engine, "bek", bins=["123456789012"], kinds=["risk_raised"]) == 1
    kinds = alerts.follows(engine, "bek")[0]["kinds"]
    assert "risk_raised" not in kinds and "watchlist_new" in kinds
    assert alerts.unfollow(engine, "anna", regions=["KZ-75"]) == 1
    assert [r["place"] for r in alerts.follows(engine, "anna")] == ["KZ-35"]
    assert alerts.unfollow(engine, "anna") == 1 and alerts.follows(engine, "anna") == []
    with pytest.raises(ValueError, match="region code"):
        alerts.follow(engine, "anna", regions=["KZ-99"])
    with pytest.raises(ValueError, match="12 digits"):
        alerts.follow(engine, "anna", bins=["12345"])
    with pytest.raises(LookupError):
        alerts.follow(engine, "nobody")


def test_a_digest_and_its_signals_land_together_and_stay_unsent_until_accepted(engine):
    message = {"address": "anna@example.kz", "subject": "S", "body": "B", "as_of": "2025-06"}
    message_id = store.record_digest(engine, "anna", [signal(), signal("KZ-75")], message)
    assert [m["id"] for m in store.unsent_messages(engine)] == [message_id]
    assert [s["place"] for s in store.message_signals(engine, message_id)] == ["KZ-35", "KZ-75"]
    store.mark_message_failed(engine, message_id, "550 refused")
    (unsent,) = store.unsent_messages(engine)
    assert (unsent["attempts"], unsent["last_error"]) == (1, "550 refused")
    store.mark_message_sent(engine, message_id)
    assert store.unsent_messages(engine) == []
    (sent,) = store.messages(engine, "anna")
    assert sent["sent_at"] is not None and sent["attempts"] == 2
    # The same signal of the same month cannot be recorded twice for a user.
    with pytest.raises(Exception):  # noqa: B017 - the backends raise their own IntegrityError
        store.record_digest(engine, "anna", [signal()], None)
    assert len(store.inbox(engine, "anna")) == 2


def test_the_ledger_gives_the_latest_signal_of_each_place(engine):
    store.record_digest(engine, "bek", [signal(level="large_increase", as_of="2025-05")], None)
    store.record_digest(engine, "bek", [signal(place="KZ-10")], None)
    latest = store.last_signals(engine, "bek")
    assert set(latest) == {("region_large_increase", "KZ-35"), ("region_large_increase", "KZ-10")}
    assert latest[("region_large_increase", "KZ-35")]["as_of"] == "2025-05"
    assert latest[("region_large_increase", "KZ-35")]["reason"][0]["key"] == "ew.verdict.no_change"


def test_the_bell_counts_signals_since_the_last_visit(engine):
    store.record_digest(engine, "anna", [signal(), signal("KZ-75")], None)
    assert alerts.unread_signals(engine, "anna") == 2
    entries = alerts.inbox_entries(engine, "anna", "en")
    assert [e["unread"] for e in entries] == [True, True]
    assert entries[0]["link"].startswith("/region?lang=en")
    alerts.mark_inbox_read(engine, "anna")
    assert alerts.unread_signals(engine, "anna") == 0
    seen = store.get_user(engine, "anna")["alerts_seen_at"]
    store.update_user(engine, "anna", alerts_seen_at=seen - timedelta(hours=1))
    assert alerts.unread_signals(engine, "anna") == 2
    assert alerts.unread_signals(engine, "bek") == 0


def test_a_run_stores_sends_and_is_idempotent_on_both_backends(engine, tmp_path, monkeypatch):
    """The whole run on constructed early-warning results, on SQLite and PostgreSQL."""
    import numpy as np

    from tests.early_warning_data import kz_weights, region_panel
    from utils.early_warning import compute_early_warning

    monkeypatch.delenv("LTM_CONFIG", raising=False)
    layoffs = np.full(36, 40.0)
    layoffs[-1] = 400.0
    panel = region_panel({"KZ-35": {"layoffs": layoffs}}, count=36)
    months = sorted(panel["month"].unique())
    inputs = alerts.SignalInputs(
        compute_early_warning(panel, None, as_of=months[-1], weights=kz_weights()),
        compute_early_warning(panel, None, as_of=months[-2], weights=kz_weights()))
    alerts.follow(engine, "anna", regions=["KZ-35"])
    alerts.follow(engine, "bek", regions=["KZ-35"])
    out = tmp_path / "outbox"
    first = alerts.run_alerts(engine, out=out, inputs=inputs)
    assert (first.recipients, first.sent, first.skipped) == (2, 1, 1)
    assert [m["signals"][0]["place"] for m in first.messages] == ["KZ-35", "KZ-35"]
    assert len(list(out.glob("*.eml"))) == 1
    assert alerts.unread_signals(engine, "bek") == 1  # no address: the app only
    again = alerts.run_alerts(engine, out=out, inputs=inputs)
    assert again.to_json() == {"recipients": 0, "messages": [], "sent": 0, "skipped": 0}
    assert len(list(out.glob("*.eml"))) == 1
