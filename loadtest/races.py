"""`python -m loadtest.races`: the two races the mixed load found, each reproduced on its own.

    python -m loadtest.races [--database postgresql|sqlite] [--rounds 10]

Four editors, each signed in, create drafts at the same instant (a barrier), `--rounds` times:

- "same new tag": each draft carries a tag nobody has used yet, the same for all four;
- "same headline": the four drafts have one headline (so one slug) between them.

Prints the statuses per race and the first server traceback; exits 1 if any request got a 5xx.
Loopback only, a fresh instance (and, for PostgreSQL, a database of its own that is dropped).
"""

from __future__ import annotations

import argparse
import secrets
import shutil
import sys
import tempfile
import threading
from collections import Counter
from pathlib import Path

from loadtest.client import Client, form_with_action
from loadtest.server import DEMO_PASSWORD, Instance, Server, free_port
from loadtest.verify import brief, tracebacks

PEOPLE = ("editor@example.com", "editor2@example.com", "admin@example.com", "admin2@example.com")


def signed_in(port: int, email: str) -> Client:
    """A client signed in as `email` (a demo account)."""
    client = Client(port)
    page = client.get("/login")
    form = form_with_action(page.text, r"^$")
    if (
        form is None
        or client.post("/login", form.with_values(email=email, password=DEMO_PASSWORD)).status
        != 302
    ):
        raise RuntimeError(f"could not sign in as {email}")
    return client


def race(clients: list[Client], rounds: int, run: str, *, same_tag: bool) -> Counter[int]:
    """`rounds` times, every client creates a draft at the same moment; the statuses."""
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    for number in range(rounds):
        prepared = []
        for index, client in enumerate(clients):
            form = form_with_action(client.get("/articles/new").text, r"^/articles/new$")
            if form is None:
                raise RuntimeError("no editor form on /articles/new")
            section = next(v for v in form.options["section_id"] if v)
            headline = f"Race {run} {number}" + ("" if not same_tag else f" by {index}")
            tags = f"Race tag {run} {number}" if same_tag else ""
            fields = form.with_values(
                headline=headline, body="Text.", section_id=section, tags=tags, save="Save"
            )
            prepared.append((client, fields))
        barrier = threading.Barrier(len(prepared))

        def create(
            client: Client, fields: list[tuple[str, str]], barrier: threading.Barrier = barrier
        ) -> None:
            barrier.wait(timeout=30)
            status = client.post("/articles/new", fields).status
            with lock:
                statuses[status] += 1

        threads = [threading.Thread(target=create, args=pair) for pair in prepared]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    return statuses


def main(argv: list[str] | None = None) -> int:
    """Set up, race, report."""
    parser = argparse.ArgumentParser(
        prog="python -m loadtest.races", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args(argv)
    run = secrets.token_hex(3)
    folder = Path(tempfile.mkdtemp(prefix="loadtest-races-"))
    instance = Instance.create(folder / "instance", args.database, run, 10.0)
    kind, workers = ("gunicorn", 4) if args.database == "postgresql" else ("waitress", 1)
    server = Server(instance, kind, workers, free_port(), folder)
    failed = False
    try:
        instance.seed([])
        server.start()
        clients = [signed_in(server.port, email) for email in PEOPLE]
        for label, same_tag in (("same new tag", True), ("same headline", False)):
            statuses = race(clients, max(1, min(args.rounds, 100)), run, same_tag=same_tag)
            print(f"{label}: {dict(sorted(statuses.items()))}")
            failed = failed or any(status >= 500 or status == 0 for status in statuses)
        server.stop()
        found = tracebacks(server.log_text())
        if found:
            print(f"{len(found)} tracebacks in the server log; the first:\n{brief(found[0])}")
    finally:
        server.stop()
        instance.drop()
        if failed:
            print(f"server logs kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
