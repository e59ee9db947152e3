"""Flask extensions, created unbound here and bound to the app in `create_app`."""

from typing import TYPE_CHECKING

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from htmx_flask import Htmx
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from editorial.kept_csrf import KeptCSRFProtect

# Named constraints, so Alembic can alter them later (SQLite batch mode needs the names).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base whose metadata names every constraint."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
login_manager = LoginManager()
csrf = KeptCSRFProtect()  # Flask-WTF's, a verified token kept (kept_csrf.py)
htmx = Htmx()

# Flask-SQLAlchemy builds db.Model at run time, which type checkers cannot follow; they see the
# declarative base it extends (the same columns and metadata). Models subclass this `Model`.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def unhook_limiter_middleware(app: Flask) -> None:
    """Take the limiter's check off every request: this app sets no default or application
    limits (`default_limits=[]`, no RATELIMIT_DEFAULT or RATELIMIT_APPLICATION), and each
    `@limiter.limit` (sign-in, password reset, readers' counts, previews' answers) checks itself
    when its view runs. The middleware only resolved, for every request and poll, that there was
    nothing to check (about a tenth of an unchanged poll's cost)."""
    if app.config.get("RATELIMIT_DEFAULT") or app.config.get("RATELIMIT_APPLICATION"):
        return  # limits for every route: the middleware is what applies them
    hooks = app.before_request_funcs.get(None, [])
    if limiter._check_request_limit in hooks:  # not there when RATELIMIT_ENABLED is off
        hooks.remove(limiter._check_request_limit)
