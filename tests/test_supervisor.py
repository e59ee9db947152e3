"""`flask serve` restarts a crashed server, logs the crash, and gives up on a crash loop."""

from __future__ import annotations

import sys
from pathlib import Path

from editorial import supervisor


def _child(tmp_path: Path, crashes: int) -> list[str]:
    """A child that dies of SIGSEGV `crashes` times (counted in a file), then exits cleanly."""
    counter = tmp_path / "runs"
    script = (
        "import os, signal, sys; from pathlib import Path\n"
        f"p = Path({str(counter)!r}); n = int(p.read_text()) if p.exists() else 0\n"
        "p.write_text(str(n + 1))\n"
        f"os.kill(os.getpid(), signal.SIGSEGV) if n < {crashes} else sys.exit(0)\n"
    )
    return [sys.executable, "-c", script]


def test_a_crashed_server_is_restarted_and_the_crash_logged(tmp_path: Path) -> None:
    said: list[str] = []
    log = tmp_path / "crash.log"
    status = supervisor.supervise(_child(tmp_path, 2), log, say=said.append, delay=0)
    assert status == 0
    assert (tmp_path / "runs").read_text() == "3"
    assert log.read_text().count("the server stopped (signal SIGSEGV)") == 2
    assert all("restarting it" in line for line in said) and len(said) == 2


def test_a_crash_loop_gives_up_and_says_so(tmp_path: Path) -> None:
    said: list[str] = []
    status = supervisor.supervise(
        _child(tmp_path, 100), tmp_path / "crash.log", say=said.append, delay=0
    )
    assert status < 0
    assert int((tmp_path / "runs").read_text()) == supervisor.MAX_CRASHES + 1
    assert "giving up" in said[-1]
