"""``cli.py alerts`` and the users' address and language: exit codes, sentences, JSON."""

from __future__ import annotations

import email
import json
import shutil
import subprocess
import sys
from email import policy
from pathlib import Path

import pytest

from tests.browser import make_demo_db

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery\n"


def cli(*args: str, stdin: str | None = None, env: dict | None = None):
    import os

    return subprocess.run(
        [sys.executable, "cli.py", *args], cwd=ROOT, capture_output=True, text=True,
        input=stdin, timeout=300, env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli-alerts") / "demo.db"
    make_demo_db(path, end_month="2025-06")
    return path


@pytest.fixture
def url(demo_file, tmp_path, monkeypatch) -> str:
    monkeypatch.delenv("LTM_CONFIG", raising=False)
    path = tmp_path / "ltm.db"
    shutil.copy(demo_file, path)
    url = f"sqlite:///{path}"
    added = cli("users", "add", "anna", "--role", "analyst", "--email", "anna@example.kz",
                "--lang", "en", "--db", url, stdin=PASSWORD)
    assert added.returncode == 0, added.stderr
    return url


def test_users_get_an_address_and_a_language(url):
    listed = json.loads(cli("users", "list", "--db", url, "--json").stdout)
    assert [(u["name"], u["email"], u["lang"]) for u in listed] == [
        ("anna", "anna@example.kz", "en")]
    assert cli("users", "email", "anna", "a.b@example.kz", "--db", url).returncode == 0
    assert cli("users", "lang", "anna", "kk", "--db", url).returncode == 0
    listed = json.loads(cli("users", "list", "--db", url, "--json").stdout)
    assert (listed[0]["email"], listed[0]["lang"]) == ("a.b@example.kz", "kk")
    bad = cli("users", "email", "anna", "not-an-address", "--db", url)
    assert bad.returncode == 2 and bad.stderr.strip().count("\n") == 0
    assert "not an e-mail address" in bad.stderr
    assert cli("users", "email", "nobody", "n@example.kz", "--db", url).returncode == 2
    removed = cli("users", "email", "anna", "--remove", "--db", url)
    assert removed.returncode == 0
    assert json.loads(cli("users", "list", "--db", url, "--json").stdout)[0]["email"] is None


def test_subscribe_list_and_unsubscribe(url):
    done = cli("alerts", "subscribe", "anna", "--region", "KZ-35", "--region", "KZ-75",
               "--signal", "region_large_increase", "--db", url)
    assert done.returncode == 0, done.stderr
    assert cli("alerts", "subscribe", "anna", "--bin", "123456789012", "--db", url).returncode == 0
    listed = json.loads(cli("alerts", "list", "anna", "--db", url, "--json").stdout)
    assert [(s["scope"], s["place"]) for s in listed["subscriptions"]] == [
        ("enterprise", "123456789012"), ("region", "KZ-35"), ("region", "KZ-75")]
    assert listed["subscriptions"][1]["kinds"] == ["region_large_increase"]
    assert cli("alerts", "unsubscribe", "anna", "--region", "KZ-75", "--db", url).returncode == 0
    listed = json.loads(cli("alerts", "list", "--db", url, "--json").stdout)
    assert [s["place"] for s in listed["subscriptions"]] == ["123456789012", "KZ-35"]
    for args in (("--region", "KZ-99"), ("--bin", "12"), ("--signal", "bogus")):
        refused = cli("alerts", "subscribe", "anna", *args, "--db", url)
        assert refused.returncode == 2 and refused.stderr.strip().count("\n") == 0
    assert cli("alerts", "subscribe", "nobody", "--db", url).returncode == 2


def test_run_json_shape_then_nothing_the_second_time(url, tmp_path):
    assert cli("alerts", "subscribe", "anna", "--region", "KZ-35", "--db", url).returncode == 0
    out = tmp_path / "outbox"
    dry = json.loads(cli("alerts", "run", "--as-of", "2025-06", "--dry-run", "--json",
                         "--db", url).stdout)
    assert dry["sent"] == 0 and not out.exists()
    result = cli("alerts", "run", "--as-of", "2025-06", "--out", str(out), "--json",
                 "--db", url)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert set(payload) == {"recipients", "messages", "sent", "skipped"}
    assert (payload["recipients"], payload["sent"], payload["skipped"]) == (1, 1, 0)
    (message,) = payload["messages"]
    assert message["user"] == "anna" and message == dry["messages"][0]
    assert all(set(s) == {"kind", "place", "level", "reason"} for s in message["signals"])
    assert {"kind": "region_large_increase", "place": "KZ-35", "level": "large_increase"} in [
        {k: s[k] for k in ("kind", "place", "level")} for s in message["signals"]]
    (eml,) = out.glob("*.eml")
    mail = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert mail["To"] == "anna@example.kz"
    again = json.loads(cli("alerts", "run", "--as-of", "2025-06", "--out", str(out), "--json",
                           "--db", url).stdout)
    assert again == {"recipients": 0, "messages": [], "sent": 0, "skipped": 0}
    text = cli("alerts", "run", "--as-of", "2025-06", "--out", str(out), "--db", url)
    assert text.returncode == 0 and "0 user(s) got new signals" in text.stdout


def test_run_refuses_a_malformed_month_and_reports_an_unreachable_database(url):
    bad = cli("alerts", "run", "--as-of", "June", "--db", url)
    assert bad.returncode == 2 and "YYYY-MM" in bad.stderr
    down = cli("alerts", "list", "--db", "postgresql://ltm@127.0.0.1:1/none")
    assert down.returncode == 3 and down.stderr.strip().count("\n") == 0


def test_the_scheduled_run_keeps_the_watch_of_closed_cases(url, tmp_path):
    """A case closed within the watch reopens at the alerts run when its enterprise is at
    "high" risk again, with no one opening the Cases page; its owner hears of it."""
    from datetime import date

    from utils import alerts, cases, early_warning, store

    engine = store.get_engine(url)
    try:
        risk = early_warning.enterprise_risk_at(engine, "2025-06", recent_only=True,
                                                config=early_warning.config_from_settings())
        high = risk.loc[risk["risk_level"] == "high", "bin"].tolist()
        assert high, "the demo has enterprises at high risk in June 2025"
        case = cases.open_case(engine, high[0], "anna", opened_on=date(2025, 3, 3))
        for day, state in enumerate(("assigned", "hearing", "measure", "repaid", "closed"),
                                    start=4):
            extra = {"repaid_kzt": 1_000_000.0, "workers": 9} if state == "repaid" else {}
            case = cases.step_case(engine, case.id, state, on=date(2025, 3, day), by="anna",
                                   **extra)
        assert case.state == "closed" and case.watch_until is not None
        assert cli("alerts", "subscribe", "anna", "--db", url).returncode == 0
        dry = cli("alerts", "run", "--as-of", "2025-06", "--dry-run", "--db", url)
        assert dry.returncode == 0 and cases.get_case(engine, case.id).state == "closed"
        run = cli("alerts", "run", "--as-of", "2025-06", "--out", str(tmp_path / "out"),
                  "--db", url)
        assert run.returncode == 0, run.stderr
        assert f"Case {case.id} reopened" in run.stdout
        reopened = cases.get_case(engine, case.id)
        assert reopened.state == "flagged" and reopened.reopen_reason["month"] == "2025-06"
        assert reopened.steps[-1].by == cases.WATCH_USER
        heard = [e for e in alerts.inbox_entries(engine, "anna", "en")
                 if e["kind"] == "case_assigned"]
        assert [e["view"].case for e in heard] == [case.id] and heard[0]["page"] == "cases"
    finally:
        engine.dispose()
