"""The C allocator's arenas: at most two per serving process, unless `MALLOC_ARENA_MAX` says.

glibc's malloc gives a thread that allocates while another holds an arena an arena of its own,
up to eight per core, and an arena keeps the memory a peak took long after Python has freed it
(a fragment here and there pins its pages). Waitress's eight threads each drew the board or the
insights at once and the server kept about 20 MB more than with two arenas, at no measured cost
in speed (BENCHMARKS.md, `bench:memory`). This is what `MALLOC_ARENA_MAX=2` in the environment
does; set here, so `flask serve` and gunicorn's workers have it without a wrapper script. A
`MALLOC_ARENA_MAX` given in the environment wins (glibc read it at start). Elsewhere than glibc
(musl, macOS) nothing happens.

`give_back` returns what the arenas hold free to the system (`malloc_trim`), for the one page
whose peak is tens of MB (the insights): a few milliseconds after a report of a second.
"""

from __future__ import annotations

import ctypes
import os
from functools import cache

ARENAS = 2
M_ARENA_MAX = -8  # glibc's malloc.h


@cache
def _libc() -> ctypes.CDLL | None:
    """The C library's symbols as the process has them (no search: `dlopen(NULL)`)."""
    try:
        return ctypes.CDLL(None)
    except OSError:
        return None


def limit_arenas(count: int = ARENAS) -> bool:
    """Cap glibc's arenas at `count` for this process; call before the serving threads start.
    Whether the cap was set (False: the environment decides, or this is not glibc)."""
    if "MALLOC_ARENA_MAX" in os.environ:
        return False
    mallopt = getattr(_libc(), "mallopt", None)
    return bool(mallopt(M_ARENA_MAX, count)) if mallopt else False


def give_back() -> bool:
    """Return the arenas' free memory to the system (glibc's `malloc_trim`); whether any was."""
    trim = getattr(_libc(), "malloc_trim", None)
    return bool(trim(0)) if trim else False
