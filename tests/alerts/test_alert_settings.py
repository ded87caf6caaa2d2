"""Every alert setting is documented (README and config/watcher.toml) and validated."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

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
        ({"WATCHER_ALERTS__MAX_ATTEMPTS": "0"}, "at least 1"),
        ({"WATCHER_ALERTS__LEASE": "10", "WATCHER_ALERTS__TIMEOUT": "20"}, "alerts.lease must be longer"),
        ({"WATCHER_ALERTS__BACKOFF_BASE": "-1"}, "must be positive"),
        ({"WATCHER_ALERTS__NOPE": "1"}, "unknown key alerts.nope"),
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
