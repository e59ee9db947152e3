"""Sections, regions and tags (admins): the addresses under /admin/taxonomy and /admin/tags.

A term's addresses name its kind outright (`/taxonomy/sections/3`): each is registered once per
kind with `kind` as a default, so `url_for(..., kind=...)` picks the right one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint

from editorial.taxonomy import owner_views, views

bp = Blueprint("taxonomy", __name__, url_prefix="/admin")


def _per_kind(path: str, view: Callable[..., Any], kinds: tuple[str, ...], **options: Any) -> None:
    for kind in kinds:
        bp.add_url_rule(
            f"/taxonomy/{kind}{path}", defaults={"kind": kind}, view_func=view, **options
        )


EVERY_KIND = tuple(views.MODELS)
LISTED = views.LISTED

bp.add_url_rule("/taxonomy", view_func=views.taxonomy, methods=["GET"])
bp.add_url_rule("/tags", view_func=views.tags, methods=["GET"])
_per_kind("/new", views.new_term, EVERY_KIND, methods=["POST"])
_per_kind("/<int:term_id>", views.term, EVERY_KIND, methods=["GET"])
_per_kind("/<int:term_id>", views.rename, EVERY_KIND, methods=["POST"], endpoint="rename")
_per_kind("/<int:term_id>/labels", views.labels, EVERY_KIND, methods=["POST"])
_per_kind("/<int:term_id>/move", views.move, LISTED, methods=["POST"])
_per_kind("/<int:term_id>/retire", views.retire, LISTED, methods=["POST"])
_per_kind("/<int:term_id>/restore", views.restore, LISTED, methods=["POST"])
_per_kind("/<int:term_id>/delete", views.delete, EVERY_KIND, methods=["POST"])
bp.add_url_rule("/taxonomy/tags/<int:term_id>/merge", view_func=views.merge, methods=["POST"])
bp.add_url_rule(
    "/taxonomy/sections/<int:term_id>/owner", view_func=owner_views.owner, methods=["POST"]
)
