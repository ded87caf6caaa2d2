"""Alert channels and their rules: add, list, remove, and sync the ones in the config file.

Channels declared in ``[alerts.channels.NAME]`` are written to the database (config marked
``"managed": "config"``, with the file's path) so that the outbox, which only sees the
database, can match them. One taken out of that file is paused the next time that file is
loaded (marked ``"managed": "config-removed"``): it gets no new alerts and its queued ones
wait, kept, until it is back in the file or removed for good. A run with no config file, or
another one, pauses nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError

from watcher.alerts.channels import Channel, make_channel_config, valid_name
from watcher.alerts.rules import Rule, check_skipped, parse_kinds
from watcher.errors import ChannelExistsError, ConfigError, InvalidLabelError, NotFoundError
from watcher.labels import check_label
from watcher.store.schema import alerts, channels, readable, rules

MANAGED = "managed"
CONFIG_FILE = "config_file"
FROM_CONFIG = "config"
#: taken out of its file while active / while paused (by the API): how it comes back
REMOVED, REMOVED_PAUSED = "config-removed", "config-removed-paused"


def _channel(row: Any) -> Channel:
    m = readable(row, f"channels, id {row.id}")
    return Channel(
        id=m["id"],
        name=m["name"],
        kind=m["kind"],
        config=dict(m["config"]),
        active=bool(m["active"]),
        created_at=m["created_at"],
    )


def _join(items: Sequence[str]) -> str:
    return "," + ",".join(items) + "," if items else ""


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v for v in (value or "").split(",") if v)


def rule_from_row(r: Any) -> Rule:
    """A stored rule (a row of ``rules``) as the rule it is."""
    return Rule(
        channel_id=r.channel_id,
        kinds=_split(r.kinds),
        label=r.label,
        url_pattern=r.url_pattern,
        min_chars=r.min_chars,
        skip_kinds=_split(r.skip_kinds),
    )


def add_channel(engine: Engine, *, name: str, kind: str, config: dict[str, Any], now: datetime) -> Channel:
    valid_name(name)
    with engine.begin() as conn:
        if conn.scalar(select(channels.c.id).where(channels.c.name == name)) is not None:
            raise ChannelExistsError(f"a channel named {name!r} already exists")
        try:
            conn.execute(
                insert(channels).values(name=name, kind=kind, config=config, active=True, created_at=now)
            )
        except IntegrityError as exc:
            raise ChannelExistsError(f"a channel named {name!r} already exists") from exc
    return get_channel(engine, name)


def get_channel(engine: Engine, name: str) -> Channel:
    with engine.connect() as conn:
        row = conn.execute(select(channels).where(channels.c.name == name)).first()
    if row is None:
        raise NotFoundError(f"no such channel: {name}")
    return _channel(row)


def list_channels(engine: Engine) -> list[tuple[Channel, list[tuple[int, Rule]]]]:
    """Every channel with its rules as (rule id, rule); an empty list means the default rule."""
    with engine.connect() as conn:
        chans = [_channel(r) for r in conn.execute(select(channels).order_by(channels.c.id))]
        found: dict[int, list[tuple[int, Rule]]] = {}
        for r in conn.execute(select(rules).where(rules.c.active.is_(True)).order_by(rules.c.id)):
            found.setdefault(r.channel_id, []).append((r.id, rule_from_row(r)))
    return [(c, found.get(c.id, [])) for c in chans]


def remove_channel(engine: Engine, name: str) -> Channel:
    channel = get_channel(engine, name)
    with engine.begin() as conn:
        conn.execute(alerts.delete().where(alerts.c.channel_id == channel.id))
        conn.execute(rules.delete().where(rules.c.channel_id == channel.id))
        conn.execute(channels.delete().where(channels.c.id == channel.id))
    return channel


def add_rule(engine: Engine, rule: Rule, *, now: datetime) -> int:
    with engine.begin() as conn:
        return int(
            conn.execute(
                insert(rules)
                .values(
                    channel_id=rule.channel_id,
                    kinds=_join(rule.kinds),
                    label=rule.label,
                    url_pattern=rule.url_pattern,
                    min_chars=rule.min_chars,
                    skip_kinds=_join(rule.skip_kinds),
                    active=True,
                    created_at=now,
                )
                .returning(rules.c.id)
            ).scalar_one()
        )


def remove_rule(engine: Engine, rule_id: int) -> None:
    with engine.begin() as conn:
        if conn.execute(rules.delete().where(rules.c.id == rule_id)).rowcount == 0:
            raise NotFoundError(f"no such rule: {rule_id}")


def _rule_label(value: Any, where: str) -> str | None:
    if value in (None, ""):
        return None
    try:
        return check_label(str(value)) or None
    except InvalidLabelError as exc:
        raise ConfigError(f"{where}: {exc}") from None


def rule_from_spec(channel_id: int, spec: Mapping[str, Any], where: str) -> Rule:
    unknown = set(spec) - {"kinds", "label", "url", "min_chars", "skip_kinds"}
    if unknown:
        raise ConfigError(f"{where}: unknown rule key {sorted(unknown)[0]!r}")
    min_chars = spec.get("min_chars", 0)
    if not isinstance(min_chars, int) or min_chars < 0:
        raise ConfigError(f"{where}: min_chars must be a whole number >= 0")
    try:
        kinds = parse_kinds(spec.get("kinds", ()))
        skip_kinds = parse_kinds(spec.get("skip_kinds", ()), "skip_kinds")
        check_skipped(kinds, skip_kinds)
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from None
    return Rule(
        channel_id=channel_id,
        kinds=kinds,
        label=_rule_label(spec.get("label"), where),
        url_pattern=spec.get("url") or None,
        min_chars=min_chars,
        skip_kinds=skip_kinds,
    )


def sync_config_channels(
    engine: Engine, specs: Mapping[str, Mapping[str, Any]], *, now: datetime, config_file: str | None = None
) -> list[str]:
    """Make the database's config-managed channels (and their rules) match the config file
    ``config_file`` (an absolute path; None: no file was loaded). Returns the names of the
    channels paused because that file no longer has them."""
    if not isinstance(specs, Mapping):
        raise ConfigError("alerts.channels: expected tables, e.g. [alerts.channels.desk]")
    for name, spec in specs.items():
        where = f"alerts.channels.{name}"
        if not isinstance(spec, Mapping):
            raise ConfigError(f"{where}: expected a table")
        valid_name(name)
        options = {k: v for k, v in spec.items() if k not in ("kind", "rules")}
        kind = str(spec.get("kind", ""))
        config = make_channel_config(kind, options, where=where) | {MANAGED: FROM_CONFIG}
        if config_file:
            config[CONFIG_FILE] = config_file
        rule_specs = spec.get("rules", [])
        if not isinstance(rule_specs, list):
            raise ConfigError(f"{where}.rules: expected a list of tables")
        with engine.begin() as conn:
            row = conn.execute(select(channels).where(channels.c.name == name)).first()
            managed = dict(row.config).get(MANAGED) if row is not None else None
            if row is not None and managed not in (FROM_CONFIG, REMOVED, REMOVED_PAUSED):
                raise ConfigError(f"{where}: a channel named {name!r} was added with the CLI; rename one")
            if row is None:
                cid = conn.execute(
                    insert(channels)
                    .values(name=name, kind=kind, config=config, active=True, created_at=now)
                    .returning(channels.c.id)
                ).scalar_one()
            else:
                cid = row.id
                # in the file again: as it was when it was taken out
                back = {"active": managed == REMOVED} if managed in (REMOVED, REMOVED_PAUSED) else {}
                if row.kind != kind or dict(row.config) != config:
                    conn.execute(
                        channels.update().where(channels.c.id == cid).values(kind=kind, config=config, **back)
                    )
            wanted = [rule_from_spec(cid, r, f"{where}.rules") for r in rule_specs]
            have = [
                rule_from_row(r)
                for r in conn.execute(select(rules).where(rules.c.channel_id == cid).order_by(rules.c.id))
            ]
            if have != wanted:
                conn.execute(rules.delete().where(rules.c.channel_id == cid))
                for rule in wanted:
                    conn.execute(
                        insert(rules).values(
                            channel_id=cid,
                            kinds=_join(rule.kinds),
                            label=rule.label,
                            url_pattern=rule.url_pattern,
                            min_chars=rule.min_chars,
                            skip_kinds=_join(rule.skip_kinds),
                            active=True,
                            created_at=now,
                        )
                    )
    return _pause_removed(engine, config_file, set(specs)) if config_file else []


def _pause_removed(engine: Engine, config_file: str, kept: set[str]) -> list[str]:
    """Pause the channels ``config_file`` declared and no longer does (their alerts are kept)."""
    paused: list[str] = []
    with engine.begin() as conn:
        for row in conn.execute(select(channels.c.id, channels.c.name, channels.c.active, channels.c.config)):
            config = dict(row.config)
            if config.get(MANAGED) != FROM_CONFIG or config.get(CONFIG_FILE) != config_file:
                continue
            if row.name not in kept:
                marker = REMOVED if row.active else REMOVED_PAUSED
                conn.execute(
                    channels.update()
                    .where(channels.c.id == row.id)
                    .values(active=False, config=config | {MANAGED: marker})
                )
                if row.active:
                    paused.append(str(row.name))
    return paused
