"""Password hashing (argon2id) and the password policy (ASVS 6.2).

Policy: at least 8 characters, up to 256 (no truncation: argon2 hashes all of it), no composition
rules, and none of the ~20,000 passwords attackers try first.
"""

from __future__ import annotations

import gzip
from functools import cache
from importlib.resources import files

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 8
MAX_LENGTH = 256

# OWASP's argon2id floor is m=19 MiB, t=2, p=1; we hash above it.
HASHER = PasswordHasher(time_cost=2, memory_cost=47_104, parallelism=1, type=Type.ID)


@cache
def _dummy_hash() -> str:
    """Verified when the email is unknown, so a miss takes as long as a wrong password."""
    return HASHER.hash("not a real password, just spending the same time")


def hash_password(password: str) -> str:
    """An argon2id hash of `password`, salted."""
    return HASHER.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Whether `password` matches `stored_hash`; spends the same time when there is no hash."""
    try:
        return HASHER.verify(stored_hash or _dummy_hash(), password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether the hash was made with weaker parameters than today's."""
    return HASHER.check_needs_rehash(stored_hash)


@cache
def _common_passwords() -> frozenset[str]:
    data = files("editorial").joinpath("data/common-passwords.txt.gz").read_bytes()
    return frozenset(gzip.decompress(data).decode().split())


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why `password` is refused, in words for a person, or None when it is fine."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    lowered = password.lower()
    if lowered in _common_passwords():
        return "That password is on the list attackers try first. Choose another."
    personal = {email.lower(), email.lower().split("@")[0], name.lower()} - {""}
    if lowered in personal:
        return "Don't use your email address or name as your password."
    return None
