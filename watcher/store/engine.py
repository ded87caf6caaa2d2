"""Engines for SQLite (embedded default) and PostgreSQL, with the settings each needs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from watcher.errors import ConfigError, StorageError
from watcher.redact import REDACTED, SECRET_NAME, redact_params


def _credentials_end(rest: str) -> int:
    """Where the ``user:password`` part of ``rest`` (a URL after ``://``) ends: the index of
    its ``@``, or -1 if there is none. That is the last ``@`` before the query string, not
    the first: SQLAlchemy ends the password at its first ``@``, which made the tail of a
    password such as ``p@ss`` part of the host, shown in messages and sent to the resolver.
    Nor the last before a ``/``: a password such as ``p@ss/word`` may hold one."""
    first = rest.find("@")
    if first < 0 or any(c in rest[:first].partition(":")[0] for c in "/?"):
        return -1  # an @ in the path or query: no credentials at all
    query = rest.find("?", first)
    return rest.rfind("@", 0, query if query >= 0 else len(rest))


def _quote_credentials(url: str) -> str:
    """``url`` with an ``@`` inside its user name or password percent-encoded."""
    scheme, sep, rest = url.partition("://")
    end = _credentials_end(rest) if sep else -1
    if end < 0 or "@" not in rest[:end]:
        return url
    user, colon, password = rest[:end].partition(":")
    return f"{scheme}://{quote(unquote(user), safe='')}{colon}{quote(unquote(password), safe='')}{rest[end:]}"


def redact_url(url: str) -> str:
    """The URL with its password hidden, in the user part and in the query string, for
    messages and logs."""
    url = _quote_credentials(url)
    try:
        shown = make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):  # not parseable: hide all of user:password
        scheme, sep, rest = url.partition("://")
        end = _credentials_end(rest) if sep else -1
        shown = f"{scheme}://***{rest[end:]}" if end >= 0 else url
    return redact_params(shown)  # (libpq reads ``?password=`` too)


def _secrets_of(url: URL) -> list[str]:
    """The secrets in a parsed URL, each as given and percent-encoded, longest first."""
    found = [url.password or ""]
    for key, value in url.query.items():
        if SECRET_NAME.search(key):
            found.extend([value] if isinstance(value, str) else value)
    found += [quote(s, safe="") for s in found]
    return sorted({s for s in found if s}, key=len, reverse=True)


def driver_message(exc: BaseException, url: URL) -> str:
    """A database driver's error as one line, with the URL's secrets hidden: drivers repeat
    parts of the connection string and add hints on lines of their own."""
    orig = getattr(exc, "orig", None) or exc
    text = " ".join(line.strip() for line in str(orig).splitlines() if line.strip())
    for secret in _secrets_of(url):
        # a secret where it stands as a word of its own, as a driver repeats it ("password=x"):
        # a short one, "e" or "or", is no word of "connection failed" or "port"
        text = re.sub(rf"(?<![^\W_]){re.escape(secret)}(?![^\W_])", REDACTED, text)
    return text


def normalise_url(url: str) -> str:
    """Use psycopg 3 for plain postgresql:// URLs; an ``@`` in a password is the password's."""
    url = _quote_credentials(url)
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def sqlite_path(url: str) -> Path | None:
    """The database file of an SQLite URL, however it is written (``sqlite:///path``,
    ``sqlite:///file:/path?uri=true``), links followed; None for another database and for
    SQLite in memory."""
    try:
        parsed = make_url(normalise_url(url))
    except (ArgumentError, ValueError):
        return None
    name = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or name in ("", ":memory:"):
        return None
    if parsed.query.get("uri"):  # ("file:/path?mode=ro": the path alone)
        if parsed.query.get("mode") == "memory":
            return None
        name = unquote(urlsplit(name).path)
    if not name or name == ":memory:":
        return None
    return Path(name).expanduser().resolve()


def sqlite_files(url: str) -> list[Path]:
    """The files of the SQLite database at ``url`` (the database, its WAL and shared-memory
    files, its rollback journal); none for another database or one in memory."""
    base = sqlite_path(url)
    if base is None:
        return []
    return [base] + [base.with_name(base.name + end) for end in ("-wal", "-shm", "-journal")]


def ensure_folder(database: str, *, make: bool) -> None:
    """The folder of the SQLite file ``database``: made when ``make`` (the default database,
    in the user's data directory), else it must exist. A mistyped path the user named
    (``--db``, ``WATCHER_DB``, ``db.url``) is refused: made, it was a new empty database."""
    folder = Path(database).parent
    if make:
        folder.mkdir(parents=True, exist_ok=True)
    elif not folder.is_dir():
        raise StorageError(f"cannot open the database {database}: no such directory {folder}")


def _opened_as_it_is(url: URL) -> bool:
    """An SQLite file opened as it is (``?immutable=1`` or ``?mode=ro``): its journal mode is kept."""
    return url.query.get("immutable") == "1" or url.query.get("mode") == "ro"


def use_wal(engine: Engine) -> None:
    """Put an SQLite file in WAL mode (readers never wait for the writer). The mode is the
    file's, kept once set: it is set when the file is known to be watcher's (or empty), never
    on another program's file, which watcher refuses as it found it."""
    if engine.dialect.name == "sqlite" and not _opened_as_it_is(engine.url):
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")


def make_engine(url: str, *, make_folder: bool = False) -> Engine:
    """An engine on ``url``; ``make_folder``: make the folder of an SQLite file (only for the
    default database: see ``ensure_folder``)."""
    url = normalise_url(url)
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:  # ValueError: a port that is not a number
        raise ConfigError(
            f"invalid database URL {redact_url(url)!r}: expected e.g. sqlite:///path or postgresql://..."
        ) from exc
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        # (a "file:" URI names its file itself: its folder is not looked at here, as "./file:")
        if parsed.database and parsed.database != ":memory:" and not parsed.query.get("uri"):
            ensure_folder(parsed.database, make=make_folder)
        kwargs["connect_args"] = {"timeout": 30}
    else:
        kwargs["pool_pre_ping"] = True
        kwargs["pool_size"] = 10
    try:
        engine = create_engine(parsed, **kwargs)
    except (ArgumentError, ImportError) as exc:
        raise ConfigError(f"cannot use database {redact_url(url)}: {exc}") from exc
    if parsed.get_backend_name() == "sqlite":
        as_it_is = _opened_as_it_is(parsed)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            if not as_it_is:
                cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

    return engine
