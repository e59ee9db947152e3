"""gunicorn settings: `gunicorn -c python:editorial.gunicorn_conf wsgi:app`.

Each worker starts the scheduler thread. Several schedulers at once are safe: every release is
claimed in the database, so an article is published exactly once
(`editorial/articles/transitions/service.py`).
"""

from __future__ import annotations

from typing import Any

from editorial import allocator

bind = "127.0.0.1:8000"
workers = 4
# Argon2 hashing and Markdown rendering are CPU-bound; threads help only with I/O waits.
threads = 2
accesslog = "-"


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
