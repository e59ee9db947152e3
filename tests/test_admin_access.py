"""Every admin endpoint, for every non-admin role and for a signed-out client: refused, and
nothing changes (hand-made requests included, htmx or not)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from editorial.extensions import db
from editorial.models import (
    AuditEvent,
    Region,
    Role,
    Section,
    SiteSettingsRow,
    SlugHistory,
    Tag,
    User,
    UserSession,
    WebhookDelivery,
    WebhookEndpoint,
)
from tests.factories import make_article, make_user
from tests.helpers import HX, sign_in


def admin_requests(user_id: int) -> list[tuple[str, str, dict[str, str]]]:
    """(method, path, form) for every admin route, with the data a real request would send."""
    base = f"/admin/users/{user_id}"
    new = {"display_name": "Intruder", "email": "intruder@example.com", "role": "admin"}
    return [
        ("GET", "/admin/users", {}),
        ("GET", "/admin/users?q=a&role=admin&active=yes&page=2", {}),
        ("GET", "/admin/users/new", {}),
        ("POST", "/admin/users/new", {**new, "password": "a long enough phrase"}),
        ("GET", base, {}),
        ("POST", base, {"display_name": "Renamed", "email": "renamed@example.com"}),
        ("GET", f"{base}/role?role=admin", {}),
        ("POST", f"{base}/role", {"role": "admin"}),
        ("GET", f"{base}/deactivate", {}),
        ("POST", f"{base}/deactivate", {"typed": "x"}),
        ("GET", f"{base}/reactivate", {}),
        ("POST", f"{base}/reactivate", {}),
        ("GET", f"{base}/reset-password", {}),
        ("POST", f"{base}/reset-password", {}),
        ("GET", f"{base}/sign-out", {}),
        ("POST", f"{base}/sign-out", {}),
        *audit_requests(),
        *taxonomy_requests(),
        *settings_requests(),
        *webhook_requests(),
        *checklist_requests(),
    ]


def checklist_requests() -> list[tuple[str, str, dict[str, str]]]:
    """The house checklists' admin routes: the rules page, adding one, removing rule 1."""
    new = {"transition": "publish", "kind": "tags", "minimum": "2", "level": "blocking"}
    return [
        ("GET", "/admin/checklists", {}),
        ("POST", "/admin/checklists", new),
        ("POST", "/admin/checklists/1/remove", {}),
    ]


def webhook_requests() -> list[tuple[str, str, dict[str, str]]]:
    """The webhooks' routes on endpoint 1 and its delivery 1 (`_webhook_in_use`)."""
    base = "/admin/webhooks/1"
    new = {"url": "https://93.184.216.34/hook", "events": "article.published"}
    return [
        ("GET", "/admin/webhooks", {}),
        ("POST", "/admin/webhooks", new),
        ("GET", base, {}),
        *(("POST", f"{base}/{action}", {}) for action in ("test", "pause", "resume", "remove")),
        ("POST", f"{base}/deliveries/1/again", {}),
    ]


def audit_requests() -> list[tuple[str, str, dict[str, str]]]:
    """The audit log's routes: the page (filtered, paged) and the CSV export."""
    query = "person=a&action=user.&object=user:1&since=2026-01-01&until=2026-12-31&before=9"
    return [
        ("GET", "/admin/audit", {}),
        ("GET", f"/admin/audit?{query}", {}),
        ("GET", "/admin/audit.csv", {}),
        ("GET", f"/admin/audit.csv?{query}", {}),
    ]


def taxonomy_requests() -> list[tuple[str, str, dict[str, str]]]:
    """The taxonomy's routes on seeded rows (section 1, region 1) and on a tag (1)."""
    new = {"name": "Intruders", "slug": "intruders", "group": "News"}
    requests: list[tuple[str, str, dict[str, str]]] = [
        ("GET", "/admin/taxonomy", {}),
        ("GET", "/admin/tags", {}),
        ("GET", "/admin/tags?q=ga&page=2", {}),
        ("POST", "/admin/taxonomy/tags/1/merge", {"into": "Other"}),
        ("POST", "/admin/taxonomy/sections/1/owner", {"owner": "1"}),
    ]
    for kind in ("sections", "regions", "tags"):
        base = f"/admin/taxonomy/{kind}/1"
        requests += [
            ("POST", f"/admin/taxonomy/{kind}/new", new),
            ("GET", base, {}),
            ("POST", base, {"name": "Renamed", "slug": "renamed", "group": "Articles"}),
            ("POST", f"{base}/labels", {"label-ar": "اسم"}),
            ("POST", f"{base}/delete", {}),
        ]
        if kind != "tags":
            requests += [
                ("POST", f"{base}/move", {"direction": "down"}),
                ("POST", f"{base}/retire", {}),
                ("POST", f"{base}/restore", {}),
            ]
    return requests


def settings_requests() -> list[tuple[str, str, dict[str, str]]]:
    """The settings page and its save, with values that would change everything."""
    changed = {
        "newsroom_name": "Intruder Times",
        "time_zone": "Europe/Paris",
        "about_md": "Taken over",
        "show_checked_by": "",
    }
    return [("GET", "/admin/settings", {}), ("POST", "/admin/settings", changed)]


def test_the_list_covers_every_admin_route(app: Flask) -> None:
    rules = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/admin/")
        for method in rule.methods - {"HEAD", "OPTIONS"}  # type: ignore[operator]
    }
    adapter = app.url_map.bind("localhost")
    listed = {
        (method, adapter.match(path.split("?")[0], method=method, return_rule=True)[0].rule)
        for method, path, _ in admin_requests(7)
    }
    assert rules == listed


def _state() -> tuple[Any, ...]:
    """Everything an admin request could change: people, their sessions, the non-refusal audit."""
    db.session.expire_all()
    people = db.session.execute(
        select(
            User.id,
            User.email,
            User.display_name,
            User.role,
            User.active,
            User.password_hash,
            User.must_change_password,
        ).order_by(User.id)
    ).all()
    open_sessions = db.session.scalar(
        select(func.count(UserSession.id)).where(UserSession.ended_at.is_(None))
    )
    changes = db.session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.action != "access.denied")
    )
    taxonomy = [
        db.session.execute(select(*model.__table__.c).order_by(model.id)).all()
        for model in (Section, Region, Tag, SlugHistory)
    ]
    site = db.session.execute(select(*SiteSettingsRow.__table__.c)).all()
    hooks = [
        db.session.execute(select(*model.__table__.c).order_by(model.id)).all()
        for model in (WebhookEndpoint, WebhookDelivery)
    ]
    return tuple(people), open_sessions, changes, repr(taxonomy), repr(site), repr(hooks)


@pytest.fixture(autouse=True)
def _taxonomy_in_use(app: Flask) -> None:
    """Tags 1 and 2 on a published story, so a merge, rename or delete would have work to do."""
    make_article("published", tags=["Gaza", "Other"])


@pytest.fixture(autouse=True)
def _webhook_in_use(app: Flask) -> None:
    """Endpoint 1 with a delivered delivery 1, so every webhook action would have work to do."""
    endpoint = WebhookEndpoint(
        url="https://93.184.216.34/hook", events=["article.published"], secret="whsec_AAAA"
    )
    db.session.add(endpoint)
    db.session.flush()
    db.session.add(
        WebhookDelivery(
            endpoint_id=endpoint.id,
            event="webhook.test",
            message_id="msg_1",
            body="{}",
            status="delivered",
        )
    )
    db.session.commit()


def _send(client: FlaskClient, method: str, path: str, data: dict[str, str], **kw: Any) -> Any:
    return client.get(path, **kw) if method == "GET" else client.post(path, data=data, **kw)


@pytest.mark.parametrize("role", ["reporter", "fact_checker", "editor"])
def test_every_non_admin_role_is_refused_everywhere(
    app: Flask, users: dict[str, User], role: str
) -> None:
    target = make_user(Role.REPORTER)
    sign_in(app.test_client(), target)  # an open session that must survive
    client = sign_in(app.test_client(), users[role])
    before = _state()
    for method, path, data in admin_requests(target.id):
        for headers in ({}, HX):
            response = _send(client, method, path, data, headers=headers)
            assert response.status_code == 403, (role, method, path, headers)
    assert _state() == before
    denied = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "access.denied")
    ).all()
    assert {event.details["permission"] for event in denied} == {
        "users.manage",
        "audit.view",
        "taxonomy.manage",
        "settings.manage",
        "webhooks.manage",
        "checklists.manage",
    }


def test_a_signed_out_client_is_sent_to_sign_in_or_refused(app: Flask, admin: User) -> None:
    target = make_user(Role.REPORTER)
    client = app.test_client()
    before = _state()
    for method, path, data in admin_requests(target.id):
        response = _send(client, method, path, data)
        if method == "GET":
            assert response.status_code == 302, path
            assert response.headers["Location"].startswith("/login"), path
        else:
            assert response.status_code == 401, (method, path)
        assert _send(client, method, path, data, headers=HX).status_code == 401, path
    assert _state() == before


def test_a_deactivated_admin_is_refused_everywhere(app: Flask, admin: User) -> None:
    """A deactivated admin's old cookie opens nothing: their session ended with the change."""
    other = make_user(Role.ADMIN)
    client = sign_in(app.test_client(), other)
    sign_in(app.test_client(), admin).post(f"/admin/users/{other.id}/deactivate")
    before = _state()
    for method, path, data in admin_requests(admin.id):
        response = _send(client, method, path, data)
        # A page is sent to sign in; a form post (which no sign-in can resume) is refused, 401.
        assert response.status_code == (302 if method == "GET" else 401), (method, path)
    assert _state() == before
