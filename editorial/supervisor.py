"""Keep the newsroom's desk up: run the server in a child process and restart it if it crashes.

`make run` serves with waitress in one process. A crash there (a segfault in a C extension, the
out-of-memory killer) would leave the newsroom without its desk until someone noticed, so
`flask serve` runs the server as a child and this loop restarts it, writing each crash to
`instance/crash.log` (the child's faulthandler writes its threads' tracebacks there too).

A clean exit (status 0) or Ctrl-C ends the loop; so do more than `MAX_CRASHES` crashes within
`CRASH_WINDOW_SECONDS`, since a server that cannot stay up needs a person, not a tight loop.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

MAX_CRASHES = 5
CRASH_WINDOW_SECONDS = 60.0
RESTART_DELAY_SECONDS = 1.0


def describe(returncode: int) -> str:
    """How a child ended, in words: "signal SIGSEGV" or "exit status 3"."""
    if returncode < 0:
        try:
            return f"signal {signal.Signals(-returncode).name}"
        except ValueError:
            return f"signal {-returncode}"
    return f"exit status {returncode}"


def supervise(
    command: Sequence[str],
    crash_log: Path,
    *,
    say: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True),
    delay: float = RESTART_DELAY_SECONDS,
    label: str = "the server",
) -> int:
    """Run `command` until it exits cleanly; restart it after a crash. Returns its last status.

    `label` names it in the log ("the server", "the jobs worker": `flask serve` supervises both).
    """
    crashes: list[float] = []
    stopping: list[int] = []
    running: list[subprocess.Popen[bytes]] = []

    def stop(signum: int, _frame: object) -> None:
        """Ctrl-C or a service manager's SIGTERM: pass it on to the server and end the loop."""
        stopping.append(signum)
        for child in running:
            child.send_signal(signum)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        while True:
            child = subprocess.Popen(command)  # noqa: S603 - our own interpreter and app
            running[:] = [child]
            try:
                returncode = child.wait()
            except KeyboardInterrupt:
                stopping.append(signal.SIGINT)
                returncode = child.wait()
            if returncode == 0 or stopping:
                return 0
            returncode = _after_crash(returncode, crash_log, crashes, say, delay, label)
            if returncode:
                return returncode
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _after_crash(
    returncode: int,
    crash_log: Path,
    crashes: list[float],
    say: Callable[[str], None],
    delay: float,
    label: str = "the server",
) -> int:
    """Log a crash; returns `returncode` when it is time to give up, else 0 (restart)."""
    now = time.monotonic()
    crashes[:] = [at for at in crashes if now - at < CRASH_WINDOW_SECONDS] + [now]
    line = f"{time.strftime('%Y-%m-%d %H:%M:%S')} {label} stopped ({describe(returncode)})"
    with crash_log.open("a") as log:
        log.write(line + "\n")
    if len(crashes) > MAX_CRASHES:
        say(f"{line}; {len(crashes)} crashes in a minute, giving up. See {crash_log}.")
        return returncode
    say(f"{line}; restarting it. Details in {crash_log}.")
    time.sleep(delay)
    return 0
