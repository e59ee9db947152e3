"""Huey's classes, imported without the PostgreSQL driver its storage module asks for.

`huey.storage` imports psycopg at its top, for a `PostgresHuey` this app never makes (the queue
is SQLite under instance/, Redis, or memory: `jobs.queue`). On an SQLite newsroom nothing else
loads psycopg, and it was 9 MB and 87 modules of every serving process (BENCHMARKS.md,
`bench:memory2`). While Huey is imported, psycopg is marked as missing (a `None` in
`sys.modules`, which Python's import reads as "not installed"), then unmarked, so SQLAlchemy
still imports it for a PostgreSQL database; where it is loaded already, Huey gets it as before.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import cast

_DRIVER = "psycopg"
_hidden = _DRIVER not in sys.modules
if _hidden:
    sys.modules[_DRIVER] = cast(ModuleType, None)
try:
    from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey, crontab  # noqa: E402
finally:
    if _hidden and sys.modules.get(_DRIVER, sys) is None:
        del sys.modules[_DRIVER]

__all__ = ["Huey", "MemoryHuey", "RedisHuey", "SqliteHuey", "crontab"]
