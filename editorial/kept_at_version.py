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

Which transaction wrote the table is noted as it flushes (`watch`: one `after_flush` listener for
every watched table, each pending object's class looked up once) and forgotten at a rollback; a
transaction that wrote it reads its own rows (`written`) and carries nothing
(`carry_unless_written`, called at its commit by the version's owner).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

T = TypeVar("T")

# Each watched model's class -> the Session.info key noting "this transaction wrote its rows".
_WATCHED: dict[type, str] = {}


def _note_flush(session: Session, _context: Any) -> None:
    for instance in (*session.new, *session.dirty, *session.deleted):
        key = _WATCHED.get(type(instance))
        if key is not None:
            session.info[key] = True


def _forget_notes(session: Session, *_: Any) -> None:
    for key in _WATCHED.values():
        session.info.pop(key, None)


class KeptAtVersion(Generic[T]):
    """One value (never None) kept in the app's extensions under `name` with its number."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.written_key = f"{name}.written"  # Session.info (`watch`)
        self._lock = threading.Lock()

    def watch(self, model: type) -> None:
        """Note each transaction that flushes a row of `model` (`written`), until it commits
        (`carry_unless_written`) or rolls back. Once per process, however often called."""
        _WATCHED[model] = self.written_key
        if not event.contains(Session, "after_flush", _note_flush):
            event.listen(Session, "after_flush", _note_flush)
            event.listen(Session, "after_rollback", _forget_notes)

    def written(self, session: Session) -> bool:
        """Whether `session`'s transaction wrote the table (flushed, or `note_written`)."""
        return bool(session.info.get(self.written_key))

    def note_written(self, session: Session) -> None:
        """Say that `session`'s transaction changed the table (past the flush: a caller that
        knows), and drop what is kept."""
        session.info[self.written_key] = True
        self.forget()

    def carry_unless_written(self, session: Session, moved_to: int) -> None:
        """At a commit that moved the number to `moved_to` (`board_version.carried_over`):
        what is kept holds there unless the transaction wrote the table; the note ends."""
        if not session.info.pop(self.written_key, False) and has_app_context():
            self.carry(moved_to)

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
