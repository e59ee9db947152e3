"""In process: several threads asking /insights at once with nothing kept (a new minute, a desk
change), counting the reports built and the CPU they took (issue 28, bench:search-insights).

    PYTHONPATH=TREE .venv/bin/python -m bench.insights_rollover \
        --database-url sqlite:////tmp/d100k.sqlite3 --threads 4

Signs in as the seeded editor (`bench.cpu.signed_in`), asks the page once, freezes the
collector as `flask serve` does, forgets the fragment cache, then lets `--threads` test clients
(one session) ask `/insights/?period=90` at the same moment. Prints the process's CPU, how many
reports were built (`insights.reading._compute` calls) and the slowest request's wall time. Run
it from each tree (PYTHONPATH) to compare; it needs nothing of `bench` an older tree lacks.
"""

from __future__ import annotations

import argparse
import threading
import time
from typing import Any

from bench.cpu import signed_in
from editorial import collector
from editorial.fragment_cache import fragment_cache
from editorial.insights import reading

PAGE = "/insights/?period=90"


def main(argv: list[str] | None = None) -> None:
    """Measure; see the module docstring."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args(argv)
    app, client = signed_in(args.database_url)
    cookie = client.get_cookie("editorial_session")
    if cookie is None:
        raise SystemExit("no session cookie after the sign-in")
    client.get(PAGE)
    collector.freeze_loaded()
    builds: list[int] = []
    compute = reading._compute

    def counted(*given: Any, **named: Any) -> Any:
        builds.append(1)
        return compute(*given, **named)

    reading._compute = counted  # counted, then called through
    clients = []
    for _ in range(args.threads):
        other = app.test_client()
        other.set_cookie("editorial_session", cookie.value)
        clients.append(other)
    with app.app_context():
        fragment_cache().clear()
    waits: list[float] = []

    def ask(asking: Any) -> None:
        started = time.perf_counter()
        asking.get(PAGE)
        waits.append(time.perf_counter() - started)

    threads = [threading.Thread(target=ask, args=(c,)) for c in clients]
    cpu = time.process_time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(
        f"{args.threads} at once, nothing kept: CPU {time.process_time() - cpu:.2f} s, "
        f"reports built {len(builds)}, slowest {max(waits):.2f} s"
    )


if __name__ == "__main__":
    main()
