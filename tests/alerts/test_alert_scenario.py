"""Acceptance: the carney scenario through a real webhook receiver and a real SMTP server.

One message per real edit matching the default rule (v2, v3, v4, v5), none for the first
version or the noise twins, each delivered once, with the right content and signature.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.alerts.conftest import carney_spec
from tests.support.cli import Run
from tests.support.receiver import Receiver, verify
from tests.support.smtp import SmtpServer
from tests.test_scenarios import norm

SECRET = "webhook-secret-value-123"


def expected_edits() -> list[dict[str, Any]]:
    steps = carney_spec()["steps"]
    return [
        s["expect"] | {"serve": s["serve"]}
        for s in steps
        if s["expect"]["new_version"] and not s["expect"].get("first_version")
    ]


def test_carney_scenario_alerts(
    cli: Callable[..., Run],
    article: Callable[[str], str],
    receiver: Receiver,
    smtp: SmtpServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HOOK_SECRET", SECRET)
    assert (
        cli(
            "channel", "add", "webhook", "newsroom", "--url", receiver.url(), "--secret-env", "HOOK_SECRET"
        ).code
        == 0
    )
    assert cli("channel", "add", "email", "ops", "--to", "desk@example.org", "--smtp-url", smtp.url).code == 0

    for step in carney_spec()["steps"]:
        article(step["serve"])
        run = cli("alerts", "dispatch", "--once", "--json")
        assert run.code == 0, run.err
        assert run.json()["dead"] == 0 and run.json()["failed"] == 0

    edits = expected_edits()
    assert [e["serve"] for e in edits] == ["v2.html", "v3.html", "v4.html", "v5.html"]

    # webhook: exactly one acknowledged POST per edit, in order, signed, with the record
    assert len(receiver.requests) == len(edits)
    payloads = receiver.payloads()
    assert len({p["idempotency_key"] for p in payloads}) == len(edits)
    for req, doc, edit in zip(receiver.acked, payloads, edits, strict=True):
        assert verify(SECRET, req["headers"], req["body"])
        assert req["headers"]["idempotency-key"] == doc["idempotency_key"]
        (change,) = doc["changes"]
        assert set(change["kinds"]) == set(edit["kinds"])
        added = sorted(norm(q["text"]) for q in change["quotes"]["added"])
        assert added == sorted(norm(q) for q in edit.get("quotes_added", []))
        removed = sorted(norm(q["text"]) for q in change["quotes"]["removed"])
        assert removed == sorted(norm(q) for q in edit.get("quotes_removed", []))
        assert doc["watch"]["url"].endswith(carney_spec()["path"])
        if "stealth_edit" in edit:
            assert change["stealth_edit"] is edit["stealth_edit"]

    # email: one message per edit, subject by the headline kind, quotes in both parts
    subjects = [m["Subject"] for m in smtp.messages]
    title2 = edits[0]["title"][1]
    assert subjects == [
        f"[watcher] Quote added: {title2}",
        f"[watcher] Quote added: {title2}",
        f"[watcher] Quote removed: {title2}",
        f"[watcher] Updated time changed: {title2}",
    ]
    assert len({m["Message-ID"] for m in smtp.messages}) == 4
    for msg, edit in zip(smtp.messages, edits, strict=True):
        text = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        html = msg.get_body(("html",)).get_content()  # type: ignore[union-attr]
        for q in edit.get("quotes_added", []) + edit.get("quotes_removed", []):
            assert norm(q)[:40] in norm(text)
        for kind in edit["kinds"]:
            assert kind in text
        assert "<script" not in html
    v4 = smtp.messages[2].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "stealth edit" in v4 and "[-commitee-]{+committee+}" in v4
    assert all(m["Message-ID"].endswith("@watcher.invalid>") for m in smtp.messages)

    # nothing left, nothing sent twice, secrets never printed
    listing = cli("alerts", "--json").json()
    assert listing["counts"] == {"sent": 8}
    assert cli("alerts", "dispatch", "--once", "--json").json()["claimed"] == 0
    for args in (("channel", "list", "--json"), ("alerts", "--json"), ("channel", "list"), ("alerts",)):
        out = cli(*args).out
        assert SECRET not in out
