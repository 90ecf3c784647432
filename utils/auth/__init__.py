"""Accounts, roles and log-in: who may see the dashboards, upload data and manage users.

The package's face. Inside, one module per job:

``accounts``
    Roles and permissions, password hashes, the account lock-out, log-in
    (:func:`authenticate`) and account management, every change audited.
``contact``
    Where alerts reach a user: the e-mail address and the language of their digests.
``throttle``
    The log-in throttle in front of the password check: waits per client address and
    unknown names locked like accounts, so the answers never tell which names exist.
``sessions``
    Log-ins that survive a reload and a new tab: the signed session cookie and the
    server-side sessions it points to, with expiry and revocation.
``sso``
    Single sign-on through OpenID Connect: the user's name and role from the provider's
    claims.
"""

from utils.auth.accounts import (
    MAX_PASSWORD_LENGTH,
    PERMISSIONS,
    ROLE_PERMISSIONS,
    ROLES,
    AccountError,
    AuthResult,
    AuthStatus,
    LockoutPolicy,
    PermissionDenied,
    after_failure,
    authenticate,
    change_password,
    change_role,
    check_role,
    create_user,
    disable_user,
    enable_user,
    has_accounts,
    has_permission,
    hash_password,
    is_locked,
    is_session_expired,
    list_users,
    min_password_length,
    needs_rehash,
    normalise_name,
    require_permission,
    role_rank,
    session_max_age,
    utc,
    validate_name,
    validate_password,
    verify_password,
)
from utils.auth.contact import set_email, set_language, validate_email
from utils.auth.sessions import (
    COOKIE_NAME,
    SessionUser,
    cookie_header,
    cookie_name,
    end_account_sessions,
    end_session,
    logged_in_since,
    new_token,
    session_user,
    sign_token,
    signing_secret,
    start_session,
    token_hash,
    unsign_token,
)
from utils.auth.sso import (
    claim_values,
    name_from_claims,
    role_from_claims,
    sso_enabled,
    sso_settings,
)
from utils.auth.throttle import LoginThrottle, throttle_for

__all__ = [
    "COOKIE_NAME",
    "set_email",
    "set_language",
    "validate_email",
    "MAX_PASSWORD_LENGTH",
    "PERMISSIONS",
    "ROLES",
    "ROLE_PERMISSIONS",
    "AccountError",
    "AuthResult",
    "AuthStatus",
    "LockoutPolicy",
    "LoginThrottle",
    "PermissionDenied",
    "SessionUser",
    "after_failure",
    "authenticate",
    "change_password",
    "change_role",
    "check_role",
    "claim_values",
    "cookie_header",
    "cookie_name",
    "create_user",
    "disable_user",
    "enable_user",
    "end_account_sessions",
    "end_session",
    "has_accounts",
    "has_permission",
    "hash_password",
    "is_locked",
    "is_session_expired",
    "list_users",
    "logged_in_since",
    "min_password_length",
    "name_from_claims",
    "needs_rehash",
    "new_token",
    "normalise_name",
    "require_permission",
    "role_from_claims",
    "role_rank",
    "session_max_age",
    "session_user",
    "sign_token",
    "signing_secret",
    "sso_enabled",
    "sso_settings",
    "start_session",
    "throttle_for",
    "token_hash",
    "unsign_token",
    "utc",
    "validate_name",
    "validate_password",
    "verify_password",
]
