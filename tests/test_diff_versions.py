"""``watcher diff`` with a version number that names no version: an error, as ``show`` gives
(review: ``--from 0 --to 1`` diffed version 1 with itself, ``--from 0 --to 0`` showed 1 -> 2)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.conftest import SEEDS
from tests.support.cli import Run
from tests.support.site import Site

Cli = Callable[..., Run]
CARNEY = SEEDS / "carney-call"


@pytest.mark.parametrize(
    "args",
    [("--from", "0", "--to", "1"), ("--from", "0", "--to", "0"), ("--to", "0"), ("--from", "0")],
)
def test_diff_of_version_0_is_an_error(site: Site, cli: Cli, args: tuple[str, ...]) -> None:
    url = site.serve("/a", (CARNEY / "v1.html").read_bytes())
    watch_id = cli("add", url, "--json").json()["added"][0]["id"]
    assert cli("check").code == 0
    site.serve("/a", (CARNEY / "v2.html").read_bytes())
    assert cli("check", url, "--json").json()["checks"][0]["version"] == 2
    run = cli("diff", url, *args)
    assert run.code == 1 and run.out == "", run.out
    assert run.err == f"error: watch {watch_id} has no version 0\n"


@pytest.mark.parametrize(
    ("args", "missing"), [(("--to", "9"), 9), (("--from", "7", "--to", "9"), 9), (("--from", "7"), 7)]
)
def test_diff_names_the_version_asked_for_that_is_missing(
    site: Site, cli: Cli, args: tuple[str, ...], missing: int
) -> None:
    url = site.serve("/a", (CARNEY / "v1.html").read_bytes())
    watch_id = cli("add", url, "--json").json()["added"][0]["id"]
    assert cli("check").code == 0
    run = cli("diff", url, *args)
    assert run.code == 1 and run.err == f"error: watch {watch_id} has no version {missing}\n", run.err


def test_a_diff_backwards_reverts_to_nothing(site: Site, cli: Cli) -> None:
    """``--from 3 --to 2`` is the way back from 3 to 2, not a version 'reverted to' itself."""
    url = site.serve("/a", (CARNEY / "v1.html").read_bytes())
    assert cli("add", url).code == 0 and cli("check", url).code == 0
    for name in ("v2.html", "v3.html"):
        site.serve("/a", (CARNEY / name).read_bytes())
        assert cli("check", url).code == 0
    back = cli("diff", url, "--from", "3", "--to", "2", "--json").json()["change"]
    assert back["reverts_to"] is None and back["title_reverts_to"] is None and not back["reverted"]
    assert back["from_version"] == 3 and back["to_version"] == 2


def _page(paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<html><head><title>Carney and Trump speak</title></head><body><article>"
        f"<h1>Carney and Trump speak</h1>{body}</article></body></html>"
    ).encode()


def test_the_diff_shows_an_untouched_paragraph_unchanged(site: Site, cli: Cli) -> None:
    """The diff pairs paragraphs as the change record does: one added before an untouched
    paragraph and the one after it removed left the untouched one shown removed and added."""
    from watcher.extract import extract

    old = list(extract((CARNEY / "v1.html").read_text(), "https://example.com/a").paragraphs)
    new = [*old[:2], "The ministers will meet again in Washington next week, the council said.", old[2]]
    new += old[4:6] + old[7:]
    url = site.serve("/a", _page(old))
    assert cli("add", url).code == 0 and cli("check", url).code == 0
    site.serve("/a", _page(new))
    assert cli("check", url, "--json").json()["checks"][0]["version"] == 2
    doc = cli("diff", url, "--json").json()
    assert [0, old[2]] in doc["body"]
    assert doc["change"]["text"]["paragraphs_changed"] == 0
    assert not any(op and old[2][:40] in text for op, text in doc["body"])
