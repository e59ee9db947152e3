"""Backups: one `.tar.gz` with a consistent database snapshot, the uploads and a manifest.

`flask backup` may run while the app serves. A file copy of a SQLite database in WAL mode is not a
backup: the newest commits live in the -wal file (a copy lost 13 of 56 acknowledged writes in the
issue's test), so SQLite is read with its online backup API, in one step, inside one read
transaction that writers in WAL mode do not wait for. PostgreSQL is dumped by `pg_dump` from a
snapshot exported by the transaction that counts the rows, so the dump and the manifest's counts
describe the same moment (editorial/backup/postgres.py).

The file (format 1), members in this order:

    manifest.json      format, app version, database kind, time (UTC), schema revision, row
                       counts per table, uploads (files, bytes; null if there was no folder)
    editorial.sqlite3  SQLite: the snapshot, in rollback-journal mode (one self-contained file),
                       checked with PRAGMA integrity_check before the archive is written
    editorial.pgdump   PostgreSQL: `pg_dump --format=custom` of the app's schema
    uploads/...        instance/uploads/ as it was, if the folder exists

A backup is written to a temporary file beside the target and linked into place, so a half-written
archive never carries the final name and an existing file is never overwritten. It is owner-only
(0600): it holds password hashes and session tokens.

`restore_backup` checks everything before it touches anything: the manifest, the database kind,
the snapshot's integrity and row counts. SQLite is then copied *into* the live database file with
the online backup API (not swapped on disk), so open connections, a running app's too, see the
restored data on their next transaction. PostgreSQL gets `pg_restore --clean --if-exists` in one
transaction. The uploads folder is replaced (the old one kept beside it), every open session is
ended (a session ended after the backup would otherwise come back to life) and the restore is
written to the audit log; the caller commits those two.

Anything that cannot be done is a `Refused` whose message says why and what to do.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from sqlalchemy import update

from editorial import audit, clock
from editorial.backup import postgres as backup_postgres
from editorial.backup import sqlite as backup_sqlite
from editorial.database import changed_rows
from editorial.extensions import db
from editorial.models import UserSession
from editorial.refusal import Refused

FORMAT = "editorial-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
UPLOADS = "uploads"
SQLITE, POSTGRESQL = "sqlite", "postgresql"
DATABASE_FILES = {SQLITE: "editorial.sqlite3", POSTGRESQL: "editorial.pgdump"}
KIND_LABELS = {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL"}


@dataclass(frozen=True)
class Uploads:
    """What the uploads folder held."""

    files: int
    bytes: int


@dataclass(frozen=True)
class Manifest:
    """What a backup holds: manifest.json, the archive's first member."""

    database: str
    created_at: datetime
    app_version: str
    row_counts: dict[str, int]
    uploads: Uploads | None = None
    schema_revision: str | None = None
    postgresql_schema: str | None = None

    def to_json(self) -> str:
        """The manifest as written into the archive."""
        data = {"format": FORMAT, "format_version": FORMAT_VERSION, **asdict(self)}
        data["created_at"] = self.created_at.astimezone(UTC).isoformat().replace("+00:00", "Z")
        return json.dumps(data, indent=2) + "\n"

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        """Read a manifest back, refusing anything that is not one this code understands."""
        try:
            data: Any = json.loads(raw)
            if data.get("format") != FORMAT:
                raise ValueError("not an editorial backup")
            if int(data["format_version"]) > FORMAT_VERSION:
                raise Refused("This backup was made by a newer version of the app; update it.")
            uploads = data.get("uploads")
            return cls(
                database=str(data["database"]),
                created_at=datetime.fromisoformat(data["created_at"]).astimezone(UTC),
                app_version=str(data["app_version"]),
                row_counts={str(k): int(v) for k, v in data["row_counts"].items()},
                uploads=Uploads(int(uploads["files"]), int(uploads["bytes"])) if uploads else None,
                schema_revision=data.get("schema_revision"),
                postgresql_schema=data.get("postgresql_schema"),
            )
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            raise Refused(f"The manifest is not one this app can read ({error}).") from error


@dataclass(frozen=True)
class Restored:
    """What a restore did."""

    manifest: Manifest
    row_counts: dict[str, int]
    # Tables whose count is not the manifest's: (backup's, now). Empty unless the app was writing.
    differences: dict[str, tuple[int, int]]
    sessions_ended: int
    previous_uploads: Path | None  # where the replaced uploads folder was moved


def database_kind() -> str:
    """`sqlite` or `postgresql`: the app's database."""
    kind = db.engine.dialect.name
    if kind not in DATABASE_FILES:
        raise Refused(f"Backups support SQLite and PostgreSQL, not {kind}.")
    return kind


def default_path(folder: Path, at: datetime | None = None) -> Path:
    """`folder/editorial-YYYYMMDD-HHMMSS.tar.gz`, the time in UTC."""
    stamp = (at or clock.now()).astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    return folder / f"editorial-{stamp}.tar.gz"


# -- Backing up ------------------------------------------------------------------------------


def create_backup(target: Path, uploads: Path) -> Manifest:
    """Write a backup of the database and the `uploads` folder to `target` (never overwritten)."""
    target = target.absolute()
    if target.exists():
        raise Refused(f"{target} already exists; a backup never overwrites a file.")
    if not target.parent.is_dir():
        raise Refused(f"Cannot write {target}: {target.parent} is not a folder.")
    kind = database_kind()
    try:
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".editorial-backup-") as work:
            snapshot = Path(work) / DATABASE_FILES[kind]
            manifest = _snapshot_sqlite(snapshot) if kind == SQLITE else _dump_postgres(snapshot)
            files = _upload_files(uploads)
            if files is not None:
                sizes = sum(path.stat().st_size for path in files if path.is_file())
                manifest = replace(
                    manifest, uploads=Uploads(sum(p.is_file() for p in files), sizes)
                )
            partial = Path(work) / "backup.tar.gz"
            _write_archive(partial, manifest, snapshot, uploads, files or [])
            _publish(partial, target)
    except OSError as error:
        raise Refused(f"Cannot write {target}: {error.strerror or error}.") from error
    return manifest


@contextmanager
def _live_sqlite() -> Iterator[sqlite3.Connection]:
    """A connection from the app's own engine: the same file, the same pragmas."""
    raw = db.engine.raw_connection()
    try:
        live = raw.driver_connection
        if not isinstance(live, sqlite3.Connection):
            raise Refused("The SQLite driver is not Python's sqlite3, whose backup API this uses.")
        yield live
    finally:
        raw.close()


def _snapshot_sqlite(path: Path) -> Manifest:
    at = clock.now()
    try:
        with _live_sqlite() as live, closing(sqlite3.connect(path)) as snapshot:
            # pages=-1: everything in one step, one read transaction, so one consistent moment.
            live.backup(snapshot, pages=-1)
            snapshot.execute("PRAGMA journal_mode=DELETE")
            backup_sqlite.check_integrity(snapshot, "The snapshot")
            counts = backup_sqlite.row_counts(snapshot)
            revision = backup_sqlite.schema_revision(snapshot, counts)
    except sqlite3.Error as error:
        raise Refused(f"SQLite could not make the snapshot: {error}.") from error
    return Manifest(SQLITE, at, _app_version(), counts, schema_revision=revision)


def _dump_postgres(path: Path) -> Manifest:
    at = clock.now()
    dumped = backup_postgres.dump(path)
    return Manifest(
        POSTGRESQL,
        at,
        _app_version(),
        dumped.row_counts,
        schema_revision=dumped.revision,
        postgresql_schema=dumped.schema,
    )


def _upload_files(uploads: Path) -> list[Path] | None:
    """Every folder and file under `uploads`, parents first; None if there is no such folder."""
    if not uploads.is_dir():
        return None
    found: list[Path] = []
    for folder, folders, names in os.walk(uploads):
        folders.sort()  # walked in this order too
        found.extend(Path(folder) / name for name in folders + sorted(names))
    return found


def _write_archive(
    path: Path, manifest: Manifest, snapshot: Path, uploads: Path, files: list[Path]
) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle, tarfile.open(fileobj=handle, mode="w:gz") as archive:
        body = manifest.to_json().encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mtime, info.mode = len(body), int(manifest.created_at.timestamp()), 0o600
        archive.addfile(info, io.BytesIO(body))
        archive.add(snapshot, arcname=snapshot.name)
        if manifest.uploads is not None:
            archive.add(uploads, arcname=UPLOADS, recursive=False)
            for file in files:
                archive.add(file, arcname=f"{UPLOADS}/{file.relative_to(uploads)}", recursive=False)
        handle.flush()
        os.fsync(handle.fileno())


def _publish(partial: Path, target: Path) -> None:
    """Give the finished archive its name, failing rather than replacing a file that has it."""
    try:
        os.link(partial, target)
    except FileExistsError as error:
        raise Refused(f"{target} already exists; a backup never overwrites a file.") from error
    except OSError as error:  # a file system without hard links: a rename, after one more look
        if target.exists():
            raise Refused(f"{target} already exists; a backup never overwrites a file.") from error
        partial.rename(target)


# -- Restoring -------------------------------------------------------------------------------


def read_manifest(archive: Path) -> Manifest:
    """The manifest of the backup `archive` (read from its start, not the whole file)."""
    try:
        with tarfile.open(archive, mode="r|gz") as tar:
            first = tar.next()
            handle = tar.extractfile(first) if first and first.name == MANIFEST else None
            if handle is None:
                raise Refused(f"{archive} is not an editorial backup (no manifest first).")
            return Manifest.from_json(handle.read(1_000_000))
    except (tarfile.TarError, OSError, EOFError) as error:
        raise Refused(f"{archive} is not a readable editorial backup ({error}).") from error


def check_restorable(manifest: Manifest) -> None:
    """Refuse a backup of the other kind of database than the app's."""
    kind = database_kind()
    if manifest.database != kind:
        raise Refused(
            f"This is a backup of a {KIND_LABELS.get(manifest.database, manifest.database)} "
            f"database, and this app uses {KIND_LABELS[kind]}: restore it into an app whose "
            "DATABASE_URL names that kind of database."
        )


def restore_backup(archive: Path, uploads: Path) -> Restored:
    """Replace the database and the `uploads` folder with the backup's, then end all sessions.

    Checked first: the manifest, the kind of database, the snapshot's integrity and row counts.
    Checked after: the row counts again (`Restored.differences`). The ended sessions and the
    audit event are added to the session, even when the counts differ; the caller commits.
    """
    manifest = read_manifest(archive)
    check_restorable(manifest)
    uploads.parent.mkdir(parents=True, exist_ok=True)
    previous = None
    with tempfile.TemporaryDirectory(dir=uploads.parent, prefix=".editorial-restore-") as work:
        staging = Path(work)
        _extract(archive, manifest, staging)
        snapshot = staging / DATABASE_FILES[manifest.database]
        db.session.remove()  # no transaction of ours may hold a lock the restore needs
        if manifest.database == SQLITE:
            _restore_sqlite(snapshot, manifest)
        else:
            backup_postgres.restore(snapshot, manifest.postgresql_schema)
        if manifest.uploads is not None:
            previous = _replace_uploads(staging / UPLOADS, uploads)
    counts = _live_counts()
    differences = {
        name: (manifest.row_counts.get(name, 0), counts.get(name, 0))
        for name in sorted(set(counts) | set(manifest.row_counts))
        if counts.get(name) != manifest.row_counts.get(name)
    }
    ended = changed_rows(
        update(UserSession).where(UserSession.ended_at.is_(None)).values(ended_at=clock.now())
    )
    audit.record(
        "backup.restored",
        file=archive.name,
        backup_made_at=manifest.created_at.isoformat(),
        sessions_ended=ended,
    )
    return Restored(manifest, counts, differences, ended, previous)


def _extract(archive: Path, manifest: Manifest, staging: Path) -> None:
    database_file = DATABASE_FILES[manifest.database]
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            members = tar.getmembers()
            unexpected = [
                m.name
                for m in members
                if m.name not in (MANIFEST, database_file, UPLOADS)
                and not m.name.startswith(f"{UPLOADS}/")
            ]
            if unexpected or database_file not in tar.getnames():
                raise Refused(f"{archive} does not hold what its manifest says.")
            # The "data" filter refuses absolute paths, `..`, devices and links that leave staging.
            tar.extractall(staging, members=members, filter="data")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise Refused(f"{archive} could not be read to the end ({error}).") from error


def _restore_sqlite(path: Path, manifest: Manifest) -> None:
    try:
        with closing(sqlite3.connect(path)) as snapshot:
            backup_sqlite.check_integrity(snapshot, "The backup's database")
            if backup_sqlite.row_counts(snapshot) != manifest.row_counts:
                raise Refused("The backup's database does not match its manifest's row counts.")
            with _live_sqlite() as live:
                # Written through SQLite, in one transaction: all of it or none of it.
                snapshot.backup(live, pages=-1)
                backup_sqlite.check_integrity(live, "The restored database")
    except sqlite3.Error as error:
        raise Refused(f"SQLite could not restore the backup: {error}.") from error


def _replace_uploads(restored: Path, uploads: Path) -> Path | None:
    """Put the backup's uploads in place; the folder they replace is kept beside it."""
    previous = None
    if uploads.exists():
        stamp = clock.now().strftime("%Y%m%d-%H%M%S")
        previous = uploads.with_name(f"{uploads.name}.before-restore-{stamp}")
        uploads.rename(previous)
    if restored.is_dir():
        restored.rename(uploads)
    else:
        uploads.mkdir()
    return previous


def _live_counts() -> dict[str, int]:
    if database_kind() == SQLITE:
        with _live_sqlite() as live:
            return backup_sqlite.row_counts(live)
    return backup_postgres.live_row_counts()


def _app_version() -> str:
    try:
        return metadata.version("editorial")
    except metadata.PackageNotFoundError:
        return "unknown"
