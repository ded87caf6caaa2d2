"""A sharp drop of the body (a consent wall, a paywall, an error page served as 200) is held:
not stored until the next check sees it too, which comes soon. Real server, real CLI."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.support.cli import Run
from tests.support.site import Site
from watcher.check import sharp_drop
from watcher.types import Article

ARTICLE = (SEEDS / "carney-call" / "v1.html").read_bytes()
WALL = b"""<html><head><title>Before you continue</title></head><body><main>
<h1>Before you continue</h1><p>We use cookies and data to deliver our services.</p>
<p>Accept all to continue reading.</p></main></body></html>"""


def check(cli: Callable[..., Run]) -> dict[str, object]:
    run = cli("check", "--all", "--json")
    assert run.code == 0, run.err
    (result,) = run.json()["checks"]
    return dict(result)


def versions(cli: Callable[..., Run], url: str) -> int:
    return len(cli("history", url, "--json").json()["versions"])


def test_a_wall_served_once_is_held_and_the_article_coming_back_is_no_change(
    site: Site, cli: Callable[..., Run]
) -> None:
    url = site.serve("/story", ARTICLE)
    assert cli("add", url, "--every", "1h").code == 0
    assert check(cli)["outcome"] == "new"
    site.serve("/story", WALL)
    before = datetime.now(UTC).replace(microsecond=0)
    held = check(cli)
    assert held["outcome"] == "held" and held["version"] is None
    assert versions(cli, url) == 1
    (watch,) = cli("list", "--json").json()["watches"]
    assert watch["last_outcome"] == "held"
    next_check = datetime.fromisoformat(str(watch["next_check_at"]).replace("Z", "+00:00"))
    # schedule.confirm_after (5 min, +-10% jitter), not the 1 h interval
    assert before + timedelta(minutes=4) <= next_check <= before + timedelta(minutes=5.5, seconds=5)
    site.serve("/story", ARTICLE)
    assert check(cli)["outcome"] == "not_modified"  # the stored version's ETag was sent
    assert versions(cli, url) == 1
    assert cli("changes", "--json").json()["changes"][-1]["kinds"] == ["first_version"]


def test_a_wall_seen_twice_is_stored(site: Site, cli: Callable[..., Run]) -> None:
    url = site.serve("/story", ARTICLE)
    cli("add", url)
    check(cli)
    site.serve("/story", WALL)
    assert check(cli)["outcome"] == "held"
    confirmed = check(cli)
    assert confirmed["outcome"] == "changed" and "text_removed" in confirmed["kinds"]
    assert versions(cli, url) == 2


def test_with_confirm_drop_off_a_drop_is_stored_at_once(
    site: Site, cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "w.toml"
    config.write_text("[schedule]\nconfirm_drop = 0\n")
    monkeypatch.setenv("WATCHER_CONFIG", str(config))
    url = site.serve("/story", ARTICLE)
    cli("add", url)
    check(cli)
    site.serve("/story", WALL)
    assert check(cli)["outcome"] == "changed"


def _article(*paragraphs: str) -> Article:
    return Article(title="t", byline="", paragraphs=paragraphs)


@pytest.mark.parametrize(
    ("before", "after", "held"),
    [
        (["x" * 600], ["x" * 250], True),  # under half of a long body
        (["x" * 600], ["x" * 350], False),
        (["x" * 300], ["x" * 60], True),  # a brief replaced by a line: a wall, not an edit
        (["x" * 300], ["x" * 100], False),  # a brief may be rewritten whole, shorter
        (["x" * 140], ["x" * 10], False),  # a few words: anything goes
        (["x" * 300, "y" * 300], [], True),
    ],
)
def test_sharp_drop(before: list[str], after: list[str], held: bool) -> None:
    assert sharp_drop(_article(*before), _article(*after), 0.5) is held
    assert sharp_drop(_article(*before), _article(*after), 0.0) is False


def test_a_held_check_does_not_count_as_a_check_without_change(
    site: Site, cli: Callable[..., Run], db_url: str
) -> None:
    """service.stop_after_unchanged_checks must not stop a watch whose drop awaits confirmation."""
    from watcher.store import make_store

    def without_change() -> int:
        store = make_store(db_url)
        try:
            return store.get_watch(url).checks_without_change
        finally:
            store.close()

    url = site.serve("/story", ARTICLE)
    cli("add", url)
    check(cli)
    assert check(cli)["outcome"] == "not_modified"
    before = without_change()
    assert before >= 1
    site.serve("/story", WALL)
    assert check(cli)["outcome"] == "held"
    assert without_change() == before


@pytest.mark.parametrize(
    ("since_held", "outcome"),
    [
        (timedelta(minutes=5), "changed"),  # the quick second check confirms the drop
        (timedelta(minutes=30), "changed"),  # two intervals late (a busy service) still does
        (timedelta(days=3), "held"),  # a watch paused for days: that old hold proves nothing now
    ],
)
def test_only_a_recent_hold_confirms_a_drop(since_held: timedelta, outcome: str) -> None:
    import random

    from watcher.check import SchedulePolicy, decide
    from watcher.extract import extract
    from watcher.types import FetchResult, Watch

    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    stored = extract(ARTICLE.decode())
    watch = Watch(
        id=1,
        url="https://example.com/story",
        labels=(),
        interval_seconds=15 * 60,
        jitter_seconds=0,
        active=True,
        status="active",
        created_at=now - timedelta(days=10),
        next_check_at=now,
        body_hash="stored",
        fingerprint="stored",
        latest_seq=1,
        last_checked_at=now - since_held,
        last_outcome="held",
    )
    wall = FetchResult(
        url=watch.url, final_url=watch.url, status=200, fetched_at=now, elapsed_ms=1.0,
        body=WALL, text=WALL.decode(), content_type="text/html",
    )  # fmt: skip
    policy = SchedulePolicy(jitter=0.0, max_backoff=timedelta(days=1), confirm_drop=0.5)
    intent = decide(watch, wall, previous=lambda: stored, now=now, policy=policy, rng=random.Random(1))
    assert intent.outcome == outcome
