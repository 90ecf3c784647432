"""Configuration: built-in defaults, overridden by a TOML file.

The file is named by the ``LTM_CONFIG`` environment variable, else ``ltm.toml`` at the top
of the project if it exists. Each top-level table of the file overrides one section, e.g.::

    [app]
    require_login = true
    tile_url = "https://tiles.internal.example/{z}/{x}/{y}.png"

    [early_warning]
    large_increase_ratio = 2.0
"""

from __future__ import annotations

import copy
import os
import tomllib
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent.parent

DEFAULTS: dict[str, dict[str, Any]] = {
    "app": {
        # Viewing the dashboards needs a log-in; uploading and undoing always do.
        "require_login": False,
        # Largest upload accepted by the data page, in megabytes.
        "max_upload_mb": 200,
        # Optional internal tile server; None draws the map on a plain background.
        "tile_url": None,
        "tile_attribution": "",
        "session_max_age_minutes": 480,
    },
    "database": {
        # PostgreSQL: give up connecting after this many seconds, and cancel a statement
        # that runs longer than this (a stuck query must not hold a connection for ever)
        # or that waits this long for another's lock.
        "connect_timeout_seconds": 5,
        "statement_timeout_seconds": 600,
        "lock_timeout_seconds": 60,
    },
    "auth": {
        "lockout_attempts": 5,
        "lockout_minutes": 15,
        "min_password_length": 10,
        # Signs the session cookie; empty: a secret generated into session_secret_file
        # (default data/session_secret, mode 0600). Processes sharing a database share it.
        "session_secret": "",
        "session_secret_file": None,
        # Send the session cookie over HTTPS only (set when a TLS proxy fronts the app).
        "session_cookie_secure": False,
    },
    "sso": {
        # Single sign-on through OpenID Connect (st.login); needs [auth] in
        # .streamlit/secrets.toml and Authlib. The provider's name there, None: [auth] itself.
        "enabled": False,
        "provider": None,
        # The claim holding the user's name, and the claim holding their groups or roles.
        "name_claim": "preferred_username",
        "role_claim": "roles",
        # Claim value -> role ("ltm-admins" = "admin"); the highest matching role wins.
        "role_map": {},
        # Role of a user none of whose claim values is mapped; None refuses the log-in.
        "default_role": None,
    },
    "ingest": {
        # One upload's limits, checked before the file is read whole: rows, cells (a
        # workbook's rows times its columns) and the unpacked size of a workbook.
        "max_rows": 1_200_000,
        "max_cells": 12_000_000,
        "max_unpacked_mb": 1500,
        # Files read at once by one server; a further upload waits in a queue.
        "concurrent_reads": 1,
    },
    "early_warning": {},
    "tension_weights": {},
    "alerts": {
        # A signal is not repeated for the same place within this many days, unless its
        # level rises further (an enterprise from "watch" to "high", say).
        "cooldown_days": 42,
        # Address of the dashboard as users open it: the links in the digests start here.
        "base_url": "http://localhost:8501",
        # Without an SMTP host, digests are written as .eml files to this folder.
        "eml_dir": "alerts_outbox",
        # Places listed in one digest at most (the rest are counted in the summary line).
        "max_signals_per_digest": 20,
    },
    "smtp": {
        # The mail relay (typically an intranet relay); None: no SMTP, digests go to eml_dir.
        "host": None,
        "port": 25,
        "starttls": False,
        "user": None,
        # Name of the environment variable holding the SMTP password (never the password).
        "password_env": None,
        "from": "labor-tension-map@localhost",
        "timeout_seconds": 30,
    },
    "cases": {
        # Targets of a case's stages, counted from the day it was opened: assigned within
        # this many working days, hearing or inspection and repaid within these many days.
        "assigned_working_days": 1,
        "hearing_days": 7,
        "repaid_days": 30,
        # After closing, a case is watched this long: a "high" risk in that time reopens it.
        "watch_months": 6,
    },
}


def config_path() -> Path | None:
    """Return the configuration file in force, or None when only defaults apply."""
    named = os.environ.get("LTM_CONFIG")
    if named:
        return Path(named)
    default = PROJECT_DIR / "ltm.toml"
    return default if default.exists() else None


def _file_settings() -> dict[str, Any]:
    path = config_path()
    if path is None:
        return {}
    if not path.exists():
        raise FileNotFoundError(f"Configuration file {path} named by LTM_CONFIG does not exist")
    with path.open("rb") as handle:
        return tomllib.load(handle)


def get(section: str) -> dict[str, Any]:
    """Return the settings of ``section``: defaults updated with the configuration file.

    Raises
    ------
    KeyError
        If ``section`` is not a known section; the message lists the valid ones.
    """
    if section not in DEFAULTS:
        valid = ", ".join(sorted(DEFAULTS))
        raise KeyError(
            f"Invalid settings section: {section!r}. Section must be in the set: {valid}"
        )
    merged = copy.deepcopy(DEFAULTS[section])
    merged.update(_file_settings().get(section, {}))
    return merged
