"""Commands for alert channels, rules and the outbox (issue 4)."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Sequence
from typing import Any

import click

from watcher.alerts.channels import Channel, describe, make_channel_config, redact
from watcher.alerts.rules import (
    DEFAULT_KINDS,
    DEFAULT_SKIP_KINDS,
    RULE_KINDS,
    Rule,
    check_skipped,
    parse_kinds,
)
from watcher.cli.base import _ctx, checked_labels, cli, emit_json, json_option, say, ts, version_span
from watcher.errors import ConfigError, DeliveryError, StorageError
from watcher.redact import redact_url
from watcher.store import alerting_queries as aq
from watcher.store import channels as channel_store
from watcher.store import outbox


def _engine() -> Any:
    return _ctx().watcher.store.engine


def _now() -> Any:
    return _ctx().watcher.clock.now()


def channel_dict(c: Channel, rules: list[dict[str, Any]]) -> dict[str, Any]:
    """A channel as ``channel list --json`` shows it: with its rules, as the API shows them."""
    return {
        "id": c.id,
        "name": c.name,
        "kind": c.kind,
        "config": redact(c.kind, c.config),
        "active": c.active,
        "created_at": ts(c.created_at),
        "rules": rules,
    }


def _rule_text(r: dict[str, Any]) -> str:
    bits = [("kinds " + ",".join(r["kinds"])) if r["kinds"] else "any kind"]
    if r["label"]:
        bits.append(f"label {r['label']}")
    if r["url"]:
        bits.append(f"url {r['url']}")
    if r["min_chars"]:
        bits.append(f">= {r['min_chars']} chars")
    if r["skip_kinds"]:
        bits.append("not " + ",".join(r["skip_kinds"]))
    prefix = "default rule" if r["default"] else f"rule {r['id']}" + ("" if r["active"] else " (paused)")
    return f"{prefix}: " + ", ".join(bits)


# -- channels -----------------------------------------------------------------------------
@cli.group()
def channel() -> None:
    """Alert channels: where alerts go (email, webhook, apprise)."""


@channel.group("add")
def channel_add() -> None:
    """Add a channel. Without rules of its own it gets the default rule (see README)."""


def _add(name: str, kind: str, options: dict[str, Any], as_json: bool) -> None:
    config = make_channel_config(kind, options)
    c = channel_store.add_channel(_engine(), name=name, kind=kind, config=config, now=_now())
    if as_json:
        emit_json({"channel": channel_dict(c, aq.channel_rules(_engine(), c.id)[c.id])})
    else:
        say(f"added {kind} channel {name!r} ({describe(kind, c.config)}) with the default rule")


@channel_add.command("email")
@click.argument("name")
@click.option("--to", "to", multiple=True, required=True, help="Recipient address (repeatable).")
@click.option(
    "--smtp-url", help="smtp://[user[:pass]@]host[:port] or smtps://... (default: alerts.smtp_url)."
)
@click.option("--starttls", is_flag=True, help="Upgrade the connection with STARTTLS.")
@click.option("--ssl", "use_ssl", is_flag=True, help="TLS from the first byte (as smtps://).")
@click.option(
    "--smtp-password-env", metavar="NAME", help="Read the SMTP password from this variable at send time."
)
@click.option("--from", "sender", help="From: address (default: alerts.email_from).")
@json_option
def channel_add_email(
    name: str,
    to: Sequence[str],
    smtp_url: str | None,
    starttls: bool,
    use_ssl: bool,
    smtp_password_env: str | None,
    sender: str | None,
    as_json: bool,
) -> None:
    """Add an email channel."""
    options = {
        "to": list(to),
        "smtp_url": smtp_url,
        "starttls": starttls,
        "ssl": use_ssl,
        "smtp_password_env": smtp_password_env,
        "from": sender,
    }
    _add(name, "email", options, as_json)


@channel_add.command("webhook")
@click.argument("name")
@click.option("--url", required=True, help="Where to POST the JSON.")
@click.option("--secret", help="Signing secret (stored in the database; prefer --secret-env).")
@click.option("--secret-env", metavar="NAME", help="Read the signing secret from this variable at send time.")
@json_option
def channel_add_webhook(
    name: str, url: str, secret: str | None, secret_env: str | None, as_json: bool
) -> None:
    """Add a webhook channel (signed JSON POSTs)."""
    _add(name, "webhook", {"url": url, "secret": secret, "secret_env": secret_env}, as_json)


@channel_add.command("apprise")
@click.argument("name")
@click.option("--url", required=True, help="Any Apprise URL, e.g. slack://..., mailto://...")
@json_option
def channel_add_apprise(name: str, url: str, as_json: bool) -> None:
    """Add an Apprise channel (needs: pip install 'watcher[apprise]')."""
    _add(name, "apprise", {"url": url}, as_json)


@channel.command("list")
@json_option
def channel_list(as_json: bool) -> None:
    """List channels and their rules (secrets redacted)."""
    found = channel_store.list_channels(_engine())
    shown = aq.channel_rules(_engine())
    docs = [channel_dict(c, shown[c.id]) for c, _ in found]
    if as_json:
        emit_json({"channels": docs})
        return
    if not docs:
        say("no channels yet: watcher channel add webhook NAME --url URL")
    for c, d in zip((c for c, _ in found), docs, strict=True):
        paused = "" if c.active else "  (paused: its alerts wait)"
        say(f"{d['name']:<16} {d['kind']:<8} {describe(c.kind, c.config)}{paused}")
        for r in d["rules"]:
            say(f"{'':<16} {_rule_text(r)}")


@channel.command("remove")
@click.argument("name")
def channel_remove(name: str) -> None:
    """Remove a channel, its rules and its alerts."""
    c = channel_store.remove_channel(_engine(), name)
    say(f"removed channel {c.name!r}")


@channel.command("test")
@click.argument("name")
def channel_test(name: str) -> None:
    """Send a test message on a channel now."""
    from watcher.alerts.dispatch import send_test

    w = _ctx().watcher
    c = channel_store.get_channel(w.store.engine, name)
    try:
        asyncio.run(send_test(c.kind, c.config, w.settings, now=w.clock.now(), rng=random.Random()))
    except DeliveryError as exc:
        raise DeliveryError(f"test message on {name!r} failed: {exc.reason}") from exc
    say(f"test message sent on {name!r}")


# -- rules --------------------------------------------------------------------------------
@cli.group()
def rule() -> None:
    """Alert rules: which changes go to a channel."""


@rule.command("add")
@click.option("--channel", "channel_name", required=True, help="The channel the rule sends to.")
@click.option(
    "--kinds",
    default=",".join(DEFAULT_KINDS),
    show_default=True,
    help=f"Comma-separated kinds, or 'any'. Known: {', '.join(RULE_KINDS)}.",
)
@click.option("--label", callback=checked_labels, help="Only watches with this label.")
@click.option("--url", "url_pattern", help="Only watch URLs matching this glob (or starting with it).")
@click.option(
    "--min-chars", type=click.IntRange(0), default=0, help="Only changes adding/removing this many chars."
)
@click.option(
    "--skip-kinds",
    default="",
    help="Comma-separated kinds a change must not have, e.g. 'reverted' (the swings of a headline test).",
)
@json_option
def rule_add(
    channel_name: str,
    kinds: str,
    label: str | None,
    url_pattern: str | None,
    min_chars: int,
    skip_kinds: str,
    as_json: bool,
) -> None:
    """Add a rule to a channel (the channel's default rule stops applying)."""
    try:
        parsed = () if kinds.strip() == "any" else parse_kinds(kinds)
    except ConfigError as exc:
        raise click.BadParameter(str(exc), param_hint="--kinds") from None
    if kinds.strip() != "any" and not parsed:
        raise click.BadParameter("give at least one kind, or 'any'", param_hint="--kinds")
    try:
        skipped = parse_kinds(skip_kinds, "skip_kinds")
        check_skipped(parsed, skipped)
    except ConfigError as exc:
        raise click.BadParameter(str(exc), param_hint="--skip-kinds") from None
    engine = _engine()
    c = channel_store.get_channel(engine, channel_name)
    r = Rule(
        channel_id=c.id,
        kinds=parsed,
        label=label,
        url_pattern=url_pattern,
        min_chars=min_chars,
        skip_kinds=skipped,
    )
    rule_id = channel_store.add_rule(engine, r, now=_now())
    added = aq.get_rule(engine, rule_id)
    if as_json:
        emit_json({"rule": added})
    else:
        say(f"added rule {rule_id} to {c.name!r}: {_rule_text(added)}")


@rule.command("list")
@json_option
def rule_list(as_json: bool) -> None:
    """List rules by channel (a channel without rules uses the default rule)."""
    listing = aq.rules_listing(_engine())
    if as_json:
        emit_json(listing)
        return
    for d in listing["rules"]:
        say(f"{d['channel']:<16} {_rule_text(d)}")
    say(
        f"default rule (channels without rules): kinds {','.join(DEFAULT_KINDS)}, "
        f"not {','.join(DEFAULT_SKIP_KINDS)}"
    )


@rule.command("remove")
@click.argument("rule_id", type=int)
def rule_remove(rule_id: int) -> None:
    """Remove a rule."""
    channel_store.remove_rule(_engine(), rule_id)
    say(f"removed rule {rule_id}")


# -- the outbox ---------------------------------------------------------------------------
@cli.group(invoke_without_command=True)
@click.option("--status", type=click.Choice(outbox.STATUSES), help="Only alerts in this state.")
@click.option("--limit", type=click.IntRange(1, 100000), default=100, show_default=True)
@json_option
@click.pass_context
def alerts(ctx: click.Context, status: str | None, limit: int, as_json: bool) -> None:
    """List alerts (newest first); subcommands retry and dispatch them."""
    if ctx.invoked_subcommand is not None:
        return
    engine = _engine()
    rows = outbox.list_alerts(engine, status=status, limit=limit)
    if as_json:
        emit_json({"alerts": rows, "counts": outbox.count_by_status(engine)})
        return
    if not rows:
        say("no alerts" + (f" with status {status}" if status else ""))
    for r in rows:
        when = _when(r)
        label = "note" if r["status"] == "sent" else "last error"  # (a sent alert's: recipients refused)
        error = f"  {label}: {r['last_error']}" if r["last_error"] else ""
        span = version_span(r["from_version"], r["to_version"])
        say(
            f"{r['id']:>6}  {r['status']:<7} {r['channel']:<14} attempts {r['attempts']}  {when}  "
            f"{redact_url(r['watch']['url'])} {span} ({', '.join(r['kinds'] + r['verdicts'])}){error}"
        )


def _when(alert: dict[str, Any]) -> str:
    """The time that matters for an alert's status, named: when it was sent, when it will be
    tried next, or when it was queued (the column was bare, a retry time read as a past one)."""
    if alert["sent_at"]:
        return f"sent {alert['sent_at']}"
    if alert["status"] == "dead":
        return f"gave up {alert['last_attempt_at'] or alert['created_at']}"
    if alert["next_attempt_at"] and alert["attempts"]:
        return f"next try {alert['next_attempt_at']}"
    return f"queued {alert['created_at']}"


@alerts.command("retry")
@click.argument("alert_id", type=int, required=False)
@click.option("--all-dead", is_flag=True, help="Retry every dead alert.")
def alerts_retry(alert_id: int | None, all_dead: bool) -> None:
    """Make a dead (or failed) alert, or all dead ones, due now with fresh attempts."""
    if (alert_id is None) == (not all_dead):
        raise click.UsageError("give an alert ID or --all-dead")
    n = outbox.retry_alerts(_engine(), now=_now(), alert_id=alert_id, all_dead=all_dead)
    say(f"{n} alert{'s' if n != 1 else ''} queued again")


@alerts.command("dispatch")
@click.option("--once", is_flag=True, help="Deliver what is due now, then exit.")
@json_option
def alerts_dispatch(once: bool, as_json: bool) -> None:
    """Deliver due alerts: once, or in a loop every alerts.poll_interval seconds."""
    from watcher.alerts.dispatch import dispatch_all_due, make_http_client

    w = _ctx().watcher
    rng = random.Random()

    async def run() -> Any:
        async with make_http_client(w.settings) as client:
            while True:
                result = await dispatch_all_due(w.store, w.settings, clock=w.clock, rng=rng, client=client)
                if once:
                    return result
                if result.claimed and not as_json:
                    say(f"sent {result.sent}, failed {result.failed}, dead {result.dead}")
                    for line in result.unrecorded:  # (the loop goes on: the lease brings them back)
                        say(f"  {line}")
                await asyncio.sleep(w.settings.alerts.poll_interval)

    result = asyncio.run(run())
    if as_json:
        emit_json(result.as_dict())
    else:
        say(f"sent {result.sent}, failed {result.failed}, dead {result.dead} ({result.messages} messages)")
        for e in result.errors:
            say(f"  {e}")
    if result.unrecorded:  # (an error, as when the whole round stopped on it)
        raise StorageError("; ".join(result.unrecorded))
