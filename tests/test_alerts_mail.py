"""Digests through a real SMTP server in the test process (aiosmtpd), on the demo data.

Who gets what, in which language, with both parts, the map inline and links that open the
right view; idempotence, a refused message sent on the next run, and a run killed mid-way.
"""

from __future__ import annotations

import email
import html
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from email import policy
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from aiosmtpd.controller import Controller

from tests.app_pages import fresh_caches, open_page  # noqa: F401
from tests.browser import free_port, make_demo_db
from utils import alerts, auth, formatting, i18n, store

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2025-06"
BASE = "https://ltm.example.kz"
PASSWORD = "correct horse battery"
RISING = "KZ-35"  # the demo's region with a sharp rise in June 2025


class Mailbox:
    """An SMTP handler that keeps what it receives and refuses the addresses it is told to."""

    def __init__(self) -> None:
        self.received: list[email.message.EmailMessage] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        mail = email.message_from_bytes(envelope.content, policy=policy.default)
        mail.envelope_to = list(envelope.rcpt_tos)
        self.received.append(mail)
        return "250 OK"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.received if address in m.envelope_to]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("alerts-demo") / "demo.db"
    make_demo_db(path, end_month=AS_OF)
    return path


@pytest.fixture
def smtp(tmp_path, monkeypatch):
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    config = tmp_path / "ltm.toml"
    config.write_text(
        f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nfrom = "ltm@example.kz"\n'
        f'timeout_seconds = 10\n\n[alerts]\nbase_url = "{BASE}/"\n', encoding="utf-8")
    monkeypatch.setenv("LTM_CONFIG", str(config))
    yield mailbox
    controller.stop()


@pytest.fixture
def engine(demo_file, tmp_path):
    path = tmp_path / "ltm.db"
    shutil.copy(demo_file, path)
    engine = store.get_engine(f"sqlite:///{path}")
    store.init_db(engine)
    auth.create_user(engine, "anna", "analyst", PASSWORD, "test", email="anna@example.kz",
                     lang="en")
    auth.create_user(engine, "bek", "viewer", PASSWORD, "test", email="bek@example.kz",
                     lang="kk")
    auth.create_user(engine, "dana", "viewer", PASSWORD, "test")  # no address: the app only
    alerts.follow(engine, "anna")
    alerts.follow(engine, "bek", regions=[RISING], kinds=["region_large_increase"])
    alerts.follow(engine, "dana")
    yield engine
    engine.dispose()


def links(text: str) -> list[str]:
    return re.findall(r"https://\S+", text)


def test_each_user_gets_one_digest_in_their_language(engine, smtp):
    result = alerts.run_alerts(engine, as_of=AS_OF)
    assert (result.recipients, result.sent, result.skipped) == (3, 2, 1), result.failures
    assert len(smtp.received) == 2
    (anna,), (bek,) = smtp.to("anna@example.kz"), smtp.to("bek@example.kz")
    assert anna["To"] == "anna@example.kz" and anna["From"] == "ltm@example.kz"
    month_en = formatting.format_month(AS_OF, "en", "long")
    month_kk = formatting.format_month(AS_OF, "kk", "long")
    anna_signals = next(m for m in result.messages if m["user"] == "anna")["signals"]
    assert anna["Subject"] == i18n.t("alerts.mail.subject", "en", count=len(anna_signals),
                                     month=month_en)
    assert bek["Subject"] == i18n.t("alerts.mail.subject", "kk", count=1, month=month_kk)
    assert anna["Content-Language"] == "en" and bek["Content-Language"] == "kk"
    bek_text = bek.get_body(("plain",)).get_content()
    region_kk = i18n.region_label(RISING, "kk")
    assert region_kk in bek_text and i18n.t("alerts.kind.region_large_increase", "kk") in bek_text
    assert i18n.region_label(RISING, "en") in anna.get_body(("plain",)).get_content()


def test_both_parts_the_inline_map_and_the_links(engine, smtp):
    alerts.run_alerts(engine, as_of=AS_OF)
    (bek,) = smtp.to("bek@example.kz")
    text = bek.get_body(("plain",)).get_content()
    page = bek.get_body(("html",)).get_content()
    images = [p for p in bek.walk() if p.get_content_type() == "image/png"]
    assert len(images) == 1 and images[0].get_content_disposition() == "inline"
    png = images[0].get_content()
    assert png.startswith(b"\x89PNG")
    cid = images[0]["Content-ID"].strip("<>")
    assert f'src="cid:{cid}"' in page
    (link,) = links(text)
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "ltm.example.kz", "/region")
    assert dict(parse_qsl(parts.query)) == {"lang": "kk", "region": RISING,
                                            "start": "2024-07", "end": AS_OF}
    assert link.replace("&", "&amp;") in page
    # The reason is the verdict's, as the hotspots page words it, in both parts.
    report_region = next(r for r in alerts.signal_inputs(engine, AS_OF).report.regions
                         if r.code == RISING)
    from utils.screens import hotspots_screen

    reason = hotspots_screen.verdict_reason(report_region, "kk")
    assert reason in text
    assert html.escape(reason) in page


def test_a_link_from_a_mail_opens_that_view(engine, smtp, monkeypatch):
    alerts.run_alerts(engine, as_of=AS_OF)
    (bek,) = smtp.to("bek@example.kz")
    (link,) = links(bek.get_body(("plain",)).get_content())
    params = dict(parse_qsl(urlsplit(link).query))
    at = open_page(monkeypatch, str(engine.url), "pages/region.py", **params)
    name = i18n.region_label(RISING, "kk")
    assert at.title[0].value == f"{name} · {formatting.format_period('2024-07', AS_OF, 'kk')}"
    assert at.query_params["region"] == RISING and at.query_params["lang"] == "kk"


def test_every_message_sent_is_in_the_audit_log(engine, smtp):
    alerts.run_alerts(engine, as_of=AS_OF)
    entries = store.audit_entries(engine, action="alert_sent")
    assert sorted(d["user"] for d in entries["detail"]) == ["anna", "bek"]
    bek = next(d for d in entries["detail"] if d["user"] == "bek")
    assert bek["signals"] == [{"kind": "region_large_increase", "place": RISING,
                               "level": "large_increase"}]
    assert bek["address"] == "bek@example.kz" and bek["as_of"] == AS_OF
    # A user without an address sees the signals in the app.
    assert alerts.unread_signals(engine, "dana") > 0


def test_a_second_run_on_the_same_data_sends_nothing(engine, smtp):
    alerts.run_alerts(engine, as_of=AS_OF)
    again = alerts.run_alerts(engine, as_of=AS_OF)
    assert again.to_json() == {"recipients": 0, "messages": [], "sent": 0, "skipped": 0}
    assert len(smtp.received) == 2


def test_a_refused_message_stays_unsent_and_goes_out_on_the_next_run(engine, smtp):
    smtp.refuse.add("bek@example.kz")
    first = alerts.run_alerts(engine, as_of=AS_OF)
    assert (first.sent, first.skipped) == (1, 2)
    assert smtp.to("bek@example.kz") == [] and len(smtp.to("anna@example.kz")) == 1
    (unsent,) = store.unsent_messages(engine)
    assert unsent["user_name"] == "bek" and "550" in unsent["last_error"]
    assert "bek" not in {d["user"] for d in
                         store.audit_entries(engine, action="alert_sent")["detail"]}
    smtp.refuse.clear()
    second = alerts.run_alerts(engine, as_of=AS_OF)
    assert (second.recipients, second.sent, second.skipped) == (0, 1, 0)
    assert len(smtp.to("bek@example.kz")) == 1 and len(smtp.to("anna@example.kz")) == 1
    assert store.unsent_messages(engine) == []


def test_without_smtp_the_digests_are_eml_files(engine, tmp_path, monkeypatch):
    monkeypatch.delenv("LTM_CONFIG", raising=False)
    out = tmp_path / "outbox"
    result = alerts.run_alerts(engine, as_of=AS_OF, out=out)
    files = sorted(out.glob("*.eml"))
    assert result.sent == 2 and [f.name.split("-", 1)[1] for f in files] == ["anna.eml",
                                                                            "bek.eml"]
    mail = email.message_from_bytes(files[1].read_bytes(), policy=policy.default)
    assert mail["To"] == "bek@example.kz" and mail.get_body(("html",)) is not None


def test_a_dry_run_stores_and_sends_nothing(engine, smtp):
    dry = alerts.run_alerts(engine, as_of=AS_OF, dry_run=True)
    assert dry.recipients == 3 and dry.sent == 0 and smtp.received == []
    assert store.inbox(engine, "anna") == [] and store.messages(engine) == []


def _stalling_server() -> tuple[socket.socket, int]:
    """A server that takes the connection and never greets: the client waits."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    return server, server.getsockname()[1]


def test_a_run_killed_mid_way_loses_nothing(engine, smtp, tmp_path):
    stall, port = _stalling_server()
    config = tmp_path / "stall.toml"
    config.write_text(f'[smtp]\nhost = "127.0.0.1"\nport = {port}\ntimeout_seconds = 300\n',
                      encoding="utf-8")
    database = Path(engine.url.database)
    process = subprocess.Popen(
        [sys.executable, "cli.py", "alerts", "run", "--as-of", AS_OF, "--db", str(engine.url)],
        cwd=ROOT, env={**os.environ, "LTM_CONFIG": str(config)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        stall.settimeout(max(1.0, deadline - time.monotonic()))
        connection, _ = stall.accept()  # the run is sending its first message now
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        connection.close()
    finally:
        stall.close()
        if process.poll() is None:
            process.kill()
    with sqlite3.connect(database) as db:
        stored = db.execute("SELECT user_name, sent_at FROM alert_messages ORDER BY id").fetchall()
    assert sorted(stored) == [("anna", None), ("bek", None)]
    result = alerts.run_alerts(engine, as_of=AS_OF)
    assert (result.recipients, result.sent) == (0, 2)
    assert len(smtp.to("anna@example.kz")) == 1 and len(smtp.to("bek@example.kz")) == 1
    assert store.unsent_messages(engine) == []


def test_the_sources_read_the_early_warning_of_the_demo(engine):
    """May 2025 of the demo: a new hot spot, enterprises new on the watchlist, a sharp rise."""
    inputs = alerts.signal_inputs(engine, "2025-05")
    found = alerts.candidates_of(inputs)
    hot = [c for c in found if c.kind == "emerging_hot_spot"]
    expected = [r.code for r in inputs.report.regions
                if r.emerging_category in ("new_hot_spot", "consecutive_hot_spot",
                                           "intensifying_hot_spot")]
    assert [c.place for c in hot] == expected and expected
    assert hot[0].reason == [{"key": f"ehsa.{hot[0].level}.help", "params": {}}]
    new_firms = {e.bin for e in inputs.report.enterprises if e.new_on_list}
    assert {c.place for c in found if c.kind == "watchlist_new"} == new_firms
    rising = {r.code for r in inputs.report.regions if r.level == "large_increase"}
    assert {c.place for c in found if c.kind == "region_large_increase"} == rising
    before = {e.bin: e.risk_level for e in inputs.previous.enterprises}
    for raised in (c for c in found if c.kind == "risk_raised"):
        assert alerts.severity("risk_raised", raised.level) > alerts.severity(
            "risk_raised", before[raised.place])


def test_an_enterprise_link_from_a_mail_opens_that_enterprise(engine, smtp, monkeypatch):
    result = alerts.run_alerts(engine, as_of=AS_OF)
    (anna,) = smtp.to("anna@example.kz")
    firms = [s for s in next(m for m in result.messages if m["user"] == "anna")["signals"]
             if s["kind"] in ("watchlist_new", "risk_raised")]
    assert firms
    link = next(u for u in links(anna.get_body(("plain",)).get_content())
                if f"enterprise={firms[0]['place']}" in u)
    parts = urlsplit(link)
    assert (parts.netloc, parts.path) == ("ltm.example.kz", "/enterprise")
    at = open_page(monkeypatch, str(engine.url), "pages/enterprise.py",
                   **dict(parse_qsl(parts.query)))
    assert at.query_params["enterprise"] == firms[0]["place"]
    assert at.query_params["lang"] == "en" and at.query_params["end"] == AS_OF
    assert at.header[0].value  # the enterprise's profile, not the search
    assert firms[0]["place"] in "\n".join(str(m.value) for m in at.markdown)
