"""Bad input found by a review: each gets one clear line and an exit code or a 4xx, never a
traceback or a 500, and secrets stay hidden."""

from __future__ import annotations

import codecs
import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.cli import Run, run_cli
from tests.support.site import Site
from tests.support.web import LiveServer, start_server
from tests.test_fetch import fetch

Cli = Callable[..., Run]
HUGE = "99999999999999999999"


@pytest.fixture
def server(sqlite_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    s = start_server(sqlite_url, tmp_path)  # no token: loopback only, pages without a login
    yield s
    s.close()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("history", HUGE), 1, "no such watch"),
        (("remove", HUGE), 1, "no such watch"),
        (("show", "1", "--version", HUGE), 1, "no such watch"),
        (("add", "https://n.example/a", "--every", HUGE + "d"), 1, "between 10s and 366d"),
        (("changes", "--since", "0001-01-01T00:00:00+01:00"), 2, "in range"),
        (
            ("channel", "add", "webhook", "w", "--url", "http://127.0.0.1:99999/"),
            1,
            "expected an http(s) URL",
        ),
        (("channel", "add", "webhook", "w", "--url", "http://[::1"), 1, "expected an http(s) URL"),
    ],
)
def test_out_of_range_arguments(cli: Cli, args: tuple[str, ...], code: int, message: str) -> None:
    run = cli(*args)
    assert (run.code, "Traceback" in run.err) == (code, False), run.err
    assert message in run.err and run.err.count("\n") == 1


def test_a_file_that_is_not_utf8(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "urls.txt"
    bad.write_bytes(b"\xff\xfehttp://n.example/a\n")
    run = cli("add", "--from-file", str(bad))
    assert run.code == 2 and "not UTF-8" in run.err
    late = tmp_path / "late.txt"
    late.write_bytes(b"http://n.example/b\n" * 30_000 + b"\xff\n")  # (past the first chunk a decoder reads)
    run = cli("add", "--from-file", str(late))
    assert run.code == 2 and "at byte 570000" in run.err and cli("list", "--json").json()["watches"] == []


def test_a_file_of_urls_written_by_windows_notepad(cli: Cli, tmp_path: Path) -> None:
    """A byte order mark and CRLF line ends, as Windows writes them."""
    listing = tmp_path / "urls.txt"
    listing.write_bytes(b"\xef\xbb\xbfhttp://n.example/a\r\n# a comment\r\nhttp://n.example/b\r\n")
    run = cli("add", "--from-file", str(listing), "--json")
    assert run.code == 0, run.err
    assert [w["url"] for w in run.json()["added"]] == ["http://n.example/a", "http://n.example/b"]


def test_output_that_cannot_be_written_is_one_line(sqlite_url: str) -> None:
    """A full disk under ``watcher export URL > backup.json``: one line and exit 1, no traceback."""
    command = [sys.executable, "-m", "watcher", "--db", sqlite_url]
    subprocess.run([*command, "add", "http://n.example/a"], check=True, capture_output=True)
    for args in (["list"], ["list", "--json"], ["export", "http://n.example/a"]):
        with open("/dev/full", "w") as full:
            run = subprocess.run([*command, *args], stdout=full, stderr=subprocess.PIPE, text=True)
        assert run.returncode == 1, args
        assert run.stderr == "error: cannot write the output: No space left on device\n", run.stderr


@pytest.mark.parametrize(
    "args",
    [
        (b"add", b"http://n.example/a/\xff"),
        (b"list", b"--search", b"\xff"),
        (b"add", b"http://n.example/a", b"--label", b"caf\xe9"),
    ],
)
def test_an_argument_that_is_not_utf8(sqlite_url: str, args: tuple[bytes, ...]) -> None:
    # (a real process: the bytes reach Python as the OS gives them, as surrogates)
    run = subprocess.run(
        [sys.executable, "-m", "watcher", "--db", sqlite_url, *args],
        capture_output=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8", "HOME": "/tmp"},
    )
    err = run.stderr.decode()
    assert run.returncode == 2 and err == "error: an argument is not UTF-8 text\n", err
    assert "Traceback" not in err and err.count("\n") == 1


def test_a_file_name_that_is_not_utf8_is_a_file_name(sqlite_url: str, tmp_path: Path) -> None:
    # (a Linux file name is bytes: one the locale cannot decode still names its file)
    listing = tmp_path / "caf\udce9.txt"  # (the byte 0xe9, as Python holds it)
    listing.write_text("https://n.example/a\n")
    run = subprocess.run(
        [sys.executable, "-m", "watcher", "--db", sqlite_url, "add", "--from-file", os.fsencode(listing)],
        capture_output=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8", "HOME": "/tmp"},
    )
    assert run.returncode == 0, run.stderr.decode()
    assert run_cli("--db", sqlite_url, "list", "--json").json()["watches"][0]["url"] == "https://n.example/a"


def test_a_database_url_with_a_bad_port_hides_its_password() -> None:
    run = run_cli("--db", "postgresql://u:hunter2@db.example:port/watcher", "list")
    assert run.code == 1 and "invalid database URL" in run.err and "hunter2" not in run.err


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[alerts]\nchannels = 5\n", "alerts.channels: expected tables"),
        (
            '[alerts.channels.x]\nkind = "webhook"\nurl = "http://127.0.0.1:9/x"\n'
            "[[alerts.channels.x.rules]]\nkinds = 5\n",
            "expected a list of kinds",
        ),
        ("[fetch]\ntimeout = nan\n", "expected a finite number"),
        ("[fetch]\ntotal_timeout = inf\n", "expected a finite number"),
        ("[fetch]\nmax_redirects = -1\n", "fetch.max_redirects"),
        ("[web]\nport = 99999\n", "web.port"),
        # accepted once, then every check failed (blaming its URL) or crashed in the fetch
        ('[fetch]\nuser_agent = "caf\u00e9"\n', "fetch.user_agent must be printable ASCII"),
        ('[fetch]\nuser_agent = "a\\nb"\n', "fetch.user_agent must be printable ASCII"),
        ("[fetch]\ntimeout = 1e308\n", "at most a day"),
        ("[fetch]\nper_host_delay = 1e308\n", "fetch.per_host_delay"),
        ("[fetch]\nper_host_delay = -5\n", "fetch.per_host_delay"),
        ("[browser]\ntimeout = 1e9\n", "browser.timeout"),
        ("[alerts]\nbackoff_max = 1e300\n", "at most 366 days"),
        # accepted once, then the service logged an overflow every second and checked nothing
        ("[service]\nbatch = 99999999999999999999\n", "service.batch must be between 1 and 100000"),
        ("[service]\ntick = 1e300\n", "service.tick must be a positive number of seconds, at most 366 days"),
        ("[service]\nprune_every = 1e300\n", "service.prune_every"),
        ("[alerts]\nbatch = 10000000000\n", "alerts.batch must be between 1 and 100000"),
        ("[fetch]\nconcurrency = 10000000000\n", "fetch.concurrency"),
    ],
)
def test_config_values_of_the_wrong_kind(sqlite_url: str, tmp_path: Path, toml: str, message: str) -> None:
    config = tmp_path / "watcher.toml"
    config.write_text(toml)
    run = run_cli("--config", str(config), "--db", sqlite_url, "list")
    assert run.code == 1 and message in run.err and "Traceback" not in run.err


def test_api_rejects_what_used_to_be_a_500(server: LiveServer) -> None:
    api = server.client()
    r = api.post("/api/watches", json={"url": "https://n.example/a", "every": HUGE + "d"})
    assert r.status_code == 422 and "366d" in r.json()["error"]["message"]
    r = api.post("/api/channels", json={"name": "e1", "kind": "email", "config": {"to": 5}})
    assert r.status_code == 422
    page = server.client()
    page.get("/")
    fields = {f"f{i}": "x" for i in range(30)} | {"csrf": page.cookies["watcher_csrf"]}
    assert page.post("/watches", data=fields).status_code == 400


def test_api_hides_channel_secrets_as_the_cli_does(server: LiveServer, sqlite_url: str) -> None:
    api = server.client()
    apprise = {"name": "slack", "kind": "apprise", "config": {"url": "slack://TokenA/TokenB/TokenC"}}
    created = api.post("/api/channels", json=apprise).json()
    assert created["config"]["url"] == "slack://***" and "TokenA" not in api.get("/api/channels").text
    # sending back what was shown keeps the secret
    api.patch(f"/api/channels/{created['id']}", json={"config": {"url": "slack://***"}})
    with server.watcher.store.engine.connect() as conn:
        from sqlalchemy import select

        from watcher.store.schema import channels

        stored = conn.scalar(select(channels.c.config).where(channels.c.id == created["id"]))
    assert stored["url"] == "slack://TokenA/TokenB/TokenC"
    email = {
        "name": "desk",
        "kind": "email",
        "config": {"to": "desk@example.org", "smtp_url": "smtp://user:hunter2@secret@mail.example"},
    }
    shown = api.post("/api/channels", json=email).json()["config"]["smtp_url"]
    assert "hunter2" not in shown and "secret" not in shown


def test_a_utf16_page_with_a_bom_is_text_not_binary(site: Site) -> None:
    text = "<html><body><p>Caf\u00e9 \u201cquoted\u201d</p></body></html>"
    url = site.serve("/utf16", codecs.BOM_UTF16_BE + text.encode("utf-16-be"), content_type="text/html")
    assert fetch(url).text == text


def test_serve_on_a_taken_port_is_a_one_line_error(sqlite_url: str) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        run = subprocess.run(
            [sys.executable, "-m", "watcher", "--db", sqlite_url, "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        taken.close()
    assert run.returncode == 1 and "cannot listen on" in run.stderr and "Traceback" not in run.stderr


def test_a_channel_from_the_config_file_is_changed_there_not_through_the_api(server: LiveServer) -> None:
    from watcher.store.channels import sync_config_channels

    spec = {"desk": {"kind": "webhook", "url": "http://127.0.0.1:9/hook", "secret": "abc"}}
    sync_config_channels(server.watcher.store.engine, spec, now=server.watcher.clock.now())
    api = server.client()
    (desk,) = [c for c in api.get("/api/channels").json()["channels"] if c["name"] == "desk"]
    r = api.patch(f"/api/channels/{desk['id']}", json={"config": {"url": "http://127.0.0.1:9/other"}})
    assert r.status_code == 422 and "defined in the config file" in r.json()["error"]["message"]
    assert api.patch(f"/api/channels/{desk['id']}", json={"active": False}).json()["active"] is False
