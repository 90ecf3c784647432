"""Keep Streamlit's session ids out of the server's log.

Whoever holds the id of a Streamlit session can reattach a browser to it (Streamlit's
reconnect), and Streamlit writes that id to its log when a client reconnects
(``Session with id … is already connected! Reconnecting to existing session.``). A
logged-in page is protected anyway (the log-in is bound to the browser's session cookie,
see ``utils.ui.auth``), but the log should not hand out the key: :func:`redact_session_ids`
puts a filter on Streamlit's loggers that replaces every session id (a UUID) in a record
with ``[session]`` before any handler writes it.
"""

from __future__ import annotations

import logging
import re

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
REDACTED = "[session]"


class SessionIdFilter(logging.Filter):
    """A logging filter that replaces session ids (UUIDs) in a record's message."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message without session ids; never drop the record."""
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        if _UUID.search(message):
            record.msg = _UUID.sub(REDACTED, message)
            record.args = ()
        return True


_FILTER = SessionIdFilter()


def redact_session_ids() -> int:
    """Put the filter on every Streamlit logger that exists and on the ``streamlit`` root
    logger's handlers; return how many loggers were filtered.

    Filters on a logger do not reach its children, so each logger gets its own; the
    handlers cover records of loggers created later. Calling it again adds nothing.
    """  # noqa: D205
    count = 0
    names = [name for name in logging.root.manager.loggerDict if name.startswith("streamlit")]
    for name in ["streamlit", *names]:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
        for handler in logger.handlers:
            if _FILTER not in handler.filters:
                handler.addFilter(_FILTER)
        count += 1
    return count
