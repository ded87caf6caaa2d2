"""Whether a change goes back to an earlier version. Pure: the change and what the earlier
versions were in, the change with ``reverts_to`` / ``title_reverts_to`` out.

Newsrooms test headlines (two or three served in turn, the winner kept) and take edits back.
Each swing is a real change of the page, so it is stored and recorded, but a reader of the
record should see at once that the page went back to something already seen, and an alert
rule should be able to leave such swings out (the ``reverted`` verdict).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from watcher.extract import canonical
from watcher.types import Change

#: (seq, fingerprint, title) of a stored version
Earlier = tuple[int, str, str]


def with_reverts(change: Change, fingerprint: str, title: str, earlier: Iterable[Earlier]) -> Change:
    """``change`` with the latest earlier version the new one equals in full (same
    fingerprint: title, byline, stated times and text) and, when the title changed, the latest
    one that had the new title. Only versions before ``change.from_version`` count: the one
    just before is what the change is measured against."""
    if change.from_version is None:
        return change
    same_article: int | None = None
    same_title: int | None = None
    key = canonical(title) if change.title is not None else None
    for seq, digest, old_title in sorted(earlier, reverse=True):
        if seq >= change.from_version:
            continue
        if same_article is None and digest == fingerprint:
            same_article = seq
        if same_title is None and key is not None and canonical(old_title) == key:
            same_title = seq
        if same_article is not None and (same_title is not None or key is None):
            break
    if same_article is None and same_title is None:
        return change
    return replace(change, reverts_to=same_article, title_reverts_to=same_title)
