"""The seed's bulk loading (bench/bulk.py): rows written past SQLAlchemy hold what its INSERT
writes, and the indexes (and PostgreSQL's foreign keys) dropped for a load come back as they
were, and the planner's statistics of rows loaded in the transaction, and values stored without
trying compression (PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Flask
from sqlalchemy import Table, insert, text

from bench.bulk import (
    _foreign_keys,
    _plain_indexes,
    analyze,
    drop_indexes,
    indexes_dropped,
    insert_rows,
    uncompressed,
)
from editorial.extensions import db
from editorial.models import Role, User, article_authors
from tests.factories import make_article, make_user

USERS: Table = User.__table__  # type: ignore[assignment]


def _person(n: int) -> dict[str, Any]:
    return {
        "id": 9000 + n,
        "email": f"bulk{n}@example.com",
        "display_name": f"Bulk Person {n} ç",
        "role": Role.FACT_CHECKER if n % 2 else Role.EDITOR,
        "active": bool(n % 3),
        "password_hash": "x",
        "created_at": datetime(2026, 3, 4, 5, 6, 7, 891_011 + n, tzinfo=UTC),
        "last_sign_in_at": None,
    }


def _stored(statement: str, **params: Any) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in db.session.execute(text(statement), params)]


def test_rows_written_in_bulk_hold_what_sqlalchemys_insert_writes(app: Flask) -> None:
    """Enums, booleans, aware times, NULLs, and a column the rows leave out (its default)."""
    db.session.execute(insert(USERS), [_person(n) for n in range(3)])
    insert_rows(USERS, [{**_person(n), "id": 9100 + n, "email": f"b{n}@x.org"} for n in range(3)])
    article = make_article("draft")
    people = [make_user(Role.REPORTER) for _ in range(4)]
    by_sqlalchemy = [{"article_id": article.id, "user_id": p.id} for p in people[:2]]
    in_bulk = [{"article_id": article.id, "user_id": p.id} for p in people[2:]]
    db.session.execute(insert(article_authors), by_sqlalchemy)
    insert_rows(article_authors, in_bulk)
    db.session.commit()
    bulk_people = "SELECT * FROM users WHERE display_name LIKE 'Bulk Person%' ORDER BY id"
    result = db.session.execute(text(bulk_people))
    compared = [n for n, key in enumerate(result.keys()) if key not in ("id", "email")]
    rows = [tuple(row[n] for n in compared) for row in result]
    assert rows[:3] == rows[3:] and len(rows) == 6
    bylines = _stored(
        "SELECT user_id, position FROM article_authors WHERE article_id = :id ORDER BY user_id",
        id=article.id,
    )
    assert {position for _user, position in bylines} == {0}  # the column's default, both ways
    assert {user for user, _position in bylines} >= {p.id for p in people}


def test_indexes_dropped_for_a_load_come_back_as_they_were(app: Flask) -> None:
    tables = ("articles", "article_transitions")
    connection = db.session.connection()
    indexes, keys = _plain_indexes(connection, tables), _foreign_keys(connection, tables)
    assert ("articles", "ix_articles_state") in {(table, name) for table, name, _ in indexes}
    if db.engine.dialect.name == "postgresql":
        assert keys
    with indexes_dropped(tables):
        connection = db.session.connection()
        assert _plain_indexes(connection, tables) == []
        assert _foreign_keys(connection, tables) == []
        make_article("draft")  # rows written meanwhile are indexed when the indexes come back
    connection = db.session.connection()
    assert _plain_indexes(connection, tables) == indexes
    assert sorted(_foreign_keys(connection, tables)) == sorted(keys)
    db.session.commit()


def test_indexes_dropped_come_back_a_table_at_a_time_on_another_connection(app: Flask) -> None:
    """`bench.seed_rebuilds`: dropped in the seed's transaction, each rebuild's tables' indexes
    and keys made again by its own connection, the other table's left as they are."""
    tables = ("article_search", "insight_stage_totals")
    connection = db.session.connection()
    indexes, keys = _plain_indexes(connection, tables), _foreign_keys(connection, tables)
    dropped = drop_indexes(connection, tables)
    db.session.commit()
    with db.engine.begin() as other:
        dropped.restore(other, ("article_search",))
    connection = db.session.connection()
    assert _plain_indexes(connection, tables) == [i for i in indexes if i[0] == "article_search"]
    assert sorted(_foreign_keys(connection, tables)) == sorted(
        k for k in keys if k[0] == "article_search"
    )
    db.session.commit()
    with db.engine.begin() as other:
        dropped.restore(other, ("insight_stage_totals",))
    connection = db.session.connection()
    assert sorted(_plain_indexes(connection, tables)) == sorted(indexes)
    assert sorted(_foreign_keys(connection, tables)) == sorted(keys)
    db.session.commit()


def test_analyze_gives_the_planner_the_rows_this_transaction_loaded(app: Flask) -> None:
    """PostgreSQL: the statistics count the uncommitted rows (the seed's rebuilds run in the
    transaction that loaded the stories); the transaction goes on. SQLite: nothing happens."""
    articles = [make_article("draft") for _ in range(3)]
    people = [make_user(Role.REPORTER) for _ in range(2)]
    insert_rows(
        article_authors, [{"article_id": a.id, "user_id": p.id} for a in articles for p in people]
    )
    statistics = "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"
    before = None if db.engine.dialect.name == "postgresql" else _stored(statistics)
    analyze(("article_authors",))
    if before is not None:
        assert _stored(statistics) == before
        return
    (estimate,) = _stored("SELECT reltuples FROM pg_class WHERE oid = 'article_authors'::regclass")
    (count,) = _stored("SELECT count(*) FROM article_authors")
    assert estimate[0] == count[0] >= 6
    db.session.rollback()
    assert _stored("SELECT count(*) FROM article_authors WHERE user_id = :id", id=people[0].id) == [
        (0,)
    ]


def test_values_stored_uncompressed_in_the_block_and_the_storage_as_it_was_after(
    app: Flask,
) -> None:
    """PostgreSQL: a body pglz would shrink is stored as it is inside the block, compressed
    after it; each column's storage (EXTENDED, and the search document's MAIN) comes back.
    SQLite: nothing changes (it compresses nothing)."""
    body = "The council met again. " * 200  # 4,600 characters pglz shrinks well
    storage = (
        "SELECT attname, attstorage FROM pg_attribute WHERE attrelid = 'articles'::regclass"
        " AND attnum > 0 AND NOT attisdropped ORDER BY attnum"
    )
    postgresql = db.engine.dialect.name == "postgresql"
    before = _stored(storage) if postgresql else []
    with uncompressed(("articles",)):
        inside = make_article("draft", body=body)
        if postgresql:
            assert {kind for _name, kind in _stored(storage)} <= {"p", "e"}
    outside = make_article("draft", body=body)
    if not postgresql:
        return
    assert _stored(storage) == before and ("body", "x") in before
    compression = "SELECT pg_column_compression(body) FROM articles WHERE id = :id"
    assert _stored(compression, id=inside.id) == [(None,)]
    assert _stored(compression, id=outside.id) == [("pglz",)]
