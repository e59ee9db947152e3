"""Work run in separate processes by the concurrency tests: `python -m tests.workers TASK`.

The database comes from EDITORIAL_WORKER_CONFIG (JSON with the test app's settings), so each
process builds its own app and engine, as a gunicorn worker would.
"""

from __future__ import annotations

import json
import os
import sys
import time

from editorial import create_app
from editorial.extensions import db


def _app():  # type: ignore[no-untyped-def]
    config = json.loads(os.environ["EDITORIAL_WORKER_CONFIG"])
    return create_app(config)


def _wait_for_start() -> None:
    start = float(os.environ.get("EDITORIAL_WORKER_START", "0"))
    while time.time() < start:
        time.sleep(0.001)


def release(passes: int) -> None:
    """Run the scheduler's pass `passes` times; print how many articles this process published."""
    from editorial.articles.transitions.service import release_due

    app = _app()
    with app.app_context():
        _wait_for_start()
        total = sum(release_due() for _ in range(passes))
    print(total)


def alarm(passes: int) -> None:
    """Sound the missed-publish alarm `passes` times; print how many passes saw something late."""
    from editorial.alarm.service import sound

    app = _app()
    with app.app_context():
        _wait_for_start()
        total = sum(1 for _ in range(passes) if sound())
        db.session.remove()
    print(total)


def escalate(passes: int) -> None:
    """Run the deadlines' escalation `passes` times; print how many steps this process sent."""
    from editorial.deadlines.service import escalate as escalate_deadlines

    app = _app()
    with app.app_context():
        _wait_for_start()
        total = sum(escalate_deadlines() for _ in range(passes))
        db.session.remove()
    print(total)


def fronts(passes: int) -> None:
    """Run the fronts' release `passes` times; print how many scheduled changes this process
    published."""
    from editorial.fronts.service import release_due as release_fronts

    app = _app()
    with app.app_context():
        _wait_for_start()
        total = sum(release_fronts() for _ in range(passes))
        db.session.remove()
    print(total)


def write(count: int) -> None:
    """Create and move `count` articles through two transitions; print how many succeeded."""
    from editorial.articles.transitions.service import Request, apply
    from editorial.models import Role, User
    from tests.factories import make_article

    app = _app()
    done = 0
    with app.app_context():
        editor = db.session.scalar(db.select(User).where(User.role == Role.EDITOR))
        editor_id = editor.id
        _wait_for_start()
        for _ in range(count):
            article = make_article("ready", authors=[])
            editor = db.session.get(User, editor_id)
            apply(article, "reopen", editor, Request(note="Busy desk"))
            db.session.commit()
            done += 1
    print(done)


if __name__ == "__main__":
    task, amount = sys.argv[1], int(sys.argv[2])
    tasks = {"release": release, "write": write, "alarm": alarm, "escalate": escalate,
             "fronts": fronts}  # fmt: skip
    tasks[task](amount)
