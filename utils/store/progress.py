"""Progress of long store writes, reported to whoever is listening.

A load runs in one transaction deep inside the store; the data page wants a progress bar
for it without the store knowing about Streamlit. The caller installs a callback for the
duration of a block (:func:`reporting`); :func:`report` calls it, or does nothing when no
one listens. A context variable keeps concurrent sessions' callbacks apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

#: ``callback(table, done, total)``: rows of ``table`` written so far out of ``total``.
ProgressCallback = Callable[[str, int, int], None]

_listener: ContextVar[ProgressCallback | None] = ContextVar("ltm_progress", default=None)


@contextmanager
def reporting(callback: ProgressCallback) -> Iterator[None]:
    """Send the progress of the store writes inside the block to ``callback``."""
    token = _listener.set(callback)
    try:
        yield
    finally:
        _listener.reset(token)


def report(table: str, done: int, total: int) -> None:
    """Tell the listener, if any, that ``done`` of ``total`` rows of ``table`` are written."""
    callback = _listener.get()
    if callback is not None:
        callback(table, done, total)
