"""A watch's versions as a WARC 1.1 file (ISO 28500), the web archives' format. Pure:
captures in, the gzip members of a ``.warc.gz`` out, one per record, as archives hold them.

Each version gives a ``resource`` record (the page's bytes as fetched, under the URL they came
from, dated when watcher fetched them, with a SHA-256 digest in hex: the snapshot's own name
in watcher) and a ``metadata`` record concurrent with it (the article watcher read from the
page and the change record that version made, as JSON). watcher keeps no response headers,
so the pages are ``resource`` records rather than ``response`` ones: no HTTP header is made
up. The records name no ``warcinfo`` record (the file's first one describes them), so that
they stay the same from one export to the next. Record ids are derived from the watch (its id
and when it was added), the version, when it was fetched and the digest of what the record
holds, and the gzip members carry no time, so exporting the same history twice gives the same
records, and no two pages share an id.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

WARC_VERSION = "WARC/1.1"
SPEC = "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"
#: control characters, never in a header value (a header is one line)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


@dataclass(frozen=True, slots=True)
class Capture:
    """One version as the archive records it."""

    seq: int
    url: str  #: where the page was fetched from (secrets in it shown as ``***``)
    fetched_at: datetime  #: aware
    content_type: str
    body: bytes | None  #: the page as fetched; None when it is left out
    metadata: dict[str, Any]
    left_out: str | None = None  #: why the page is left out (gone or damaged), when it is


def sha256_label(data: bytes) -> str:
    """A WARC labelled digest: the algorithm, then the digest (hex: base 32 would end in
    ``=`` padding, which a WARC header value may not hold, and hex is how watcher names it)."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def target_uri(url: str) -> str:
    """``url`` as a URI (RFC 3986), as WARC-Target-URI must be: an international host in its
    ASCII form, other characters beyond ASCII (and spaces) percent-encoded as UTF-8; escapes
    already there are kept."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if host and not host.isascii():
        try:
            ascii_host = host.encode("idna").decode("ascii")
        except UnicodeError:
            ascii_host = quote(host, safe="")
        netloc = parts.netloc.replace(host, ascii_host) if host in parts.netloc else parts.netloc
        parts = parts._replace(netloc=netloc)

    def esc(text: str) -> str:
        return quote(text, safe="/:@!$&'()*+,;=-._~%?[]")

    return urlunsplit(
        (parts.scheme, esc(parts.netloc), esc(parts.path), esc(parts.query), esc(parts.fragment))
    )


def warc_date(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def record_id(*parts: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'watcher:' + chr(31).join(parts))}>"


def record(headers: Iterable[tuple[str, str]], block: bytes) -> bytes:
    """One record, as its own gzip member."""
    lines = [WARC_VERSION]
    lines.extend(f"{name}: {_CONTROL.sub(' ', value).strip()}" for name, value in headers)
    lines.append(f"Content-Length: {len(block)}")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")
    return gzip.compress(head + block + b"\r\n\r\n", compresslevel=6, mtime=0)


def warc_records(
    watch_url: str,
    captures: Iterable[Capture],
    *,
    source: str,
    filename: str,
    created_at: datetime,
    software: str,
) -> Iterator[bytes]:
    """The file's records: a ``warcinfo`` record, then each capture's. ``source`` names the
    watch for the record ids (its id and when it was added: not its URL, which may hold a
    secret)."""
    info_id = record_id(source, "warcinfo", warc_date(created_at), filename)
    fields = (
        f"software: {software}\r\nformat: WARC File Format 1.1\r\nconformsTo: {SPEC}\r\n"
        f"description: the versions of {_CONTROL.sub(' ', watch_url)} that watcher stored\r\n"
    ).encode()
    yield record(
        [
            ("WARC-Type", "warcinfo"),
            ("WARC-Record-ID", info_id),
            ("WARC-Date", warc_date(created_at)),
            ("WARC-Filename", filename),
            ("Content-Type", "application/warc-fields"),
            ("WARC-Block-Digest", sha256_label(fields)),
        ],
        fields,
    )
    for c in captures:
        date = warc_date(c.fetched_at)
        digest = sha256_label(c.body) if c.body is not None else ""
        page_id = record_id(source, str(c.seq), date, "resource", digest)
        if c.body is not None:
            yield record(
                [
                    ("WARC-Type", "resource"),
                    ("WARC-Record-ID", page_id),
                    ("WARC-Date", date),
                    ("WARC-Target-URI", target_uri(c.url)),
                    # (no type sent: the page was read as HTML, or it would have no version)
                    ("Content-Type", c.content_type or "text/html"),
                    ("WARC-Block-Digest", digest),
                    ("WARC-Payload-Digest", digest),
                ],
                c.body,
            )
        meta = json.dumps(c.metadata, ensure_ascii=False, indent=1).encode("utf-8")
        headers = [
            ("WARC-Type", "metadata"),
            ("WARC-Record-ID", record_id(source, str(c.seq), date, "metadata", sha256_label(meta))),
            ("WARC-Date", date),
            ("WARC-Target-URI", target_uri(c.url)),
        ]
        if c.body is not None:
            headers.append(("WARC-Concurrent-To", page_id))
        headers += [("Content-Type", "application/json"), ("WARC-Block-Digest", sha256_label(meta))]
        yield record(headers, meta)
