"""Deciding what one check means. Pure: no I/O, same inputs -> same intent.

::

    outcome (FetchResult | FetchError)
      -> error            : record the failure, back off
      -> 304              : not_modified, schedule next
      -> same raw bytes   : unchanged (no extraction at all)
      -> extract -> same fingerprint : unchanged (chrome-only change)
      -> extract -> stored by an older extractor, and the same once its page is read again
                    by this one : unchanged (the new fingerprint is kept)
      -> extract -> body shrank sharply, first seen : held (not stored; checked again soon)
      -> extract -> moved : new version + change record (analyse against the previous article)
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import zstandard

from watcher.errors import FetchError
from watcher.schedule import AgeStep, aged_interval, backoff_at, next_check_at
from watcher.types import Article, CheckIntent, Earlier, FetchResult, VersionIntent, Watch

_COMPRESSOR = zstandard.ZstdCompressor(level=3)  # level 6 cost 0.45 ms per 34 KB page for ~10% less


def unpack_snapshot(data: bytes) -> bytes:
    """A stored snapshot's page (as ``VersionIntent.snapshot_zstd`` packed it)."""
    return zstandard.ZstdDecompressor().decompressobj().decompress(data)


@dataclass(frozen=True, slots=True)
class SchedulePolicy:
    jitter: float
    max_backoff: timedelta
    ageing: tuple[AgeStep, ...] = ()  #: older articles are checked less often (service.ageing)
    confirm_drop: float = 0.0  #: see ``sharp_drop`` (0: off)
    confirm_after: timedelta = timedelta(minutes=5)

    def interval(self, watch: Watch, now: datetime) -> timedelta:
        """The watch's interval at its age (time since it was added), slowed by ``ageing``."""
        base = timedelta(seconds=watch.interval_seconds)
        return aged_interval(base, now - watch.created_at, self.ageing) if self.ageing else base


#: what a page with no article may need (a shell whose scripts write the article)
_RENDER_HINT = " (if scripts build it, have it rendered: watcher set URL --render)"
#: an RSS, Atom or RDF document (its XML declaration, comments and doctype before it): a feed
#: added as a watch, whose items would be read as one article's paragraphs
_FEED_DOCUMENT = re.compile(
    r"\ufeff?\s*(?:<\?xml[^>]*>\s*)?(?:<\?xml-stylesheet[^>]*>\s*)*(?:<!--.*?-->\s*)*(?:<!DOCTYPE[^>]*>\s*)?"
    r"<(?:rss|feed|rdf:RDF)\b",
    re.DOTALL | re.IGNORECASE,
)
_FEED_HINT = "a feed, not an article: to watch the articles it lists, use watcher feed add URL"
#: a body this long is held when it falls under ``confirm_drop`` of itself; a shorter one (a
#: news brief, which may well be rewritten whole) only when it falls under half of that, and
#: one under ``MIN_BRIEF_CHARS`` never
MIN_HELD_CHARS = 500
MIN_BRIEF_CHARS = 150


def sharp_drop(before: Article, after: Article, fraction: float) -> bool:
    """Whether ``after``'s body is under ``fraction`` of ``before``'s: more often a consent
    wall, a paywall or an error page served with status 200 than an edit. (A brief of 307
    characters replaced by a 60-character "Subscribe to continue reading" was stored, and
    alerted as every quote removed.)"""
    old = sum(map(len, before.paragraphs))
    if fraction <= 0 or old < MIN_BRIEF_CHARS:
        return False
    share = fraction if old >= MIN_HELD_CHARS else fraction / 2
    return sum(map(len, after.paragraphs)) < share * old


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _failed(
    watch: Watch,
    error: FetchError,
    *,
    now: datetime,
    policy: SchedulePolicy,
    rng: random.Random,
    elapsed_ms: float,
) -> CheckIntent:
    interval = policy.interval(watch, now)
    return CheckIntent(
        watch_id=watch.id,
        checked_at=now,
        outcome="error",
        next_check_at=backoff_at(
            now,
            interval,
            watch.consecutive_failures + 1,
            policy.max_backoff,
            rng,
            retry_after=error.retry_after,
        ),
        http_status=error.status,
        duration_ms=elapsed_ms,
        error=error.reason,
    )


def _confirms_hold(watch: Watch, now: datetime, interval: timedelta, policy: SchedulePolicy) -> bool:
    """Whether this check is the one that confirms a held drop: the last check was held, and
    not so long ago (a watch paused or a service stopped for days) that it says nothing now."""
    if watch.last_outcome != "held" or watch.last_checked_at is None:
        return False
    return now - watch.last_checked_at <= 2 * max(interval, policy.confirm_after)


def decide(
    watch: Watch,
    outcome: FetchResult | FetchError,
    *,
    previous: Callable[[], Article | None],
    now: datetime,
    policy: SchedulePolicy,
    rng: random.Random,
    elapsed_ms: float = 0.0,
    earlier: Callable[[str], Earlier] | None = None,
    last_seen: Callable[[], datetime | None] | None = None,
) -> CheckIntent:
    """The intent for one check. ``previous`` loads the last stored article as this release's
    extractor reads it (its stored page read again, if an older one stored it), only if needed;
    ``earlier`` what the versions before it were (given the new fingerprint), only for a
    change after the second version (to tell a change that goes back to one of them);
    ``last_seen`` when a check last saw the stored version, only for a change."""
    if isinstance(outcome, FetchError):
        return _failed(watch, outcome, now=now, policy=policy, rng=rng, elapsed_ms=elapsed_ms)
    interval = policy.interval(watch, now)
    common = {
        "watch_id": watch.id,
        "checked_at": now,
        "next_check_at": next_check_at(now, interval, policy.jitter, rng),
        "http_status": outcome.status,
        "duration_ms": outcome.elapsed_ms,
        "bytes": len(outcome.body),
        "etag": outcome.etag,
        "last_modified": outcome.last_modified,
        "seen_seq": watch.latest_seq,
    }
    if outcome.not_modified:
        # A 304 need not repeat the validators (RFC 9110 15.4.5): those it leaves out stay.
        common["etag"] = outcome.etag or watch.etag
        common["last_modified"] = outcome.last_modified or watch.last_modified
        return CheckIntent(outcome="not_modified", body_hash=watch.body_hash, **common)  # type: ignore[arg-type]
    digest = body_hash(outcome.body)
    if digest == watch.body_hash and watch.fingerprint:
        return CheckIntent(outcome="unchanged", body_hash=digest, **common)  # type: ignore[arg-type]
    if _FEED_DOCUMENT.match(outcome.text[:2000]):
        return _failed(
            watch,
            FetchError(_FEED_HINT, status=outcome.status),
            now=now,
            policy=policy,
            rng=rng,
            elapsed_ms=outcome.elapsed_ms,
        )
    # Imported here: a round of 304s and byte-identical pages never needs the (regex-heavy)
    # extraction and analysis modules, and start-up time is most of such a round.
    from watcher.analyse import analyse, first_change
    from watcher.extract import ExtractError, extract, fingerprint, is_current

    try:
        article = extract(outcome.text, outcome.final_url, outcome.fetched_at)
    except ExtractError as exc:
        return _failed(
            watch,
            FetchError(str(exc), status=outcome.status),
            now=now,
            policy=policy,
            rng=rng,
            elapsed_ms=outcome.elapsed_ms,
        )
    if not article.paragraphs and not article.title:
        return _failed(
            watch,
            FetchError(
                "no article found on the page" + ("" if watch.render else _RENDER_HINT), status=outcome.status
            ),
            now=now,
            policy=policy,
            rng=rng,
            elapsed_ms=outcome.elapsed_ms,
        )
    digest_article = fingerprint(article)
    if digest_article == watch.fingerprint:
        return CheckIntent(outcome="unchanged", body_hash=digest, **common)  # type: ignore[arg-type]
    before = previous() if watch.latest_seq else None
    if (  # stored by an older extractor: the stored page, read by this one, tells if it moved
        before is not None
        and watch.fingerprint
        and not is_current(watch.fingerprint)
        and fingerprint(before) == digest_article
    ):
        return CheckIntent(
            outcome="unchanged",
            body_hash=digest,
            fingerprint=digest_article,
            **common,  # type: ignore[arg-type]
        )
    seq = watch.latest_seq + 1
    if (
        before is not None
        and not _confirms_hold(watch, now, interval, policy)
        and sharp_drop(before, article, policy.confirm_drop)
    ):
        # not stored until the next check sees it too; the validators and hash stay those of the
        # stored version, so that next check gets the whole page again (or a 304 if it is back)
        soon = next_check_at(now, min(policy.confirm_after, interval), policy.jitter, rng)
        held = common | {"next_check_at": soon, "etag": watch.etag, "last_modified": watch.last_modified}
        return CheckIntent(outcome="held", body_hash=watch.body_hash, **held)  # type: ignore[arg-type]
    if before is None:
        change = first_change(article, seq)
    else:
        change = analyse(before, article, watch.latest_seq, seq, today=now.date())
        if earlier is not None and watch.latest_seq > 1:
            from watcher.analyse.reverts import with_reverts

            change = with_reverts(change, article.title, earlier(digest_article))
        if last_seen is not None:
            change = replace(change, previous_seen_at=last_seen())
    version = VersionIntent(
        seq=seq,
        article=article,
        fingerprint=digest_article,
        final_url=outcome.final_url,
        snapshot_hash=digest,
        snapshot_zstd=_COMPRESSOR.compress(outcome.body),
        snapshot_size=len(outcome.body),
        content_type=outcome.content_type,
    )
    return CheckIntent(
        outcome="new" if before is None else "changed",
        body_hash=digest,
        version=version,
        change=change,
        **common,  # type: ignore[arg-type]
    )
