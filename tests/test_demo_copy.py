"""The demo newsroom each test gets as a copy (tests/demo_copy.py) is what loading it makes: the
same rows, ids, times and files, and the same next ids; and what one test changes in its copy
never reaches the next test's."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select, text

from editorial import clock, create_app
from editorial.demo.load import load_demo
from editorial.extensions import db
from editorial.media.service import upload_folder
from editorial.models import Article, Image, Role
from tests import demo_copy
from tests.databases import POSTGRES_SCHEMA, POSTGRES_URL, reset_database
from tests.demo_copy import LOADED_AT, copy_demo
from tests.factories import make_user
from tests.helpers import app_config

# What two loads of the demo write differently: salted password hashes and the pictures' random
# file keys (the files are named by them; `_files` names them by their image's id instead).
RANDOM = {("users", "password_hash"), ("images", "file_key")}


def _rows() -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows in key order, the random columns left out."""
    found = {}
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if (table.name, c.name) not in RANDOM]
        query = select(*columns).order_by(*table.primary_key.columns)
        found[table.name] = [tuple(row) for row in db.session.execute(query)]
    found["article_search"] = [(db.session.scalar(text("SELECT count(*) FROM article_search")),)]
    return found


def _files() -> dict[str, str]:
    """The upload folder's files (each picture's key replaced by its image's id) and digests."""
    folder = upload_folder()
    keys = {image.file_key: f"image-{image.id}" for image in db.session.scalars(select(Image))}
    files = {}
    for path in folder.rglob("*"):
        if path.is_file():
            name = path.relative_to(folder).as_posix()
            for key, label in keys.items():
                name = name.replace(key, label)
            files[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def _next_ids() -> tuple[int, int]:
    """The ids the next person and the next story get."""
    person = make_user(Role.REPORTER, email="next.person@example.org")
    story = db.session.scalar(select(func.max(Article.id)))
    return person.id, story or 0


def test_a_copy_of_the_demo_is_what_loading_it_makes(app: Flask, tmp_path: Path) -> None:
    # Loaded into a new database (a new schema), as the copied one was. Compared row for row,
    # ids included: a front's slots were once copied and audited in the order the session
    # happened to hold them, so two loads could differ (`fronts.service._in_order`).
    (tmp_path / "fresh").mkdir()
    fresh = create_app(app_config(tmp_path / "fresh", schema=f"{POSTGRES_SCHEMA}_fresh"))
    reset_database(fresh)
    with fresh.app_context():
        with clock.frozen(LOADED_AT):
            load_demo()
            db.session.commit()
        loaded_rows, loaded_files = _rows(), _files()
        assert loaded_files and loaded_rows["articles"]
        loaded_next = _next_ids()
        db.session.remove()
        db.engine.dispose()
    copy_demo(app)
    assert _rows() == loaded_rows
    assert _files() == loaded_files
    assert _next_ids() == loaded_next


def test_what_a_test_changes_in_its_copy_never_reaches_the_next(app: Flask) -> None:
    copy_demo(app)
    rows, files = _rows(), _files()
    # A test's changes: rows written, changed and deleted (the audit log's too), files added and
    # removed.
    make_user(Role.EDITOR, email="left.behind@example.org")
    db.session.execute(text("UPDATE articles SET headline = 'Changed by a test'"))
    db.session.execute(text("DELETE FROM comments"))
    db.session.commit()
    folder = upload_folder()
    (folder / "left-behind.txt").write_text("a test's file")
    for path in sorted(folder.rglob("*.jpg"))[:3]:
        path.unlink()
    assert (_rows(), _files()) != (rows, files)
    copy_demo(app)  # what the next test's fixture does, on the same database and folder
    assert _rows() == rows
    assert _files() == files
    assert not Path(folder / "left-behind.txt").exists()


@pytest.mark.skipif(not POSTGRES_URL, reason="SQLite copies the file whatever the role")
def test_a_role_that_may_not_switch_triggers_off_loads_the_demo_for_real(
    app: Flask, make_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_demo(app)
    counts = {name: len(rows) for name, rows in _rows().items()}
    files = set(_files())
    db.session.remove()
    monkeypatch.setattr(demo_copy, "may_switch_triggers_off", lambda: False)
    other = make_app()  # on the same schema, emptied: a real load there may order the home
    copy_demo(other)  # front's slots otherwise (see the first test), so counts are compared
    with other.app_context():
        assert {name: len(rows) for name, rows in _rows().items()} == counts
        assert set(_files()) == files


@pytest.mark.skipif(not POSTGRES_URL, reason="SQLite's copy is the whole file, by its pages")
def test_a_copy_fills_each_column_by_name_whatever_the_schema_s_column_order(
    tmp_path: Path,
) -> None:
    """A schema whose table holds its columns in another order than the demo's (a column dropped
    and added again; a schema the migrations built) still gets the demo's rows column for
    column: a positional `INSERT ... SELECT *` put a text where a number goes (seen in CI)."""
    other = create_app(app_config(tmp_path, schema=f"{POSTGRES_SCHEMA}_cols"))
    reset_database(other)
    with other.app_context():
        db.session.execute(text("ALTER TABLE article_revisions DROP COLUMN reason"))
        db.session.execute(
            text("ALTER TABLE article_revisions ADD COLUMN reason VARCHAR(20) NOT NULL DEFAULT ''")
        )
        db.session.commit()
    copy_demo(other)
    with other.app_context():
        reasons = text("SELECT DISTINCT reason FROM article_revisions")
        assert "saved" in set(db.session.scalars(reasons))
        db.session.remove()
        db.engine.dispose()
