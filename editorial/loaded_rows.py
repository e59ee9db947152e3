"""ORM objects of rows already read, made as a query's load makes them (issue 28, bench:writes9).

Every write view and desk page begins with the story it acts on (`permissions.get_visible_article`)
and the signed-in person as a `User` (`identity.SignedIn.user`). Through the ORM's execution
(`Session.get`) a story cost about 340 µs on SQLite, of which the row's read is a fifth: the rest
is the ORM's statement set-up and its loading; the person, made with `Model(**values)` and
`merge(load=False)`, set each attribute through its instrumented setter and then copied it again.

`as_loaded` makes the object from a row already read (every column), the SQLAlchemy recipe for
rows kept outside the session (`make_transient_to_detached`, then into the session): its values
are its committed state (nothing dirty, nothing flushed), what it did not read expired, its
relationships loaded lazily on first use, as after a query. The session's own copy wins when it
holds one, as `Session.get` and `merge` return theirs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from sqlalchemy import Select, bindparam, inspect, select
from sqlalchemy.orm import Mapper, make_transient_to_detached

from editorial.extensions import db
from editorial.raw_reads import session_reads

T = TypeVar("T")

# Per model: (column name, attribute name) for every mapped column, and the primary key's names.
_SHAPES: dict[type, tuple[tuple[tuple[str, str], ...], tuple[str, ...]]] = {}


def _shape(model: type) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    shape = _SHAPES.get(model)
    if shape is None:
        mapper: Mapper[Any] = inspect(model)
        table = mapper.local_table
        columns = tuple(
            (column.name, mapper.get_property_by_column(column).key) for column in table.columns
        )
        shape = _SHAPES[model] = (columns, tuple(column.name for column in mapper.primary_key))
    return shape


# Per model: its row by primary key (every column), or None where `get` leaves it to the ORM.
_BY_ID: dict[type, Select[Any] | None] = {}


def _by_id(model: type) -> Select[Any] | None:
    if model not in _BY_ID:
        mapper: Mapper[Any] = inspect(model)
        table = mapper.local_table
        plain = (
            mapper.inherits is None
            and mapper.polymorphic_on is None
            and len(mapper.primary_key) == 1
            and all(
                not prop.deferred and len(prop.columns) == 1 and prop.columns[0].table is table
                for prop in mapper.column_attrs
            )
            and len(mapper.column_attrs) == len(table.columns)
        )
        key = mapper.primary_key[0]
        _BY_ID[model] = select(table).where(key == bindparam("id")) if plain else None
    return _BY_ID[model]


def get(model: type[T], ident: int) -> T | None:
    """`db.session.get(model, ident)`, made from one read past the ORM's execution (its
    statement set-up and loading were two thirds of a story's load): the same object, the
    session's own when it holds one, read after what the session would autoflush. A model
    with deferred, computed or inherited columns is left to `Session.get`."""
    session = db.session()
    statement = _by_id(model)
    if statement is None or held(model, ident) is not None:
        return session.get(model, ident)
    with session_reads(session) as reads:
        row = reads.execute(statement, {"id": ident}).first()
    return None if row is None else as_loaded(model, row._asdict())


# Per model and key share: `_by_id`'s read with the row held (`FOR [NO KEY] UPDATE`).
_HOLDING: dict[tuple[type, bool], Select[Any]] = {}


def get_holding(model: type[T], ident: int, *, key_share: bool = True) -> T | None:
    """`get` with the row held until the commit, as `Session.get(model, ident,
    with_for_update={"key_share": key_share}, populate_existing=True)` reads it (`FOR NO KEY
    UPDATE`, or `FOR UPDATE` without `key_share`; SQLite's writes hold the whole file): a
    transition's story on PostgreSQL, a live post's story. The ORM's statement set-up and load
    were most of that read's cost too. When the session holds the object already, or the model
    is not plain, the ORM reads it so, its values read afresh."""
    session = db.session()
    statement = _by_id(model)
    if statement is None or held(model, ident) is not None:
        holding = {"key_share": key_share}
        return session.get(model, ident, with_for_update=holding, populate_existing=True)
    if (model, key_share) not in _HOLDING:
        _HOLDING[model, key_share] = statement.with_for_update(key_share=key_share)
    with session_reads(session) as reads:
        row = reads.execute(_HOLDING[model, key_share], {"id": ident}).first()
    return None if row is None else as_loaded(model, row._asdict())


def held(model: type[T], *key: Any) -> T | None:
    """The session's own object of `model` with primary key `key`, if it holds one."""
    identity = inspect(model).identity_key_from_primary_key(key)
    found: T | None = db.session().identity_map.get(identity)
    return found


def as_loaded(model: type[T], values: Mapping[str, Any]) -> T:
    """The session's object for the row `values` (every column of `model`'s table, by column
    name, as its statement read them), as if a query had loaded it; the session's own copy if
    it holds one already."""
    columns, key = _shape(model)
    kept = held(model, *(values[name] for name in key))
    if kept is not None:
        return kept
    instance: T = inspect(model).class_manager.new_instance()
    instance.__dict__.update({attribute: values[name] for name, attribute in columns})
    make_transient_to_detached(instance)
    db.session.add(instance)
    return instance


def first(model: type[T], statement: Select[Any], parameters: Mapping[str, Any]) -> T | None:
    """The object of the first row `statement` reads (every column of `model`'s table, as
    `select(table)` reads them), made as `get` makes its object: one read past the ORM's
    execution, after what the session would autoflush, the session's own object if it holds
    one. Only for a model `get` reads so (no deferred, computed or inherited columns)."""
    if _by_id(model) is None:
        raise ValueError(f"{model.__name__} is left to the ORM's loading")
    with session_reads(db.session()) as reads:
        row = reads.execute(statement, parameters).first()
    return None if row is None else as_loaded(model, row._asdict())
