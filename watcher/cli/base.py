"""Shared CLI plumbing: the root group, the lazily built service, JSON and time helpers.

Every error a user can cause ends as one line on stderr and a non-zero exit code:
1 for a failed command, 2 for bad usage, 3 when checks ran but some of them failed.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click
from sqlalchemy.exc import DBAPIError

from watcher import __version__
from watcher.config import Settings, load_settings
from watcher.errors import StorageError
from watcher.redact import redact_urls
from watcher.terminal import takes_any_text, visible

F = TypeVar("F", bound=Callable[..., Any])
EXIT_FAILED, EXIT_USAGE, EXIT_CHECKS_FAILED = 1, 2, 3


class Context:
    """Lazily built settings and service, shared by the commands of one invocation."""

    def __init__(self, config: Path | None, db: str | None) -> None:
        self.config_path = config
        self.db = db
        self._settings: Settings | None = None
        self._watcher: Any = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            env = dict(os.environ)
            if self.db:
                env["WATCHER_DB"] = self.db
            self._settings = load_settings(self.config_path, env)
        return self._settings

    @property
    def watcher(self) -> Any:
        if self._watcher is None:
            from watcher.app import make_watcher

            self._watcher = make_watcher(self.settings)
        return self._watcher


def say(message: Any = "", *, err: bool = False, nl: bool = True) -> None:
    """Print a line that may hold a page's text, its control characters shown, not obeyed."""
    click.echo(visible(str(message)), err=err, nl=nl)


def emit_json(doc: Any) -> None:
    """Print ``doc``, every watch and feed URL in it shown without its password; to a stream
    that cannot encode every character, with JSON's escapes for all but ASCII."""
    ascii_only = not takes_any_text(sys.stdout)
    click.echo(json.dumps(redact_urls(doc), ensure_ascii=ascii_only, indent=2, default=str))


def ts(dt: datetime | None) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ") if dt else "-"


def counted(n: int, noun: str) -> str:
    """``1 version``, ``2 versions``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def json_option(f: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout.")(f)


def not_empty(why: str) -> Callable[[click.Context, click.Parameter, str | None], str | None]:
    """Callback of an option whose empty value would silently mean "not given": bad usage, saying ``why``."""

    def check(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise click.BadParameter(why, ctx=ctx, param=param)
        return value

    return check


#: callback of a filter option (``--kind``, ``--since``, ``--search``, a single ``--label``)
filter_value = not_empty("an empty value filters nothing: give one, or leave the option out")


def checked_labels(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Callback of a ``--label`` option: each label without a comma (the API refuses one too);
    a single one is a filter, and not empty."""
    from watcher.errors import InvalidLabelError
    from watcher.labels import check_label

    if not isinstance(value, tuple):
        filter_value(ctx, param, value)
    try:
        if isinstance(value, tuple):
            return tuple(check_label(v) for v in value)
        return None if value is None else check_label(value)
    except InvalidLabelError as exc:
        hint = " (repeat --label for several)" if param.multiple else ""
        raise click.BadParameter(f"{exc}{hint}", ctx=ctx, param=param) from None


class Command(click.Command):
    """A command whose usage errors name it. click raises some (an option given no value,
    ``show URL --version``) with no context, and the hint said ``watcher --help``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            exc.ctx = exc.ctx or ctx
            raise


class Group(Command, click.Group):
    """A group of commands: its commands and groups name themselves in a usage error too."""

    command_class = Command
    group_class: type[click.Group | type] | None = type  # (its groups are of its own class)


class RootGroup(Group):
    """The root group (its groups are ``Group``s). A database error that no store method
    turned into a WatcherError becomes one here, where the database URL is known: the
    driver's message in one line, without the URL's secrets (drivers repeat parts of the
    connection string)."""

    group_class = Group

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DBAPIError as exc:
            raise StorageError(f"database: {database_message(exc, ctx.find_object(Context))}") from exc
        except BrokenPipeError as exc:  # (click would exit 1, saying nothing: see ReaderGone)
            raise ReaderGone from exc


class ReaderGone(Exception):
    """The reader of stdout stopped reading (``watcher show URL | head -1``): the command ends
    quietly with exit 0, as it would had the reader read it all."""


def database_message(exc: DBAPIError, obj: Context | None) -> str:
    """The driver's message in one line, without the secrets of ``obj``'s database URL."""
    from sqlalchemy.engine import make_url

    from watcher.store.engine import driver_message, normalise_url

    # (the URL was read when the database was opened: reading it again cannot fail)
    url = make_url(normalise_url(obj.settings.db_url if obj is not None else "sqlite://"))
    return driver_message(exc, url)


@click.group(cls=RootGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config",
    type=click.Path(path_type=Path),
    envvar="WATCHER_CONFIG",
    help="TOML config file (default: ./config/watcher.toml if present).",
)
@click.option(
    "--db",
    "db",
    metavar="URL",
    callback=not_empty("give a database URL (leave --db out for the default database)"),
    help="SQLAlchemy database URL (overrides WATCHER_DB and db.url).",
)
@click.version_option(__version__, prog_name="watcher")
@click.pass_context
def cli(ctx: click.Context, config: Path | None, db: str | None) -> None:
    """watcher: track news articles and see exactly what changed, and when."""
    ctx.obj = Context(config, db)


def _ctx() -> Context:
    obj = click.get_current_context().find_object(Context)
    assert obj is not None
    return obj


def version_span(from_version: int | None, to_version: int) -> str:
    """How a listing names a change's versions: ``v1->v2``, or ``v1 (first)``."""
    return f"v{from_version}->v{to_version}" if from_version else f"v{to_version} (first)"
