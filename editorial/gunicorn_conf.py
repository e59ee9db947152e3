"""gunicorn settings: `gunicorn -c python:editorial.gunicorn_conf wsgi:app`.

Each worker starts the scheduler thread. Several schedulers at once are safe: every release is
claimed in the database, so an article is published exactly once
(`editorial/articles/transitions/service.py`).

The app is loaded once, in the master, before the workers fork (`preload_app`): its code and
what it built at start are then pages the workers share copy-on-write, counted once, where each
worker used to load its own (two workers started at 214 MB PSS together; BENCHMARKS.md,
`bench:memory`). The objects loaded are frozen out of the garbage collector's sight before each
fork (`gc.freeze`), so a collection in a worker does not write to, and so copy, every shared
page. A worker does not reuse the master's pooled database connections
(`editorial.database`'s fork hook). The cost: a `kill -HUP` no longer loads new code; restart
gunicorn to deploy.
"""

from __future__ import annotations

import gc
from typing import Any

from editorial import allocator

bind = "127.0.0.1:8000"
workers = 4
# Argon2 hashing and Markdown rendering are CPU-bound; threads help only with I/O waits.
threads = 2
accesslog = "-"
preload_app = True


MEMORY_STORAGE_WARNING = (
    "RATELIMIT_STORAGE_URI is %r with %d workers: each worker counts sign-in attempts on its "
    "own, so the sign-in limit lets through %d times as many guesses. Set "
    "RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379 (see the README)."
)


def post_worker_init(worker: Any) -> None:
    """Warn about per-worker rate limits; start scheduled publishing in this worker."""
    allocator.limit_arenas()  # before the worker's threads start: see editorial/allocator.py
    app = worker.wsgi
    storage = str(app.config.get("RATELIMIT_STORAGE_URI", "memory://"))
    workers = int(worker.cfg.workers)
    if workers > 1 and storage.startswith("memory"):
        worker.log.warning(MEMORY_STORAGE_WARNING, storage, workers, workers)
    starter = app.extensions.get("editorial.scheduler")
    if starter is not None and app.config.get("SCHEDULER_ENABLED", True):
        starter(app)


def pre_fork(_server: Any, _worker: Any) -> None:
    """Keep the master's objects out of the workers' collections (shared pages stay shared)."""
    gc.freeze()
