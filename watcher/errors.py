"""The exception tree. Every error a user can cause or meet is a ``WatcherError``.

::

    WatcherError
     +-- ConfigError              invalid config file, key or environment value
     +-- InvalidURLError          not an http(s) URL a watch can have
     +-- InvalidIntervalError     a bad ``--every`` value
     +-- InvalidLabelError        a label with a comma in it
     +-- WatchNotFoundError       no watch with that URL or id
     +-- WatchExistsError         the URL is already watched
     +-- VersionNotFoundError     no such version of a watch
     +-- NotFoundError            any other unknown id (channel, rule, alert, change)
     +-- StorageError             the database could not be opened or written
     +-- ChannelExistsError       an alert channel with that name exists
     +-- DeliveryError            one alert delivery failed; recorded on the alert, retried
     +-- FetchError               one fetch failed; recorded on the check, never raised past it
          +-- AddressRefusedError private/loopback address refused by policy
          +-- HTTPStatusError     the server answered 4xx/5xx
          +-- BodyTooLargeError   the body passed the size cap
          +-- UnsupportedContentError  not an HTML page (PDF, image, binary)
          +-- NetworkError        DNS, connect, read or timeout failures

Third-party errors are wrapped at the adapter edge with ``raise ... from exc``; anything
else is a bug and propagates.
"""

from __future__ import annotations


class WatcherError(Exception):
    """Base of every error watcher raises on purpose."""


class ConfigError(WatcherError):
    """The configuration (file, environment or option) is invalid."""


class InvalidURLError(WatcherError, ValueError):
    """The URL cannot be watched."""


class InvalidIntervalError(WatcherError, ValueError):
    """An interval such as ``--every 15m`` could not be parsed."""


class InvalidLabelError(WatcherError, ValueError):
    """A label that cannot be stored or matched (it holds a comma)."""


class NotFoundError(WatcherError, LookupError):
    """An id or name that does not exist."""


class WatchNotFoundError(NotFoundError):
    """No watch with that URL or id."""


class VersionNotFoundError(NotFoundError):
    """No such version of a watch."""


class WatchExistsError(WatcherError):
    """The URL is already watched."""


class RenderLockedError(WatcherError):
    """Whether a watch is rendered cannot change once it has a version."""


class StorageError(WatcherError):
    """The database could not be opened, upgraded or written."""


class DamagedSnapshotError(StorageError):
    """A stored page no longer matches the digest it is stored under (damaged on disk)."""


class FetchError(WatcherError):
    """A fetch failed. ``reason`` is the short, user-facing explanation."""

    outcome = "error"

    def __init__(self, reason: str, *, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.retry_after: float | None = None


class AddressRefusedError(FetchError):
    """The host resolves to a private, loopback or reserved address."""


class HTTPStatusError(FetchError):
    """The server answered with an error status."""


class BodyTooLargeError(FetchError):
    """The response body is larger than ``fetch.max_bytes``."""


class UnsupportedContentError(FetchError):
    """The response is not an HTML article (PDF, image, other binary)."""


class NetworkError(FetchError):
    """DNS, connection, TLS, read or timeout failure."""


class ChannelExistsError(WatcherError):
    """An alert channel with that name already exists."""


class AlertBusyError(WatcherError):
    """An alert is being delivered now (its delivery's lease runs): it cannot be queued again
    until that delivery has ended, or it would go out twice."""


class DeliveryError(WatcherError):
    """One alert delivery failed; recorded on the alert, which is retried later.

    ``permanent`` failures (a 4xx other than 408/429, a rejected recipient) are not retried;
    ``retry_after`` is the receiver's ``Retry-After`` in seconds, when it sent one.
    """

    def __init__(self, reason: str, *, retry_after: float | None = None, permanent: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.permanent = permanent
