"""gunicorn settings for the hello-world ceiling: the app's own, without the access log.

Workers, threads and worker class come from `editorial/gunicorn_conf.py`, so when that file changes
the ceiling follows; the worker count is given on the command line for both (`-w 2`). The file is
read on its own, not imported through the `editorial` package, so hello world's processes don't
load the app. The app's `post_worker_init` (the scheduler thread) has nothing to start here.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

_path = Path(__file__).resolve().parent.parent / "editorial" / "gunicorn_conf.py"
_spec = importlib.util.spec_from_file_location("editorial_gunicorn_conf", _path)
if _spec is None or _spec.loader is None:
    raise ImportError(f"Cannot read {_path}")
_app_conf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_app_conf)

workers = _app_conf.workers
threads = _app_conf.threads
worker_class = getattr(_app_conf, "worker_class", "sync")  # gunicorn uses gthread for threads > 1
accesslog = None
