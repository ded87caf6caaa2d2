"""Email delivery over SMTP (smtplib in a worker thread). Builds and sends; decides nothing.

``smtp://host:25`` plain (optionally ``starttls``), ``smtps://host:465`` or ``ssl`` for TLS
from the first byte. Failures become ``DeliveryError``: a 5xx answer or refused recipients
are permanent, anything else (connection refused, timeouts, 4xx) is retried.
"""

from __future__ import annotations

import asyncio
import smtplib
import ssl as ssl_lib
from email import policy as email_policy
from email.message import EmailMessage
from email.utils import formatdate

from watcher.alerts.channels import smtp_parts
from watcher.alerts.render import EmailContent, one_line
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


def _send_blocking(
    msg: EmailMessage, *, smtp_url: str, starttls: bool, use_ssl: bool, password: str | None, timeout: float
) -> None:
    scheme, host, port, user, url_password = smtp_parts(smtp_url)
    password = password or url_password
    context = ssl_lib.create_default_context()
    smtp: smtplib.SMTP
    if scheme == "smtps" or use_ssl:
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    with smtp:
        if starttls:
            smtp.starttls(context=context)
        if user:
            smtp.login(user, password or "")
        smtp.send_message(msg)


async def send_email(
    msg: EmailMessage,
    *,
    smtp_url: str,
    starttls: bool = False,
    use_ssl: bool = False,
    password: str | None = None,
    timeout: float = 20.0,
) -> None:
    """Send one message; raises DeliveryError (never an smtplib or socket error)."""
    try:
        await asyncio.to_thread(
            _send_blocking,
            msg,
            smtp_url=smtp_url,
            starttls=starttls,
            use_ssl=use_ssl,
            password=password,
            timeout=timeout,
        )
    except smtplib.SMTPRecipientsRefused as exc:
        raise DeliveryError(f"SMTP refused recipients: {', '.join(exc.recipients)}", permanent=True) from exc
    except smtplib.SMTPAuthenticationError as exc:
        raise DeliveryError(f"SMTP login failed: {exc.smtp_code}") from exc
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
