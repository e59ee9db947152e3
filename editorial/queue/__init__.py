"""My queue: the articles that wait on the signed-in person now, oldest waiting first."""

from flask import Blueprint

bp = Blueprint("queue", __name__, url_prefix="/queue")

from editorial.queue import views  # noqa: E402,F401  (views register on bp)
