"""Error pages in the app's layout, and a short message for htmx requests.

Production never shows a traceback: an unexpected error is logged and answered with the 500 page.
"""

from __future__ import annotations

from flask import Flask, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.wrappers import Response

from editorial import htmx
from editorial.extensions import db
from editorial.refusal import Refused, answer

MESSAGES = {
    400: ("Bad request", "The request didn't make sense to us. Go back and try again."),
    401: ("Sign in needed", "Your session has ended. Sign in again to carry on."),
    403: ("Not allowed", "Your role doesn't allow that. Ask an editor or admin if you need it."),
    404: ("Not found", "There is nothing at this address, or you can't see it."),
    405: ("Not allowed", "That action can't be done from here."),
    409: ("Changed meanwhile", "Someone else changed this first. Reload to see their change."),
    410: ("Gone", "This article has been withdrawn by the newsroom."),
    413: ("Too large", "That is more than we accept in one go. Make it shorter and try again."),
    429: (
        "Too many attempts",
        "Too many tries in a short time. Wait a few minutes, then try again.",
    ),
    500: ("Something went wrong", "The error is logged. Try again, or tell the desk admin."),
}


def render_error(code: int, message: str | None = None) -> Response:
    """The error page (or, for htmx, just the message) with status `code`."""
    title, default = MESSAGES.get(code, (f"Error {code}", "Something went wrong."))
    return htmx.render(
        "errors/error.html",
        "errors/_message.html",
        status=code,
        code=code,
        title=title,
        message=message or default,
    )


def init_errors(app: Flask) -> None:
    """Register the handlers."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> Response:
        return render_error(
            400, "This form had expired or came from elsewhere. Reload the page and try again."
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        code = error.code or 500
        described = error.description if getattr(error, "show_description", False) else None
        return render_error(code, described)

    @app.errorhandler(Refused)
    def refused(error: Refused) -> Response:
        # A view answers its own refusals beside the form that met them; one it did not expect
        # (a row another request removed under it) is still the reason, not a 500.
        app.logger.warning("Refusal no view answered on %s %s", request.method, request.path)
        said = answer(error, request.endpoint or request.path)
        return render_error(said.status, said.message)

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Response:
        if isinstance(error, HTTPException):
            return http_error(error)
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return render_error(InternalServerError.code)
