"""The benchmark's servers: a start that fails leaves nothing running."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bench.servers import Server, free_port


def test_a_server_that_never_answers_is_stopped_when_its_start_gives_up(tmp_path: Path) -> None:
    # A process that listens on nothing: it never answers, so the start times out.
    sleeper = [sys.executable, "-c", "import time; time.sleep(60)"]
    server = Server("silent", "waitress", sleeper, {}, tmp_path / "silent.log", port=free_port())
    with pytest.raises(RuntimeError, match="did not answer"):
        server.start(timeout=1)
    assert server.process is None  # stopped, and forgotten
