"""Who can reach the breaking desk: every endpoint for every role, hand-made requests included."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from editorial.extensions import db
from editorial.models import AuditEvent, BreakingHeadline, Role, User
from tests.factories import make_headline, make_user
from tests.helpers import refusals_counted, sign_in

PUBLIC = [
    (method, prefix + path)
    for method, path in (
        ("GET", "/breaking/ticker"),
        ("GET", "/api/breaking"),
        ("GET", "/breaking.rss"),
    )
    for prefix in ("", "/<edition:lang>")  # each edition's ticker (editorial.editions)
]


def desk_requests(headline_id: int) -> list[tuple[str, str, dict[str, str]]]:
    """Every desk endpoint, with the data a real button would send."""
    version = {"version": "1"}
    base = f"/breaking/{headline_id}"
    return [
        ("GET", "/breaking", {}),
        ("POST", "/breaking", {"new-text": "Hand-made"}),
        ("POST", "/breaking/validate", {"new-text": "Hand-made"}),
        ("GET", "/breaking/articles", {}),
        ("GET", base, {}),
        ("GET", f"{base}/edit", {}),
        (
            "POST",
            f"{base}/edit",
            {f"h{headline_id}-text": "Hand-made", f"h{headline_id}-version": "1"},
        ),
        ("POST", f"{base}/validate", {f"h{headline_id}-text": "Hand-made"}),
        ("POST", f"{base}/extend", {**version, "minutes": "30"}),
        ("POST", f"{base}/end", version),
        ("POST", f"{base}/withdraw", version),
        ("POST", f"{base}/restore", version),
        ("POST", f"{base}/pin", {**version, "pinned": "1"}),
        ("POST", f"{base}/move", {**version, "direction": "up"}),
    ]


def send(client: FlaskClient, method: str, path: str, data: dict[str, str], **kw: Any) -> Any:
    if method == "GET":
        return client.get(path, **kw)
    return client.post(path, data=data, **kw)


def test_the_lists_cover_every_breaking_route(app: Flask) -> None:
    rules = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith(("breaking.", "ticker."))
        for method in rule.methods - {"HEAD", "OPTIONS"}  # type: ignore[operator]
    }
    listed = {(m, p.replace("/1", "/<int:headline_id>")) for m, p, _ in desk_requests(1)}
    assert rules == listed | set(PUBLIC)


@pytest.mark.parametrize("role", ["reporter", "fact_checker"])
def test_reporters_and_fact_checkers_are_refused_everywhere(
    users: dict[str, User], client_as: Any, role: str
) -> None:
    headline = make_headline()
    client = client_as(users[role])
    for method, path, data in desk_requests(headline.id):
        for headers in ({}, {"HX-Request": "true"}):
            response = send(client, method, path, data, headers=headers)
            assert response.status_code == 403, (method, path, headers)
    assert db.session.scalar(select(func.count(BreakingHeadline.id))) == 1
    assert db.session.get(BreakingHeadline, headline.id).version == 1  # type: ignore[union-attr]
    denied = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "access.denied")
    ).all()
    assert {e.details["permission"] for e in denied} == {"breaking.manage"}
    assert refusals_counted("breaking.manage") == 2 * len(desk_requests(headline.id))


def test_nav_link_only_for_those_who_manage_breaking(
    users: dict[str, User], client_as: Any
) -> None:
    for role, shown in (
        ("reporter", False),
        ("fact_checker", False),
        ("editor", True),
        ("admin", True),
    ):
        page = client_as(users[role]).get("/desk/").get_data(as_text=True)
        assert ('href="/breaking"' in page) is shown, role


def test_signed_out_visitors_are_sent_to_sign_in(client: FlaskClient) -> None:
    headline = make_headline()
    for method, path, data in desk_requests(headline.id):
        response = send(client, method, path, data)
        if method == "GET":
            assert response.status_code == 302 and "/login" in response.headers["Location"]
        else:
            assert response.status_code == 401, path
        assert send(client, method, path, data, headers={"HX-Request": "true"}).status_code == 401


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_editors_and_admins_reach_every_endpoint(
    users: dict[str, User], client_as: Any, role: str
) -> None:
    headline = make_headline()
    client = client_as(users[role])
    for method, path, data in desk_requests(headline.id):
        response = send(client, method, path, data)
        assert response.status_code not in (401, 403, 404, 500), (method, path)


def test_public_endpoints_are_open_to_everyone(client: FlaskClient, reporter: User) -> None:
    make_headline()
    addresses = [(method, path.replace("<edition:lang>", "ar")) for method, path in PUBLIC]
    for method, path in addresses:
        assert client.open(path, method=method).status_code == 200, path
    signed_in = sign_in(client, reporter)
    for method, path in addresses:
        assert signed_in.open(path, method=method).status_code == 200, path


def test_an_unknown_headline_is_404(editor: User, client_as: Any) -> None:
    client = client_as(editor)
    for method, path, data in desk_requests(999):
        if "999" in path:
            assert send(client, method, path, data).status_code == 404, path


def test_every_mutating_route_needs_the_csrf_token(make_app: Any) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        editor = make_user(Role.EDITOR)
        client = app.test_client()
        with client.session_transaction():
            pass
        login_page = client.get("/login").get_data(as_text=True)
        token = login_page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        client.post(
            "/login",
            data={"email": editor.email, "password": "correct horse battery", "csrf_token": token},
        )
        headline = make_headline()
        for method, path, data in desk_requests(headline.id):
            if method == "POST":
                assert send(client, method, path, data).status_code == 400, path
        page = client.get("/breaking").get_data(as_text=True)
        token = page.split('"X-CSRFToken": "')[1].split('"')[0]
        extend = client.post(
            f"/breaking/{headline.id}/extend",
            data={"version": "1", "minutes": "30"},
            headers={"X-CSRFToken": token, "HX-Request": "true"},
        )
        assert extend.status_code == 200
        created = client.post("/breaking", data={"new-text": "With token", "new-csrf_token": token})
        assert created.status_code == 302
