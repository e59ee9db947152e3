"""The site's and the desk's versions move by one per writing transaction, through one statement
built once per dialect and row (`database.bump_counter`)."""

from __future__ import annotations

from flask import Flask

from editorial import database, workflow
from editorial.board_version import board_version
from editorial.extensions import db
from editorial.page_cache import bump_site_version, site_version
from tests.factories import make_article


def test_each_writing_transaction_moves_each_version_by_one_with_one_kept_statement(
    app: Flask,
) -> None:
    with app.test_request_context():
        article = make_article(workflow.DRAFT)
        board, site = board_version(), site_version()
        kept: list[object] = []
        for turn in range(2):
            article.summary = f"Summary {turn}"
            bump_site_version()
            bump_site_version()  # once per transaction, however often asked
            db.session.commit()
            kept.append(dict(database._COUNTERS))
        assert board_version() == board + 2
        assert site_version() == site + 2
        dialect = db.session.get_bind().dialect.name
        for row in (1, 2):
            key = (dialect, "site_version", row)
            assert kept[0][key] is kept[1][key]  # built once, run again
