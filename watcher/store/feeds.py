"""Feed rows: which feeds are polled, when next, and what their last poll said."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from watcher.errors import NotFoundError, WatchExistsError
from watcher.redact import hides_secret, redact_url
from watcher.store.schema import feeds, readable
from watcher.store.sql import MAX_ID, join_list, rows_shown_as, split_list


@dataclass(frozen=True, slots=True)
class Feed:
    id: int
    url: str
    labels: tuple[str, ...]
    interval_seconds: int
    watch_every_seconds: int
    active: bool
    next_poll_at: datetime | None
    last_polled_at: datetime | None
    etag: str | None
    last_modified: str | None
    last_error: str | None
    render: bool = False  #: the articles it adds are watched with ``render``


def _feed(row: Any) -> Feed:
    m = readable(row, f"feeds, id {row.id}")
    return Feed(
        id=m["id"],
        url=m["url"],
        labels=split_list(m["labels"]),
        interval_seconds=m["interval_seconds"],
        watch_every_seconds=m["watch_every_seconds"],
        active=bool(m["active"]),
        next_poll_at=m["next_poll_at"],
        last_polled_at=m["last_polled_at"],
        etag=m["etag"],
        last_modified=m["last_modified"],
        last_error=m["last_error"],
        render=bool(m["render"]),
    )


def add_feed(
    engine: Engine,
    *,
    url: str,
    labels: list[str],
    interval_seconds: int,
    watch_every_seconds: int,
    now: datetime,
    render: bool = False,
) -> Feed:
    try:
        with engine.begin() as conn:
            conn.execute(
                insert(feeds).values(
                    url=url,
                    labels=join_list(labels),
                    interval_seconds=interval_seconds,
                    watch_every_seconds=watch_every_seconds,
                    active=True,
                    created_at=now,
                    next_poll_at=now,
                    render=render,
                )
            )
    except IntegrityError as exc:
        raise WatchExistsError(f"feed already added: {redact_url(url)}") from exc
    return get_feed(engine, url)


def get_feed(engine: Engine, url: str) -> Feed:
    """A feed by its id (as ``watcher feed list`` shows it), its URL, or the URL as watcher
    shows it (a password or token ``***``)."""
    with engine.connect() as conn:
        if url.isdigit():
            if not 0 < int(url) <= MAX_ID:
                raise NotFoundError(f"no such feed: {url}")
            row = conn.execute(select(feeds).where(feeds.c.id == int(url))).first()
        else:
            row = conn.execute(select(feeds).where(feeds.c.url == url)).first()
        if row is None and hides_secret(url):
            found = rows_shown_as(conn, feeds, url)
            if len(found) > 1:
                raise NotFoundError(
                    f"{url} stands for {len(found)} feeds (their hidden passwords or keys differ): "
                    "give its full URL"
                )
            row = found[0] if found else None
    if row is None:
        raise NotFoundError(f"no such feed: {redact_url(url)}")
    return _feed(row)


def list_feeds(engine: Engine) -> list[Feed]:
    with engine.connect() as conn:
        return [_feed(r) for r in conn.execute(select(feeds).order_by(feeds.c.id))]


def remove_feed(engine: Engine, url: str) -> Feed:
    feed = get_feed(engine, url)
    with engine.begin() as conn:
        conn.execute(feeds.delete().where(feeds.c.id == feed.id))
    return feed


def due_feeds(engine: Engine, now: datetime) -> list[Feed]:
    q = select(feeds).where(
        feeds.c.active.is_(True), or_(feeds.c.next_poll_at.is_(None), feeds.c.next_poll_at <= now)
    )
    with engine.connect() as conn:
        return [_feed(r) for r in conn.execute(q.order_by(feeds.c.next_poll_at))]


def record_poll(
    engine: Engine,
    feed_id: int,
    *,
    now: datetime,
    next_poll_at: datetime,
    error: str | None,
    etag: str | None = None,
    last_modified: str | None = None,
) -> None:
    values: dict[str, Any] = {"last_polled_at": now, "next_poll_at": next_poll_at, "last_error": error}
    if error is None:
        values.update(etag=etag, last_modified=last_modified)
    with engine.begin() as conn:
        conn.execute(update(feeds).where(feeds.c.id == feed_id).values(**values))
