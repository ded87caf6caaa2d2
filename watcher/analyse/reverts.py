"""Whether a change goes back to an earlier version. Pure: the change and what the earlier
versions were, the change with ``reverts_to`` / ``title_reverts_to`` out.

Newsrooms test headlines (two or three served in turn, the winner kept) and take edits back.
Each swing is a real change of the page, so it is stored and recorded, but a reader of the
record should see at once that the page went back to something already seen, and an alert
rule should be able to leave such swings out (the ``reverted`` verdict).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from watcher.extract import canonical
from watcher.types import Change, Earlier


def with_reverts(change: Change, title: str, earlier: Earlier) -> Change:
    """``change`` with the latest earlier version the new one equals in full (same
    fingerprint: title, byline, stated published and updated times, text) and, when the title
    changed, the latest one that had the new title (compared as ``title_changed`` compares).
    Only versions before ``change.from_version`` count: the one just before is what the change
    is measured against."""
    if change.from_version is None:
        return change
    same_article = earlier.same_article
    if same_article is not None and same_article >= change.from_version:
        same_article = None
    same_title = None
    if change.title is not None:
        key = canonical(title)
        same_title = max(
            (seq for seq, old in _before(earlier.titles, change.from_version) if canonical(old) == key),
            default=None,
        )
    if same_article is None and same_title is None:
        return change
    return replace(change, reverts_to=same_article, title_reverts_to=same_title)


def _before(titles: Iterable[tuple[int, str]], seq: int) -> Iterable[tuple[int, str]]:
    return ((s, t) for s, t in titles if s < seq)
