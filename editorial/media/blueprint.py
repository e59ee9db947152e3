"""Pictures: the media library, a picture's page, the editor's upload and picker, the files.

Registering it also gives the app its upload-aware request class (`limits`): the upload
endpoints accept a larger body than every other route.
"""

from __future__ import annotations

from typing import cast

from flask import Blueprint, Flask
from flask.blueprints import BlueprintSetupState
from werkzeug.exceptions import RequestEntityTooLarge

from editorial.media import editor, limits, views

bp = Blueprint("media", __name__, url_prefix="/media")

bp.add_url_rule("/", view_func=views.index, methods=["GET"])
bp.add_url_rule("/<int:image_id>", view_func=views.picture, methods=["GET", "POST"])
bp.add_url_rule("/<int:image_id>/replace", view_func=views.replace, methods=["POST"])
bp.add_url_rule("/<int:image_id>/state", view_func=views.state, methods=["GET"])
bp.add_url_rule("/files/<name>", view_func=views.file, methods=["GET"])
bp.add_url_rule(
    "/editor/new", view_func=editor.editor_picture, methods=["POST"], defaults={"article_id": None}
)
bp.add_url_rule("/editor/<int:article_id>", view_func=editor.editor_picture, methods=["POST"])
bp.register_error_handler(RequestEntityTooLarge, editor.too_large)
bp.add_app_template_global(views.media_state_etag, "media_state_etag")


@bp.record_once
def _limits(state: BlueprintSetupState) -> None:
    limits.init_upload_limits(cast(Flask, state.app))
