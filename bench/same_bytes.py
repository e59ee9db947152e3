"""Every staff page as each role sees it, with the clock frozen, written out to compare two trees.

`PYTHONPATH=TREE python -m bench.same_bytes --database-url sqlite:////tmp/copy.sqlite3 --out DIR`
signs in as each seeded role (`bench.seed.LOGINS`) and asks every staff page twice (drawn, then
kept), at 2026-12-06 06:00:30 UTC and two days on (the seed's scheduled stories late: the
banner drawn), the board's pages also from htmx, and writes each answer's status, headers (but
Content-Length, Set-Cookie and ETag) and body, its CSRF and editing tokens masked. Run it on two
trees, each on its own fresh copy of one database, and `diff -r` the two directories: a speed
change must leave every byte as it was (bench:staff-bar).
"""

from __future__ import annotations

import argparse
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.seed import LOGINS, PASSWORD, targets
from bench.session import sign_in_client
from editorial import clock, create_app, newsroom
from editorial.models import Role

TOKENS = re.compile(
    r'"X-CSRFToken": "[^"]+"|<input id="(?:csrf_token|editing)"[^>]+>'
    r'|name="csrf_token" value="[^"]+"|name="[a-z-]*csrf_token" type="hidden" value="[^"]+"'
    r"|csrf_token=[A-Za-z0-9._-]+"
)
AT = datetime(2026, 12, 6, 6, 0, 30, tzinfo=UTC)
LEFT_OUT = ("Set-Cookie", "Content-Length", "ETag")


def pages() -> dict[str, str]:
    """The staff pages, as the seed's targets name them (inside an app context)."""
    seeded = targets()
    today = clock.to_local(clock.now(), newsroom.zone()).date().isoformat()
    return {
        "desk": "/desk/",
        "desk-filter": f"/desk/?section={seeded.section_id}",
        "editor": f"/articles/{seeded.editor_draft_id}/edit",
        "article-desk": f"/articles/{seeded.presence_draft_id}",
        "claims": f"/articles/{seeded.ledger_article_id}",
        "queue": "/queue/",
        "factcheck": "/factcheck",
        "calendar": "/calendar/?view=month",
        "budget": f"/plans/budget?day={today}",
        "insights": "/insights/?period=90",
        "live": f"/articles/{seeded.live_article_id}/live",
        "inbox": "/inbox/",
        "breaking": "/breaking",
        "media": "/media/",
        "fronts": "/fronts/",
        "plans": "/plans/",
        "translations": "/translations",
        "profile": "/profile",
        "users": "/admin/users",
        "new": "/articles/new",
    }


def write(url: str, out: Path, roles: list[Role]) -> None:
    """Write every page of every role, at both times, into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    for when, at in (("now", AT), ("late", AT + timedelta(days=2))):
        with clock.frozen(at):
            app = create_app(
                {
                    "SQLALCHEMY_DATABASE_URI": url,
                    "SECRET_KEY": "bench-same-bytes",
                    "SCHEDULER_ENABLED": False,
                    "PUBLIC_PAGE_CACHE_SECONDS": 0,
                    "RATELIMIT_ENABLED": False,
                }
            )
            with app.app_context():
                addresses = pages()
            for role in roles:
                client = app.test_client()
                if sign_in_client(client, LOGINS[role], PASSWORD) != 302:
                    raise SystemExit(f"{role.value}: the sign-in failed")
                for name, path in addresses.items():
                    for turn in (1, 2):
                        answer = client.get(path)
                        headers = sorted(
                            (k, v) for k, v in answer.headers.items() if k not in LEFT_OUT
                        )
                        body = TOKENS.sub("TOKEN", answer.get_data(as_text=True))
                        page = out / f"{when}-{role.value}-{name}-{turn}.html"
                        page.write_text(f"{answer.status_code}\n{headers}\n{body}")
                    if name.startswith("desk"):
                        answer = client.get(path, headers={"HX-Request": "true"})
                        body = TOKENS.sub("TOKEN", answer.get_data(as_text=True))
                        page = out / f"{when}-{role.value}-{name}-hx.html"
                        page.write_text(f"{answer.status_code}\n{body}")


def main(argv: list[str] | None = None) -> None:
    """Write the pages; see the module docstring."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--roles", default="editor,reporter,admin,fact_checker")
    args = parser.parse_args(argv)
    write(args.database_url, args.out, [Role(code) for code in args.roles.split(",")])


if __name__ == "__main__":
    main()
