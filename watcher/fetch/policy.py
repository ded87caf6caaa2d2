"""Which URLs may be fetched: http(s) only, and no private or loopback targets by default."""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from urllib.parse import urlsplit, urlunsplit

import idna

from watcher.errors import AddressRefusedError, InvalidURLError, NetworkError
from watcher.redact import redact_url

#: the port a scheme uses when none is given (written out, it makes no other URL)
DEFAULT_PORTS = {"http": 80, "https": 443}
#: a label of an ASCII host name: letters, digits, hyphens (and underscores, which some hosts use)
_ASCII_LABEL = re.compile(r"[a-z0-9_-]{1,63}")
#: a label WHATWG reads as a number: a host ending in one is an IPv4 address, or invalid
_NUMERIC_LABEL = re.compile(r"(0x[0-9a-f]*|[0-9]+)")


_SHOWN_MAX = 200  #: characters of a refused URL an error repeats


def _unreadable(exc: ValueError) -> str:
    """Why urllib cannot read a URL, without what it quotes of it: a port that is no number
    is most often a password with a "/" in it, and the NFKC message quotes the whole user
    and password; a message that quotes anything is not repeated."""
    message = str(exc)
    if message.startswith("Port could not be cast"):
        return "the port is not a number (in a password, write '/', '?' and '#' as %2F, %3F and %23)"
    if "NFKC" in message:
        return "the part before the host holds characters that read as '/', '?', '#' or '@' (NFKC)"
    return "urllib cannot read it" if "'" in message or '"' in message else message


#: ASCII control characters (and DEL), which no URL holds as written
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def validate_url(url: str) -> str:
    """A watchable URL in one form per page, or InvalidURLError (one line, saying why).

    The forms a user may type for the same page make one URL, so that a page is watched once:
    scheme and host lower-cased, an international host name in its ASCII (punycode) form,
    ``:80``/``:443`` and the ``#fragment`` (never sent to the server) dropped, an empty path
    ``/``. A host no resolver could take (``a..b``, a label over 63 characters, ``xn--``, a
    number that is no dotted IPv4 address) is refused here rather than at every check.
    """
    text = url.strip()
    shown = redact_url(url)  # what the errors repeat: the password is a secret
    if len(shown) > _SHOWN_MAX:  # (and a 10,000-character URL is not repeated whole)
        shown = shown[:_SHOWN_MAX] + "..."
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise InvalidURLError(f"invalid URL {shown!r}: {_unreadable(exc)}") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise InvalidURLError(f"invalid URL {shown!r}: only http:// and https:// URLs can be watched")
    if not parts.hostname:
        raise InvalidURLError(f"invalid URL {shown!r}: no host")
    if any(c.isspace() for c in text) or len(text) > 2048:
        raise InvalidURLError(f"invalid URL {shown!r}: spaces or longer than 2048 characters")
    if _CONTROL.search(text):  # (an escape sequence would reach the terminal that lists it)
        raise InvalidURLError(f"invalid URL {shown.encode('unicode_escape').decode()!r}: control characters")
    if port == 0:
        raise InvalidURLError(f"invalid URL {shown!r}: port 0")
    try:
        host = normal_host(parts.hostname)
    except ValueError as exc:
        raise InvalidURLError(f"invalid URL {shown!r}: {exc}") from None
    userinfo, at, _ = parts.netloc.rpartition("@")
    if userinfo in ("", ":"):
        userinfo = at = ""  # (``http://@host/``, ``http://:@host/``: no credentials, the same page)
    netloc = f"{userinfo}{at}{host}" + (f":{port}" if port not in (None, DEFAULT_PORTS[scheme]) else "")
    normal = urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))
    if len(normal) > 2048:
        raise InvalidURLError(f"invalid URL {shown!r}: longer than 2048 characters")
    return normal


def normal_host(host: str) -> str:
    """``host`` (lower case, as urlsplit gives it) as it goes on the wire: an IPv6 address
    bracketed and compressed, an IPv4 address as four numbers, a name in ASCII (IDNA 2008 with
    UTS 46 mapping, as httpx sends it). ValueError says what is wrong with it."""
    if ":" in host:  # (urlsplit has checked the brackets and the address)
        return f"[{ipaddress.IPv6Address(host).compressed}]"
    labels = host.removesuffix(".").split(".")
    if _NUMERIC_LABEL.fullmatch(labels[-1]):
        try:
            return ipaddress.IPv4Address(host).compressed
        except ValueError:
            raise ValueError(f"{host} is neither a host name nor an IPv4 address a.b.c.d") from None
    if not host.isascii():
        try:
            host = idna.encode(host, uts46=True).decode("ascii")
        except idna.IDNAError as exc:
            raise ValueError(f"invalid international host name {host}: {exc}") from None
        labels = host.removesuffix(".").split(".")
    if len(host.removesuffix(".")) > 253:
        raise ValueError("host name longer than 253 characters")
    for label in labels:
        if not label:
            raise ValueError(f"host {host} has an empty label")
        if len(label) > 63:
            raise ValueError(f"host {host} has a label longer than 63 characters")
        if not _ASCII_LABEL.fullmatch(label):
            bad = next(c for c in label if not _ASCII_LABEL.fullmatch(c))
            raise ValueError(f"host {host} has the character {bad!r}, which no host name has")
        if label.startswith("xn--"):
            try:
                idna.decode(label)
            except idna.IDNAError as exc:
                raise ValueError(f"host {host} has the invalid punycode label {label!r}: {exc}") from None
    return host


def is_public(address: str) -> bool:
    """Whether an address is on the public internet: not private, loopback, link-local,
    reserved, multicast or unspecified, nor shared (100.64.0.0/10: carrier-grade NAT, a cloud's
    instance metadata at 100.100.100.200, a tailnet's nodes) or IPv6 site-local (fec0::/10)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return False
    return not (
        not ip.is_global
        or ip.is_private
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
