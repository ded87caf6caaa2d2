"""The alert commands: channels, rules, test messages, config-file channels, errors."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.cli import Run
from tests.support.receiver import Receiver, verify
from tests.support.smtp import SmtpServer


def test_channels_and_rules_round_trip_with_secrets_redacted(cli: Callable[..., Run]) -> None:
    add = cli(
        "channel",
        "add",
        "email",
        "ops",
        "--to",
        "desk@example.org",
        "--to",
        "b@example.org",
        "--smtp-url",
        "smtp://user:hunter2@mail.example.org:587",
        "--starttls",
        "--json",
    )
    assert add.code == 0, add.err
    assert add.json()["channel"]["config"]["smtp_url"] == "smtp://user:***@mail.example.org:587"
    assert (
        cli(
            "channel",
            "add",
            "webhook",
            "news",
            "--url",
            "https://hooks.example.org/x",
            "--secret",
            "topsecret",
        ).code
        == 0
    )
    rule = cli(
        "rule",
        "add",
        "--channel",
        "news",
        "--kinds",
        "quote_added,stealth_edit",
        "--label",
        "politics",
        "--url",
        "https://example.com/*",
        "--min-chars",
        "20",
        "--json",
    )
    assert rule.code == 0, rule.err
    assert rule.json()["rule"]["kinds"] == ["quote_added", "stealth_edit"]
    listing = cli("channel", "list", "--json").json()["channels"]
    assert [c["name"] for c in listing] == ["ops", "news"]
    assert listing[0]["rules"][0]["default"] is True
    assert listing[1]["rules"][0]["label"] == "politics"
    for args in (("channel", "list"), ("channel", "list", "--json"), ("rule", "list", "--json")):
        out = cli(*args).out
        assert "hunter2" not in out and "topsecret" not in out
    assert "default rule" in cli("channel", "list").out
    rule_id = rule.json()["rule"]["id"]
    assert cli("rule", "remove", str(rule_id)).code == 0
    assert cli("channel", "remove", "ops").code == 0
    assert [c["name"] for c in cli("channel", "list", "--json").json()["channels"]] == ["news"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("channel", "add", "webhook", "x", "--url", "ftp://nope"), "expected an http(s) URL"),
        (("channel", "add", "email", "x", "--to", "nobody"), "valid addresses"),
        (("channel", "add", "webhook", "bad name", "--url", "https://h/x"), "invalid channel name"),
        (("rule", "add", "--channel", "nope"), "no such channel: nope"),
        (("channel", "test", "nope"), "no such channel"),
        (("rule", "remove", "99"), "no such rule: 99"),
        (("alerts", "retry", "42"), "no such alert: 42"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(
    cli: Callable[..., Run], args: tuple[str, ...], message: str
) -> None:
    run = cli(*args)
    assert run.code == 1 and run.err.startswith("error: ") and message in run.err
    assert len(run.err.strip().splitlines()) == 1 and "Traceback" not in run.err


def test_usage_errors_exit_2(cli: Callable[..., Run]) -> None:
    assert cli("rule", "add", "--channel", "x", "--kinds", "bogus").code == 2
    assert cli("alerts", "retry").code == 2
    assert cli("alerts", "--status", "lost").code == 2


def test_duplicate_channel(cli: Callable[..., Run]) -> None:
    assert cli("channel", "add", "webhook", "n", "--url", "https://h/x").code == 0
    run = cli("channel", "add", "webhook", "n", "--url", "https://h/y")
    assert run.code == 1 and "already exists" in run.err


def test_channel_test_sends_now(
    cli: Callable[..., Run], receiver: Receiver, smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOOK_KEY", "from-env")
    cli("channel", "add", "webhook", "hook", "--url", receiver.url(), "--secret-env", "HOOK_KEY")
    cli(
        "channel",
        "add",
        "email",
        "ops",
        "--to",
        "desk@example.org",
        "--smtp-url",
        smtp.url,
        "--from",
        "w@example.org",
    )
    assert cli("channel", "test", "hook").out.strip() == "test message sent on 'hook'"
    assert verify("from-env", receiver.acked[0]["headers"], receiver.acked[0]["body"])
    # the test message is a change record in every field, as a real alert's (a receiver built
    # against it broke on the first real one: its quotes were strings, half its fields missing)
    from watcher.types import Change

    sent = json.loads(receiver.acked[0]["body"])
    record = sent["changes"][0] if "changes" in sent else sent
    assert set(Change(kinds=(), from_version=1, to_version=2).as_record()) <= set(record)
    assert record["quotes"]["added"][0] == {
        "text": "This is a test message from watcher.",
        "speaker": "watcher",
        "paragraph": 0,
    }
    assert cli("channel", "test", "ops").code == 0
    (msg,) = smtp.messages
    assert msg["Subject"] == "[watcher] Test message: watcher test message" and msg["From"] == "w@example.org"
    receiver.stop()
    down = cli("channel", "test", "hook")
    assert down.code == 1 and "test message on 'hook' failed: cannot reach webhook" in down.err


@pytest.mark.skipif(importlib.util.find_spec("apprise") is not None, reason="apprise is installed")
def test_apprise_without_the_extra_is_a_clear_error(cli: Callable[..., Run]) -> None:
    assert cli("channel", "add", "apprise", "chat", "--url", "json://127.0.0.1:9/x").code == 0
    run = cli("channel", "test", "chat")
    assert run.code == 1 and "pip install 'watcher[apprise]'" in run.err


def test_channels_from_the_config_file(
    cli: Callable[..., Run],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    receiver: Receiver,
    article: Callable[[str], str],
) -> None:
    config = tmp_path / "watcher.toml"
    config.write_text(
        f"""
[alerts]
base_url = "https://watcher.example.org"

[alerts.channels.desk]
kind = "webhook"
url = "{receiver.url()}"
secret_env = "DESK_SECRET"

[[alerts.channels.desk.rules]]
kinds = ["quote_removed"]
"""
    )
    monkeypatch.setenv("WATCHER_CONFIG", str(config))
    monkeypatch.setenv("DESK_SECRET", "desk-secret")
    (desk,) = cli("channel", "list", "--json").json()["channels"]
    assert desk["config"]["secret_env"] == "DESK_SECRET" and desk["rules"][0]["kinds"] == ["quote_removed"]
    for v in ("v1.html", "v2.html", "v3.html", "v4.html"):
        article(v)
    assert cli("alerts", "dispatch", "--once").code == 0
    (doc,) = receiver.payloads()  # only v4 removed a quote
    assert "quote_removed" in doc["changes"][0]["kinds"]
    assert doc["changes"][0]["web_url"].startswith("https://watcher.example.org/watches/1/diff?from=3&to=4")
    assert verify("desk-secret", receiver.acked[0]["headers"], receiver.acked[0]["body"])
    # the same config again changes nothing; a CLI channel of that name is refused
    assert len(cli("rule", "list", "--json").json()["rules"]) == 1
    config.write_text(config.read_text().replace('kinds = ["quote_removed"]', 'kinds = ["nope"]'))
    bad = cli("channel", "list")
    assert bad.code == 1 and "unknown kind 'nope'" in bad.err


def test_a_channel_taken_out_of_the_config_file_is_paused_and_its_alerts_wait(
    cli: Callable[..., Run],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    receiver: Receiver,
    article: Callable[[str], str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Taking a channel out of the file stops its alerts at once; the queued ones are kept
    (not sent, not dropped) and go out when it is back."""
    desk = f'[alerts.channels.desk]\nkind = "webhook"\nurl = "{receiver.url()}"\n'
    config = tmp_path / "watcher.toml"
    config.write_text(desk)
    monkeypatch.setenv("WATCHER_CONFIG", str(config))
    article("v1.html")
    article("v2.html")  # one change: one alert queued for desk
    config.write_text("[alerts]\n")
    listed = cli("channel", "list", "--json")
    assert "'desk' is no longer in the config file: paused" in caplog.text
    (channel,) = listed.json()["channels"]
    assert channel["active"] is False
    article("v3.html")  # a change while paused: no alert for desk
    assert cli("alerts", "dispatch", "--once").code == 0
    assert receiver.payloads() == []
    waiting = cli("alerts", "--json").json()["alerts"]
    assert [a["status"] for a in waiting] == ["pending"]
    # (the listing's time says what it is: a bare time read the same queued, sent or to come)
    assert f"queued {waiting[0]['created_at']}" in cli("alerts").out
    # back in the file: active again, and the kept alert goes out
    config.write_text(desk)
    assert cli("channel", "list", "--json").json()["channels"][0]["active"] is True
    assert cli("alerts", "dispatch", "--once").code == 0
    (doc,) = receiver.payloads()
    assert [c["to_version"] for c in doc["changes"]] == [2]
    sent = cli("alerts", "--json").json()["alerts"][0]
    assert f"sent {sent['sent_at']}" in cli("alerts").out
    caplog.clear()
    cli("channel", "list")
    assert "no longer in the config file" not in caplog.text  # said once, when paused


def test_only_the_file_that_declared_a_channel_pauses_it(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, receiver: Receiver
) -> None:
    """A command run with no config file, or with another one (from another directory, say),
    must not pause the service's channels: only their own file, without them, does."""
    config = tmp_path / "service.toml"
    config.write_text(f'[alerts.channels.desk]\nkind = "webhook"\nurl = "{receiver.url()}"\n')
    monkeypatch.setenv("WATCHER_CONFIG", str(config))
    (desk,) = cli("channel", "list", "--json").json()["channels"]
    assert desk["active"] is True and desk["config"]["config_file"] == str(config.resolve())
    other = tmp_path / "other.toml"
    other.write_text("[alerts]\n")
    monkeypatch.setenv("WATCHER_CONFIG", str(other))
    assert cli("channel", "list", "--json").json()["channels"][0]["active"] is True
    monkeypatch.delenv("WATCHER_CONFIG")
    monkeypatch.chdir(tmp_path)  # no config/watcher.toml here: the defaults
    assert cli("channel", "list", "--json").json()["channels"][0]["active"] is True


def test_a_channel_paused_by_hand_stays_paused_through_leaving_and_returning_to_its_file(
    cli: Callable[..., Run], db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, receiver: Receiver
) -> None:
    from watcher.store import make_store
    from watcher.store.alerting_queries import update_channel

    desk = f'[alerts.channels.desk]\nkind = "webhook"\nurl = "{receiver.url()}"\n'
    config = tmp_path / "watcher.toml"
    config.write_text(desk)
    monkeypatch.setenv("WATCHER_CONFIG", str(config))
    (channel,) = cli("channel", "list", "--json").json()["channels"]
    store = make_store(db_url)
    try:
        update_channel(store.engine, channel["id"], active=False)  # as PATCH {"active": false} does
    finally:
        store.close()
    config.write_text("[alerts]\n")
    assert cli("channel", "list", "--json").json()["channels"][0]["active"] is False
    config.write_text(desk)
    assert cli("channel", "list", "--json").json()["channels"][0]["active"] is False


def test_email_login_with_password_from_env_and_refused_recipient_is_dead(
    cli: Callable[..., Run], article: Callable[[str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    server = SmtpServer(login=("alerts", "pw-from-env"))
    try:
        monkeypatch.setenv("SMTP_PASSWORD", "pw-from-env")
        url = f"smtp://alerts@127.0.0.1:{server.port}"
        assert (
            cli(
                "channel",
                "add",
                "email",
                "ops",
                "--to",
                "desk@example.org",
                "--smtp-url",
                url,
                "--smtp-password-env",
                "SMTP_PASSWORD",
            ).code
            == 0
        )
        assert (
            cli(
                "channel",
                "add",
                "email",
                "gone",
                "--to",
                "gone@example.org",
                "--smtp-url",
                url,
                "--smtp-password-env",
                "SMTP_PASSWORD",
            ).code
            == 0
        )
        server.handler.refuse.add("gone@example.org")
        article("v1.html")
        article("v2.html")
        result = cli("alerts", "dispatch", "--once", "--json").json()
        assert (result["sent"], result["dead"]) == (1, 1)
        assert server.logins == ["alerts", "alerts"]
        (msg,) = server.messages
        assert msg["To"] == "desk@example.org" and msg["Subject"].startswith("[watcher] Quote added: ")
        (dead,) = cli("alerts", "--status", "dead", "--json").json()["alerts"]
        assert "refused recipients: gone@example.org" in dead["last_error"]
        monkeypatch.setenv("SMTP_PASSWORD", "wrong")
        failed = cli("channel", "test", "ops")
        assert failed.code == 1 and "SMTP login failed" in failed.err and "wrong" not in failed.err
    finally:
        server.close()


def test_a_channel_taken_out_of_its_file_can_be_changed_and_the_file_takes_it_back(
    cli: Callable[..., Run], db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, receiver: Receiver
) -> None:
    from sqlalchemy import select

    from watcher.store import make_store
    from watcher.store.alerting_queries import update_channel
    from watcher.store.schema import channels

    desk = f'[alerts.channels.desk]\nkind = "webhook"\nurl = "{receiver.url()}"\n'
    config = tmp_path / "watcher.toml"
    config.write_text(desk)
    monkeypatch.setenv("WATCHER_CONFIG", str(config))
    cli("channel", "list")
    config.write_text("[alerts]\n")
    (channel,) = cli("channel", "list", "--json").json()["channels"]
    assert channel["active"] is False

    def stored_url() -> str:
        store = make_store(db_url)
        try:
            with store.engine.connect() as conn:
                (row,) = conn.execute(select(channels.c.config)).all()
        finally:
            store.close()
        return str(row[0]["url"])

    store = make_store(db_url)
    try:  # as PATCH {"config": {...}} does; it used to fail on the file's marks ("unknown option")
        changed = update_channel(store.engine, channel["id"], config={"url": receiver.url("/other")})
    finally:
        store.close()
    assert changed["active"] is False and stored_url() == receiver.url("/other")
    config.write_text(desk)
    (back,) = cli("channel", "list", "--json").json()["channels"]
    assert back["active"] is True and stored_url() == receiver.url()  # the file's, again


def test_the_names_of_secret_environment_variables_are_shown() -> None:
    from watcher.store.alerting_queries import shown_config

    shown = shown_config("webhook", {"url": "https://hooks.example.org/x", "secret_env": "DESK_SECRET"})
    assert shown["secret_env"] == "DESK_SECRET"
    assert shown_config("webhook", {"url": "https://hooks.example.org/x", "secret": "s3"})["secret"] == "***"
    email = {"to": ["a@example.org"], "smtp_url": "smtp://u@h:25", "smtp_password_env": "SMTP_PW"}
    assert shown_config("email", email)["smtp_password_env"] == "SMTP_PW"


def test_a_flag_stored_as_a_string_by_an_older_release_means_what_it_says(
    cli: Callable[..., Run], db_url: str, smtp: SmtpServer, article: Callable[[str], str]
) -> None:
    """Before option types were checked, `starttls = "false"` was stored as the string, and
    bool("false") turned STARTTLS on: the plain SMTP server refused every alert."""
    from sqlalchemy import create_engine, update

    from watcher.store.schema import channels

    assert cli("channel", "add", "email", "ops", "--to", "desk@example.org", "--smtp-url", smtp.url).code == 0
    engine = create_engine(db_url)
    with engine.begin() as conn:  # as an older release stored it
        [(config,)] = conn.execute(channels.select().with_only_columns(channels.c.config)).all()
        conn.execute(update(channels).values(config={**config, "starttls": "false", "ssl": "no"}))
    engine.dispose()
    article("v1.html")
    article("v2.html")
    result = cli("alerts", "dispatch", "--once", "--json").json()
    assert result["sent"] == 1, result
    assert len(smtp.messages) == 1


def test_alerts_list_the_verdicts_of_their_changes(
    cli: Callable[..., Run], article: Callable[[str], str], receiver: Receiver
) -> None:
    """`watcher changes` named a stealth edit; `watcher alerts` left it out."""
    assert cli("channel", "add", "webhook", "hook", "--url", receiver.url()).code == 0
    assert cli("rule", "add", "--channel", "hook").code == 0
    for name in ("v1.html", "v2.html", "v3.html", "v4.html"):  # (v4: a stealth edit)
        article(name)
    listed = cli("alerts", "--json").json()["alerts"]
    by_version = {a["to_version"]: a["verdicts"] for a in listed}
    assert by_version[4] == ["stealth_edit"] and by_version[2] == []
    (line,) = [line for line in cli("alerts").out.splitlines() if "v3->v4" in line]
    assert "stealth_edit" in line


def test_a_paused_channel_says_so_in_the_listing(cli: Callable[..., Run], db_url: str) -> None:
    """A channel paused through the API looked active in ``watcher channel list``: only
    ``--json`` said ``"active": false`` (review)."""
    from watcher.store import alerting_queries as aq
    from watcher.store.sql import make_store

    assert cli("channel", "add", "webhook", "desk", "--url", "https://hooks.example.org/x").code == 0
    assert "paused" not in cli("channel", "list").out
    store = make_store(db_url)
    channel_id = cli("channel", "list", "--json").json()["channels"][0]["id"]
    aq.update_channel(store.engine, channel_id, active=False)
    line = cli("channel", "list").out.splitlines()[0]
    assert line.startswith("desk") and line.endswith("(paused: its alerts wait)")
