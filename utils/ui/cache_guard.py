"""Streamlit's «clear caches» message taken only from an administrator's browser.

Any page's websocket may send Streamlit a ``clear_cache`` message, and Streamlit then empties
every cache of the process: every user's next page is computed again (another user's page
went from 0.20 s to 1.69 s). The app's menu does not offer it, but a crafted client can send
it. This ASGI middleware, installed by ``serve.py``, reads each message the browser sends
on ``/_stcore/stream`` and drops a ``clear_cache`` unless the connection's session cookie
belongs to a live log-in of an administrator (who may need it after repairing data by hand).
Every other message passes untouched; one that cannot be read passes too, for Streamlit to
judge.
"""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from streamlit.proto.BackMsg_pb2 import BackMsg

from utils.ui.session_cookie import ASGIApp, CookiePermission, Message, Receive, Scope, Send

STREAM_PATH = "/_stcore/stream"


def is_clear_cache(data: bytes | None) -> bool:
    """Return whether a websocket message from the browser asks to clear every cache."""
    if not data:
        return False
    try:
        return BackMsg.FromString(data).WhichOneof("type") == "clear_cache"
    except Exception:  # not a message Streamlit could read either
        return False


class CacheGuardMiddleware:
    """ASGI middleware that drops ``clear_cache`` messages of browsers not logged in as admin.

    Parameters
    ----------
    app
        The ASGI application behind it (Streamlit's).
    bind
        Engine of the store holding the sessions; default the app's database.
    secret
        Signing secret of the session cookie; default :func:`utils.auth.signing_secret`.
    secure
        Whether the cookie goes by its HTTPS name; default ``auth.session_cookie_secure``.
    """

    def __init__(self, app: ASGIApp, bind: Any = None, secret: bytes | None = None,
                 secure: bool | None = None) -> None:
        self.app = app
        self.permission = CookiePermission(bind, secret, secure)

    def may_clear(self, headers: list[tuple[bytes, bytes]]) -> bool:
        """Return whether the connection's session cookie belongs to a live admin log-in."""
        return self.permission.allows(headers, "manage_users")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the connection on, without the ``clear_cache`` messages it may not send."""
        if scope["type"] != "websocket" or not scope.get("path", "").startswith(STREAM_PATH):
            await self.app(scope, receive, send)
            return
        headers = list(scope.get("headers") or [])

        async def receiving() -> Message:
            while True:
                message = await receive()
                if message.get("type") != "websocket.receive" or not is_clear_cache(
                        message.get("bytes")):
                    return message
                if await anyio.to_thread.run_sync(self.may_clear, headers):
                    return message

        await self.app(scope, receiving, send)
