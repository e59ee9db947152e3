"""Helpers the test modules share that are neither fixtures nor factories.

The test app's settings (used by tests/conftest.py and
tests/browser/conftest.py), signing in, htmx request headers, the editor form as a browser posts it,
reading rows back from the database, counting SQL statements, and asking Flask alone (the poll
gate taken off). Fixtures live in conftest.py, `make_*` factories in tests/factories.py.
"""

from __future__ import annotations

import contextvars
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from flask import Flask, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session
from werkzeug.routing.rules import Rule

from editorial import clock
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.fast_polls import Gate
from editorial.models import Article, BreakingHeadline, SiteVersion, User
from editorial.rendering import ALLOWED_TAGS
from tests.databases import POSTGRES_OPTIONS, POSTGRES_SCHEMA, POSTGRES_URL
from tests.factories import PASSWORD

# -- The test app and its database -----------------------------------------------------------


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
        "PUBLIC_BASE_URL": "http://localhost",
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),  # never the checkout's instance/uploads
        # A load waits for the insights' figures drawn beside it however long that takes (a
        # slow machine never answers the kept ones instead); tests of the wait set their own.
        "INSIGHTS_FRESH_WAIT": 60.0,
    }
    if POSTGRES_URL:
        config["EDITORIAL_TEST_SCHEMA"] = schema
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "connect_args": {"options": f"-csearch_path={schema} {POSTGRES_OPTIONS}"},
        }
    config.update(overrides)
    return config


class IsolatedClient(FlaskClient):
    """A test client whose requests run in their own app context, as they do in production.

    Tests keep an app context open to use the models; without this, requests would share the test's
    database session (and its identity map) instead of starting from the database like a real one.
    The test's transaction is committed first so it never holds SQLite's write lock meanwhile,
    and the response is closed as a server would close it.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        if has_app_context():
            db.session.commit()
        response = contextvars.Context().run(super().open, *args, **kwargs)
        # A WSGI server closes every response once it is sent, which runs the work the app
        # left for after the response (`database.after_response`); so does this client.
        response.get_data()
        contextvars.Context().run(response.close)
        return response


def share_route_builders() -> None:
    """Let every test's app reuse the URL builders werkzeug compiles for its routes.

    Each test builds an app of its own, and werkzeug compiles two Python functions per URL rule
    for `url_for` (`Rule._compile_builder`: an AST, `compile`, `exec`): with some 260 rules that
    was 90% of `create_app`, about a third of a second of every test on CI's host. A builder is
    made from the rule's parsed parts and the names of its defaults alone (the rule is handed to
    it as an argument when it runs), so rules with the same parts can share one. A rule whose
    default fills one of its own placeholders bakes the converted value into the code, and is
    compiled as before. Tests only: a server builds its app once.
    """
    compile_builder = Rule._compile_builder
    if getattr(compile_builder, "shared", False):
        return
    builders: dict[tuple[Any, ...], Callable[..., tuple[str, str]]] = {}

    def shared(self: Rule, append_unknown: bool = True) -> Callable[..., tuple[str, str]]:
        defaults = self.defaults or {}
        if any(dynamic and part in defaults for dynamic, part in self._trace):
            return compile_builder(self, append_unknown)
        key = (self.rule, tuple(self._trace), tuple(defaults), append_unknown)
        builder = builders.get(key)
        if builder is None:
            builder = builders[key] = compile_builder(self, append_unknown)
        return builder

    shared.shared = True  # type: ignore[attr-defined]
    Rule._compile_builder = shared  # type: ignore[method-assign]


# -- Requests --------------------------------------------------------------------------------

HX = {"HX-Request": "true"}
# What htmx sends when the back button finds no snapshot: it wants the whole page.
HX_HISTORY_RESTORE = {**HX, "HX-History-Restore-Request": "true"}


def sign_in(client: FlaskClient, user: User, password: str = PASSWORD) -> FlaskClient:
    """Sign `user` in on `client` through the real form; fails the test if it doesn't work."""
    response = client.post("/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def form_for(article: Article, **changes: Any) -> dict[str, Any]:
    """The editor form as the browser would post it for `article`, with `changes` typed in.

    Every post is from the same editor page (tab) unless `editing=` names another one.
    """
    data: dict[str, Any] = {
        "editing": "page-1",
        "version": str(article.version),
        "headline": article.headline,
        "summary": article.summary,
        "body": article.body,
        "section_id": str(article.section_id or ""),
        "region_id": str(article.region_id or ""),
        "tags": ", ".join(tag.name for tag in article.tags),
        "source": article.source,
        "hero_image_url": article.hero_image_url,
        "hero_caption": article.hero_caption,
        "author_ids": [str(author.id) for author in article.authors],
        "save": "Save",
    }
    data.update(changes)
    return data


# -- Reading back ----------------------------------------------------------------------------

# The breaking-desk tests stop the clock here: 12:00 in Beirut (UTC+3).
T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def fresh(article_id: int) -> Article:
    """The article as the database has it now (requests ran in their own sessions)."""
    db.session.expire_all()
    return db.session.get(Article, article_id)  # type: ignore[return-value]


def reload(headline: BreakingHeadline) -> BreakingHeadline:
    """The breaking headline as the database has it now."""
    db.session.expire_all()
    return db.session.get(BreakingHeadline, headline.id)  # type: ignore[return-value]


def new(**fields: str) -> dict[str, str]:
    """The new-headline form as posted."""
    return {f"new-{name}": value for name, value in fields.items()}


def edit_form(headline: BreakingHeadline, **fields: str) -> dict[str, str]:
    """A headline's edit form as posted: what it holds now, with `fields` changed."""
    h = reload(headline)
    values = {
        "text": h.text,
        "article": "",
        "starts_at": clock.to_local(h.starts_at, "Asia/Beirut").strftime("%Y-%m-%dT%H:%M"),
        "ends_at": clock.to_local(h.ends_at, "Asia/Beirut").strftime("%Y-%m-%dT%H:%M"),
        "version": str(h.version),
        **fields,
    }
    return {f"h{h.id}-{name}": value for name, value in values.items()}


def transition_form(transition: Any, checker: User, note: str) -> dict[str, str]:
    """The transition's form as posted: `note`, and what its row also needs (checker, time)."""
    data = {"note": note}
    if transition.needs_fact_checker:
        data["fact_checker_id"] = str(checker.id)
    if transition.needs_time:
        data["publish_at"] = "2099-01-01T09:30"
    return data


class _Runnable(HTMLParser):
    """Collects the parts of an HTML fragment a browser would run or load."""

    RUNNING_TAGS = frozenset({"script", "style", "svg", "math", "iframe", "object", "embed"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.RUNNING_TAGS or tag not in ALLOWED_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            bare = "".join((value or "").split()).lower()
            if name.startswith(("on", "hx-", "data-hx")) or bare.startswith("javascript:"):
                self.found.append(f"{tag} {name}={value}")


def refusals_counted(permission: str | None = None) -> int:
    """Refused accesses recorded (one audit row per person, permission and minute, each counted
    in `RefusalTally`), optionally of one permission."""
    from editorial.models.audit import RefusalTally

    query = select(func.coalesce(func.sum(RefusalTally.count), 0))
    if permission is not None:
        query = query.where(RefusalTally.permission == permission)
    db.session.expire_all()
    return int(db.session.scalar(query) or 0)


def markup_that_runs(html: str) -> list[str]:
    """Tags off the allowlist, script tags, on*/hx-* attributes and javascript: links in `html`.

    Text that merely reads like markup (`&lt;script&gt;`, shown to readers as typed) is not markup.
    """
    parser = _Runnable()
    parser.feed(html)
    parser.close()
    return parser.found


# -- The poll gate ---------------------------------------------------------------------------


def flask_only(app: Flask, ask: Callable[[], Any]) -> Any:
    """`ask()` answered by Flask alone, the poll gate (`fast_polls.Gate`) taken off for it."""
    gate = app.wsgi_app
    assert isinstance(gate, Gate)
    app.wsgi_app = gate.wrapped  # type: ignore[method-assign]
    try:
        return ask()
    finally:
        app.wsgi_app = gate  # type: ignore[method-assign]


@contextmanager
def flask_answers(app: Flask) -> Iterator[list[str]]:
    """The addresses Flask itself answered while inside (the gate answered the rest)."""
    gate = app.wsgi_app
    assert isinstance(gate, Gate)
    inner, calls = gate.wrapped, []

    def counted(environ: dict[str, Any], start_response: Any) -> Any:
        calls.append(environ["PATH_INFO"])
        return inner(environ, start_response)

    gate.wrapped = counted
    try:
        yield calls
    finally:
        gate.wrapped = inner


def page_csrf_token(html: str) -> str:
    """The CSRF token a staff page carries for htmx (the body's `hx-headers`)."""
    found = re.search(r'"X-CSRFToken": "([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def set_person(user: User, **values: Any) -> None:
    """Change a person's row past the ORM's session, as another process (an admin's request)
    would."""
    db.session.execute(update(User).where(User.id == user.id).values(**values))
    db.session.commit()


def statements_after_commit(app: Flask, send: Callable[[], Any]) -> tuple[Any, list[str]]:
    """The answer to `send()`, and the statements `app` sent after the request's last commit
    (what an answer reads again once its write is committed), those sent past SQLAlchemy's
    execution (`raw_reads`) included."""
    marks: list[int] = []
    sender = threading.get_ident()

    def on_commit(_session: Any) -> None:
        # The request's own commits only (the test client answers in this thread): a server or
        # job thread another test left running in this process commits on its own sessions.
        if threading.get_ident() == sender:
            marks.append(len(statements))

    with counted_statements(app) as statements:
        event.listen(Session, "after_commit", on_commit)
        try:
            response = send()
        finally:
            event.remove(Session, "after_commit", on_commit)
    assert marks
    return response, statements[marks[-1] :]


def version_numbers() -> dict[int, int]:
    """Every version counter's number by its row (`board_version`'s SITE_ROW, ROW,
    INSIGHTS_ROW...), read afresh."""
    db.session.expire_all()
    return {row.id: row.number for row in db.session.scalars(select(SiteVersion))}


@contextmanager
def listening(target: Any, name: str, listener: Callable[..., Any]) -> Iterator[None]:
    """`listener` on SQLAlchemy's `name` event of `target` for the block, and off after it."""
    event.listen(target, name, listener)
    try:
        yield
    finally:
        event.remove(target, name, listener)


def calls_counted(monkeypatch: Any, owner: Any, name: str) -> list[bool]:
    """`owner.name` still called through, each call noted in the list returned."""
    calls: list[bool] = []
    real = getattr(owner, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(True)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls
