"""What gunicorn's settings promise about memory (issue 28's target; BENCHMARKS.md, `bench:memory`
to `bench:memory3`): the app is loaded once in the master, its objects are frozen out of the
collector's sight before each fork, and workers are not recycled."""

from __future__ import annotations

import gc

from editorial import gunicorn_conf


class _Loaded:
    """An object the master made while loading the app (a class instance: tracked by the
    collector)."""


def test_the_app_is_loaded_in_the_master_before_the_workers_fork() -> None:
    assert gunicorn_conf.preload_app is True


def test_the_master_freezes_what_it_loaded_before_each_fork() -> None:
    loaded = _Loaded()
    assert gc.is_tracked(loaded)
    try:
        gunicorn_conf.pre_fork(None, None)
        # Frozen objects sit in the permanent generation, which no collection walks (and so
        # none writes to, copying the master's page into the worker).
        assert gc.get_freeze_count() > 0
        assert not any(found is loaded for found in gc.get_objects())
    finally:
        gc.unfreeze()
    assert any(found is loaded for found in gc.get_objects())


def test_workers_are_not_recycled_after_a_number_of_requests() -> None:
    # Measured (bench:memory3): max_requests=2000 brought the reading after the drive from 257
    # to 182 MB only because the workers had just restarted; between restarts they grew back to
    # 244 MB, the restarts dropped kept-alive requests (an autosave among them) and the cold
    # workers answered fewer polls. The memory is the workers' warm state, not a leak.
    assert getattr(gunicorn_conf, "max_requests", 0) == 0
