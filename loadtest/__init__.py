"""`make loadtest`: a bounded, loopback-only mixed load on a served editorial desk, then checks.

Run as `python -m loadtest` (see `loadtest.__main__` for the options). It builds a fresh instance
(SQLite or a PostgreSQL database of its own), seeds a newsroom with the CLI, serves it with
waitress or gunicorn on 127.0.0.1, drives reporters, editors, fact-checkers, a BREAKING desk
editor, readers and polling staff at it for a fixed time (killing the server with SIGKILL once,
mid-run, and restarting it), then opens the database directly and checks that every acknowledged
write is there exactly once, that every article's history is a path through the state machine
with its audit events, and that scheduled stories due during the run were released exactly once.

Modules: `client` (a keep-alive HTTP client with cookies and form parsing), `ledger` (what was
asked and what was answered), `actors` (the simulated people), `server` (instance setup, the
server process, the PostgreSQL database), `verify` (the database checks), `report` (the tables),
and `races` (`python -m loadtest.races`: simultaneous creates with one new tag, or one headline).
"""
