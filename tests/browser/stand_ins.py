"""What the offline browser gets instead of the outside world: stories in the browser tests use
external pictures on IMAGE_HOST (the older "picture from another site"), and every browser context
answers them with PHOTO (tests/browser/conftest.py routes them), so no test sees a failed load."""

from __future__ import annotations

from playwright.sync_api import Route

IMAGE_HOST = "https://images.example.test/"

# A stand-in photograph: a dusk sky over hills, 1200 x 675.
PHOTO = """<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="675" viewBox="0 0 1200 675">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
<stop offset="0" stop-color="#f2b36b"/><stop offset=".6" stop-color="#c9715a"/>
<stop offset="1" stop-color="#5a3b3a"/></linearGradient></defs>
<rect width="1200" height="675" fill="url(#sky)"/>
<circle cx="880" cy="250" r="70" fill="#ffe2a8" opacity=".8"/>
<path d="M0 520 L120 470 L180 500 L260 430 L340 480 L420 410 L520 470 L600 420 L700 480 L820 400
L900 460 L1000 430 L1100 480 L1200 450 L1200 675 L0 675 Z" fill="#3b2a2c"/>
<path d="M0 580 L1200 560 L1200 675 L0 675 Z" fill="#241a1c"/></svg>"""


def serve_photo(route: Route) -> None:
    """Answer a request for a picture on IMAGE_HOST with PHOTO."""
    route.fulfill(status=200, content_type="image/svg+xml", body=PHOTO)
