"""The audit log at /admin/audit: every event newest first, filtered, keyset-paged, exported.

The filters live in the query string, so a filtered view is a bookmark; typing swaps only the
results (`audit_log/_audit.html`) and updates the address, and without JavaScript the same form
submits. Nothing here edits or deletes an event: the table is append-only, down to a trigger.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from typing import Any, cast

from flask import Response, current_app, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from editorial import clock, htmx, newsroom
from editorial.audit_log.queries import AuditFilter, audit_page, export_rows
from editorial.database import read_only
from editorial.forms import database_int
from editorial.permissions import require

MAX_FILTER = 200
# A cell starting with one of these is a formula to a spreadsheet (OWASP's CSV injection list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _day(text: str) -> date | None:
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        return None
    return day if clock.MIN_YEAR <= day.year <= clock.MAX_YEAR else None


def audit_filter(args: Any) -> tuple[AuditFilter, list[str]]:
    """The filters from the query string, and the problems with what could not be read."""
    problems = []
    since, until = _day(args.get("since", "")), _day(args.get("until", ""))
    for name, label, value in (("since", "From", since), ("until", "To", until)):
        if args.get(name, "").strip() and value is None:
            problems.append(f"{label}: {args[name][:20]!r} is not a day like 2026-06-01.")
    before = None
    if args.get("before"):
        try:
            before = database_int(args["before"])
        except ValueError:
            problems.append("That page link is broken; here are the newest events.")
    wanted = AuditFilter(
        person=args.get("person", "").strip()[:MAX_FILTER],
        action=args.get("action", "").strip()[:MAX_FILTER],
        object=args.get("object", "").strip()[:MAX_FILTER],
        since=since,
        until=until,
        before=before,
    )
    return wanted, problems


def _query(wanted: AuditFilter, **changes: Any) -> dict[str, Any]:
    values = {
        "person": wanted.person,
        "action": wanted.action,
        "object": wanted.object,
        "since": wanted.since.isoformat() if wanted.since else "",
        "until": wanted.until.isoformat() if wanted.until else "",
        **changes,
    }
    return {key: value for key, value in values.items() if value not in ("", None)}


@require("audit.view")
@read_only
def audit() -> BaseResponse:
    """Every audit event, newest first: filtered by person, action, object and days."""
    wanted, problems = audit_filter(request.args)
    found = audit_page(wanted, _zone())
    return htmx.render(
        "audit_log/audit.html",
        "audit_log/_audit.html",
        wanted=wanted,
        found=found,
        problems=problems,
        older_url=url_for("audit_log.audit", **_query(wanted, before=found.older_than))
        if found.older_than
        else None,
        newest_url=url_for("audit_log.audit", **_query(wanted)) if wanted.before else None,
        export_url=url_for("audit_log.audit_export", **_query(wanted)),
        filter_url=lambda **changes: url_for("audit_log.audit", **changes),
    )


def neutralise(value: str) -> str:
    """`value` safe to open in a spreadsheet: a leading formula character gets an apostrophe."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_lines(rows: Iterable[list[str]]) -> Iterator[str]:
    """Each row as one CSV record (quoted as needed, formulas neutralised), as it is produced."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([neutralise(value) for value in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


@require("audit.view")
@read_only
def audit_export() -> Response:
    """The filtered events as CSV, streamed a batch at a time (all pages, newest first)."""
    wanted, _ = audit_filter(request.args)
    app = cast(Any, current_app)._get_current_object()  # the generator outlives the proxy
    rows = export_rows(app, replace(wanted, before=None), _zone())
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    return Response(
        csv_lines(rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="audit-{stamp}.csv"'},
    )


def _zone() -> str:
    return newsroom.zone()
