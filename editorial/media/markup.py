"""A library picture in a page: the `<img>` with its variants, and its addresses.

Template globals (registered by `editorial.public.blueprint`, since public pages are their main
users; the desk's pages use them too).
"""

from __future__ import annotations

from markupsafe import Markup

from editorial.media import service
from editorial.models import Image
from editorial.models.media import PROCESSING


def _variant(image: Image, width: int | None) -> int:
    """The narrowest variant at least `width` wide (the widest one without)."""
    widths = image.variant_widths or [image.width]
    return next((w for w in widths if width is not None and w >= width), widths[-1])


def picture_url(image: Image, width: int | None = None) -> str:
    """The variant at least `width` wide (the widest one without), for templates."""
    return service.variant_url(image, _variant(image, width))


def picture_img(
    image: Image,
    sizes: str,
    class_: str = "",
    alt: str | None = None,
    eager: bool = False,
    width: int | None = None,
) -> Markup:
    """A library picture as an <img>: every variant in `srcset`, width and height always set (the
    layout never jumps), lazy unless `eager` (the first thing on the page). `alt` defaults to the
    picture's alt text; pass alt="" where it only decorates a link that names the story already.

    A picture still processing (or failed) has no file yet: it is drawn as a labelled
    placeholder (`pending`), never as an <img> that would break. Public pages don't get that far:
    they ask `shown_picture` first and leave the picture out until it is ready.

    Python rather than a Jinja macro: a macro imported by a partial that is included once per
    card is built again at each include (Jinja makes a new module whenever the context carries
    request globals), which cost the front page about 6 ms.
    """
    if not image.ready:
        return pending(image, class_)
    chosen = _variant(image, width)
    attributes = {
        "class": class_ or None,
        "src": service.variant_url(image, chosen),
        "srcset": service.srcset(image),
        "sizes": sizes,
        "width": chosen,
        "height": image.height_at(chosen),
        "alt": image.alt if alt is None else alt,
    }
    loading = {"fetchpriority": "high"} if eager else {"loading": "lazy", "decoding": "async"}
    shown = Markup(" ").join(
        Markup('{}="{}"').format(name, value)
        for name, value in {**attributes, **loading}.items()
        if value is not None
    )
    return Markup("<img {}>").format(shown)


def picture_absolute_url(image: Image | None) -> str | None:
    """The widest variant's absolute address (og:image, JSON-LD), or None (templates)."""
    return service.image_absolute_url(image)


def pending(image: Image, class_: str = "") -> Markup:
    """The placeholder of a picture that has no file yet: "Processing…", or why it failed."""
    if image.status == PROCESSING:
        words, state = "Processing…", "processing"
    else:
        words, state = "Couldn’t be prepared", "failed"
    return Markup(
        '<span class="picture-pending picture-{} {}" role="img" aria-label="{}: {}">{}</span>'
    ).format(state, class_, image.alt or "Picture", words.lower().rstrip("…"), words)


def shown_picture(image: Image | None) -> Image | None:
    """`image` if readers may be shown it (its files exist), else None: a public page then draws
    the story as it would without a picture, never a broken or placeholder image (templates)."""
    return image if image is not None and image.ready else None
