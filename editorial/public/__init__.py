"""The public news site: only what is publicly visible is ever shown here.

Visible means `publicly_visible()`: published, or scheduled and past its time (decided by the
clock, not by a late job). An article that was public once and is no longer answers 410 Gone;
everything else that is not visible answers 404, so a draft's slug tells nobody anything.

Anonymous readers get pages their browser revalidates on every view (a cheap 304 until something
changes) and a shared cache keeps five seconds at most, and never a session cookie.
Reads for "Most read" are counted by a POST beacon from static/js/public.js: a GET never writes.

One blueprint, split by feature: `views` (the pages), `feeds` (RSS and Atom), `queries` (the SQL
behind both) and `chrome` (the menus and ticker every page's frame shows). The beacon stays here,
beside `CSRF_EXEMPT_ENDPOINTS`, so the app's one CSRF exemption is declared where it is defined.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, request
from flask_login import current_user

from editorial import clock
from editorial.auth import public
from editorial.extensions import csrf, db, limiter
from editorial.models.reads import record_read
from editorial.page_cache import changes_no_page
from editorial.public import queries

bp = Blueprint("public", __name__)

# The only views in the app that take a POST without a CSRF token (see `count_read`).
CSRF_EXEMPT_ENDPOINTS = {"public.count_read"}

# Browsers keep a page but ask again every time (`max-age=0, must-revalidate`): the answer is a
# 304 of a few hundred bytes, from the site version alone (`page_cache`), until something changes,
# and a 410 the moment a story is withdrawn. A shared cache (a CDN) may serve it for five seconds
# (`s-maxage`), the most a kill may take to reach its readers; see the README.
PUBLIC_CACHE = "public, max-age=0, must-revalidate, s-maxage=5"
READ_LIMIT = "60 per minute"


@bp.after_request
def cache_for_readers(response: Response) -> Response:
    """Let browsers keep an anonymous reader's page if they revalidate it on every view, and
    shared caches for five seconds.

    A 304 carries the same rule, so a cache that revalidated keeps following it. Signed-in staff
    get no-store from `editorial.security` (their pages carry their name and a CSRF token).
    Errors keep the default (no-cache), so a withdrawn story is not served stale.
    """
    if (
        request.method in ("GET", "HEAD")
        and response.status_code in (200, 304)
        and not current_user.is_authenticated
    ):
        response.headers.setdefault("Cache-Control", PUBLIC_CACHE)
    return response


@bp.route("/news/<slug>/read", methods=["POST"])
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


# They register on bp.
from editorial.public import (  # noqa: E402,F401
    assets,
    chrome,
    coverage,
    feeds,
    pages,
    seo,
    sitemaps,
    views,
)
