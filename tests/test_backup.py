"""Backups: `flask backup` while others write, `flask restore`, and what each refuses."""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import tarfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, inspect, select, table
from sqlalchemy.exc import DBAPIError

from editorial import audit, clock, create_app
from editorial.backup import service as backup
from editorial.extensions import db
from editorial.models import Article, AuditEvent, Role, UserSession
from tests.factories import make_article, make_headline, make_user
from tests.helpers import POSTGRES_URL, T0, app_config

HAS_PG_TOOLS = bool(shutil.which("pg_dump") and shutil.which("pg_restore"))
needs_backup_tools = pytest.mark.skipif(
    bool(POSTGRES_URL) and not HAS_PG_TOOLS,
    reason="the tests run on PostgreSQL and pg_dump/pg_restore are not installed",
)
sqlite_only = pytest.mark.skipif(bool(POSTGRES_URL), reason="SQLite's snapshot and restore")


@pytest.fixture
def app(make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """The app, its instance folder (uploads, default backups) inside tmp_path."""
    monkeypatch.setenv("EDITORIAL_INSTANCE_PATH", str(tmp_path / "instance"))
    application = make_app()
    with application.app_context():
        yield application


def table_counts() -> dict[str, int]:
    """Rows per table in the app's database, as a fresh transaction sees them."""
    db.session.commit()
    names = inspect(db.engine).get_table_names()
    return {n: db.session.scalar(select(func.count()).select_from(table(n))) for n in names}


def newsroom() -> None:
    """A little of everything: people, articles in several states, a headline, audit rows."""
    editor = make_user(Role.EDITOR)
    for state in ("draft", "edit", "published", "published"):
        make_article(state, tags=["fuel", "energy"])
    make_headline("Quake hits the north", by=editor)
    audit.record("test.setup", actor=editor)
    db.session.add(UserSession(user=editor))
    db.session.commit()


@contextmanager
def writing_audit_events(app: Flask) -> Iterator[list[int]]:
    """A thread commits audit events, one per transaction, until the block ends.

    Yields the ids committed so far; an id is appended only once its commit has returned, so
    every id in the list at a given moment was acknowledged before it.
    """
    committed: list[int] = []
    failures: list[BaseException] = []
    stop = threading.Event()

    def write() -> None:
        with app.app_context():
            try:
                while not stop.is_set():
                    event = audit.record("test.write", n=len(committed))
                    db.session.flush()
                    event_id = event.id
                    db.session.commit()
                    committed.append(event_id)
                    time.sleep(0.001)
            except BaseException as error:  # reported when the block ends
                failures.append(error)
            finally:
                db.session.remove()

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    deadline = time.monotonic() + 30
    while len(committed) < 20 and not failures and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield committed
    finally:
        stop.set()
        writer.join(timeout=30)
    assert not failures, failures
    assert len(committed) >= 20


def members(archive: Path) -> dict[str, bytes]:
    """The archive's files by name, in order."""
    with tarfile.open(archive, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}  # type: ignore[union-attr]


def craft(path: Path, manifest: dict[str, Any] | None, files: dict[str, bytes]) -> Path:
    """A hand-made archive: `manifest` first (if any), then `files`."""
    with tarfile.open(path, "w:gz") as tar:
        entries = {"manifest.json": json.dumps(manifest).encode()} if manifest else {}
        for name, body in {**entries, **files}.items():
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    return path


def fingerprint() -> tuple[dict[str, int], list[str]]:
    """What a refused restore must leave as it was: every count and every headline."""
    headlines = db.session.scalars(select(Article.headline).order_by(Article.id)).all()
    return table_counts(), list(headlines)


# -- (1) A backup during writes ---------------------------------------------------------------


@sqlite_only
def test_a_backup_during_writes_keeps_every_acknowledged_row(
    app: Flask, runner: Any, tmp_path: Path
) -> None:
    newsroom()
    target = tmp_path / "during-writes.tar.gz"
    with writing_audit_events(app) as committed:
        acknowledged = list(committed)  # every one of these commits returned before the backup
        result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert f"Wrote {target}" in result.output and "audit_events" in result.output

    files = members(target)
    assert list(files)[:2] == ["manifest.json", "editorial.sqlite3"]
    manifest = json.loads(files["manifest.json"])
    snapshot_path = tmp_path / "snapshot.sqlite3"
    snapshot_path.write_bytes(files["editorial.sqlite3"])
    snapshot = sqlite3.connect(snapshot_path)
    try:
        assert snapshot.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        # One self-contained file, not a WAL database missing its -wal.
        assert snapshot.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        ids = {row[0] for row in snapshot.execute("SELECT id FROM audit_events")}
        articles = snapshot.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        snapshot.close()
    assert set(acknowledged) <= ids
    assert manifest["row_counts"]["audit_events"] == len(ids)
    assert manifest["row_counts"]["articles"] == articles == 4
    assert manifest["database"] == "sqlite" and manifest["uploads"] is None
    assert manifest["created_at"].endswith("Z") and manifest["app_version"]


def damage(path: Path) -> None:
    """A SQLite file whose index misses rows: it opens and reads, but fails integrity_check."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("CREATE TABLE t (x)")
    connection.execute("CREATE INDEX t_x ON t (x)")
    index = connection.execute("SELECT * FROM sqlite_master WHERE name = 't_x'").fetchone()
    connection.execute("PRAGMA writable_schema = ON")
    connection.execute("DELETE FROM sqlite_master WHERE name = 't_x'")
    connection.close()
    connection = sqlite3.connect(path, isolation_level=None)
    connection.executemany("INSERT INTO t VALUES (?)", [(n,) for n in range(10)])
    connection.execute("PRAGMA writable_schema = ON")
    connection.execute("INSERT INTO sqlite_master VALUES (?, ?, ?, ?, ?)", index)
    connection.close()


@sqlite_only
def test_a_snapshot_that_fails_the_integrity_check_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITORIAL_INSTANCE_PATH", str(tmp_path / "instance"))
    damage(tmp_path / "damaged.sqlite3")
    damaged = create_app(
        app_config(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'damaged.sqlite3'}")
    )
    target = tmp_path / "b.tar.gz"
    with damaged.app_context():
        result = damaged.test_cli_runner().invoke(args=["backup", str(target)])
        db.engine.dispose()
    assert result.exit_code == 1
    refusal = "The snapshot failed SQLite's integrity check: row 1 missing from index t_x"
    assert refusal in result.output
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# -- (2) Restore into a fresh instance ---------------------------------------------------------


@sqlite_only
def test_a_restore_into_a_fresh_instance_brings_back_every_row_and_upload(
    app: Flask, runner: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    newsroom()
    uploads = Path(app.instance_path) / "uploads"
    (uploads / "2026" / "06").mkdir(parents=True)
    (uploads / "2026" / "06" / "quake.jpg").write_bytes(b"\xff\xd8 a photo")
    target = tmp_path / "newsroom.tar.gz"
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
    original = table_counts()
    headlines = fingerprint()[1]

    fresh_instance = tmp_path / "fresh-instance"
    monkeypatch.setenv("EDITORIAL_INSTANCE_PATH", str(fresh_instance))
    fresh = create_app(
        app_config(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    )
    with fresh.app_context():
        result = fresh.test_cli_runner().invoke(args=["restore", str(target), "--yes"])
        assert result.exit_code == 0, result.output
        assert "passed its integrity check" in result.output
        assert "Ended 1 open session(s)" in result.output
        restored = table_counts()
        assert restored == {**original, "audit_events": original["audit_events"] + 1}
        assert fingerprint()[1] == headlines
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "backup.restored"))
        assert event.details["file"] == "newsroom.tar.gz"
        assert db.session.scalar(select(UserSession.ended_at)) is not None
        raw = db.engine.raw_connection()
        assert raw.driver_connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        raw.close()
        db.session.remove()
        db.engine.dispose()
    photo = fresh_instance / "uploads" / "2026" / "06" / "quake.jpg"
    assert photo.read_bytes() == b"\xff\xd8 a photo"


@sqlite_only
def test_open_connections_see_the_restored_database(
    app: Flask, runner: Any, tmp_path: Path
) -> None:
    """The restore writes into the live file through SQLite, so a running app sees it."""
    make_article(headline="Kept")
    target = tmp_path / "b.tar.gz"
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
    make_article(headline="Written after the backup")
    watcher = db.engine.connect()  # an app connection that stays open across the restore
    try:
        assert watcher.scalar(select(func.count(Article.id))) == 2
        watcher.rollback()
        assert runner.invoke(args=["restore", str(target), "--yes"]).exit_code == 0
        assert watcher.scalars(select(Article.headline)).all() == ["Kept"]
    finally:
        watcher.close()


@needs_backup_tools
def test_a_restore_keeps_the_uploads_folder_it_replaces(
    app: Flask, runner: Any, tmp_path: Path
) -> None:
    uploads = Path(app.instance_path) / "uploads"
    uploads.mkdir()
    (uploads / "old.jpg").write_bytes(b"in the backup")
    target = tmp_path / "b.tar.gz"
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
    (uploads / "new.jpg").write_bytes(b"added after")
    with clock.frozen(T0):
        result = runner.invoke(args=["restore", str(target), "--yes"])
    assert result.exit_code == 0, result.output
    kept = Path(app.instance_path) / "uploads.before-restore-20260601-090000"
    assert f"kept as {kept}" in result.output
    assert sorted(p.name for p in uploads.iterdir()) == ["old.jpg"]
    assert sorted(p.name for p in kept.iterdir()) == ["new.jpg", "old.jpg"]


@needs_backup_tools
def test_sessions_end_even_when_the_counts_after_a_restore_differ(
    app: Flask, runner: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As if the app wrote during the restore: reported, exit 1, and still everyone signed out."""
    newsroom()
    target = tmp_path / "b.tar.gz"
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
    counted = backup._live_counts
    monkeypatch.setattr(
        backup, "_live_counts", lambda: {**counted(), "articles": counted()["articles"] + 1}
    )
    result = runner.invoke(args=["restore", str(target), "--yes"])
    assert result.exit_code == 1
    assert "The row counts differ from the backup's: articles 4 -> 5." in result.output
    assert "Ended 1 open session(s)" in result.output
    db.session.expire_all()
    assert db.session.scalar(select(UserSession.ended_at)) is not None


# -- (3) Nothing without confirmation ----------------------------------------------------------


@needs_backup_tools
@pytest.mark.parametrize("answer", ["n\n", ""], ids=["no", "no answer"])
def test_a_restore_asks_first_and_changes_nothing_unless_confirmed(
    app: Flask, runner: Any, tmp_path: Path, answer: str
) -> None:
    newsroom()
    target = tmp_path / "b.tar.gz"
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
    make_article(headline="Written after the backup")
    uploads = Path(app.instance_path) / "uploads"
    uploads.mkdir()
    (uploads / "new.jpg").write_bytes(b"new")
    before = fingerprint()

    result = runner.invoke(args=["restore", str(target)], input=answer)
    assert result.exit_code == 1 and "Aborted!" in result.output
    assert "made " in result.output and "articles" in result.output  # the manifest, shown first
    assert "Replace everything in" in result.output
    assert fingerprint() == before
    # Nothing but the uploads (and the chrome's catalogues the app compiles at start, i18n.py).
    made = {p.name for p in Path(app.instance_path).iterdir()} - {"translations"}
    assert made == {"uploads"}
    assert (uploads / "new.jpg").read_bytes() == b"new"


# -- (4) The round trip on PostgreSQL ----------------------------------------------------------


@pytest.mark.skipif(not POSTGRES_URL, reason="needs the tests to run on PostgreSQL")
@pytest.mark.skipif(not HAS_PG_TOOLS, reason="pg_dump and pg_restore are not installed")
def test_postgres_backup_during_writes_and_restore(app: Flask, runner: Any, tmp_path: Path) -> None:
    newsroom()
    target = tmp_path / "pg.tar.gz"
    with writing_audit_events(app) as committed:
        acknowledged = list(committed)
        result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    files = members(target)
    assert list(files)[:2] == ["manifest.json", "editorial.pgdump"]
    manifest = json.loads(files["manifest.json"])
    assert manifest["database"] == "postgresql"
    assert manifest["postgresql_schema"] == app.config["EDITORIAL_TEST_SCHEMA"]

    make_article(headline="Written after the backup")
    result = runner.invoke(args=["restore", str(target), "--yes"])
    assert result.exit_code == 0, result.output
    counts = table_counts()
    # The counts were taken in the snapshot pg_dump dumped, so they match exactly.
    assert counts == {
        **manifest["row_counts"],
        "audit_events": manifest["row_counts"]["audit_events"] + 1,
    }
    ids = set(db.session.scalars(select(AuditEvent.id)))
    assert set(acknowledged) <= ids
    assert "Written after the backup" not in fingerprint()[1]
    # Sequences came back too (a new row collides with none), and the triggers: still append-only.
    make_article(headline="Written after the restore")
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(AuditEvent.__table__.delete())
    db.session.rollback()


@pytest.mark.skipif(not POSTGRES_URL, reason="needs the tests to run on PostgreSQL")
def test_postgres_without_pg_dump_is_a_clear_message(
    app: Flask, runner: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = runner.invoke(args=["backup", str(tmp_path / "b.tar.gz")])
    assert result.exit_code == 1
    assert "pg_dump was not found on PATH" in result.output
    assert "apt-get install postgresql-client" in result.output
    assert not (tmp_path / "b.tar.gz").exists()


# -- (5) Paths it will not write ----------------------------------------------------------------


def test_backup_never_overwrites_and_says_why_it_cannot_write(
    app: Flask, runner: Any, tmp_path: Path
) -> None:
    taken = tmp_path / "taken.tar.gz"
    taken.write_bytes(b"an older backup")
    result = runner.invoke(args=["backup", str(taken)])
    assert result.exit_code == 1
    assert f"{taken} already exists; a backup never overwrites a file." in result.output
    assert taken.read_bytes() == b"an older backup"

    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    for target in (a_file / "b.tar.gz", tmp_path / "no" / "such" / "b.tar.gz"):
        result = runner.invoke(args=["backup", str(target)])
        assert result.exit_code == 1
        assert f"Cannot write {target}: {target.parent} is not a folder." in result.output
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_backup_into_a_read_only_folder_is_a_clear_message(
    app: Flask, runner: Any, tmp_path: Path
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        result = runner.invoke(args=["backup", str(locked / "b.tar.gz")])
    finally:
        locked.chmod(0o700)
    assert result.exit_code == 1
    assert f"Cannot write {locked / 'b.tar.gz'}: Permission denied" in result.output


@needs_backup_tools
def test_the_default_name_is_the_utc_time_and_a_second_backup_that_second_is_refused(
    app: Flask, runner: Any
) -> None:
    folder = Path(app.instance_path) / "backups"
    with clock.frozen(T0):
        first = runner.invoke(args=["backup"])
        second = runner.invoke(args=["backup"])
    expected = folder / "editorial-20260601-090000.tar.gz"
    assert first.exit_code == 0 and f"Wrote {expected}" in first.output
    assert second.exit_code == 1 and "already exists" in second.output
    # Backups hold password hashes: owner-only.
    assert folder.stat().st_mode & 0o777 == 0o700
    assert expected.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in folder.iterdir()] == [expected.name]


# -- Files that are not what they claim -------------------------------------------------------


def _manifest(database: str) -> dict[str, Any]:
    return {
        "format": "editorial-backup",
        "format_version": 1,
        "database": database,
        "created_at": "2026-06-01T09:00:00Z",
        "app_version": "0.1.0",
        "row_counts": {"articles": 1},
        "uploads": None,
    }


def test_restore_refuses_a_backup_of_the_other_database_and_files_that_are_no_backup(
    app: Flask, runner: Any, tmp_path: Path
) -> None:
    make_article()
    other = "sqlite" if POSTGRES_URL else "postgresql"
    other_file = "editorial.sqlite3" if POSTGRES_URL else "editorial.pgdump"
    cases = {
        "This is a backup of a "
        + ("SQLite" if POSTGRES_URL else "PostgreSQL")
        + " database, and this app uses": craft(
            tmp_path / "other.tar.gz", _manifest(other), {other_file: b"..."}
        ),
        "is not an editorial backup (no manifest first)": craft(
            tmp_path / "none.tar.gz", None, {"notes.txt": b"hello"}
        ),
        "is not a readable editorial backup": tmp_path / "junk.tar.gz",
        "made by a newer version of the app": craft(
            tmp_path / "newer.tar.gz", {**_manifest(other), "format_version": 99}, {}
        ),
    }
    (tmp_path / "junk.tar.gz").write_bytes(b"not gzip at all")
    before = fingerprint()
    for message, archive in cases.items():
        result = runner.invoke(args=["restore", str(archive), "--yes"])
        assert result.exit_code == 1, (message, result.output)
        assert message in result.output
    assert fingerprint() == before


@sqlite_only
def test_restore_refuses_a_damaged_snapshot_and_changes_nothing(
    app: Flask, runner: Any, tmp_path: Path
) -> None:
    make_article()
    archive = craft(
        tmp_path / "damaged.tar.gz", _manifest("sqlite"), {"editorial.sqlite3": b"\0" * 4096}
    )
    before = fingerprint()
    result = runner.invoke(args=["restore", str(archive), "--yes"])
    assert result.exit_code == 1
    assert "SQLite could not restore the backup" in result.output
    assert fingerprint() == before
