"""Flask-WTF's CSRF check on every POST, a verified token's payload kept (issue 28, bench:fixed12).

Every write checked its CSRF token by making a signing serializer and checking the token's HMAC
and time stamp (itsdangerous), 40 to 70 us of every POST. A page's token is the one all its htmx
posts send (`hx-headers` on `<body>`: each autosave, heartbeat, comment and verdict of an open
editor or desk page), and what a token says is a pure function of its text and the secret key,
so a token that verified is kept (`bounded.Bounded`, 1,024) with its payload and the time it was
signed, as `cookie_sessions` keeps a verified cookie. Everything else is checked at every request
as Flask-WTF checks it, in the same order and with the same refusal (400 and its reason): a
missing token, a session without its own token, the token's age (when `WTF_CSRF_TIME_LIMIT` is
set), the payload against the session's token (constant time), and over TLS the referrer.
A token that fails is never kept.
"""

from __future__ import annotations

import hmac
import logging
import time
from typing import Any

from flask import current_app, g, request, session
from flask_wtf.csrf import CSRFProtect, ValidationError, same_origin
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer

from editorial.bounded import Bounded

TOKENS_KEPT = 1024
SALT = "wtf-csrf-token"  # Flask-WTF's
logger = logging.getLogger("flask_wtf.csrf")  # Flask-WTF's, so its lines log as before

# (token, secret key) -> (its payload, when it was signed)
_VERIFIED: Bounded[tuple[str, Any], tuple[str, int]] = Bounded(TOKENS_KEPT)


def _setting(name: str, default: Any, *, required: bool = True) -> Any:
    """`flask_wtf.csrf._get_config` for a value not given: the setting, else `default`."""
    value = current_app.config.get(name, default)
    if required and value is None:
        raise RuntimeError("CSRF is not configured.")
    return value


def validate_kept(data: str | None) -> None:
    """`flask_wtf.csrf.validate_csrf(data)`, a token that verified before read from the kept
    ones; raises `ValidationError` with Flask-WTF's reason."""
    secret_key = _setting("WTF_CSRF_SECRET_KEY", current_app.secret_key)
    field_name = _setting("WTF_CSRF_FIELD_NAME", "csrf_token")
    time_limit = _setting("WTF_CSRF_TIME_LIMIT", 3600, required=False)
    if not data:
        raise ValidationError("The CSRF token is missing.")
    if field_name not in session:
        raise ValidationError("The CSRF session token is missing.")
    key = (data, secret_key)
    kept = _VERIFIED.get(key)
    if kept is None:
        serializer = URLSafeTimedSerializer(secret_key, salt=SALT)
        try:
            token, signed = serializer.loads(data, max_age=time_limit, return_timestamp=True)
        except SignatureExpired as e:
            raise ValidationError("The CSRF token has expired.") from e
        except BadData as e:
            raise ValidationError("The CSRF token is invalid.") from e
        if isinstance(token, str):
            _VERIFIED.put(key, (token, int(signed.timestamp())))
    else:
        token, signed_at = kept
        if time_limit is not None:  # itsdangerous's own check of `max_age`
            age = int(time.time()) - signed_at
            if age > time_limit or age < 0:
                raise ValidationError("The CSRF token has expired.")
    if not hmac.compare_digest(session[field_name], token):
        raise ValidationError("The CSRF tokens do not match.")


class KeptCSRFProtect(CSRFProtect):
    """`CSRFProtect`, whose check (`protect`) reads a verified token from the kept ones."""

    def protect(self, apply_exemptions: bool = False) -> None:
        """`CSRFProtect.protect`, step for step, with `validate_kept` for `validate_csrf`."""
        if apply_exemptions:
            if not request.endpoint:
                return
            if self._is_exempt():
                return
        if request.method not in current_app.config["WTF_CSRF_METHODS"]:
            return
        try:
            validate_kept(self._get_csrf_token())
        except ValidationError as e:
            logger.info(e.args[0])
            self._error_response(e.args[0])
        if request.is_secure and current_app.config["WTF_CSRF_SSL_STRICT"]:
            if not request.referrer:
                self._error_response("The referrer header is missing.")
            good_referrer = f"https://{request.host}/"
            if not same_origin(request.referrer, good_referrer):
                self._error_response("The referrer does not match the host.")
        g.csrf_valid = True  # as Flask-WTF: the form's own check then passes
