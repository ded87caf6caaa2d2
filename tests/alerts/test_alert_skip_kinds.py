"""A rule may leave out changes of some kinds: ``--skip-kinds reverted`` keeps the swings of a
headline test out of a desk's alerts while the first new headline still reaches it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.cli import Run
from tests.support.receiver import Receiver
from tests.support.site import Site
from tests.support.web import start_server
from tests.test_reverts import BODY, A, B, page
from watcher.alerts.rules import Rule, rule_matches

Cli = Callable[..., Run]


def test_a_skipped_kind_keeps_a_change_out_whatever_else_it_has() -> None:
    record = {"kinds": ["title_changed"], "reverted": True, "reverts_to": 1}
    rule = Rule(channel_id=1, kinds=("title_changed",), skip_kinds=("reverted",))
    assert not rule_matches(rule, record, url="https://e.com/a", labels=[])
    assert rule_matches(rule, record | {"reverted": False}, url="https://e.com/a", labels=[])
    anything = Rule(channel_id=1, kinds=(), skip_kinds=("timestamp_only",))
    assert not rule_matches(
        anything, {"kinds": ["updated_changed"], "timestamp_only": True}, url="", labels=[]
    )


def swing(site: Site, cli: Cli) -> str:
    """A -> B -> A -> B, then A over an edited body: checked one by one."""
    edited = [*BODY[:2], "Ferries to the islands will leave from the south pier from Thursday.", BODY[3]]
    url = site.serve("/pier", page(A))
    assert cli("add", url).code == 0
    for html in (page(A), page(B), page(A), page(B), page(A, edited)):
        site.serve("/pier", html)
        assert cli("check", url).code == 0
    return url


def test_the_swings_of_a_headline_test_are_left_out(site: Site, cli: Cli, receiver: Receiver) -> None:
    assert cli("channel", "add", "webhook", "desk", "--url", receiver.url()).code == 0
    added = cli(
        "rule", "add", "--channel", "desk", "--kinds", "title_changed", "--skip-kinds", "reverted", "--json"
    )
    assert added.code == 0 and added.json()["rule"]["skip_kinds"] == ["reverted"], added.err
    assert "not reverted" in cli("rule", "list").out
    swing(site, cli)
    assert cli("alerts", "dispatch", "--once").code == 0
    sent = sorted(doc["changes"][0]["to_version"] for doc in receiver.payloads())  # (sent concurrently)
    assert sent == [2, 5]  # the first new headline, and the old one back over an edited body


def test_a_kind_both_wanted_and_skipped_is_refused(cli: Cli, receiver: Receiver) -> None:
    assert cli("channel", "add", "webhook", "desk", "--url", receiver.url()).code == 0
    run = cli(
        "rule", "add", "--channel", "desk", "--kinds", "title_changed,reverted", "--skip-kinds", "reverted"
    )
    assert (
        run.code == 2
        and "could never match" in run.err
        and [r["default"] for r in cli("rule", "list", "--json").json()["rules"]] == [True]
    )


def test_the_default_rule_reports_a_b_a_once(site: Site, cli: Cli, receiver: Receiver) -> None:
    # a channel with no rules of its own: the swings back are not alerted, what is new is
    assert cli("channel", "add", "webhook", "desk", "--url", receiver.url()).code == 0
    listed = cli("rule", "list", "--json").json()
    # (the channel's default rule, listed as `channel list` lists it)
    assert [(r["id"], r["default"], r["skip_kinds"]) for r in listed["rules"]] == [(None, True, ["reverted"])]
    assert listed["default_skip_kinds"] == ["reverted"]
    assert cli("rule", "list").out.rstrip().endswith("not reverted")
    (desk,) = cli("channel", "list", "--json").json()["channels"]
    assert desk["rules"][0]["default"] is True and desk["rules"][0]["skip_kinds"] == ["reverted"]
    swing(site, cli)
    assert cli("alerts", "dispatch", "--once").code == 0
    # 2: B (new); 3, 4: back to A, back to B (skipped); 5: A over an edited text (no full revert)
    assert sorted(doc["changes"][0]["to_version"] for doc in receiver.payloads()) == [2, 5]
    # and a rule that asks for them gets them
    assert cli("rule", "add", "--channel", "desk", "--kinds", "reverted").code == 0
    url = site.url("/pier")
    site.serve("/pier", page(A))  # (the first text again: version 6 is version 3 again)
    assert cli("check", url).code == 0
    assert cli("alerts", "dispatch", "--once").code == 0
    assert sorted(doc["changes"][0]["to_version"] for doc in receiver.payloads()) == [2, 5, 6]


@pytest.mark.parametrize("value", ["reverted,nope", "stealth"])
def test_an_unknown_kind_to_skip_is_a_usage_error(cli: Cli, receiver: Receiver, value: str) -> None:
    assert cli("channel", "add", "webhook", "desk", "--url", receiver.url()).code == 0
    run = cli("rule", "add", "--channel", "desk", "--kinds", "title_changed", "--skip-kinds", value)
    assert run.code == 2 and "--skip-kinds" in run.err and "unknown kind" in run.err
    assert "Traceback" not in run.err
    assert [r["default"] for r in cli("rule", "list", "--json").json()["rules"]] == [True]


def test_skip_kinds_in_the_config_file_and_the_api(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, receiver: Receiver, db_url: str
) -> None:
    config = tmp_path / "watcher.toml"
    config.write_text(
        f"""
[alerts.channels.desk]
kind = "webhook"
url = "{receiver.url()}"

[[alerts.channels.desk.rules]]
kinds = ["title_changed"]
skip_kinds = ["reverted"]
"""
    )
    monkeypatch.setenv("WATCHER_CONFIG", str(config))
    (desk,) = cli("channel", "list", "--json").json()["channels"]
    assert desk["rules"][0]["skip_kinds"] == ["reverted"]
    config.write_text(config.read_text().replace('skip_kinds = ["reverted"]', 'skip_kinds = ["nope"]'))
    bad = cli("channel", "list")
    assert bad.code == 1 and "unknown kind 'nope'" in bad.err
    config.write_text(config.read_text().replace('skip_kinds = ["nope"]', "skip_kinds = 5"))
    bad = cli("channel", "list")
    assert (
        bad.code == 1
        and bad.err == "error: alerts.channels.desk.rules: skip_kinds: expected a list of kinds, got 5\n"
    )
    config.write_text(config.read_text().replace("skip_kinds = 5", 'skip_kinds = ["title_changed"]'))
    bad = cli("channel", "list")
    assert bad.code == 1 and "'title_changed' is one of the rule's kinds too" in bad.err

    server = start_server(db_url, tmp_path)
    try:
        api = server.client()
        made = api.post(
            "/api/rules",
            json={"channel_id": desk["id"], "kinds": ["quote_removed"], "skip_kinds": ["reverted"]},
        )
        assert made.status_code == 201 and made.json()["skip_kinds"] == ["reverted"], made.text
        rule_id = made.json()["id"]
        patched = api.patch(f"/api/rules/{rule_id}", json={"skip_kinds": ["reverted", "timestamp_only"]})
        assert patched.json()["skip_kinds"] == ["reverted", "timestamp_only"]
        assert api.patch(f"/api/rules/{rule_id}", json={"skip_kinds": ["nope"]}).status_code == 422
        assert api.get(f"/api/rules/{rule_id}").json()["skip_kinds"] == ["reverted", "timestamp_only"]
        both = api.patch(f"/api/rules/{rule_id}", json={"kinds": ["timestamp_only"]})
        assert both.status_code == 422 and "could never match" in both.json()["error"]["message"]
        made = api.post(
            "/api/rules", json={"channel_id": desk["id"], "kinds": ["reverted"], "skip_kinds": ["reverted"]}
        )
        assert made.status_code == 422
        assert api.get(f"/api/rules/{rule_id}").json()["kinds"] == ["quote_removed"]
    finally:
        server.close()
