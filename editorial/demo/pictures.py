"""The demo newsroom's pictures: drawn with Pillow when the demo loads (nothing downloaded).

Each story gets its own composition: a gradient in its section's colours and a few shapes
(circles, bars, a horizon, a grid of dots) placed by a random generator seeded with the story's
position, so the front page looks like a news site's and no two pictures are the same. They go
through `media.service.store_picture`, the same path as an upload, so every width exists.
Drawn at 1200 x 675 (variants 480, 960 and 1200: Google wants a story's image at least 1,200 px
wide in its JSON-LD), and only for the stories that go public, so `make run` from an empty
instance stays quick (about 2 s for the 27 pictures). The reporters' author pages get a drawn
portrait too (`attach_portrait`): a silhouette on their own colour, 600 px square.
"""

from __future__ import annotations

import random

from PIL import Image as PILImage
from PIL import ImageDraw, ImageOps

from editorial.media.service import Details, store_picture
from editorial.models import Article, Image, User

SIZE = (1200, 675)
PORTRAIT_SIZE = (600, 600)
# Two colours per section (dark, light); unknown sections use the last pair.
PALETTE: dict[str, tuple[str, str]] = {
    "Politics": ("#5b1a1a", "#e07a5f"),
    "Economy": ("#14365d", "#7fb3d5"),
    "Sports": ("#1b4d2b", "#8fd694"),
    "Arts&Culture": ("#4a235a", "#d7a9e3"),
    "Health": ("#0e4d4d", "#7ed6c6"),
    "Miscellaneous": ("#4d4d4d", "#cfcfcf"),
    "Technology": ("#102a43", "#62b0e8"),
    "Environment": ("#2d4a14", "#c5e17a"),
    "Opinion": ("#5a3e12", "#f2c46d"),
    "Analysis": ("#2f2f5a", "#a3a8f0"),
    "": ("#22313f", "#9fb3c8"),
}
SHAPES = ("circles", "bars", "horizon", "dots")


def draw(index: int, section: str) -> tuple[PILImage.Image, str]:
    """Story `index`'s picture in `section`'s colours, and the words that describe it."""
    rng = random.Random(index * 7919 + 17)  # noqa: S311  (a drawing, not a secret)
    dark, light = PALETTE.get(section, PALETTE[""])
    ramp = PILImage.linear_gradient("L").rotate(rng.choice((0, 45, 90, 135, 180, 270)))
    canvas = ImageOps.colorize(ramp.resize(SIZE), dark, light).convert("RGBA")
    layer = PILImage.new("RGBA", SIZE, (0, 0, 0, 0))
    pen = ImageDraw.Draw(layer)
    kind = SHAPES[index % len(SHAPES)]
    width, height = SIZE
    k = width / 1200  # the shapes were laid out on 1200 x 675
    if kind == "circles":
        for _ in range(rng.randint(3, 6)):
            r = int(rng.randint(60, 260) * k)
            x, y = rng.randint(0, width), rng.randint(0, height)
            pen.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 255, rng.randint(40, 110)))
        described = "overlapping pale circles"
    elif kind == "bars":
        x = int(80 * k)
        while x < width - int(80 * k):
            bar = int(rng.randint(40, 120) * k)
            pen.rectangle(
                (x, rng.randint(int(120 * k), height - int(80 * k)), x + bar, height),
                fill=(255, 255, 255, rng.randint(50, 140)),
            )
            x += bar + int(rng.randint(20, 60) * k)
        described = "rising bars like a skyline"
    elif kind == "horizon":
        sun, r = rng.randint(width // 6, width * 5 // 6), int(110 * k)
        pen.ellipse((sun - r, height // 4, sun + r, height // 4 + 2 * r), fill=(255, 240, 200, 170))
        ridge = [
            (0, height * 64 // 100),
            (width // 3, height * 56 // 100),
            (2 * width // 3, height * 68 // 100),
            (width, height * 59 // 100),
        ]
        pen.polygon([(0, height), *ridge, (width, height)], fill=(0, 0, 0, 110))
        described = "a low sun over a dark horizon"
    else:
        step = int(rng.randint(48, 80) * k)
        for x in range(step // 2, width, step):
            for y in range(step // 2, height, step):
                r = rng.randint(3, step // 3)
                pen.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 255, 120))
        described = "a grid of white dots of different sizes"
    picture = PILImage.alpha_composite(canvas, layer).convert("RGB")
    return picture, f"An abstract picture: {described} on a {section or 'news'}-coloured gradient"


def attach_picture(article: Article, index: int, by: User) -> Image:
    """Draw story `index`'s picture, keep it in the library and put it on `article`."""
    section = article.section.name if article.section else ""
    picture, alt = draw(index, section)
    image = store_picture(
        by,
        picture,
        "JPEG",
        Details(
            caption=f"Illustration for the {section or 'news'} desk's story",
            credit="Demo newsroom",
            alt=alt,
        ),
    )
    article.hero_image = image
    return image


def draw_portrait(index: int) -> PILImage.Image:
    """Person `index`'s stand-in portrait: a head and shoulders in light on a dark gradient."""
    dark, light = list(PALETTE.values())[index % (len(PALETTE) - 1)]
    ramp = PILImage.linear_gradient("L").rotate(180)
    canvas = ImageOps.colorize(ramp.resize(PORTRAIT_SIZE), dark, light).convert("RGBA")
    layer = PILImage.new("RGBA", PORTRAIT_SIZE, (0, 0, 0, 0))
    pen = ImageDraw.Draw(layer)
    width, height = PORTRAIT_SIZE
    pen.ellipse(
        (width * 0.34, height * 0.2, width * 0.66, height * 0.54), fill=(255, 255, 255, 200)
    )
    pen.ellipse((width * 0.16, height * 0.6, width * 0.84, height * 1.3), fill=(255, 255, 255, 200))
    return PILImage.alpha_composite(canvas, layer).convert("RGB")


def attach_portrait(person: User, index: int) -> Image:
    """Draw person `index`'s portrait, keep it in the library (uploaded by them), and put it on
    their author page."""
    image = store_picture(
        person,
        draw_portrait(index),
        "JPEG",
        Details(
            caption=f"{person.display_name}, of the demo newsroom",
            credit="Demo newsroom",
            alt=f"A drawn head and shoulders, standing in for {person.display_name}",
        ),
    )
    person.photo_id = image.id
    return image
