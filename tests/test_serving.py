"""`flask serve`'s waitress keeps a connection open after a bodiless answer (issue 28,
bench:polls3): a 304 (every unchanged poll, every revalidated page) used to close it, so each
poll paid for a new TCP connection. What still closes, closes as waitress closes it.

Raw sockets, not `http.client`, which reconnects without a word when a server closes.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest
from flask import Flask
from waitress import wasyncore
from waitress.server import create_server

from editorial import cli, serving

Start = Callable[..., Any]


def _app(environ: dict[str, Any], start_response: Start) -> Iterable[bytes]:
    """A 304 at /304 (no body, no length, as the poll gate and Flask send it), a 204 at /204, a
    streamed 200 (no length) at /stream, else a 200 with a length."""
    path = environ["PATH_INFO"]
    if path == "/304":
        start_response("304 NOT MODIFIED", [("ETag", '"v1"'), ("Cache-Control", "no-cache")])
        return []
    if path == "/204":
        start_response("204 NO CONTENT", [])
        return []
    if path == "/stream":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return iter([b"a", b"b"])
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
    return [b"ok"]


def _served(make: Callable[..., Any], app: Any = _app) -> Iterator[int]:
    server = make(app, host="127.0.0.1", port=0, threads=2)
    runner = threading.Thread(target=server.run, daemon=True)
    runner.start()
    try:
        yield int(server.effective_port)
    finally:
        # Closed from inside the server's own loop (its trigger runs the thunk there): closed
        # from this thread, the loop's select() could wake on a descriptor just closed and die
        # of EBADF, which failed a CI run. With its map empty the loop returns.
        server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
        runner.join(timeout=5)
        assert not runner.is_alive()
        server.task_dispatcher.shutdown()


@pytest.fixture
def port() -> Iterator[int]:
    """`serving.create`'s server on a free port."""
    yield from _served(serving.create)


@pytest.fixture
def plain_port() -> Iterator[int]:
    """Waitress's own server, for what it does without the change."""
    yield from _served(create_server)


def _exchange(sock: socket.socket, path: str, version: str = "1.1", extra: str = "") -> bytes:
    """Send one GET on `sock` and read its answer's head (and a body of known length)."""
    sock.sendall(f"GET {path} HTTP/{version}\r\nHost: localhost\r\n{extra}\r\n".encode())
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = next(
        (
            int(line.split(b":")[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        ),
        0,
    )
    while len(rest) < length:
        rest += sock.recv(4096)
    return head


def _closed(sock: socket.socket) -> bool:
    """Whether the server closed the connection: what is left of an answer read, then nothing
    more (rather than a wait with the connection open)."""
    sock.settimeout(0.5)
    try:
        while sock.recv(4096):
            pass
    except TimeoutError:
        return False
    except ConnectionResetError:
        pass
    return True


def _connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=5)


@pytest.mark.parametrize("path", ["/304", "/204"])
def test_a_bodiless_answer_keeps_the_connection_open(port: int, path: str) -> None:
    with _connect(port) as sock:
        first = _exchange(sock, path)
        assert first.startswith(f"HTTP/1.1 {path[1:]}".encode())
        assert b"connection: close" not in first.lower()
        assert b"content-length" not in first.lower()  # RFC 9110: none on a 204 or 304
        second = _exchange(sock, path)  # the same connection answers the next poll
        assert second.startswith(f"HTTP/1.1 {path[1:]}".encode())
        assert _exchange(sock, "/").startswith(b"HTTP/1.1 200")


def test_waitress_alone_closed_it_after_every_304(plain_port: int) -> None:
    with _connect(plain_port) as sock:
        first = _exchange(sock, "/304")
        assert b"connection: close" in first.lower()
        assert _closed(sock)


@pytest.mark.parametrize(
    ("path", "version", "extra"),
    [
        ("/304", "1.1", "Connection: close\r\n"),  # the client asked
        ("/304", "1.0", ""),  # HTTP/1.0 without keep-alive
        ("/stream", "1.1", ""),  # a body without a length: waitress chunks it, then closes
    ],
)
def test_what_closed_still_closes(port: int, path: str, version: str, extra: str) -> None:
    with _connect(port) as sock:
        _exchange(sock, path, version, extra)
        assert _closed(sock)


def test_a_200_with_a_length_keeps_it_open_as_before(port: int) -> None:
    with _connect(port) as sock:
        assert _exchange(sock, "/").startswith(b"HTTP/1.1 200")
        assert _exchange(sock, "/304").startswith(b"HTTP/1.1 304")
        assert not _closed(sock)


def test_flask_serve_serves_through_it() -> None:
    assert cli.serve is serving.serve


def test_the_apps_unchanged_poll_keeps_the_connection_for_the_next(app: Flask) -> None:
    """The ticker's poll as a browser sends it, three times on one connection: its first answer
    (a 200 with a length), then 304s answered by the poll gate, the connection still open."""
    served = _served(serving.create, app)
    port = next(served)
    try:
        with _connect(port) as sock:
            first = _exchange(sock, "/breaking/ticker", extra="HX-Request: true\r\n")
            assert first.startswith(b"HTTP/1.1 200")
            etag = next(
                line.split(b":", 1)[1].strip().decode()
                for line in first.split(b"\r\n")
                if line.lower().startswith(b"etag:")
            )
            poll = f"HX-Request: true\r\nIf-None-Match: {etag}\r\n"
            for _ in range(2):
                answer = _exchange(sock, "/breaking/ticker", extra=poll)
                assert answer.startswith(b"HTTP/1.1 304")
                assert b"connection: close" not in answer.lower()
            # An ETag that no longer matches, on the same connection: the whole fragment, read
            # whole by its length (the 304s before it left nothing in the stream), then 304 again.
            stale = 'HX-Request: true\r\nIf-None-Match: "old"\r\n'
            again = _exchange(sock, "/breaking/ticker", extra=stale)
            assert again.startswith(b"HTTP/1.1 200")
            assert f"etag: {etag}".lower().encode() in again.lower()
            assert _exchange(sock, "/breaking/ticker", extra=poll).startswith(b"HTTP/1.1 304")
            assert not _closed(sock)
    finally:
        next(served, None)
