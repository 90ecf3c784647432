"""Log-in throttling that does not tell which account names exist.

Two guards sit in front of the password check (:func:`utils.auth.authenticate`):

* **per client address**: after ``free_attempts`` wrong log-ins from one address within
  ``window`` the next attempt must wait, and the wait doubles with each further failure up
  to ``max_delay_seconds`` (1, 2, 4 … 60 s). A password sprayer trying many names from one
  machine is slowed whatever names it tries; an attempt made too early is refused without
  checking the password.
* **per unknown name**: a name with no account is locked after as many wrong attempts as a
  real account, for as long, so the answers to "wrong password" and "no such user" are the
  same sequence (``wrong``, ``wrong``, …, ``locked``). Real accounts keep their lock in the
  database (``utils.auth``).

The counts live in the server's memory, one set per store (engine): the app runs as one
Streamlit process; a restart forgets them, which at worst gives an attacker one fresh set
of attempts per restart, while the accounts' own locks persist.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

#: Wrong attempts from one address before the waits begin.
FREE_ATTEMPTS = 3
#: Longest wait between two attempts from one address.
MAX_DELAY_SECONDS = 60.0
#: Failures older than this no longer count against an address.
WINDOW = timedelta(minutes=15)


@dataclass
class _Address:
    failures: int = 0
    last: datetime | None = None


@dataclass
class _Name:
    failures: int = 0
    locked_until: datetime | None = None


@dataclass
class LoginThrottle:
    """Failure counts per client address and per unknown account name."""

    free_attempts: int = FREE_ATTEMPTS
    max_delay_seconds: float = MAX_DELAY_SECONDS
    window: timedelta = WINDOW
    _addresses: dict[str, _Address] = field(default_factory=dict)
    _names: dict[str, _Name] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _address(self, client: str, now: datetime) -> _Address:
        record = self._addresses.setdefault(client, _Address())
        if record.last is not None and now - record.last > self.window:
            record.failures, record.last = 0, None
        return record

    def delay_seconds(self, failures: int) -> float:
        """Return the wait required after ``failures`` wrong attempts from one address."""
        over = failures - self.free_attempts
        return 0.0 if over < 0 else min(2.0 ** over, self.max_delay_seconds)

    def wait_seconds(self, client: str | None, now: datetime) -> float:
        """Return how long ``client`` must still wait before its next attempt (0: none)."""
        if not client:
            return 0.0
        with self._lock:
            record = self._address(client, now)
            if record.last is None:
                return 0.0
            ready = record.last + timedelta(seconds=self.delay_seconds(record.failures))
            return max(0.0, (ready - now).total_seconds())

    def name_locked_until(self, name: str, now: datetime) -> datetime | None:
        """Return until when the unknown ``name`` is locked, None when it is not."""
        with self._lock:
            record = self._names.get(name)
            if record is None or record.locked_until is None or now >= record.locked_until:
                return None
            return record.locked_until

    def record_failure(self, client: str | None, now: datetime, *, name: str | None = None,
                       attempts: int = 0, lock: timedelta | None = None) -> datetime | None:
        """Count a wrong attempt from ``client`` and, for an unknown ``name``, against it.

        Returns the moment the unknown name is locked until when this attempt locks it (the
        ``attempts``-th in a row; the count then starts again, as for an account).
        """
        with self._lock:
            if client:
                record = self._address(client, now)
                record.failures += 1
                record.last = now
            if name is None or lock is None or attempts < 1:
                return None
            entry = self._names.setdefault(name, _Name())
            entry.failures += 1
            if entry.failures >= attempts:
                entry.failures, entry.locked_until = 0, now + lock
                return entry.locked_until
            return None

    def record_success(self, client: str | None) -> None:
        """Forget the failures of ``client`` after a successful log-in."""
        if client:
            with self._lock:
                self._addresses.pop(client, None)


_THROTTLES: weakref.WeakKeyDictionary[Any, LoginThrottle] = weakref.WeakKeyDictionary()
_THROTTLES_LOCK = threading.Lock()


def throttle_for(bind: Any) -> LoginThrottle:
    """Return the throttle of the store behind ``bind`` (an engine or a connection)."""
    engine = getattr(bind, "engine", bind)
    with _THROTTLES_LOCK:
        throttle = _THROTTLES.get(engine)
        if throttle is None:
            throttle = _THROTTLES[engine] = LoginThrottle()
        return throttle
