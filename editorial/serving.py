"""Waitress as `flask serve` runs it, with one change: a bodiless answer (304, 204, 1xx) keeps
its connection open (issue 28, bench:polls3).

Waitress 3.0 closes the connection after any HTTP/1.1 answer without a Content-Length, and it
never sends a Content-Length on a 304 or a 204 (it drops one the app gives). Every unchanged
poll and every revalidated page is a 304, so each one cost a TCP connection of its own: the
accept, a new channel, the close and the client's next connect, several times what the gate's
304 costs. A browser's poll paid it too (its keep-alive connection closed after every 304).

RFC 9112 section 6.3 (RFC 7230 section 3.3.3 before it): a 1xx, 204 or 304 answer "is always
terminated by the first empty line after the header fields, regardless of the header fields
present in the message, and thus cannot contain a message body", so the next request on the
connection reads as it would after any answer with a length. Waitress never writes a body for
those statuses (it drops what the app yields), so the stream stays in step. Everything else is
waitress's own: HTTP/1.0, a client's `Connection: close`, a Content-Length the app got wrong
(those still close), every answer with a body.

gunicorn already keeps such connections open (`Response.should_close`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer, create_server
from waitress.task import WSGITask


class KeepAliveTask(WSGITask):
    """Waitress's WSGI task, but a bodiless HTTP/1.1 answer does not close the connection."""

    _bodiless = False

    def build_response_header(self) -> bytes:
        """Waitress's header, asked to close only where it would close an answer with a body."""
        self._bodiless = (
            self.version == "1.1"
            and not self.has_body
            and not self.close_on_finish
            and self.request.headers.get("CONNECTION", "").lower() != "close"
        )
        try:
            header: bytes = super().build_response_header()
        finally:
            self._bodiless = False
        return header

    def set_close_on_finish(self) -> None:
        """Close after this answer, unless it is only for want of a length a bodiless answer
        does not need (the one call `build_response_header` makes for it)."""
        if self._bodiless:
            return
        super().set_close_on_finish()


WSGIApp = Callable[..., Iterable[bytes]]


class KeepAliveChannel(HTTPChannel):
    """Waitress's connection, answering with `KeepAliveTask`."""

    task_class = KeepAliveTask


def create(app: WSGIApp, **adjustments: Any) -> Any:
    """Waitress's server for `app` (`waitress.create_server`, same adjustments), its listening
    sockets making `KeepAliveChannel`s."""
    sockets: dict[int, Any] = {}
    server = create_server(app, map=sockets, **adjustments)
    for listener in sockets.values():
        if isinstance(listener, BaseWSGIServer):
            listener.channel_class = KeepAliveChannel
    return server


def serve(app: WSGIApp, **adjustments: Any) -> None:
    """Serve `app` as `waitress.serve` does, with `create`'s server."""
    logging.basicConfig()  # as waitress.serve: idempotent when logging is set up
    server = create(app, **adjustments)
    server.print_listen("Serving on http://{}:{}")
    server.run()
