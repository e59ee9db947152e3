"""Which section, region or tag a public address names, and where an old address went.

Every public address that names a taxonomy slug (`/section/<slug>`, its pages and its feed,
`/region/<slug>`, `/tag/<slug>`, `/coverage/<slug>`, and any added later) finds its row through
`term_at`, so a rename or a merge moves all of them at once: an old slug answers 301 to the same
address (same page, same query) under the slug the row has now. Answering per view left the
section's feed at 404 after a rename while its page redirected (issue 20, item 4).
"""

from __future__ import annotations

from typing import Any, TypeVar

from flask import abort, redirect, request, url_for
from sqlalchemy import select

from editorial.extensions import db
from editorial.models import Region, Section, Tag
from editorial.models.taxonomy import KINDS, moved_to
from editorial.public import queries

Named = TypeVar("Named", Section, Region, Tag)


def term_at(model: type[Named], slug: str) -> Named:
    """The section, region or tag whose address is `slug` now.

    A slug it had before (renamed, or a tag merged into another) ends the request with a 301 to
    this same endpoint under the slug it has now, the query string kept (`?page=2`); a slug that
    never was answers 404. A live row always wins over an old slug (`claim_slug`).
    """
    found = queries.by_slug(model, slug)
    if found is not None:
        return found
    target_id = moved_to(KINDS[model], slug) or abort(404)
    slug_now = db.session.scalar(select(model.slug).where(model.id == target_id)) or abort(404)
    assert request.endpoint is not None  # noqa: S101  (a routed request)
    arguments: dict[str, Any] = {**request.args.to_dict(), **(request.view_args or {})}
    arguments["slug"] = slug_now
    abort(redirect(url_for(request.endpoint, **arguments), 301))
