"""Channel options: every option type-checked, secrets sent back redacted keep what is stored."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import Run
from watcher.alerts.channels import OPTIONS, make_channel_config, redact, unredact
from watcher.errors import ConfigError

VALID: dict[str, dict[str, Any]] = {
    "email": {"to": ["a@example.org"], "smtp_url": "smtp://127.0.0.1:8825"},
    "webhook": {"url": "https://hooks.example.org/x"},
    "apprise": {"url": "json://127.0.0.1:9/x"},
}
#: a value of the wrong type for every option of every kind (each must be refused, not cast)
WRONG_TYPES: list[tuple[str, str, Any, str]] = [
    ("email", "starttls", "false", "expected true or false, got 'false'"),
    ("email", "ssl", "false", "expected true or false, got 'false'"),
    ("email", "starttls", 1, "expected true or false, got 1"),
    ("email", "ssl", "yes", "expected true or false, got 'yes'"),
    ("email", "to", 12345, "expected a string or a list of strings, got 12345"),
    ("email", "to", ["a@example.org", 7], "expected a string or a list of strings, got ['a@example.org', 7]"),
    ("email", "smtp_url", 25, "expected a string, got an int"),
    ("email", "smtp_url", ["smtp://u:pw@h"], "expected a string, got a list"),
    ("email", "smtp_password_env", 5, "expected a string, got 5"),
    ("email", "from", {"a@example.org": 1}, "expected a string, got {'a@example.org': 1}"),
    ("webhook", "url", {"u": "https://h/x"}, "expected a string, got a dict"),
    ("webhook", "secret", {"a": [1]}, "expected a string, got a dict"),
    ("webhook", "secret", 12345, "expected a string, got an int"),
    ("webhook", "secret", True, "expected a string, got a bool"),
    ("webhook", "secret_env", ["A"], "expected a string, got ['A']"),
    ("apprise", "url", ["slack://a/b"], "expected a string, got a list"),
]


def test_the_table_covers_every_option_of_every_kind() -> None:
    covered = {(kind, key) for kind, key, _, _ in WRONG_TYPES}
    assert covered == {(kind, key) for kind, opts in OPTIONS.items() for key in opts}


@pytest.mark.parametrize(("kind", "key", "value", "message"), WRONG_TYPES)
def test_an_option_of_the_wrong_type_is_one_error_naming_channel_and_key(
    kind: str, key: str, value: Any, message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        make_channel_config(kind, VALID[kind] | {key: value}, where="alerts.channels.desk")
    assert str(caught.value) == f"alerts.channels.desk: {key}: {message}"
    assert "pw" not in str(caught.value)  # a credential of the wrong type is not echoed


@pytest.mark.parametrize("key", ["starttls", "ssl"])
def test_a_config_file_with_a_string_for_a_boolean_stops_with_one_line(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    config = tmp_path / "watcher.toml"
    config.write_text(
        "[alerts.channels.desk]\n"
        'kind = "email"\n'
        'to = ["a@example.org"]\n'
        'smtp_url = "smtp://127.0.0.1:8825"\n'
        f'{key} = "false"\n'
    )
    monkeypatch.setenv("WATCHER_CONFIG", str(config))
    run = cli("channel", "list", "--json")
    assert run.code == 1 and run.out == ""
    assert run.err == f"error: alerts.channels.desk: {key}: expected true or false, got 'false'\n"


#: (kind, stored URL, URL sent back, URL stored after, or the error): a placeholder of what the
#: client was shown stands for the stored secret on the same server (scheme, host, port); one
#: that stands for nothing, or sent with another server (the secret would go there), is refused
UNREDACT: list[tuple[str, str, str, str]] = [
    (
        "email",
        "smtp://user:RealPW@127.0.0.1:2525",
        "smtp://user:***@127.0.0.1:2526",
        "error: smtp_url: *** stands for the password stored for smtp://127.0.0.1:2525, "
        "not for smtp://127.0.0.1:2526: send the password again",
    ),
    (
        "email",
        "smtp://user:RealPW@a.example:25",
        "smtps://user:***@a.example",
        "error: smtp_url: *** stands for the password stored for smtp://a.example:25, "
        "not for smtps://a.example:465: send the password again",
    ),
    ("email", "smtp://user:RealPW@a.example:25", "smtp://user:***@A.example", "smtp://user:RealPW@A.example"),
    ("email", "smtp://u%40x:p%40ss%3A@h:25", "smtp://u%40x:***@h", "smtp://u%40x:p%40ss%3A@h"),
    (
        "email",
        "smtp://user:RealPW@h:25",
        "smtp://other:***@h:25",
        "error: smtp_url: *** keeps the stored password, which is user 'user''s: send the password of 'other'",
    ),
    (
        "email",
        "smtp://user@h:25",
        "smtp://user:***@h:26",
        "error: smtp_url: *** keeps the stored password, and there is none: send it",
    ),
    (
        "webhook",
        "https://u:pw@hooks.example/services/T/B/tok?x=1",
        "https://u:***@hooks.example:443/***",
        "https://u:pw@hooks.example:443/services/T/B/tok?x=1",
    ),
    (
        "webhook",
        "https://u:pw@hooks.example/services/T/B/tok?x=1",
        "https://u:***@hooks.example/new",
        "https://u:pw@hooks.example/new",
    ),
    (
        "webhook",
        "https://u:pw@hooks.example/t",
        "https://u:***@hooks2.example/t",
        "error: url: *** stands for the password stored for https://hooks.example:443, "
        "not for https://hooks2.example:443: send the password again",
    ),
    (
        "webhook",
        "https://hooks.example/?token=t",
        "https://hooks.example:443/***",
        "https://hooks.example:443/?token=t",
    ),
    (
        "webhook",
        "https://hooks.example/?token=t",
        "https://hooks2.example/***",
        "error: url: /*** stands for the path stored for https://hooks.example:443, "
        "not for https://hooks2.example:443: send the whole URL again",
    ),
    (
        "webhook",
        "https://[::1]:8443/t",
        "https://[::1]:9443/***",
        "error: url: /*** stands for the path stored for https://[::1]:8443, "
        "not for https://[::1]:9443: send the whole URL again",
    ),
    ("webhook", "https://hooks.example/t", "https://hooks2.example/new", "https://hooks2.example/new"),
    (
        "webhook",
        "https://hooks.example/",
        "https://hooks2.example/***",
        "error: url: /*** keeps the stored path, and there is none: send it",
    ),
    (
        "webhook",
        "https://hooks.example/t",
        "https://hooks2.example/***?x=2",
        "error: url: /*** keeps the stored path and query: send no query with it",
    ),
    ("apprise", "slack://TokenA/TokenB", "slack://***", "slack://TokenA/TokenB"),
    (
        "apprise",
        "slack://TokenA/TokenB",
        "discord://***",
        "error: url: the stored URL is no discord:// URL: send the whole new URL",
    ),
    (
        "apprise",
        "mailto://user:pw@gmail.com",
        "mailto://user:***@gmail.com",
        "error: url: *** stands for the stored URL only as it was shown, mailto://***: send the whole URL again",
    ),
]


@pytest.mark.parametrize(("kind", "stored", "sent", "expected"), UNREDACT)
def test_a_url_sent_back_redacted_keeps_the_stored_secret(
    kind: str, stored: str, sent: str, expected: str
) -> None:
    key = "smtp_url" if kind == "email" else "url"
    before = {key: stored}
    if expected.startswith("error: "):
        with pytest.raises(ConfigError) as caught:
            unredact(kind, {key: sent}, before, redact(kind, before))
        assert str(caught.value) == expected.removeprefix("error: ")
    else:
        assert unredact(kind, {key: sent}, before, redact(kind, before)) == {key: expected}


def test_a_redacted_secret_is_kept_and_the_error_names_the_channel() -> None:
    stored = {"url": "https://hooks.example/t", "secret": "RealSecret"}
    shown = redact("webhook", stored)
    assert unredact("webhook", {"secret": "***", "url": "https://hooks.example:443/***"}, stored, shown) == {
        "url": "https://hooks.example:443/t",
        "secret": "RealSecret",
    }
    with pytest.raises(ConfigError, match=r"^channel 'desk': url: /\*\*\* keeps the stored path and query"):
        unredact("webhook", {"url": "https://h2.example/***?q"}, stored, shown, where="channel 'desk'")
