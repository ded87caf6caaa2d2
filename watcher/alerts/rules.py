"""Which channels a change goes to. Pure: a record and the rules in, channel ids out.

A rule matches a change when every condition it sets holds: one of its kinds is in the
change (``stealth_edit`` and ``timestamp_only`` are accepted as kinds too, meaning the
record's flags), the watch has its label, the watch URL matches its pattern (a shell-style
glob; without a ``*`` the URL must start with it) and the change added or removed at
least ``min_chars`` characters of text; and none of its ``skip_kinds`` is in the change
(``skip_kinds = ["reverted"]``: not the swings of a headline test). A channel with no rules
of its own uses ``default_rule``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from watcher.errors import ConfigError
from watcher.types import FILTER_KINDS, FLAG_KINDS

RULE_KINDS: tuple[str, ...] = FILTER_KINDS

#: What a channel without rules of its own is told about: the edits a newsroom cares about.
DEFAULT_KINDS: tuple[str, ...] = (
    "quote_added",
    "quote_removed",
    "quote_altered",
    "date_added",
    "date_removed",
    "updated_changed",
    "title_changed",
    "stealth_edit",
)
#: ... and what it is not told about: a page going back to a version already seen (a headline
#: test swinging between its variants), so that A -> B -> A is not reported twice
DEFAULT_SKIP_KINDS: tuple[str, ...] = ("reverted",)


@dataclass(frozen=True, slots=True)
class Rule:
    channel_id: int
    kinds: tuple[str, ...] = DEFAULT_KINDS  #: empty: any kind
    label: str | None = None
    url_pattern: str | None = None
    min_chars: int = 0
    skip_kinds: tuple[str, ...] = ()  #: a change with any of these kinds (or verdicts) is left out


def parse_kinds(value: str | Iterable[str], key: str = "kinds") -> tuple[str, ...]:
    """'quote_added,title_changed' -> validated kinds (ConfigError names an unknown one)."""
    if not isinstance(value, str | list | tuple | set | frozenset):
        raise ConfigError(f"{key}: expected a list of kinds, got {value!r}")
    items = value.split(",") if isinstance(value, str) else [str(v) for v in value]
    kinds = tuple(dict.fromkeys(k.strip() for k in items if k.strip()))
    for k in kinds:
        if k not in RULE_KINDS:
            raise ConfigError(f"unknown kind {k!r}; one of: {', '.join(RULE_KINDS)}")
    return kinds


def check_skipped(kinds: Iterable[str], skip_kinds: Iterable[str]) -> None:
    """A kind a rule both asks for and skips would make it match nothing: refused."""
    both = [k for k in kinds if k in set(skip_kinds)]
    if both:
        raise ConfigError(
            f"skip_kinds: {both[0]!r} is one of the rule's kinds too: the rule could never match"
        )


def record_kinds(record: Mapping[str, Any]) -> set[str]:
    kinds = set(record.get("kinds") or ())
    kinds.update(flag for flag in FLAG_KINDS if record.get(flag))
    return kinds


def change_size(record: Mapping[str, Any]) -> int:
    text = record.get("text") or {}
    return int(text.get("chars_added", 0)) + int(text.get("chars_removed", 0))


def url_matches(pattern: str, url: str) -> bool:
    """Whether a watch URL matches a rule's pattern, both read in the one form URLs are stored
    in where it matters: scheme and host in lower case, an international host in its ASCII
    form, no default port, no ``user:password@`` (``http://LOCALHOST:80/news/*`` matches
    ``http://localhost/news/a``). An IPv6 host's brackets are the host's, not a glob's set."""
    head, rest = _authority(pattern)
    glob = any(c in head for c in "*?") or any(c in rest for c in "*?[")
    pattern = head.replace("[", "[[]") + rest if glob else head + rest
    url = "".join(_authority(url))
    return fnmatchcase(url, pattern) if glob else url.startswith(pattern)


_DEFAULT_PORTS = {"http": ":80", "https": ":443"}


def _authority(text: str) -> tuple[str, str]:
    """``text`` as (its ``scheme://host[:port]`` as stored, the rest as written)."""
    scheme, sep, after = text.partition("://")
    if not sep or not scheme.isascii() or not scheme.isalpha():
        return "", text
    end = min((i for i in (after.find(c) for c in "/?#") if i >= 0), default=len(after))
    authority = after[:end].rpartition("@")[2].lower()
    scheme = scheme.lower()
    port = _DEFAULT_PORTS.get(scheme)
    if port and authority.endswith(port):
        authority = authority[: -len(port)]
    if not authority.isascii():
        authority = ".".join(_ascii_label(label) for label in authority.split("."))
    return f"{scheme}://{authority}", after[end:]


def _ascii_label(label: str) -> str:
    """An international host name's label in its ASCII (punycode) form, as watch URLs store it
    (a label with a glob's ``*`` in it stays as written)."""
    if label.isascii() or "*" in label or "?" in label:
        return label
    try:
        return label.encode("idna").decode("ascii")
    except UnicodeError:
        return label


def rule_matches(rule: Rule, record: Mapping[str, Any], *, url: str, labels: Sequence[str]) -> bool:
    if rule.kinds and not record_kinds(record) & set(rule.kinds):
        return False
    if rule.skip_kinds and record_kinds(record) & set(rule.skip_kinds):
        return False
    if rule.label and rule.label not in labels:
        return False
    if rule.url_pattern and not url_matches(rule.url_pattern, url):
        return False
    return change_size(record) >= rule.min_chars


def default_rule(channel_id: int) -> Rule:
    """The rule of a channel with no rules of its own."""
    return Rule(channel_id=channel_id, skip_kinds=DEFAULT_SKIP_KINDS)


def channels_for(
    record: Mapping[str, Any],
    *,
    url: str,
    labels: Sequence[str],
    channel_ids: Iterable[int],
    rules: Iterable[Rule],
) -> list[int]:
    """The active channels this change goes to, each once, in id order."""
    by_channel: dict[int, list[Rule]] = {}
    for r in rules:
        by_channel.setdefault(r.channel_id, []).append(r)
    chosen = []
    for cid in sorted(set(channel_ids)):
        own = by_channel.get(cid) or [default_rule(cid)]
        if any(rule_matches(r, record, url=url, labels=labels) for r in own):
            chosen.append(cid)
    return chosen
