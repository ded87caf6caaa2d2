"""The core commands end to end, on SQLite and PostgreSQL, against a loopback site."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.support.cli import Run, run_cli
from tests.support.site import Site
from tests.support.web import run_carney

CARNEY = SEEDS / "carney-call"
PATH = "/article/trump-says-call-with-carney-extremely-productive-5832611"

Cli = Callable[..., Run]


def one_line_error(run: Run) -> None:
    assert run.err.startswith("error: "), run.err
    assert len(run.err.strip().splitlines()) == 1, run.err
    assert "Traceback" not in run.err + run.out


def test_add_list_check_history_show_diff(site: Site, cli: Cli) -> None:
    url = site.serve(PATH, (CARNEY / "v1.html").read_bytes())
    added = cli("add", url, "--every", "15m", "--label", "politics", "--json").json()["added"][0]
    assert added["every"] == "15m" and added["labels"] == ["politics"]
    listed = cli("list", "--json").json()["watches"]
    assert [w["url"] for w in listed] == [url]
    assert cli("list", "--label", "sports", "--json").json()["watches"] == []

    first = cli("check", "--json").json()
    assert first["summary"] == {"new": 1} and first["checks"][0]["version"] == 1
    assert cli("check", "--json").json()["checks"] == []  # nothing is due any more
    again = cli("check", "--all", "--json").json()
    assert again["summary"] == {"not_modified": 1}  # the site honours If-None-Match

    site.serve(PATH, (CARNEY / "v2.html").read_bytes())
    changed = cli("check", url, "--json").json()["checks"][0]
    assert changed["outcome"] == "changed" and "quote_added" in changed["kinds"]

    history = cli("history", url, "--json").json()["versions"]
    assert [v["seq"] for v in history] == [1, 2]
    assert history[1]["updated_at"] == "2025-03-28T21:42:00Z"
    shown = cli("show", url, "--version", "1", "--json").json()
    assert shown["title"] == "Trump Says Call With Carney \u2018Extremely Productive\u2019"
    assert shown["published_at"] == "2025-03-28T17:05:00Z" and len(shown["paragraphs"]) == 9
    assert not any("Most Read" in p or "views" in p for p in shown["paragraphs"])

    diff = cli("diff", url, "--from", "1", "--to", "2")
    assert diff.code == 0 and "{+" in diff.out and "quote_added" in diff.out
    diff_json = cli("diff", url, "--from", "1", "--to", "2", "--json").json()
    assert diff_json["change"]["updated"]["after"] == "2025-03-28T21:42:00Z"

    changes = cli("changes", "--json").json()["changes"]
    assert [c["kinds"][0] for c in changes][:1] == ["first_version"]
    assert cli("changes", "--kind", "quote_added", "--json").json()["changes"][0]["to_version"] == 2
    assert cli("changes", "--label", "politics", "--json").json()["changes"] != []

    removed = cli("remove", url)
    assert removed.code == 0 and "removed" in removed.out
    assert cli("list", "--json").json()["watches"] == []


def test_a_refused_url_is_not_repeated_whole(cli: Cli) -> None:
    run = cli("add", "https://n.example/" + "a" * 10_000)
    assert run.code == 1 and "longer than 2048 characters" in run.err
    assert len(run.err) < 400 and run.err.count("\n") == 1


def test_add_from_file_skips_duplicates(site: Site, cli: Cli, tmp_path: Path) -> None:
    urls = [site.url(f"/a/{i}") for i in range(5)]
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(urls + urls[:2]) + "\n# a comment\n   # an indented one\n")
    first = cli("add", "--from-file", str(listing), "--json").json()
    assert len(first["added"]) == 5
    again = cli("add", "--from-file", str(listing), "--json").json()
    assert again["added"] == [] and len(again["skipped"]) == 5
    assert cli("list", "--search", "nothing-like-this").out == "no watch matches\n"
    assert cli("list", "--label", "nope").out == "no watch matches\n"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("add", "not a url"), 1, "invalid URL"),
        (("add", "ftp://example.com/x"), 1, "only http"),
        (("add", "https://example.com/a", "--every", "soon"), 1, "invalid interval"),
        (("add", "https://example.com/a", "--every", "1s"), 1, "between 10s"),
        (("history", "https://example.com/unknown"), 1, "no such watch"),
        (("show", "https://example.com/unknown"), 1, "no such watch"),
        (("remove", "42"), 1, "no such watch"),
        (("check", "--concurrency", "0"), 2, "Invalid value"),
        (("changes", "--kind", "everything"), 2, "unknown kind"),
        (("changes", "--since", "yesterday"), 2, "not an ISO date"),
        (("frobnicate",), 2, "No such command"),
        (("set", "https://example.com/unknown", "--pause"), 1, "no such watch"),
        (("set", "42"), 2, "nothing to change"),
        (("set", "42", "--label", "a", "--no-labels"), 2, "not both"),
        (("set", "42", "--label", "a,b"), 2, "comma"),
    ],
)
def test_bad_input_is_one_line_and_an_exit_code(
    cli: Cli, args: tuple[str, ...], code: int, message: str
) -> None:
    run = cli(*args)
    assert run.code == code
    assert message in run.err
    one_line_error(run)


def test_set_changes_a_watch_and_render_only_before_its_first_version(site: Site, cli: Cli) -> None:
    url = site.serve("/a", "<html><h1>A story</h1><p>The first paragraph of the story.</p></html>")
    assert cli("add", url, "--every", "15m", "--label", "politics").code == 0

    changed = cli("set", url, "--every", "2h", "--label", "x", "--label", "y", "--pause", "--json")
    assert changed.code == 0, changed.err
    watch = changed.json()["watch"]
    assert (watch["every"], watch["labels"], watch["active"], watch["status"]) == (
        "2h",
        ["x", "y"],
        False,
        "paused",
    )
    assert cli("check", "--json").json()["checks"] == []  # paused: not due
    resumed = cli("set", url, "--resume", "--no-labels", "--json").json()["watch"]
    assert (resumed["active"], resumed["status"], resumed["labels"], resumed["every"]) == (
        True,
        "active",
        [],
        "2h",
    )
    assert cli("set", url, "--every", "soon").code == 1

    # no version yet: whether it is rendered may change (and back)
    assert cli("set", url, "--render").out.strip() == f"{url}: every 2h, rendered in a browser"
    assert cli("set", url, "--no-render", "--json").json()["watch"]["render"] is False
    assert cli("check", url).code == 0
    refused = cli("set", url, "--render")
    assert refused.code == 1 and "only before its first version" in refused.err
    one_line_error(refused)
    assert cli("list", "--json").json()["watches"][0]["render"] is False
    assert cli("set", url, "--no-render").code == 0  # (what it already is: nothing to refuse)


def test_duplicate_watch_is_refused(site: Site, cli: Cli) -> None:
    url = site.url("/dup")
    assert cli("add", url).code == 0
    run = cli("add", url)
    assert run.code == 1 and "already watched" in run.err


@pytest.mark.parametrize(
    ("path", "body", "kwargs", "reason"),
    [
        ("/missing", None, {}, "HTTP 404"),
        ("/huge", b"<p>" + b"x" * 20_000_000, {}, "body too large"),
        (
            "/paper.pdf",
            b"%PDF-1.4 binary",
            {"content_type": "application/pdf"},
            "not an HTML page: application/pdf",
        ),
        ("/empty", b"   ", {}, "empty page"),
    ],
)
def test_failed_checks_are_recorded_without_a_version(
    site: Site, cli: Cli, path: str, body: bytes | None, kwargs: dict[str, str], reason: str
) -> None:
    url = site.url(path) if body is None else site.serve(path, body, **kwargs)
    cli("add", url)
    run = cli("check", url, "--json")
    assert run.code == 3
    check = run.json()["checks"][0]
    assert check["outcome"] == "error" and reason in check["error"]
    assert cli("history", url, "--json").json()["versions"] == []
    watch = cli("list", "--json").json()["watches"][0]
    assert watch["last_outcome"] == "error" and watch["consecutive_failures"] == 1
    assert reason in watch["last_error"]


def test_unreachable_host_is_recorded(cli: Cli) -> None:
    url = "http://127.0.0.1:9/article"
    cli("add", url)
    run = cli("check", url)
    assert run.code == 3 and "cannot connect" in run.out and "Traceback" not in run.err


def test_failure_then_recovery_keeps_history(site: Site, cli: Cli) -> None:
    url = site.serve(PATH, (CARNEY / "v1.html").read_bytes())
    cli("add", url)
    assert cli("check", url).code == 0
    site.serve(PATH, b"oops", status=500)
    assert cli("check", url).code == 3
    site.serve(PATH, (CARNEY / "v2.html").read_bytes())
    assert cli("check", url, "--json").json()["checks"][0]["outcome"] == "changed"
    assert [v["seq"] for v in cli("history", url, "--json").json()["versions"]] == [1, 2]
    assert cli("list", "--json").json()["watches"][0]["consecutive_failures"] == 0


def test_windows_1252_article_is_stored_correctly(site: Site, cli: Cli) -> None:
    html = (
        "<html><head><meta charset='windows-1252'><title>Caf\u00e9 owners \u2018angry\u2019</title></head>"
        "<body><article><h1>Caf\u00e9 owners \u2018angry\u2019</h1>"
        "<p>\u201cWe were not consulted,\u201d said Ren\u00e9e Fa\u00e7ade, who runs a caf\u00e9 on the square.</p>"
        "<p>The council meets again on Tuesday to discuss the na\u00efve plan.</p></article></body></html>"
    )
    url = site.serve("/cp1252", html.encode("cp1252"), content_type="text/html")
    cli("add", url)
    assert cli("check", url).code == 0
    shown = cli("show", url, "--json").json()
    assert shown["title"] == "Caf\u00e9 owners \u2018angry\u2019"
    assert shown["quotes"][0]["text"] == "We were not consulted"


def test_noise_twin_is_unchanged_even_without_validators(site: Site, cli: Cli) -> None:
    url = site.serve(PATH, (CARNEY / "v3.html").read_bytes(), validators=False)
    cli("add", url)
    cli("check", url)
    site.serve(PATH, (CARNEY / "v3-noise.html").read_bytes(), validators=False)
    assert cli("check", url, "--json").json()["summary"] == {"unchanged": 1}
    assert len(cli("history", url, "--json").json()["versions"]) == 1


def test_a_repeated_page_costs_no_snapshot_bytes(site: Site, cli: Cli, db_url: str) -> None:
    from sqlalchemy import create_engine, func, select

    from watcher.store.engine import normalise_url
    from watcher.store.schema import snapshots

    a = site.serve("/one", (CARNEY / "v1.html").read_bytes())
    b = site.serve("/two", (CARNEY / "v1.html").read_bytes())
    cli("add", a, b)
    cli("check", "--all")
    engine = create_engine(normalise_url(db_url))
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(snapshots)) == 1
        size, stored = conn.execute(select(snapshots.c.size, func.length(snapshots.c.zstd))).one()
    engine.dispose()
    assert stored < size / 2


def test_invalid_config_is_one_line(tmp_path: Path, sqlite_url: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[fetch]\ntimeout = 'soon'\n")
    run = run_cli("--config", str(bad), "--db", sqlite_url, "list")
    assert run.code == 1 and "fetch.timeout: expected a number" in run.err
    bad.write_text("[fetch]\ntimeuot = 3\n")
    assert "unknown key fetch.timeuot" in run_cli("--config", str(bad), "list").err
    bad.write_text("[fetch\n")
    assert "invalid TOML" in run_cli("--config", str(bad), "list").err
    assert "config file not found" in run_cli("--config", str(tmp_path / "nope.toml"), "list").err


def test_unreachable_database_is_one_line() -> None:
    run = run_cli("--db", "postgresql://nobody:secret-pw@127.0.0.1:9/none", "list")
    assert run.code == 1 and run.err.startswith("error:")
    assert "secret-pw" not in run.err


def test_db_upgrade_and_python_dash_m(sqlite_url: str) -> None:
    run = run_cli("--db", sqlite_url, "db", "upgrade")
    assert run.code == 0 and "latest schema" in run.out
    proc = subprocess.run(
        [sys.executable, "-m", "watcher", "--db", sqlite_url, "list", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0 and json.loads(proc.stdout) == {"watches": []}


def test_changes_filter_by_verdict(site: Site, cli: Cli) -> None:
    run_carney(site, cli)  # v4 is a stealth edit, v5 only moves the stamp
    for verdict, expected in (("stealth_edit", [4]), ("timestamp_only", [5])):
        found = cli("changes", "--kind", verdict, "--json").json()["changes"]
        assert [c["to_version"] for c in found] == expected and found[0][verdict] is True


def test_changes_limit_lists_the_newest_ones_oldest_first(site: Site, cli: Cli) -> None:
    run_carney(site, cli)  # versions 1 to 5
    every = [c["to_version"] for c in cli("changes", "--json").json()["changes"]]
    assert every == [1, 2, 3, 4, 5]
    assert [c["to_version"] for c in cli("changes", "--limit", "2", "--json").json()["changes"]] == [4, 5]
    assert [c["to_version"] for c in cli("changes", "--limit", "9", "--json").json()["changes"]] == every


def test_remove_deletes_the_raw_pages_only_that_watch_kept(
    site: Site, cli: Cli, db_url: str, tmp_path: Path
) -> None:
    from sqlalchemy import create_engine, func, select

    from watcher.store.schema import snapshots

    carney = CARNEY
    gone, stays = site.url("/gone"), site.url("/stays")
    site.serve("/gone", (carney / "v1.html").read_bytes())
    site.serve("/stays", (carney / "v1.html").read_bytes())  # (the same page: one snapshot for both)
    assert cli("add", gone, stays).code == 0 and cli("check").code == 0
    site.serve("/gone", (carney / "v2.html").read_bytes())
    assert cli("check", gone).code == 0

    engine = create_engine(db_url)
    try:

        def stored() -> int:
            with engine.connect() as conn:
                return int(conn.scalar(select(func.count()).select_from(snapshots)) or 0)

        assert stored() == 2
        assert cli("remove", gone).code == 0
        assert stored() == 1  # v2, kept by the removed watch alone, is gone; v1 is the other's
        archive = tmp_path / "stays.warc.gz"  # (the pages as fetched: the kept snapshot is read)
        assert cli("export", stays, "--format", "warc", "-o", str(archive)).code == 0
        assert archive.stat().st_size > 1000
        assert cli("remove", stays).code == 0
        assert stored() == 0
    finally:
        engine.dispose()


def test_the_changes_list_names_a_first_version_as_such(site: Site, cli: Callable[..., Run]) -> None:
    url = site.serve(
        "/first", "<html><body><article><h1>Levy</h1><p>The council met.</p></article></body></html>"
    )
    assert cli("add", url).code == 0 and cli("check", url).code == 0
    line = cli("changes").out.strip()
    assert "v1 (first)" in line and "->" not in line


def test_list_says_why_the_last_check_failed_and_counts_in_words(site: Site, cli: Cli) -> None:
    gone = site.url("/gone")
    assert cli("add", gone).code == 0 and cli("check").code == 3
    listed = cli("list").out
    assert "0 versions, last: error (HTTP 404" in listed
    assert not any(
        line != line.rstrip() for line in listed.splitlines()
    )  # (no title yet: no trailing spaces)
