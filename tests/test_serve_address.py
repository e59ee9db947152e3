"""`flask serve` (what `make run` runs) and PUBLIC_BASE_URL (issue 20, item 10).

`make run PORT=5055` built every absolute link (canonical, og:url, feeds) on port 5000 without a
word. Now the serving address is the public one unless the setting is given, and a given setting
that disagrees with the serving address is warned about at start.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from editorial import cli, create_app
from tests.databases import reset_database
from tests.helpers import app_config


def _app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **config: Any) -> Flask:
    """An app as `flask serve` builds it: no PUBLIC_BASE_URL unless `config` or the env has one."""
    settings = app_config(tmp_path, **config)
    if "PUBLIC_BASE_URL" not in config:
        settings.pop("PUBLIC_BASE_URL")
    monkeypatch.setenv("EDITORIAL_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(settings)
    reset_database(app)
    return app


def _serve(app: Flask, monkeypatch: pytest.MonkeyPatch, *args: str) -> dict[str, Any]:
    """Run `flask serve --no-supervise *args` without serving; what waitress would be given."""
    served: dict[str, Any] = {}
    monkeypatch.setattr(cli, "serve", lambda wsgi_app, **options: served.update(options))
    monkeypatch.setattr(cli.faulthandler, "enable", lambda *args, **kwargs: None)
    result = app.test_cli_runner().invoke(args=["serve", "--no-supervise", *args])
    assert result.exit_code == 0, result.output
    served["output"] = result.output
    return served


def _canonical(app: Flask) -> str:
    page = app.test_client().get("/").get_data(as_text=True)
    start = page.index('rel="canonical" href="') + len('rel="canonical" href="')
    return page[start : page.index('"', start)]


def test_the_serving_address_is_the_public_one_when_none_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    app = _app(tmp_path, monkeypatch)
    with caplog.at_level(logging.WARNING):
        served = _serve(app, monkeypatch, "--port", "5055")
    assert served["port"] == 5055
    assert app.config["PUBLIC_BASE_URL"] == "http://127.0.0.1:5055"
    assert _canonical(app) == "http://127.0.0.1:5055/"
    assert "PUBLIC_BASE_URL" not in caplog.text


@pytest.mark.parametrize(
    ("host", "expected"),
    [("0.0.0.0", "http://127.0.0.1:8000"), ("::1", "http://[::1]:8000")],  # noqa: S104
)
def test_an_address_for_every_interface_or_ipv6_still_makes_a_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, host: str, expected: str
) -> None:
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    app = _app(tmp_path, monkeypatch)
    _serve(app, monkeypatch, "--host", host, "--port", "8000")
    assert app.config["PUBLIC_BASE_URL"] == expected


def test_a_given_setting_that_disagrees_with_the_serving_address_is_warned_about(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    app = _app(tmp_path, monkeypatch)
    with caplog.at_level(logging.WARNING):
        _serve(app, monkeypatch, "--port", "5055")
    assert app.config["PUBLIC_BASE_URL"] == "http://127.0.0.1:5000"  # given: kept
    assert "PUBLIC_BASE_URL" in caplog.text and "5055" in caplog.text


def test_a_setting_in_the_instance_config_counts_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    (tmp_path / "instance").mkdir()
    (tmp_path / "instance" / "config.py").write_text("PUBLIC_BASE_URL = 'http://localhost:5055'\n")
    app = _app(tmp_path, monkeypatch)
    with caplog.at_level(logging.WARNING):
        _serve(app, monkeypatch, "--port", "5055")
    assert app.config["PUBLIC_BASE_URL"] == "http://localhost:5055"
    assert "PUBLIC_BASE_URL" not in caplog.text  # localhost and 127.0.0.1: the same address


def test_behind_a_proxy_the_expected_difference_is_not_warned_about(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://news.example.org")
    app = _app(tmp_path, monkeypatch, PROXY_FIX_X_FOR=1)
    with caplog.at_level(logging.WARNING):
        _serve(app, monkeypatch, "--port", "8000")
    assert app.config["PUBLIC_BASE_URL"] == "https://news.example.org"
    assert "PUBLIC_BASE_URL" not in caplog.text


def test_serving_freezes_what_was_loaded_out_of_the_cycle_collectors_walks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full collection walked the whole loaded app (120 to 240 ms, every serving thread
    stopped): a reader's page's p99. `flask serve` freezes it first (`collector.freeze_loaded`)."""
    app = _app(tmp_path, monkeypatch)
    frozen: list[int] = []
    monkeypatch.setattr(cli.collector.gc, "freeze", lambda: frozen.append(1))
    _serve(app, monkeypatch, "--port", "5056")
    assert frozen == [1]
