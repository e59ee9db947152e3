"""The desk: where signed-in staff see the articles that concern them."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from editorial.extensions import db
from editorial.models import Article
from editorial.permissions import require, visible_articles

bp = Blueprint("desk", __name__, url_prefix="/desk")


@bp.route("/")
@require("desk.use")
def index() -> str:
    """The articles this person can see, most recently changed first."""
    articles = db.session.scalars(
        select(Article)
        .where(visible_articles(current_user))
        .options(selectinload(Article.authors), selectinload(Article.section))
        .order_by(Article.updated_at.desc())
        .limit(100)
    ).all()
    return render_template("desk/index.html", articles=articles)
