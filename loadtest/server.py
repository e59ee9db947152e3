"""The served app under test: a fresh instance, its seeded newsroom, and the server process.

Everything listens on 127.0.0.1 only. The instance directory is new for each run (under the run's
temporary folder), so nothing of a developer's `instance/` is touched. Settings the environment
can't carry (`editorial.__init__.ENVIRONMENT_SETTINGS` and the two flags) go into the instance's
own `config.py`:

- `SCHEDULER_INTERVAL_SECONDS`: short, so stories scheduled a few seconds ahead are released
  during the run;
- `LOGIN_LIMIT_PER_IP`: raised for the load run, since every simulated person signs in from
  127.0.0.1 (the limit counts only failed sign-ins, but one slow restart must not lock them out);
- `RATELIMIT_KEY_PREFIX`: a prefix of the run's own, so with Redis (shared by every process and
  kept between runs) one run's counters never meet another's.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from loadtest.client import Client

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379"
ZONE = "Asia/Beirut"
PASSWORD = "loadtest-keyboard-2026"  # noqa: S105 - throwaway accounts in a throwaway database
DEMO_PASSWORD = "newsroom-demo-2026"  # noqa: S105 - the demo's documented password (README)


def free_port() -> int:
    """A port nobody listens on now, on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Instance:
    """One run's instance directory, database and the environment every process gets."""

    folder: Path
    database: str  # "sqlite" or "postgresql"
    database_url: str
    pg_name: str | None
    env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def create(cls, folder: Path, database: str, run_id: str, interval: float) -> Instance:
        """Make the folder, its config.py, and (PostgreSQL) a database of the run's own."""
        folder.mkdir(parents=True, exist_ok=True)
        pg_name = None
        if database == "postgresql":
            _check_redis()
            pg_name = f"editorial_loadtest_{run_id}"
            _pg_admin(f'CREATE DATABASE "{pg_name}"')
            url = f"{PG_SERVER}/{pg_name}"
        else:
            url = f"sqlite:///{folder / 'editorial.sqlite3'}"
        (folder / "config.py").write_text(
            "# Written by the load test (loadtest/server.py) for this run only.\n"
            f"SCHEDULER_INTERVAL_SECONDS = {interval!r}\n"
            'LOGIN_LIMIT_PER_IP = "100000 per minute"\n'
            f'RATELIMIT_KEY_PREFIX = "loadtest-{run_id}"\n'
        )
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("SECRET_KEY", "PROXY_FIX_X_FOR", "FLASK_APP", "FLASK_DEBUG")
        }
        env |= {
            "EDITORIAL_INSTANCE_PATH": str(folder),
            "DATABASE_URL": url,
            "SCHEDULER_ENABLED": "1",
            "PREFER_HTTPS": "0",
            "NEWSROOM_TZ": ZONE,
            "RATELIMIT_STORAGE_URI": REDIS if database == "postgresql" else "memory://",
            "PYTHONUNBUFFERED": "1",
        }
        return cls(folder, database, url, pg_name, env)

    def flask(self, *args: str) -> str:
        """Run `flask --app wsgi ARGS` against this instance; its output (raises on failure)."""
        done = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def seed(self, extra_people: list[tuple[str, str, str]]) -> None:
        """Migrate, load the demo newsroom, and add `extra_people` (email, name, role)."""
        self.flask("init")
        self.flask("demo")
        for email, name, role in extra_people:
            self.flask("create-user", email, "--name", name, "--role", role, "--password", PASSWORD)

    def drop(self) -> None:
        """Drop the run's PostgreSQL database (nothing to do for SQLite: the folder goes)."""
        if self.pg_name:
            _pg_admin(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')


def _check_redis() -> None:
    """Redis must answer on 127.0.0.1:6379: the gunicorn workers share rate limits through it."""
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=3) as conn:
            conn.sendall(b"PING\r\n")
            answer = conn.recv(64)
    except OSError as error:
        raise RuntimeError(f"Redis is not answering on 127.0.0.1:6379 ({error})") from error
    if not answer.startswith(b"+PONG"):
        raise RuntimeError(f"Redis on 127.0.0.1:6379 answered {answer!r} to PING")


def _pg_admin(statement: str) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(statement.encode())


class Server:
    """The app served by waitress (`flask serve`) or gunicorn, in a process group of its own."""

    def __init__(self, instance: Instance, kind: str, workers: int, port: int, logs: Path) -> None:
        self.instance = instance
        self.kind = kind
        self.workers = workers
        self.port = port
        self.logs = logs
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.log_files: list[Path] = []

    def command(self) -> list[str]:
        """The server's command line."""
        bind = f"127.0.0.1:{self.port}"
        if self.kind == "gunicorn":
            return [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "python:editorial.gunicorn_conf",
                "-w",
                str(self.workers),
                "-b",
                bind,
                "--graceful-timeout",
                "10",
                "wsgi:app",
            ]
        return [
            sys.executable,
            "-m",
            "flask",
            "--app",
            "wsgi",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
        ]

    def start(self, ready_within: float = 60.0) -> float:
        """Start the server and wait until it answers; returns the seconds that took."""
        self.starts += 1
        log = self.logs / f"server-{self.starts}.log"
        self.log_files.append(log)
        began = time.monotonic()
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                self.command(),
                cwd=ROOT,
                env=self.instance.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: the kill reaches every worker
            )
        probe = Client(self.port, timeout=5.0, agent="loadtest/probe")
        while time.monotonic() - began < ready_within:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited at start; see {log}")
            if probe.get("/login").status == 200:
                probe.close()
                return time.monotonic() - began
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the server did not answer within {ready_within:.0f} s; see {log}")

    def kill(self) -> None:
        """SIGKILL the whole process group (gunicorn's master and its workers) and reap it."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=30)
        _wait_group_gone(self.process.pid)
        self.process = None

    def stop(self) -> None:
        """Stop gracefully (SIGTERM), or SIGKILL after 20 s."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            self.kill()
            return
        _wait_group_gone(self.process.pid)
        self.process = None

    def log_text(self) -> str:
        """Everything the server processes printed, in start order."""
        return "\n".join(p.read_text(errors="replace") for p in self.log_files if p.exists())


def _wait_group_gone(pgid: int, within: float = 10.0) -> None:
    """Wait until no live process of group `pgid` is left (SIGKILL them if they linger).

    Read from /proc, so zombies (which a container's PID 1 may never reap) don't count.
    """
    began = time.monotonic()
    while time.monotonic() - began < within:
        if not _live_members(pgid):
            return
        time.sleep(0.05)
    for pid in _live_members(pgid):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _live_members(pgid: int) -> list[int]:
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        state, group = fields[0], int(fields[2])
        if group == pgid and state not in ("Z", "X"):
            members.append(int(stat.parent.name))
    return members
