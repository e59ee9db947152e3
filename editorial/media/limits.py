"""A larger request size for the upload endpoints only; everything else keeps MAX_CONTENT_LENGTH.

The limit must be known before anything reads the form (Flask-WTF's CSRF check reads it in a
before-request hook), so it is decided by the request class from the matched endpoint.
"""

from __future__ import annotations

from flask import Flask, current_app
from flask import Request as FlaskRequest

from editorial.media.service import MAX_BYTES

# The picture, plus room for the caption, credit, alt text and (without JavaScript) the
# editor's own fields that come along in the same form.
UPLOAD_REQUEST_MAX = MAX_BYTES + 1024 * 1024
UPLOAD_ENDPOINTS = frozenset({"media.editor_picture", "media.replace"})


class UploadAwareRequest(FlaskRequest):
    """Flask's request, allowing UPLOAD_REQUEST_MAX bytes on the upload endpoints."""

    @property
    def max_content_length(self) -> int | None:
        """The byte limit for this request's body (one a view set on the request wins)."""
        if self._max_content_length is not None:
            return self._max_content_length
        if self.endpoint in UPLOAD_ENDPOINTS:
            return UPLOAD_REQUEST_MAX
        value = current_app.config.get("MAX_CONTENT_LENGTH")
        return int(value) if value is not None else None

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value


def init_upload_limits(app: Flask) -> None:
    """Use the upload-aware request class, keeping any request class's other behaviour."""
    base = app.request_class
    if not issubclass(base, UploadAwareRequest):
        app.request_class = type("Request", (UploadAwareRequest, base), {})
