"""Where a webhook may be sent: http(s) only, and never to a private, loopback or link-local
address unless `WEBHOOKS_ALLOW_PRIVATE` says so (tests, a newsroom's own network).

Checked when an endpoint is registered and again at every send against what the name resolves
to then (a name can be pointed at 127.0.0.1 after it was registered: DNS rebinding); the
connection is then made to the address that was checked, so a second lookup can't differ.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit


class AddressRefused(ValueError):
    """An address a webhook may not be sent to; the message says why, for a person."""


@dataclass(frozen=True)
class Target:
    """A checked address: what to connect to, and what to say the host is."""

    scheme: str
    host: str
    port: int
    path: str
    ip: str


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (tests replace this to pretend a name's answer)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _internal(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def check(url: str, *, allow_private: bool) -> Target:
    """`url` as a `Target` to send to, or `AddressRefused` saying why it can't be one."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        raise AddressRefused("Give an address starting with https:// (or http://).")
    if not parts.hostname:
        raise AddressRefused("Give the full address, with the receiver's host name.")
    if parts.username or parts.password:
        raise AddressRefused("Leave the user name and password out of the address.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise AddressRefused("The port in that address is not a number we can use.") from None
    host = parts.hostname
    try:
        addresses = resolve(host, port)
    except (OSError, UnicodeError):
        raise AddressRefused(f"The name {host} can't be found.") from None
    if not addresses:
        raise AddressRefused(f"The name {host} can't be found.")
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if _internal(ip) and not allow_private:
            raise AddressRefused(
                f"{host} is a private or local address ({ip}); webhooks go to the internet. "
                "A newsroom that means it can allow this with WEBHOOKS_ALLOW_PRIVATE."
            )
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, host, port, path, addresses[0])


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to the checked address, with the certificate checked for the host's name."""

    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._ip = target.ip
        self._tls = ssl.create_default_context()

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)


class _PinnedHTTP(http.client.HTTPConnection):
    """HTTP to the checked address (the Host header still names the host)."""

    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._ip = target.ip

    def connect(self) -> None:
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)


def connection(target: Target, timeout: float) -> http.client.HTTPConnection:
    """A connection to `target`'s checked address (http.client never follows a redirect)."""
    if target.scheme == "https":
        return _PinnedHTTPS(target, timeout)
    return _PinnedHTTP(target, timeout)
