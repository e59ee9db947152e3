"""gunicorn settings: `gunicorn -c python:editorial.gunicorn_conf wsgi:app`.

Each worker starts the scheduler thread. Several schedulers at once are safe: every release is
claimed in the database, so an article is published exactly once (see services/transitions.py).
"""

from __future__ import annotations

from typing import Any

bind = "127.0.0.1:8000"
workers = 4
# Argon2 hashing and Markdown rendering are CPU-bound; threads help only with I/O waits.
threads = 2
accesslog = "-"


def post_worker_init(worker: Any) -> None:
    """Start scheduled publishing inside this worker (unless SCHEDULER_ENABLED is off)."""
    app = worker.wsgi
    starter = app.extensions.get("editorial.scheduler")
    if starter is not None and app.config.get("SCHEDULER_ENABLED", True):
        starter(app)
