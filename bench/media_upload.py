"""Pictures: what the upload request costs, by the picture's size.

`python -m bench.media_upload [--runs 5]` signs an editor in on a fresh SQLite database and posts
the editor's Upload (`POST /media/editor/new`, multipart, the whole request through the app) for
photo-like JPEGs of 800 x 600, 2000 x 1333 and 6000 x 4000 and PNG graphics of the same sizes,
and prints the median request time of `--runs` for each, with the file's size and whether the
answer left the picture processing (re-encoded by a job) or ready. The queue is a real SQLite
one that nothing works off meanwhile, so the time is the request's alone, as a person waits for
it; then the queued jobs are run as the worker would, and their median time printed too.
A benchmark, not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade
from PIL import Image as PILImage
from sqlalchemy import select

from editorial import create_app
from editorial.extensions import db
from editorial.models import Image, Role, User
from editorial.passwords import hash_password

PASSWORD = "bench media upload passphrase"  # noqa: S105  (a throwaway database's only account)
SIZES = ((800, 600), (2000, 1333), (6000, 4000))


def picture(width: int, height: int, fmt: str) -> bytes:
    """A photo-like JPEG (a gradient under grain, so it compresses as a photo does) or a PNG
    graphic (a smooth gradient, as a chart or a screenshot)."""
    gradient = PILImage.radial_gradient("L").resize((width, height))
    if fmt == "JPEG":
        grain = PILImage.effect_noise((width, height), 16)
        shifted = PILImage.linear_gradient("L").resize((width, height))
        drawn = PILImage.merge("RGB", (gradient, grain, shifted))
    else:
        drawn = PILImage.merge(
            "RGB",
            (
                gradient,
                gradient.transpose(PILImage.Transpose.FLIP_LEFT_RIGHT),
                gradient.transpose(PILImage.Transpose.FLIP_TOP_BOTTOM),
            ),
        )
    out = io.BytesIO()
    drawn.save(out, fmt, **({"quality": 85} if fmt == "JPEG" else {}))
    return out.getvalue()


def _work_off(app: Flask) -> list[float]:
    """Run the queued re-encoding jobs as the worker would; each one's time."""
    try:
        from editorial import jobs
    except ImportError:  # before the jobs existed
        return []
    huey = jobs.queue(app)
    times = []
    while (task := huey.dequeue()) is not None:
        started = time.perf_counter()
        huey.execute(task)
        times.append(time.perf_counter() - started)
    return times


def main(argv: list[str] | None = None) -> None:
    """Post each picture `--runs` times; print the median request time."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="editorial-bench-upload-"))
    try:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'upload.sqlite3'}",
                "SECRET_KEY": "bench-media-upload-only",
                "SCHEDULER_ENABLED": False,
                "WTF_CSRF_ENABLED": False,
                "RATELIMIT_ENABLED": False,
                "UPLOAD_FOLDER": str(workdir / "uploads"),
                "JOBS_IMMEDIATE": False,
                "JOBS_URL": f"sqlite:///{workdir / 'jobs.sqlite3'}",
            }
        )
        with app.app_context():
            upgrade(directory=app.extensions["migrate"].directory)
            db.session.add(
                User(
                    email="editor@bench.example",
                    display_name="Bench Editor",
                    role=Role.EDITOR,
                    password_hash=hash_password(PASSWORD),
                )
            )
            db.session.commit()
        client = app.test_client()
        client.post("/login", data={"email": "editor@bench.example", "password": PASSWORD})
        for fmt in ("JPEG", "PNG"):
            for width, height in SIZES:
                data = picture(width, height, fmt)
                times = []
                for _ in range(args.runs):
                    form = {
                        "picture_action": "upload",
                        "image_caption": "Harbour cranes at dawn",
                        "image_credit": "AFP",
                        "image_alt": "Three cranes against a pale sky",
                        "image_file": (io.BytesIO(data), f"photo.{fmt.lower()}"),
                    }
                    started = time.perf_counter()
                    answer = client.post(
                        "/media/editor/new",
                        data=form,
                        content_type="multipart/form-data",
                        headers={"HX-Request": "true"},
                    )
                    times.append(time.perf_counter() - started)
                    if answer.status_code != 200:
                        raise RuntimeError(f"upload answered {answer.status_code}")
                with app.app_context():
                    newest = db.session.scalars(select(Image).order_by(Image.id.desc())).first()
                    state = getattr(newest, "status", "ready") if newest else "?"
                    db.session.commit()
                    worked = _work_off(app)
                print(
                    f"{fmt:4} {width:>4} x {height:<4} {len(data) / 1e6:5.2f} MB: "
                    f"median {statistics.median(times) * 1000:6.0f} ms of {len(times)} "
                    f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}), {state}"
                    + (
                        f"; the job: median {statistics.median(worked) * 1000:.0f} ms"
                        if worked
                        else ""
                    )
                )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
