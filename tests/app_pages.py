"""Shared pieces of the AppTest page tests: databases, the app under test, what it shows.

Import the fixtures into a test module (``from tests.app_pages import demo_db, empty_db,
open_app  # noqa: F401``).

* ``demo_db`` -- a small synthetic demo database (SQLite file) built once per session;
  ``empty_db`` -- an initialised database without rows.
* ``open_app`` -- a factory: ``open_app(db_url, params={...}, page="pages/trends.py")`` runs
  the whole app (frame, sidebar, page) with ``DATABASE_URL=db_url`` and returns the
  ``AppTest``. Streamlit's caches are cleared first, so no result of another database leaks
  into the test.
* :func:`stored_value` queries the SQLite file directly: the tests check the numbers the
  pages show against the stored rows, not against the functions the pages call.
* :func:`map_component` and :func:`map_tooltips` read the map as ``st_folium`` hands it to
  the browser (the component's arguments hold the whole Leaflet script).
"""

from __future__ import annotations

import html
import json
import re
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser import make_demo_db

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
#: The demo's last month; the default period is the 12 months up to it.
DEMO_END = "2025-06"
DEMO_START = "2024-07"
MAP_COMPONENT = "streamlit_folium.st_folium"


@dataclass(frozen=True)
class Database:
    """A test database: its SQLite file and URL."""

    path: Path
    url: str


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    """Return a small demo database (5 % of the demo's volume, ending June 2025)."""
    path = tmp_path_factory.mktemp("pages-demo") / "demo.db"
    return Database(path, make_demo_db(path, end_month=DEMO_END))


@pytest.fixture(scope="session")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    """Return an initialised database holding no rows."""
    from utils import store

    path = tmp_path_factory.mktemp("pages-empty") / "empty.db"
    url = f"sqlite:///{path}"
    engine = store.get_engine(url)
    store.init_db(engine)
    engine.dispose()
    return Database(path, url)


def clear_caches() -> None:
    """Forget every cached result and the cached engine of the previous database."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def open_app(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., object]]:
    """Return ``open_app(db_url, params=None, page=None)`` -> a run ``AppTest``."""
    from streamlit.testing.v1 import AppTest

    def run(db_url: str, params: Mapping[str, str] | None = None, page: str | None = None):
        monkeypatch.setenv("DATABASE_URL", db_url)
        clear_caches()
        at = AppTest.from_file(str(APP), default_timeout=180)
        for key, value in (params or {}).items():
            at.query_params[key] = value
        at.run()
        if page is not None:
            at.switch_page(page)
            at.run()
        return at

    yield run
    clear_caches()


def no_exception(at) -> None:
    """Fail with the app's error messages when a run raised."""
    assert not at.exception, [e.value for e in at.exception]


# --- what the stored rows say ---------------------------------------------------------------


def stored_value(db: Database, sql: str, *params: object) -> float:
    """Return the single number ``sql`` gives on the database file (0 for NULL)."""
    with sqlite3.connect(db.path) as connection:
        (value,) = connection.execute(sql, params).fetchone()
    return float(value or 0)


def population(codes: list[str] | None = None) -> float:
    """Return the population of the given regions (all 20 when None) from the reference."""
    from geo import load_regions

    regions = load_regions().set_index("code")
    return float(regions["population"].loc[codes or list(regions.index)].sum())


# --- the map as the browser gets it ---------------------------------------------------------


def _walk(node):
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield child
            yield from _walk(child)


def map_component(at) -> dict:
    """Return the arguments of the page's ``st_folium`` component (script, links, ...)."""
    found = [
        element
        for element in _walk(at._tree)
        if type(element).__name__ == "UnknownElement"
        and getattr(element.proto, "component_name", "") == MAP_COMPONENT
    ]
    assert len(found) == 1, f"expected one map component, found {len(found)}"
    return json.loads(found[0].proto.json_args)


_TIPS = re.compile(r"var \w+_tips = (\{.*?\});\n", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def map_tooltips(at) -> dict[str, str]:
    """Return the tooltip text of each region code, tags removed."""
    match = _TIPS.search(map_component(at)["script"])
    assert match, "the map script holds no tooltips"
    tips = json.loads(match.group(1))
    return {
        code: html.unescape(_TAG.sub(" ", text)).replace("\u00a0", " ")
        for code, text in tips.items()
    }


def map_title(at) -> str:
    """Return the home map's heading, a level-4 Markdown heading, as the reader sees it
    (Markdown escapes removed).
    """  # noqa: D205
    headings = [m.value[5:] for m in at.markdown if m.value.startswith("#### ")]
    assert len(headings) == 1, f"no single map heading: {headings!r}"
    return re.sub(r"\\(.)", r"\1", headings[0])


def plain(text: str) -> str:
    """Return ``text`` with non-breaking spaces as plain spaces (for comparisons)."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


# --- one page of the app under AppTest, for the drill-down page tests -----------------------


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    """Forget cached results before and after each test (autouse where it is imported)."""
    clear_caches()
    yield
    clear_caches()


def run(at):
    """Run ``at`` once more and fail with the app's errors when the run raised."""
    at.run()
    no_exception(at)
    return at


def open_page(monkeypatch: pytest.MonkeyPatch, url: str, page: str, *, timeout: float = 180,
              **params: str):
    """Start the app on ``url`` with ``params`` in the URL and switch to ``page``."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    at.query_params.update(params)
    run(at)
    at.switch_page(page)
    return run(at)


def query(url: str, sql: str, **params: object) -> list[tuple]:
    """Read the stored rows directly, independently of the app's store and metrics."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(sa.text(sql), params)]
    finally:
        engine.dispose()
