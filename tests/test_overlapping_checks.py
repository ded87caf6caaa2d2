"""Two checks of one watch at once (the service and a `watcher check`, or two runs): what the
slower one saw of the page is not written over what the other one stored."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable

from tests.support.cli import Run
from tests.support.site import Site


def article(words: str) -> str:
    body = "".join(
        f"<p>{words} Paragraph {k} of the story, long enough to be read as text.</p>" for k in range(4)
    )
    return (
        f"<html><head><title>Story</title></head><body><article><h1>Story</h1>{body}</article></body></html>"
    )


def test_a_slow_check_does_not_hide_the_page_going_back(
    site: Site, cli: Callable[..., Run], db_url: str
) -> None:
    before, edited = article("The council voted on Monday."), article("The council voted on Tuesday.")
    url = site.serve("/a", before)
    assert cli("add", url).code == 0
    assert cli("check", url, "--json").json()["summary"] == {"new": 1}
    site.serve("/a", before, delay=2.0)  # the slow check gets the page as it is now
    slow = subprocess.Popen(
        [sys.executable, "-m", "watcher", "--db", db_url, "check", url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 10
    while site.hits["/a"] < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    site.serve("/a", edited)  # edited while the slow check waits for its answer
    assert cli("check", url, "--json").json()["summary"] == {"changed": 1}
    out, err = slow.communicate(timeout=30)
    assert slow.returncode == 0, err
    assert "not_modified" in out or "unchanged" in out
    site.serve("/a", before)  # the edit withdrawn: the page is back as it was
    back = cli("check", url, "--json").json()
    assert back["summary"] == {"changed": 1}, back
    assert [v["seq"] for v in cli("history", url, "--json").json()["versions"]] == [1, 2, 3]
