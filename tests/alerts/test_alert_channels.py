"""Channel options: every option type-checked, secrets sent back redacted keep what is stored."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import Run
from watcher.alerts.channels import OPTIONS, make_channel_config
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
