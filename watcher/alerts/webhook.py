"""Webhook delivery: one signed JSON POST with httpx. Sends; decides nothing.

A 2xx answer is success. 408, 425, 429 and 5xx are retried (``Retry-After`` passed on);
any other status is permanent. Connection errors and timeouts are retried.
"""

from __future__ import annotations

from datetime import datetime

import httpx

from watcher.alerts.backoff import parse_retry_after
from watcher.alerts.channels import redact
from watcher.alerts.render import one_line
from watcher.errors import DeliveryError

RETRIED_STATUSES = {408, 425, 429}


def webhook_headers(*, idempotency_key: str, timestamp: int, signature: str | None) -> dict[str, str]:
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "watcher-alerts/0.1",
        "Idempotency-Key": idempotency_key,
        "X-Watcher-Timestamp": str(timestamp),
    }
    if signature:
        headers["X-Watcher-Signature"] = signature
    return headers


async def post_webhook(
    client: httpx.AsyncClient, url: str, body: bytes, headers: dict[str, str], *, now: datetime
) -> int:
    """POST and return the status; raises DeliveryError (never an httpx error)."""
    try:
        # Streamed, and the body never read: only the status counts, and a receiver sending
        # 500 MB back would otherwise be held in memory whole.
        async with client.stream("POST", url, content=body, headers=headers) as response:
            status = response.status_code
            retry_after_header = response.headers.get("retry-after")
            location = response.headers.get("location") if 300 <= status < 400 else None
    except httpx.TimeoutException as exc:
        raise DeliveryError(f"webhook timed out: {type(exc).__name__}") from exc
    except httpx.HTTPError as exc:
        why = one_line(str(exc), 200) or type(exc).__name__
        raise DeliveryError(f"cannot reach webhook at {_host(url)}: {why}") from exc
    except (ValueError, OverflowError) as exc:  # a URL httpx cannot even send to
        raise DeliveryError(f"cannot send to webhook: {one_line(str(exc), 200)}", permanent=True) from exc
    if 200 <= status < 300:
        return status
    retry_after = parse_retry_after(retry_after_header, now)
    retried = status in RETRIED_STATUSES or status >= 500
    if location is not None:  # (not followed: the signed alert goes only where it was told to)
        where = one_line(str(redact("webhook", {"url": location})["url"]), 200)  # (as channels are shown)
        raise DeliveryError(
            f"webhook answered HTTP {status}, a redirect to {where}: give the channel that URL",
            permanent=True,
        )
    raise DeliveryError(f"webhook answered HTTP {status}", retry_after=retry_after, permanent=not retried)


def _host(url: str) -> str:
    """The host and port of a webhook's URL, for a message (its path may hold a token)."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        return "?"
    return f"{parsed.host}:{parsed.port or (443 if parsed.scheme == 'https' else 80)}"
