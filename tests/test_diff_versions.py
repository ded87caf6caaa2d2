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
