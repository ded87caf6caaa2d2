"""What a page's JSON-LD says about its body. Pure.

Two things a news site publishes in its structured data matter for the body:

- ``articleBody``: the article's text. A page built in the browser (an app shell whose
  ``<body>`` holds no text until JavaScript runs) still ships it, and so do some paywalled
  pages whose HTML holds only the first paragraphs.
- ``hasPart`` with ``cssSelector`` (the markup search engines ask paywalled sites for): the
  elements it names hold the article's paid part, whatever their class says ("paywall").
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

from watcher.extract._tree import escape

__all__ = ["article_body", "body_markup", "most_chars", "paid_part_names"]

#: the text holds markup, not plain text with a stray "<" ("a < b")
_MARKUP = re.compile(r"<(?:p|br|div|h[2-6]|blockquote|li)\b[^<>]*>", re.IGNORECASE)
#: a selector naming one class or id, as the markup's examples do (".paywall", "#rest")
_SIMPLE_SELECTOR = re.compile(r"^[.#]([\w-]+)$")


def article_body(nodes: Iterable[dict[str, Any]]) -> str:
    """The first article node's ``articleBody`` (a string, or a list of strings), else ""."""
    for node in nodes:
        value = node.get("articleBody")
        if isinstance(value, list):
            value = "\n".join(v for v in value if isinstance(v, str))
        if isinstance(value, str) and value.strip():
            return value
    return ""


def body_markup(body: str) -> str:
    """``articleBody`` as HTML to read like a page's body: kept as it is when it is markup,
    else one ``<p>`` per line (character references read as the characters they stand for,
    and markup escaped as ``&lt;p&gt;`` is markup)."""
    if "&lt;" in body and _MARKUP.search(html.unescape(body)):
        body = html.unescape(body)
    if _MARKUP.search(body):
        return body
    # one line break or more ends a paragraph (CMSs use "\n\n", some "\n")
    parts = (part.strip() for part in html.unescape(body).split("\n"))
    return "".join(f"<p>{escape(part)}</p>" for part in parts if part)


def most_chars(body: str) -> int:
    """At most how many characters of paragraphs ``body_markup(body)`` reads as, found without
    parsing it: its length when it may be markup, else the length of its lines' words."""
    if "<" in body or "&lt;" in body:
        return len(body)
    return sum(len(" ".join(line.split())) for line in html.unescape(body).split("\n"))


def _parts(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []


def paid_part_names(nodes: Iterable[dict[str, Any]]) -> frozenset[str]:
    """The class and id names that ``hasPart`` selectors give to the article's parts."""
    names: set[str] = set()
    for node in nodes:
        for part in _parts(node.get("hasPart")):
            selector = part.get("cssSelector")
            if not isinstance(selector, str):
                continue
            for one in selector.split(","):
                m = _SIMPLE_SELECTOR.match(one.strip())
                if m:
                    names.add(m.group(1))
    return frozenset(names)
