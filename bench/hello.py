"""Flask's hello world: the ceiling every app endpoint is measured against.

Served by the same server with the same settings as the app (`bench.servers`), so the ratio
app/hello says what the app costs on top of Flask, the WSGI server and the loopback.
"""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    """The smallest page Flask serves."""
    return "Hello, World!"
