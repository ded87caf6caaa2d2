"""Label and text filters match literally, and a label never holds a comma (review): ``%`` and
``_`` were LIKE wildcards, and ``--label a,b`` became two labels, or a rule never matching."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.support.cli import Run, run_cli
from tests.support.site import Site
from tests.support.web import LiveServer, start_server
from watcher.app import make_watcher
from watcher.config import load_settings
from watcher.errors import WatcherError

Cli = Callable[..., Run]
ARTICLE = (SEEDS / "carney-call" / "v1.html").read_bytes()


@pytest.fixture
def filed(site: Site, cli: Cli) -> dict[str, str]:
    """Two checked watches: /news-1 labelled politics, /a_b labelled 50%."""
    urls = {"politics": site.serve("/news-1", ARTICLE), "50%": site.serve("/a_b", ARTICLE)}
    for label, url in urls.items():
        assert cli("add", url, "--label", label).code == 0
    assert cli("check").code == 0
    return urls


def listed(cli: Cli, *args: str) -> list[str]:
    run = cli("list", *args, "--json")
    assert run.code == 0, run.err
    return [w["url"] for w in run.json()["watches"]]


def test_list_filters_match_percent_and_underscore_literally(filed: dict[str, str], cli: Cli) -> None:
    assert listed(cli, "--label", "_olitics") == []
    assert listed(cli, "--label", "%") == []
    assert listed(cli, "--label", "5_%") == []
    assert listed(cli, "--label", "50%") == [filed["50%"]]
    assert listed(cli, "--search", "%") == []
    assert listed(cli, "--search", "s_1") == []  # /news-1 has no underscore
    assert listed(cli, "--search", "a_b") == [filed["50%"]]


def test_changes_label_filter_matches_literally(filed: dict[str, str], cli: Cli) -> None:
    def urls(label: str) -> list[str]:
        return [c["watch"]["url"] for c in cli("changes", "--label", label, "--json").json()["changes"]]

    assert urls("_olitics") == [] and urls("%") == []
    assert urls("politics") == [filed["politics"]]
    # as written, case and all, on SQLite too (its LIKE ignores the case of ASCII letters), as
    # an alert rule matches a label
    assert urls("POLITICS") == [] and urls("Politics") == []
    assert listed(cli, "--label", "POLITICS") == []


@pytest.fixture
def server(db_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    s = start_server(db_url, tmp_path)
    yield s
    s.close()


def test_api_filters_match_literally(filed: dict[str, str], server: LiveServer) -> None:
    api = server.client()

    def total(path: str, **params: str) -> int:
        r = api.get(path, params=params)
        assert r.status_code == 200, r.text
        return int(r.json()["total"])

    assert total("/api/changes", label="_olitics") == 0 and total("/api/changes", label="%") == 0
    assert total("/api/changes", label="politics") == 1
    assert total("/api/changes", label="POLITICS") == 0 and total("/api/watches", label="POLITICS") == 0
    assert total("/api/watches", label="%") == 0 and total("/api/watches", search="%") == 0
    assert total("/api/watches", search="a_b") == 1


@pytest.mark.parametrize(
    "args",
    [
        ("add", "https://n.example/a", "--label", "a,b"),
        ("add", "https://n.example/a", "--label", "ok", "--label", "x,"),
        ("list", "--label", "a,b"),
        ("changes", "--label", "a,b"),
        ("feed", "add", "https://n.example/feed.xml", "--label", "a,b"),
        ("rule", "add", "--channel", "desk", "--label", "a,b"),
    ],
)
def test_a_label_with_a_comma_is_refused(cli: Cli, args: tuple[str, ...]) -> None:
    run = cli(*args)
    assert run.code == 2 and "cannot contain a comma" in run.err, run.err
    assert len(run.err.strip().splitlines()) == 1
    assert cli("list", "--json").json()["watches"] == []


def test_the_service_refuses_a_label_with_a_comma(db_url: str, tmp_path: Path) -> None:
    config = tmp_path / "watcher.toml"
    config.write_text("")
    settings = load_settings(config, {"WATCHER_DB": db_url})
    watcher = make_watcher(settings)
    try:
        with pytest.raises(WatcherError, match="comma"):
            watcher.add("https://n.example/a", labels=["a,b"])
        assert watcher.store.list_watches() == []
    finally:
        watcher.close()


def test_api_refuses_a_rule_label_with_a_comma(server: LiveServer) -> None:
    api = server.client()
    channel = api.post(
        "/api/channels", json={"name": "desk", "kind": "webhook", "config": {"url": "https://h/x"}}
    )
    assert channel.status_code == 201, channel.text
    bad = api.post("/api/rules", json={"channel_id": channel.json()["id"], "label": "a,b"})
    assert bad.status_code == 422
    rule = api.post("/api/rules", json={"channel_id": channel.json()["id"], "label": "politics"})
    assert rule.status_code == 201
    assert api.patch(f"/api/rules/{rule.json()['id']}", json={"label": "a,b"}).status_code == 422


def test_a_config_rule_label_with_a_comma_is_refused(sqlite_url: str, tmp_path: Path) -> None:
    config = tmp_path / "watcher.toml"
    config.write_text(
        '[alerts.channels.desk]\nkind = "webhook"\nurl = "http://127.0.0.1:9/x"\n'
        '[[alerts.channels.desk.rules]]\nlabel = "a,b"\n'
    )
    run = run_cli("--config", str(config), "--db", sqlite_url, "list")
    assert run.code == 1 and "cannot contain a comma" in run.err and "desk" in run.err, run.err


def test_one_length_limit_for_labels_everywhere(cli: Cli, server: LiveServer) -> None:
    """A label the command line takes, the API filters by and sends back (it was 40
    characters there, any length on the command line); one longer is refused everywhere."""
    from watcher.labels import MAX_LABEL

    api = server.client()
    longest, longer = "L" * MAX_LABEL, "L" * (MAX_LABEL + 1)
    added = api.post("/api/watches", json={"url": "http://n.example/long", "labels": [longest]})
    assert added.status_code == 201, added.text
    assert api.get("/api/watches", params={"label": longest}).json()["total"] == 1
    watch_id = added.json()["id"]
    assert api.patch(f"/api/watches/{watch_id}", json={"labels": [longest]}).status_code == 200
    assert (
        api.post("/api/watches", json={"url": "http://n.example/l2", "labels": [longer]}).status_code == 422
    )
    run = cli("add", "http://n.example/l3", "--label", longer)
    assert run.code in (1, 2) and f"at most {MAX_LABEL} characters" in run.err


def test_labels_that_would_not_fit_together_are_refused_on_every_database(cli: Cli) -> None:
    """Four 128-character labels took 517 characters stored: PostgreSQL refused them with a
    raw driver error, SQLite stored them."""
    labels = [letter * 128 for letter in "abcd"]
    run = cli("add", "https://n.example/a", *[x for label in labels for x in ("--label", label)])
    assert run.code == 1 and "too many labels: 4 labels take 517 characters" in run.err, run.err
    assert len(run.err.strip().splitlines()) == 1
    assert cli("list", "--json").json()["watches"] == []
    assert (
        cli("add", "https://n.example/a", *[x for label in labels[:3] for x in ("--label", label)]).code == 0
    )
