"""Signing in and out, sessions that die when they should, the password policy."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from editorial import clock
from editorial.extensions import db
from editorial.models import AuditEvent, Role, User
from editorial.passwords import HASHER, password_problem
from editorial.people.service import set_active, set_role
from tests.factories import PASSWORD, make_user
from tests.helpers import sign_in

BAD_NEXT = [
    "//x",
    "/\\x",
    "\\\\x",
    "/%5Cx",
    "http:/\\x",
    "javascript:alert(1)",
    "https://evil.example/",
]


def _audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_sign_in_success_lands_on_the_desk(client: FlaskClient, reporter: User) -> None:
    response = client.post("/login", data={"email": reporter.email.upper(), "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/desk/"
    assert client.get("/desk/").status_code == 200
    assert "auth.sign_in" in _audit_actions()


def test_wrong_password_and_unknown_email_get_the_same_message(
    client: FlaskClient, reporter: User
) -> None:
    wrong = client.post("/login", data={"email": reporter.email, "password": "not the password"})
    unknown = client.post("/login", data={"email": "nobody@example.com", "password": PASSWORD})
    message = "That email and password don&#39;t match an account."
    assert wrong.status_code == unknown.status_code == 200
    assert message in wrong.get_data(as_text=True)
    assert message in unknown.get_data(as_text=True)
    assert client.get("/desk/").status_code == 302
    assert _audit_actions().count("auth.sign_in_failed") == 2


def test_deactivated_user_cannot_sign_in(client: FlaskClient, reporter: User) -> None:
    reporter.active = False
    db.session.commit()
    response = client.post("/login", data={"email": reporter.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "deactivated" in response.get_data(as_text=True)
    assert client.get("/desk/").status_code == 302


def test_rate_limit_answers_429_after_too_many_failures(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_LIMIT_PER_ACCOUNT="3 per 15 minutes")
    with app.app_context():
        email = make_user(Role.REPORTER).email
        client = app.test_client()
        for _ in range(3):
            failed = client.post("/login", data={"email": email, "password": "wrong!!!!"})
            assert failed.status_code == 200
        blocked = client.post("/login", data={"email": email, "password": PASSWORD})
        assert blocked.status_code == 429
        assert "Too many" in blocked.get_data(as_text=True)
        # Another account from the same address is not locked by this one's failures.
        assert sign_in(app.test_client(), make_user(Role.REPORTER))


def test_rate_limit_per_ip_covers_many_accounts(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_LIMIT_PER_IP="4 per 15 minutes")
    client = app.test_client()
    for n in range(4):
        data = {"email": f"guess{n}@example.com", "password": "wrong!!!!"}
        assert client.post("/login", data=data).status_code == 200
    assert (
        client.post("/login", data={"email": "x@example.com", "password": "y"}).status_code == 429
    )


def test_successful_sign_ins_do_not_count_towards_the_limit(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_LIMIT_PER_ACCOUNT="2 per 15 minutes")
    with app.app_context():
        user = make_user(Role.REPORTER)
        for _ in range(4):
            sign_in(app.test_client(), user)


def _cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("editorial_session")
    assert cookie is not None
    return cookie.value


def test_replayed_cookie_after_sign_out_is_useless(app: Flask, reporter: User) -> None:
    client = sign_in(app.test_client(), reporter)
    captured = _cookie(client)
    client.post("/logout")
    assert client.get("/desk/").status_code == 302
    thief = app.test_client()
    thief.set_cookie("editorial_session", captured)
    response = thief.get("/desk/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_deactivation_and_role_change_end_open_sessions(
    app: Flask, admin: User, editor: User
) -> None:
    reporter_client = sign_in(app.test_client(), make_user(Role.REPORTER))
    editor_client = sign_in(app.test_client(), editor)
    reporter = db.session.scalar(select(User).where(User.role == Role.REPORTER))
    set_active(reporter, False, actor=admin)
    set_role(editor, Role.REPORTER, actor=admin)
    db.session.commit()
    assert reporter_client.get("/desk/").status_code == 302
    assert editor_client.get("/desk/").status_code == 302


def test_password_change_needs_the_current_one_and_ends_other_sessions(
    app: Flask, reporter: User
) -> None:
    other_browser = sign_in(app.test_client(), reporter)
    client = sign_in(app.test_client(), reporter)
    refused = client.post(
        "/account/password",
        data={
            "current_password": "not it at all",
            "new_password": "a brand new passphrase",
            "confirm": "a brand new passphrase",
        },
    )
    assert "That is not your current password." in refused.get_data(as_text=True)
    changed = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "a brand new passphrase",
            "confirm": "a brand new passphrase",
        },
    )
    assert changed.status_code == 302
    assert client.get("/desk/").status_code == 200  # this browser carries on
    assert other_browser.get("/desk/").status_code == 302  # the other is signed out
    assert sign_in(app.test_client(), reporter, "a brand new passphrase")


def test_idle_and_absolute_timeouts(app: Flask, reporter: User) -> None:
    client = sign_in(app.test_client(), reporter)
    idle = app.config["SESSION_IDLE_TIMEOUT"]
    with clock.frozen(clock.now()) as frozen:
        frozen.tick(seconds=idle.total_seconds() - 120)
        assert client.get("/desk/").status_code == 200  # still inside the idle window
        frozen.tick(seconds=idle.total_seconds() + 1)
        assert client.get("/desk/").status_code == 302
    client = sign_in(app.test_client(), reporter)
    absolute = app.config["SESSION_ABSOLUTE_TIMEOUT"]
    with clock.frozen(clock.now()) as frozen:
        # Active every hour, yet the session still ends at the absolute limit.
        for _ in range(int(absolute.total_seconds() // 3600) - 1):
            frozen.tick(hours=1)
            assert client.get("/desk/").status_code == 200
        frozen.tick(hours=1, seconds=1)
        assert client.get("/desk/").status_code == 302


def test_bad_next_values_land_on_the_default_page(app: Flask, reporter: User) -> None:
    for target in BAD_NEXT:
        client = app.test_client()
        response = client.post(
            "/login",
            query_string={"next": target},
            data={"email": reporter.email, "password": PASSWORD},
        )
        assert response.headers["Location"] == "/desk/", target


def test_good_next_is_followed(client: FlaskClient, reporter: User) -> None:
    response = client.post(
        "/login?next=/account/password", data={"email": reporter.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/account/password"


def test_sign_in_starts_a_fresh_session(app: Flask, reporter: User) -> None:
    client = app.test_client()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    sign_in(client, reporter)
    with client.session_transaction() as session:
        assert "planted" not in session


def test_password_hash_is_argon2id_with_strong_parameters(reporter: User) -> None:
    params = reporter.password_hash.split("$")
    assert params[1] == "argon2id"
    settings = dict(item.split("=") for item in params[3].split(","))
    assert int(settings["m"]) >= 19 * 1024
    assert int(settings["t"]) >= 2
    assert int(settings["p"]) >= 1
    assert HASHER.type.name == "ID"


def test_password_policy() -> None:
    assert password_problem("short") == "Use at least 8 characters."
    assert password_problem("password1") is not None  # a common password
    assert password_problem("x" * 257) is not None
    assert password_problem("Rana Reporter", name="Rana Reporter") is not None
    assert password_problem("a" * 64 + " long passphrases are fine") is None
    assert password_problem("plain lowercase words") is None  # no composition rules


def test_long_passwords_are_not_truncated(app: Flask) -> None:
    long_password = "p" * 100 + "-tail"
    user = make_user(Role.REPORTER)
    from editorial.passwords import hash_password

    user.password_hash = hash_password(long_password)
    db.session.commit()
    assert sign_in(app.test_client(), user, long_password)
    failed = app.test_client().post("/login", data={"email": user.email, "password": "p" * 100})
    assert failed.status_code == 200


def test_session_cookie_flags(client: FlaskClient, reporter: User) -> None:
    response = client.post("/login", data={"email": reporter.email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_secure_cookie_behind_tls(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(PREFER_HTTPS=True)
    with app.app_context():
        email = make_user(Role.REPORTER).email
    response = app.test_client().post("/login", data={"email": email, "password": PASSWORD})
    assert "Secure" in response.headers["Set-Cookie"]
    assert "Strict-Transport-Security" in response.headers
