"""The browser's session cookie, handed out by the web server with every page it serves.

Streamlit's script cannot set a cookie (``st.context.cookies`` only reads the request that
opened the page's connection), so the cookie comes from an ASGI middleware that
``serve.py`` puts in front of Streamlit (``st.App(..., middleware=[...])``). On every HTML
response, the app's page itself, it sets ``ltm_session``: the browser's token signed with
the app's secret, HttpOnly and SameSite=Lax (see ``utils.auth.sessions``). A browser
without a valid cookie gets a new random token; one with a valid cookie gets the same
token again with a fresh ``Max-Age``, so the cookie outlives every session started in it.
The websocket that follows carries the cookie, and the app finds the log-in stored
against it.

The token says nothing by itself: it logs nobody in until a log-in in that browser stores
a session against its hash, and it is useless after log-out. The middleware imports no
Streamlit; it reads the settings when the server starts.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import CookieError, SimpleCookie
from typing import Any

from utils import auth, store

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def cookie_value(headers: list[tuple[bytes, bytes]], name: str | None = None) -> str | None:
    """Return the value of cookie ``name`` (default: the session cookie's name in force) in a
    request's ASGI headers, or None.
    """  # noqa: D205
    name = name or auth.cookie_name()
    for key, value in headers:
        if key.lower() != b"cookie":
            continue
        jar = SimpleCookie()
        try:
            jar.load(value.decode("latin-1"))
        except CookieError:
            continue
        if name in jar:
            return jar[name].value
    return None


def _is_html(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(key.lower() == b"content-type" and value.lower().startswith(b"text/html")
               for key, value in headers)


class SessionCookieMiddleware:
    """ASGI middleware that gives every page response the browser's signed session cookie.

    Parameters
    ----------
    app
        The ASGI application behind it (Streamlit's).
    secret
        Signing secret; default :func:`utils.auth.signing_secret`.
    secure
        Send the cookie over HTTPS only; default ``auth.session_cookie_secure``.
    """

    def __init__(self, app: ASGIApp, secret: bytes | None = None,
                 secure: bool | None = None) -> None:
        self.app = app
        self.secret = secret or auth.signing_secret()
        self.secure = secure

    def header_for(self, headers: list[tuple[bytes, bytes]]) -> bytes:
        """Return the ``Set-Cookie`` value for a request with ``headers``: its own token
        renewed when the signature holds, else a new one.
        """  # noqa: D205
        name = auth.cookie_name(self.secure)
        token = auth.unsign_token(cookie_value(headers, name), self.secret) or auth.new_token()
        value = auth.sign_token(token, self.secret)
        return auth.cookie_header(value, secure=self.secure).encode("latin-1")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; add the cookie to an HTML response."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_headers = list(scope.get("headers") or [])

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                if _is_html(headers):
                    headers.append((b"set-cookie", self.header_for(request_headers)))
                    message["headers"] = headers
            await send(message)

        await self.app(scope, receive, sending)


class CookiePermission:
    """Whether a request's session cookie belongs to a live log-in with a given permission.

    The guards that ``serve.py`` installs in front of Streamlit's own endpoints ask it; the
    session is looked up in the store (``bind``, default the app's database, opened on first
    use).
    """

    def __init__(self, bind: Any = None, secret: bytes | None = None,
                 secure: bool | None = None) -> None:
        self.bind = bind
        self.secret = secret or auth.signing_secret()
        self.secure = secure

    def allows(self, headers: list[tuple[bytes, bytes]], permission: str) -> bool:
        """Return whether the cookie in ``headers`` is a live log-in holding ``permission``."""
        token = auth.unsign_token(cookie_value(headers, auth.cookie_name(self.secure)),
                                  self.secret)
        if token is None:
            return False
        if self.bind is None:
            self.bind = store.get_engine()
        user = auth.session_user(self.bind, token)
        return user is not None and auth.has_permission(user.role, permission)
