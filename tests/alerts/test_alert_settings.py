"""Every alert setting is documented (README and config/watcher.toml) and validated."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.cli import Run
from watcher.config import AlertSettings, load_settings
from watcher.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("key", [f.name for f in dataclasses.fields(AlertSettings) if f.name != "channels"])
def test_every_alert_setting_is_documented(key: str) -> None:
    assert f"`alerts.{key}`" in (ROOT / "README.md").read_text()
    assert f"# {key} = " in (ROOT / "config" / "watcher.toml").read_text()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"WATCHER_ALERTS__MAX_ATTEMPTS": "0"}, "between 1 and 100000"),
        ({"WATCHER_ALERTS__LEASE": "10", "WATCHER_ALERTS__TIMEOUT": "20"}, "alerts.lease must be longer"),
        ({"WATCHER_ALERTS__BACKOFF_BASE": "-1"}, "must be positive"),
        ({"WATCHER_ALERTS__NOPE": "1"}, "unknown key alerts.nope"),
        (
            {"WATCHER_ALERTS__BASE_URL": "javascript:alert(document.domain)//"},
            "alerts.base_url: expected an absolute http",
        ),
        ({"WATCHER_ALERTS__BASE_URL": "data:text/html,<script>x</script>"}, "alerts.base_url: expected"),
        ({"WATCHER_ALERTS__BASE_URL": "ftp://watcher.example.org"}, "alerts.base_url: expected"),
        ({"WATCHER_ALERTS__BASE_URL": "watcher.example.org/w"}, "alerts.base_url: expected"),
        ({"WATCHER_ALERTS__BASE_URL": "https:///no-host"}, "alerts.base_url: expected"),
        ({"WATCHER_ALERTS__BASE_URL": "https://w.example:99999"}, "alerts.base_url: expected"),
        ({"WATCHER_ALERTS__BASE_URL": "https://w.example/?next="}, "alerts.base_url: expected"),
        ({"WATCHER_ALERTS__BASE_URL": " https://w.example"}, "alerts.base_url: expected"),
    ],
)
def test_bad_alert_settings_are_one_clear_error(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(None, env | {"WATCHER_CONFIG": str(ROOT / "config" / "watcher.toml")})


def test_env_overrides_alert_settings() -> None:
    s = load_settings(
        None, {"WATCHER_ALERTS__GROUP_WINDOW": "120", "WATCHER_ALERTS__BASE_URL": "https://w.example"}
    )
    assert s.alerts.group_window == 120.0 and s.alerts.base_url == "https://w.example"


def test_a_javascript_base_url_stops_the_command_with_one_line(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "watcher.toml"
    config.write_text('[alerts]\nbase_url = "javascript:alert(document.domain)//"\n')
    monkeypatch.setenv("WATCHER_CONFIG", str(config))
    run = cli("channel", "list")
    assert run.code == 1 and run.out == "" and len(run.err.splitlines()) == 1
    assert run.err.startswith("error: alerts.base_url: expected an absolute http(s) URL")
