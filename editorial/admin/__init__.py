"""The admin area, for admins: people and roles (`users.manage`), the audit log (`audit.view`),
the taxonomy (`taxonomy.manage`) and the site settings (`settings.manage`)."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from editorial.admin import (  # noqa: E402,F401  (views register on bp)
    actions,
    audit_views,
    settings_views,
    taxonomy_views,
    views,
)
