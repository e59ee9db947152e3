"""The audit log's CSV export at scale: peak memory while 100,000 events stream out.

`python -m bench.audit_export [--rows 100000]` fills a fresh SQLite database (or
`--database-url`, a PostgreSQL database it creates and drops) with audit events, then downloads
`/admin/audit.csv` through the app, reading the body as it streams, and prints the rows, the
bytes, the time and the peak memory Python allocated meanwhile (tracemalloc). Flat memory means
the export holds one batch at a time, not the whole log: compare `--rows 10000` with the default.
A benchmark, not a test: timings and memory depend on the machine.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
import tracemalloc
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import insert

from bench import databases
from editorial import clock, create_app
from editorial.extensions import db
from editorial.models import AuditEvent, Role, User
from editorial.passwords import hash_password

PASSWORD = "bench audit export passphrase"  # noqa: S105  (a throwaway database's only account)


def main(argv: list[str] | None = None) -> None:
    """Seed `--rows` events, stream the export, print what it cost."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", help="a fresh PostgreSQL database to create and drop")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="editorial-audit-export-"))
    try:
        with databases.fresh(args.database_url, workdir) as database:
            app = create_app(
                {
                    "SQLALCHEMY_DATABASE_URI": database.url,
                    "SECRET_KEY": "bench-audit-export-only",
                    "SCHEDULER_ENABLED": False,
                    "WTF_CSRF_ENABLED": False,
                    "RATELIMIT_ENABLED": False,
                }
            )
            with app.app_context():
                upgrade(directory=app.extensions["migrate"].directory)
                admin = User(
                    email="admin@bench.example",
                    display_name="Bench Admin",
                    role=Role.ADMIN,
                    password_hash=hash_password(PASSWORD),
                )
                db.session.add(admin)
                db.session.flush()
                now = clock.now()
                for start in range(0, args.rows, 5000):
                    db.session.execute(
                        insert(AuditEvent),
                        [
                            {
                                "at": now,
                                "actor_id": admin.id,
                                "actor_label": admin.email,
                                "action": "article.saved",
                                "object_type": "article",
                                "object_id": str(n),
                                "ip": "203.0.113.9",
                                "details": {"note": f'row {n}, "quoted"\nand =SUM(A1)'},
                            }
                            for n in range(start, min(start + 5000, args.rows))
                        ],
                    )
                db.session.commit()
            client = app.test_client()
            client.post("/login", data={"email": "admin@bench.example", "password": PASSWORD})
            tracemalloc.start()
            began = time.perf_counter()
            response = client.get("/admin/audit.csv?action=article.", buffered=False)
            size = lines = 0
            for chunk in response.response:
                size += len(chunk)
                lines += 1
            seconds = time.perf_counter() - began
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            response.close()
            print(f"{database.description}: {args.rows:,} events")
            print(f"  {lines - 1:,} rows, {size / 1e6:.1f} MB in {seconds:.1f} s")
            print(f"  peak memory allocated while streaming: {peak / 1e6:.1f} MB")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
