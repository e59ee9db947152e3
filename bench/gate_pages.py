"""CPU per kept public page in process, sent by the poll gate (`fast_polls`) and by Flask.

Issue 28: a reader's page the page cache keeps should cost at most twice a Flask hello world.
Each page is asked once (Flask renders and keeps it), then `--requests` times, each timed with
`time.process_time` around the WSGI app called as a server calls it (CPU of this one process:
the machine is shared). "Flask" is the same app with the gate taken off (`Gate.wrapped`), so the
two differ only by the gate; rounds interleave hello world, Flask and the gate. Prints only.

    .venv/bin/python -m bench.gate_pages --articles 2000 --requests 300 --rounds 3
"""

from __future__ import annotations

import argparse
import statistics

from sqlalchemy import select

from bench import hello
from bench.pages import seeded_app
from bench.poll_path import direct_asker, flask_and_gate
from bench.seed import targets
from editorial import clock
from editorial.extensions import db
from editorial.fast_polls import Gate
from editorial.models import Section

ENCODINGS = {"plain": {}, "gzip": {"Accept-Encoding": "gzip"}}


def main() -> None:
    """Seed, keep each page once, then time hello world, Flask's hit and the gate's in turn."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    seeding = seeded_app(None, arguments.articles, "gatepages", PUBLIC_PAGE_CACHE_SECONDS=30)
    # The clock held still: a kept page's key carries a time slot.
    with seeding as app, clock.frozen(clock.now()):
        gate = app.wsgi_app
        if not isinstance(gate, Gate):
            raise RuntimeError("The poll gate is off (FAST_POLLS)")
        with app.app_context():
            found = targets()
            section = db.session.scalar(select(Section.slug).where(Section.id == found.section_id))
            db.session.remove()
        pages = {
            "public article": f"/news/{found.article_slug}",
            "home": "/",
            "section": f"/section/{section}",
            "live story": f"/news/{found.live_slug}",
        }
        reader = app.test_client()
        askers = {}
        for name, url in pages.items():
            for encoding, headers in ENCODINGS.items():
                first = reader.get(url, headers=headers)
                if first.status_code != 200:
                    raise RuntimeError(f"{url} answered {first.status_code}")
                environ = dict(reader.get(url, headers=headers).request.environ)
                askers[f"{name}, {encoding}"] = direct_asker(app, environ, False)
        hello_ask = direct_asker(
            hello.app, dict(hello.app.test_client().get("/").request.environ), False
        )
        hello_ms, results = flask_and_gate(
            app, gate, askers, hello_ask, arguments.rounds, arguments.requests
        )
        print(f"hello world (called directly): {hello_ms:.3f} ms CPU")
        print("| kept page | Flask ms | gate ms | ratio to hello world, Flask → gate |")
        print("| --- | ---: | ---: | ---: |")
        for name, row in results.items():
            flask_ms, gate_ms = statistics.median(row["flask"]), statistics.median(row["gate"])
            print(
                f"| {name} | {flask_ms:.3f} | {gate_ms:.3f} | "
                f"{hello_ms / flask_ms:.2f} → {hello_ms / gate_ms:.2f} |"
            )


if __name__ == "__main__":
    main()
