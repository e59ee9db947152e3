"""Email: a message with a plain-text and an HTML part, sent over SMTP by a background job.

Why the standard library: `email.message.EmailMessage` builds a correct multipart/alternative
message and `smtplib` speaks SMTP with STARTTLS and TLS; a library would add a dependency for
the twenty lines below.

`SMTP_URL` says where: smtp://user:password@host:587 (STARTTLS when the server offers it) or
smtps://user:password@host:465 (TLS from the start). Without it email is off: `enabled()` is
false, and the pages that would send say so instead of failing.

Mail leaves only after the transaction that asked for it commits (`send_after_commit`, through
`jobs.after_commit`), so a change that rolled back never sends one, and never inside the request:
the job sends it, retried with backoff when the mail server is down.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import unquote, urlsplit

from flask import current_app

from editorial import jobs


def enabled() -> bool:
    """Whether email is on (an `SMTP_URL` is set)."""
    return bool(str(current_app.config.get("SMTP_URL") or "").strip())


def _one_line(text: str) -> str:
    """`text` with no CR or LF: a name or subject can never add a header (header injection)."""
    return " ".join(str(text).splitlines()).strip()


def message(
    to: str,
    subject: str,
    text: str,
    html: str,
    headers: dict[str, str] | None = None,
) -> EmailMessage:
    """A message to `to` from `MAIL_FROM`, with `text` as its plain part and `html` as the
    alternative; `headers` (List-Unsubscribe and the like) are added as given, each on one line."""
    mail = EmailMessage()
    mail["From"] = _one_line(current_app.config["MAIL_FROM"])
    mail["To"] = _one_line(to)
    mail["Subject"] = _one_line(subject)
    mail["Message-ID"] = make_msgid(domain="editorial.local")
    for name, value in (headers or {}).items():
        mail[_one_line(name)] = _one_line(value)
    mail.set_content(text)
    mail.add_alternative(html, subtype="html")
    return mail


def deliver(mail: EmailMessage, smtp_url: str, timeout: float = 30) -> None:
    """Send `mail` through the server `smtp_url` names (the job's work; tests call it too)."""
    parts = urlsplit(smtp_url)
    host = parts.hostname or "localhost"
    context = ssl.create_default_context()
    server: smtplib.SMTP
    if parts.scheme == "smtps":
        server = smtplib.SMTP_SSL(host, parts.port or 465, timeout=timeout, context=context)
    else:
        server = smtplib.SMTP(host, parts.port or 25, timeout=timeout)
    with server:
        server.ehlo()
        if parts.scheme == "smtp" and server.has_extn("starttls"):
            server.starttls(context=context)
            server.ehlo()
        if parts.username:
            server.login(unquote(parts.username), unquote(parts.password or ""))
        server.send_message(mail)


@dataclass(frozen=True)
class Outgoing:
    """An email waiting in the queue. Its `repr` (what a failed job's row and the audit log
    keep, shown to admins) names only the recipient and subject: a body can hold a reset link."""

    to: str
    subject: str
    text: str
    html: str
    headers: dict[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"<email to {self.to}: {self.subject!r}>"


@jobs.job("mail.send", retries=8, retry_delay=60, backoff=2.0)
def send_job(outgoing: Outgoing) -> None:
    """Send one email (retried over about four hours while the mail server is away). Email is
    checked again here: a message queued before SMTP_URL was removed is dropped, not failed."""
    if not enabled():
        return
    mail = message(outgoing.to, outgoing.subject, outgoing.text, outgoing.html, outgoing.headers)
    deliver(mail, current_app.config["SMTP_URL"])


def send_after_commit(
    to: str, subject: str, text: str, html: str, headers: dict[str, str] | None = None
) -> bool:
    """Queue an email for when the current transaction commits; False (and nothing queued)
    when email is off, so the caller can say what to do instead."""
    if not enabled():
        return False
    jobs.after_commit(send_job, Outgoing(to, subject, text, html, dict(headers or {})))
    return True
