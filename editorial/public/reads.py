"""The read-count beacon behind "Most read": the only view in the app that takes a POST without a
CSRF token, declared here beside its reason."""

from __future__ import annotations

from flask import abort

from editorial import clock
from editorial.extensions import csrf, db, limiter
from editorial.models.reads import record_read
from editorial.page_cache import changes_no_page
from editorial.permissions import public
from editorial.public import queries

# The only views in the app that take a POST without a CSRF token (see `count_read`).
CSRF_EXEMPT_ENDPOINTS = {"public.count_read"}
READ_LIMIT = "60 per minute"


@changes_no_page
@public
@csrf.exempt
@limiter.limit(READ_LIMIT)
def count_read(slug: str) -> tuple[str, int]:
    """Count one read of a visible story (the beacon sent by static/js/public.js); 204.

    Exempt from CSRF on purpose: CSRF stops a forged request from acting with someone's
    authority, and this one has none. It is anonymous, reads no cookie and changes nothing but
    an anonymous tally, which anyone may add to by reading the page. Abuse is bounded by the
    per-IP rate limit instead. A story that is not visible answers 404, like its page.
    """
    article_id = queries.visible_id(slug)
    if article_id is None:
        abort(404)
    record_read(article_id, clock.now().date())
    db.session.commit()
    return "", 204
