"""Email delivery against real SMTP servers on loopback: a whole delivery within its timeout,
temporary refusals retried, recipients refused beside others reported."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from tests.support.smtp import SlowSmtp, SmtpServer
from watcher.alerts.email import build_email, send_email
from watcher.alerts.render import EmailContent
from watcher.errors import DeliveryError

CONTENT = EmailContent(
    subject="Headline changed", text="The headline changed.", html="<p>The headline changed.</p>"
)


def message(to: list[str]) -> object:
    return build_email(
        CONTENT,
        sender="watcher@example.org",
        to=to,
        message_id="<k@watcher>",
        idempotency_key="watcher-1-1-k",
    )


def send(url: str, to: list[str], **kwargs: object) -> str | None:
    return asyncio.run(send_email(message(to), smtp_url=url, **kwargs))  # type: ignore[arg-type]


def test_a_slow_mail_server_gets_no_more_than_the_timeout_for_the_whole_message() -> None:
    """Each command answered 0.4 s late: about 3 s a message, against a 1.2 s timeout. The
    delivery fails in time, the thread that talked to the server ends with it (it went on,
    and the server took the message that was recorded as failed, again at every retry), and
    nothing reached the server's queue."""
    slow = SlowSmtp(delay=0.4)
    try:
        started = time.monotonic()
        with pytest.raises(DeliveryError, match="timed out"):
            send(slow.url, ["desk@example.org"], timeout=1.2)
        assert time.monotonic() - started < 2.5
        time.sleep(1.0)
        assert not [t for t in threading.enumerate() if t.name.startswith("watcher-smtp") and _busy(t)]
        assert slow.accepted == 0
    finally:
        slow.close()


def test_a_message_taken_is_delivered_however_slow_the_goodbye() -> None:
    """The server took the message and is slow to answer QUIT: the delivery succeeded (a
    failure here would send it again, a duplicate)."""
    slow = SlowSmtp(delay=0.0, quit_delay=3.0)
    try:
        started = time.monotonic()
        assert send(slow.url, ["desk@example.org"], timeout=1.0) is None
        assert time.monotonic() - started < 2.0 and slow.accepted == 1
    finally:
        slow.close()


def _busy(thread: threading.Thread) -> bool:
    """Whether a pool thread is inside a delivery (an idle one waits on its work queue)."""
    import sys
    import traceback

    frame = sys._current_frames().get(thread.ident or -1)
    return frame is not None and any("_send_blocking" in line for line in traceback.format_stack(frame))


def test_a_temporary_refusal_of_the_recipient_is_retried_not_dead() -> None:
    """Greylisting answers 450 at RCPT on first contact: a retry gets through."""
    server = SmtpServer()
    server.handler.answers["desk@example.org"] = "450 4.2.1 Mailbox temporarily unavailable, try again later"
    try:
        with pytest.raises(DeliveryError) as caught:
            send(server.url, ["desk@example.org"])
        assert caught.value.permanent is False and "450 4.2.1" in caught.value.reason
        server.handler.answers.clear()
        assert send(server.url, ["desk@example.org"]) is None
        assert len(server.messages) == 1
        server.handler.refuse.add("desk@example.org")
        with pytest.raises(DeliveryError) as caught:
            send(server.url, ["desk@example.org"])
        assert caught.value.permanent is True and "550" in caught.value.reason
    finally:
        server.close()


def test_a_recipient_refused_beside_others_is_reported_not_dropped_silently() -> None:
    server = SmtpServer()
    server.handler.answers["full@example.org"] = "452 4.2.2 mailbox full"
    try:
        note = send(server.url, ["desk@example.org", "full@example.org"])
        assert note == "SMTP refused recipients: full@example.org (452 4.2.2 mailbox full)"
        assert len(server.messages) == 1 and server.handler.envelopes[0].rcpt_tos == ["desk@example.org"]
    finally:
        server.close()


def test_a_password_smtp_cannot_send_is_one_permanent_error() -> None:
    server = SmtpServer(login=("desk", "p\u00e4ssw\u00f6rd"))
    try:
        with pytest.raises(DeliveryError) as caught:
            send(f"smtp://desk:p%C3%A4ssw%C3%B6rd@127.0.0.1:{server.port}", ["desk@example.org"])
        assert caught.value.permanent is True
        assert caught.value.reason == "SMTP login failed: the user name and password must be ASCII to log in"
    finally:
        server.close()
