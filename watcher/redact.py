"""URLs as watcher shows them: a password is ``***``, the user name stays. Pure.

A watch or feed URL may carry ``user:password@`` (sent as Basic auth), a channel's SMTP URL
too. The URL is stored and used as given; everything that shows one (CLI output and
``--json``, the API, the pages, service logs, alerts, error messages) shows
``redact_url(url)``. What was shown is taken back where a URL names a watch or a feed:
``hides_password`` tells such a URL, and the store finds the URL it was shown for.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit, urlunsplit

T = TypeVar("T")
REDACTED = "***"
#: keys of the documents watcher shows (JSON output, API bodies, webhook payloads, log
#: fields) whose value is a watch's or feed's URL: ``redact_urls`` hides their passwords
URL_KEYS = frozenset({"url", "final_url"})


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


def hides_password(url: str) -> bool:
    """Whether ``url`` has ``***`` for its password, as ``redact_url`` shows one."""
    try:
        return urlsplit(url).password == REDACTED
    except ValueError:
        return False


def around_password(shown: str) -> tuple[str, str]:
    """What a URL shown as ``shown`` starts with (up to the ``:`` before its password) and
    ends with (from the ``@`` after it): the stored URLs ``shown`` may stand for."""
    head, _, tail = shown.partition(f":{REDACTED}@")
    return head + ":", "@" + tail


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
