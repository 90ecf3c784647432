"""Streamlit's «clear caches» message behind ``serve.py`` reaches the app only from an
administrator's browser, checked on the ASGI websocket with a real SQLite store of sessions.
"""

from __future__ import annotations

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg

from tests.asgi import run
from utils import auth, store
from utils.ui.cache_guard import CacheGuardMiddleware, is_clear_cache

SECRET = b"c" * 40


def _message(kind: str) -> bytes:
    message = BackMsg()
    if kind == "clear_cache":
        message.clear_cache = True
    else:
        message.rerun_script.query_string = "lang=ru"
    return message.SerializeToString()


def _delivered(guard: CacheGuardMiddleware, cookie: str | None, sent: list[bytes],
               path: str = "/_stcore/stream") -> list[str]:
    """Return the kinds of the browser's messages that reach the app behind ``guard``."""
    incoming = [{"type": "websocket.connect"}]
    incoming += [{"type": "websocket.receive", "bytes": data} for data in sent]
    incoming.append({"type": "websocket.disconnect", "code": 1000})
    received: list[str] = []

    async def streamlit(scope, receive, send):
        while True:
            message = await receive()
            if message["type"] == "websocket.disconnect":
                return
            if message["type"] == "websocket.receive":
                received.append(BackMsg.FromString(message["bytes"]).WhichOneof("type"))

    guard.app = streamlit
    headers = [(b"host", b"127.0.0.1")]
    if cookie is not None:
        headers.append((b"cookie", cookie.encode("latin-1")))
    scope = {"type": "websocket", "path": path, "headers": headers}

    async def receive():
        return incoming.pop(0)

    async def send(message):
        pass

    run(guard(scope, receive, send))
    return received


@pytest.fixture()
def engine(tmp_path):
    bound = store.get_engine(f"sqlite:///{tmp_path / 'ltm.db'}")
    store.init_db(bound)
    auth.create_user(bound, "asel", "admin", "correct horse battery", actor="cli")
    auth.create_user(bound, "anna", "analyst", "correct horse battery", actor="cli")
    yield bound
    bound.dispose()


def _cookie_of(engine, name: str | None) -> str:
    token = auth.new_token()
    if name is not None:
        auth.start_session(engine, token, name, store.get_user(engine, name)["role"])
    return f"{auth.COOKIE_NAME}={auth.sign_token(token, SECRET)}"


def _guard(engine) -> CacheGuardMiddleware:
    return CacheGuardMiddleware(None, bind=engine, secret=SECRET, secure=False)


SENT = [_message("rerun_script"), _message("clear_cache"), _message("rerun_script")]


def test_a_stranger_s_clear_cache_is_dropped_and_the_rest_passes(engine):
    assert _delivered(_guard(engine), None, SENT) == ["rerun_script", "rerun_script"]
    assert _delivered(_guard(engine), _cookie_of(engine, None), SENT) == [
        "rerun_script", "rerun_script"]


def test_only_an_administrator_may_clear_the_caches(engine):
    assert _delivered(_guard(engine), _cookie_of(engine, "anna"), SENT) == [
        "rerun_script", "rerun_script"]
    assert _delivered(_guard(engine), _cookie_of(engine, "asel"), SENT) == [
        "rerun_script", "clear_cache", "rerun_script"]


def test_other_websockets_and_unreadable_messages_pass(engine):
    assert _delivered(_guard(engine), None, SENT, path="/other") == [
        "rerun_script", "clear_cache", "rerun_script"]
    assert not is_clear_cache(b"\xff\xfe not a message") and not is_clear_cache(None)
    assert is_clear_cache(_message("clear_cache"))
