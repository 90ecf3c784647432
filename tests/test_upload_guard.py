"""Streamlit's upload endpoint behind ``serve.py`` answers only a log-in that may load data,
checked on a real Starlette app with a real SQLite store of sessions.
"""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from tests.asgi import http_request
from utils import auth, store
from utils.ui.upload_guard import REFUSAL, UploadGuardMiddleware

SECRET = b"u" * 40


async def _accepted(request):
    return PlainTextResponse("stored")


@pytest.fixture()
def guard(tmp_path):
    engine = store.get_engine(f"sqlite:///{tmp_path / 'ltm.db'}")
    store.init_db(engine)
    auth.create_user(engine, "anna", "analyst", "correct horse battery", actor="cli")
    auth.create_user(engine, "vera", "viewer", "correct horse battery", actor="cli")
    app = Starlette(routes=[Route("/_stcore/upload_file/{rest:path}", _accepted,
                                  methods=["PUT", "DELETE"]),
                            Route("/", _accepted)])
    yield UploadGuardMiddleware(app, bind=engine, secret=SECRET, secure=False), engine
    engine.dispose()


def _request(app, path: str, cookie: str | None = None, method: str = "PUT"):
    sent = http_request(app, path, cookie, method=method, body=b"file")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent[0]["status"], body


def _cookie_of(engine, name: str | None) -> str:
    token = auth.new_token()
    if name is not None:
        account = store.get_user(engine, name)
        auth.start_session(engine, token, name, account["role"])
    return f"{auth.COOKIE_NAME}={auth.sign_token(token, SECRET)}"


UPLOAD = "/_stcore/upload_file/session-id/file-id"


def test_an_upload_without_a_log_in_is_refused(guard):
    app, engine = guard
    assert _request(app, UPLOAD) == (403, REFUSAL)
    assert _request(app, UPLOAD, _cookie_of(engine, None)) == (403, REFUSAL)
    forged = f"{auth.COOKIE_NAME}={auth.new_token()}.{'0' * 43}"
    assert _request(app, UPLOAD, forged)[0] == 403


def test_an_upload_of_a_role_that_may_not_load_is_refused(guard):
    app, engine = guard
    assert _request(app, UPLOAD, _cookie_of(engine, "vera"))[0] == 403


def test_an_analyst_s_upload_passes_and_ends_with_the_log_in(guard):
    app, engine = guard
    cookie = _cookie_of(engine, "anna")
    assert _request(app, UPLOAD, cookie) == (200, b"stored")
    assert _request(app, UPLOAD, cookie, method="DELETE")[0] == 200
    token = auth.unsign_token(cookie.split("=", 1)[1], SECRET)
    auth.end_session(engine, token)
    assert _request(app, UPLOAD, cookie)[0] == 403


def test_other_paths_pass_without_a_log_in(guard):
    app, _ = guard
    assert _request(app, "/", method="GET") == (200, b"stored")
