"""Fixtures: an app on a fresh database per test, clients signed in as each role.

The suite runs on SQLite (a file per test) unless EDITORIAL_TEST_DATABASE_URL names a PostgreSQL
database; there each test process (each pytest-xdist worker) gets a schema of its own, created
once and emptied between tests. The helpers behind these fixtures are in tests/helpers.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, template_rendered
from flask.testing import FlaskClient

from editorial import clock, create_app, newsroom
from editorial.extensions import db
from editorial.models import Role, User
from tests.compiled_templates import share_compiled_templates
from tests.databases import drop_postgres_schemas, reset_database
from tests.factories import make_user
from tests.helpers import (
    T0,
    IsolatedClient,
    app_config,
    share_route_builders,
    sign_in,
)
from tests.mailbox import Mailbox, smtp_server
from tests.receiver import Receiver

share_route_builders()
share_compiled_templates()


@pytest.fixture(scope="session", autouse=True)
def _drop_postgres_schema() -> Iterator[None]:
    """Remove this process's PostgreSQL schemas at the end of the run."""
    yield
    drop_postgres_schemas()


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator[Any]:
    """Build an app with extra settings: `make_app(WTF_CSRF_ENABLED=True)`."""
    apps: list[Flask] = []

    def factory(**overrides: Any) -> Flask:
        app = create_app(app_config(tmp_path, **overrides))
        app.test_client_class = IsolatedClient
        reset_database(app)
        with app.app_context():
            # As a running server has: its settings read once, so a test's first request costs
            # what every later one does (query-count tests compare them).
            newsroom.current()
        apps.append(app)
        return app

    yield factory
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app: Any, request: pytest.FixtureRequest) -> Iterator[Flask]:
    """The app, with an application context pushed so tests can use the models directly.

    A module or test marked `@pytest.mark.settings(WEBHOOKS_ALLOW_PRIVATE=True)` gets its app
    built with those settings."""
    marker = request.node.get_closest_marker("settings")
    application = make_app(**(marker.kwargs if marker else {}))
    with application.app_context():
        yield application


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A webhook receiver on loopback that checks every signature (`tests/receiver.py`); the
    app sends to it only with `WEBHOOKS_ALLOW_PRIVATE`."""
    running = Receiver()
    yield running
    running.close()


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    """An SMTP server on loopback whose messages the test reads (`tests/mailbox.py`)."""
    with smtp_server() as box:
        yield box


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A browser with no one signed in."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> Any:
    """Runs `flask` commands against the test app."""
    return app.test_cli_runner()


@pytest.fixture
def reporter(app: Flask) -> User:
    """A reporter, committed; sign in with `client_as`."""
    return make_user(Role.REPORTER, display_name="Rana Reporter")


@pytest.fixture
def fact_checker(app: Flask) -> User:
    """A fact-checker, committed; sign in with `client_as`."""
    return make_user(Role.FACT_CHECKER, display_name="Fadi Checker")


@pytest.fixture
def editor(app: Flask) -> User:
    """An editor, committed; sign in with `client_as`."""
    return make_user(Role.EDITOR, display_name="Elie Editor")


@pytest.fixture
def admin(app: Flask) -> User:
    """An admin, committed; sign in with `client_as`."""
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


@pytest.fixture
def frozen() -> Iterator[Any]:
    """The clock stopped at T0 (tests tick it on). A fixed mid-morning moment, not now: a test
    that froze now and ticked a few minutes on crossed midnight when CI ran just before it, and
    the masthead's date changed between two pages it compared."""
    with clock.frozen(T0) as handle:
        yield handle


@pytest.fixture
def desk(frozen: Any, editor: User, client_as: Any) -> FlaskClient:
    """An editor signed in, with the clock frozen at T0 (the breaking desk's tests)."""
    return client_as(editor)


@pytest.fixture
def clock_held_still() -> Iterator[None]:
    """The clock held still for the test. A public page's ETag and kept copy carry the page
    cache's time slot, so two requests that straddled a slot's end would differ by design (on a
    slow machine they did); the clock is injected rather than waited on, so no test sleeps until
    a fresh slot begins. Use with `pytestmark = pytest.mark.usefixtures("clock_held_still")`."""
    with clock.frozen(clock.now()):
        yield


@pytest.fixture
def drawn(app: Flask) -> Iterator[list[str]]:
    """The names of the templates rendered while the test runs."""
    names: list[str] = []

    def note(_app: Flask, template: Any, **_kw: Any) -> None:
        names.append(template.name)

    template_rendered.connect(note, app)
    try:
        yield names
    finally:
        template_rendered.disconnect(note, app)


@pytest.fixture
def insights_newsroom(app: Flask, editor: User, fact_checker: User, reporter: User) -> Any:
    """The insights tests' hand-built newsroom (`tests.test_insights.hand_built`): edit ended
    28 h and 15 h before `NOW` (closed days in the tests' zone), one still open."""
    from tests.test_insights import hand_built

    return hand_built(editor, fact_checker, reporter)


@pytest.fixture
def drawings(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The filters of each report the insights build while the test runs."""
    from editorial.insights import reading

    built: list[Any] = []
    compute = reading._compute

    def counted(filters: Any, now: Any, behind: bool) -> Any:
        built.append(filters)
        return compute(filters, now, behind)

    monkeypatch.setattr(reading, "_compute", counted)
    return built
