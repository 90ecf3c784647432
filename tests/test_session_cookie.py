"""The session-cookie middleware on a real Starlette app, and session ids kept out of
Streamlit's log.
"""

from __future__ import annotations

import logging

from starlette.applications import Starlette
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route

from tests.asgi import http_request
from utils import auth
from utils.ui.private_logs import REDACTED, redact_session_ids
from utils.ui.session_cookie import SessionCookieMiddleware, cookie_value

SECRET = b"m" * 40


async def _page(request):
    return HTMLResponse("<html><body>app</body></html>")


async def _health(request):
    return JSONResponse({"ok": True})


APP = SessionCookieMiddleware(
    Starlette(routes=[Route("/", _page), Route("/_stcore/health", _health)]),
    secret=SECRET, secure=False,
)


def _get(path: str, cookie: str | None = None, app=APP) -> list[tuple[bytes, bytes]]:
    """Return the response headers of a GET through the middleware."""
    return list(http_request(app, path, cookie)[0]["headers"])


def _set_cookies(headers) -> list[str]:
    return [value.decode("latin-1") for key, value in headers if key == b"set-cookie"]


def test_a_page_gives_a_new_browser_a_signed_http_only_cookie():
    [header] = _set_cookies(_get("/"))
    value = header.split(";")[0].split("=", 1)[1]
    assert header.startswith(f"{auth.COOKIE_NAME}=")
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Max-Age=57600" in header
    assert auth.unsign_token(value, SECRET) is not None


def test_a_valid_cookie_is_renewed_with_the_same_token_and_a_forged_one_replaced():
    token = auth.new_token()
    signed = auth.sign_token(token, SECRET)
    [renewed] = _set_cookies(_get("/", f"other=1; {auth.COOKIE_NAME}={signed}"))
    assert renewed.split(";")[0] == f"{auth.COOKIE_NAME}={signed}"
    forged = f"{token}.{auth.sign_token(token, b'x' * 40).split('.')[1]}"
    [replaced] = _set_cookies(_get("/", f"{auth.COOKIE_NAME}={forged}"))
    new_token = auth.unsign_token(replaced.split(";")[0].split("=", 1)[1], SECRET)
    assert new_token is not None and new_token != token


def test_responses_other_than_pages_carry_no_cookie():
    assert _set_cookies(_get("/_stcore/health")) == []


def test_the_cookie_value_is_read_from_the_request_headers():
    headers = [(b"Cookie", b"a=1; ltm_session=abc.def"), (b"accept", b"*/*")]
    assert cookie_value(headers) == "abc.def"
    assert cookie_value([(b"cookie", b"a=1")]) is None


def test_session_ids_are_redacted_from_streamlit_s_log(caplog):
    logger = logging.getLogger("streamlit.runtime.websocket_session_manager")
    redact_session_ids()
    redact_session_ids()
    session_id = "5f0c2c5e-8b44-4a0e-9f6a-2b1d3c4e5f60"
    with caplog.at_level(logging.WARNING, logger=logger.name):
        logger.addHandler(caplog.handler)
        try:
            logger.warning("Session with id %s is already connected! Reconnecting to existing "
                           "session.", session_id)
        finally:
            logger.removeHandler(caplog.handler)
    assert session_id not in caplog.text
    assert f"Session with id {REDACTED} is already connected" in caplog.text


SECURE_APP = SessionCookieMiddleware(Starlette(routes=[Route("/", _page)]), secret=SECRET,
                                     secure=True)


def _get_secure(cookie: str | None = None) -> list[str]:
    return _set_cookies(_get("/", cookie, app=SECURE_APP))


def test_over_https_the_cookie_is_host_only_so_no_other_site_can_plant_a_token():
    [header] = _get_secure()
    assert header.startswith(f"__Host-{auth.COOKIE_NAME}=")
    assert "Secure" in header and "Path=/" in header and "Domain" not in header


def test_over_https_a_token_planted_under_the_bare_name_is_not_taken():
    planted = auth.sign_token(auth.new_token(), SECRET)
    [header] = _get_secure(f"{auth.COOKIE_NAME}={planted}")
    assert header.split(";")[0] != f"__Host-{auth.COOKIE_NAME}={planted}"
    signed = auth.sign_token(auth.new_token(), SECRET)
    [renewed] = _get_secure(f"__Host-{auth.COOKIE_NAME}={signed}")
    assert renewed.split(";")[0] == f"__Host-{auth.COOKIE_NAME}={signed}"
