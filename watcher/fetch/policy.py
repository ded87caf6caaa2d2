"""Which URLs may be fetched: http(s) only, and no private or loopback targets by default."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from watcher.errors import AddressRefusedError, InvalidURLError, NetworkError


def validate_url(url: str) -> str:
    """A watchable URL, normalised lightly (scheme and host lower-cased), or InvalidURLError."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        _ = parts.port
    except ValueError as exc:
        raise InvalidURLError(f"invalid URL {url!r}: {exc}") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise InvalidURLError(f"invalid URL {url!r}: only http:// and https:// URLs can be watched")
    if not parts.hostname:
        raise InvalidURLError(f"invalid URL {url!r}: no host")
    if any(c.isspace() for c in text) or len(text) > 2048:
        raise InvalidURLError(f"invalid URL {url!r}: spaces or longer than 2048 characters")
    userinfo, at, hostport = parts.netloc.rpartition("@")
    netloc = f"{userinfo}{at}{hostport.lower()}"
    return parts._replace(scheme=parts.scheme.lower(), netloc=netloc).geturl()


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )


class RefusedAddress(OSError):
    """A connection not made because the host resolved to a non-public address (raised where
    the connection is made, so that a second DNS answer cannot differ from the checked one)."""


def refusal(host: str, address: str) -> str:
    return (
        f"refused: {host} resolves to the non-public address {address} "
        "(set fetch.allow_private_addresses = true or WATCHER_ALLOW_PRIVATE_ADDRESSES=1 to allow)"
    )


def first_refused(host: str, addresses: list[str]) -> RefusedAddress | None:
    """The refusal for the first non-public address of ``host``, or None if all are public."""
    for address in addresses:
        if not is_public(address):
            return RefusedAddress(refusal(host, address))
    return None


def refused_in(exc: BaseException) -> RefusedAddress | None:
    """The ``RefusedAddress`` behind a transport's connect error, if that is what it was
    (each library wraps it: as the cause, or as ``os_error``)."""
    seen: BaseException | None = exc
    for _ in range(8):  # httpx -> httpcore or aiohttp -> the refusal: a short chain
        if seen is None:
            return None
        if isinstance(seen, RefusedAddress):
            return seen
        seen = seen.__cause__ or getattr(seen, "os_error", None)
    return None


async def addresses_of(host: str, port: int | None = None) -> list[str]:
    """The addresses ``host`` resolves to (itself, if it is one), each once, in the resolver's
    order. Raises what ``getaddrinfo`` raises (``socket.gaierror``, ``UnicodeError``)."""
    try:
        return [ipaddress.ip_address(host).compressed]
    except ValueError:
        pass
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


async def check_address(url: str, *, allow_private: bool) -> None:
    """Refuse hosts that resolve to private, loopback or reserved addresses (SSRF guard).

    This gives the early, clear error. The transports apply the same rule again to the
    addresses they connect to (watcher/fetch/guard.py), which closes the window in which a
    host's DNS could answer with a public address here and a private one there.
    """
    if allow_private:
        return
    host = urlsplit(url).hostname or ""
    try:
        addresses = await addresses_of(host)
    except (socket.gaierror, UnicodeError) as exc:
        raise NetworkError(f"cannot resolve host {host}: {exc}") from exc
    refused = first_refused(host, addresses)
    if refused is not None:
        raise AddressRefusedError(str(refused))
