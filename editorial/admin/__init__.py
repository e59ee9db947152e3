"""The admin area, for admins: people and roles (`users.manage`), the audit log (`audit.view`)."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from editorial.admin import actions, audit_views, views  # noqa: E402,F401  (views register on bp)
