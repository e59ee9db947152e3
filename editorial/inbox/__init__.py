"""The inbox: a person's notifications, the unread count in the staff navigation and its poll.

Notifications are made only by `editorial.services.notifications`, from the workflow's and the
desk's signals; this package reads them and marks them read.
"""

from flask import Blueprint

bp = Blueprint("inbox", __name__, url_prefix="/inbox")

from editorial.inbox import views  # noqa: E402,F401  (views register on bp)
