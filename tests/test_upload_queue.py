"""Two analysts uploading big files at once: the second waits its turn, told how many are ahead."""

from __future__ import annotations

import threading
import time

import pytest

from tests.test_page_data import accounts, engine  # noqa: F401
from utils import ingest
from utils.ingest import ReadQueue


def test_the_second_upload_waits_until_the_first_is_read():
    queue = ReadQueue(1)
    first_in, release = threading.Event(), threading.Event()
    order: list[str] = []
    told: list[int] = []

    def first() -> None:
        with queue.slot():
            order.append("first read")
            first_in.set()
            release.wait(10)
            order.append("first done")

    def second() -> None:
        with queue.slot(on_wait=told.append):
            order.append("second read")

    reader = threading.Thread(target=first)
    reader.start()
    first_in.wait(10)
    waiter = threading.Thread(target=second)
    waiter.start()
    deadline = time.monotonic() + 10
    while queue.busy != (1, 1) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert queue.busy == (1, 1) and told == [1]
    assert order == ["first read"]  # the second has not started reading
    release.set()
    reader.join(10)
    waiter.join(10)
    assert order == ["first read", "first done", "second read"]
    assert queue.busy == (0, 0)


def test_a_free_place_is_taken_without_a_word():
    queue = ReadQueue(2)
    told: list[int] = []
    with queue.slot(on_wait=told.append), queue.slot(on_wait=told.append):
        assert queue.busy == (2, 0)
    assert told == []


def test_a_place_is_given_back_when_reading_fails():
    queue = ReadQueue(1)
    with pytest.raises(ingest.RefusedFile), queue.slot():
        ingest.read_table(b"", "empty.csv")
    with queue.slot(timeout=1):
        assert queue.busy == (1, 0)


def test_waiting_too_long_is_a_timeout_and_leaves_the_queue():
    queue = ReadQueue(1)
    with queue.slot():
        with pytest.raises(TimeoutError), queue.slot(timeout=0.05):
            pass
        assert queue.busy == (1, 0)


def test_the_server_queue_takes_its_places_from_the_settings():
    assert ingest.read_queue() is ingest.read_queue()
    assert ingest.read_queue().places == 1


@pytest.mark.usefixtures("accounts")
def test_the_data_page_waits_its_turn_while_another_file_is_read(tmp_path):
    """Another session holds the server's place: the page queues, then reads the file."""
    from tests import files
    from tests.test_page_data import metric, open_data_page, session_of, upload

    path = files.appeals_cp1251_semicolon(tmp_path / "a.csv", files.sample_appeals(5))
    at = open_data_page(session_of("anna", "analyst"))
    queue = ingest.read_queue()
    seen: list[tuple[int, int]] = []
    holding = threading.Event()

    def other_analyst() -> None:
        with queue.slot():
            holding.set()
            deadline = time.monotonic() + 60
            while queue.busy[1] == 0 and time.monotonic() < deadline:
                time.sleep(0.05)
            seen.append(queue.busy)  # the page is waiting behind this read

    holder = threading.Thread(target=other_analyst)
    holder.start()
    holding.wait(10)
    upload(at, path)
    holder.join(60)
    assert seen == [(1, 1)]
    assert metric(at, "data.rows_to_load") == "5"
    assert queue.busy == (0, 0)
