"""Value objects shared by every layer. Stdlib only; frozen; datetimes are aware UTC."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class ChangeKind(StrEnum):
    """The change-record vocabulary (see the README, 'The change record')."""

    FIRST_VERSION = "first_version"
    TITLE_CHANGED = "title_changed"
    BYLINE_CHANGED = "byline_changed"
    PUBLISHED_CHANGED = "published_changed"
    UPDATED_CHANGED = "updated_changed"
    TEXT_ADDED = "text_added"
    TEXT_REMOVED = "text_removed"
    TEXT_CHANGED = "text_changed"
    TEXT_MOVED = "text_moved"
    QUOTE_ADDED = "quote_added"
    QUOTE_REMOVED = "quote_removed"
    QUOTE_ALTERED = "quote_altered"
    DATE_ADDED = "date_added"
    DATE_REMOVED = "date_removed"
    CORRECTION_ADDED = "correction_added"


KIND_ORDER: tuple[str, ...] = tuple(k.value for k in ChangeKind)
#: Verdicts on a whole change (booleans of the record), usable wherever a kind filters changes.
FLAG_KINDS: tuple[str, ...] = ("stealth_edit", "timestamp_only", "reverted")
#: What a change filter or an alert rule may name: the kinds, then the verdicts.
FILTER_KINDS: tuple[str, ...] = KIND_ORDER + FLAG_KINDS
#: a watch's state: checked on schedule, paused by hand, or stopped by the service (service.stop_after_*)
WATCH_STATUSES: tuple[str, ...] = ("active", "paused", "stopped")


@dataclass(frozen=True, slots=True)
class StatedTime:
    """One place where the page states a time: which kind, where, and what it says."""

    kind: str  #: "published" or "updated"
    source: str  #: "visible", "visible-time", "meta", "jsonld", "time-element"
    value: str  #: aware UTC ISO 8601, "YYYY-MM-DDTHH:MM:SSZ"
    precise: bool  #: True when a time of day was stated, False for a bare date
    raw: str = ""  #: the text or attribute it came from
    #: read as UTC for want of a zone (a visible time on a page telling none); never stored
    zone_guessed: bool = field(default=False, compare=False)


@dataclass(frozen=True, slots=True)
class Article:
    """What the extractor found on a page. Paragraphs are whitespace-normalised text."""

    title: str
    byline: str
    paragraphs: tuple[str, ...]
    published_at: str | None = None  #: chosen stated publication time (UTC ISO) or None
    updated_at: str | None = None  #: chosen stated update time (UTC ISO) or None
    stated_times: tuple[StatedTime, ...] = ()
    updated_source: str | None = None  #: which source won for updated_at, and why
    language: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation in the body: its words, the paragraph it starts in, its speaker if named."""

    text: str
    paragraph: int
    speaker: str | None = None


@dataclass(frozen=True, slots=True)
class BodyDate:
    """A date the body mentions, resolved to ISO ``YYYY-MM-DD``."""

    iso: str
    raw: str
    paragraph: int


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A finished HTTP exchange: a page (decoded) or a 304."""

    url: str
    final_url: str
    status: int
    fetched_at: datetime
    elapsed_ms: float
    etag: str | None = None
    last_modified: str | None = None
    body: bytes = b""
    text: str = ""
    content_type: str = ""
    not_modified: bool = False


#: how times are written in records: UTC, to the second
_UTC = "%Y-%m-%dT%H:%M:%SZ"


@dataclass(frozen=True, slots=True)
class Change:
    """The change record between two versions (the contract in the README, 'The change record')."""

    kinds: tuple[str, ...]
    from_version: int | None
    to_version: int
    title: dict[str, str | None] | None = None
    byline: dict[str, str | None] | None = None
    published: dict[str, str | None] | None = None
    updated: dict[str, str | None] | None = None
    quotes: dict[str, list[Any]] = field(default_factory=dict)
    dates: dict[str, list[str]] = field(default_factory=dict)
    text: dict[str, int] = field(default_factory=dict)
    minor_edits: tuple[tuple[str, str], ...] = ()
    figures: tuple[tuple[str, str], ...] = ()  #: figures replaced in changed paragraphs
    corrections: tuple[str, ...] = ()
    stealth_edit: bool = False
    timestamp_only: bool = False
    #: the article is again as it was in this earlier version (before ``from_version``): a
    #: headline put back after a test, an edit taken back
    reverts_to: int | None = None
    #: the new title is the one an earlier version (before ``from_version``) had
    title_reverts_to: int | None = None
    #: the last time a check saw ``from_version`` still served: the edit was made between then
    #: and the check that found it (None: a first version, or no such check is kept)
    previous_seen_at: datetime | None = None

    @property
    def reverted(self) -> bool:
        return self.reverts_to is not None

    def as_record(self) -> dict[str, Any]:
        """The JSON-ready body of the record (without id/watch/detected_at, added by storage)."""
        return {
            "from_version": self.from_version,
            "to_version": self.to_version,
            "kinds": list(self.kinds),
            "title": self.title,
            "byline": self.byline,
            "published": self.published,
            "updated": self.updated,
            "quotes": self.quotes,
            "dates": self.dates,
            "text": self.text,
            "minor_edits": [list(m) for m in self.minor_edits],
            "figures": [list(f) for f in self.figures],
            "corrections": list(self.corrections),
            "stealth_edit": self.stealth_edit,
            "timestamp_only": self.timestamp_only,
            "reverted": self.reverted,
            "reverts_to": self.reverts_to,
            "title_reverts_to": self.title_reverts_to,
            "previous_seen_at": self.previous_seen_at.strftime(_UTC) if self.previous_seen_at else None,
        }


@dataclass(frozen=True, slots=True)
class Earlier:
    """What the versions before a change's ``from_version`` were, as the store finds them
    (for ``watcher.analyse.reverts``)."""

    same_article: int | None  #: the latest one with the new version's fingerprint
    titles: tuple[tuple[int, str], ...] = ()  #: (latest seq, title) of each title they had


@dataclass(frozen=True, slots=True)
class Watch:
    """A tracked article URL and its schedule state."""

    id: int
    url: str
    labels: tuple[str, ...]
    interval_seconds: int
    jitter_seconds: int
    active: bool
    status: str
    created_at: datetime
    next_check_at: datetime | None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    fingerprint: str | None = None
    latest_seq: int = 0
    title: str = ""
    last_checked_at: datetime | None = None
    last_changed_at: datetime | None = None
    last_outcome: str | None = None
    last_error: str | None = None
    consecutive_failures: int = 0
    checks_without_change: int = 0
    render: bool = False  #: run the page's scripts in a browser before reading it


@dataclass(frozen=True, slots=True)
class Version:
    """One stored version of a watch's article."""

    watch_id: int
    seq: int
    fetched_at: datetime
    final_url: str
    article: Article
    fingerprint: str
    snapshot_hash: str | None
    size: int = 0
    content_type: str | None = None  #: as this fetch was served; None: stored before it was kept


@dataclass(frozen=True, slots=True)
class VersionIntent:
    """A version decided on, not yet written."""

    seq: int
    article: Article
    fingerprint: str
    final_url: str
    snapshot_hash: str
    snapshot_zstd: bytes
    snapshot_size: int
    content_type: str


@dataclass(frozen=True, slots=True)
class CheckIntent:
    """Everything one check decided to persist, written in one transaction."""

    watch_id: int
    checked_at: datetime
    outcome: str  #: "new", "changed", "unchanged", "not_modified", "held", "error", "not_stored"
    next_check_at: datetime
    http_status: int | None = None
    duration_ms: float = 0.0
    bytes: int = 0
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    version: VersionIntent | None = None
    change: Change | None = None
    #: the stored article's fingerprint by this extractor, when only the extractor changed
    fingerprint: str | None = None
    #: the watch's latest version when this check was decided: what it saw of the page
    #: (validators, body hash, fingerprint) is written only if no version was stored since
    seen_seq: int = 0


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What a check did, as reported to the user."""

    watch_id: int
    url: str
    outcome: str
    checked_at: datetime
    http_status: int | None
    duration_ms: float
    bytes: int
    version: int | None
    error: str | None
    kinds: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "watch_id": self.watch_id,
            "url": self.url,
            "outcome": self.outcome,
            "checked_at": self.checked_at.strftime(_UTC),
            "http_status": self.http_status,
            "ms": round(self.duration_ms, 1),
            "bytes": self.bytes,
            "version": self.version,
            "error": self.error,
            "kinds": list(self.kinds),
        }
