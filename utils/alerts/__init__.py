"""Alerts that reach people: subscriptions, digests by e-mail and the inbox in the app.

The package's face. Inside, one module per job:

``kinds``
    The types (:class:`Candidate`, :class:`SignalKind`) and the registry of signal kinds: a
    new source of signals registers a kind and everything else takes it as it is.
``sources``
    The kinds read from the early warning: ``region_large_increase``,
    ``emerging_hot_spot``, ``watchlist_new``, ``risk_raised``.
``case_signals``
    The kinds read from the open cases: ``case_assigned`` and ``case_overdue``, each meant
    for the case's owner.
``rules``
    Which signals fire: new for the place, not repeated within the cool-down unless the
    level rises further (:func:`decide`).
``digest``
    One message per user and run in the user's language: summary, reasons in words, links
    that open the exact view, a small map, plain text and HTML.
``mail``
    Sending through SMTP from the settings, or ``.eml`` files into a folder.
``runs``
    A run: find, decide, store (the outbox), send (:func:`run_alerts`).
``subscriptions``
    Following places and kinds, checked against the registry and the regions.
"""

from utils.alerts.case_signals import ASSIGNED_LEVELS as CASE_ASSIGNED_LEVELS
from utils.alerts.case_signals import OVERDUE_LEVELS as CASE_OVERDUE_LEVELS
from utils.alerts.digest import (
    Digest,
    compose_digest,
    level_label,
    place_label,
    reason_text,
    signal_link,
)
from utils.alerts.kinds import (
    PLACE_TYPES,
    Candidate,
    SignalKind,
    get_kind,
    register_kind,
    severity,
    signal_kinds,
)
from utils.alerts.mail import DeliveryFailed, FolderMailer, SmtpMailer, mailer, smtp_settings
from utils.alerts.rules import FIRING, cooldown, covers, decide, signals_for_user
from utils.alerts.runs import RunResult, candidates_of, deliver_outbox, run_alerts
from utils.alerts.sources import SignalInputs, signal_inputs
from utils.alerts.subscriptions import (
    follow,
    follows,
    inbox_entries,
    mark_inbox_read,
    parse_places,
    unfollow,
    unread_signals,
)

__all__ = [
    "CASE_ASSIGNED_LEVELS",
    "CASE_OVERDUE_LEVELS",
    "FIRING",
    "PLACE_TYPES",
    "Candidate",
    "DeliveryFailed",
    "Digest",
    "FolderMailer",
    "RunResult",
    "SignalInputs",
    "SignalKind",
    "SmtpMailer",
    "candidates_of",
    "compose_digest",
    "cooldown",
    "covers",
    "decide",
    "deliver_outbox",
    "follow",
    "follows",
    "get_kind",
    "inbox_entries",
    "level_label",
    "mailer",
    "mark_inbox_read",
    "parse_places",
    "place_label",
    "reason_text",
    "register_kind",
    "run_alerts",
    "severity",
    "signal_inputs",
    "signal_kinds",
    "signal_link",
    "signals_for_user",
    "smtp_settings",
    "unfollow",
    "unread_signals",
]
