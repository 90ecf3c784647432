"""The app's server sends its replies without Nagle's wait (TCP_NODELAY on its sockets)."""
# Fixtures come from a shared module; pytest passes them by name.
# ruff: noqa: F811

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import closing, contextmanager

from tests.app_pages import demo_db, open_app  # noqa: F401
from utils.ui import server_sockets


def _nodelay(sock: socket.socket) -> bool:
    return bool(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))


@contextmanager
def _listener_like_streamlits() -> Iterator[socket.socket]:
    """A listening socket made as Streamlit makes it: no protocol named (``proto`` 0)."""
    listener = socket.socket(family=socket.AF_INET)
    with closing(listener):
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener


def _connect(listener: socket.socket) -> tuple[socket.socket, socket.socket]:
    client = socket.create_connection(listener.getsockname())
    accepted, _ = listener.accept()
    return client, accepted


def test_a_listener_without_a_named_protocol_accepts_connections_with_nagle_on():
    """What the module works around: asyncio only turns Nagle off for ``proto`` 6."""
    with _listener_like_streamlits() as listener:
        client, accepted = _connect(listener)
        with closing(client), closing(accepted):
            assert listener.proto == 0
            assert accepted.proto == 0
            assert not _nodelay(accepted)


def test_disable_nagle_covers_the_listener_its_connections_and_later_ones():
    with _listener_like_streamlits() as listener:
        client, accepted = _connect(listener)
        with closing(client), closing(accepted):
            changed = server_sockets.disable_nagle()

            assert changed >= 2
            assert _nodelay(listener)
            assert _nodelay(accepted)
            later_client, later = _connect(listener)
            with closing(later_client), closing(later):
                assert _nodelay(later), "a connection accepted afterwards inherits it"
            # The process's own outgoing connection (its local port is not a listener's)
            # is left as it was.
            assert not _nodelay(client)
            assert server_sockets.disable_nagle() == 0


def test_no_descriptor_is_left_open_so_a_pipe_still_ends():
    """A stray copy of a pipe's write end would keep a reader waiting for its end forever."""
    read_end, write_end = os.pipe()
    os.set_blocking(read_end, False)
    try:
        before = sorted(os.listdir("/proc/self/fd"))
        server_sockets.disable_nagle()
        assert sorted(os.listdir("/proc/self/fd")) == before
        os.close(write_end)
        assert os.read(read_end, 1) == b"", "the pipe's reader sees its end"
    finally:
        os.close(read_end)


def test_other_descriptors_are_left_alone(tmp_path):
    datagram = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    with closing(datagram), open(tmp_path / "f.txt", "w") as handle:
        datagram.bind(("127.0.0.1", 0))
        server_sockets.disable_nagle()
        handle.write("still open")
        assert datagram.getsockname()[1] > 0


def test_the_apps_frame_turns_nagle_off_once_per_process(open_app, demo_db, monkeypatch):
    monkeypatch.setattr(server_sockets, "_done", False)
    with _listener_like_streamlits() as listener:
        assert not _nodelay(listener)
        open_app(demo_db.url)
        assert _nodelay(listener)
    with _listener_like_streamlits() as second:
        open_app(demo_db.url)
        assert not _nodelay(second), "only the first run of the process looks"
