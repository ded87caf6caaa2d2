"""Alert messages: the email (plain text and HTML) and the signed webhook body. Pure.

Everything that came from a page (titles, quotes, paragraphs, URLs) is HTML-escaped in the
HTML part; header values lose their line breaks. A message reports one or more changes to
one article (several when ``alerts.group_window`` groups them).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any
from urllib.parse import urlsplit

from watcher.analyse.textdiff import DELETE, INSERT, diff_paragraphs, diff_words
from watcher.redact import redact_url, redact_urls
from watcher.types import FLAG_KINDS

#: Headline for each kind, most newsworthy first: a message is titled by its first match.
HEADLINES: tuple[tuple[str, str], ...] = (
    ("quote_removed", "Quote removed"),
    ("quote_altered", "Quote altered"),
    ("quote_added", "Quote added"),
    ("correction_added", "Correction added"),
    ("stealth_edit", "Stealth edit"),
    ("title_changed", "Headline changed"),
    ("reverted", "Reverted to an earlier version"),
    ("date_removed", "Date removed"),
    ("date_added", "Date added"),
    ("byline_changed", "Byline changed"),
    ("published_changed", "Published time changed"),
    ("updated_changed", "Updated time changed"),
    ("text_changed", "Text changed"),
    ("text_removed", "Text removed"),
    ("text_added", "Text added"),
    ("text_moved", "Paragraphs moved"),
    ("first_version", "First version"),
    ("test", "Test message"),
)
MAX_DIFF_PARAGRAPHS = 12
MAX_PARAGRAPH_CHARS = 1200
MAX_SUBJECT_TITLE = 150


@dataclass(frozen=True, slots=True)
class ChangeView:
    """One change record and the paragraphs of its two versions (for the word diff)."""

    record: Mapping[str, Any]
    old_paragraphs: tuple[str, ...] = ()
    new_paragraphs: tuple[str, ...] = ()
    #: the change's own alert key: a group sent again one by one after a failure goes under
    #: each change's key, so a receiver tells the duplicate by this
    idempotency_key: str = ""


@dataclass(frozen=True, slots=True)
class AlertMessage:
    """What one delivery reports: an article and its changes."""

    idempotency_key: str
    watch: Mapping[str, Any]  #: id, url, title, labels
    changes: tuple[ChangeView, ...]
    base_url: str = ""


@dataclass(frozen=True, slots=True)
class EmailContent:
    subject: str
    text: str
    html: str
    headers: dict[str, str] = field(default_factory=dict)


def one_line(text: str, limit: int | None = None) -> str:
    flat = " ".join(str(text).split())
    if limit and len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return flat


def kinds_of(record: Mapping[str, Any]) -> list[str]:
    kinds = list(record.get("kinds") or [])
    for flag in FLAG_KINDS:
        if record.get(flag):
            kinds.append(flag)
    return kinds


def headline(records: Sequence[Mapping[str, Any]]) -> str:
    present = {k for r in records for k in kinds_of(r)}
    for kind, text in HEADLINES:
        if kind in present:
            if kind == "date_removed" and "date_added" in present:
                return "Date changed"  # (a meeting moved from March 19 to March 26)
            return text
    return "Article changed"


def web_url(base_url: str, watch_id: int, from_version: int | None, to_version: int) -> str | None:
    """Link to the web view's diff, or None when ``alerts.base_url`` is not set, or is not an
    http(s) URL (the config refuses one; a ``javascript:`` link must not reach a mailbox)."""
    if not base_url or not _safe_href(base_url):
        return None
    if not from_version:  # a first version: the watch's page (a diff of it with itself is empty)
        return f"{base_url.rstrip('/')}/watches/{watch_id}"
    return f"{base_url.rstrip('/')}/watches/{watch_id}/diff?from={from_version}&to={to_version}"


def article_title(message: AlertMessage) -> str:
    for view in reversed(message.changes):
        title = view.record.get("title")
        if isinstance(title, Mapping) and title.get("after"):
            return str(title["after"])
    return str(message.watch.get("title") or redact_url(str(message.watch.get("url") or "")))


def subject(message: AlertMessage) -> str:
    records = [c.record for c in message.changes]
    head = headline(records)
    more = f" (+{len(records) - 1} more edit{'' if len(records) == 2 else 's'})" if len(records) > 1 else ""
    return one_line(f"[watcher] {head}{more}: {one_line(article_title(message), MAX_SUBJECT_TITLE)}")


def _quote_text(item: Any) -> str:
    return str(item.get("text", "")) if isinstance(item, Mapping) else str(item)


def _said_by(item: Any) -> str:
    """ " (Name)" for a quote whose speaker the record names."""
    speaker = item.get("speaker") if isinstance(item, Mapping) else None
    return f" ({speaker})" if speaker else ""


def _diff_blocks(view: ChangeView) -> list[list[tuple[int, str]]]:
    """Word-diff ops of the changed paragraphs, then added and removed ones, capped."""
    old, new = view.old_paragraphs, view.new_paragraphs
    if not old and not new:
        return []
    pd = diff_paragraphs(old, new)
    blocks: list[list[tuple[int, str]]] = [diff_words(old[i], new[j]) for i, j in pd.changed]
    blocks += [[(INSERT, new[j])] for j in pd.added]
    blocks += [[(DELETE, old[i])] for i in pd.removed]
    out = []
    for ops in blocks[:MAX_DIFF_PARAGRAPHS]:
        total, kept = 0, []
        for op, text in ops:
            if total + len(text) > MAX_PARAGRAPH_CHARS:
                kept.append((op, text[: max(MAX_PARAGRAPH_CHARS - total, 0)] + "…"))
                break
            kept.append((op, text))
            total += len(text)
        out.append(kept)
    return out


def _facts(record: Mapping[str, Any]) -> list[tuple[str, list[str]]]:
    """(label, lines) sections describing one change; page content left unescaped here."""
    facts: list[tuple[str, list[str]]] = []
    for key, label in (("title", "Headline"), ("byline", "Byline")):
        moved = record.get(key)
        if isinstance(moved, Mapping):
            facts.append(
                (label, [f"before: {moved.get('before') or '-'}", f"after: {moved.get('after') or '-'}"])
            )
    for key, label in (("published", "Published time"), ("updated", "Updated time")):
        moved = record.get(key)
        if isinstance(moved, Mapping):
            facts.append((label, [f"{moved.get('before') or '-'} -> {moved.get('after') or '-'}"]))
    quotes = record.get("quotes") or {}
    for key, label in (("added", "Quotes added"), ("removed", "Quotes removed")):
        items = [f"“{_quote_text(q)}”{_said_by(q)}" for q in quotes.get(key) or []]
        if items:
            facts.append((label, items))
    altered = [
        f"“{a.get('before')}” -> “{a.get('after')}”"
        + (
            f" (said by {a.get('speaker_before')}, now {a.get('speaker')})"
            if a.get("speaker_before")
            else _said_by(a)
        )
        for a in quotes.get("altered") or []
    ]
    if altered:
        facts.append(("Quotes altered", altered))
    dates = record.get("dates") or {}
    for key, label in (("added", "Dates added"), ("removed", "Dates removed")):
        if dates.get(key):
            facts.append((label, [str(d) for d in dates[key]]))
    figures = [f"{a} -> {b}" for a, b in record.get("figures") or []]
    if figures:
        facts.append(("Figures changed", figures))
    minor = [f"{a} -> {b}" for a, b in record.get("minor_edits") or []]
    if minor:
        facts.append(("Minor edits", minor))
    corrections = [str(c) for c in record.get("corrections") or []]
    if corrections:
        facts.append(("Corrections", corrections))
    return facts


def reverts_note(record: Mapping[str, Any]) -> list[str]:
    """What a change went back to, in words (nothing when it went back to nothing)."""
    if record.get("reverts_to"):
        return [f"the article is again as in version {record['reverts_to']} (reverted)"]
    if record.get("title_reverts_to"):
        return [f"the headline is again that of version {record['title_reverts_to']}"]
    return []


def _what(record: Mapping[str, Any]) -> str:
    bits = [", ".join(kinds_of(record)) or "changed"]
    if record.get("stealth_edit"):
        bits.append("the text changed but no stated update time moved (stealth edit)")
    if record.get("timestamp_only"):
        bits.append("only a stated time moved (timestamp only)")
    bits.extend(reverts_note(record))
    return "; ".join(bits)


def render_email(message: AlertMessage) -> EmailContent:
    title = article_title(message)
    url = redact_url(str(message.watch.get("url", "")))  # (sent as Basic auth: a secret)
    wid = int(message.watch.get("id", 0))
    text: list[str] = [title, url, ""]
    html: list[str] = [
        '<html><body style="font-family: sans-serif; max-width: 46em">',
        f"<h2>{escape(title)}</h2>",
        f"<p>{_anchor(url, url)}</p>",
    ]
    for view in message.changes:
        r = view.record
        frm, to = r.get("from_version"), int(r.get("to_version") or 0)
        head = f"{headline([r])}: version {frm or '-'} -> {to}, detected {r.get('detected_at') or '-'}"
        if r.get("previous_seen_at"):  # (the edit was made between the two checks)
            head += f" (version {frm} last seen {r['previous_seen_at']})"
        text += [head, "What changed: " + _what(r)]
        html += [f"<h3>{escape(head)}</h3>", f"<p><b>What changed:</b> {escape(_what(r))}</p>"]
        for label, lines in _facts(r):
            text.append(f"{label}:")
            text += [f"  - {line}" for line in lines]
            html.append(f"<p><b>{escape(label)}</b></p><ul>")
            html += [f"<li>{escape(line)}</li>" for line in lines]
            html.append("</ul>")
        blocks = _diff_blocks(view)
        if blocks:
            text.append("Word diff ([-removed-] {+added+}):")
            html.append("<p><b>Word diff</b></p>")
            for ops in blocks:
                text.append("  " + "".join(_text_op(op, t) for op, t in ops))
                html.append(
                    '<p style="border-left: 3px solid #ccc; padding-left: 0.6em">'
                    + "".join(_html_op(op, t) for op, t in ops)
                    + "</p>"
                )
        link = web_url(message.base_url, wid, frm, to)
        if link:
            text.append(f"See the diff: {link}")
            html.append(f"<p>{_anchor(link, 'See the diff')}</p>")
        text.append("")
    text.append("-- \nwatcher: article edit alerts")
    html.append('<p style="color: #888">watcher: article edit alerts</p></body></html>')
    return EmailContent(subject=subject(message), text="\n".join(text) + "\n", html="\n".join(html) + "\n")


def _safe_href(url: str) -> bool:
    try:
        return urlsplit(url).scheme in ("http", "https")
    except ValueError:  # e.g. an unclosed [IPv6 literal
        return False


def _anchor(url: str, text: str) -> str:
    """Every link of the HTML part: to an http(s) URL only, anything else links nowhere."""
    return f'<a href="{escape(url) if _safe_href(url) else "#"}">{escape(text)}</a>'


def _text_op(op: int, text: str) -> str:
    if op == DELETE:
        return f"[-{text}-]"
    if op == INSERT:
        return f"{{+{text}+}}"
    return text


def _html_op(op: int, text: str) -> str:
    if op == DELETE:
        return f'<del style="background: #fdd">{escape(text)}</del>'
    if op == INSERT:
        return f'<ins style="background: #dfd">{escape(text)}</ins>'
    return escape(text)


def webhook_payload(message: AlertMessage) -> dict[str, Any]:
    """The JSON document POSTed to webhooks: the change records plus watch metadata (watch
    URLs without their passwords)."""
    changes = []
    for view in message.changes:
        r = dict(view.record)
        if view.idempotency_key:
            r["idempotency_key"] = view.idempotency_key
        r["web_url"] = web_url(
            message.base_url,
            int(message.watch.get("id", 0)),
            r.get("from_version"),
            int(r.get("to_version") or 0),
        )
        changes.append(r)
    return redact_urls(
        {
            "idempotency_key": message.idempotency_key,
            "headline": headline([c.record for c in message.changes]),
            "subject": subject(message),
            "watch": dict(message.watch),
            "changes": changes,
        }
    )


def webhook_body(message: AlertMessage) -> bytes:
    return json.dumps(webhook_payload(message), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """``sha256=<hex>`` of HMAC-SHA256 over ``b"<timestamp>." + body`` (see README, Alerts)."""
    mac = hmac.new(secret.encode("utf-8"), str(timestamp).encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def message_id(idempotency_key: str, base_url: str) -> str:
    host = urlsplit(base_url).hostname if base_url else None
    return f"<{idempotency_key}@{host or 'watcher.invalid'}>"
