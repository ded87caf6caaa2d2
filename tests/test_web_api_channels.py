"""Channels through the JSON API: options type-checked, redacted secrets sent back kept.

A real uvicorn server on loopback; deliveries go to a real SMTP server (aiosmtpd)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.support.cli import Run
from tests.support.receiver import Receiver, verify
from tests.support.smtp import SmtpServer
from tests.support.web import LiveServer, start_server
from watcher.store.schema import channels

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


def stored_config(server: LiveServer, channel_id: int) -> dict[str, Any]:
    with server.watcher.store.engine.connect() as conn:
        return dict(conn.scalar(select(channels.c.config).where(channels.c.id == channel_id)))


def test_a_new_smtp_port_needs_the_password_sent_again(server: LiveServer, cli: Callable[..., Run]) -> None:
    smtp = SmtpServer(login=("user", "RealPW"))  # AUTH with exactly that password, or 535
    try:
        api = server.client(TOKEN)
        config = {"to": ["desk@example.org"], "smtp_url": "smtp://user:RealPW@127.0.0.1:2525"}
        ch = api.post("/api/channels", json={"name": "desk", "kind": "email", "config": config}).json()
        assert ch["config"]["smtp_url"] == "smtp://user:***@127.0.0.1:2525"
        # *** stands for the password of the server it was stored for, not of the new one
        r = api.patch(
            f"/api/channels/{ch['id']}",
            json={"config": {"smtp_url": f"smtp://user:***@127.0.0.1:{smtp.port}"}},
        )
        assert r.status_code == 422
        assert r.json()["error"]["message"] == (
            "channel 'desk': smtp_url: *** stands for the password stored for smtp://127.0.0.1:2525, "
            f"not for smtp://127.0.0.1:{smtp.port}: send the password again"
        )
        assert stored_config(server, ch["id"])["smtp_url"] == "smtp://user:RealPW@127.0.0.1:2525"
        moved = f"smtp://user:RealPW@127.0.0.1:{smtp.port}"
        r = api.patch(f"/api/channels/{ch['id']}", json={"config": {"smtp_url": moved}})
        assert (
            r.status_code == 200
            and r.json()["config"]["smtp_url"] == f"smtp://user:***@127.0.0.1:{smtp.port}"
        )
        sent = cli("channel", "test", "desk")
        assert sent.code == 0, sent.err
        assert smtp.logins == ["user"] and len(smtp.messages) == 1
    finally:
        smtp.close()


@pytest.mark.parametrize(
    ("smtp_url", "message"),
    [
        (
            "smtp://other:***@127.0.0.1:2526",
            "channel 'desk': smtp_url: *** keeps the stored password, which is user 'user''s: "
            "send the password of 'other'",
        ),
        ("smtp://:***@127.0.0.1:2526", "which is user 'user''s"),
    ],
)
def test_a_redacted_password_for_another_user_is_a_422(
    server: LiveServer, smtp_url: str, message: str
) -> None:
    api = server.client(TOKEN)
    config = {"to": ["desk@example.org"], "smtp_url": "smtp://user:RealPW@127.0.0.1:2525"}
    ch = api.post("/api/channels", json={"name": "desk", "kind": "email", "config": config}).json()
    r = api.patch(f"/api/channels/{ch['id']}", json={"config": {"smtp_url": smtp_url}})
    assert r.status_code == 422 and message in r.json()["error"]["message"]
    assert stored_config(server, ch["id"])["smtp_url"] == "smtp://user:RealPW@127.0.0.1:2525"


def test_a_redacted_password_with_none_stored_is_a_422(server: LiveServer) -> None:
    api = server.client(TOKEN)
    config = {"to": ["desk@example.org"], "smtp_url": "smtp://user@127.0.0.1:2525"}
    ch = api.post("/api/channels", json={"name": "desk", "kind": "email", "config": config}).json()
    r = api.patch(
        f"/api/channels/{ch['id']}", json={"config": {"smtp_url": "smtp://user:***@127.0.0.1:2526"}}
    )
    assert r.status_code == 422
    assert r.json()["error"]["message"] == (
        "channel 'desk': smtp_url: *** keeps the stored password, and there is none: send it"
    )
    assert stored_config(server, ch["id"])["smtp_url"] == "smtp://user@127.0.0.1:2525"


def test_a_signing_secret_placeholder_with_none_stored_is_a_422(server: LiveServer) -> None:
    """``"secret": "***"`` on an unsigned webhook: the client thinks it kept a secret, and the
    requests would go out unsigned."""
    api = server.client(TOKEN)
    ch = api.post(
        "/api/channels", json={"name": "hook", "kind": "webhook", "config": {"url": "http://127.0.0.1:9/"}}
    )
    r = api.patch(f"/api/channels/{ch.json()['id']}", json={"config": {"secret": "***"}})
    assert r.status_code == 422
    assert r.json()["error"]["message"] == (
        "channel 'hook': secret: *** stands for a stored value, and none is stored: send the value"
    )
    assert stored_config(server, ch.json()["id"]).get("secret") is None


def test_secrets_in_webhook_urls_and_rule_patterns_are_not_shown(server: LiveServer) -> None:
    """A token in a webhook URL's user name (sent as Basic auth) or after its ``#``, and a
    password or key in a rule's URL pattern, are shown as ***."""
    api = server.client(TOKEN)
    for url, shown in (
        ("http://ghp_TOKENUSER123@127.0.0.1:8803/", "http://***@127.0.0.1:8803/"),
        ("https://hooks.example.org/#/SECRETC24", "https://hooks.example.org/***"),
    ):
        name = f"h{len(shown)}"
        made = api.post("/api/channels", json={"name": name, "kind": "webhook", "config": {"url": url}})
        assert made.status_code == 201, made.text
        assert made.json()["config"]["url"] == shown
        listed = {c["name"]: c for c in api.get("/api/channels").json()["channels"]}
        assert listed[name]["config"]["url"] == shown
    # what was shown, sent back with a new path, keeps the stored user name
    first = {c["name"]: c for c in api.get("/api/channels").json()["channels"]}["h26"]
    moved = api.patch(
        f"/api/channels/{first['id']}", json={"config": {"url": "http://***@127.0.0.1:8803/v2"}}
    )
    assert moved.status_code == 200, moved.text
    assert stored_config(server, first["id"])["url"] == "http://ghp_TOKENUSER123@127.0.0.1:8803/v2"
    elsewhere = api.patch(
        f"/api/channels/{first['id']}", json={"config": {"url": "http://***@127.0.0.1:9999/"}}
    )
    assert elsewhere.status_code == 422 and "send them again" in elsewhere.text
    pattern = "http://alice:s3cretPW@127.0.0.1:8801/news/*?key=SECRETKEY123*"
    rule = api.post("/api/rules", json={"channel_id": made.json()["id"], "url_pattern": pattern})
    assert rule.status_code == 201, rule.text
    listed = api.get("/api/rules").text
    for secret in ("s3cretPW", "SECRETKEY123"):
        assert secret not in rule.text and secret not in listed


def test_a_webhook_moved_to_another_port_needs_its_token_path_sent_again(
    server: LiveServer, cli: Callable[..., Run]
) -> None:
    receiver = Receiver()
    try:
        api = server.client(TOKEN)
        config = {"url": "http://127.0.0.1:9/services/T0/B0/tok3n?v=2", "secret": "RealSecret"}
        ch = api.post("/api/channels", json={"name": "hook", "kind": "webhook", "config": config}).json()
        assert ch["config"]["url"] == "http://127.0.0.1:9/***"
        moved = {"url": f"http://127.0.0.1:{receiver.port}/***", "secret": "***"}
        r = api.patch(f"/api/channels/{ch['id']}", json={"config": moved})
        assert r.status_code == 422
        assert r.json()["error"]["message"] == (
            "channel 'hook': url: /*** stands for the path stored for http://127.0.0.1:9, "
            f"not for http://127.0.0.1:{receiver.port}: send the whole URL again"
        )
        assert stored_config(server, ch["id"]) == config | {"secret_env": None}
        # the whole URL sent again; the signing secret is never sent anywhere, so *** keeps it
        moved["url"] = f"http://127.0.0.1:{receiver.port}/services/T0/B0/tok3n?v=2"
        r = api.patch(f"/api/channels/{ch['id']}", json={"config": moved})
        assert r.status_code == 200, r.text
        stored = stored_config(server, ch["id"])
        assert stored == {"url": moved["url"], "secret": "RealSecret", "secret_env": None}
        sent = cli("channel", "test", "hook")
        assert sent.code == 0, sent.err
        (req,) = receiver.acked
        assert req["path"] == "/services/T0/B0/tok3n?v=2" and verify(
            "RealSecret", req["headers"], req["body"]
        )
        for url, message in [
            (f"http://127.0.0.1:{receiver.port}/***?v=3", "/*** keeps the stored path and query"),
            ("http://u:***@127.0.0.1:9/***", "*** keeps the stored password, and there is none"),
        ]:
            r = api.patch(f"/api/channels/{ch['id']}", json={"config": {"url": url}})
            assert r.status_code == 422 and message in r.json()["error"]["message"]
        assert stored_config(server, ch["id"]) == stored
    finally:
        receiver.stop()


def test_an_apprise_url_of_another_service_is_not_the_redacted_one(server: LiveServer) -> None:
    api = server.client(TOKEN)
    config = {"url": "slack://TokenA/TokenB/TokenC"}
    ch = api.post("/api/channels", json={"name": "chat", "kind": "apprise", "config": config}).json()
    assert api.patch(f"/api/channels/{ch['id']}", json={"config": {"url": "slack://***"}}).status_code == 200
    r = api.patch(f"/api/channels/{ch['id']}", json={"config": {"url": "discord://***"}})
    assert r.status_code == 422
    assert r.json()["error"]["message"] == (
        "channel 'chat': url: the stored URL is no discord:// URL: send the whole new URL"
    )
    assert stored_config(server, ch["id"])["url"] == "slack://TokenA/TokenB/TokenC"


def test_a_new_kind_checks_the_stored_url_without_showing_it(server: LiveServer) -> None:
    api = server.client(TOKEN)
    config = {"url": "slack://TokenA/TokenB/TokenC"}
    ch = api.post("/api/channels", json={"name": "chat", "kind": "apprise", "config": config}).json()
    r = api.patch(f"/api/channels/{ch['id']}", json={"kind": "webhook"})
    assert r.status_code == 422 and "Token" not in r.text
    assert r.json()["error"]["message"] == "channel 'chat': url: expected an http(s) URL, got 'slack://***'"
    assert stored_config(server, ch["id"])["url"] == "slack://TokenA/TokenB/TokenC"


def test_a_channel_name_is_held_to_the_same_rule_as_on_the_command_line(server: LiveServer) -> None:
    api = server.client(TOKEN)
    hook = {"url": "https://hooks.example/in"}
    bad = api.post("/api/channels", json={"name": "bad name!", "kind": "webhook", "config": hook})
    assert bad.status_code == 422 and "invalid channel name" in bad.json()["error"]["message"]
    ok = api.post("/api/channels", json={"name": "desk.news", "kind": "webhook", "config": hook})
    assert ok.status_code == 201
    renamed = api.patch(f"/api/channels/{ok.json()['id']}", json={"name": "a/b"})
    assert renamed.status_code == 422
    assert [c["name"] for c in api.get("/api/channels").json()["channels"]] == ["desk.news"]


STORED_SMTP = "smtp://desk:S3cret@mail.example:25"


@pytest.mark.parametrize(
    ("smtp_url", "destination"),
    [
        ("smtp://desk:***@attacker.example:25", "smtp://attacker.example:25"),
        ("smtp://desk:***@mail.example:2525", "smtp://mail.example:2525"),
        ("smtps://desk:***@mail.example:25", "smtps://mail.example:25"),
    ],
)
def test_a_redacted_password_sent_with_another_server_is_a_422_and_moves_nothing(
    server: LiveServer, smtp_url: str, destination: str
) -> None:
    # review: the stored password was restored onto the new host, and `channel test` sent it there
    api = server.client(TOKEN)
    config = {"to": ["a@example.org"], "smtp_url": STORED_SMTP}
    ch = api.post("/api/channels", json={"name": "desk", "kind": "email", "config": config}).json()
    r = api.patch(f"/api/channels/{ch['id']}", json={"config": {"smtp_url": smtp_url}})
    assert r.status_code == 422, r.text
    assert r.json()["error"]["message"] == (
        f"channel 'desk': smtp_url: *** stands for the password stored for smtp://mail.example:25, "
        f"not for {destination}: send the password again"
    )
    assert stored_config(server, ch["id"])["smtp_url"] == STORED_SMTP


def test_a_redacted_password_on_the_same_server_written_another_way_is_kept(server: LiveServer) -> None:
    api = server.client(TOKEN)
    config = {"to": ["a@example.org"], "smtp_url": STORED_SMTP}
    ch = api.post("/api/channels", json={"name": "desk", "kind": "email", "config": config}).json()
    r = api.patch(f"/api/channels/{ch['id']}", json={"config": {"smtp_url": "smtp://desk:***@MAIL.example"}})
    assert r.status_code == 200, r.text
    assert stored_config(server, ch["id"])["smtp_url"] == "smtp://desk:S3cret@MAIL.example"


@pytest.mark.parametrize(
    ("url", "destination"),
    [
        ("https://hooks.example.com:8443/***", "https://hooks.example.com:8443"),
        ("https://attacker.example/***", "https://attacker.example:443"),
        ("http://hooks.example.com/***", "http://hooks.example.com:80"),
    ],
)
def test_a_redacted_webhook_path_sent_with_another_server_is_a_422_and_moves_nothing(
    server: LiveServer, url: str, destination: str
) -> None:
    api = server.client(TOKEN)
    config = {"url": "https://hooks.example.com/services/T0/B0/tok3n", "secret": "RealSecret"}
    ch = api.post("/api/channels", json={"name": "hook", "kind": "webhook", "config": config}).json()
    r = api.patch(f"/api/channels/{ch['id']}", json={"config": {"url": url, "secret": "***"}})
    assert r.status_code == 422, r.text
    assert r.json()["error"]["message"] == (
        f"channel 'hook': url: /*** stands for the path stored for https://hooks.example.com:443, "
        f"not for {destination}: send the whole URL again"
    )
    assert stored_config(server, ch["id"]) == config | {"secret_env": None}
    # the same server, its default port written out: the stored path stays
    r = api.patch(f"/api/channels/{ch['id']}", json={"config": {"url": "https://hooks.example.com:443/***"}})
    assert r.status_code == 200, r.text
    assert stored_config(server, ch["id"])["url"] == "https://hooks.example.com:443/services/T0/B0/tok3n"


@pytest.mark.parametrize("url", ["mailto://user:***@gmail.com", "slack://***/extra", "slack://A/***"])
def test_a_redacted_apprise_url_not_as_shown_is_a_422_never_stored(server: LiveServer, url: str) -> None:
    api = server.client(TOKEN)
    config = {"url": "mailto://user:AppPW@gmail.com" if url.startswith("mailto") else "slack://A/B/C"}
    ch = api.post("/api/channels", json={"name": "chat", "kind": "apprise", "config": config}).json()
    r = api.patch(f"/api/channels/{ch['id']}", json={"config": {"url": url}})
    assert r.status_code == 422, r.text
    scheme = url.split("://")[0]
    assert r.json()["error"]["message"] == (
        f"channel 'chat': url: *** stands for the stored URL only as it was shown, {scheme}://***: "
        "send the whole URL again"
    )
    assert stored_config(server, ch["id"]) == config


def test_the_api_names_no_environment_variable_and_moves_no_channel_that_sends_one(
    server: LiveServer, cli: Callable[..., Run]
) -> None:
    """A client could name any variable of the server's environment (PATH, a database
    password) as a channel's secret and have it sent to a server of its own."""
    api = server.client(TOKEN)
    hook = HOOK | {"secret_env": "HOME"}
    r = api.post("/api/channels", json={"name": "desk", "kind": "webhook", "config": hook})
    assert r.status_code == 422 and "secret_env" in r.json()["error"]["message"]
    assert api.get("/api/channels").json()["channels"] == []
    mail = EMAIL | {"smtp_url": "smtp://desk@127.0.0.1:8825"}
    ch = api.post("/api/channels", json={"name": "mail", "kind": "email", "config": mail}).json()
    r = api.patch(f"/api/channels/{ch['id']}", json={"config": {"smtp_password_env": "HOME"}})
    assert r.status_code == 422 and stored_config(server, ch["id"]).get("smtp_password_env") is None
    # one set up by the server's operator (the CLI) keeps its destination through the API
    assert cli("channel", "add", "email", "ops", "--to", "a@example.org", "--smtp-url",
               "smtp://ops@127.0.0.1:8825", "--smtp-password-env", "OPS_PW").code == 0  # fmt: skip
    [ops] = [c for c in api.get("/api/channels").json()["channels"] if c["name"] == "ops"]
    moved = {"smtp_url": "smtp://ops@attacker.example:25"}
    r = api.patch(f"/api/channels/{ops['id']}", json={"config": moved})
    assert (
        r.status_code == 422 and stored_config(server, ops["id"])["smtp_url"] == "smtp://ops@127.0.0.1:8825"
    )
    # what was shown goes back unchanged, and other options still change
    shown = ops["config"] | {"starttls": True}
    r = api.patch(f"/api/channels/{ops['id']}", json={"config": shown})
    assert r.status_code == 200, r.text
    assert stored_config(server, ops["id"])["smtp_password_env"] == "OPS_PW"
