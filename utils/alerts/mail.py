"""Sending digests: through an SMTP server from the settings, or as ``.eml`` files.

Settings ``[smtp]``: ``host`` (None: no SMTP), ``port``, ``starttls``, ``user``,
``password_env`` (the name of the environment variable that holds the password, never the
password itself), ``from`` and ``timeout_seconds``. Without a host, or when a run is given
a folder, each message is written as ``<id>-<user>.eml`` into the folder (settings
``[alerts] eml_dir``), which a mail client opens as it is.

Each message goes in a connection of its own: a server that refuses one message (or drops
the line) fails that message only; the run marks it unsent and the next run sends it again.
"""

from __future__ import annotations

import os
import re
import smtplib
import ssl
from dataclasses import dataclass
from pathlib import Path

from utils import settings


class DeliveryFailed(RuntimeError):
    """The server did not accept a message; the text says why (it stays in the outbox)."""


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send: the ``[smtp]`` settings."""

    host: str | None
    port: int
    starttls: bool
    user: str | None
    password_env: str | None
    sender: str
    timeout: float


def smtp_settings() -> SmtpSettings:
    """Return the ``[smtp]`` settings in force."""
    section = settings.get("smtp")
    return SmtpSettings(
        host=section.get("host") or None, port=int(section["port"]),
        starttls=bool(section["starttls"]), user=section.get("user") or None,
        password_env=section.get("password_env") or None, sender=str(section["from"]),
        timeout=float(section["timeout_seconds"]))


class SmtpMailer:
    """Sends each message through the SMTP server of ``config``."""

    def __init__(self, config: SmtpSettings) -> None:
        self.config = config

    @property
    def describe(self) -> str:
        """Return where messages go, for the run's report."""
        return f"smtp://{self.config.host}:{self.config.port}"

    def send(self, message_id: int, user: str, address: str, body: str) -> None:
        """Send one stored message to ``address``; raise :class:`DeliveryFailed` if refused."""
        config = self.config
        try:
            with smtplib.SMTP(config.host, config.port, timeout=config.timeout) as smtp:
                if config.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if config.user:
                    password = os.environ.get(config.password_env or "", "")
                    smtp.login(config.user, password)
                # SMTP wants CRLF line ends; a stored message may have either.
                wire = body.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")
                smtp.sendmail(config.sender, [address], wire)
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryFailed(f"{type(exc).__name__}: {exc}") from exc


class FolderMailer:
    """Writes each message as an ``.eml`` file into ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    @property
    def describe(self) -> str:
        """Return where messages go, for the run's report."""
        return str(self.folder)

    def send(self, message_id: int, user: str, address: str, body: str) -> None:
        """Write one stored message; raise :class:`DeliveryFailed` if the folder refuses it."""
        safe = re.sub(r"[^A-Za-z0-9._-]", "_", user)
        path = self.folder / f"{message_id:06d}-{safe}.eml"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".part")
            partial.write_text(body, encoding="utf-8", newline="")
            partial.replace(path)
        except OSError as exc:
            raise DeliveryFailed(f"{type(exc).__name__}: {exc}") from exc


def mailer(out: Path | None = None) -> SmtpMailer | FolderMailer:
    """Return how this run sends: to ``out`` when given, else SMTP, else the ``eml_dir``."""
    if out is not None:
        return FolderMailer(out)
    config = smtp_settings()
    if config.host:
        return SmtpMailer(config)
    return FolderMailer(Path(settings.get("alerts")["eml_dir"]))
