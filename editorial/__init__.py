"""The editorial desk: a newsroom's workflow from draft to published, and the public site.

`create_app` builds the Flask app: defaults, then instance/config.py, then the environment, then
the test config. It does no I/O beyond making instance/ (and, once, the secret key file there).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Config, Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from editorial import (
    board_version,
    cli,
    compression,
    connections,
    cookie_sessions,
    database,
    editions,
    errors,
    extensions,
    fast_polls,
    fragment_cache,
    i18n,
    jobs,
    newsroom,
    page_cache,
    schema_migrations,
    security,
    templating,
    transaction_ends,
)
from editorial.alarm.blueprint import bp as alarm_bp
from editorial.articles.blueprint import bp as articles_bp
from editorial.articles.checklists.blueprint import bp as checklists_bp
from editorial.articles.claims.blueprint import bp as claims_bp
from editorial.articles.comments.blueprint import bp as comments_bp
from editorial.articles.translations.blueprint import bp as translations_bp
from editorial.audit_log.blueprint import bp as audit_log_bp
from editorial.auth.blueprint import bp as auth_bp
from editorial.breaking.blueprint import bp as breaking_bp
from editorial.breaking.blueprint import ticker_bp
from editorial.calendar.blueprint import bp as calendar_bp
from editorial.config import Defaults, from_environment
from editorial.coverage.blueprint import bp as coverage_bp
from editorial.deadlines.blueprint import bp as deadlines_bp
from editorial.desk.blueprint import bp as desk_bp
from editorial.embargo.blueprint import bp as embargo_bp
from editorial.factcheck.blueprint import bp as factcheck_bp
from editorial.fronts.blueprint import bp as fronts_bp
from editorial.inbox.blueprint import bp as inbox_bp
from editorial.insights.blueprint import bp as insights_bp
from editorial.live.blueprint import bp as live_bp
from editorial.media.blueprint import bp as media_bp
from editorial.models.translation_marks import init_translation_marks
from editorial.people.blueprint import bp as people_bp
from editorial.planning.blueprint import bp as planning_bp
from editorial.previews.blueprint import bp as previews_bp
from editorial.public.blueprint import bp as public_bp
from editorial.queue.blueprint import bp as queue_bp
from editorial.search.blueprint import bp as search_bp
from editorial.site_settings.blueprint import bp as site_settings_bp
from editorial.taxonomy.blueprint import bp as taxonomy_bp
from editorial.webhooks.blueprint import bp as webhooks_bp

# Every feature, as its blueprint. Registering one adds its addresses and whatever the app needs
# for it (its `record_once` hooks: the session checks, signal receivers, the search index's flush
# hook, the upload limits, the scheduler's starter, the webhooks' event hooks). Sign-in comes
# first, so its checks run before any other feature's request hooks.
FEATURES = (
    auth_bp,
    people_bp,
    taxonomy_bp,
    site_settings_bp,
    audit_log_bp,
    webhooks_bp,
    desk_bp,
    articles_bp,
    comments_bp,
    claims_bp,
    checklists_bp,
    translations_bp,
    factcheck_bp,
    inbox_bp,
    queue_bp,
    media_bp,
    breaking_bp,
    ticker_bp,
    coverage_bp,
    alarm_bp,
    embargo_bp,
    calendar_bp,
    deadlines_bp,
    planning_bp,
    insights_bp,
    previews_bp,
    live_bp,
    fronts_bp,
    public_bp,
    search_bp,
)

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app. `test_config` wins over everything else (tests pass their database here)."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("EDITORIAL_INSTANCE_PATH", str(ROOT / "instance")),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    _configure(app, test_config)
    app.url_map.converters["int"] = DatabaseId
    # First: Flask runs after_request functions last-registered first, so this one runs last.
    compression.init_compression(app)

    cookie_sessions.init_cookie_sessions(app)
    # Before the extensions' request hooks: the CSRF check reads the form.
    security.init_body_limit(app)
    connections.init_pool_size(app)  # before db.init_app makes the engine
    extensions.db.init_app(app)
    schema_migrations.init_migrations(app, extensions.db, directory=str(ROOT / "migrations"))
    extensions.csrf.init_app(app)
    extensions.htmx.init_app(app)
    extensions.limiter.init_app(app)
    extensions.unhook_limiter_middleware(app)
    database.init_database(app)
    connections.init_connections(app)
    transaction_ends.init_transaction_ends(app)  # after db.init_app: its teardown runs first
    security.init_security_headers(app)
    security.init_input_guard(app)

    errors.init_errors(app)
    templating.init_templating(app)
    editions.init_editions(app)  # its converter before any blueprint's rules
    i18n.init_i18n(app)
    for feature in FEATURES:
        app.register_blueprint(feature)
    page_cache.init_page_cache(app)
    newsroom.init_newsroom()  # the settings kept across this process's own version moves
    fragment_cache.init_fragment_cache(app)
    board_version.init_board_version()
    init_translation_marks()  # translations' "out of date" marks, kept at every flush
    jobs.init_jobs(app)  # after the features: it registers the jobs they declared
    cli.init_cli(app)
    fast_polls.init_fast_polls(app)  # around the app; ProxyFix (below) goes around it

    if app.config.get("PROXY_FIX_X_FOR"):
        # Flask's documented way to wrap the WSGI app, which mypy sees as replacing a method.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=int(app.config["PROXY_FIX_X_FOR"]), x_proto=1
        )
    return app


class DatabaseId(IntegerConverter):
    """`<int:...>` in every route: 1 to 2^31-1, so an absurd id is a 404, never a database error.

    ASCII digits only: Werkzeug's pattern also matches other scripts' digits, and int() reads
    them, so a full-width 1 in `/articles/<id>` was article 1.
    """

    regex = r"[0-9]+"

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", 2_147_483_647)
        super().__init__(map, *args, **kwargs)


def _configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    app.config.from_object(Defaults)
    instance = Config(app.instance_path)
    instance.from_pyfile("config.py", silent=True)
    environment = from_environment(os.environ)
    app.config.update(instance)
    app.config.update(environment)
    if test_config:
        app.config.update(test_config)
    # Which settings someone gave (rather than left at their default): `flask serve` builds
    # public links on its own address only when PUBLIC_BASE_URL was not given (editorial/urls.py).
    app.extensions["editorial.settings_given"] = frozenset(
        {*instance, *environment, *(test_config or {})}
    )

    url = app.config.get("DATABASE_URL") or app.config.get("SQLALCHEMY_DATABASE_URI")
    app.config["SQLALCHEMY_DATABASE_URI"] = url or (
        "sqlite:///" + str(Path(app.instance_path) / "editorial.sqlite3")
    )
    if app.config["PREFER_HTTPS"]:
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
        app.config["PREFERRED_URL_SCHEME"] = "https"
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(Path(app.instance_path) / "secret_key")


def _instance_secret_key(path: Path) -> str:
    """The key in instance/secret_key, written (owner-only) the first time it is needed."""
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process got there first: use its key
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
