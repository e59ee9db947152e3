"""The Translations view: /translations, every story family against the newsroom's languages.
(Translate and Mark up to date are actions of an article, on the articles blueprint.)"""

from __future__ import annotations

from flask import Blueprint

from editorial.articles.translations import views

bp = Blueprint("translations", __name__)

bp.add_url_rule("/translations", view_func=views.overview)
