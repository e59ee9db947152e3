"""A webhook receiver for the tests: an HTTP server on 127.0.0.1, in a thread, that checks every
request's Standard Webhooks signature as the README tells receivers to."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class Receiver:
    """An HTTP server on 127.0.0.1 that checks each request's Standard Webhooks signature."""

    def __init__(self) -> None:
        self.secret = ""
        self.received: list[dict[str, Any]] = []
        self.answers: list[int] = []  # statuses to answer with, in turn (then 200)
        self.delay = 0.0  # seconds to wait before answering (a slow receiver)
        self.redirect_to: str | None = None
        self.arrived = threading.Event()  # set at each request (the real worker's test waits)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                receiver.received.append(
                    {
                        "path": self.path,
                        "body": json.loads(body),
                        "verified": receiver.verify(self.headers, body),
                        "id": self.headers["webhook-id"],
                    }
                )
                receiver.arrived.set()
                if receiver.delay:
                    threading.Event().wait(receiver.delay)
                if receiver.redirect_to:
                    self.send_response(302)
                    self.send_header("Location", receiver.redirect_to)
                    self.end_headers()
                    return
                status = receiver.answers.pop(0) if receiver.answers else 200
                answer = b"ok " + b"x" * 3000
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)
                except (BrokenPipeError, ConnectionResetError):  # the sender gave up waiting
                    pass

            def log_message(self, *_args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def verify(self, headers: Any, body: str) -> bool:
        """The receiver's side of the README's example."""
        key = base64.b64decode(self.secret.removeprefix("whsec_"))
        signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.{body}".encode()
        expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
        offered = [s.removeprefix("v1,") for s in headers["webhook-signature"].split()]
        return any(hmac.compare_digest(expected, s) for s in offered)

    def kinds(self) -> list[str]:
        return [r["body"]["type"] for r in self.received]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
