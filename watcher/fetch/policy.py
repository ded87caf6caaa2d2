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


async def check_address(url: str, *, allow_private: bool) -> None:
    """Refuse hosts that resolve to private, loopback or reserved addresses (SSRF guard)."""
    if allow_private:
        return
    host = urlsplit(url).hostname or ""
    try:
        addresses = [ipaddress.ip_address(host).compressed]
    except ValueError:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise NetworkError(f"cannot resolve host {host}: {exc}") from exc
        addresses = [str(info[4][0]) for info in infos]
    for address in addresses:
        if not is_public(address):
            raise AddressRefusedError(
                f"refused: {host} resolves to the non-public address {address} "
                "(set fetch.allow_private_addresses = true or WATCHER_ALLOW_PRIVATE_ADDRESSES=1 to allow)"
            )
