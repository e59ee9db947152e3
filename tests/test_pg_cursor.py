"""psycopg's cursors describe a result only when something reads the description
(`editorial.pg_cursor`, bench:pgwrites10): the app's PostgreSQL connections use them, the
description read is psycopg's own (names, types, None where psycopg says None), it describes
its own result after the cursor moved on, and a cursor the settings chose is kept."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from flask import Flask

from editorial import create_app
from editorial.extensions import db
from editorial.pg_cursor import DescribedOnDemand, Description
from tests.helpers import POSTGRES_URL

postgresql = pytest.mark.skipif(not POSTGRES_URL, reason="psycopg's cursors")


def described(cursor: Any) -> list[tuple[Any, ...]]:
    return [tuple(column) for column in cursor.description]


@postgresql
def test_the_apps_connections_describe_on_demand(app: Flask) -> None:
    connection = db.engine.raw_connection()
    try:
        cursor = connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        assert isinstance(cursor, DescribedOnDemand)
        cursor.execute("SELECT 1 AS one, 'x'::text AS two")
        assert isinstance(cursor.description, Description)
        assert len(cursor.description) == 2
        cursor.close()
    finally:
        connection.close()


@postgresql
def test_the_description_is_psycopgs_own() -> None:
    with psycopg.connect(POSTGRES_URL.replace("+psycopg", "")) as connection:
        plain = connection.cursor()
        ours = DescribedOnDemand(connection)
        statements = [
            ("SELECT 1 AS one, 'x'::varchar(20) AS two, now() AS three", None),
            ("SELECT", None),  # no columns, yet rows: an empty description, not None
            ("SELECT 1 WHERE false", None),
            ("SET LOCAL jit = off", None),  # no rows: None
            ("CREATE TEMP TABLE IF NOT EXISTS t (id int)", None),
            ("INSERT INTO t VALUES (%s) RETURNING id", (1,)),
            ("UPDATE t SET id = 2", None),
        ]
        for statement, parameters in statements:
            plain.execute(statement, parameters)
            ours.execute(statement, parameters)
            if plain.description is None:
                assert ours.description is None, statement
                continue
            assert ours.description is not None, statement
            assert len(ours.description) == len(plain.description), statement
            assert described(ours) == described(plain), statement
            assert [c.name for c in ours.description[:1]] == [c.name for c in plain.description[:1]]


@postgresql
def test_a_description_read_later_describes_its_own_result() -> None:
    with psycopg.connect(POSTGRES_URL.replace("+psycopg", "")) as connection:
        cursor = DescribedOnDemand(connection)
        cursor.execute("SELECT 1 AS first_one")
        kept = cursor.description
        cursor.execute("SELECT 'x' AS second_one, 2 AS other")
        assert kept is not None and [column.name for column in kept] == ["first_one"]


@postgresql
def test_a_cursor_chosen_in_the_settings_is_kept() -> None:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": POSTGRES_URL,
            "SCHEDULER_ENABLED": False,
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"cursor_factory": psycopg.ClientCursor}},
        }
    )
    with app.app_context():
        connection = db.engine.raw_connection()
        try:
            cursor = connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            assert type(cursor) is psycopg.ClientCursor
            cursor.close()
        finally:
            connection.close()
        db.engine.dispose()
