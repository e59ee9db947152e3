"""A load driver in Python for `bench.memory`: the request wrk would send, without wrk.

Memory is what the server's concurrent requests leave behind (each thread's peak, each
worker's copy-on-write), not how fast they are answered, so it can be measured on a machine
others are using, where wrk (whose rates are the benchmark's) is kept for the idle runs. Each of
`connections` threads keeps one HTTP/1.1 connection open and sends `request` over and over for
`seconds`, with a fresh `VARY` value per request and the rotation's paths and bodies in turn, as
`bench.wrk`'s script does. Answers per second here say nothing about the server's speed (this
client shares its CPU); only the status counts and the request count are reported.
"""

from __future__ import annotations

import http.client
import threading
import time
from collections import Counter

from bench.wrk import USER_AGENT, VARY, HttpRequest, WrkResult

_LOCK = threading.Lock()


def _send(
    base_url: str, request: HttpRequest, deadline: float, ident: int, counts: Counter[int]
) -> None:
    host, port = base_url.removeprefix("http://").split(":")
    turns = [(request.path, request.body), *request.rotation]
    headers = {"User-Agent": USER_AGENT, **request.headers}
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    sent = 0
    seen: Counter[int] = Counter()
    try:
        while time.monotonic() < deadline:
            path, body = turns[sent % len(turns)]
            sent += 1
            if body is not None and VARY in body:
                body = body.replace(VARY, f"{ident}x{sent}")
            try:
                connection.request(
                    request.method,
                    path,
                    body=body.encode() if body is not None else None,
                    headers=headers,
                )
                response = connection.getresponse()
                response.read()
                seen[response.status] += 1
            except (OSError, http.client.HTTPException):
                seen[0] += 1
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=30)
    finally:
        connection.close()
        with _LOCK:
            counts.update(seen)


def run(base_url: str, request: HttpRequest, connections: int, seconds: float) -> WrkResult:
    """Send `request` on `connections` connections for `seconds` (loopback only)."""
    if not base_url.startswith("http://127.0.0.1:"):
        raise ValueError(f"The benchmark only sends traffic to 127.0.0.1, not {base_url}")
    counts: Counter[int] = Counter()
    started = time.monotonic()
    deadline = started + seconds
    threads = [
        threading.Thread(target=_send, args=(base_url, request, deadline, n + 1, counts))
        for n in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return WrkResult(
        requests=sum(counts.values()),
        seconds=time.monotonic() - started,
        p50_ms=0.0,
        p90_ms=0.0,
        p99_ms=0.0,
        max_ms=0.0,
        statuses=dict(counts),
        errors={"connect": counts.get(0, 0)},
        command=f"bench.drive ({connections} connections)",
    )
