"""Channels through the JSON API: options type-checked, redacted secrets sent back kept.

A real uvicorn server on loopback; deliveries go to a real SMTP server (aiosmtpd)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.web import LiveServer, start_server

TOKEN = "s3cret-test-token"
EMAIL = {"to": ["a@example.org"], "smtp_url": "smtp://127.0.0.1:8825"}
HOOK = {"url": "https://hooks.example.org/x"}


@pytest.fixture
def server(db_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    s = start_server(db_url, tmp_path, token=TOKEN)
    yield s
    s.close()


@pytest.mark.parametrize(
    ("kind", "config", "message"),
    [
        (
            "email",
            EMAIL | {"starttls": "maybe"},
            "channel 'desk': starttls: expected true or false, got 'maybe'",
        ),
        (
            "email",
            EMAIL | {"starttls": "false"},
            "channel 'desk': starttls: expected true or false, got 'false'",
        ),
        ("email", EMAIL | {"ssl": "false"}, "channel 'desk': ssl: expected true or false, got 'false'"),
        ("email", EMAIL | {"ssl": 0}, "channel 'desk': ssl: expected true or false, got 0"),
        ("webhook", HOOK | {"secret": {"a": [1]}}, "channel 'desk': secret: expected a string, got a dict"),
        ("webhook", HOOK | {"secret": 12345}, "channel 'desk': secret: expected a string, got an int"),
    ],
)
def test_an_option_of_the_wrong_type_is_a_422_naming_channel_and_key(
    server: LiveServer, kind: str, config: dict[str, Any], message: str
) -> None:
    api = server.client(TOKEN)
    r = api.post("/api/channels", json={"name": "desk", "kind": kind, "config": config})
    assert r.status_code == 422, r.text
    assert r.json()["error"]["message"] == message
    assert api.get("/api/channels").json()["channels"] == []


def test_a_patch_of_the_wrong_type_is_a_422_and_changes_nothing(server: LiveServer) -> None:
    api = server.client(TOKEN)
    ch = api.post("/api/channels", json={"name": "desk", "kind": "email", "config": EMAIL}).json()
    r = api.patch(f"/api/channels/{ch['id']}", json={"config": {"starttls": "true"}})
    assert r.status_code == 422
    assert r.json()["error"]["message"] == "channel 'desk': starttls: expected true or false, got 'true'"
    assert api.get(f"/api/channels/{ch['id']}").json()["config"]["starttls"] is False
    r = api.patch(f"/api/channels/{ch['id']}", json={"config": {"starttls": True}})
    assert r.status_code == 200 and (r.json()["config"]["starttls"], r.json()["config"]["ssl"]) == (
        True,
        False,
    )
