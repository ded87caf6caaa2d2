"""Email delivery over SMTP (smtplib in a worker thread). Builds and sends; decides nothing.

``smtp://host:25`` plain (optionally ``starttls``), ``smtps://host:465`` or ``ssl`` for TLS
from the first byte. Failures become ``DeliveryError``: a 5xx answer, or every recipient
refused with one, is permanent; anything else (connection refused, timeouts, 4xx) is retried.
A whole delivery keeps within its timeout, in its own threads.
"""

from __future__ import annotations

import functools
import smtplib
import ssl as ssl_lib
import time
from collections.abc import Mapping
from email import policy as email_policy
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any

from watcher.alerts.channels import smtp_parts
from watcher.alerts.render import EmailContent, one_line
from watcher.alerts.threads import in_own_thread
from watcher.errors import DeliveryError

# CPython's header folder drops the space between adjacent encoded words (a headline with
# curly quotes came back as "‘ExtremelyProductive,’"); subjects are capped well below 998
# characters, so not folding them at all is both valid and exact.
NO_FOLDING = email_policy.default.clone(max_line_length=998)


def build_email(
    content: EmailContent, *, sender: str, to: list[str], message_id: str, idempotency_key: str
) -> EmailMessage:
    msg = EmailMessage(policy=NO_FOLDING)
    msg["Subject"] = one_line(content.subject)
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    msg["Date"] = formatdate(usegmt=True)
    msg["Message-ID"] = message_id
    msg["X-Watcher-Idempotency-Key"] = idempotency_key
    msg.set_content(content.text)
    msg.add_alternative(content.html, subtype="html")
    return msg


class _Deadline:
    """The end of a whole delivery's time: each read and write on the socket gets only what is
    left of it. (smtplib's timeout bounds each of them alone: a server answering every command
    after 15 s held a thread for minutes, went on after the wait for it was given up, and took
    the message in the end, so that a delivery recorded as failed had gone, again and again.)"""

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds

    def left(self) -> float:
        left = self.at - time.monotonic()
        if left <= 0:
            raise TimeoutError("timed out (alerts.timeout)")
        return left


class _Bounded(smtplib.SMTP):
    deadline: _Deadline

    def send(self, s: Any) -> None:
        self._tighten()
        super().send(s)

    def getreply(self) -> tuple[int, bytes]:
        self._tighten()
        return super().getreply()

    def _tighten(self) -> None:
        if self.sock is not None:
            self.sock.settimeout(self.deadline.left())


class _BoundedSSL(_Bounded, smtplib.SMTP_SSL):
    pass


def _send_blocking(
    msg: EmailMessage, *, smtp_url: str, starttls: bool, use_ssl: bool, password: str | None, timeout: float
) -> str | None:
    """Send ``msg``, all of it within ``timeout`` seconds; a note naming the recipients the
    server refused if it took the message for the others."""
    scheme, host, port, user, url_password = smtp_parts(smtp_url)
    password = password or url_password
    context = ssl_lib.create_default_context()
    deadline = _Deadline(timeout)
    smtp: _Bounded
    if scheme == "smtps" or use_ssl:
        smtp = _BoundedSSL(timeout=deadline.left(), context=context)
    else:
        smtp = _Bounded(timeout=deadline.left())
    smtp.deadline = deadline
    try:
        smtp.connect(host, port)
        if starttls:
            smtp.starttls(context=context)
        if user:
            smtp.login(user, password or "")
        refused = smtp.send_message(msg)
    except BaseException:
        smtp.close()
        raise
    # The message went: a QUIT that fails (the time is up, the server hangs up) changes nothing.
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()
    return f"SMTP refused recipients: {_refusals(refused)}" if refused else None


def _refusals(refused: Mapping[str, tuple[int, bytes | str]]) -> str:
    """ "a@b.org (452 4.2.2 mailbox full), ..."."""
    parts = []
    for address, (code, text) in refused.items():
        said = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        parts.append(f"{address} ({code} {one_line(said, 80)})")
    return ", ".join(parts)


async def send_email(
    msg: EmailMessage,
    *,
    smtp_url: str,
    starttls: bool = False,
    use_ssl: bool = False,
    password: str | None = None,
    timeout: float = 20.0,
) -> str | None:
    """Send one message, all of it within ``timeout``; raises DeliveryError (never an smtplib or
    socket error). Returns a note naming the recipients refused if the others took it (it is
    not sent again: they would have it twice)."""
    send = functools.partial(
        _send_blocking,
        msg,
        smtp_url=smtp_url,
        starttls=starttls,
        use_ssl=use_ssl,
        password=password,
        timeout=timeout,
    )
    try:
        # (a thread of its own, not the loop's default ones, which the service's claims, gauges
        # and outcome records run in; a daemon, so a slow relay never holds up the exit)
        return await in_own_thread(send, name="watcher-smtp")
    except smtplib.SMTPRecipientsRefused as exc:
        # (a 4xx is for now, greylisting on first contact: retried; permanent only if all are 5xx)
        permanent = all(code >= 500 for code, _ in exc.recipients.values())
        reason = f"SMTP refused recipients: {_refusals(exc.recipients)}"
        raise DeliveryError(reason, permanent=permanent) from exc
    except smtplib.SMTPAuthenticationError as exc:
        raise DeliveryError(f"SMTP login failed: {exc.smtp_code}") from exc
    except TimeoutError as exc:  # (the delivery's own deadline, or a socket's)
        raise DeliveryError(f"SMTP delivery timed out after {timeout:g}s (alerts.timeout)") from exc
    except UnicodeEncodeError as exc:  # (smtplib's AUTH sends the user name and password as ASCII)
        raise DeliveryError(
            "SMTP login failed: the user name and password must be ASCII to log in", permanent=True
        ) from exc
    except smtplib.SMTPResponseException as exc:
        detail = (
            exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        )
        raise DeliveryError(
            f"SMTP {exc.smtp_code}: {one_line(str(detail), 200)}", permanent=exc.smtp_code >= 500
        ) from exc
    except smtplib.SMTPException as exc:
        raise DeliveryError(f"SMTP error: {one_line(str(exc), 200)}") from exc
    except (OSError, ssl_lib.SSLError) as exc:
        raise DeliveryError(
            f"cannot reach SMTP server: {one_line(str(exc), 200) or type(exc).__name__}"
        ) from exc
