"""A real SMTP server for the tests (aiosmtpd on 127.0.0.1), and what arrived at it, parsed."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = "desk", "mail-secret"


class Mailbox:
    """Every message the server accepted, as `EmailMessage`s, and who signed in to send it."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.logins: list[str] = []
        self.url = ""

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        """The messages sent to `address`."""
        return [m for m in self.messages if m["To"] == address]

    @staticmethod
    def parts(message: EmailMessage) -> tuple[str, str]:
        """The plain-text and the HTML part of `message`."""
        text = message.get_body(("plain",))
        html = message.get_body(("html",))
        assert text is not None and html is not None
        return text.get_content(), html.get_content()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_server() -> Iterator[Mailbox]:
    """An SMTP server that takes a login (over plain SMTP, as a test can): `mailbox.url` is the
    SMTP_URL to give the app."""
    mailbox = Mailbox()

    def authenticate(_server: Any, _session: Any, _envelope: Any, _mech: str, data: Any) -> Any:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            USER.encode(),
            PASSWORD.encode(),
        )
        if ok:
            mailbox.logins.append(data.login.decode())
        return AuthResult(success=ok)

    port = _free_port()
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticate,
        auth_require_tls=False,
    )
    controller.start()
    mailbox.url = f"smtp://{USER}:{PASSWORD}@127.0.0.1:{port}"
    try:
        yield mailbox
    finally:
        controller.stop()
