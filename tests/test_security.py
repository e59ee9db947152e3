"""What security.md promises about access, forgery, headers and errors, checked over every route."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text
from werkzeug.routing.converters import NumberConverter

from editorial import workflow
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.models import AuditEvent, Role, User
from editorial.models.audit import RefusalTally
from tests.factories import PASSWORD, make_article, make_user
from tests.helpers import HX, sign_in

MUTATING = {"POST", "PUT", "PATCH", "DELETE"}


def _routes(app: Flask) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) for every route but static, with 1 for ids and "x" for strings."""
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        values = {
            name: 1 if isinstance(conv, NumberConverter) else "x"
            for name, conv in rule._converters.items()
        }
        url = rule.build(values, append_unknown=False)[1]
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            routes.append((rule.endpoint, method, url))
    return routes


def _is_public(app: Flask, endpoint: str) -> bool:
    return bool(getattr(app.view_functions[endpoint], "_public", False))


def _csrf_exempt(app: Flask) -> set[str]:
    from editorial.inbox.preferences import CSRF_EXEMPT_ENDPOINTS as UNSUBSCRIBE
    from editorial.public.reads import CSRF_EXEMPT_ENDPOINTS

    return set(CSRF_EXEMPT_ENDPOINTS) | set(UNSUBSCRIBE)


def test_every_non_public_route_needs_a_signed_in_user(app: Flask, client: FlaskClient) -> None:
    checked = 0
    for endpoint, method, url in _routes(app):
        if _is_public(app, endpoint):
            continue
        response = client.open(url, method=method)
        if method == "GET":
            assert response.status_code == 302, (endpoint, response.status_code)
            assert response.headers["Location"].startswith("/login"), endpoint
        else:
            assert response.status_code == 401, (endpoint, method, response.status_code)
        checked += 1
    assert checked >= 8


def test_public_routes_are_only_the_reader_facing_ones(app: Flask) -> None:
    public = {endpoint for endpoint, _, _ in _routes(app) if _is_public(app, endpoint)}
    assert "auth.login" in public and "public.home" in public
    for endpoint in public:
        blueprint = endpoint.split(".")[0]
        # media.file: the pictures readers see (random names; the library itself is staff-only).
        # calendar.feed: a person's private .ics, opened by a calendar app with its secret token.
        # previews.show/answer: a reviewer's secret link (editorial/previews: 256-bit tokens).
        # inbox.unsubscribe: an email's one-click unsubscribe, behind a signed token.
        allowed = {
            "media.file",
            "search.public_search",
            "calendar.feed",
            "previews.show",
            "previews.answer",
            "inbox.unsubscribe",
            # live.*: a live story's readers' poll, its feed and a post's own page.
            "live.updates",
            "live.feed",
            "live.post_page",
        }
        assert blueprint in {"auth", "public", "ticker"} or endpoint in allowed, endpoint
    assert not {"people.users", "desk.index", "articles.transition", "search.staff_search"} & public


def _csrf_token(client: FlaskClient, path: str = "/login") -> str:
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    assert match, "no CSRF token on " + path
    return match.group(1)


@pytest.fixture
def csrf_app(make_app: Any) -> Flask:
    return make_app(WTF_CSRF_ENABLED=True)


def _signed_in_with_csrf(app: Flask, user: User) -> FlaskClient:
    client = app.test_client()
    token = _csrf_token(client)
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    return client


def test_every_mutating_route_refuses_a_post_without_the_token(csrf_app: Flask) -> None:
    with csrf_app.app_context():
        admin = make_user(Role.ADMIN)
        make_article("ready")
        client = _signed_in_with_csrf(csrf_app, admin)
        checked = 0
        for endpoint, method, url in _routes(csrf_app):
            if method not in MUTATING or endpoint in _csrf_exempt(csrf_app):
                continue
            plain = client.open(url, method=method, data={"note": "x"})
            htmx = client.open(url, method=method, data={"note": "x"}, headers=HX)
            assert plain.status_code == 400, (endpoint, plain.status_code)
            assert htmx.status_code == 400, (endpoint, htmx.status_code)
            checked += 1
        assert checked >= 4


def test_the_token_in_the_htmx_header_is_accepted(csrf_app: Flask) -> None:
    with csrf_app.app_context():
        editor = make_user(Role.EDITOR)
        article = make_article("ready")
        client = _signed_in_with_csrf(csrf_app, editor)
        page = client.get(f"/articles/{article.id}").get_data(as_text=True)
        token = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', page).group(1)
        response = client.post(
            f"/articles/{article.id}/transition/publish",
            headers={**HX, "X-CSRFToken": token},
        )
        assert response.status_code == 200


def test_only_the_documented_endpoints_skip_csrf(app: Flask) -> None:
    from editorial.extensions import csrf

    exempt = {view for view in csrf._exempt_views}
    expected = {
        f"{app.view_functions[e].__module__}.{app.view_functions[e].__name__}"
        for e in _csrf_exempt(app)
    }
    assert exempt == expected
    # The anonymous read-count beacon (public/reads.py) and the one-click unsubscribe a mail
    # client posts (inbox/preferences.py, RFC 8058), each checked by other means.
    assert len(expected) <= 2


def _database_fingerprint() -> str:
    digest = hashlib.sha256()
    for table in db.metadata.sorted_tables:
        if table.name in ("user_sessions", "audit_refusal_tallies"):
            # Idle-timeout bookkeeping (see auth.load_user), and a refused GET's count (below).
            continue
        query = select(table).order_by(*table.primary_key.columns)
        if table.name == "audit_events":
            # A refused GET is audited on purpose (security.md: "refused access").
            query = query.where(table.c.action != "access.denied")
        rows = db.session.execute(query).all()
        digest.update(table.name.encode())
        digest.update(repr(rows).encode())
    db.session.commit()
    return digest.hexdigest()


# What a GET may send without the tables' rows being read again: a read, or a transaction's own
# bookkeeping. Anything else (a write, a SET, `SELECT ... FOR UPDATE`, a read that only mentions
# a write's word) has the rows read again after it: one too many is only slower.
_READS = re.compile(r"\s*(SELECT|WITH)\b", re.IGNORECASE)
_TRANSACTION = re.compile(r"\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b", re.IGNORECASE)
_WRITE_WORDS = re.compile(
    r"\b(INSERT|UPDATE|DELETE|MERGE|REPLACE|UPSERT|CREATE|DROP|ALTER|TRUNCATE|COPY)\b",
    re.IGNORECASE,
)


def _may_write(statement: str) -> bool:
    """Whether `statement` could change a table's rows (when unsure: yes)."""
    if _TRANSACTION.match(statement):
        return False
    return not _READS.match(statement) or bool(_WRITE_WORDS.search(statement))


@pytest.mark.parametrize("role", ["reporter", "fact_checker", "editor", "admin"])
def test_get_never_changes_anything(app: Flask, users: dict[str, User], role: str) -> None:
    """Every GET route, opened by each role, leaves every table's rows as they were.

    The rows are read (`_database_fingerprint`) before the sweep, after every GET that sent a
    statement which may write (`_may_write`, every statement the app sends counted as
    `counted_statements` counts them, the raw reads included), and once more at the end: a GET
    that sent only reads left the rows as they were, and the last read catches whatever changed
    them past SQLAlchemy (naming the GETs since the last check). One role per case, so pytest's
    workers share the sweep; each role's case starts from the same rows (the stories of every
    state, and a refused GET's audit row for the admin's audit pages to show)."""
    for state in workflow.STATES:
        make_article(state, authors=[users["reporter"]], tags=["Gaza"])
    assert sign_in(app.test_client(), users["reporter"]).get("/admin/users").status_code == 403
    client = sign_in(app.test_client(), users[role])
    last = _database_fingerprint()
    unchecked: list[str] = []
    with counted_statements(app) as statements:
        for endpoint, method, url in _routes(app):
            # Opening a notification (a link) marks that one read and changes nothing else:
            # test_inbox.py::test_opening_a_notification_marks_it_read_and_changes_nothing_else
            if method != "GET" or endpoint in ("auth.logout", "inbox.open_one"):
                continue
            statements.clear()
            response = client.get(url)
            assert response.status_code < 500, (endpoint, response.status_code)
            unchecked.append(url)
            if any(_may_write(statement) for statement in statements):
                assert _database_fingerprint() == last, (
                    f"GET {url} (or, past SQLAlchemy, one since the last check: {unchecked}) "
                    "changed the database"
                )
                unchecked.clear()
    # Only what went past SQLAlchemy (and `sent_raw`) is left to find: one of the last GETs.
    assert _database_fingerprint() == last, f"GET changed the database: {unchecked}"


@pytest.mark.parametrize("role", ["reporter", "fact_checker", "editor"])
def test_every_role_but_admin_is_refused_the_admin_pages(app: Flask, role: str) -> None:
    client = sign_in(app.test_client(), make_user(role))
    assert client.get("/admin/users").status_code == 403
    target = make_user(Role.REPORTER)
    response = client.post(f"/admin/users/{target.id}", data={"role": "admin", "active": "y"})
    assert response.status_code == 403
    db.session.refresh(target)
    assert target.role == Role.REPORTER
    denied = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "access.denied")
    ).all()
    # Both refusals (the page and the POST) in one row for the minute, counted beside it.
    assert len(denied) == 1
    tally = db.session.scalars(select(RefusalTally)).one()
    assert (tally.permission, tally.count, tally.event_id) == ("users.manage", 2, denied[0].id)


def test_admin_reaches_the_admin_page(client_as, admin: User) -> None:  # type: ignore[no-untyped-def]
    assert client_as(admin).get("/admin/users").status_code == 200


def _assert_security_headers(response: Any) -> None:
    csp = response.headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]
    assert "HX-Request" in response.headers["Vary"]


def test_security_headers_on_a_page_a_partial_a_404_and_a_static_file(
    client_as,
    editor: User,
    client: FlaskClient,  # type: ignore[no-untyped-def]
) -> None:
    article = make_article("ready")
    signed_in = client_as(editor)
    _assert_security_headers(signed_in.get("/desk/"))
    partial = signed_in.post(f"/articles/{article.id}/transition/publish", headers=HX)
    assert "<html" not in partial.get_data(as_text=True)
    _assert_security_headers(partial)
    missing = client.get("/no/such/page")
    assert missing.status_code == 404
    _assert_security_headers(missing)
    _assert_security_headers(client.get("/static/css/base.css"))


def test_signed_in_pages_are_not_cached(client_as, editor: User) -> None:  # type: ignore[no-untyped-def]
    assert client_as(editor).get("/desk/").headers["Cache-Control"] == "no-store"


def test_templates_have_no_inline_scripts_or_handlers() -> None:
    from pathlib import Path

    for template in Path("templates").rglob("*.html"):
        source = template.read_text()
        data_block = r'(?![^>]*\btype="application/ld\+json")'  # JSON-LD: data, never run
        assert not re.search(rf"<script(?![^>]*\bsrc=){data_block}[^>]*>", source), template
        # ...and a data block only ever holds one value written by `tojson` (< > & escaped).
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', source):
            assert re.fullmatch(r"\{\{ [\w.()]+\|tojson \}\}", block), template
        assert not re.search(r"\son[a-z]+=", source), template


def test_error_pages_use_the_layout(client: FlaskClient) -> None:
    page = client.get("/no/such/page").get_data(as_text=True)
    assert "Not found" in page and 'class="masthead"' in page


def test_production_never_shows_a_traceback(make_app: Any) -> None:
    app = make_app(TESTING=False, DEBUG=False, PROPAGATE_EXCEPTIONS=False)

    @app.route("/boom")
    def boom() -> str:  # pragma: no cover - raises
        raise RuntimeError("secret internals")

    boom._public = True  # type: ignore[attr-defined]
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Something went wrong" in page
    assert "secret internals" not in page and "Traceback" not in page


def test_oversized_input_is_413_not_500(client_as, editor: User) -> None:  # type: ignore[no-untyped-def]
    article = make_article("edit")
    response = client_as(editor).post(
        f"/articles/{article.id}/transition/return", data={"note": "x" * (3 * 1024 * 1024)}
    )
    assert response.status_code == 413


@pytest.mark.parametrize("bad", ["/articles/0", "/articles/-1", "/articles/99999999999999999999"])
def test_bad_ids_are_404(client_as, editor: User, bad: str) -> None:  # type: ignore[no-untyped-def]
    assert client_as(editor).get(bad).status_code == 404


def test_articles_a_user_may_not_see_are_404_not_403(
    client_as,
    reporter: User,  # type: ignore[no-untyped-def]
) -> None:
    hidden = make_article("edit")
    assert client_as(reporter).get(f"/articles/{hidden.id}").status_code == 404


def test_audit_events_are_append_only(reporter: User) -> None:
    from editorial.audit import record

    event = record("test.event", reporter, note="line one\nline two")
    db.session.commit()
    assert event.details["note"] == "line one\nline two"
    for statement in ("UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"):
        with pytest.raises(Exception, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()


def test_audit_never_stores_a_secret(client: FlaskClient, reporter: User) -> None:
    client.post("/login", data={"email": reporter.email, "password": "my secret guess"})
    for event in db.session.scalars(select(AuditEvent)):
        assert "my secret guess" not in repr(event.details)
