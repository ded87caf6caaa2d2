"""The command line as a researcher uses it, from a review: page text is shown on a terminal,
never obeyed, and a reader that stops reading ends the command quietly."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable

from tests.support.cli import Run
from tests.support.site import Site

Cli = Callable[..., Run]
ESC = "\x1b"


def _page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"


def test_escape_sequences_in_a_page_are_shown_not_obeyed(site: Site, cli: Cli) -> None:
    """A headline with ``ESC[2J`` (clear the screen), ``ESC]0;...BEL`` (the window's title) or
    ``ESC[8m`` (hidden text) reached the terminal as it was: an edit could be hidden from the
    person reviewing it."""
    hidden = "Minister quits&#27;[2J&#27;]0;owned&#7; &#27;[8mhidden&#27;[0m"
    words = "Her deputy will take over the department on Monday afternoon, officials said."
    url = site.serve("/a", _page("Minister quits", [words, "A second paragraph of the story."]))
    assert cli("add", url).code == 0 and cli("check", url).code == 0
    site.serve("/a", _page(hidden, [words + "&#27;[31m RED&#27;[0m", "A second paragraph of the story."]))
    assert cli("check", url, "--json").json()["checks"][0]["version"] == 2
    for args in (
        ("show", url),
        ("history", url),
        ("diff", url),
        ("diff", url, "--color"),
        ("changes",),
        ("list",),
    ):
        run = cli(*args)
        assert run.code == 0, (args, run.err)
        colours = run.out.replace(ESC + "[3", "").replace(ESC + "[0m", "").replace(ESC + "[1m", "")
        colours = colours.replace(ESC + "[4m", "")
        assert ESC not in colours and "\x07" not in run.out, (args, run.out)
    shown = cli("show", url).out
    assert "\\x1b[2J" in shown and "\\x1b]0;owned\\x07" in shown and "\\x1b[8mhidden" in shown
    assert cli("show", url, "--json").json()["title"].startswith("Minister quits\x1b[2J")  # (data kept)


def test_a_reader_that_stops_reading_ends_the_command_quietly(site: Site, sqlite_url: str) -> None:
    """``watcher show URL | head -1`` on a long article: exit 1 with nothing said, as click
    turns a broken pipe into; now exit 0 and nothing on stderr."""
    paragraphs = [
        f"Paragraph {i} of a long story, with enough words to fill the pipe's buffer." for i in range(3000)
    ]
    url = site.serve("/long", _page("A long story", paragraphs))
    env = {**os.environ, "WATCHER_ALLOW_PRIVATE_ADDRESSES": "1"}
    command = [sys.executable, "-m", "watcher", "--db", sqlite_url]
    subprocess.run([*command, "add", url], check=True, capture_output=True, env=env)
    subprocess.run([*command, "check", url], check=True, capture_output=True, env=env)
    for args in (["show", url], ["export", url]):
        proc = subprocess.Popen([*command, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.read(10)
        proc.stdout.close()  # (the reader goes: the rest of the output meets a broken pipe)
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=60) == 0 and err == "", (args, err)


def test_a_change_says_when_the_version_before_it_was_last_seen(site: Site, cli: Cli) -> None:
    """The edit was made between the last check that still saw the old version and the check
    that found the new one: the record gives both ends, and a failed check in between (a 404)
    saw nothing."""
    words = ["Her deputy will take over the department on Monday afternoon, officials said.", "More."]
    url = site.serve("/a", _page("Minister quits", words))
    assert cli("add", url).code == 0 and cli("check", url).code == 0
    time.sleep(1.1)  # (records are to the second)
    again = cli("check", url, "--json").json()["checks"][0]
    assert again["outcome"] in ("unchanged", "not_modified")
    time.sleep(1.1)
    site.serve("/a", b"gone", status=404)
    assert cli("check", url, "--json").json()["checks"][0]["outcome"] == "error"
    site.serve("/a", _page("Minister resigns", words))
    found = cli("check", url, "--json").json()["checks"][0]
    record = cli("changes", url, "--json").json()["changes"][-1]
    assert record["to_version"] == 2 and record["previous_seen_at"] == again["checked_at"]
    assert record["previous_seen_at"] < found["checked_at"]
    first = cli("changes", url, "--json").json()["changes"][0]
    assert first["to_version"] == 1 and first["previous_seen_at"] is None
    assert f"[v1 last seen {again['checked_at']}]" in cli("changes", url).out
    csv = cli("export", url, "--format", "csv").out
    assert csv.splitlines()[0].endswith(",previous_seen_at") and again["checked_at"] in csv
