"""Streamlit's file-upload endpoint answered only for browsers logged in with the right to load.

Streamlit accepts files at ``/_stcore/upload_file/…`` from any page's session, logged in or
not, up to ``server.maxUploadSize``: four anonymous uploads of 150 MB held 600 MB of the
server for minutes. The only uploader of the app is the Data page's, which only roles with
the ``upload`` permission see, so this ASGI middleware (installed by ``serve.py`` behind the
session-cookie middleware) refuses the endpoint with 403 unless the browser's signed session
cookie belongs to a live log-in whose role may upload. The session is looked up in the store
off the event loop; nothing of the request body is read before the answer.
"""

from __future__ import annotations

from typing import Any

import anyio.to_thread

from utils.ui.session_cookie import ASGIApp, CookiePermission, Receive, Scope, Send

UPLOAD_PATH = "/_stcore/upload_file"
REFUSAL = b"Uploading needs a log-in with the right to load data."


class UploadGuardMiddleware:
    """ASGI middleware that answers the upload endpoint only for logged-in uploaders.

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

    def may_upload(self, headers: list[tuple[bytes, bytes]]) -> bool:
        """Return whether the request's session cookie belongs to a log-in that may upload."""
        return self.permission.allows(headers, "upload")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse the upload endpoint with 403 unless :meth:`may_upload`; pass the rest on."""
        if scope["type"] == "http" and scope.get("path", "").startswith(UPLOAD_PATH):
            headers = list(scope.get("headers") or [])
            if not await anyio.to_thread.run_sync(self.may_upload, headers):
                await send({"type": "http.response.start", "status": 403,
                            "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                        (b"content-length", str(len(REFUSAL)).encode())]})
                await send({"type": "http.response.body", "body": REFUSAL})
                return
        await self.app(scope, receive, send)
