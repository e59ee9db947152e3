"""A small table's contents kept by each process under the version number every committed
change of it moves on (issue 28): the site settings under the site's version (`newsroom`), the
house rules and the sections' deadline defaults under the desk's (`models.checklists`,
`deadlines.service`).

A request that has read the number gets what is kept at it, else reads the table after the
number (so what is kept under a number is never older than it) and keeps that. Most writes move
the number without touching the table (every transition does): when this process's own commit
moved it by one and wrote none of the table, what is kept holds at the new number too
(`carry`): only that transaction stood between the two numbers (the version's row is locked
from its bump to its commit). A change made anywhere else moves the number past it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from flask import Flask, current_app

T = TypeVar("T")


class KeptAtVersion(Generic[T]):
    """One value (never None) kept in the app's extensions under `name` with its number."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._lock = threading.Lock()

    def at(self, app: Flask, version: int) -> T | None:
        """What is kept at `version`, or None (nothing, or kept at another number)."""
        with self._lock:
            kept: tuple[int, T] | None = app.extensions.get(self.name)
        return kept[1] if kept is not None and kept[0] == version else None

    def get(self, version: int, read: Callable[[], T]) -> T:
        """What is kept at `version`, else `read()` (the caller read `version` before) kept."""
        found = self.at(current_app, version)
        if found is None:
            found = read()
            with self._lock:
                current_app.extensions[self.name] = (version, found)
        return found

    def carry(self, moved_to: int) -> None:
        """This process's commit moved the number from the one kept at to `moved_to` and wrote
        none of the table (the caller knows): what is kept holds at `moved_to`."""
        extensions = current_app.extensions
        with self._lock:
            kept = extensions.get(self.name)
            if kept is not None and kept[0] == moved_to - 1:
                extensions[self.name] = (moved_to, kept[1])

    def forget(self) -> None:
        """After a change of the table: the next request reads it again."""
        with self._lock:
            current_app.extensions.pop(self.name, None)
