"""Where alerts reach a user: the e-mail address and the language of their digests.

An office's shared mailbox is an account of its own (a viewer, say) whose address is the
shared one: an admin subscribes it like anyone else. Every change is audited.
"""

from __future__ import annotations

import re

from utils import i18n, store
from utils.store import Bind

#: A plain ``local@domain`` address: no display name, no spaces, a dot in the domain.
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
MAX_EMAIL_LENGTH = 254


def validate_email(address: str) -> str:
    """Return ``address`` stripped, or raise ``ValueError`` when it is not a plain address."""
    text = (address or "").strip()
    if len(text) > MAX_EMAIL_LENGTH or not _EMAIL.match(text):
        raise ValueError(f"{address!r} is not an e-mail address like name@example.kz")
    return text


def _user_name(bind: Bind, name: str) -> str:
    normal = name.strip().lower()
    if store.get_user(bind, normal) is None:
        raise LookupError(f"No user named {normal!r}")
    return normal


def set_email(bind: Bind, name: str, address: str | None, actor: str | None) -> None:
    """Give account ``name`` the e-mail address its alerts go to (None removes it).

    Raises
    ------
    ValueError
        For a malformed address.
    LookupError
        When no account has this name.
    """
    email = None if address is None else validate_email(address)
    normal = _user_name(bind, name)
    store.update_user(bind, normal, email=email)
    store.append_audit(bind, actor, "user_email", {"name": normal, "email": email})


def set_language(bind: Bind, name: str, lang: str, actor: str | None) -> None:
    """Set the language (``ru``, ``kk``, ``en``) account ``name`` reads its alerts in."""
    code = i18n.check_lang(lang)
    normal = _user_name(bind, name)
    store.update_user(bind, normal, lang=code)
    store.append_audit(bind, actor, "user_lang", {"name": normal, "lang": code})
