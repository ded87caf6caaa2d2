"""``SqlStore``: every query watcher makes, mapped to and from the value objects in types.

One ``apply`` call writes a batch of check results in one transaction: the check rows, any
new snapshot, version and change, the alert outbox rows for that change, and the watches'
new schedule. Nothing is half-written.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Integer,
    and_,
    bindparam,
    false,
    func,
    insert,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from watcher.errors import (
    NotFoundError,
    StorageError,
    VersionNotFoundError,
    WatchExistsError,
    WatchNotFoundError,
)
from watcher.redact import around_secrets, hides_secret, redact_url
from watcher.store import migrate, outbox
from watcher.store.engine import driver_message, make_engine, use_wal
from watcher.store.engine import redact_url as redact_db_url
from watcher.store.schema import (
    changes,
    checks,
    damaged_row,
    dismissed,
    readable,
    snapshots,
    versions,
    watches,
)
from watcher.types import FLAG_KINDS, Article, CheckIntent, Earlier, StatedTime, Version, Watch


def join_list(items: Iterable[str]) -> str:
    """Store a list as ",a,b," (empty list: "")."""
    items = [i.strip() for i in items if i.strip()]
    return "," + ",".join(items) + "," if items else ""


def repeats(versions: Iterable[tuple[int, str]], seen: dict[str, int] | None = None) -> dict[int, int]:
    """For each (seq, fingerprint), in order of seq, that repeats an earlier version in full,
    the latest such earlier version (``seen``: the latest seq of fingerprints before these)."""
    last = dict(seen or {})
    same: dict[int, int] = {}
    for seq, fingerprint in versions:
        if fingerprint in last:
            same[seq] = last[fingerprint]
        last[fingerprint] = seq
    return same


def split_list(value: str | None) -> tuple[str, ...]:
    return tuple(v for v in (value or "").split(",") if v)


def iso(dt: datetime | None) -> str | None:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ") if dt else None


def watch_from_row(row: Any) -> Watch:
    m = readable(row, f"watches, id {row.id}")
    return Watch(
        id=m["id"],
        url=m["url"],
        labels=split_list(m["labels"]),
        interval_seconds=m["interval_seconds"],
        jitter_seconds=m["jitter_seconds"],
        active=bool(m["active"]),
        status=m["status"],
        created_at=m["created_at"],
        next_check_at=m["next_check_at"],
        etag=m["etag"],
        last_modified=m["last_modified"],
        body_hash=m["body_hash"],
        fingerprint=m["fingerprint"],
        latest_seq=m["latest_seq"],
        title=m["title"],
        last_checked_at=m["last_checked_at"],
        last_changed_at=m["last_changed_at"],
        last_outcome=m["last_outcome"],
        last_error=m["last_error"],
        consecutive_failures=m["consecutive_failures"],
        checks_without_change=m["checks_without_change"],
        render=bool(m["render"]),
    )


def article_from_row(m: Any) -> Article:
    return Article(
        title=m["title"],
        byline=m["byline"],
        paragraphs=tuple(m["paragraphs"]),
        published_at=m["published_at"],
        updated_at=m["updated_at"],
        stated_times=tuple(StatedTime(**s) for s in m["stated_times"]),
        updated_source=m["updated_source"],
        language=m["language"],
    )


def version_from_row(row: Any) -> Version:
    what = f"versions, watch {row.watch_id} version {row.seq}"
    m = readable(row, what)
    try:
        article = article_from_row(m)
    except (TypeError, ValueError, KeyError) as exc:  # (JSON, but not an article's)
        raise damaged_row(what, f"its paragraphs or stated_times are not an article's: {exc}") from None
    return Version(
        watch_id=m["watch_id"],
        seq=m["seq"],
        fetched_at=m["fetched_at"],
        final_url=m["final_url"],
        article=article,
        fingerprint=m["fingerprint"],
        snapshot_hash=m["snapshot_hash"],
        size=m["size"],
        content_type=m.get("content_type"),
    )


def change_from_row(row: Any) -> dict[str, Any]:
    what = f"changes, id {row.id}"
    m = readable(row, what)
    if not isinstance(m["record"], dict):
        raise damaged_row(what, "its record is not a JSON object")
    record = dict(m["record"])
    return {
        "id": m["id"],
        "watch": {"id": m["watch_id"], "url": m["url"]},
        "detected_at": iso(m["detected_at"]),
        **record,
    }


def rows_shown_as(conn: Connection, table: Any, shown: str) -> list[Any]:
    """The rows of ``table`` (watches, feeds) whose ``url`` watcher shows as ``shown``, a URL
    whose password or secret parameters are ``***``: what ``list`` printed names the watch it
    was printed for."""
    head, tail = around_secrets(shown)
    url = table.c.url
    q = select(table).where(url.startswith(head, autoescape=True), url.endswith(tail, autoescape=True))
    return [r for r in conn.execute(q.order_by(table.c.id)) if redact_url(r.url) == shown]


#: the largest id or version number the schema holds (INTEGER on PostgreSQL)
MAX_ID = 2**31 - 1


class _Position(FunctionElement[int]):
    """Where a string first stands in another (1-based, 0 if nowhere), case and all: SQLite's
    LIKE ignores the case of ASCII letters, PostgreSQL's does not."""

    type = Integer()
    inherit_cache = True


@compiles(_Position)
def _position(element: _Position, compiler: Any, **kw: Any) -> str:
    return f"strpos({compiler.process(element.clauses, **kw)})"


@compiles(_Position, "sqlite")
@compiles(_Position, "mysql")
@compiles(_Position, "mariadb")
def _position_instr(element: _Position, compiler: Any, **kw: Any) -> str:
    return f"instr({compiler.process(element.clauses, **kw)})"


def has_label(label: str) -> Any:
    """The condition "the watch has this label", the label matched as written, on every
    database (``POLITICS`` is not ``politics``, ``%`` and ``_`` are no wildcards), as alert
    rules match it; a label with a comma is no watch's (watcher.labels), though ``,a,b,``
    holds "a,b"."""
    if "," in label:
        return false()
    return _Position(watches.c.labels, f",{label},") > 0


def change_conditions(
    *,
    watch_id: int | None = None,
    kind: str | None = None,
    label: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    before: int | None = None,
) -> list[Any]:
    """WHERE conditions on changes (joined with watches) for the usual filters; ``before``: only
    changes of a lower id (older), a cursor that stays right while new changes come in."""
    conds: list[Any] = []
    if before is not None:
        conds.append(changes.c.id < before)
    if watch_id is not None:
        conds.append(changes.c.watch_id == watch_id)
    if kind in FLAG_KINDS:  # a verdict, kept in the record rather than in the kinds column
        conds.append(changes.c.record[kind].as_boolean() == true())
    elif kind:
        conds.append(changes.c.kinds.contains(f",{kind},", autoescape=True))
    if label:
        conds.append(has_label(label))
    if since:
        conds.append(changes.c.detected_at >= since)
    if until:
        conds.append(changes.c.detected_at < until)
    return conds


class SqlStore:
    """Storage on any SQLAlchemy database watcher supports (SQLite, PostgreSQL)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def shown_url(self) -> str:
        """The database URL without its secrets."""
        return redact_db_url(self.engine.url.render_as_string(hide_password=False))

    def close(self) -> None:
        self.engine.dispose()

    # -- schema ---------------------------------------------------------------------------
    def upgrade(self) -> None:
        try:
            migrate.ensure_known(self.engine)
            use_wal(self.engine)
            migrate.upgrade(self.engine)
        except (OperationalError, ProgrammingError) as exc:
            raise StorageError(
                f"cannot upgrade {self.shown_url}: {driver_message(exc, self.engine.url)}"
            ) from exc

    def ensure_schema(self) -> None:
        """Upgrade when the database is behind the code (a new, empty database included);
        refuse one this release cannot upgrade, as it found it."""
        try:
            revision = migrate.ensure_known(self.engine)
            use_wal(self.engine)
            if revision != migrate.HEAD:
                migrate.upgrade(self.engine)
        except (OperationalError, ProgrammingError) as exc:
            why = driver_message(exc, self.engine.url)
            raise StorageError(f"cannot open {self.shown_url}: {why}{self._read_only_hint()}") from exc

    def _read_only_hint(self) -> str:
        """Why SQLite may not open a file it can read: its folder (or the file) cannot be
        written, and a database in WAL mode keeps its ``-wal`` and ``-shm`` files beside it."""
        name = self.engine.url.database if self.engine.url.get_backend_name() == "sqlite" else None
        if not name or name == ":memory:" or self.engine.url.query.get("uri"):
            return ""
        path = Path(name).expanduser()
        if not path.is_file() or (os.access(path.parent, os.W_OK) and os.access(path, os.W_OK)):
            return ""
        return (
            f" (the file or its folder is read-only, and SQLite writes {path.name}-wal and {path.name}-shm "
            f"beside it; to read it as it is, use sqlite:///file:{path}?immutable=1&uri=true)"
        )

    # -- watches --------------------------------------------------------------------------
    def add_watches(self, rows: Sequence[dict[str, Any]]) -> list[Watch]:
        """Insert watches (dicts of column values). Raises WatchExistsError on a duplicate URL."""
        if not rows:
            return []
        urls = [r["url"] for r in rows]
        with self.engine.begin() as conn:
            existing = set(conn.scalars(select(watches.c.url).where(watches.c.url.in_(urls))))
            if existing:
                raise WatchExistsError(f"already watched: {redact_url(sorted(existing)[0])}")
            conn.execute(dismissed.delete().where(dismissed.c.url.in_(urls)))  # (watched again)
            try:
                conn.execute(insert(watches), list(rows))
            except IntegrityError as exc:
                raise WatchExistsError(f"already watched: {redact_url(urls[0])}") from exc
            found = conn.execute(select(watches).where(watches.c.url.in_(urls)).order_by(watches.c.id))
            return [watch_from_row(r) for r in found]

    def existing_urls(self, urls: Sequence[str], *, dismissed_too: bool = False) -> set[str]:
        """The ``urls`` watched, and with ``dismissed_too`` those of watches removed by hand."""
        tables = (watches, dismissed) if dismissed_too else (watches,)
        with self.engine.connect() as conn:
            out: set[str] = set()
            for i in range(0, len(urls), 500):
                for table in tables:
                    out.update(conn.scalars(select(table.c.url).where(table.c.url.in_(urls[i : i + 500]))))
            return out

    def get_watch(self, ref: str | int) -> Watch:
        """A watch by id (an int or digits) or by URL."""
        if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
            if not 0 < int(ref) <= MAX_ID:  # beyond any id (PostgreSQL would refuse the query)
                raise WatchNotFoundError(f"no such watch: {ref}")
            cond = watches.c.id == int(ref)
        else:
            cond = watches.c.url == ref
        with self.engine.connect() as conn:
            row = conn.execute(select(watches).where(cond)).first()
            if row is None and isinstance(ref, str) and hides_secret(ref):
                found = rows_shown_as(conn, watches, ref)  # the URL as watcher shows it
                if len(found) > 1:
                    raise WatchNotFoundError(
                        f"{ref} stands for {len(found)} watches (their hidden passwords or keys differ): "
                        "name one by its id or its full URL"
                    )
                row = found[0] if found else None
        if row is None:
            raise WatchNotFoundError(f"no such watch: {redact_url(str(ref))}")
        return watch_from_row(row)

    def list_watches(
        self,
        *,
        label: str | None = None,
        status: str | None = None,
        search: str | None = None,
        active: bool | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Watch]:
        q = select(watches).where(*self._watch_filters(label, status, search, active)).order_by(watches.c.id)
        if limit is not None:
            q = q.limit(limit).offset(offset)
        with self.engine.connect() as conn:
            return [watch_from_row(r) for r in conn.execute(q)]

    def count_watches(
        self,
        *,
        label: str | None = None,
        status: str | None = None,
        search: str | None = None,
        active: bool | None = None,
    ) -> int:
        q = (
            select(func.count())
            .select_from(watches)
            .where(*self._watch_filters(label, status, search, active))
        )
        with self.engine.connect() as conn:
            return int(conn.scalar(q) or 0)

    def _watch_filters(
        self, label: str | None, status: str | None, search: str | None, active: bool | None
    ) -> list[Any]:
        conds: list[Any] = []
        if label:
            conds.append(has_label(label))
        if status:
            conds.append(watches.c.status == status)
        if active is not None:
            conds.append(watches.c.active == active)
        if search:  # (autoescape: a % or _ in the text is that character, not a wildcard)
            text = search.lower()
            # A URL with a password or a secret parameter is searched as shown ("***"), so that
            # search cannot tell a secret letter by letter. (Only URLs that may hold one are
            # read here, those with an "@" or an "=", and few of them do: "/@user", "?id=3".)
            with self.engine.connect() as conn:
                url = watches.c.url
                maybe = conn.scalars(select(url).where(or_(url.contains("@"), url.contains("="))))
                secret = [u for u in maybe if redact_url(u) != u]
            conds.append(
                or_(
                    and_(
                        watches.c.url.not_in(secret),
                        func.lower(watches.c.url).contains(text, autoescape=True),
                    ),
                    watches.c.url.in_([u for u in secret if text in redact_url(u).lower()]),
                    func.lower(watches.c.title).contains(text, autoescape=True),
                )
            )
        return conds

    def update_watch(self, watch_id: int, **values: Any) -> Watch:
        if "labels" in values and not isinstance(values["labels"], str):
            values["labels"] = join_list(values["labels"])
        with self.engine.begin() as conn:
            res = conn.execute(update(watches).where(watches.c.id == watch_id).values(**values))
            if res.rowcount == 0:
                raise WatchNotFoundError(f"no such watch: {watch_id}")
        return self.get_watch(watch_id)

    def remove_watch(self, ref: str | int) -> Watch:
        """Delete a watch with its history, the raw pages only it kept included; its address
        is kept as dismissed, so that feeds do not add it again."""
        watch = self.get_watch(ref)
        with self.engine.begin() as conn:
            conn.execute(dismissed.delete().where(dismissed.c.url == watch.url))
            conn.execute(insert(dismissed).values(url=watch.url, removed_at=datetime.now(UTC)))
            kept = select(versions.c.snapshot_hash).where(
                versions.c.watch_id == watch.id, versions.c.snapshot_hash.is_not(None)
            )
            hashes = set(conn.scalars(kept))
            outbox.delete_for_watch(conn, watch.id)
            for table in (changes, versions, checks):
                conn.execute(table.delete().where(table.c.watch_id == watch.id))
            conn.execute(watches.delete().where(watches.c.id == watch.id))
        self._drop_unused_snapshots(hashes)
        return watch

    def sweep_snapshots(self) -> int:
        """Delete the pages no version holds (a removal cut short between its two steps left
        them); returns how many. A check storing a page stores its version with it, in one
        transaction, so no page being stored is ever taken for one no version holds."""
        held = select(versions.c.id).where(versions.c.snapshot_hash == snapshots.c.hash).exists()
        with self.engine.begin() as conn:
            return int(conn.execute(snapshots.delete().where(~held)).rowcount or 0)

    def _drop_unused_snapshots(self, hashes: set[str]) -> None:
        """Delete the snapshots of ``hashes`` no version holds (a page is stored once however
        many watches saw it). Apart from the removal: a check storing one of them meanwhile
        keeps it (its reference makes the delete fail, and the snapshot stays)."""
        held = select(versions.c.id).where(versions.c.snapshot_hash == snapshots.c.hash).exists()
        ordered = sorted(hashes)
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            try:
                with self.engine.begin() as conn:
                    conn.execute(snapshots.delete().where(snapshots.c.hash.in_(chunk), ~held))
            except IntegrityError:  # one was taken meanwhile: the others, one by one
                for digest in chunk:
                    with contextlib.suppress(IntegrityError), self.engine.begin() as conn:
                        conn.execute(snapshots.delete().where(snapshots.c.hash == digest, ~held))

    def due_watches(self, now: datetime, limit: int | None = None) -> list[Watch]:
        q = (
            select(watches)
            .where(
                watches.c.active.is_(True),
                or_(watches.c.next_check_at.is_(None), watches.c.next_check_at <= now),
            )
            .order_by(watches.c.next_check_at)
        )
        if limit is not None:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [watch_from_row(r) for r in conn.execute(q)]

    # -- check results --------------------------------------------------------------------
    def apply(self, intents: Sequence[CheckIntent], *, worker: str | None = None) -> dict[int, int]:
        """Write a batch of check results atomically. Returns {watch_id: change_id} for new changes."""
        change_ids: dict[int, int] = {}
        if not intents:
            return change_ids
        with self.engine.begin() as conn:
            conn.execute(
                insert(checks),
                [
                    {
                        "watch_id": i.watch_id,
                        "checked_at": i.checked_at,
                        "outcome": i.outcome,
                        "http_status": i.http_status,
                        "duration_ms": i.duration_ms,
                        "bytes": i.bytes,
                        "error": i.error,
                        "version_seq": i.version.seq if i.version else None,
                        "worker": worker,
                    }
                    for i in intents
                ],
            )
            with_version = [i for i in intents if i.version is not None]
            if with_version:
                change_ids.update(self._write_versions(conn, with_version))
            ok = [i for i in intents if i.outcome != "error"]
            failed = [i for i in intents if i.outcome == "error"]
            if ok:
                conn.execute(
                    update(watches)
                    .where(watches.c.id == bindparam("b_id"))
                    .values(
                        last_checked_at=bindparam("b_at"),
                        last_outcome=bindparam("b_outcome"),
                        last_error=None,
                        next_check_at=bindparam("b_next"),
                        consecutive_failures=0,
                        lease_owner=None,
                        lease_expires_at=None,
                    ),
                    [
                        {
                            "b_id": i.watch_id,
                            "b_at": i.checked_at,
                            "b_outcome": i.outcome,
                            "b_next": i.next_check_at,
                        }
                        for i in ok
                    ],
                )
                # What the check saw of the page, only where no other check (the service and a
                # `watcher check` at once) stored a version since this one was decided: its
                # older hash and validators would hide the page going back to what it saw.
                as_seen = watches.c.id == bindparam("b_id"), watches.c.latest_seq == bindparam("b_seq")
                conn.execute(
                    update(watches)
                    .where(*as_seen)
                    .values(
                        etag=bindparam("b_etag"),
                        last_modified=bindparam("b_lm"),
                        body_hash=bindparam("b_hash"),
                    ),
                    [
                        {
                            "b_id": i.watch_id,
                            "b_seq": i.version.seq if i.version else i.seen_seq,
                            "b_etag": i.etag,
                            "b_lm": i.last_modified,
                            "b_hash": i.body_hash,
                        }
                        for i in ok
                    ],
                )
                refingerprinted = [i for i in ok if i.fingerprint is not None and i.version is None]
                if refingerprinted:  # the extractor changed, the article did not
                    conn.execute(
                        update(watches).where(*as_seen).values(fingerprint=bindparam("b_fp")),
                        [
                            {"b_id": i.watch_id, "b_seq": i.seen_seq, "b_fp": i.fingerprint}
                            for i in refingerprinted
                        ],
                    )
                # (a held check is no evidence that the article stopped changing: it may have)
                unchanged = [i.watch_id for i in ok if i.version is None and i.outcome != "held"]
                for start in range(0, len(unchanged), 500):
                    conn.execute(
                        update(watches)
                        .where(watches.c.id.in_(unchanged[start : start + 500]))
                        .values(checks_without_change=func.coalesce(watches.c.checks_without_change, 0) + 1)
                    )
            if failed:
                conn.execute(
                    update(watches)
                    .where(watches.c.id == bindparam("b_id"))
                    .values(
                        last_checked_at=bindparam("b_at"),
                        last_outcome="error",
                        last_error=bindparam("b_error"),
                        next_check_at=bindparam("b_next"),
                        consecutive_failures=watches.c.consecutive_failures + 1,
                        lease_owner=None,
                        lease_expires_at=None,
                    ),
                    [
                        {
                            "b_id": i.watch_id,
                            "b_at": i.checked_at,
                            "b_error": i.error,
                            "b_next": i.next_check_at,
                        }
                        for i in failed
                    ],
                )
        return change_ids

    def _write_versions(self, conn: Connection, intents: Sequence[CheckIntent]) -> dict[int, int]:
        """Snapshots, versions, changes and their outbox rows for a batch: a few statements each."""
        batch = [(i, i.version, i.change) for i in intents if i.version is not None and i.change is not None]
        snapshot_rows = {
            v.snapshot_hash: {
                "hash": v.snapshot_hash,
                "size": v.snapshot_size,
                "content_type": v.content_type,
                "zstd": v.snapshot_zstd,
                "created_at": i.checked_at,
            }
            for i, v, _ in batch
        }
        # (dialects imported here: the PostgreSQL one alone takes 45 ms to import)
        dialect_insert: Any
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as dialect_insert
        else:
            from sqlalchemy.dialects.sqlite import insert as dialect_insert
        new_snapshots = dialect_insert(snapshots).on_conflict_do_nothing(index_elements=["hash"])
        conn.execute(new_snapshots, list(snapshot_rows.values()))
        conn.execute(
            insert(versions),
            [
                {
                    "watch_id": i.watch_id,
                    "seq": v.seq,
                    "fetched_at": i.checked_at,
                    "final_url": v.final_url,
                    "title": v.article.title,
                    "byline": v.article.byline,
                    "published_at": v.article.published_at,
                    "updated_at": v.article.updated_at,
                    "updated_source": v.article.updated_source,
                    "paragraphs": list(v.article.paragraphs),
                    "stated_times": [
                        {
                            "kind": t.kind,
                            "source": t.source,
                            "value": t.value,
                            "precise": t.precise,
                            "raw": t.raw,
                        }
                        for t in v.article.stated_times
                    ],
                    "language": v.article.language,
                    "fingerprint": v.fingerprint,
                    "snapshot_hash": v.snapshot_hash,
                    "content_type": v.content_type[:128],
                    "size": sum(len(p) for p in v.article.paragraphs),
                }
                for i, v, _ in batch
            ],
        )
        conn.execute(
            update(watches)
            .where(watches.c.id == bindparam("b_id"))
            .values(
                fingerprint=bindparam("b_fp"),
                latest_seq=bindparam("b_seq"),
                title=bindparam("b_title"),
                last_changed_at=bindparam("b_at"),
                checks_without_change=0,
            ),
            [
                {
                    "b_id": i.watch_id,
                    "b_fp": v.fingerprint,
                    "b_seq": v.seq,
                    "b_title": v.article.title[:1024],
                    "b_at": i.checked_at,
                }
                for i, v, _ in batch
            ],
        )
        records = [c.as_record() for _, _, c in batch]
        rows = conn.execute(
            insert(changes).returning(changes.c.id, sort_by_parameter_order=True),
            [
                {
                    "watch_id": i.watch_id,
                    "from_seq": c.from_version,
                    "to_seq": c.to_version,
                    "detected_at": i.checked_at,
                    "kinds": join_list(c.kinds),
                    "record": record,
                }
                for (i, _, c), record in zip(batch, records, strict=True)
            ],
        ).all()
        change_ids: dict[int, int] = {}
        queue = outbox.has_active_channels(conn)
        for (i, _, _), record, row in zip(batch, records, rows, strict=True):
            change_ids[i.watch_id] = int(row.id)
            if queue:
                outbox.queue_alerts(
                    conn, change_id=int(row.id), watch_id=i.watch_id, record=record, now=i.checked_at
                )
        return change_ids

    # -- versions -------------------------------------------------------------------------
    def list_versions(self, watch_id: int, *, limit: int | None = None, offset: int = 0) -> list[Version]:
        q = select(versions).where(versions.c.watch_id == watch_id).order_by(versions.c.seq)
        if limit is not None:
            q = q.limit(limit).offset(offset)
        with self.engine.connect() as conn:
            return [version_from_row(r) for r in conn.execute(q)]

    def iter_versions(self, watch_id: int, *, page: int = 200) -> Iterator[Version]:
        """The watch's versions in order, read ``page`` at a time (an export of a watch with
        tens of thousands of versions holds one page of them, not all)."""
        query = select(versions).where(versions.c.watch_id == watch_id)
        return (version_from_row(r) for r in self._pages(query, versions.c.seq, page))

    def iter_changes(self, watch_id: int, *, page: int = 500) -> Iterator[dict[str, Any]]:
        """The watch's change records by the version they lead to, read ``page`` at a time."""
        query = (
            select(changes, watches.c.url)
            .join(watches, watches.c.id == changes.c.watch_id)
            .where(changes.c.watch_id == watch_id)
        )
        return (change_from_row(r) for r in self._pages(query, changes.c.to_seq, page))

    def _pages(self, query: Any, key: Any, page: int) -> Iterator[Any]:
        """The rows of ``query`` in the order of ``key`` (a column whose values are unique
        in it), ``page`` at a time, each page read in a connection of its own."""
        after = -1
        while True:
            with self.engine.connect() as conn:
                rows = list(conn.execute(query.where(key > after).order_by(key).limit(page)))
            yield from rows
            if len(rows) < page:
                return
            after = rows[-1]._mapping[key]

    def get_version(self, watch_id: int, seq: int) -> Version:
        if not 0 < seq <= MAX_ID:
            raise VersionNotFoundError(f"watch {watch_id} has no version {seq}")
        with self.engine.connect() as conn:
            row = conn.execute(
                select(versions).where(versions.c.watch_id == watch_id, versions.c.seq == seq)
            ).first()
        if row is None:
            raise VersionNotFoundError(f"watch {watch_id} has no version {seq}")
        return version_from_row(row)

    def latest_version(self, watch_id: int) -> Version | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(versions)
                .where(versions.c.watch_id == watch_id)
                .order_by(versions.c.seq.desc())
                .limit(1)
            ).first()
        return version_from_row(row) if row else None

    def last_seen_at(self, watch_id: int) -> datetime | None:
        """When a check last saw the watch's stored version served (a check that stored it, or
        found the page unchanged or not modified), if one is kept."""
        seen = ("new", "changed", "unchanged", "not_modified")
        with self.engine.connect() as conn:
            return conn.execute(
                select(func.max(checks.c.checked_at)).where(
                    checks.c.watch_id == watch_id, checks.c.outcome.in_(seen)
                )
            ).scalar()

    def earlier_versions(self, watch_id: int, before_seq: int, fingerprint: str) -> Earlier:
        """What the watch's versions before ``before_seq`` were, for a change that may go back
        to one of them: the latest with ``fingerprint``, and the latest with each title (a
        page has few titles however many versions it has)."""
        c = versions.c
        earlier = and_(c.watch_id == watch_id, c.seq < before_seq)
        with self.engine.connect() as conn:
            same = conn.scalar(select(func.max(c.seq)).where(earlier, c.fingerprint == fingerprint))
            titles = conn.execute(select(func.max(c.seq), c.title).where(earlier).group_by(c.title)).all()
        return Earlier(None if same is None else int(same), tuple((int(s), str(t)) for s, t in titles))

    def snapshot(self, digest: str) -> tuple[bytes, str]:
        """The compressed snapshot and its content type."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(snapshots.c.zstd, snapshots.c.content_type).where(snapshots.c.hash == digest)
            ).first()
        if row is None:
            raise NotFoundError(f"no snapshot {digest}")
        return bytes(row[0]), row[1]

    # -- changes and checks ---------------------------------------------------------------
    def list_changes(
        self,
        *,
        watch_id: int | None = None,
        kind: str | None = None,
        label: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
        offset: int = 0,
        newest_first: bool = False,
        before: int | None = None,
    ) -> list[dict[str, Any]]:
        conds = change_conditions(
            watch_id=watch_id, kind=kind, label=label, since=since, until=until, before=before
        )
        order = changes.c.id.desc() if newest_first else changes.c.id
        q = (
            select(changes, watches.c.url)
            .join(watches, watches.c.id == changes.c.watch_id)
            .where(and_(*conds))
            .order_by(order)
        )
        if limit is not None:
            q = q.limit(limit).offset(offset)
        with self.engine.connect() as conn:
            return [change_from_row(r) for r in conn.execute(q)]

    def get_change(self, change_id: int) -> dict[str, Any]:
        q = (
            select(changes, watches.c.url)
            .join(watches, watches.c.id == changes.c.watch_id)
            .where(changes.c.id == change_id)
        )
        with self.engine.connect() as conn:
            row = conn.execute(q).first()
        if row is None:
            raise NotFoundError(f"no such change: {change_id}")
        return change_from_row(row)

    def list_checks(self, watch_id: int, *, limit: int = 100) -> list[dict[str, Any]]:
        q = select(checks).where(checks.c.watch_id == watch_id).order_by(checks.c.id.desc()).limit(limit)
        with self.engine.connect() as conn:
            return [
                {
                    "checked_at": iso(r.checked_at),
                    "outcome": r.outcome,
                    "http_status": r.http_status,
                    "ms": round(r.duration_ms, 1),
                    "bytes": r.bytes,
                    "error": r.error,
                    "version": r.version_seq,
                }
                for r in conn.execute(q)
            ]


def make_store(url: str, *, upgrade: bool = True, make_folder: bool = False) -> SqlStore:
    """A store on ``url``; the schema is created or upgraded on first use. ``make_folder``:
    make the folder of an SQLite file (the default database's; a named one's must exist)."""
    store = SqlStore(make_engine(url, make_folder=make_folder))
    if upgrade:
        store.ensure_schema()
    return store
