"""Settings: built-in defaults, then the TOML config file, then WATCHER_* environment variables.

The only module that reads TOML or the environment. Every key is validated once, here, so a
typo in a config file is a one-line error at start-up, not a surprise at 3 a.m.

Environment overrides: ``WATCHER_DB`` (= ``db.url``), ``WATCHER_ALLOW_PRIVATE_ADDRESSES``
(= ``fetch.allow_private_addresses``), and ``WATCHER_<SECTION>__<KEY>`` for any key, e.g.
``WATCHER_FETCH__TIMEOUT=30``.
"""

from __future__ import annotations

import dataclasses
import math
import os
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from platformdirs import user_data_dir

from watcher.errors import ConfigError

DEFAULT_CONFIG_PATH = Path("config") / "watcher.toml"


def default_db_url() -> str:
    return f"sqlite:///{Path(user_data_dir('watcher')) / 'watcher.db'}"


@dataclass(frozen=True)
class DbSettings:
    url: str = ""  #: SQLAlchemy URL; empty means the SQLite file in the user's data directory


@dataclass(frozen=True)
class FetchSettings:
    timeout: float = 20.0  #: seconds for connect and for each read
    total_timeout: float = 60.0  #: seconds for a whole fetch, redirects included
    max_bytes: int = 10_000_000  #: bodies larger than this are refused
    max_redirects: int = 5
    user_agent: str = "watcher/0.1 (+self-hosted article edit tracker)"
    allow_private_addresses: bool = False  #: allow loopback/private targets (tests, intranets)
    concurrency: int = 16  #: fetches in flight at once, in one process
    per_host_concurrency: int = 4  #: fetches in flight to one host
    per_host_delay: float = 0.0  #: minimum seconds between request starts to one host
    transport: str = "aiohttp"  #: what httpx sends requests with: "aiohttp" or "httpcore" (httpx's own)


FETCH_TRANSPORTS = ("aiohttp", "httpcore")


@dataclass(frozen=True)
class BrowserSettings:
    """Pages of watches added with ``--render``: run in headless Chromium (watcher/fetch/render.py)."""

    executable: str = ""  #: Chromium or Chrome to start; empty: the first of chromium, google-chrome on PATH
    timeout: float = 30.0  #: seconds for one page to load and render
    settle: float = 5.0  #: after the page loaded, at most this many seconds for its requests to end
    pages: int = 2  #: pages rendered at once, in one process
    max_requests: int = 100  #: requests one page's scripts may make (more are refused)
    #: start the browser in a network namespace of its own (``unshare``), so that nothing a page
    #: tries past watcher's answers (WebRTC) reaches the network
    isolate_network: bool = True


@dataclass(frozen=True)
class ScheduleSettings:
    default_every: str = "15m"  #: interval for new watches without --every
    jitter: float = 0.1  #: +- fraction of the interval added at random to each next check
    max_backoff: str = "1d"  #: longest wait after repeated failures
    #: a new version whose body is under this fraction of the last one's (a consent wall, a
    #: paywall, an error page served as 200) is stored only if the next check sees it too
    #: (0: store at once)
    confirm_drop: float = 0.5
    confirm_after: str = "5m"  #: when that next check runs (at the latest: the watch's interval)


@dataclass(frozen=True)
class AlertSettings:
    """Alert delivery (issue 4). Durations are seconds. See README, "Alerts"."""

    base_url: str = ""  #: public base URL of the web view, for links in alerts ("" = no links)
    max_attempts: int = 8  #: failed deliveries before an alert is dead
    backoff_base: float = 30.0  #: first retry after about this long, doubling each time
    backoff_max: float = 21600.0  #: longest wait between two attempts
    group_window: float = 0.0  #: hold alerts this long and send one message per article
    lease: float = 300.0  #: a claimed alert is left alone this long by other workers
    timeout: float = 20.0  #: seconds for one delivery (SMTP or HTTP)
    concurrency: int = 8  #: deliveries in flight in one process
    batch: int = 200  #: alerts claimed at once
    poll_interval: float = 5.0  #: seconds between rounds of ``watcher alerts dispatch``
    email_from: str = "watcher@localhost"  #: From: of alert emails
    smtp_url: str = "smtp://localhost:25"  #: default SMTP server for email channels
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)  #: [alerts.channels.NAME]


@dataclass(frozen=True)
class ServiceSettings:
    """The long-running service, ``watcher run`` (issue 5)."""

    tick: float = 1.0  #: seconds between two claims of due watches
    batch: int = 200  #: most watches one claim takes
    lease: float = 600.0  #: seconds a claimed watch stays reserved for its worker
    shutdown_grace: float = 20.0  #: seconds in-flight checks get to finish on SIGTERM/SIGINT
    bind: str = "127.0.0.1"  #: address of /healthz, /readyz, /metrics (and the web app)
    port: int = 8765
    log_format: str = "text"  #: "text" (one human-readable line per event) or "json"
    ageing: tuple[str, ...] = ()  #: "AGE:EVERY" steps, e.g. ("1h:5m", "1d:1h", "7d:1d")
    stop_after_age: str = ""  #: stop watches older than this ("30d"); empty: never
    stop_after_unchanged_checks: int = 0  #: stop after this many checks in a row without change; 0: never
    keep_checks: str = "90d"  #: delete check rows older than this; empty: keep all
    prune_every: float = 3600.0  #: seconds between prunes
    gauges_every: float = 5.0  #: seconds between refreshes of queue lag and alert counts
    alerts_every: float = 10.0  #: seconds between alert dispatch runs (when alerts are installed)
    feeds_every: float = 60.0  #: seconds between looks for due feeds (each feed has its own --every)

    def __post_init__(self) -> None:
        from watcher.schedule import parse_age, parse_ageing

        for name in (
            "tick",
            "lease",
            "shutdown_grace",
            "prune_every",
            "gauges_every",
            "alerts_every",
            "feeds_every",
        ):
            if not 0 < getattr(self, name) <= _YEAR:
                raise ConfigError(f"service.{name} must be a positive number of seconds, at most 366 days")
        if not 1 <= self.batch <= _MOST:
            raise ConfigError(f"service.batch must be between 1 and {_MOST}")
        if not 0 <= self.port <= 65535:
            raise ConfigError("service.port must be between 0 and 65535")
        if self.log_format not in ("text", "json"):
            raise ConfigError(f"service.log_format must be 'text' or 'json', not {self.log_format!r}")
        if not 0 <= self.stop_after_unchanged_checks <= 10**9:
            raise ConfigError("service.stop_after_unchanged_checks must be 0 (never) or more, at most 10^9")
        try:
            parse_ageing(self.ageing)
            for value in (self.stop_after_age, self.keep_checks):
                if value:
                    parse_age(value)
        except ValueError as exc:
            raise ConfigError(f"service: {exc}") from None


@dataclass(frozen=True)
class WebSettings:
    """The HTTP API and web page (issue 6)."""

    host: str = "127.0.0.1"  #: address ``watcher serve`` binds to
    port: int = 8765  #: port ``watcher serve`` listens on
    token: str = ""  #: bearer token for the API and web login; empty: loopback-only, no auth


@dataclass(frozen=True)
class Settings:
    db: DbSettings = field(default_factory=DbSettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)
    browser: BrowserSettings = field(default_factory=BrowserSettings)
    schedule: ScheduleSettings = field(default_factory=ScheduleSettings)
    alerts: AlertSettings = field(default_factory=AlertSettings)
    service: ServiceSettings = field(default_factory=ServiceSettings)
    web: WebSettings = field(default_factory=WebSettings)
    source: str = "defaults"  #: where the settings came from, for messages

    @property
    def db_url(self) -> str:
        return self.db.url or default_db_url()

    @property
    def db_is_default(self) -> bool:
        """No database named: the SQLite file in the user's data directory, whose folders are
        made on first use (a named database's folder must exist)."""
        return not self.db.url


#: the shortest web.token taken
_TOKEN_CHARS = 16
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _coerce(value: Any, hint: Any, where: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if value is None or value == "":
            return None
        return _coerce(value, args[0], where)
    if origin in (list, tuple):
        (inner, *_) = typing.get_args(hint) or (str,)
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if not isinstance(value, list | tuple):
            raise ConfigError(f"{where}: expected a list, got {value!r}")
        items = [_coerce(v, inner, where) for v in value]
        return tuple(items) if origin is tuple else items
    if hint is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise ConfigError(f"{where}: expected true or false, got {value!r}")
    if hint is int:
        # (a float is taken when it is a whole number: 1e7, not 1.5 cut to 1, nor 1e400, inf)
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise ConfigError(f"{where}: expected an integer, got {value!r}")
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ConfigError(f"{where}: expected an integer, got {value!r}") from None
    if hint is float:
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):
            raise ConfigError(f"{where}: expected a number, got {value!r}") from None
        if not math.isfinite(number):  # nan and inf pass every "<= 0" check
            raise ConfigError(f"{where}: expected a finite number, got {value!r}")
        return number
    if hint is str:
        if not isinstance(value, str | int | float):
            raise ConfigError(f"{where}: expected a string, got {value!r}")
        return str(value)
    return value


def _section(cls: type[Any], values: Mapping[str, Any], name: str) -> Any:
    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = set(values) - known
    if unknown:
        raise ConfigError(f"unknown key {name}.{sorted(unknown)[0]} (known: {', '.join(sorted(known))})")
    return cls(**{k: _coerce(v, hints[k], f"{name}.{k}") for k, v in values.items()})


def _sections() -> dict[str, type[Any]]:
    hints = typing.get_type_hints(Settings)
    return {
        f.name: hints[f.name] for f in dataclasses.fields(Settings) if dataclasses.is_dataclass(hints[f.name])
    }


def load_settings(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from ``path`` (or WATCHER_CONFIG, or ./config/watcher.toml if present) and env."""
    env = os.environ if environ is None else environ
    if path is None and env.get("WATCHER_CONFIG"):
        path = Path(env["WATCHER_CONFIG"])
    explicit = path is not None
    if path is None and DEFAULT_CONFIG_PATH.is_file():
        path = DEFAULT_CONFIG_PATH
    raw: dict[str, Any] = {}
    if path is not None:
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            if explicit:
                raise ConfigError(f"config file not found: {path}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read config file {path}: {exc}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"invalid TOML in {path}: {exc}") from exc
    sections = _sections()
    merged: dict[str, dict[str, Any]] = {name: {} for name in sections}
    for key, value in raw.items():
        if key not in sections or not isinstance(value, dict):
            raise ConfigError(f"unknown section [{key}] in {path} (known: {', '.join(sorted(sections))})")
        merged[key].update(value)
    for key, value in env.items():
        if key.startswith("WATCHER_") and "__" in key:
            section, _, name = key[len("WATCHER_") :].lower().partition("__")
            if section not in sections:
                raise ConfigError(f"{key}: unknown section {section!r}")
            merged[section][name] = value
    if env.get("WATCHER_DB"):
        merged["db"]["url"] = env["WATCHER_DB"]
    if env.get("WATCHER_ALLOW_PRIVATE_ADDRESSES") is not None:
        merged["fetch"]["allow_private_addresses"] = env["WATCHER_ALLOW_PRIVATE_ADDRESSES"]
    built = {name: _section(cls, merged[name], name) for name, cls in sections.items()}
    settings = Settings(**built, source=str(path) if path else "defaults")
    validate(settings)
    return settings


_HOUR, _DAY, _YEAR = 3600.0, 86400.0, 366 * 86400.0  #: upper bounds of durations, in seconds
#: the upper bound of counts (batches, fetches or alerts at once): a larger one would overflow
#: a database's integer, or ask for more than a machine holds, at its first use
_MOST = 100_000


def validate(settings: Settings) -> None:
    f = settings.fetch
    if not (0 < f.timeout <= _DAY and 0 < f.total_timeout <= _DAY):
        raise ConfigError("fetch.timeout and fetch.total_timeout must be positive, and at most a day (86400)")
    if not 0 <= f.per_host_delay <= _HOUR:
        raise ConfigError("fetch.per_host_delay must be between 0 and 3600 seconds")
    if not (
        f.user_agent and f.user_agent.isascii() and f.user_agent.isprintable() and len(f.user_agent) <= 512
    ):
        # (sent as a header: anything else failed every check, blaming its URL)
        raise ConfigError("fetch.user_agent must be printable ASCII, 1 to 512 characters")
    if not 1024 <= f.max_bytes <= 2**31:
        raise ConfigError("fetch.max_bytes must be between 1024 and 2147483648")
    if not (1 <= f.concurrency <= _MOST and 1 <= f.per_host_concurrency <= _MOST):
        raise ConfigError(f"fetch.concurrency and fetch.per_host_concurrency must be between 1 and {_MOST}")
    if not 0 <= f.max_redirects <= 100:
        raise ConfigError("fetch.max_redirects must be between 0 and 100")
    if f.transport not in FETCH_TRANSPORTS:
        raise ConfigError(
            f"fetch.transport must be one of {', '.join(FETCH_TRANSPORTS)}, not {f.transport!r}"
        )
    b = settings.browser
    if not 0 < b.timeout <= _HOUR or b.settle < 0 or b.settle >= b.timeout:
        raise ConfigError(
            "browser.timeout must be positive (at most 3600), and browser.settle between 0 and it"
        )
    if not 1 <= b.pages <= 64 or not 0 <= b.max_requests <= _MOST:
        raise ConfigError(
            f"browser.pages must be between 1 and 64, browser.max_requests between 0 and {_MOST}"
        )
    if not 0 <= settings.web.port <= 65535:
        raise ConfigError("web.port must be between 0 and 65535")
    token = settings.web.token
    sendable = token.isascii() and token.isprintable() and " " not in token
    if token and not (len(token) >= _TOKEN_CHARS and sendable):
        # (a blank token let anyone in who typed a space; one with a space at its end could
        # never be sent, the header's value being read without it)
        raise ConfigError(
            f"web.token must be at least {_TOKEN_CHARS} printable ASCII characters with no spaces "
            "(e.g. openssl rand -hex 24), or empty for no token"
        )
    if not 0 <= settings.schedule.jitter < 1:
        raise ConfigError("schedule.jitter must be a fraction in [0, 1)")
    if not 0 <= settings.schedule.confirm_drop < 1:
        raise ConfigError("schedule.confirm_drop must be a fraction in [0, 1) (0: off)")
    from watcher.errors import InvalidIntervalError
    from watcher.schedule import parse_interval

    for key in ("default_every", "max_backoff", "confirm_after"):
        try:
            parse_interval(getattr(settings.schedule, key))
        except InvalidIntervalError as exc:
            raise ConfigError(f"schedule.{key}: {exc}") from None
    a = settings.alerts
    if not all(1 <= n <= _MOST for n in (a.max_attempts, a.concurrency, a.batch)):
        raise ConfigError(
            f"alerts.max_attempts, alerts.concurrency and alerts.batch must be between 1 and {_MOST}"
        )
    durations = (a.backoff_base, a.backoff_max, a.lease, a.timeout, a.poll_interval)
    if min(durations) <= 0 or a.group_window < 0 or max(*durations, a.group_window) > _YEAR:
        raise ConfigError(
            "alerts durations must be positive (alerts.group_window may be 0), and at most 366 days"
        )
    if a.lease <= a.timeout:
        raise ConfigError("alerts.lease must be longer than alerts.timeout")
    if a.base_url and not is_base_url(a.base_url):
        raise ConfigError(
            "alerts.base_url: expected an absolute http(s) URL without query or fragment, "
            f"e.g. https://watcher.example.org, got {a.base_url!r}"
        )


def is_base_url(url: str) -> bool:
    """Whether ``url`` can start the links alerts carry (``{base_url}/watches/...``): http(s),
    a host, no query or fragment, nothing a browser would trim first (spaces, controls)."""
    if not url.isprintable() or any(c in url for c in " ?#"):
        return False
    try:
        parts = urlsplit(url)
        _ = parts.port  # ValueError when out of range or not a number
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def read_secret(env_name: str, environ: Mapping[str, str] | None = None) -> str:
    """A secret kept in an environment variable (alert channels store the variable's name)."""
    env = os.environ if environ is None else environ
    value = env.get(env_name)
    if not value:
        raise ConfigError(f"environment variable {env_name} is not set")
    return value
