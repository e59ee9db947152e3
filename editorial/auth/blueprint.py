"""Sign-in, sign-out and one's own account; registering it installs the session checks every
request passes (`sessions.init_auth`)."""

from __future__ import annotations

from typing import cast

from flask import Blueprint, Flask
from flask.blueprints import BlueprintSetupState

from editorial.auth import profile, recovery, resume, sessions, views

bp = Blueprint("auth", __name__)

bp.add_url_rule("/login", view_func=views.login, methods=["GET", "POST"])
bp.add_url_rule("/login/forgot", view_func=recovery.forgot_password, methods=["GET", "POST"])
bp.add_url_rule("/login/reset/<token>", view_func=recovery.reset_password, methods=["GET", "POST"])
bp.add_url_rule(
    "/login/invitation/<token>", view_func=recovery.accept_invitation, methods=["GET", "POST"]
)
bp.add_url_rule("/logout", view_func=views.logout, methods=["POST"])
bp.add_url_rule("/account/password", view_func=views.change_password, methods=["GET", "POST"])
bp.add_url_rule("/account/profile", view_func=profile.profile, methods=["GET", "POST"])
bp.add_url_rule("/account/profile/photo", view_func=profile.profile_photo, methods=["POST"])
bp.add_url_rule("/account/signed-in-again", view_func=resume.signed_in_again, methods=["GET"])
bp.add_url_rule("/account/token", view_func=resume.fresh_token, methods=["GET"])


@bp.record_once
def _sessions(state: BlueprintSetupState) -> None:
    sessions.init_auth(cast(Flask, state.app))
