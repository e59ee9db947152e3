"""Column types shared by the models."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

from editorial.clock import as_utc


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as naive UTC and always handed back timezone-aware.

    SQLite keeps no zone and PostgreSQL's `timestamptz` would convert to the session zone; storing
    naive UTC behaves the same on both, and this type makes every value aware again on the way out.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return as_utc(value).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else as_utc(value)
