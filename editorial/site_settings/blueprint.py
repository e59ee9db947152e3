"""The site settings page (admins): /admin/settings."""

from __future__ import annotations

from flask import Blueprint

from editorial.site_settings import views

bp = Blueprint("site_settings", __name__, url_prefix="/admin")

bp.add_url_rule("/settings", view_func=views.site_settings, methods=["GET"])
bp.add_url_rule("/settings", view_func=views.save_site_settings, methods=["POST"])
