"""Single sign-on through OpenID Connect: who the provider says the user is, and their role.

Organisations that run an identity provider (Keycloak on the intranet, say) can let their
staff log in with it instead of a password kept here (settings section ``sso``; Streamlit's
``st.login`` does the OpenID Connect exchange, configured under ``[auth]`` in
``.streamlit/secrets.toml``). The provider's token carries the user's groups or roles in a
claim (``sso.role_claim``, a dotted path such as ``realm_access.roles`` reaches into
Keycloak's nested claim); ``sso.role_map`` says which of its values gives which role here.
The highest role matched wins; a user none of whose values is mapped gets
``sso.default_role``, and when that is empty the log-in is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from utils import settings
from utils.auth.accounts import ROLES, check_role, normalise_name


def sso_settings() -> dict[str, Any]:
    """Return the settings section ``sso`` with its role map checked.

    Raises
    ------
    AccountError
        When the role map or the default role names a role that does not exist.
    """
    section = settings.get("sso")
    for role in (section.get("role_map") or {}).values():
        check_role(role)
    if section.get("default_role"):
        check_role(section["default_role"])
    return section


def sso_enabled() -> bool:
    """Return True when single sign-on is switched on (``sso.enabled``)."""
    return bool(settings.get("sso").get("enabled"))


def claim_values(claims: Mapping[str, Any], path: str) -> list[str]:
    """Return the values of the claim at the dotted ``path`` as a list of strings.

    A missing claim is an empty list; a single string is a list of one; a list keeps its
    string items.
    """
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return []
        value = value[part]
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [item for item in value if isinstance(item, str)]
    return []


def role_from_claims(
    claims: Mapping[str, Any],
    role_claim: str,
    role_map: Mapping[str, str],
    default_role: str | None = None,
) -> str | None:
    """Return the role the provider's ``claims`` give here, or None (log-in refused).

    Each value of the ``role_claim`` claim that ``role_map`` names gives its role; the
    highest of them wins (viewer < analyst < admin). With none, ``default_role``.
    """
    matched = [check_role(role_map[value]) for value in claim_values(claims, role_claim)
               if value in role_map]
    if matched:
        return max(matched, key=ROLES.index)
    return check_role(default_role) if default_role else None


def name_from_claims(claims: Mapping[str, Any], name_claim: str) -> str | None:
    """Return the user's name from ``name_claim`` (else ``email``, else ``sub``), normalised."""
    for path in (name_claim, "email", "sub"):
        values = claim_values(claims, path)
        if values and values[0].strip():
            return normalise_name(values[0])
    return None
