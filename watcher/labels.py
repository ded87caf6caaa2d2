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


#: the most characters a watch's labels take together, stored as ``,a,b,`` (the column's size)
MAX_LABELS_CHARS = 512


def check_labels(labels: Iterable[str]) -> list[str]:
    """The labels, each checked; empty ones dropped, each kept once in order; together they
    fit the column (on PostgreSQL a longer list was a raw driver error, on SQLite it was stored)."""
    found = list(dict.fromkeys(t for t in (check_label(x) for x in labels) if t))
    stored = sum(map(len, found)) + len(found) + 1 if found else 0
    if stored > MAX_LABELS_CHARS:
        raise InvalidLabelError(
            f"too many labels: {len(found)} labels take {stored} characters stored, "
            f"at most {MAX_LABELS_CHARS} (each with a comma around it)"
        )
    return found
