"""Pictures: what an upload and the demo's pictures cost.

`python -m bench.media` loads the demo newsroom into a fresh SQLite database twice, with and
without its pictures, and prints both times (the difference is what pictures add to `make run`
from an empty instance); then it re-encodes a 4000 x 3000 JPEG upload into its three widths and
prints the median time of five. A benchmark, not a test: timings depend on the machine.
"""

from __future__ import annotations

import io
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from unittest import mock

from flask_migrate import upgrade
from PIL import Image as PILImage

from editorial import create_app
from editorial.extensions import db
from editorial.media import service as media
from editorial.models import Role, User
from editorial.taxonomy.service import seed_taxonomy


def _demo_seconds(workdir: Path, pictures: bool) -> float:
    from editorial.demo import load as demo

    run = workdir / ("with" if pictures else "without")
    run.mkdir()
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{run / 'demo.sqlite3'}",
            "SECRET_KEY": "bench",
            "SCHEDULER_ENABLED": False,
            "UPLOAD_FOLDER": str(run / "uploads"),
        }
    )
    with app.app_context():
        upgrade()
        seed_taxonomy()
        started = time.perf_counter()
        with mock.patch.object(demo, "PICTURED", demo.PICTURED if pictures else ()):
            demo.load_demo()
        db.session.commit()
        return time.perf_counter() - started


def _upload_seconds(workdir: Path) -> list[float]:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'upload.sqlite3'}",
            "SECRET_KEY": "bench",
            "SCHEDULER_ENABLED": False,
            "UPLOAD_FOLDER": str(workdir / "uploads"),
        }
    )
    photo = PILImage.radial_gradient("L").resize((4000, 3000)).convert("RGB")
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=90)
    data = out.getvalue()
    times = []
    with app.app_context():
        upgrade()
        person = User(email="b@example.org", display_name="B", role=Role.EDITOR, password_hash="!")  # noqa: S106
        db.session.add(person)
        db.session.flush()
        for _ in range(5):
            started = time.perf_counter()
            media.create_image(person, data, media.Details("Caption", "AFP", "Alt text"))
            times.append(time.perf_counter() - started)
    return times


def main() -> None:
    """Print the demo's load time with and without pictures, and an upload's cost."""
    workdir = Path(tempfile.mkdtemp(prefix="editorial-bench-media-"))
    try:
        without = _demo_seconds(workdir, pictures=False)
        with_pictures = _demo_seconds(workdir, pictures=True)
        pictures = len(list((workdir / "with" / "uploads").glob("*-960.jpg")))
        print(f"demo load without pictures: {without:.2f} s")
        print(
            f"demo load with {pictures} pictures: {with_pictures:.2f} s "
            f"(+{with_pictures - without:.2f} s)"
        )
        times = _upload_seconds(workdir)
        print(
            f"4000x3000 JPEG upload (decode, 3 widths, encode): median "
            f"{statistics.median(times) * 1000:.0f} ms of {len(times)}"
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
