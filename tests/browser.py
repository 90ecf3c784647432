"""Shared pieces of the browser tests: a demo database, the app server, Chromium, locators.

Import the fixtures into a test module (``from tests.browser import app_server, chromium,
demo_db_url  # noqa: F401``) and mark the tests ``@pytest.mark.browser``.

* ``app_server`` is a factory: ``server = app_server(db_url)`` starts ``streamlit run app.py``
  on a free port with ``DATABASE_URL=db_url``, waits on ``/_stcore/health`` and returns a
  :class:`Server` (``url``, ``log()``); every server started is stopped at the end of the
  session. When the app does not come up, the test fails with the server's output.
* ``chromium`` is Debian's ``/usr/bin/chromium`` driven by Playwright (never a downloaded
  browser). Without it the tests are skipped, except in CI (``CI=true``) where they fail.
* :func:`guard_page` records every request that would leave the machine and every console
  error, so a test can assert the map works on a closed network.
* Locators: :func:`wait_for_app` (the script finished), :func:`map_frame` (the map's
  iframe), :func:`region_shapes` (the 20 region paths).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
IN_CI = os.environ.get("CI", "").lower() == "true"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
#: Map iframe of streamlit-folium and the class the region shapes carry.
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
REGION_SHAPES = "path.ltm-region"
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


# --- data -----------------------------------------------------------------------------------


def make_demo_db(path: Path, *, scale: float = 0.05, end_month: str = "2025-06") -> str:
    """Write a small synthetic demo database to ``path`` and return its URL."""
    from utils import demo, store

    url = f"sqlite:///{path}"
    engine = store.get_engine(url)
    store.init_db(engine)
    demo.load_demo(engine, scale=scale, end_month=end_month)
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def demo_db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Return the URL of a small demo database shared by the browser tests of a session."""
    return make_demo_db(tmp_path_factory.mktemp("browser-db") / "demo.db")


# --- the app server -------------------------------------------------------------------------


def free_port() -> int:
    """Return a TCP port nobody listens on at the moment."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A running ``streamlit run app.py``."""

    url: str
    process: subprocess.Popen
    log_path: Path
    extra: dict = field(default_factory=dict)

    def log(self) -> str:
        """Return what the server printed so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        """Stop the server (its process only)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_server(
    db_url: str,
    *,
    env: dict[str, str] | None = None,
    app: Path = ROOT / "app.py",
    timeout: float = 90.0,
    log_dir: Path | None = None,
) -> Server:
    """Start the app on a free port and wait until ``/_stcore/health`` answers.

    Raises
    ------
    RuntimeError
        When the server exits or is not healthy within ``timeout`` seconds; the message
        holds the server's output.
    """
    port = free_port()
    log_dir = log_dir or Path(tempfile.mkdtemp(prefix="ltm-server-"))
    log_path = log_dir / f"streamlit-{port}.log"
    environment = {**os.environ, "DATABASE_URL": db_url, **(env or {})}
    command = [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command, cwd=app.parent, env=environment, stdout=log, stderr=subprocess.STDOUT
        )
    server = Server(f"http://127.0.0.1:{port}", process, log_path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"The app exited with code {process.returncode}:\n{server.log()}"
            )
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    server.stop()
    raise RuntimeError(f"The app was not healthy after {timeout:.0f} s:\n{server.log()}")


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Server]]:
    """Return a factory ``app_server(db_url, env=None) -> Server``; servers stop at the end."""
    started: list[Server] = []
    log_dir = tmp_path_factory.mktemp("server-logs")

    def start(db_url: str, env: dict[str, str] | None = None) -> Server:
        try:
            server = start_server(db_url, env=env, log_dir=log_dir)
        except RuntimeError as exc:
            pytest.fail(str(exc))
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


# --- the browser ----------------------------------------------------------------------------


def chromium_or_skip() -> Path:
    """Return Debian's Chromium; skip without it, but fail in CI."""
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        reason = f"{CHROMIUM} is not installed (apt-get install chromium)"
        if IN_CI:
            pytest.fail(f"{reason}; CI=true: the browser tests must run")
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="session")
def chromium():
    """Return a headless Chromium (Playwright ``Browser``) for the session."""
    path = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(path), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


# --- page guards and locators ---------------------------------------------------------------


def is_local(url: str) -> bool:
    """Return True for URLs that stay on this machine (loopback, data:, blob:, about:)."""
    parsed = urlparse(url)
    if parsed.scheme in ("data", "blob", "about", "chrome-error"):
        return True
    return parsed.hostname in LOCAL_HOSTS


@dataclass
class PageGuard:
    """What a page tried that a closed network or a clean console does not allow."""

    external_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """Return every recorded problem as a line of text."""
        return self._lines(self.console_errors)

    def deep_link_problems(self) -> list[str]:
        """Return :meth:`problems` of a page opened by a deep link (``/region?…``).

        Streamlit's client first probes ``/<page>/_stcore/health`` and ``/host-config``
        there, its own behaviour: those 404s and their console lines are not problems; any
        other failed response is.
        """
        probes = [r for r in self.failed_responses if DEEP_LINK_PROBE.fullmatch(r)]
        console = list(self.console_errors)
        for _ in probes:
            found = next((m for m in console if "404 (Not Found)" in m), None)
            if found is not None:
                console.remove(found)
        failed = [r for r in self.failed_responses if r not in probes]
        return self._lines(console, failed)

    def _lines(self, console: Sequence[str], failed: Sequence[str] = ()) -> list[str]:
        return (
            [f"request leaving the machine: {u}" for u in self.external_requests]
            + [f"failed response: {r}" for r in failed]
            + [f"console error: {m}" for m in console]
            + [f"page error: {m}" for m in self.page_errors]
        )


#: A failed response that Streamlit's client causes itself on a deep link.
DEEP_LINK_PROBE = re.compile(r"404 https?://[^/]+/[^/]+/_stcore/(health|host-config)")


def guard_page(page) -> PageGuard:
    """Block and record requests that leave the machine; record console and page errors."""
    guard = PageGuard()

    def route(request_route, request):
        if is_local(request.url):
            request_route.continue_()
        else:
            guard.external_requests.append(request.url)
            request_route.abort()

    page.context.route("**/*", route)
    page.on(
        "console",
        lambda message: guard.console_errors.append(message.text)
        if message.type == "error"
        else None,
    )
    page.on("pageerror", lambda error: guard.page_errors.append(str(error)))
    page.on(
        "response",
        lambda response: guard.failed_responses.append(f"{response.status} {response.url}")
        if response.status >= 400
        else None,
    )
    return guard


def wait_for_app(page, timeout: float = 60_000) -> None:
    """Wait until the app's script has finished running."""
    page.wait_for_selector(APP_IDLE, timeout=timeout)


def map_frame(page):
    """Return the frame locator of the map's iframe."""
    return page.frame_locator(MAP_IFRAME).first


def region_shapes(page):
    """Return the locator of the region shapes inside the map's iframe."""
    return map_frame(page).locator(REGION_SHAPES)


def map_content_frame(page, timeout: float = 60_000):
    """Return the map iframe's ``Frame`` (for evaluating scripts inside it)."""
    handle = page.wait_for_selector(MAP_IFRAME, timeout=timeout)
    frame = handle.content_frame()
    assert frame is not None, "the map iframe has no document"
    return frame


def region_point(frame, code: str, lat: float, lon: float) -> tuple[float, float]:
    """Return the page coordinates of (``lat``, ``lon``) on the map inside ``frame``."""
    x, y = frame.evaluate(
        "([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]);"
        " return [p.x, p.y]; }",
        [lat, lon],
    )
    box = frame.frame_element().bounding_box()
    container = frame.evaluate(
        "() => { const r = window.map.getContainer().getBoundingClientRect();"
        " return [r.left, r.top]; }"
    )
    return box["x"] + container[0] + x, box["y"] + container[1] + y
