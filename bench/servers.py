"""Serving the app and hello world the way the README serves the app, on free loopback ports.

- waitress, for one machine: the app with `flask --app wsgi serve` (what `make run` runs, its
  default thread count), hello world with `python -m waitress` and the same thread count;
- gunicorn, for the server setup: `gunicorn -c python:editorial.gunicorn_conf -w 2 wsgi:app`, and
  hello world with the same workers, threads and worker class (`bench.hello_gunicorn`) but no
  access log.

Every server runs in a process group of its own, so stopping it (SIGTERM, then SIGKILL after ten
seconds) stops gunicorn's workers too; `Server` is a context manager and the harness stops every
server it started on the way out, Ctrl-C included. Output goes to a log file, never a pipe.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Self

from bench.wrk import USER_AGENT
from editorial.cli import serve_command

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
GUNICORN_WORKERS = 2
SERVERS = ("waitress", "gunicorn")


def waitress_threads() -> int:
    """The thread count `flask serve` uses by default (read from the command, not repeated)."""
    for param in serve_command.params:
        if param.name == "threads" and isinstance(param.default, int):
            return param.default
    raise RuntimeError("flask serve has no --threads default any more")


def free_port() -> int:
    """A TCP port nothing listens on now, on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def app_command(kind: str, port: int | str) -> list[str]:
    """How the README serves the app with `kind` (waitress or gunicorn) on `port`."""
    if kind == "waitress":
        # Without the crash watchdog, so the measured process (and its memory) is the server.
        return [sys.executable, "-m", "flask", "--app", "wsgi", "serve", "--host", HOST,
                "--port", str(port), "--no-supervise"]  # fmt: skip
    return [sys.executable, "-m", "gunicorn", "-c", "python:editorial.gunicorn_conf",
            "-w", str(GUNICORN_WORKERS), "-b", f"{HOST}:{port}", "wsgi:app"]  # fmt: skip


def hello_command(kind: str, port: int | str) -> list[str]:
    """Hello world under the same server and settings as `app_command`."""
    if kind == "waitress":
        return [sys.executable, "-m", "waitress", f"--host={HOST}", f"--port={port}",
                f"--threads={waitress_threads()}", "bench.hello:app"]  # fmt: skip
    return [sys.executable, "-m", "gunicorn", "-c", "python:bench.hello_gunicorn",
            "-w", str(GUNICORN_WORKERS), "-b", f"{HOST}:{port}", "bench.hello:app"]  # fmt: skip


def shown(command: list[str]) -> str:
    """A command as a person would type it (the venv's python as `.venv/bin/python`)."""
    return " ".join(".venv/bin/python" if word == sys.executable else word for word in command)


def _children(pid: int) -> list[int]:
    """Direct children of `pid` (gunicorn's workers), read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces: split after the last ")".
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def cpu_seconds(pid: int) -> float:
    """CPU time `pid` has used (user and system, /proc/<pid>/stat), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    """Resident memory of `pid` (VmRSS from /proc/<pid>/status), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def pss_mb(pid: int) -> float:
    """Proportional set size of `pid` (shared pages split between their users), in MB."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return 0.0


ROLLUP_FIELDS = ("Rss", "Pss", "Pss_Anon", "Pss_File", "Shared_Clean", "Shared_Dirty",
                 "Private_Clean", "Private_Dirty")  # fmt: skip


def rollup_mb(pid: int) -> dict[str, float]:
    """`pid`'s /proc/<pid>/smaps_rollup: resident, proportional, shared and private, in MB."""
    found = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ROLLUP_FIELDS:
            found[name] = int(rest.split()[0]) / 1024
    return found


@dataclass
class Server:
    """One served WSGI app: its process (group), port and log."""

    name: str
    kind: str
    command: list[str]
    env: dict[str, str]
    log_path: Path
    ready_path: str = "/"
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    started_in: float = 0.0
    pids: list[int] = field(default_factory=list)
    cwd: Path = ROOT  # another checkout's, to serve its code (`bench.poll_served --before`)

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:PORT"""
        return f"http://{HOST}:{self.port}"

    def start(self, timeout: float = 60.0) -> Self:
        """Start the process and wait until it answers `ready_path` with 200; a start that
        fails stops what it started (`with` runs no exit hook when its entry raises)."""
        try:
            return self._start(timeout)
        except BaseException:
            self.stop()
            raise

    def _start(self, timeout: float) -> Self:
        started = time.perf_counter()
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.command,
                cwd=self.cwd,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stopped as one
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited at start:\n{self.log_tail()}")
            try:
                request = urllib.request.Request(
                    self.base_url + self.ready_path, headers={"User-Agent": USER_AGENT}
                )
                with urllib.request.urlopen(request, timeout=5) as response:
                    if response.status == 200:
                        self.started_in = time.perf_counter() - started
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        """The end of the server's log, for error messages."""
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def memory_mb(self) -> tuple[float, float]:
        """(RSS, PSS) of the server: the process, plus its workers for gunicorn, summed."""
        if self.process is None or self.process.poll() is not None:
            return 0.0, 0.0
        rss = pss = 0.0
        for pid in [self.process.pid, *_children(self.process.pid)]:
            try:
                rss += rss_mb(pid)
                pss += pss_mb(pid)
            except OSError:  # a worker that just exited
                continue
        return rss, pss

    def processes(self) -> list[int]:
        """The server's process ids: the process, then gunicorn's workers."""
        if self.process is None or self.process.poll() is not None:
            return []
        return [self.process.pid, *_children(self.process.pid)]

    def cpu_seconds(self) -> float:
        """CPU time the server has used: the process, plus its workers for gunicorn."""
        if self.process is None or self.process.poll() is not None:
            return 0.0
        used = 0.0
        for pid in [self.process.pid, *_children(self.process.pid)]:
            try:
                used += cpu_seconds(pid)
            except OSError:  # a worker that just exited
                continue
        return used

    def settle(self, timeout: float = 120.0) -> float:
        """Wait until the server is idle (under 5% of a CPU over a tenth of a second); the
        seconds waited. wrk stops sending when its time is up, not the server working: what its
        connections left queued would otherwise be measured as the next run's cost (at 100,000
        stories the insights page's backlog made every later endpoint time out)."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            before = self.cpu_seconds()
            time.sleep(0.1)
            if self.cpu_seconds() - before < 0.005:
                break
        return time.monotonic() - started

    def stop(self) -> None:
        """Stop the process group: SIGTERM, then SIGKILL if it is still there after 10 s."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def app_server(kind: str, env: dict[str, str], log_dir: Path, label: str) -> Server:
    """The app served with `kind` (not started yet)."""
    port = free_port()
    return Server(
        name=f"app ({kind}, {label})",
        kind=kind,
        command=app_command(kind, port),
        env=env,
        log_path=log_dir / f"app-{kind}-{label}.log",
        ready_path="/api/breaking",
        port=port,
    )


def hello_server(kind: str, env: dict[str, str], log_dir: Path) -> Server:
    """Hello world served with `kind` (not started yet)."""
    port = free_port()
    return Server(
        name=f"hello ({kind})",
        kind=kind,
        command=hello_command(kind, port),
        env=env,
        log_path=log_dir / f"hello-{kind}.log",
        port=port,
    )
