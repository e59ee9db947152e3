"""The calendar family's sentences: a person's private feed address made or reset."""

from __future__ import annotations

from editorial.audit_log.said import Said


def said(s: Said) -> str:
    """ "Rana Reporter reset their private calendar address (the old one stopped working)"."""
    if s.kind == "address_reset":
        return f"{s.who} reset their private calendar address (the old one stopped working)"
    return f"{s.who} made their private calendar address"
