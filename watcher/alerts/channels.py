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
from urllib.parse import SplitResult, urlsplit, urlunsplit

from watcher.errors import ConfigError
from watcher.redact import REDACTED, redact_url

KINDS = ("email", "webhook", "apprise")
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
        raise ConfigError(f"{key}: expected an http(s) URL, got {_shown_url(value)}")
    return value


def _shown_url(value: Any) -> str:
    """A URL refused, as an error repeats it: its scheme only. It may be a stored Apprise URL
    checked again under another kind (``slack://tokenA/tokenB``), or a webhook URL with its
    token in the path."""
    if not isinstance(value, str):
        return f"a {type(value).__name__}"
    scheme, sep, _ = value.partition("://")
    return f"{scheme[:20] + sep + REDACTED!r}" if sep else "no URL"


def _shown_smtp_url(url: str) -> str:
    """An SMTP URL as an error repeats it: anything before an ``@`` hidden, however malformed
    the URL (``smtp:/user:pw@host``, ``user:pw@host``), since it may be a password."""
    return re.sub(r"^((?:[A-Za-z][\w+.-]*:)?/*)[^/]*@", lambda m: m[1] + REDACTED + "@", redact_url(url))


def smtp_parts(url: str) -> tuple[str, str, int, str | None, str | None]:
    """(scheme, host, port, user, password) from smtp://user:pass@host:587 or smtps://..."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ConfigError(
            f"invalid SMTP URL {_shown_smtp_url(url)!r}: expected smtp://[user:pass@]host[:port]"
        )
    try:
        port = parts.port or (465 if parts.scheme == "smtps" else 25)
    except ValueError:
        raise ConfigError(f"invalid port in SMTP URL {_shown_smtp_url(url)!r}") from None
    from urllib.parse import unquote

    user = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password else None
    return parts.scheme, parts.hostname, port, user, password


def _redact_webhook_url(url: str) -> str:
    """Scheme and host shown, all else hidden: many webhook URLs carry their token in the path
    (https://hooks.slack.com/services/T.../B.../secret), some in the user name
    (https://TOKEN@hooks.example/, sent as Basic auth) or after the ``#``."""
    shown = redact_url(url)
    try:
        parts = urlsplit(shown)
    except ValueError:
        return shown
    netloc = parts.netloc
    if "@" in netloc:
        netloc = f"{REDACTED}@{netloc.rpartition('@')[2]}"
    if parts.path in ("", "/") and not parts.query and not parts.fragment:
        return urlunsplit(parts._replace(netloc=netloc))
    return urlunsplit(parts._replace(netloc=netloc, path="/" + REDACTED, query="", fragment=""))


BOOL, TEXT, TEXTS = "true or false", "a string", "a string or a list of strings"
#: Every option of each kind and the type its value must have. TOML and JSON give values of
#: any type and ``bool("false")`` is True, so a value of another type is refused, never cast.
OPTIONS: dict[str, dict[str, str]] = {
    "email": {
        "to": TEXTS,
        "smtp_url": TEXT,
        "starttls": BOOL,
        "ssl": BOOL,
        "smtp_password_env": TEXT,
        "from": TEXT,
    },
    "webhook": {"url": TEXT, "secret": TEXT, "secret_env": TEXT},
    "apprise": {"url": TEXT},
}
#: options whose value may carry a credential: an error shows their type, not their value
_SECRET_OPTIONS = {"secret", "url", "smtp_url"}


def _has_type(value: Any, expected: str) -> bool:
    if expected == BOOL:
        return isinstance(value, bool)
    if expected == TEXTS and isinstance(value, list | tuple):
        return all(isinstance(item, str) for item in value)
    return isinstance(value, str)


def _shown_value(key: str, value: Any) -> str:
    """A wrong value as an error shows it: its type only when it may hold a credential."""
    if key not in _SECRET_OPTIONS:
        return repr(value)[:80]
    name = type(value).__name__
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


def check_option_types(kind: str, options: Mapping[str, Any]) -> None:
    """ConfigError naming the first option of a ``kind`` channel whose value has the wrong type."""
    for key, value in options.items():
        expected = OPTIONS[kind][key]
        if not _has_type(value, expected):
            raise ConfigError(f"{key}: expected {expected}, got {_shown_value(key, value)}")


def make_channel_config(kind: str, options: Mapping[str, Any], *, where: str = "") -> dict[str, Any]:
    """Validated JSON config for a channel of ``kind``; ConfigError names what is wrong, after
    ``where`` (the channel: ``alerts.channels.desk``, ``channel 'desk'``) when given."""
    try:
        return _channel_config(kind, options)
    except ConfigError as exc:
        if not where:
            raise
        raise ConfigError(f"{where}: {exc}") from None


def _channel_config(kind: str, options: Mapping[str, Any]) -> dict[str, Any]:
    opts = {k: v for k, v in options.items() if v not in (None, "", (), [])}
    if kind not in OPTIONS:
        raise ConfigError(f"unknown channel kind {kind!r}; one of: {', '.join(KINDS)}")
    unknown = set(opts) - set(OPTIONS[kind])
    if unknown:
        raise ConfigError(f"unknown option {sorted(unknown)[0]!r} for a {kind} channel")
    check_option_types(kind, opts)
    if kind == "email":
        to = opts.get("to", [])
        items = [to] if isinstance(to, str) else to
        to_list = [t.strip() for item in items for t in item.split(",") if t.strip()]
        if not to_list or any("@" not in t or any(c in t for c in "\r\n<>") for t in to_list):
            raise ConfigError("an email channel needs --to with valid addresses")
        smtp_url = opts.get("smtp_url")
        if smtp_url is not None:
            smtp_parts(smtp_url)
        starttls, use_ssl = opts.get("starttls", False), opts.get("ssl", False)
        if starttls and (use_ssl or (smtp_url or "").startswith("smtps:")):
            raise ConfigError("choose STARTTLS or SSL (smtps://), not both")
        sender = opts.get("from")
        if sender is not None and ("@" not in sender or any(c in sender for c in "\r\n")):
            raise ConfigError(f"invalid from address {sender!r}")
        return {
            "to": to_list,
            "smtp_url": smtp_url,
            "starttls": starttls,
            "ssl": use_ssl,
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


def unredact(
    kind: str,
    sent: Mapping[str, Any],
    stored: Mapping[str, Any],
    shown: Mapping[str, Any],
    *,
    where: str = "",
) -> dict[str, Any]:
    """``stored`` updated key by key with what a client ``sent``, where what it was ``shown``
    of a secret stands for the stored one: ``***``, ``slack://***``, and in a URL to the same
    server (scheme, host, port), the same user's ``user:***@`` password and a webhook's ``/***``
    path. A placeholder standing for nothing stored, or sent with another server (the secret
    would go there), is refused (ConfigError, after ``where``)."""
    merged = dict(stored)
    for key, value in sent.items():
        if value == REDACTED and stored.get(key) in (None, ""):
            named = f"{where}: {key}" if where else key
            raise ConfigError(
                f"{named}: {REDACTED} stands for a stored value, and none is stored: send the value"
            )
        if value == REDACTED or (key in shown and value == shown[key] and shown[key] != stored.get(key)):
            continue  # sent back as it was shown: the stored secret stays
        if key in ("url", "smtp_url") and isinstance(value, str) and REDACTED in value:
            value = _unredact_url(kind, f"{where}: {key}" if where else key, value, stored.get(key))
        merged[key] = value
    return merged


#: the port a URL of each scheme goes to when it names none
_DEFAULT_PORTS = {"http": 80, "https": 443, "smtp": 25, "smtps": 465}


def _destination(url: SplitResult) -> str:
    """Where a URL sends what it carries: ``scheme://host:port`` (ValueError: a bad port)."""
    host = url.hostname or ""
    port = url.port or _DEFAULT_PORTS.get(url.scheme)
    return f"{url.scheme}://{f'[{host}]' if ':' in host else host}:{port}"


def _unredact_url(kind: str, key: str, sent: str, stored: Any) -> str:
    """``sent`` with the placeholders of a redacted URL taken from the ``stored`` URL (errors
    start with ``key``). A placeholder keeps a secret only where it was going: in a URL to
    another server it is refused, so the stored secret is never sent to a new destination."""
    old = stored if isinstance(stored, str) else ""
    if kind == "apprise":  # only the URL as shown stands for the stored one (kept by unredact)
        scheme, _, rest = sent.partition("://")
        if rest == REDACTED:  # not the stored URL's scheme: a new service
            raise ConfigError(f"{key}: the stored URL is no {scheme}:// URL: send the whole new URL")
        raise ConfigError(
            f"{key}: {REDACTED} stands for the stored URL only as it was shown, {scheme}://{REDACTED}: "
            "send the whole URL again"
        )
    try:
        new, was = urlsplit(sent), urlsplit(old)
        new_password, old_password = new.password, was.password
        moved = _destination(new) != _destination(was)
    except ValueError:  # not a URL: validation says so
        return sent
    if new.username == REDACTED and new_password is None:  # (a webhook's "***@": its user name too)
        if "@" not in was.netloc:
            raise ConfigError(
                f"{key}: {REDACTED}@ keeps the stored credentials, and there are none: send them"
            )
        if moved:
            raise ConfigError(
                f"{key}: {REDACTED}@ stands for the credentials stored for {_destination(was)}, "
                f"not for {_destination(new)}: send them again"
            )
        new = new._replace(netloc=was.netloc.rsplit("@", 1)[0] + "@" + new.netloc.rsplit("@", 1)[1])
    elif new_password == REDACTED:
        if old_password is None:
            raise ConfigError(f"{key}: {REDACTED} keeps the stored password, and there is none: send it")
        if new.username != was.username:  # another account: the password is not its
            raise ConfigError(
                f"{key}: {REDACTED} keeps the stored password, which is user {was.username!r}'s: "
                f"send the password of {new.username!r}"
            )
        if moved:
            raise ConfigError(
                f"{key}: {REDACTED} stands for the password stored for {_destination(was)}, "
                f"not for {_destination(new)}: send the password again"
            )
        userinfo = was.netloc.rsplit("@", 1)[0]
        new = new._replace(netloc=userinfo + "@" + new.netloc.rsplit("@", 1)[1])
    if kind == "webhook" and new.path == "/" + REDACTED:
        if new.query or new.fragment:
            raise ConfigError(f"{key}: /{REDACTED} keeps the stored path and query: send no query with it")
        if was.path in ("", "/") and not was.query:
            raise ConfigError(f"{key}: /{REDACTED} keeps the stored path, and there is none: send it")
        if moved:
            raise ConfigError(
                f"{key}: /{REDACTED} stands for the path stored for {_destination(was)}, "
                f"not for {_destination(new)}: send the whole URL again"
            )
        new = new._replace(path=was.path, query=was.query, fragment=was.fragment)
    return urlunsplit(new)


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
