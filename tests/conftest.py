"""Fixtures: an app on a fresh database per test, clients signed in as each role.

The suite runs on SQLite (a file per test) unless EDITORIAL_TEST_DATABASE_URL names a PostgreSQL
database; there the schema is created once and every table is emptied between tests.
"""

from __future__ import annotations

import contextvars
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import text

from editorial import create_app
from editorial.extensions import db
from editorial.models import Role, User
from editorial.services.taxonomy import seed_taxonomy
from tests.factories import PASSWORD, make_user

POSTGRES_URL = os.environ.get("EDITORIAL_TEST_DATABASE_URL")
# Each run gets a schema of its own, so runs sharing one PostgreSQL database don't collide.
POSTGRES_SCHEMA = f"editorial_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"


def app_config(tmp_path: Path, schema: str = POSTGRES_SCHEMA, **overrides: Any) -> dict[str, Any]:
    """The settings every test app starts from; `schema` is its PostgreSQL schema, if any."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": POSTGRES_URL or f"sqlite:///{tmp_path / 'test.sqlite3'}",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SCHEDULER_ENABLED": False,
        "PUBLIC_PAGE_CACHE_SECONDS": 0,  # tests/test_page_cache.py turns it on
        "SERVER_NAME": None,
    }
    if POSTGRES_URL:
        config["EDITORIAL_TEST_SCHEMA"] = schema
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "pool_pre_ping": True,
            "connect_args": {"options": f"-csearch_path={schema}"},
        }
    config.update(overrides)
    return config


_postgres_schemas: set[str] = set()  # created in this run, dropped at its end


class IsolatedClient(FlaskClient):
    """A test client whose requests run in their own app context, as they do in production.

    Tests keep an app context open to use the models; without this, requests would share the test's
    database session (and its identity map) instead of starting from the database like a real one.
    The test's transaction is committed first so it never holds SQLite's write lock meanwhile.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        if has_app_context():
            db.session.commit()
        return contextvars.Context().run(super().open, *args, **kwargs)


def reset_database(app: Flask) -> None:
    """An empty schema with the taxonomy seeded, on whichever database the run uses."""
    with app.app_context():
        if POSTGRES_URL:
            schema = app.config["EDITORIAL_TEST_SCHEMA"]
            if schema not in _postgres_schemas:
                with db.engine.begin() as connection:
                    connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
                db.create_all()
                _postgres_schemas.add(schema)
            tables = ", ".join(t.name for t in db.metadata.sorted_tables)
            db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.session.commit()
        else:
            db.create_all()
        seed_taxonomy()
        db.session.commit()


@pytest.fixture(scope="session", autouse=True)
def _drop_postgres_schema() -> Iterator[None]:
    """Remove this run's PostgreSQL schemas at the end."""
    yield
    if POSTGRES_URL and _postgres_schemas:
        from sqlalchemy import create_engine

        engine = create_engine(POSTGRES_URL)
        with engine.begin() as connection:
            for schema in _postgres_schemas:
                connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        engine.dispose()


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator[Any]:
    """Build an app with extra settings: `make_app(WTF_CSRF_ENABLED=True)`."""
    apps: list[Flask] = []

    def factory(**overrides: Any) -> Flask:
        app = create_app(app_config(tmp_path, **overrides))
        app.test_client_class = IsolatedClient
        reset_database(app)
        apps.append(app)
        return app

    yield factory
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app: Any) -> Iterator[Flask]:
    """The app, with an application context pushed so tests can use the models directly."""
    application = make_app()
    with application.app_context():
        yield application


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A browser with no one signed in."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> Any:
    """Runs `flask` commands against the test app."""
    return app.test_cli_runner()


def sign_in(client: FlaskClient, user: User, password: str = PASSWORD) -> FlaskClient:
    """Sign `user` in on `client` through the real form; fails the test if it doesn't work."""
    response = client.post("/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


@pytest.fixture
def reporter(app: Flask) -> User:
    return make_user(Role.REPORTER, display_name="Rana Reporter")


@pytest.fixture
def fact_checker(app: Flask) -> User:
    return make_user(Role.FACT_CHECKER, display_name="Fadi Checker")


@pytest.fixture
def editor(app: Flask) -> User:
    return make_user(Role.EDITOR, display_name="Elie Editor")


@pytest.fixture
def admin(app: Flask) -> User:
    return make_user(Role.ADMIN, display_name="Aya Admin")


@pytest.fixture
def users(reporter: User, fact_checker: User, editor: User, admin: User) -> dict[str, User]:
    """One user of every role, keyed by the role's value."""
    return {"reporter": reporter, "fact_checker": fact_checker, "editor": editor, "admin": admin}


@pytest.fixture
def client_as(app: Flask) -> Any:
    """`client_as(user)`: a new test client signed in as `user`."""

    def factory(user: User) -> FlaskClient:
        return sign_in(app.test_client(), user)

    return factory
