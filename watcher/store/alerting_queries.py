"""Queries over the alerting tables (channels, rules, alerts) for the HTTP API.

Channel configs can hold credentials; ``redact`` hides every value whose key names a
secret, password or token, and the password in any URL, before anything leaves storage.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from watcher.alerts.channels import make_channel_config, unredact, valid_name
from watcher.alerts.channels import redact as channel_redact
from watcher.alerts.rules import DEFAULT_KINDS, DEFAULT_SKIP_KINDS, check_skipped, default_rule, parse_kinds
from watcher.errors import ChannelExistsError, ConfigError, NotFoundError
from watcher.redact import REDACTED
from watcher.shapes import rule_json
from watcher.store import outbox
from watcher.store.channels import CONFIG_FILE, FROM_CONFIG, MANAGED, rule_from_row
from watcher.store.schema import alerts, channels, readable, rules
from watcher.store.sql import iso, join_list

_SECRET_KEY = re.compile(r"secret|password|token", re.IGNORECASE)
_URL_PASSWORD = re.compile(r"(?P<head>\b[a-z][a-z0-9+.-]*://[^:/@\s]*:)[^@/\s]+(?=@)", re.IGNORECASE)


DuplicateNameError = ChannelExistsError  # one error for a duplicate channel name, CLI and API alike


def redact(value: Any, key: str = "") -> Any:
    """A copy of a channel config with secrets replaced by ``***`` (the *names* of environment
    variables holding them, ``secret_env``, are no secret and stay)."""
    if _SECRET_KEY.search(key) and not key.endswith("_env") and value not in (None, ""):
        return REDACTED
    if isinstance(value, dict):
        return {k: redact(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v, key) for v in value]
    if isinstance(value, str):
        return _URL_PASSWORD.sub(lambda m: m.group("head") + REDACTED, value)
    return value


def shown_config(kind: str, config: dict[str, Any]) -> dict[str, Any]:
    """What the API shows of a channel's config: what `watcher channel list` shows (Apprise
    URLs and URL passwords hidden), and any other key naming a secret, password or token."""
    return dict(redact(channel_redact(kind, config)))


def _channel(row: Any, rules_shown: list[dict[str, Any]]) -> dict[str, Any]:
    m = readable(row, f"channels, id {row.id}")
    return {
        "id": m["id"],
        "name": m["name"],
        "kind": m["kind"],
        "config": shown_config(m["kind"], m["config"] or {}),
        "active": bool(m["active"]),
        "created_at": iso(m["created_at"]),
        "rules": rules_shown,
    }


def _rule(r: Any) -> dict[str, Any]:
    """A stored rule joined to its channel's name (``channel_name``)."""
    return rule_json(
        r.id, rule_from_row(r), channel=r.channel_name, active=bool(r.active), created_at=r.created_at
    )


# -- channels ---------------------------------------------------------------------------------
def list_channels(engine: Engine) -> list[dict[str, Any]]:
    shown = channel_rules(engine)
    with engine.connect() as conn:
        rows = conn.execute(select(channels).order_by(channels.c.id))
        return [_channel(r, shown[r.id]) for r in rows]


def get_channel(engine: Engine, channel_id: int) -> dict[str, Any]:
    with engine.connect() as conn:
        row = conn.execute(select(channels).where(channels.c.id == channel_id)).first()
    if row is None:
        raise NotFoundError(f"no such channel: {channel_id}")
    return _channel(row, channel_rules(engine, channel_id)[channel_id])


def create_channel(
    engine: Engine, *, name: str, kind: str, config: dict[str, Any], active: bool, now: datetime
) -> dict[str, Any]:
    # the same validation as `watcher channel add`
    valid_name(name)
    config = make_channel_config(kind, config, where=f"channel {name!r}")
    try:
        with engine.begin() as conn:
            if conn.scalar(select(channels.c.id).where(channels.c.name == name)) is not None:
                raise DuplicateNameError(f"a channel named {name!r} already exists")
            new_id = conn.execute(
                insert(channels)
                .values(name=name, kind=kind, config=config, active=active, created_at=now)
                .returning(channels.c.id)
            ).scalar_one()
    except IntegrityError as exc:
        raise DuplicateNameError(f"a channel named {name!r} already exists") from exc
    return get_channel(engine, int(new_id))


def update_channel(engine: Engine, channel_id: int, **values: Any) -> dict[str, Any]:
    """Change the given columns; a ``config`` merges key by key so redacted secrets survive."""
    current = get_channel(engine, channel_id)
    if values.get("name") is not None:
        valid_name(values["name"])
    where = f"channel {values.get('name') or current['name']!r}"  # errors name it
    if current["config"].get(MANAGED) == FROM_CONFIG and {"config", "kind", "name"} & set(values):
        raise ConfigError(
            f"channel {current['name']!r} is defined in the config file "
            f"([alerts.channels.{current['name']}]): change it there"
        )
    if "config" in values:
        with engine.connect() as conn:
            stored = conn.scalar(select(channels.c.config).where(channels.c.id == channel_id)) or {}
        # a client sending back what it was shown ("***", "slack://***", "user:***@") keeps the secret
        shown = shown_config(current["kind"], stored)
        values["config"] = unredact(current["kind"], values["config"], stored, shown, where=where)
    if "config" in values or "kind" in values:
        kind = values.get("kind", current["kind"])
        if "config" not in values:
            with engine.connect() as conn:
                values["config"] = (
                    conn.scalar(select(channels.c.config).where(channels.c.id == channel_id)) or {}
                )
        # a channel taken out of its config file keeps the marks that let the file take it back
        marks = {k: v for k, v in values["config"].items() if k in (MANAGED, CONFIG_FILE)}
        options = {k: v for k, v in values["config"].items() if k not in marks}
        values["config"] = make_channel_config(kind, options, where=where) | marks
    if values.get("name") not in (None, current["name"]):
        with engine.connect() as conn:
            if conn.scalar(select(channels.c.id).where(channels.c.name == values["name"])) is not None:
                raise DuplicateNameError(f"a channel named {values['name']!r} already exists")
    if values:
        try:
            with engine.begin() as conn:
                conn.execute(update(channels).where(channels.c.id == channel_id).values(**values))
        except IntegrityError as exc:
            raise DuplicateNameError(f"a channel named {values.get('name')!r} already exists") from exc
    return get_channel(engine, channel_id)


def delete_channel(engine: Engine, channel_id: int) -> None:
    get_channel(engine, channel_id)
    with engine.begin() as conn:
        # SQLite enforces no cascade without the pragma on every connection: delete explicitly.
        conn.execute(alerts.delete().where(alerts.c.channel_id == channel_id))
        conn.execute(rules.delete().where(rules.c.channel_id == channel_id))
        conn.execute(channels.delete().where(channels.c.id == channel_id))


# -- rules ------------------------------------------------------------------------------------
def _rules_query() -> Any:
    named = select(rules, channels.c.name.label("channel_name"))
    return named.join(channels, channels.c.id == rules.c.channel_id).order_by(rules.c.id)


def channel_rules(engine: Engine, channel_id: int | None = None) -> dict[int, list[dict[str, Any]]]:
    """Each channel's rules by channel id, as the CLI and the API show them: its stored rules,
    paused ones too, and its default rule while none of them is active (the rule its alerts
    then follow)."""
    chosen = select(channels.c.id, channels.c.name).order_by(channels.c.id)
    stored = _rules_query()
    if channel_id is not None:
        chosen = chosen.where(channels.c.id == channel_id)
        stored = stored.where(rules.c.channel_id == channel_id)
    with engine.connect() as conn:
        names = {int(c.id): str(c.name) for c in conn.execute(chosen)}
        shown: dict[int, list[dict[str, Any]]] = {cid: [] for cid in names}
        for r in conn.execute(stored):
            shown[r.channel_id].append(_rule(r))
    for cid, own in shown.items():
        if not any(r["active"] for r in own):
            own.append(rule_json(None, default_rule(cid), channel=names[cid]))
    return shown


def list_rules(engine: Engine, *, channel_id: int | None = None) -> list[dict[str, Any]]:
    """Every channel's rules (default ones included), in channel order."""
    return [r for own in channel_rules(engine, channel_id).values() for r in own]


def rules_listing(engine: Engine, *, channel_id: int | None = None) -> dict[str, Any]:
    """``watcher rule list --json`` and ``GET /api/rules``: the rules, and what the default
    rule tells of and leaves out."""
    return {
        "rules": list_rules(engine, channel_id=channel_id),
        "default_kinds": list(DEFAULT_KINDS),
        "default_skip_kinds": list(DEFAULT_SKIP_KINDS),
    }


def get_rule(engine: Engine, rule_id: int) -> dict[str, Any]:
    with engine.connect() as conn:
        row = conn.execute(_rules_query().where(rules.c.id == rule_id)).first()
    if row is None:
        raise NotFoundError(f"no such rule: {rule_id}")
    return _rule(row)


def _kinds_stored(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with its lists of kinds as stored: each kind once, in the order given."""
    kinds = {
        key: join_list(parse_kinds(values[key] or (), key))
        for key in ("kinds", "skip_kinds")
        if key in values
    }
    return values | kinds


def create_rule(engine: Engine, *, now: datetime, **values: Any) -> dict[str, Any]:
    get_channel(engine, values["channel_id"])
    check_skipped(values.get("kinds") or (), values.get("skip_kinds") or ())
    values = _kinds_stored({"kinds": (), "skip_kinds": ()} | values)
    with engine.begin() as conn:
        new_id = conn.execute(
            insert(rules).values(created_at=now, **values).returning(rules.c.id)
        ).scalar_one()
    return get_rule(engine, int(new_id))


def update_rule(engine: Engine, rule_id: int, **values: Any) -> dict[str, Any]:
    stored = get_rule(engine, rule_id)
    check_skipped(
        values.get("kinds", stored["kinds"]) or (), values.get("skip_kinds", stored["skip_kinds"]) or ()
    )
    if "channel_id" in values:
        get_channel(engine, values["channel_id"])
    values = _kinds_stored(values)
    if values:
        with engine.begin() as conn:
            conn.execute(update(rules).where(rules.c.id == rule_id).values(**values))
    return get_rule(engine, rule_id)


def delete_rule(engine: Engine, rule_id: int) -> None:
    get_rule(engine, rule_id)
    with engine.begin() as conn:
        conn.execute(rules.delete().where(rules.c.id == rule_id))


# -- alerts -----------------------------------------------------------------------------------
def list_alerts(
    engine: Engine, *, status: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """A page of alerts, newest first, and how many match in all."""
    count = select(func.count()).select_from(alerts)
    if status:
        count = count.where(alerts.c.status == status)
    with engine.connect() as conn:
        total = int(conn.scalar(count) or 0)
    return outbox.list_alerts(engine, status=status, limit=limit, offset=offset), total


def get_alert(engine: Engine, alert_id: int) -> dict[str, Any]:
    with engine.connect() as conn:
        row = conn.execute(outbox.alerts_query().where(alerts.c.id == alert_id)).first()
    if row is None:
        raise NotFoundError(f"no such alert: {alert_id}")
    return outbox.alert_dict(row)


def retry_alert(engine: Engine, alert_id: int, *, now: datetime) -> dict[str, Any]:
    """Queue an undelivered alert for delivery now (its idempotency key is kept); never one
    being delivered now (``AlertBusyError``)."""
    with engine.begin() as conn:
        lease = conn.scalar(select(alerts.c.lease_expires_at).where(alerts.c.id == alert_id))
        outbox.busy_until(alert_id, lease, now)
        conn.execute(
            update(alerts)
            .where(alerts.c.id == alert_id, alerts.c.status != "sent", outbox.unleased(now))
            .values(status="pending", next_attempt_at=now, lease_owner=None, lease_expires_at=None)
        )
    return get_alert(engine, alert_id)
