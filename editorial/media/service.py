"""Pictures: decode what was uploaded, re-encode it clean, keep it in a few widths.

Nothing a browser sent is ever served as it came: the bytes are decoded by Pillow, the format is
what Pillow found (JPEG, PNG or WebP, whatever the file's name or content type said), the EXIF
orientation is applied and then every piece of metadata (EXIF with GPS, XMP, ICC, text chunks)
is left behind, because each variant is encoded from pixels alone. A picture is never made
larger than it came: the widths are those of WIDTHS it is wider than, plus its own (up to 1600).

Decisions:
- A PNG named .jpg (or sent as image/jpeg) is accepted as the PNG it is, and stored as .png: the
  decoded format decides, never the name, so a disguised file gains nothing.
- `Image.MAX_IMAGE_PIXELS` is set here explicitly (40 megapixels, a 7,700 x 5,200 photo) and
  Pillow's DecompressionBombWarning is raised as an error, so anything above it is refused.
- Files are written under the upload folder (`UPLOAD_FOLDER`, default instance/uploads/) with
  names from `secrets.token_urlsafe`; replacing a picture writes new names and the caller removes
  the old files after its commit (`remove_files`), so a failed save never loses the picture.
"""

from __future__ import annotations

import io
import secrets
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from flask import current_app, url_for
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

from editorial import clock
from editorial.audit import record
from editorial.extensions import db
from editorial.models import Image, Role, User
from editorial.models.media import READY
from editorial.refusal import Refused
from editorial.text import clean_text
from editorial.urls import absolute

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
PILImage.MAX_IMAGE_PIXELS = MAX_PIXELS
WIDTHS = (480, 960, 1600)
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
SAVE_OPTIONS: dict[str, dict[str, object]] = {
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 80, "method": 4},
}
CAPTION_MAX, CREDIT_MAX, ALT_MAX = 300, 120, 300
EDITORS = (Role.EDITOR, Role.ADMIN)


class PictureRefused(Refused):
    """An upload or a picture's details that can't be used; `field` names the input to fix."""

    def __init__(self, message: str, field: str = "image_file") -> None:
        super().__init__(message, status=422, field=field)


@dataclass(frozen=True)
class Details:
    """The words that go with a picture."""

    caption: str
    credit: str
    alt: str


def upload_folder() -> Path:
    """Where the variants are kept (made on first use)."""
    configured = current_app.config.get("UPLOAD_FOLDER")
    folder = Path(configured) if configured else Path(current_app.instance_path) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def read_upload(stream: IO[bytes]) -> bytes:
    """At most MAX_BYTES from `stream`; a longer one is refused (the stream is never trusted to
    be as long as Content-Length said)."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise PictureRefused("That picture is over 10 MB. Make it smaller and upload it again.")
    if not data:
        raise PictureRefused("Choose a picture to upload (JPEG, PNG or WebP, up to 10 MB).")
    return data


def decode(data: bytes, *, header_only: bool = False) -> tuple[PILImage.Image, str]:
    """The picture in `data`, upright, and its format (JPEG, PNG or WEBP); refused otherwise.

    `header_only` decodes no pixels at full size: the format and the size are checked, and the
    file is checked whole (`_check_whole`: a cut-short upload is refused in the request), but
    the picture is not upright yet and damage inside the data is only found when it is decoded
    (the re-encoding job says so then)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        try:
            picture = PILImage.open(io.BytesIO(data))
            found = picture.format or ""
            if found not in FORMATS:
                raise PictureRefused(
                    f"That is a {found or 'file of another kind'}, not a picture we take: "
                    "upload a JPEG, PNG or WebP."
                )
            if header_only:
                _check_whole(data, found)
                return picture, found
            if found == "JPEG":
                # Decode at the smallest scale still at least as wide as the widest variant (each
                # side, so a rotated photo is wide enough too): a 4000 px photo decodes at half.
                picture.draft(picture.mode, (WIDTHS[-1], WIDTHS[-1]))
            picture.load()
        except (PILImage.DecompressionBombWarning, PILImage.DecompressionBombError):
            raise PictureRefused(
                "That picture has too many pixels to open safely "
                f"(more than {MAX_PIXELS // 1_000_000} megapixels). Use a smaller version."
            ) from None
        except UnidentifiedImageError:
            raise PictureRefused(
                "That file isn't a picture we can read: upload a JPEG, PNG or WebP."
            ) from None
        except (OSError, SyntaxError, ValueError):
            raise PictureRefused(
                "That picture is damaged or cut short (the upload may have been interrupted). "
                "Try the original file again."
            ) from None
    upright = ImageOps.exif_transpose(picture) or picture
    return upright, found


def _check_whole(data: bytes, fmt: str) -> None:
    """Raise OSError if `data` is cut short, without decoding it at full size: a JPEG is decoded
    at an eighth of its size (every byte is still read: about 0.1 s for 24 megapixels), a PNG's
    chunks are read to its end (`verify`, under a millisecond), a WebP's length is its own."""
    if fmt == "JPEG":
        whole = PILImage.open(io.BytesIO(data))
        whole.draft(whole.mode, (max(1, whole.width // 8), max(1, whole.height // 8)))
        whole.load()
    elif fmt == "PNG":
        PILImage.open(io.BytesIO(data)).verify()
    elif len(data) < int.from_bytes(data[4:8], "little") + 8:  # WebP: RIFF's length
        raise OSError("the WebP file is shorter than it says")


def _pixels_only(picture: PILImage.Image, fmt: str) -> PILImage.Image:
    """A copy with nothing but pixels, in a mode the format can write."""
    if fmt == "JPEG":
        wanted = "L" if picture.mode in ("1", "L", "I;16", "I") else "RGB"
    else:
        has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
        wanted = "RGBA" if has_alpha else "RGB"
    converted = picture.convert(wanted)
    clean = PILImage.new(converted.mode, converted.size)
    clean.paste(converted)
    clean.info = {}
    return clean


def widths_for(width: int) -> list[int]:
    """The variant widths for a picture `width` wide: never wider than it is."""
    largest = min(width, WIDTHS[-1])
    return sorted({w for w in WIDTHS if w < largest} | {largest})


def write_variants(picture: PILImage.Image, fmt: str) -> tuple[str, list[int], tuple[int, int]]:
    """Encode the variants; their file key, widths and the largest one's size."""
    clean = _pixels_only(picture, fmt)
    key = secrets.token_urlsafe(18)
    folder = upload_folder()
    widths = widths_for(clean.width)
    written: list[Path] = []
    size = clean.size
    try:
        for width in widths:
            height = max(1, round(clean.height * width / clean.width))
            variant = (
                clean
                if width == clean.width
                else clean.resize((width, height), PILImage.Resampling.LANCZOS, reducing_gap=2.0)
            )
            variant.info = {}
            path = folder / f"{key}-{width}.{FORMATS[fmt]}"
            variant.save(path, fmt, exif=b"", **SAVE_OPTIONS[fmt])
            written.append(path)
            size = (width, height)
    except BaseException:
        remove_files(written)
        raise
    return key, widths, size


def clean_details(details: Details) -> Details:
    words = Details(
        caption=" ".join(clean_text(details.caption).split()),
        credit=" ".join(clean_text(details.credit).split()).strip("()"),
        alt=" ".join(clean_text(details.alt).split()),
    )
    if not words.caption:
        raise PictureRefused("Write a caption: what is happening, where and when.", "caption")
    if not words.credit:
        raise PictureRefused("Give the credit, e.g. AFP or the photographer's name.", "credit")
    if not words.alt:
        raise PictureRefused("Describe the picture for people who can't see it (alt text).", "alt")
    if words.alt.casefold() == words.caption.casefold():
        raise PictureRefused(
            "The alt text should describe what the picture shows, not repeat the caption.", "alt"
        )
    for name, limit in (("caption", CAPTION_MAX), ("credit", CREDIT_MAX), ("alt", ALT_MAX)):
        if len(getattr(words, name)) > limit:
            raise PictureRefused(f"Keep the {name} under {limit} characters.", name)
    return words


def create_image(actor: User, data: bytes, details: Details) -> Image:
    """A new library picture from uploaded bytes (checked, re-encoded, stored); the caller commits.

    The details are checked before the file is decoded, so a missing caption costs no work."""
    if not may_upload(actor):
        raise Refused("Your role doesn't allow uploading pictures.", status=403)
    words = clean_details(details)
    picture, fmt = decode(data)
    image = store_picture(actor, picture, fmt, words)
    record("image.uploaded", image, actor=actor, widths=image.variant_widths)
    return image


def store_picture(actor: User, picture: PILImage.Image, fmt: str, details: Details) -> Image:
    """A new library picture from decoded pixels (an upload, or the demo's drawings)."""
    words = clean_details(details)
    key, widths, (width, height) = write_variants(picture, fmt)
    image = Image(
        file_key=key,
        extension=FORMATS[fmt],
        width=width,
        height=height,
        variant_widths=widths,
        caption=words.caption,
        credit=words.credit,
        alt=words.alt,
        uploaded_by=actor,
    )
    db.session.add(image)
    db.session.flush()
    return image


def replace_file(actor: User, image: Image, data: bytes) -> list[Path]:
    """Give `image` a new file (new variants, new names); the old files, for `remove_files` once
    the change is committed."""
    if not may_edit(actor, image):
        raise Refused(
            "Only editors, admins and the person who uploaded it can replace it.", status=403
        )
    picture, fmt = decode(data)
    old = files_of(image)
    key, widths, (width, height) = write_variants(picture, fmt)
    image.file_key, image.extension, image.variant_widths = key, FORMATS[fmt], widths
    image.width, image.height = width, height
    image.status, image.problem = READY, ""  # a new file in the request: a failed one is mended
    image.updated_at = clock.now()
    record("image.replaced", image, actor=actor, widths=widths)
    return old


def update_details(actor: User, image: Image, details: Details) -> None:
    """Change a picture's caption, credit and alt text (wherever it is used)."""
    if not may_edit(actor, image):
        raise Refused(
            "Only editors, admins and the person who uploaded it can change it.", status=403
        )
    words = clean_details(details)
    image.caption, image.credit, image.alt = words.caption, words.credit, words.alt
    image.updated_at = clock.now()
    record("image.updated", image, actor=actor)


def files_of(image: Image) -> list[Path]:
    """The paths of `image`'s variants (and of its kept original, while it is not ready)."""
    folder = upload_folder()
    kept = [] if image.ready else [original_path(image)]
    return [folder / image.file_name(width) for width in image.variant_widths] + kept


def original_path(image: Image) -> Path:
    """Where a large upload waits for its re-encoding job: never served (the file view only
    answers variant names, and this is in a folder of its own), removed once the variants exist."""
    return upload_folder() / "originals" / f"{image.file_key}.{image.extension}"


def remove_files(paths: Iterable[Path]) -> None:
    """Delete files that are no longer used (missing ones are fine)."""
    for path in paths:
        path.unlink(missing_ok=True)


def may_upload(user: User) -> bool:
    """Reporters, editors and admins upload (for an article they may edit: the view checks)."""
    return bool(user.is_authenticated and user.is_active and user.has_role(Role.REPORTER, *EDITORS))


def may_edit(user: User, image: Image) -> bool:
    """Editors and admins change any picture; anyone else only the ones they uploaded."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.has_role(*EDITORS) or image.uploaded_by_id == user.id


def photo_of(person: User) -> Image | None:
    """The library picture on `person`'s author page, if they chose one."""
    return db.session.get(Image, person.photo_id) if person.photo_id is not None else None


def variant_url(image: Image, width: int) -> str:
    """The site path of one variant."""
    return url_for("media.file", name=image.file_name(width))


def srcset(image: Image) -> str:
    """`srcset` for every variant: "url 480w, url 960w, ..."."""
    return ", ".join(f"{variant_url(image, w)} {w}w" for w in image.variant_widths)


def largest_url(image: Image) -> str:
    """The site path of the widest variant."""
    return variant_url(image, image.variant_widths[-1])


def image_absolute_url(image: Image | None) -> str | None:
    """The widest variant's absolute address on the public site (for og:image, JSON-LD), or
    None without a picture. Built on PUBLIC_BASE_URL, never the request's Host."""
    if image is None or not image.ready or not image.variant_widths:
        return None
    return absolute(largest_url(image))
