"""The media library (`/media`): every picture with its caption, credit and where it is used;
search, details, replacing a file; the editor's picture upload and picker; the served files.

Writes go through `editorial.services.media`. The variant files are served by `file` (public,
cached for a year as immutable: a replaced picture gets new file names).
"""

from flask import Blueprint

bp = Blueprint("media", __name__, url_prefix="/media")

from editorial.media import editor, views  # noqa: E402,F401  (views register on bp)
from editorial.media.limits import init_upload_limits  # noqa: E402

__all__ = ["bp", "init_upload_limits"]
