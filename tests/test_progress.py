"""A load reports its progress to a listener, on both backends, and to no one otherwise."""

from __future__ import annotations

import pytest

from tests.test_store import appeals_frame
from utils import store
from utils.store import bulk as store_bulk
from utils.store import progress


@pytest.fixture
def engine(db_url):
    engine = store.get_engine(db_url)
    store.init_db(engine)
    yield engine
    engine.dispose()


def test_a_load_reports_the_fact_rows_in_chunks_up_to_the_total(engine, monkeypatch):
    monkeypatch.setattr(store_bulk, "CHUNK_ROWS", 5)
    frame = appeals_frame(12)
    seen: list[tuple[str, int, int]] = []
    with progress.reporting(lambda table, done, total: seen.append((table, done, total))):
        store.load_batch(engine, "appeals", frame, file_name="a.csv", sha256=None, user="t",
                         rows_read=len(frame))
    appeals = [(done, total) for table, done, total in seen if table == "appeals"]
    assert appeals == [(0, 12), (5, 12), (10, 12), (12, 12)]


def test_no_listener_means_no_reports_and_listeners_do_not_leak(engine):
    seen: list[tuple[str, int, int]] = []
    with progress.reporting(lambda *args: seen.append(args)):
        pass
    frame = appeals_frame(3)
    store.load_batch(engine, "appeals", frame, file_name="b.csv", sha256=None, user="t",
                     rows_read=len(frame))
    assert seen == []
