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
from utils.auth.throttle import LoginThrottle, throttle_for

__all__ = [
    "validate_email",
    "set_language",
    "set_email",
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
    "after_failure",
    "authenticate",
    "change_password",
    "change_role",
    "check_role",
    "create_user",
    "disable_user",
    "enable_user",
    "has_accounts",
    "has_permission",
    "hash_password",
    "is_locked",
    "is_session_expired",
    "list_users",
    "min_password_length",
    "needs_rehash",
    "normalise_name",
    "require_permission",
    "role_rank",
    "session_max_age",
    "throttle_for",
    "utc",
    "validate_name",
    "validate_password",
    "verify_password",
]
