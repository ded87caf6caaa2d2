"""What the command line says (review): empty filters, an empty answer to a filter, titles
cut in ``history``, counts, hints and messages that named the wrong thing."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.support.cli import Run
from tests.support.site import Site

Cli = Callable[..., Run]

BODY = "<p>The council met on Tuesday to agree the budget for next year.</p>"


def page(title: str, extra: str = "") -> str:
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{BODY}{extra}</article></body></html>"


def two_versions(site: Site, cli: Cli, first: str, second: str, path: str = "/story") -> str:
    """A watch whose page had the title ``first``, then ``second``: two versions, one change."""
    url = site.serve(path, page(first))
    assert cli("add", url, "--label", "council").code == 0 and cli("check", url).code == 0
    site.serve(path, page(second, "<p>A paragraph added later, with more words in it.</p>"))
    assert cli("check", url).code == 0
    assert [v["title"] for v in cli("history", url, "--json").json()["versions"]] == [first, second]
    return url


@pytest.mark.parametrize("option", ["--kind", "--since", "--label"])
def test_an_empty_filter_is_bad_usage_not_no_filter(site: Site, cli: Cli, option: str) -> None:
    two_versions(site, cli, "Budget agreed", "Budget agreed after a row")
    run = cli("changes", option, "")
    assert run.code == 2 and run.out == "", run
    assert run.err.startswith(f"error: Invalid value for '{option}': an empty value filters nothing")
    assert run.err.count("\n") == 1


@pytest.mark.parametrize("args", [("list", "--label", " "), ("list", "--search", "")])
def test_an_empty_watch_filter_is_bad_usage_too(cli: Cli, args: tuple[str, ...]) -> None:
    run = cli(*args)
    assert run.code == 2 and "an empty value filters nothing" in run.err and run.err.count("\n") == 1


@pytest.mark.parametrize(
    "args", [("--label", "nope"), ("--since", "2030-01-01"), ("--kind", "quote_removed")]
)
def test_changes_that_exist_but_do_not_match_say_so(site: Site, cli: Cli, args: tuple[str, ...]) -> None:
    two_versions(site, cli, "Budget agreed", "Budget agreed after a row")
    assert cli("changes", *args).out == "no change matches\n"
    assert "->" in cli("changes", "--label", "council").out


def test_no_changes_at_all_is_still_no_changes_yet(cli: Cli) -> None:
    assert cli("changes").out == "no changes yet\n"


START = "Westbridge council passes £42m budget amid row over library "  # (60 characters)


def test_history_marks_a_cut_title_and_never_shows_two_titles_alike(site: Site, cli: Cli) -> None:
    """Titles were cut at 60 characters with no sign of it: a headline edited after its
    60th character looked the same in both versions (review)."""
    assert len(START) == 60
    url = two_versions(site, cli, START + "cuts", START + "closures")
    lines = cli("history", url).out.splitlines()[1:]
    assert lines[0].endswith(START + "cuts") and lines[1].endswith(START + "closures")
    other = two_versions(site, cli, START + "cuts", "Budget agreed", path="/other")
    lines = cli("history", other).out.splitlines()[1:]
    assert lines[0].endswith(START[:59] + "…") and lines[1].endswith("  Budget agreed")
    assert cli("history", other, "--json").json()["versions"][0]["title"] == START + "cuts"


def test_an_output_that_cannot_encode_a_character_escapes_it(site: Site, sqlite_url: str) -> None:
    """``PYTHONIOENCODING=latin-1 watcher show URL`` ended in a UnicodeEncodeError traceback
    (review): what the output cannot encode is escaped, and ``--json`` stays JSON."""
    import json
    import os
    import subprocess
    import sys

    from tests.support.cli import run_cli

    title = "Budget row: £42m, €50m 😀"
    url = site.serve("/euro", page(title))
    assert (
        run_cli("--db", sqlite_url, "add", url).code == 0 and run_cli("--db", sqlite_url, "check").code == 0
    )
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}

    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        argv = [sys.executable, "-m", "watcher", "--db", sqlite_url, *args]
        return subprocess.run(argv, capture_output=True, env=env, timeout=60, check=False)

    for args in (["show", url], ["history", url], ["list"]):
        shown = run(*args)
        assert shown.returncode == 0 and shown.stderr == b"", (args, shown.stderr[-300:])
        assert "Budget row: £42m, \\u20ac50m \\U0001f600".encode("latin-1") in shown.stdout, args
    for args in (["show", url, "--json"], ["history", url, "--json"]):
        shown = run(*args)
        assert shown.returncode == 0 and shown.stderr == b"", (args, shown.stderr[-300:])
        doc = json.loads(shown.stdout)
        assert (doc.get("title") or doc["versions"][0]["title"]) == title, args


def test_one_version_is_counted_in_the_singular(site: Site, cli: Cli) -> None:
    url = site.serve("/one", page("Budget agreed"))
    assert cli("add", url).code == 0 and cli("check", url).code == 0
    assert cli("history", url).out.startswith(f"{url}: 1 version\n")
    assert "every 15m, 1 version, last: new" in cli("list").out
    assert cli("remove", url).out == f"removed {url} and its 1 version\n"


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (("show", "https://n.example/a", "--version"), "watcher show --help"),
        (("channel", "add", "webhook", "desk", "--url"), "watcher channel add webhook --help"),
        (("changes", "--limit"), "watcher changes --help"),
    ],
)
def test_an_option_given_no_value_names_its_command_help(cli: Cli, args: tuple[str, ...], hint: str) -> None:
    run = cli(*args)
    assert run.code == 2 and run.err.endswith(f"requires an argument. (try '{hint}')\n"), run.err


def test_a_diff_of_a_version_with_itself_is_refused(site: Site, cli: Cli) -> None:
    """``diff URL --to 1`` showed "version 1 -> 1, kinds: none" (review)."""
    url = site.serve("/first", page("Budget agreed"))
    assert cli("add", url).code == 0 and cli("check", url).code == 0
    for args in ((), ("--to", "1")):
        run = cli("diff", url, *args)
        assert run.code == 1 and run.out == "", args
        assert run.err == (
            f"error: version 1 of {url} is its first: there is none before it to compare it with "
            "(watcher show URL --version 1 shows it)\n"
        )
    assert "no version 2" in cli("diff", url, "--to", "2").err
    two_versions(site, cli, "Budget agreed", "Budget agreed after a row", path="/two")
    same = cli("diff", site.url("/two"), "--from", "2", "--to", "2")
    assert same.code == 2 and same.err.startswith("error: version 2 compared with itself: give two different")
    assert "Budget agreed after a row" in cli("diff", site.url("/two"), "--to", "2").out


def test_an_export_to_a_folder_that_takes_no_file_says_so(site: Site, cli: Cli) -> None:
    url = site.serve("/first", page("Budget agreed"))
    assert cli("add", url).code == 0
    run = cli("export", url, "-o", "/proc/version")
    assert run.code == 1
    assert (
        run.err
        == "error: cannot write /proc/version: no file can be written in /proc (No such file or directory)\n"
    )
