"""Commands for feeds: discover new articles to watch from RSS/Atom feeds."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

import click

from watcher.cli.base import EXIT_CHECKS_FAILED, _ctx, checked_labels, cli, emit_json, json_option, say, ts
from watcher.redact import redact_url
from watcher.schedule import format_interval, parse_interval


def _feed_dict(f: Any) -> dict[str, Any]:
    return {
        "id": f.id,
        "url": redact_url(f.url),
        "labels": list(f.labels),
        "every": format_interval(f.interval_seconds),
        "watch_every": format_interval(f.watch_every_seconds),
        "next_poll_at": ts(f.next_poll_at),
        "last_polled_at": ts(f.last_polled_at) if f.last_polled_at else None,
        "last_error": f.last_error,
        "render": f.render,
    }


@cli.group()
def feed() -> None:
    """Feeds whose new articles are watched automatically."""


@feed.command("add")
@click.argument("url")
@click.option("--every", default="10m", show_default=True, help="How often to poll the feed.")
@click.option(
    "--watch-every", default=None, help="Interval for the articles it adds (default: schedule.default_every)."
)
@click.option(
    "--label",
    "labels",
    callback=checked_labels,
    multiple=True,
    help="Label for the feed's articles (repeatable).",
)
@click.option("--render", is_flag=True, help="Its articles are built by scripts: watch them with --render.")
@json_option
def feed_add(
    url: str, every: str, watch_every: str | None, labels: Sequence[str], render: bool, as_json: bool
) -> None:
    """Poll a feed and watch every article it lists."""
    from watcher.fetch import validate_url
    from watcher.store.feeds import add_feed

    w = _ctx().watcher
    f = add_feed(
        w.store.engine,
        url=validate_url(url),
        labels=list(labels),
        interval_seconds=int(parse_interval(every).total_seconds()),
        watch_every_seconds=int(
            parse_interval(
                w.settings.schedule.default_every if watch_every is None else watch_every
            ).total_seconds()
        ),
        now=w.clock.now(),
        render=render,
    )
    if as_json:
        emit_json({"feed": _feed_dict(f)})
    else:
        say(f"polling {redact_url(f.url)} every {format_interval(f.interval_seconds)} (id {f.id})")


@feed.command("list")
@json_option
def feed_list(as_json: bool) -> None:
    """List feeds and their last poll."""
    from watcher.store.feeds import list_feeds

    found = list_feeds(_ctx().watcher.store.engine)
    if as_json:
        emit_json({"feeds": [_feed_dict(f) for f in found]})
        return
    if not found:
        say("no feeds yet: watcher feed add URL")
    for f in found:
        state = f"error: {f.last_error}" if f.last_error else f"next poll {ts(f.next_poll_at)}"
        say(f"{f.id:>5}  {redact_url(f.url)}  every {format_interval(f.interval_seconds)}  {state}")


@feed.command("remove")
@click.argument("url", metavar="URL_OR_ID")
def feed_remove(url: str) -> None:
    """Stop polling a feed, by URL or by the id feed list shows (the watches it added stay)."""
    from watcher.errors import NotFoundError
    from watcher.fetch import validate_url
    from watcher.store.feeds import remove_feed

    engine = _ctx().watcher.store.engine
    try:
        f = remove_feed(engine, url)
    except NotFoundError:  # the URL as typed, not as stored (normalised when it was added)
        if url.isdigit():
            raise
        f = remove_feed(engine, validate_url(url))
    say(f"removed feed {redact_url(f.url)}")


@feed.command("poll")
@click.option("--all", "poll_all", is_flag=True, help="Poll every feed now, due or not.")
@json_option
def feed_poll(poll_all: bool, as_json: bool) -> None:
    """Poll due feeds now and watch the new articles; exit 3 if a feed failed."""
    from watcher.discover import poll_feeds
    from watcher.store.feeds import due_feeds, list_feeds

    w = _ctx().watcher
    chosen = list_feeds(w.store.engine) if poll_all else due_feeds(w.store.engine, w.clock.now())
    results = asyncio.run(poll_feeds(w, chosen))
    if as_json:
        emit_json({"polls": [asdict(r) for r in results]})
    else:
        for r in results:
            detail = r.error or f"{r.links} links, {r.added} new watches"
            say(f"{r.outcome:<12} {redact_url(r.url)}  {detail}")
        if not results:
            say("no feed due")
    if any(r.outcome == "error" for r in results):
        sys.exit(EXIT_CHECKS_FAILED)
