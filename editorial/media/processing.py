"""Large uploads re-encoded by a background job, small ones in the request (issue 26).

Measured (BENCHMARKS.md "bench:mediajob", `python -m bench.media_upload`): a JPEG's re-encoding
grows with its pixels (about 30 ms at 800 x 600, 0.15-0.4 s at 2000 x 1333, 0.5-1 s at
6000 x 4000 even decoded at a quarter), and a PNG or WebP costs far more per pixel (PNG's
`optimize` alone: 0.8 s at 800 x 600). So the rule is the picture's pixels by its format: a JPEG
up to 2 megapixels, a PNG or WebP up to 0.3 megapixels, is re-encoded in the request (about
0.2 s at most, and the picture is ready at once, as before); anything larger is kept as it came
in a folder that is never served (`service.original_path`), its row made "processing", and
`reencode` queued after the commit. The answer comes back as fast as a small one's.

The job promises what every job does (`editorial.jobs`):
- Idempotent: it reads the row first and does nothing unless the picture is still processing
  under the key it was queued for; two runs at once both encode, and a conditional UPDATE
  (`WHERE status = 'processing' AND file_key = <key>`) lets one win; the other removes the files
  it wrote. A replaced file (a new key) makes a late run do nothing.
- Retried with backoff by the queue (30 s, then 60, 120, 240) when something outside the picture
  failed (a full disk, a lost database). A picture Pillow cannot decode fails at once (the same
  bytes fail the same way), and one whose last try failed is marked "failed" with a message for
  its uploader (the library and the picture's page show it, with "Replace the file" to mend it)
  and kept for admins (`JobFailure`, the audit log), never dropped.
- The encode runs outside any transaction (SQLite's write lock is not held for a second); the
  row is read, then written in a short transaction of its own that moves the site's version, so
  every cached public page that leaves the picture out until it is ready is drawn again.
"""

from __future__ import annotations

import secrets

from PIL import Image as PILImage
from sqlalchemy import update

from editorial import clock, jobs
from editorial.audit import record
from editorial.database import changed_rows, reading
from editorial.extensions import db
from editorial.media import service
from editorial.media.service import FORMATS, Details, PictureRefused
from editorial.models import Image, User
from editorial.models.media import FAILED, PROCESSING, READY
from editorial.page_cache import bump_site_version
from editorial.refusal import Refused

# The most pixels re-encoded in the request, by format (about 0.2 s each on the measured machine).
IN_REQUEST_PIXELS = {"JPEG": 2_000_000, "PNG": 300_000, "WEBP": 300_000}
ROTATED = (5, 6, 7, 8)  # EXIF orientations that swap width and height
GAVE_UP = (
    "This picture could not be prepared after several tries. Upload the file again with "
    "“Replace the file”; if it fails again, tell an admin."
)


def in_request(fmt: str, width: int, height: int) -> bool:
    """Whether a picture this size is re-encoded in the request (see the module's docstring)."""
    return width * height <= IN_REQUEST_PIXELS[fmt]


def _upright_size(picture: PILImage.Image, fmt: str) -> tuple[int, int]:
    """The size once the EXIF orientation is applied, read from the header alone. A PNG's EXIF
    may follow its pixels (Pillow decodes them all to find it), so a PNG's is taken as it is:
    only the placeholder's size could be off, and the job sets the true one."""
    width, height = picture.size
    if fmt == "PNG":
        return width, height
    try:
        turned = picture.getexif().get(0x0112) in ROTATED
    except (OSError, SyntaxError, ValueError):
        turned = False
    return (height, width) if turned else (width, height)


def upload(actor: User, data: bytes, details: Details) -> Image:
    """A new library picture from uploaded bytes: ready at once when small, else "processing"
    with its re-encoding queued after the commit. The caller commits."""
    if not service.may_upload(actor):
        raise Refused("Your role doesn't allow uploading pictures.", status=403)
    words = service.clean_details(details)
    header, fmt = service.decode(data, header_only=True)
    width, height = _upright_size(header, fmt)
    if in_request(fmt, width, height):
        return service.create_image(actor, data, words)
    scale = min(1.0, service.WIDTHS[-1] / width)
    image = Image(
        file_key=secrets.token_urlsafe(18),
        extension=FORMATS[fmt],
        width=max(1, round(width * scale)),  # what the widest variant will be
        height=max(1, round(height * scale)),
        variant_widths=[],
        status=PROCESSING,
        caption=words.caption,
        credit=words.credit,
        alt=words.alt,
        uploaded_by=actor,
    )
    original = service.original_path(image)
    original.parent.mkdir(parents=True, exist_ok=True)
    original.write_bytes(data)
    db.session.add(image)
    db.session.flush()
    record("image.uploaded", image, actor=actor, processing=True)
    jobs.after_commit(reencode, image.id, image.file_key)
    return image


def _waiting(image_id: int, key: str) -> Image | None:
    image = db.session.get(Image, image_id)
    if image is None or image.status != PROCESSING or image.file_key != key:
        return None
    return image


def _fail(image_id: int, key: str, problem: str) -> bool:
    """Mark the picture failed with `problem`, if it still waits under `key`; whether it did."""
    failed = changed_rows(
        update(Image)
        .where(Image.id == image_id, Image.status == PROCESSING, Image.file_key == key)
        .values(status=FAILED, problem=problem[:300], updated_at=clock.now())
    )
    if failed:
        image = db.session.get(Image, image_id)
        record("image.failed", image, actor=None, problem=problem[:300])
    return bool(failed)


def gave_up(image_id: int, key: str) -> None:
    """The job's last try failed: the picture says so (called by `jobs` in its transaction)."""
    _fail(image_id, key, GAVE_UP)


@jobs.job("media.reencode", retries=4, retry_delay=30, backoff=2.0, gave_up=gave_up)
def reencode(image_id: int, key: str) -> None:
    """Make the variants of a processing picture from its kept original (see the docstring)."""
    with reading():
        image = _waiting(image_id, key)
        original = service.original_path(image) if image else None
        db.session.commit()
    if original is None:
        return  # done already, replaced meanwhile or removed: running again changes nothing
    try:
        picture, fmt = service.decode(original.read_bytes())
    except PictureRefused as refused:
        _fail(image_id, key, f"{refused} Its words are kept: replace the file to mend it.")
        return
    new_key, widths, (width, height) = service.write_variants(picture, fmt)
    won = changed_rows(
        update(Image)
        .where(Image.id == image_id, Image.status == PROCESSING, Image.file_key == key)
        .values(
            file_key=new_key,
            extension=FORMATS[fmt],
            variant_widths=widths,
            width=width,
            height=height,
            status=READY,
            problem="",
            updated_at=clock.now(),
        )
    )
    if not won:
        db.session.rollback()
        service.remove_files(
            service.upload_folder() / f"{new_key}-{w}.{FORMATS[fmt]}" for w in widths
        )
        return
    bump_site_version()  # cached public pages drew the story without it: draw them again
    db.session.commit()
    original.unlink(missing_ok=True)
