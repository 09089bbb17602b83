"""Citizen accounts: an opaque username, and a name, email and phone kept encrypted (DESIGN §6).

The username of a citizen is a random reference ("warga-…"), never derived from their contact, so
the audit chain can name them and still name nobody once a deletion request has erased the account.
Sign-up and sign-in find an account by the blind index of the email or phone.
"""

from __future__ import annotations

import secrets
from typing import Any

from aduan.accounts.models import User
from aduan.lib.crypto import blind_lookup

REFERENCE_PREFIX = "warga-"


def new_reference() -> str:
    """A fresh opaque username for a citizen (64 random bits)."""
    return REFERENCE_PREFIX + secrets.token_hex(8)


def find_citizen(kind: str, value: str) -> User | None:
    """The citizen account whose email (kind "email") or phone (kind "phone") is value, or None."""
    field = "citizen_email" if kind == "email" else "citizen_phone"
    return (
        User.objects.filter(blind_lookup(User, field, value), is_citizen=True)
        .order_by("pk")
        .first()
    )


def create_citizen(
    *, email: str = "", phone: str = "", name: str = "", password: str | None, **extra: Any
) -> User:
    """Create a citizen account (inside the caller's transaction); password None makes it unusable.

    Raises IntegrityError when another account already has this email or phone.
    """
    user = User(
        username=new_reference(),
        is_citizen=True,
        citizen_email=email,
        citizen_phone=phone,
        citizen_name=name,
        **extra,
    )
    user.set_password(password)
    user.save(force_insert=True)
    return user


def erase_account(user: User) -> None:
    """Remove a citizen's personal data from their account for good and close it.

    The row and its opaque username stay, so timeline and audit references still point somewhere;
    nothing left in it says who the person was. Sessions end at the next request (inactive user).
    """
    user.citizen_name = ""
    user.citizen_email = ""
    user.citizen_phone = ""
    user.first_name = ""
    user.last_name = ""
    user.display_name = ""
    user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
