"""Read queries the pages and API need beyond ``SqlStore``: light listings and counts.

The watch page lists every version; loading each version's paragraphs for that would cost
most of the render time, so the listing selects only the columns it shows.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, and_, func, select

from watcher.redact import redact_urls
from watcher.shapes import watch_json
from watcher.store.schema import changes, versions, watches
from watcher.store.sql import change_conditions, iso, repeats
from watcher.types import Watch

if TYPE_CHECKING:
    from watcher.app import Watcher


@dataclass(frozen=True, slots=True)
class VersionRow:
    seq: int
    fetched_at: datetime
    title: str
    published_at: str | None
    updated_at: str | None
    size: int
    snapshot_hash: str | None
    same_as: int | None = None  #: the latest earlier version this one repeats in full

    def as_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "fetched_at": iso(self.fetched_at),
            "title": self.title,
            "published_at": self.published_at,
            "updated_at": self.updated_at,
            "size": self.size,
            "snapshot": self.snapshot_hash,
            "same_as": self.same_as,
        }


def version_rows(
    engine: Engine, watch_id: int, *, limit: int | None = None, offset: int = 0
) -> list[VersionRow]:
    c = versions.c
    q = (
        select(
            c.seq, c.fetched_at, c.title, c.published_at, c.updated_at, c.size, c.snapshot_hash, c.fingerprint
        )
        .where(c.watch_id == watch_id)
        .order_by(c.seq)
    )
    if limit is not None:
        q = q.limit(limit).offset(offset)
    with engine.connect() as conn:
        rows = conn.execute(q).all()
        seen: dict[str, int] = {}
        if rows and offset:  # (a page further on may repeat a version on an earlier page)
            before = (
                select(c.fingerprint, func.max(c.seq))
                .where(
                    c.watch_id == watch_id,
                    c.seq < rows[0].seq,
                    c.fingerprint.in_({r.fingerprint for r in rows}),
                )
                .group_by(c.fingerprint)
            )
            seen = {fp: int(seq) for fp, seq in conn.execute(before)}
    same = repeats(((r.seq, r.fingerprint) for r in rows), seen)
    return [
        VersionRow(
            r.seq,
            r.fetched_at,
            r.title,
            r.published_at,
            r.updated_at,
            r.size,
            r.snapshot_hash,
            same.get(r.seq),
        )
        for r in rows
    ]


def count_versions(engine: Engine, watch_id: int) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).where(versions.c.watch_id == watch_id)) or 0)


def count_changes(
    engine: Engine,
    *,
    watch_id: int | None = None,
    kind: str | None = None,
    label: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> int:
    conds = change_conditions(watch_id=watch_id, kind=kind, label=label, since=since, until=until)
    q = (
        select(func.count())
        .select_from(changes.join(watches, watches.c.id == changes.c.watch_id))
        .where(and_(*conds))
    )
    with engine.connect() as conn:
        return int(conn.scalar(q) or 0)


def all_labels(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        stored = conn.scalars(select(watches.c.labels).distinct())
        return sorted({label for value in stored for label in (value or "").split(",") if label})


def history_json(watcher: Watcher, watch: Watch, *, indent: int | None = None) -> Iterator[bytes]:
    """The whole history of a watch as one JSON document, in pieces: the watch, every version
    in full, every change (the API's ``export.json`` and ``watcher export``), secrets in URLs
    hidden. The versions are read and written a page at a time, so an export of tens of
    thousands of them holds one page in memory, not the whole document."""

    def dumps(value: Any) -> str:
        return json.dumps(redact_urls(value), ensure_ascii=False, indent=indent)

    pad = "" if indent is None else "\n"
    yield f'{{{pad}"watch": {dumps(watch_json(watch))},{pad}"versions": ['.encode()
    for k, version in enumerate(watcher.store.iter_versions(watch.id)):
        yield f"{',' if k else ''}{pad}{dumps(watcher.version_detail(version))}".encode()
    yield f'{pad}],{pad}"changes": ['.encode()
    for k, change in enumerate(watcher.store.iter_changes(watch.id)):
        yield f"{',' if k else ''}{pad}{dumps(change)}".encode()
    yield f"{pad}]{pad}}}{pad}".encode()
