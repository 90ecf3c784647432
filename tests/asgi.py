"""Drive an ASGI application (the middlewares ``serve.py`` installs) without a server."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor


def run(coroutine) -> None:
    """Run ``coroutine`` on its own event loop in another thread: the browser tests' Playwright
    keeps a loop marked running in the main thread of the test process."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coroutine).result()


def http_request(app, path: str, cookie: str | None = None, method: str = "GET",
                 body: bytes = b"") -> list[dict]:
    """Send one HTTP request through ``app``; return the messages it sent back."""
    headers = [(b"host", b"127.0.0.1")]
    if cookie is not None:
        headers.append((b"cookie", cookie.encode("latin-1")))
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": method, "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": b"", "root_path": "", "headers": headers,
             "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 8501)}
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):
        sent.append(message)

    run(app(scope, receive, send))
    return sent
