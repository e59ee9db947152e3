"""The missed-publish alarm: /alarms/banner (the poll) and the banner on every editor's page."""

from __future__ import annotations

from flask import Blueprint

from editorial.alarm import views

bp = Blueprint("alarm", __name__, url_prefix="/alarms")

bp.add_url_rule("/banner", view_func=views.banner, methods=["GET"])
bp.add_app_template_global(views.page_banner, "publish_alarm")
