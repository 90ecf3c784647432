"""Uploads read a few at a time: a server shared by several analysts reads one large file at
once (``[ingest] concurrent_reads``), and the others wait their turn instead of together
taking the server's memory.

Every session of the app runs in one process, so one semaphore for the process is the queue.
:func:`read_slot` holds a place while a file is read and validated; an upload that finds
every place taken is told how many are ahead of it (``on_wait``) and waits.
"""  # noqa: D205

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class ReadQueue:
    """Places for reading uploads, taken in turn.

    Parameters
    ----------
    places
        How many files are read at once.
    """

    def __init__(self, places: int) -> None:
        if places < 1:
            raise ValueError(f"Invalid number of places: {places}. It must be at least 1")
        self.places = places
        self._free = threading.Semaphore(places)
        self._lock = threading.Lock()
        self._reading = 0
        self._waiting = 0

    @property
    def busy(self) -> tuple[int, int]:
        """Return how many uploads are being read and how many wait."""
        with self._lock:
            return self._reading, self._waiting

    @contextmanager
    def slot(self, on_wait: Callable[[int], None] | None = None,
             timeout: float | None = None) -> Iterator[None]:
        """Hold a place while the block runs; wait for one when all are taken.

        ``on_wait`` is called once, before waiting, with how many uploads are ahead (those
        being read and those waiting before this one). Raises ``TimeoutError`` when no place
        frees within ``timeout`` seconds.
        """
        if not self._free.acquire(blocking=False):
            with self._lock:
                ahead = self._reading + self._waiting
                self._waiting += 1
            try:
                if on_wait is not None:
                    on_wait(ahead)
                if not self._free.acquire(timeout=timeout):
                    raise TimeoutError("No place to read the upload freed in time")
            finally:
                with self._lock:
                    self._waiting -= 1
        with self._lock:
            self._reading += 1
        try:
            yield
        finally:
            with self._lock:
                self._reading -= 1
            self._free.release()


_QUEUE: ReadQueue | None = None
_QUEUE_LOCK = threading.Lock()


def read_queue() -> ReadQueue:
    """Return the process's queue of uploads (its places from ``[ingest] concurrent_reads``)."""
    global _QUEUE
    with _QUEUE_LOCK:
        if _QUEUE is None:
            from utils import settings

            _QUEUE = ReadQueue(int(settings.get("ingest")["concurrent_reads"]))
        return _QUEUE


def read_slot(on_wait: Callable[[int], None] | None = None,
              timeout: float | None = None):
    """Return a context that holds a place of the process's queue (see :meth:`ReadQueue.slot`)."""
    return read_queue().slot(on_wait, timeout)
