"""Plain-text and ANSI rendering of a diff document for the terminal. Pure."""

from __future__ import annotations

import re
from typing import Any

from watcher.extract.calendar import MONTH_RE
from watcher.terminal import visible

_RED, _GREEN, _BOLD, _UNDER, _YELLOW, _RESET = (
    "\x1b[31m",
    "\x1b[32m",
    "\x1b[1m",
    "\x1b[4m",
    "\x1b[33m",
    "\x1b[0m",
)
_HIGHLIGHT = re.compile(
    r"[\u201c\"\u00ab\u201e][^\u201c\u201d\"\u00ab\u00bb\u201e]{1,400}[\u201d\"\u00bb\u201c]"
    r"|\b" + MONTH_RE + r"\.?\s+\d{1,2}(?:,\s+\d{4})?\b|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b\d{1,2}\s+" + MONTH_RE + r"\b(?:\s+\d{4}\b)?"
    r"|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)


def _visible_all(value: Any) -> Any:
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, dict):
        return {k: _visible_all(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_visible_all(v) for v in value]
    return value


def _mark(text: str, color: bool, base: str) -> str:
    """Quotes and dates stand out in colour (bold + underline); plain text is left as it is."""
    if color:
        return _HIGHLIGHT.sub(lambda m: f"{_BOLD}{_UNDER}{m.group(0)}{_RESET}{base}", text)
    return text


def render_ops(ops: list[list[Any]], color: bool) -> str:
    out = []
    for op, text in ops:
        if op == 0:
            out.append(_mark(text, color, "") if color else text)
        elif op == 1:
            out.append(f"{_GREEN}{_mark(text, color, _GREEN)}{_RESET}" if color else f"{{+{text}+}}")
        else:
            out.append(f"{_RED}{_mark(text, color, _RED)}{_RESET}" if color else f"[-{text}-]")
    return "".join(out)


def _summary(change: dict[str, Any], color: bool) -> list[str]:
    lines = [f"kinds: {', '.join(change['kinds']) or 'none'}"]
    for key in ("title", "byline", "published", "updated"):
        moved = change.get(key)
        if moved:
            lines.append(f"{key}: {moved['before'] or '-'}  ->  {moved['after'] or '-'}")
    plus = f"{_GREEN}+{_RESET}" if color else "+"
    minus = f"{_RED}-{_RESET}" if color else "-"
    quotes = change.get("quotes") or {}
    for q in quotes.get("added", []):
        lines.append(
            f"{plus} quote: \u201c{q['text']}\u201d" + (f" ({q['speaker']})" if q.get("speaker") else "")
        )
    for q in quotes.get("removed", []):
        lines.append(
            f"{minus} quote: \u201c{q['text']}\u201d" + (f" ({q['speaker']})" if q.get("speaker") else "")
        )
    for q in quotes.get("altered", []):
        said = f" ({q['speaker_before']} -> {q['speaker']})" if q.get("speaker_before") else ""
        lines.append(f"~ quote: \u201c{q['before']}\u201d  ->  \u201c{q['after']}\u201d{said}")
    dates = change.get("dates") or {}
    for d in dates.get("added", []):
        lines.append(f"{plus} date: {d}")
    for d in dates.get("removed", []):
        lines.append(f"{minus} date: {d}")
    for before, after in change.get("figures") or []:
        lines.append(f"~ figure: {before} -> {after}")
    for before, after in change.get("minor_edits", []):
        lines.append(f"minor edit: {before} -> {after}")
    flags = [f for f in ("stealth_edit", "timestamp_only") if change.get(f)]
    if change.get("reverts_to"):
        flags.append(f"reverted to version {change['reverts_to']}")
    elif change.get("title_reverts_to"):
        flags.append(f"title of version {change['title_reverts_to']} again")
    if flags:
        lines.append("note: " + ", ".join(flags))
    return lines


def render_diff(doc: dict[str, Any], *, color: bool) -> str:
    doc = _visible_all(doc)  # (before watcher's own colours are put in)
    change = doc["change"]
    head = f"{doc['watch']['url']}  version {doc['from_version']} -> {doc['to_version']}"
    lines = [f"{_BOLD}{head}{_RESET}" if color else head, *_summary(change, color), ""]
    if any(op != 0 for op, _ in doc["title"]):
        lines.append("title: " + render_ops(doc["title"], color))
        lines.append("")
    lines.append(render_ops(doc["body"], color))
    return "\n".join(lines)
