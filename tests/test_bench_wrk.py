"""The benchmark's wrk script: a revalidating request keeps the validators of its last 200.

A browser's cache sends the ETag of the last full answer it got; a benchmark that sends the first
one for the whole run measures full answers once the page moves. wrk runs here against a tiny
server on loopback whose ETag changes after a few requests. CI installs wrk
(`EDITORIAL_REQUIRE_WRK=1` there makes a missing wrk a failure, not a skip).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bench import wrk
from bench.more_requests import TRANSITION_DRAFTS, transition_turns
from bench.wrk import HttpRequest

CHANGES_AFTER = 20


class _Moving(BaseHTTPRequestHandler):
    """ETag "v1" for the first requests, "v2" after; 304 when the request sends the current one."""

    protocol_version = "HTTP/1.1"
    served = 0
    lock = threading.Lock()

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        with _Moving.lock:
            _Moving.served += 1
            etag = '"v1"' if _Moving.served <= CHANGES_AFTER else '"v2"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b"the page"
        self.send_response(200)
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def moving_server() -> Iterator[str]:
    if not wrk.available():
        if os.environ.get("EDITORIAL_REQUIRE_WRK") == "1":
            pytest.fail("wrk is required here (EDITORIAL_REQUIRE_WRK=1): apt-get install wrk")
        pytest.skip("wrk is not installed (apt-get install wrk)")
    _Moving.served = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Moving)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_revalidating_request_sends_the_etag_of_the_last_full_answer(
    moving_server: str, tmp_path: Path
) -> None:
    request = HttpRequest("GET", "/page", {"If-None-Match": '"v1"'})
    result = wrk.run(
        moving_server, request, connections=2, seconds=1, script_path=tmp_path / "s.lua"
    )
    assert result.statuses.get(304, 0) > 10 * CHANGES_AFTER, result.statuses
    # One full answer per connection when the page moved, then 304s again.
    assert result.statuses.get(200, 0) <= 2, result.statuses


def test_a_request_that_changes_its_body_does_not_also_revalidate() -> None:
    request = HttpRequest("POST", "/save", {"If-None-Match": '"v1"'}, body="text=BENCHVARY")
    with pytest.raises(ValueError, match="varies or revalidates"):
        wrk.script(request)


def test_no_two_moves_of_one_story_are_in_flight_at_once() -> None:
    """The benchmark's transitions: at 16 connections (`make bench`'s), a story's next move is
    sent only after 16 other requests, by then its last was answered (main sent a story's submit
    and its return one after the other: on PostgreSQL half of them raced, 409)."""
    turns = transition_turns(list(range(1, TRANSITION_DRAFTS + 1)))
    stories = [path.split("/")[2] for path, _ in turns]
    lap = stories + stories  # the rotation starts again after its last turn
    for at, story in enumerate(stories):
        following = lap[at + 1 :].index(story) + 1
        assert following > 16, (at, story, following)
    assert [path.rsplit("/", 1)[1] for path, _ in turns].count("return") == TRANSITION_DRAFTS
