"""Labels a watch is filed under. Pure.

A watch's labels are stored in one column as ``,a,b,`` (``store.sql.join_list``) and a label
filter looks for ``,a,``: a label with a comma in it would be stored as two, and a filter or
an alert rule naming it could never match. Such a label is refused wherever one is given.
"""

from __future__ import annotations

from collections.abc import Iterable

from watcher.errors import InvalidLabelError

#: the longest label, wherever one is given (the command line, feeds, rules, the API, the pages)
MAX_LABEL = 128


def check_label(label: str) -> str:
    """``label`` without surrounding spaces, or InvalidLabelError."""
    text = label.strip()
    if len(text) > MAX_LABEL:
        raise InvalidLabelError(f"invalid label {label[:40]!r}...: a label is at most {MAX_LABEL} characters")
    if "," in text:
        raise InvalidLabelError(f"invalid label {label!r}: a label cannot contain a comma")
    if "\x00" in text:
        raise InvalidLabelError(f"invalid label {label!r}: a label cannot contain a NUL character")
    return text


def check_labels(labels: Iterable[str]) -> list[str]:
    """The labels, each checked; empty ones dropped, each kept once in order."""
    return list(dict.fromkeys(t for t in (check_label(x) for x in labels) if t))
