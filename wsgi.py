"""The WSGI entry point: `waitress-serve wsgi:app`, `gunicorn wsgi:app`, `flask --app wsgi ...`."""

from editorial import create_app

app = create_app()
