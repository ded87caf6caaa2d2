"""URLs as watcher shows them: a password is ``***``, the user name stays, and so is the
value of a query parameter named as a secret (``?token=***``, ``&api_key=***``). Pure.

A watch or feed URL may carry ``user:password@`` (sent as Basic auth), a channel's SMTP URL
too; a subscriber's feed or article URL often carries its key in the query string. The URL is
stored and used as given; everything that shows one (CLI output and ``--json``, the API, the
pages, service logs, alerts, error messages) shows ``redact_url(url)``. What was shown is
taken back where a URL names a watch or a feed: ``hides_secret`` tells such a URL,
``around_secrets`` what the stored URLs it may stand for start and end with, and the store
finds the URL it was shown for.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from urllib.parse import unquote, urlsplit, urlunsplit

T = TypeVar("T")
REDACTED = "***"
#: keys of the documents watcher shows (JSON output, API bodies, webhook payloads, log
#: fields) whose value is a watch's or feed's URL: ``redact_urls`` hides their passwords
URL_KEYS = frozenset({"url", "final_url"})
#: the name of a query (or ``;`` path) parameter whose value is a secret: any name holding
#: password, passphrase, secret, token, pwd, api key, signature, credential or session; or
#: pass, key, sig, sid, auth on their own or at the end of a name (``access_key``,
#: ``X-Amz-Signature``, ``jsessionid``). A harmless ``?key=`` is hidden too: shown ``***``, it
#: still names its watch.
SECRET_NAME = re.compile(
    r"passw|passphrase|secret|token|pwd|api[_-]?key|signature|credential|session"
    r"|(?:^|[_.-])(?:pass|key|sig|sid|auth|authorization)$",
    re.IGNORECASE,
)
#: one parameter of the path (``;name=value``) or, after the ``?``, of the query
_PATH_PARAM = re.compile(r"(?P<head>;(?P<name>[^=;/?]*)=)(?P<value>[^;/?]*)")
_QUERY_PARAM = re.compile(r"(?P<head>(?:^|[&;])(?P<name>[^=&;]*)=)(?P<value>[^&;]*)")


def _params(url: str) -> list[tuple[re.Pattern[str], str]]:
    """The URL before any ``#``, cut in two: (pattern, part) for its path and its query."""
    path, mark, query = url.partition("#")[0].partition("?")
    return [(_PATH_PARAM, path + mark), (_QUERY_PARAM, query)]


def redact_url(url: str) -> str:
    """The URL with any password, and the value of any parameter named as a secret (see
    ``SECRET_NAME``), replaced by ***."""
    return redact_params(_hide_password(url))


def redact_params(url: str) -> str:
    """The URL (before any ``#``) with the values of secret parameters shown as ***."""
    if "=" not in url:
        return url
    hash_, fragment = url.partition("#")[1:]
    return "".join(pattern.sub(_shown_param, part) for pattern, part in _params(url)) + hash_ + fragment


def _is_secret(m: re.Match[str]) -> bool:
    """Whether a parameter (a ``_PATH_PARAM`` or ``_QUERY_PARAM`` match) is named as a secret."""
    return SECRET_NAME.search(unquote(m["name"])) is not None


def _shown_param(m: re.Match[str]) -> str:
    return m["head"] + REDACTED if m["value"] and _is_secret(m) else m[0]


def _hide_password(url: str) -> str:
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:  # not a URL urlsplit can read: hide everything between :// and @
        return re.sub(r"(?<=://)[^/]*@", REDACTED + "@", url)
    if password is None:
        return _hide_unescaped_password(url, parts.scheme, parts.netloc)
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:{REDACTED}@{netloc}"))


def _hide_unescaped_password(url: str, scheme: str, netloc: str) -> str:
    """A password with an unescaped ``/``, ``?`` or ``#`` in it (``http://alice:pw/1@host/``)
    ends the host where it stands, so the URL reads as a host with a port that is no number;
    the URL is refused, and the error repeating it must not show the secret."""
    user, colon, port = netloc.partition(":")
    if not colon or not port or port.isdigit() or netloc.startswith("["):
        return url  # (no such port: a plain URL, its "@"s in the path or query)
    start = len(scheme) + 3 + len(user) + 1
    at = url.rfind("@", start)
    return url if at < 0 else f"{url[:start]}{REDACTED}{url[at:]}"


def hides_secret(url: str) -> bool:
    """Whether ``url`` has ``***`` for its password or for a secret parameter's value, as
    ``redact_url`` shows them."""
    try:
        if urlsplit(url).password == REDACTED:
            return True
    except ValueError:
        return False
    params = (m for pattern, part in _params(url) for m in pattern.finditer(part))
    return any(m["value"] == REDACTED and _is_secret(m) for m in params)


def around_secrets(shown: str) -> tuple[str, str]:
    """What a URL shown as ``shown`` starts with (up to its first ``***``) and ends with (from
    its last): the stored URLs ``shown`` may stand for, to be read and shown again."""
    pieces = shown.split(REDACTED)
    return pieces[0], pieces[-1]


def redact_urls(doc: T) -> T:
    """A copy of ``doc`` (JSON-like: dicts, lists, values) with every string under a ``url``
    or ``final_url`` key shown by ``redact_url``; the rest as it is."""
    return cast(T, _redacted(doc))


def _redacted(doc: Any) -> Any:
    if isinstance(doc, Mapping):
        return {
            k: redact_url(v) if k in URL_KEYS and isinstance(v, str) else _redacted(v) for k, v in doc.items()
        }
    if isinstance(doc, list | tuple):
        return [_redacted(v) for v in doc]
    return doc
