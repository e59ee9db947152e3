"""Every public address under a section's, region's or tag's old slug answers 301 to the same
address under the new one: the listing, its pages, its feed, a coverage hub (issue 20, item 4).

The addresses are read from the URL map, so a page or feed added later under /section/<slug>,
/region/<slug>, /tag/<slug> or /coverage/<slug> is walked too.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from editorial.extensions import db
from editorial.models import Region, Role, Section, Tag
from editorial.taxonomy.service import merge_tags, rename_term
from tests.factories import make_article, make_user, section

# The first part of a public address that names a taxonomy slug, and the kind of row it names.
KINDS = {"section": Section, "region": Region, "tag": Tag, "coverage": Tag}


def _addresses(app: Flask) -> list[tuple[str, str]]:
    """Every public rule with a taxonomy slug: (its first segment, the rule)."""
    rules = []
    for rule in app.url_map.iter_rules():
        first = rule.rule.strip("/").split("/")[0]
        if rule.endpoint.startswith("public.") and "slug" in rule.arguments and first in KINDS:
            rules.append((first, rule.rule))
    return sorted(rules)


@pytest.fixture
def renamed(app: Flask) -> dict[str, tuple[str, str]]:
    """A section, a region and a featured tag with a published story each, all renamed: for
    each first segment, (the old slug, the new)."""
    admin = make_user(Role.ADMIN)
    economy = section("Economy")
    europe = db.session.scalar(select(Region).where(Region.name == "Europe"))
    make_article("published", section=economy, region=europe, tags=["Ceasefire"])
    hub = db.session.scalar(select(Tag).where(Tag.name == "Ceasefire"))
    assert europe is not None and hub is not None
    hub.coverage_hub = True
    moves = {}
    for first, term in (("section", economy), ("region", europe), ("tag", hub)):
        old = term.slug
        rename_term(term, term.name, f"{old}-desk", actor=admin)
        moves[first] = (old, f"{old}-desk")
    moves["coverage"] = moves["tag"]
    db.session.commit()
    return moves


def test_every_address_under_an_old_slug_answers_301_to_the_new_one(
    app: Flask, renamed: dict[str, tuple[str, str]]
) -> None:
    addresses = _addresses(app)
    assert {first for first, _ in addresses} == set(KINDS)
    assert "/section/<slug>/rss.xml" in [rule for _, rule in addresses]
    reader = app.test_client()
    for first, rule in addresses:
        old, new = renamed[first]
        for query in ("", "?page=2"):
            response = reader.get(rule.replace("<slug>", old) + query)
            assert response.status_code == 301, (rule, query, response.status_code)
            assert response.headers["Location"] == rule.replace("<slug>", new) + query, rule
        assert reader.get(rule.replace("<slug>", new)).status_code == 200, rule
        assert reader.get(rule.replace("<slug>", "never-was")).status_code == 404, rule


def test_a_merged_tags_addresses_answer_301_to_the_survivors(app: Flask) -> None:
    admin = make_user(Role.ADMIN)
    make_article("published", tags=["Gaza Strip"])
    make_article("published", tags=["Gaza"])
    merged = db.session.scalar(select(Tag).where(Tag.name == "Gaza Strip"))
    survivor = db.session.scalar(select(Tag).where(Tag.name == "Gaza"))
    assert merged is not None and survivor is not None
    survivor.coverage_hub = True
    merge_tags(merged, survivor, actor=admin)
    db.session.commit()
    reader: Any = app.test_client()
    for prefix in ("/tag", "/coverage"):
        moved = reader.get(f"{prefix}/gaza-strip?page=2")
        assert moved.status_code == 301
        assert moved.headers["Location"] == f"{prefix}/gaza?page=2"
