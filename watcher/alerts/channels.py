"""Channel options: validated once, stored as JSON, shown with their secrets redacted. Pure.

Secrets can live in the database (``--secret``, a password in the SMTP URL) or, better, in
an environment variable whose *name* is stored (``secret_env``, ``smtp_password_env``) and
read at send time. Either way they never reach logs or ``--json`` output: ``redact``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from watcher.errors import ConfigError

KINDS = ("email", "webhook", "apprise")
REDACTED = "***"
_ENV_NAME_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def _env_name(value: Any, key: str) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not set(value) <= _ENV_NAME_CHARS or value[0].isdigit():
        raise ConfigError(f"{key}: {value!r} is not an environment variable name")
    return value


def _is_http_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
        _ = parts.port  # ValueError when out of range or not a number
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _http_url(value: Any, key: str) -> str:
    if not (isinstance(value, str) and _is_http_url(value)):
        raise ConfigError(f"{key}: expected an http(s) URL, got {redact_url(str(value))!r}")
    return value


def smtp_parts(url: str) -> tuple[str, str, int, str | None, str | None]:
    """(scheme, host, port, user, password) from smtp://user:pass@host:587 or smtps://..."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ConfigError(f"invalid SMTP URL {redact_url(url)!r}: expected smtp://[user:pass@]host[:port]")
    try:
        port = parts.port or (465 if parts.scheme == "smtps" else 25)
    except ValueError:
        raise ConfigError(f"invalid port in SMTP URL {redact_url(url)!r}") from None
    from urllib.parse import unquote

    user = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password else None
    return parts.scheme, parts.hostname, port, user, password


def redact_url(url: str) -> str:
    """The URL with any password replaced by ***."""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:  # not a URL urlsplit can read: hide everything between :// and @
        return re.sub(r"(?<=://)[^/]*@", REDACTED + "@", url)
    if password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:{REDACTED}@{netloc}"))


def _redact_webhook_url(url: str) -> str:
    """Host shown, password and path hidden: many webhook URLs carry their token in the path
    (https://hooks.slack.com/services/T.../B.../secret)."""
    shown = redact_url(url)
    try:
        parts = urlsplit(shown)
    except ValueError:
        return shown
    if parts.path in ("", "/") and not parts.query:
        return shown
    return urlunsplit(parts._replace(path="/" + REDACTED, query="", fragment=""))


def make_channel_config(kind: str, options: Mapping[str, Any]) -> dict[str, Any]:
    """Validated JSON config for a channel of ``kind`` (ConfigError names what is wrong)."""
    opts = {k: v for k, v in options.items() if v not in (None, "", (), [])}
    known = {
        "email": {"to", "smtp_url", "starttls", "ssl", "smtp_password_env", "from"},
        "webhook": {"url", "secret", "secret_env"},
        "apprise": {"url"},
    }
    if kind not in known:
        raise ConfigError(f"unknown channel kind {kind!r}; one of: {', '.join(KINDS)}")
    unknown = set(opts) - known[kind]
    if unknown:
        raise ConfigError(f"unknown option {sorted(unknown)[0]!r} for a {kind} channel")
    if kind == "email":
        to = opts.get("to")
        items = [to] if isinstance(to, str) else to
        if not isinstance(items, list | tuple) or not all(isinstance(t, str) for t in items):
            items = []  # missing, or not text: refused below
        to_list = [t.strip() for item in items for t in item.split(",") if t.strip()]
        if not to_list or any("@" not in t or any(c in t for c in "\r\n<>") for t in to_list):
            raise ConfigError("an email channel needs --to with valid addresses")
        smtp_url = opts.get("smtp_url")
        if smtp_url is not None:
            smtp_parts(str(smtp_url))
        if opts.get("starttls") and (opts.get("ssl") or str(smtp_url or "").startswith("smtps:")):
            raise ConfigError("choose STARTTLS or SSL (smtps://), not both")
        sender = opts.get("from")
        if sender is not None and ("@" not in str(sender) or any(c in str(sender) for c in "\r\n")):
            raise ConfigError(f"invalid from address {sender!r}")
        return {
            "to": to_list,
            "smtp_url": smtp_url,
            "starttls": bool(opts.get("starttls", False)),
            "ssl": bool(opts.get("ssl", False)),
            "smtp_password_env": _env_name(opts.get("smtp_password_env"), "smtp_password_env"),
            "from": sender,
        }
    if kind == "webhook":
        if opts.get("secret") and opts.get("secret_env"):
            raise ConfigError("give --secret or --secret-env, not both")
        return {
            "url": _http_url(opts.get("url"), "url"),
            "secret": opts.get("secret"),
            "secret_env": _env_name(opts.get("secret_env"), "secret_env"),
        }
    url = opts.get("url")
    if not isinstance(url, str) or "://" not in url:
        raise ConfigError("an apprise channel needs --url with an Apprise URL, e.g. slack://...")
    return {"url": url}


def redact(kind: str, config: Mapping[str, Any]) -> dict[str, Any]:
    """The config safe to print: stored secrets replaced by ***, env variable names kept."""
    out = dict(config)
    if out.get("secret"):
        out["secret"] = REDACTED
    if out.get("smtp_url"):
        out["smtp_url"] = redact_url(str(out["smtp_url"]))
    if kind == "webhook" and out.get("url"):
        out["url"] = _redact_webhook_url(str(out["url"]))
    if kind == "apprise" and out.get("url"):
        out["url"] = str(out["url"]).split("://", 1)[0] + "://" + REDACTED
    return out


def describe(kind: str, config: Mapping[str, Any]) -> str:
    """One line for listings, no secrets."""
    safe = redact(kind, config)
    if kind == "email":
        return "to " + ", ".join(safe["to"]) + (f" via {safe['smtp_url']}" if safe.get("smtp_url") else "")
    if kind == "webhook":
        signed = " (signed)" if config.get("secret") or config.get("secret_env") else " (unsigned)"
        return str(safe["url"]) + signed
    return str(safe["url"])


@dataclass(frozen=True, slots=True)
class Channel:
    """A stored channel; ``config`` may hold secrets: print ``redact(kind, config)`` only."""

    id: int
    name: str
    kind: str
    config: dict[str, Any]
    active: bool
    created_at: datetime


def valid_name(name: str) -> str:
    if not name or len(name) > 128 or not all(c.isalnum() or c in "-_." for c in name):
        raise ConfigError(f"invalid channel name {name!r}: use letters, digits, '-', '_' and '.'")
    return name
