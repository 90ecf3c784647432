"""A run of the alerts: find the signals, decide who gets which, store, then send.

:func:`run_alerts` is what ``cli.py alerts run`` and a scheduled job call. In order:

1. the sources read the early warning at the run's month and the month before;
2. for each user with subscriptions (accounts disabled aside), the rules pick the signals
   covered and not yet signalled; the digest is composed in the user's language;
3. the user's signals and their digest are stored in one transaction: the signals enter the
   ledger (and the user's inbox in the app), the digest enters the outbox unsent. A user
   without an e-mail address gets the signals in the app only;
4. every unsent message of the outbox (this run's and any an earlier run failed to send) is
   sent; a message is marked sent, and the audit log records who got which signals, only
   when the server accepted it. A refused message stays unsent for the next run.

Before step 1 the run also keeps the watch of closed cases (``utils.cases.reopen_on_risk``):
a case closed within the watch whose enterprise is at "high" risk again at the run's month
reopens, so a scheduled alerts job is enough to keep cases honest without anyone opening
the Cases page; its owner hears of it through the case signals.

A run killed before step 3 commits leaves nothing, and the next run finds the same signals;
killed after it, the outbox holds the digest and the next run sends it. Running twice on the
same data sends nothing the second time (the rules' ``already``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from utils import cases, settings, store
from utils.alerts.digest import compose_digest, map_values, reason_text
from utils.alerts.kinds import Candidate, signal_kinds
from utils.alerts.mail import DeliveryFailed, FolderMailer, SmtpMailer, mailer, smtp_settings
from utils.alerts.rules import cooldown, signals_for_user
from utils.alerts.sources import SignalInputs, signal_inputs

#: Language of a digest when the account has none set.
DEFAULT_LANG = "ru"
#: Audit action of a message sent.
AUDIT_SENT = "alert_sent"


@dataclass
class RunResult:
    """What a run did: who got which signals, how many messages went out and how many not.

    ``sent`` counts messages the server accepted in this run (earlier runs' included);
    ``skipped`` the digests not sent: refused by the server (they are tried again next run)
    or for a user without an e-mail address (their signals are in the app's inbox).
    ``reopened`` lists the cases the watch reopened before the signals were found.
    """

    as_of: str | None
    dry_run: bool
    messages: list[dict[str, Any]] = field(default_factory=list)
    sent: int = 0
    skipped: int = 0
    failures: list[dict[str, Any]] = field(default_factory=list)
    destination: str | None = None
    reopened: list[int] = field(default_factory=list)

    @property
    def recipients(self) -> int:
        """Return the number of users signals were found for in this run."""
        return len(self.messages)

    def to_json(self) -> dict[str, Any]:
        """Return the JSON object of ``cli.py alerts run --json``."""
        return {"recipients": self.recipients, "messages": self.messages, "sent": self.sent,
                "skipped": self.skipped}


def candidates_of(inputs: SignalInputs) -> list[Candidate]:
    """Return the candidate signals of every wired kind, in the order of the registry."""
    return [c for kind in signal_kinds().values() if kind.wired for c in kind.source(inputs)]


def _by_user(rows: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["user"], []).append(row)
    return grouped


def _summary(user: str, signals: list[Candidate], lang: str) -> dict[str, Any]:
    return {"user": user, "signals": [
        {"kind": s.kind, "place": s.place, "level": s.level,
         "reason": reason_text(s.reason, lang)} for s in signals]}


def deliver_outbox(engine: Any, sender: SmtpMailer | FolderMailer, result: RunResult) -> None:
    """Send every unsent message of the outbox; mark and audit each one the server accepted."""
    for message in store.unsent_messages(engine):
        try:
            sender.send(int(message["id"]), message["user_name"], message["address"],
                        message["body"])
        except DeliveryFailed as exc:
            store.mark_message_failed(engine, int(message["id"]), str(exc))
            result.skipped += 1
            result.failures.append({"user": message["user_name"], "error": str(exc)})
            continue
        store.mark_message_sent(engine, int(message["id"]))
        signals = store.message_signals(engine, int(message["id"]))
        store.append_audit(engine, "alerts", AUDIT_SENT, {
            "user": message["user_name"], "address": message["address"],
            "message_id": int(message["id"]), "as_of": message["as_of"],
            "signals": [{"kind": s["kind"], "place": s["place"], "level": s["level"]}
                        for s in signals]})
        result.sent += 1


def run_alerts(engine: Any, *, as_of: str | None = None, out: Path | None = None,
               dry_run: bool = False, now: datetime | None = None,
               inputs: SignalInputs | None = None) -> RunResult:
    """Run the alerts once (see the module) and return what was done.

    Parameters
    ----------
    engine
        The store.
    as_of
        Month of the data (``YYYY-MM``); None: the last month loaded.
    out
        Folder to write ``.eml`` files to instead of sending through SMTP.
    dry_run
        Say who would get which signals; store and send nothing (the watch reopens nothing).
    now
        The time of the run (the cool-down counts from it); the current time by default.
    inputs
        The early-warning results to read, when already computed.
    """
    now = now or store.schema.utc_now()
    reopened = [] if dry_run else cases.reopen_on_risk(engine, as_of, on=now.date())
    inputs = inputs or signal_inputs(engine, as_of, today=now.date())
    result = RunResult(inputs.report.as_of, dry_run, reopened=[case.id for case in reopened])
    if inputs.report.as_of is None:
        return result
    month = inputs.as_of
    candidates = candidates_of(inputs)
    cool_down = cooldown()
    options = settings.get("alerts")
    limit = int(options["max_signals_per_digest"])
    sender_address = smtp_settings().sender
    values = None
    for user, subscriptions in _by_user(store.subscriptions(engine)).items():
        account = store.get_user(engine, user)
        if account is None or account["disabled"]:
            continue
        chosen = signals_for_user(candidates, subscriptions, store.last_signals(engine, user),
                                  now, cool_down, user)
        if not chosen:
            continue
        lang = account.get("lang") or DEFAULT_LANG
        result.messages.append(_summary(user, chosen, lang))
        if dry_run:
            continue
        address = account.get("email")
        message = None
        if address:
            if values is None:
                values = map_values(engine, month)
            digest = compose_digest(user, address, lang, month, chosen[:limit],
                                    base_url=str(options["base_url"]), values=values,
                                    more=max(0, len(chosen) - limit))
            message = {"address": address, "subject": digest.subject, "as_of": month,
                       "body": digest.message(sender_address, address).as_string()}
        else:
            result.skipped += 1
        store.record_digest(engine, user, [c.to_record() for c in chosen], message)
    if not dry_run:
        sender = mailer(out)
        result.destination = sender.describe
        deliver_outbox(engine, sender, result)
    return result
