"""What the load test asked for and what it was told: request counts, latencies, writes.

The ledger is shared by every actor thread (one lock). It also holds the run's bounds: a
deadline and a request budget, which every request checks first, so every loop ends by itself.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from loadtest.client import Answer

ACK, REFUSED, UNKNOWN = "ack", "refused", "unknown"


class OutOfBounds(Exception):
    """The deadline passed or the request budget is spent: the actor stops."""


@dataclass
class Write:
    """One write the load test attempted, with what the server said about it.

    `outcome` is `ack` (a success response), `refused` (a 4xx: nothing may have been written) or
    `unknown` (no response, a timeout or a 5xx: it may or may not have landed).
    """

    kind: str  # create, save, transition, breaking, heartbeat, read
    actor: str  # the account's email
    user_id: int | None
    outcome: str
    status: str
    started: float  # wall-clock seconds (time.time())
    finished: float
    article_id: int | None = None
    name: str = ""  # transition name
    headline: str = ""
    body: str = ""
    tags: tuple[str, ...] = ()
    text: str = ""  # a breaking headline's text
    item_id: int | None = None  # a breaking headline's id
    publish_at: datetime | None = None  # schedule: the chosen time (aware UTC)


@dataclass
class Failure:
    """A request that got a 5xx or no answer outside the kill window, kept for the report."""

    kind: str
    method: str
    path: str
    status: str
    at: float
    actor: str


@dataclass
class Ledger:
    """Counts, latencies and writes for one run, and its bounds."""

    deadline: float  # time.monotonic() after which no request starts
    max_requests: int
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    writes: list[Write] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    harness_errors: list[str] = field(default_factory=list)
    sent: int = 0
    sign_ins: list[float] = field(default_factory=list)  # when each actor got signed in
    writing: int = 0  # POSTs sent and not yet answered (the kill waits for some)
    # The kill: when the server was killed and when its successor answered (wall clock).
    kill_at: float | None = None
    back_at: float | None = None
    stop: threading.Event = field(default_factory=threading.Event)

    def take(self) -> None:
        """Claim one request from the budget, or raise `OutOfBounds`."""
        if self.stop.is_set() or time.monotonic() >= self.deadline:
            raise OutOfBounds
        with self.lock:
            if self.sent >= self.max_requests:
                raise OutOfBounds
            self.sent += 1

    def running(self) -> bool:
        """Whether actors should keep going."""
        return not self.stop.is_set() and time.monotonic() < self.deadline

    def in_kill_window(self, at: float) -> bool:
        """Whether wall-clock `at` falls between the kill and one second after the restart."""
        if self.kill_at is None:
            return False
        back = self.back_at if self.back_at is not None else float("inf")
        return self.kill_at - 0.5 <= at <= back + 1.0

    def count(self, kind: str, method: str, path: str, answer: Answer, actor: str) -> None:
        """Count one answer under `kind`, and keep it if it is a failure the targets forbid."""
        label = answer.status_label
        with self.lock:
            self.requests[kind][label] += 1
            if answer.status:
                self.latencies[kind].append(answer.seconds)
            failed = answer.status >= 500 or (
                answer.status == 0 and not self.in_kill_window(answer.finished)
            )
            if failed and len(self.failures) < 200:
                self.failures.append(Failure(kind, method, path, label, answer.finished, actor))

    def add(self, write: Write) -> None:
        """Record a write attempt and its outcome."""
        with self.lock:
            self.writes.append(write)

    def harness_error(self, message: str) -> None:
        """The load test itself went wrong (a bug here, not in the app): reported, and fails."""
        with self.lock:
            self.harness_errors.append(message)


def outcome_of(answer: Answer, *, success: tuple[int, ...] = (302,)) -> str:
    """`ack` for a success status, `unknown` for no answer or a 5xx, else `refused`."""
    if answer.status in success:
        return ACK
    if answer.status == 0 or answer.status >= 500:
        return UNKNOWN
    return REFUSED
