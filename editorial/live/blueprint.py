"""Live coverage's addresses: the desk (`/articles/<id>/live...`), and the readers' poll, feed
and a post's own page under the story's public address (every edition); the `live_section`,
`live_badge` and `live_nav` template globals the public pages draw the LIVE marks from, and
`live_desk_post`, a desk post drawn once (`rows.py`)."""

from __future__ import annotations

from flask import Blueprint

from editorial.editions import edition_rule
from editorial.live import actions, claim_views, public, rows, views

bp = Blueprint("live", __name__)

DESK = "/articles/<int:article_id>/live"
bp.add_url_rule(DESK, view_func=views.desk, methods=["GET"])
bp.add_url_rule(f"{DESK}/stream", view_func=views.stream, methods=["GET"])
bp.add_url_rule(f"{DESK}/start", view_func=actions.start, methods=["POST"])
bp.add_url_rule(f"{DESK}/end", view_func=actions.end, methods=["POST"])
bp.add_url_rule(f"{DESK}/direct", view_func=actions.direct, methods=["POST"])
bp.add_url_rule(f"{DESK}/posts", view_func=views.create, methods=["POST"])
bp.add_url_rule(f"{DESK}/posts/<int:post_id>/edit", view_func=views.edit, methods=["GET", "POST"])
CLAIMS = f"{DESK}/posts/<int:post_id>/claims"
bp.add_url_rule(CLAIMS, "claim_add", view_func=claim_views.add, methods=["POST"])
bp.add_url_rule(
    f"{CLAIMS}/<int:claim_id>", "claim_verdict", view_func=claim_views.verdict, methods=["POST"]
)
bp.add_url_rule(
    f"{CLAIMS}/<int:claim_id>/remove",
    "claim_remove",
    view_func=claim_views.remove,
    methods=["POST"],
)
for _name in actions.POST_ACTIONS:  # one address each: /posts/<id>/publish, /pin...
    bp.add_url_rule(
        f"{DESK}/posts/<int:post_id>/{_name}",
        f"post_{_name}",
        view_func=actions.post_action,
        methods=["POST"],
        defaults={"action": _name},
    )

edition_rule(bp, "/news/<slug>/live/updates", view_func=public.updates)
edition_rule(bp, "/news/<slug>/live/feed.xml", view_func=public.feed)
edition_rule(bp, "/news/<slug>/live/<int:post_id>", view_func=public.post_page)

bp.add_app_template_global(public.section_context, "live_section")
bp.add_app_template_global(public.badge, "live_badge")
bp.add_app_template_global(public.nav_entry, "live_nav")
bp.add_app_template_global(rows.desk_post, "live_desk_post")
