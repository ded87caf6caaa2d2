"""The core commands: watches, checks, history, changes, database."""

from __future__ import annotations

import codecs
import contextlib
import gc
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from watcher.cli.base import (
    EXIT_CHECKS_FAILED,
    _ctx,
    checked_labels,
    cli,
    counted,
    emit_json,
    filter_value,
    json_option,
    say,
    ts,
    version_span,
)
from watcher.clock import parse_time
from watcher.errors import WatcherError, WatchNotFoundError
from watcher.redact import hides_secret, redact_url, redact_urls
from watcher.schedule import format_interval, parse_interval
from watcher.shapes import watch_json
from watcher.store.sql import repeats
from watcher.types import Version

if TYPE_CHECKING:
    from watcher.warc import Capture


# -- watches ------------------------------------------------------------------------------
def _utf8_lines(data: bytes) -> list[str]:
    """A file's lines as UTF-8 text, after a byte order mark if it has one (Windows' Notepad
    writes one); a byte that is no UTF-8 is named by its place in the file."""
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[bom:].decode("utf-8").splitlines()
    except UnicodeDecodeError as exc:
        where = bom + exc.start
        raise click.UsageError(f"--from-file: not UTF-8 text: {exc.reason} at byte {where}") from None


@cli.command()
@click.argument("urls", nargs=-1)
@click.option(
    "--from-file", "from_file", type=click.File("rb"), help="Add every URL in this file (one a line)."
)
@click.option(
    "--every",
    metavar="INTERVAL",
    help="How often to check: 30s, 15m, 1h, 1d (default: schedule.default_every).",
)
@click.option(
    "--label", "labels", callback=checked_labels, multiple=True, help="A label for the watch (repeatable)."
)
@click.option(
    "--render",
    is_flag=True,
    help="The page is built by scripts: run it in headless Chromium before reading it ([browser]).",
)
@json_option
def add(
    urls: Sequence[str], from_file: Any, every: str | None, labels: Sequence[str], render: bool, as_json: bool
) -> None:
    """Start watching one or more article URLs."""
    all_urls = list(urls)
    if from_file is not None:
        lines = (line.strip() for line in _utf8_lines(from_file.read()))
        all_urls += [line for line in lines if line and not line.startswith("#")]  # (indented comments too)
    if not all_urls:
        raise click.UsageError("give at least one URL, or --from-file")
    if every is not None:  # (checked before any URL: --every '' is no interval, not the default)
        parse_interval(every)
    w = _ctx().watcher
    if len(all_urls) == 1 and from_file is None:
        added = [w.add(all_urls[0], every=every, labels=labels, render=render)]
        skipped: list[str] = []
    else:
        res = w.add_many(all_urls, every=every, labels=labels, render=render)
        added, skipped = res.added, res.skipped
    if as_json:
        emit_json({"added": [watch_json(x) for x in added], "skipped": [redact_url(u) for u in skipped]})
        return
    for x in added:
        rendered = ", rendered in a browser" if x.render else ""
        say(f"watching {redact_url(x.url)} every {format_interval(x.interval_seconds)}{rendered} (id {x.id})")
    if skipped:
        say(f"{len(skipped)} already watched, skipped")


@cli.command("list")
@click.option("--label", callback=checked_labels, help="Only watches with this label.")
@click.option("--search", callback=filter_value, help="Only watches whose URL or title contains this text.")
@json_option
def list_(label: str | None, search: str | None, as_json: bool) -> None:
    """List watches."""
    watches = _ctx().watcher.store.list_watches(label=label, search=search)
    if as_json:
        emit_json({"watches": [watch_json(x) for x in watches]})
        return
    if not watches:
        say("no watch matches" if label or search else "no watches yet: watcher add URL")
    for x in watches:
        label_text = f" [{','.join(x.labels)}]" if x.labels else ""
        state = x.last_outcome or "never checked"
        if x.last_outcome == "error" and x.last_error:
            state = f"error ({redact_url(x.last_error)[:80]})"
        every = format_interval(x.interval_seconds) + (", rendered" if x.render else "")
        versions = counted(x.latest_seq, "version")
        line = f"every {every}, {versions}, last: {state}, next {ts(x.next_check_at)}  {cut(x.title, 70)}"
        say(f"{x.id:>5}  {redact_url(x.url)}{label_text}\n       {line.rstrip()}")


@cli.command()
@click.argument("url")
@json_option
def remove(url: str, as_json: bool) -> None:
    """Stop watching a URL and delete its history."""
    w = _ctx().watcher
    watch = w.store.remove_watch(w.resolve(url).id)
    if as_json:
        emit_json({"removed": watch_json(watch)})
    else:
        say(f"removed {redact_url(watch.url)} and its {counted(watch.latest_seq, 'version')}")


@cli.command("set")
@click.argument("url")
@click.option("--every", metavar="INTERVAL", help="A new interval: 30s, 15m, 1h, 1d.")
@click.option(
    "--label", "labels", callback=checked_labels, multiple=True, help="Replace the labels (repeatable)."
)
@click.option("--no-labels", is_flag=True, help="Remove every label.")
@click.option("--pause/--resume", "pause", default=None, help="Stop checking the watch, or start again.")
@click.option(
    "--render/--no-render",
    default=None,
    help="Run the page in a browser before reading it (only before the watch's first version).",
)
@json_option
def set_(
    url: str,
    every: str | None,
    labels: Sequence[str],
    no_labels: bool,
    pause: bool | None,
    render: bool | None,
    as_json: bool,
) -> None:
    """Change a watch: its interval, labels, paused or not, rendered or not."""
    if labels and no_labels:
        raise click.UsageError("give --label or --no-labels, not both")
    if every is None and not labels and not no_labels and pause is None and render is None:
        raise click.UsageError(
            "nothing to change: give --every, --label, --no-labels, --pause/--resume or --render"
        )
    if every is not None:
        parse_interval(every)
    w = _ctx().watcher
    watch = w.update(
        w.resolve(url),
        every=every,
        labels=() if no_labels else (labels or None),
        active=None if pause is None else not pause,
        render=render,
    )
    if as_json:
        emit_json({"watch": watch_json(watch)})
        return
    state = "paused" if not watch.active else f"every {format_interval(watch.interval_seconds)}"
    labels_text = f" [{','.join(watch.labels)}]" if watch.labels else ""
    rendered = ", rendered in a browser" if watch.render else ""
    say(f"{redact_url(watch.url)}{labels_text}: {state}{rendered}")


# -- checks -------------------------------------------------------------------------------
def _batch_gc() -> None:
    """A batch of checks makes many short-lived objects and almost no reference cycles: what
    start-up made (modules, settings, the watch list) is never scanned again, and the young
    objects are collected a tenth as often (forked workers inherit both)."""
    gc.freeze()
    gc.set_threshold(7000, 10, 10)


@cli.command()
@click.argument("urls", nargs=-1)
@click.option("--all", "check_all", is_flag=True, help="Check every active watch now, due or not.")
@click.option(
    "--concurrency",
    type=click.IntRange(1, 1024),
    help="Fetches in flight in this run, over all its processes (default: fetch.concurrency).",
)
@click.option(
    "--processes",
    type=click.IntRange(1, 64),
    help="Worker processes (default: one per core when there are 100+ watches per core).",
)
@json_option
def check(
    urls: Sequence[str], check_all: bool, concurrency: int | None, processes: int | None, as_json: bool
) -> None:
    """Check watches now: the due ones, every one (--all), or the URLs given."""
    w = _ctx().watcher
    if urls:
        watches = [w.resolve(u) for u in urls]
    elif check_all:
        watches = w.store.list_watches(active=True)
    else:
        watches = w.store.due_watches(w.clock.now())
    _batch_gc()
    from watcher.parallel import WorkerProcessError

    failed: WorkerProcessError | None = None
    try:
        results = w.check(watches, concurrency=concurrency, processes=processes)
    except WorkerProcessError as exc:  # (the other processes' checks are stored: reported too)
        results, failed = exc.results, exc
    summary: dict[str, int] = {}
    for r in results:
        summary[r.outcome] = summary.get(r.outcome, 0) + 1
    if as_json:
        doc: dict[str, Any] = {"checks": [r.as_dict() for r in results], "summary": summary}
        if failed is not None:
            doc["error"] = str(failed)
        emit_json(doc)
    else:
        for r in results:
            detail = r.error or (f"version {r.version}" if r.version else "")
            if r.outcome == "held":
                detail = "the body shrank sharply: stored only if the next check sees it too"
            kinds = f" ({', '.join(r.kinds)})" if r.kinds and r.outcome == "changed" else ""
            say(f"{r.outcome:<12} {redact_url(r.url)}  {detail}{kinds}")
        if not results and failed is None:
            say("nothing due")
    if failed is not None:
        raise failed
    if any(r.outcome == "error" for r in results):
        sys.exit(EXIT_CHECKS_FAILED)


# -- history ------------------------------------------------------------------------------
def cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters, its last one "…" when it was cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


def shown_titles(titles: Sequence[str], width: int = 60) -> list[str]:
    """Each title as a listing shows it: cut to ``width`` characters, or whole when another
    title would be cut to the same text (a headline edited after its 60th character looked
    unchanged)."""
    cuts = [cut(t, width) for t in titles]
    sources: dict[str, set[str]] = {}
    for title, shown in zip(titles, cuts, strict=True):
        sources.setdefault(shown, set()).add(title)
    return [title if len(sources[shown]) > 1 else shown for title, shown in zip(titles, cuts, strict=True)]


def _version_row(v: Version, same_as: int | None = None) -> dict[str, Any]:
    a = v.article
    return {
        "seq": v.seq,
        "fetched_at": ts(v.fetched_at),
        "title": a.title,
        "byline": a.byline,
        "published_at": a.published_at,
        "updated_at": a.updated_at,
        "size": v.size,
        "paragraphs": len(a.paragraphs),
        "same_as": same_as,
    }


@cli.command()
@click.argument("url")
@json_option
def history(url: str, as_json: bool) -> None:
    """List the stored versions of a watch."""
    w = _ctx().watcher
    watch = w.resolve(url)
    versions = w.versions(watch)
    same = repeats(sorted((v.seq, v.fingerprint) for v in versions))
    rows = [_version_row(v, same.get(v.seq)) for v in versions]
    if as_json:
        emit_json({"watch": watch_json(watch), "versions": rows})
        return
    say(f"{redact_url(watch.url)}: {counted(len(versions), 'version')}")
    for row, title in zip(rows, shown_titles([row["title"] for row in rows]), strict=True):
        again = f"  (= version {row['same_as']})" if row["same_as"] else ""
        say(
            f"{row['seq']:>4}  seen {row['fetched_at']}  updated {row['updated_at'] or '-':<20}  "
            f"{row['size']:>6} chars  {title}{again}"
        )


@cli.command()
@click.argument("url")
@click.option("--version", "seq", type=int, help="Version number (default: the latest).")
@json_option
def show(url: str, seq: int | None, as_json: bool) -> None:
    """Show the extracted article of one version."""
    w = _ctx().watcher
    watch = w.resolve(url)
    if seq is None:
        if not watch.latest_seq:
            raise WatchNotFoundError(f"{redact_url(watch.url)} has no versions yet: run watcher check first")
        seq = watch.latest_seq
    detail = w.version_detail(w.version(watch, seq))
    if as_json:
        emit_json(detail)
        return
    say(detail["title"])
    say(
        f"by {detail['byline'] or '-'} | published {detail['published_at'] or '-'} | "
        f"updated {detail['updated_at'] or '-'} | version {seq}, seen {detail['fetched_at']}"
    )
    say("")
    for p in detail["paragraphs"]:
        say(p)
        say("")


def _use_color(flag: bool | None) -> bool:
    if flag is not None:
        return flag
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@cli.command()
@click.argument("url")
@click.option("--from", "from_seq", type=int, help="Older version (default: the one before --to).")
@click.option("--to", "to_seq", type=int, help="Newer version (default: the latest).")
@click.option("--color/--no-color", "color", default=None, help="Colour the diff (default: when a terminal).")
@json_option
def diff(url: str, from_seq: int | None, to_seq: int | None, color: bool | None, as_json: bool) -> None:
    """Word diff between two versions, with the edit classified; quotes and dates highlighted."""
    from watcher.render_text import render_diff

    w = _ctx().watcher
    watch = w.resolve(url)
    # (a version given is looked up as given: --from 0 is no version, not "the default")
    if to_seq is None:
        if watch.latest_seq < 1:
            raise WatchNotFoundError(f"{redact_url(watch.url)} has no versions yet")
        to_seq = watch.latest_seq
    if from_seq == to_seq:
        w.version(watch, to_seq)  # (one that does not exist is named as such: "no version 0")
        raise click.UsageError(
            f"version {to_seq} compared with itself: give two different versions "
            "(--to is the latest by default)"
        )
    if from_seq is None:
        if to_seq == 1:
            w.version(watch, 1)  # (one that does not exist is named as such)
            raise WatcherError(
                f"version 1 of {redact_url(watch.url)} is its first: there is none before it to compare "
                "it with (watcher show URL --version 1 shows it)"
            )
        from_seq = to_seq - 1
    doc = w.diff(watch, from_seq, to_seq)
    if as_json:
        emit_json(doc)  # (which shows its URLs redacted)
        return
    color = _use_color(color)
    # (color=: click strips ANSI from pipes otherwise)
    click.echo(render_diff(redact_urls(doc), color=color), color=color)


def _parse_since(value: str | None) -> datetime | None:
    try:
        return parse_time(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--since") from None


@cli.command()
@click.argument("url", required=False)
@click.option("--kind", callback=filter_value, help="Only changes with this kind, e.g. quote_added.")
@click.option("--label", callback=checked_labels, help="Only changes of watches with this label.")
@click.option("--since", callback=filter_value, help="Only changes detected at or after this ISO date/time.")
@click.option("--limit", type=click.IntRange(1, 100000), help="At most this many (newest).")
@json_option
def changes(
    url: str | None, kind: str | None, label: str | None, since: str | None, limit: int | None, as_json: bool
) -> None:
    """List change records (each as README's "The change record" describes it)."""
    from watcher.types import FILTER_KINDS

    if kind and kind not in FILTER_KINDS:
        raise click.BadParameter(
            f"unknown kind {kind!r}; one of: {', '.join(FILTER_KINDS)}", param_hint="--kind"
        )
    w = _ctx().watcher
    watch_id = w.resolve(url).id if url else None
    records = w.store.list_changes(
        watch_id=watch_id,
        kind=kind,
        label=label,
        since=_parse_since(since),
        limit=limit,
        newest_first=bool(limit),
    )
    if limit:
        records.reverse()  # (the newest N, read newest first from the database, listed oldest first)
    if as_json:
        emit_json({"changes": records})
        return
    if not records:
        say("no change matches" if kind or label or since else "no changes yet")
    for r in records:
        span = version_span(r["from_version"], r["to_version"])
        verdicts = [f for f in ("stealth_edit", "timestamp_only") if r.get(f)]
        if r.get("reverts_to"):
            verdicts.append(f"reverted to v{r['reverts_to']}")
        seen = (
            f"  [v{r['from_version']} last seen {r['previous_seen_at']}]" if r.get("previous_seen_at") else ""
        )
        say(
            f"{r['id']:>5}  {r['detected_at']}  {redact_url(r['watch']['url'])}  {span}  "
            f"{', '.join(r['kinds'])}" + (f"  ({', '.join(verdicts)})" if verdicts else "") + seen
        )


EXPORT_FORMATS = ("json", "csv", "warc")
#: how much of an export to stdout waits in memory (the rest in a temporary file)
STDOUT_SPOOL = 16 << 20


@cli.command()
@click.argument("url")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="json",
    show_default=True,
    help="json: the whole history; csv: the changes; warc: the pages as fetched, for web archives.",
)
@click.option(
    "-o",
    "--output",
    default="-",
    metavar="FILE",
    help="Where to write (default: stdout; a WARC file is binary: a file or a pipe).",
)
def export(url: str, fmt: str, output: str) -> None:
    """Export a watch's history as JSON, CSV or a WARC 1.1 file (.warc.gz)."""

    from watcher.web.export import changes_csv
    from watcher.web.queries import history_json

    if not output.strip():
        raise click.BadParameter("give a file name, or - for standard output", param_hint="--output")
    if fmt == "warc" and output == "-" and sys.stdout is not None and sys.stdout.isatty():
        raise click.BadParameter("a WARC file is binary: give a file, or pipe it", param_hint="--output")
    refuse_database(output, _ctx().settings.db_url)
    w = _ctx().watcher
    watch = w.resolve(url)
    chunks: Iterable[bytes]
    pages = ArchivedPages()
    if fmt == "json":
        chunks = history_json(w, watch, indent=1)
    elif fmt == "csv":
        chunks = [changes_csv(w.store.list_changes(watch_id=watch.id)).encode()]
    else:
        name = os.path.basename(output) if output != "-" else f"watch-{watch.id}.warc.gz"
        chunks = w.warc(watch, name, seen=pages.seen)
        if hides_secret(redact_url(watch.url)):
            say(
                "warning: the pages are kept as fetched: a page that repeats its own address "
                "holds the secret of that address in the archive",
                err=True,
            )
    write_out(output, chunks, binary=fmt == "warc")
    pages.check()


def refuse_database(output: str, db_url: str) -> None:
    """Refuses an ``output`` that is the SQLite database's own file (or its WAL, shared-memory
    or journal file), reached by a link or not: the export would take its place."""
    from watcher.store.engine import sqlite_files

    if output == "-":
        return
    target = Path(output).expanduser().resolve()
    for held in sqlite_files(db_url):
        if target == held or (target.exists() and held.exists() and target.samefile(held)):
            raise WatcherError(f"{output} is a file of the database itself: give another file name")


class ArchivedPages:
    """The pages an archive is written with, each one left out warned of as it is met."""

    def __init__(self) -> None:
        self.pages = 0
        self.left_out = 0

    def seen(self, capture: Capture) -> None:
        self.pages += 1
        if capture.left_out:
            self.left_out += 1
            say(f"warning: left out of the archive: {capture.left_out}", err=True)

    def check(self) -> None:
        """Fails when a page was left out: the archive is written, but is no full record."""
        if self.left_out:
            raise WatcherError(
                f"the archive lacks {self.left_out} of {self.pages} pages (written with the others; "
                "the metadata record of each version says what became of its page)"
            )


def write_out(output: str, chunks: Iterable[bytes], *, binary: bool) -> None:
    """``chunks`` to stdout (``-``) or to the file ``output``. A regular file (or a new one)
    is written whole or not at all: the export goes to a new file beside it, which then takes
    its name and its permissions, so a failed export leaves no half file and an earlier one as
    it was. Anything else at that name (a pipe, a device) is written into as it is."""
    if output == "-":
        _write_stdout(chunks, binary=binary)
        return
    target = os.path.realpath(output)  # (a link is followed, not replaced)
    try:
        if os.path.exists(target) and not os.path.isfile(target):
            with open(target, "wb") as f:
                for chunk in chunks:
                    f.write(chunk)
            return
    except OSError as exc:
        raise WatcherError(f"cannot write {output}: {exc.strerror or exc}") from None
    fd, partial = _new_file_beside(output, target)
    try:
        with os.fdopen(fd, "wb") as f:
            for chunk in chunks:
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(partial, _mode_for(target))
        os.replace(partial, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        if isinstance(exc, OSError):
            raise WatcherError(f"cannot write {output}: {exc.strerror or exc}") from None
        raise


def _new_file_beside(output: str, target: str) -> tuple[int, str]:
    """A new file in ``target``'s folder, to take its name once written: its descriptor and
    path. A folder that takes no new file (``/proc``: "No such file or directory") is named."""
    folder = os.path.dirname(target)
    try:
        return tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".part", dir=folder)
    except OSError as exc:
        why = exc.strerror or str(exc)
        if os.path.isdir(folder):
            why = f"no file can be written in {folder} ({why})"
        raise WatcherError(f"cannot write {output}: {why}") from None


def _mode_for(target: str) -> int:
    """The permissions the file at ``target`` has, or a new file would get."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write_stdout(chunks: Iterable[bytes], *, binary: bool) -> None:
    """``chunks`` to stdout once all are made: an export that fails half way (a damaged row)
    prints nothing, not a cut-off document. They wait in memory, then in a temporary file."""
    if sys.stdout is None:  # (started with its standard output closed)
        raise WatcherError("there is no standard output: give --output FILE")
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None and binary:
        raise WatcherError("this standard output takes no binary data: give --output FILE")
    with tempfile.SpooledTemporaryFile(max_size=STDOUT_SPOOL) as whole:
        for chunk in chunks:
            whole.write(chunk)
        whole.seek(0)
        text = codecs.getincrementaldecoder("utf-8")()
        for block in iter(lambda: whole.read(1 << 16), b""):
            if stream is None:
                sys.stdout.write(text.decode(block))
            else:
                stream.write(block)
    sys.stdout.flush()


# -- database -----------------------------------------------------------------------------
@cli.group()
def db() -> None:
    """Database schema commands."""


@db.command()
def upgrade() -> None:
    """Create or upgrade the schema to the latest migration."""
    from watcher.store import make_store, redact_url

    ctx = _ctx()
    store = make_store(ctx.settings.db_url, upgrade=False, make_folder=ctx.settings.db_is_default)
    store.upgrade()
    say(f"database {redact_url(ctx.settings.db_url)} is at the latest schema")
