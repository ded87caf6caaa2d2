"""Database URLs in messages: one line, and no secret however it was given (review)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.support.cli import run_cli
from watcher.store import make_store, redact_url


@pytest.mark.parametrize(
    ("url", "secret"),
    [
        ("postgresql://admin@127.0.0.1:1/db?password=QueryPW1", "QueryPW1"),
        ("postgresql:///db?host=127.0.0.1&port=1&password=KwPW", "KwPW"),
        ("postgresql://admin:p@ssW0rd@127.0.0.1:1/db", "ssW0rd"),
        ("postgresql://admin:pa/ss@W0rd@127.0.0.1:1/db", "W0rd"),
        ("postgresql://admin:p@ss/w0rd@127.0.0.1:1/db", "w0rd"),
        ("postgresql://admin@127.0.0.1:1/db?sslpassword=KeyPW2&connect_timeout=5", "KeyPW2"),
    ],
)
def test_an_unreachable_database_is_one_line_without_its_secret(url: str, secret: str) -> None:
    run = run_cli("--db", url, "list")
    assert run.code == 1 and run.err.startswith("error: cannot open "), run.err
    assert run.err.count("\n") == 1, run.err
    assert secret not in run.err and "***" in run.err


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://u:p@ss@h/db", "postgresql://u:***@h/db"),
        (
            "postgresql://u:pw@h/db?password=x&sslmode=require",
            "postgresql://u:***@h/db?password=***&sslmode=require",
        ),
        ("postgresql:///db?host=h&password=x", "postgresql:///db?host=h&password=***"),
        # the password ends at the last @ before the query string, wherever its / are (review:
        # its end was shown when a / came after its first @)
        ("postgresql://user:p@ss/word@db.example/test", "postgresql://user:***@db.example/test"),
        ("postgresql://u:p@ss@h/my@db", "postgresql://u:***@db"),
        ("postgresql://u:p/w@h/db?user=a@b", "postgresql://u:***@h/db?user=a%40b"),
        ("postgresql:///db?user=a@b&password=x", "postgresql:///db?password=***&user=a%40b"),
        ("postgresql://u:p@ss@h:port/db?password=x", "postgresql://***@h:port/db?password=***"),
    ],
)
def test_redact_url(url: str, shown: str) -> None:
    assert redact_url(url) == shown


def test_a_password_with_an_at_sign_is_the_password_not_part_of_the_host(pg_url: str) -> None:
    # the test server trusts loopback and ignores the password: that the connection is made
    # at all shows the host was read as the host, not as 'ss@127.0.0.1'
    url = pg_url.replace("postgresql+psycopg://postgres@", "postgresql://postgres:p@ss@", 1)
    store = make_store(url)
    try:
        assert store.engine.url.password == "p@ss" and store.engine.url.host == make_url(pg_url).host
        assert "ss@" not in store.shown_url
    finally:
        store.close()


@pytest.mark.parametrize("password", ["e", "or", "5999"])
def test_a_short_password_is_hidden_where_it_stands_alone_not_inside_words(password: str) -> None:
    """A one-letter password starred out every "e" of the driver's message ("conn***ction
    fail***d"), which garbled it and showed which letters the password was."""
    run = run_cli("--db", f"postgresql://bob:{password}@127.0.0.1:5999/x", "list")
    assert run.code == 1 and "connection" in run.err and "failed" in run.err, run.err
    assert "p***t" not in run.err
    if password == "5999":  # (the port, a word of its own in the driver's words, is hidden with it)
        assert "port *** failed" in run.err


def _named_in(how: str, url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The arguments that name the database ``url`` the way ``how`` says."""
    if how == "--db":
        return ["--db", url]
    if how == "WATCHER_DB":
        monkeypatch.setenv("WATCHER_DB", url)
        return []
    config = tmp_path / "named.toml"
    config.write_text(f'[db]\nurl = "{url}"\n')
    return ["--config", str(config)]


@pytest.mark.parametrize("how", ["--db", "WATCHER_DB", "db.url"])
def test_a_database_in_a_folder_that_does_not_exist_is_refused_and_nothing_made(
    how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mistyped path made its folders and a new empty database: "no watches yet", exit 0 (review)."""
    folder = tmp_path / "typo" / "deep"
    args = _named_in(how, f"sqlite:///{folder / 'w.db'}", tmp_path, monkeypatch)
    for command in (["list"], ["db", "upgrade"], ["run", "--no-http"]):
        run = run_cli(*args, *command)
        assert (run.code, run.out) == (1, ""), (command, run)
        assert run.err == f"error: cannot open the database {folder / 'w.db'}: no such directory {folder}\n"
    assert not (tmp_path / "typo").exists()


def test_the_default_database_has_its_folders_made(tmp_path: Path) -> None:
    run = run_cli("list")  # (the user data directory is under tmp_path: see conftest)
    assert run.code == 0, run.err
    assert (tmp_path / "xdg" / "watcher" / "watcher.db").is_file()


@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_db_option_is_bad_usage_not_the_default_database(value: str, tmp_path: Path) -> None:
    run = run_cli("--db", value, "list")
    assert run.code == 2 and run.out == ""
    assert (
        run.err.startswith("error: Invalid value for '--db': give a database URL")
        and run.err.count("\n") == 1
    )
    assert not (tmp_path / "xdg").exists()
