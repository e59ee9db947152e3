"""How much a long percent-encoded Arabic slug costs a cached story page (issue 21): a small,
in-process profile, not the full bench (`python -m bench.slug_length`).

The same Arabic story is published twice, once with a slug of the length headlines give (100
Arabic letters: about 600 characters once percent-encoded) and once with a short one; each address
is asked for `ROUNDS` x `REQUESTS` times with the page cache on, the two interleaved round by round
so a busy machine slows both alike. Every request goes through the WSGI call a server makes, with
the address decoded the way a server decodes it (`unquote_to_bytes`, which gunicorn runs per
request). Prints the median time per request of each (and of an English story's, for scale) and the
decoding's own cost.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from functools import partial
from pathlib import Path
from timeit import timeit
from typing import Any
from urllib.parse import quote, unquote_to_bytes

from werkzeug.test import EnvironBuilder

ROUNDS, REQUESTS = 7, 300
ENGLISH = (
    "Lebanese minister calls for faster reconstruction after a long meeting with southern mayors"
)
HEADLINE = (
    "الوزير اللبناني يدعو إلى الإسراع في إعادة الإعمار بعد اجتماع مطول مع ممثلي البلديات في الجنوب"
)


def main() -> None:
    from editorial import create_app, text
    from editorial.extensions import db
    from tests.databases import reset_database
    from tests.factories import make_article
    from tests.helpers import app_config

    folder = Path(tempfile.mkdtemp(prefix="slug-length-"))
    app = create_app(app_config(folder, PUBLIC_PAGE_CACHE_SECONDS=3600))
    reset_database(app)
    with app.app_context():
        long_slug = text.slugify(HEADLINE, text.STORY_SLUG_MAX)  # what headlines gave before
        short_slug = text.story_slug(HEADLINE)  # what they give now
        for slug in (long_slug, short_slug):
            make_article("published", language="ar", headline=HEADLINE, slug=slug)
        english = text.story_slug(ENGLISH)
        make_article("published", headline=ENGLISH, slug=english)
        db.session.commit()
    addresses = {
        "long": f"/ar/news/{quote(long_slug)}",
        "short": f"/ar/news/{quote(short_slug)}",
        "en": f"/news/{english}",  # the English story, for scale
    }
    for name, address in addresses.items():
        print(f"{name} address: {len(address)} characters encoded")

    def environ(address: str) -> dict[str, Any]:
        built = EnvironBuilder(path="/").get_environ()
        built["PATH_INFO"] = unquote_to_bytes(address).decode("latin-1")  # as a server does
        built["RAW_URI"] = built["REQUEST_URI"] = address
        return built

    def ask(address: str) -> None:
        def start(status: str, headers: list[tuple[str, str]], *_exc: Any) -> Any:
            if not status.startswith("200"):
                raise RuntimeError(f"{address} answered {status}")
            return None

        for _chunk in app(environ(address), start):
            pass

    for address in addresses.values():
        ask(address)  # the page cache keeps it from here on
    timings: dict[str, list[float]] = {name: [] for name in addresses}
    for _round in range(ROUNDS):
        for name, address in addresses.items():
            began = time.perf_counter()
            for _ in range(REQUESTS):
                ask(address)
            timings[name].append((time.perf_counter() - began) / REQUESTS * 1e6)
    for name, values in timings.items():
        rounds = ", ".join(f"{v:.0f}" for v in values)
        print(f"{name:>5}: median {statistics.median(values):7.1f} µs a request (rounds: {rounds})")
    for name, address in addresses.items():
        decoding = timeit(partial(unquote_to_bytes, address), number=20_000) / 20_000 * 1e6
        print(f"unquote_to_bytes of the {name} address: {decoding:.1f} µs")


if __name__ == "__main__":
    main()
