"""The audit log (admins): /admin/audit and its CSV export."""

from __future__ import annotations

from flask import Blueprint

from editorial.audit_log import views

bp = Blueprint("audit_log", __name__, url_prefix="/admin")

bp.add_url_rule("/audit", view_func=views.audit, methods=["GET"])
bp.add_url_rule("/audit.csv", view_func=views.audit_export, methods=["GET"])
