"""Benchmarks that print numbers: page latency, SQL statements per page, memory, HTTP throughput.

Run with `make bench` (or `python -m tests.benchmarks.pages --articles 2000`). Targets, checked by
eye rather than by timed tests (timings vary by machine):
- public pages rendered (uncached) in under 50 ms at the median with 2,000 articles, on one core;
  the desk board under 100 ms (measured 2026-11-27: ~74 ms; its window query scans every article);
- SQL statements per page independent of the number of articles;
- the public front page at 300+ requests/s through waitress with the page cache (wrk, 2 threads,
  16 connections; measured 2026-11-27: ~735/s, against ~34/s before editorial/page_cache.py);
- resident memory of the serving process under 150 MB (measured: ~95 MB).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, select

from editorial import clock, create_app
from editorial.extensions import db
from editorial.models import Article, Role, User
from tests.factories import make_article, make_user
from tests.helpers import app_config, sign_in

ROOT = Path(__file__).resolve().parents[2]


def _fill(count: int) -> None:
    """A newsroom's archive: most articles published, one every 30 minutes going back in time."""
    reporters = [make_user(Role.REPORTER) for _ in range(8)]
    states = ["published"] * 6 + ["draft", "edit", "fact_check", "ready"]
    now = clock.now()
    for n in range(count):
        state = states[n % len(states)]
        published_at = now - timedelta(minutes=30 * n) if state == "published" else None
        make_article(
            state,
            authors=[reporters[n % len(reporters)]],
            tags=["Gaza"],
            published_at=published_at,
        )


def _measure(client: Any, url: str, runs: int) -> tuple[float, int]:
    statements = 0

    def count(*_args: Any) -> None:
        nonlocal statements
        statements += 1

    event.listen(db.engine, "before_cursor_execute", count)
    client.get(url)  # warm up caches and the template
    statements = 0
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code in (200, 304), (url, response.status_code)
    event.remove(db.engine, "before_cursor_execute", count)
    return statistics.median(timings), statements // runs


def _wrk(instance: Path, database: str, seconds: int) -> str:
    if not shutil.which("wrk"):
        return "wrk not installed (apt-get install wrk): throughput not measured"
    env = {**os.environ, "DATABASE_URL": database, "EDITORIAL_INSTANCE_PATH": str(instance)}
    server = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "serve", "--port", "5099"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(2.5)
        out = subprocess.run(
            ["wrk", "-t2", "-c16", f"-d{seconds}s", "http://127.0.0.1:5099/"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        rss_kb = int(Path(f"/proc/{server.pid}/status").read_text().split("VmRSS:")[1].split()[0])
        rate = next(line for line in out.splitlines() if "Requests/sec" in line).split()[-1]
        return f"front page through waitress: {rate} requests/s; server RSS {rss_kb / 1024:.0f} MB"
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--wrk-seconds", type=int, default=5)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="editorial-bench-"))
    database = f"sqlite:///{workdir / 'bench.sqlite3'}"
    app = create_app(app_config(workdir, SQLALCHEMY_DATABASE_URI=database))
    with app.app_context():
        db.create_all()
        from editorial.services.taxonomy import seed_taxonomy

        seed_taxonomy()
        db.session.commit()
        started = time.perf_counter()
        _fill(args.articles)
        print(f"{args.articles} articles created in {time.perf_counter() - started:.1f} s")
        editor = make_user(Role.EDITOR)
        slug = db.session.scalar(select(Article.slug).where(Article.state == "published"))
        db.session.commit()
        anonymous = app.test_client()
        desk = sign_in(app.test_client(), db.session.get(User, editor.id))
        pages = [
            ("front page", anonymous, "/"),
            ("article page", anonymous, f"/news/{slug}"),
            ("section page", anonymous, "/section/politics"),
            ("RSS feed", anonymous, "/feeds/rss.xml"),
            ("desk board (editor)", desk, "/desk/"),
        ]
        print(f"\n{'page':<24}{'median ms':>10}{'SQL/page':>10}")
        for name, client, url in pages:
            median, statements = _measure(client, url, args.runs)
            print(f"{name:<24}{median:>10.1f}{statements:>10}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory of this benchmark process: {peak:.0f} MB")
    print(_wrk(workdir, database, args.wrk_seconds))
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
