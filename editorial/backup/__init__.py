"""Backups and restores (`flask backup`, `flask restore`): one `.tar.gz` with a manifest, the
database (SQLite's online backup API, or `pg_dump`) and the uploads (`service`; the engines'
halves are `sqlite` and `postgres`)."""
