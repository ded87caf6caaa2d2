"""Settings: defaults, TOML, environment, and one clear error for every mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from watcher.config import Settings, load_settings
from watcher.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]


def test_shipped_config_loads_and_matches_defaults() -> None:
    settings = load_settings(ROOT / "config" / "watcher.toml", {})
    assert settings.fetch == Settings().fetch and settings.browser == Settings().browser
    assert settings.db_url.startswith("sqlite:///") and settings.db_url.endswith("watcher.db")


def test_environment_overrides_file(tmp_path: Path) -> None:
    cfg = tmp_path / "w.toml"
    cfg.write_text('[db]\nurl = "sqlite:////from/file.db"\n[fetch]\ntimeout = 5\n')
    env = {
        "WATCHER_DB": "sqlite:////from/env.db",
        "WATCHER_FETCH__TIMEOUT": "7.5",
        "WATCHER_ALLOW_PRIVATE_ADDRESSES": "yes",
    }
    settings = load_settings(cfg, env)
    assert settings.db_url == "sqlite:////from/env.db"
    assert settings.fetch.timeout == 7.5 and settings.fetch.allow_private_addresses is True
    assert load_settings(cfg, {}).fetch.timeout == 5.0


def test_watcher_config_variable_names_the_file(tmp_path: Path) -> None:
    cfg = tmp_path / "w.toml"
    cfg.write_text("[fetch]\nconcurrency = 3\n")
    assert load_settings(None, {"WATCHER_CONFIG": str(cfg)}).fetch.concurrency == 3


@pytest.mark.parametrize(
    ("text", "env", "message"),
    [
        ("[fetch]\nconcurrency = 'many'\n", {}, "fetch.concurrency: expected an integer"),
        ("[fetch]\nallow_private_addresses = 'maybe'\n", {}, "expected true or false"),
        ("[fetsh]\n", {}, "unknown section [fetsh]"),
        ("[fetch]\nconcurrency = 0\n", {}, "between 1 and"),
        ("[schedule]\ndefault_every = 'often'\n", {}, "invalid interval"),
        ("[schedule]\njitter = 2\n", {}, "jitter"),
        ("[schedule]\nconfirm_drop = 1.5\n", {}, "schedule.confirm_drop must be a fraction"),
        ("[schedule]\nconfirm_after = 'soon'\n", {}, "schedule.confirm_after: invalid interval"),
        ("", {"WATCHER_NOPE__X": "1"}, "unknown section 'nope'"),
        ("", {"WATCHER_FETCH__TIMEOUT": "-1"}, "must be positive"),
        ("[fetch]\ntransport = 'curl'\n", {}, "fetch.transport must be one of aiohttp, httpcore, not 'curl'"),
        ("[browser]\ntimeout = 0\n", {}, "browser.timeout must be positive"),
        ("[browser]\nsettle = 40\n", {}, "browser.settle between 0 and it"),
        ("[browser]\npages = 0\n", {}, "browser.pages must be between 1 and 64"),
        ("", {"WATCHER_BROWSER__MAX_REQUESTS": "-1"}, "browser.max_requests between 0 and"),
        ("[browser]\nexecutable = ['chromium']\n", {}, "browser.executable: expected a string"),
        # (a blank token let anyone in who typed a space; a padded one could never be sent)
        ("", {"WATCHER_WEB__TOKEN": " "}, "web.token must be at least 16 printable ASCII"),
        ("[web]\ntoken = 'abcdefghijklmnop123 '\n", {}, "web.token must be at least 16"),
        ("[web]\ntoken = 'short'\n", {}, "web.token must be at least 16"),
        ("[web]\ntoken = 'abcdefghijklmnop\u00e9'\n", {}, "web.token must be at least 16"),
    ],
)
def test_invalid_settings(tmp_path: Path, text: str, env: dict[str, str], message: str) -> None:
    cfg = tmp_path / "w.toml"
    cfg.write_text(text)
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_settings(cfg, env)


def test_every_setting_is_documented_in_readme_and_config() -> None:
    import dataclasses

    readme = (ROOT / "README.md").read_text()
    shipped = (ROOT / "config" / "watcher.toml").read_text()
    for section in dataclasses.fields(Settings):
        if section.name == "source":
            continue
        for key in dataclasses.fields(getattr(Settings(), section.name)):
            assert f"`{section.name}.{key.name}`" in readme, f"{section.name}.{key.name} missing from README"
            in_toml = f"{key.name} =" in shipped or f"[{section.name}.{key.name}." in shipped
            assert in_toml, f"{section.name}.{key.name} missing from config/watcher.toml"
