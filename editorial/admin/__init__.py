"""The admin area: people and roles (admins only; every view checks `users.manage`)."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from editorial.admin import actions, views  # noqa: E402,F401  (views register on bp)
