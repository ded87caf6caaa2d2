"""Values the CLI refused but other ways in took (review): an unknown status filter in the
API, an integer key set to 1e400 in the config, an empty ``--every``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.cli import Run, run_cli
from tests.support.web import LiveServer, start_server

Cli = Callable[..., Run]


@pytest.fixture
def server(db_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    s = start_server(db_url, tmp_path)
    yield s
    s.close()


def test_api_status_filters_refuse_unknown_statuses(server: LiveServer) -> None:
    api = server.client()
    watch = api.post("/api/watches", json={"url": "https://n.example/a"}).json()
    assert api.patch(f"/api/watches/{watch['id']}", json={"active": False}).status_code == 200
    assert [w["id"] for w in api.get("/api/watches", params={"status": "paused"}).json()["watches"]] == [
        watch["id"]
    ]
    assert api.get("/api/watches", params={"status": "active"}).json()["total"] == 0
    for path in ("/api/watches", "/api/alerts"):
        r = api.get(path, params={"status": "bogus"})
        assert r.status_code == 422, (path, r.text)
        assert r.json()["error"]["details"][0]["loc"] == ["query", "status"]
    assert api.get("/api/alerts", params={"status": "dead"}).status_code == 200


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1e400", "fetch.max_bytes: expected an integer, got inf"),
        ("2048.5", "fetch.max_bytes: expected an integer"),
    ],
)
def test_an_integer_key_given_a_number_that_is_no_integer_is_named(
    sqlite_url: str, tmp_path: Path, value: str, message: str
) -> None:
    config = tmp_path / "watcher.toml"
    config.write_text(f"[fetch]\nmax_bytes = {value}\n")
    run = run_cli("--config", str(config), "--db", sqlite_url, "list")
    assert run.code == 1 and run.err.startswith(f"error: {message}"), run.err
    assert run.err.count("\n") == 1


@pytest.mark.parametrize(
    "args",
    [
        ("add", "https://n.example/a", "--every", ""),
        ("feed", "add", "https://n.example/feed.xml", "--watch-every", ""),
    ],
)
def test_an_empty_interval_is_an_error_not_the_default(cli: Cli, args: tuple[str, ...]) -> None:
    run = cli(*args)
    assert run.code == 1 and run.err.startswith("error: invalid interval "), run.err
    assert cli("list", "--json").json()["watches"] == []
    assert cli("feed", "list", "--json").json()["feeds"] == []


def test_api_refuses_an_empty_interval(server: LiveServer) -> None:
    r = server.client().post("/api/watches", json={"url": "https://n.example/a", "every": ""})
    assert r.status_code == 422 and "invalid interval" in r.json()["error"]["message"]


@pytest.mark.parametrize("every", ["1\u0661m", "\u0661\u0665m", "\u00b2\u2070", "\uff11\uff15m"])
def test_an_interval_takes_ascii_digits_only(cli: Cli, every: str) -> None:
    # (Arabic-Indic, superscript or full-width digits were read as numbers: "1١m" was 11 minutes)
    run = cli("add", "https://n.example/a", "--every", every)
    assert run.code == 1 and run.err.startswith("error: invalid interval "), run.err
    assert cli("list", "--json").json()["watches"] == []
    assert cli("add", "https://n.example/a", "--every", "15m").code == 0
