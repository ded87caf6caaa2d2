"""Rule matching and the default rule: table-driven, pure."""

from __future__ import annotations

from typing import Any

import pytest

from watcher.alerts.rules import DEFAULT_KINDS, Rule, channels_for, parse_kinds, rule_matches, url_matches
from watcher.errors import ConfigError


def rec(*kinds: str, stealth: bool = False, chars: int = 0) -> dict[str, Any]:
    return {
        "kinds": list(kinds),
        "stealth_edit": stealth,
        "timestamp_only": False,
        "text": {"chars_added": chars, "chars_removed": 0},
    }


URL = "https://news.example.org/politics/a-story"


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (rec("first_version"), False),
        (rec("text_added", chars=500), False),
        (rec("quote_added", "text_added"), True),
        (rec("quote_removed"), True),
        (rec("quote_altered"), True),
        (rec("date_added"), True),
        (rec("date_removed"), True),
        (rec("updated_changed"), True),
        (rec("title_changed"), True),
        (rec("text_changed", stealth=True), True),
        (rec("byline_changed"), False),
    ],
)
def test_default_rule(record: dict[str, Any], expected: bool) -> None:
    assert rule_matches(Rule(channel_id=1), record, url=URL, labels=()) is expected


@pytest.mark.parametrize(
    ("rule", "labels", "expected"),
    [
        (Rule(1, kinds=("quote_added",), label="politics"), ("politics",), True),
        (Rule(1, kinds=("quote_added",), label="politics"), ("sport",), False),
        (Rule(1, kinds=(), url_pattern="https://news.example.org/politics/"), (), True),
        (Rule(1, kinds=(), url_pattern="https://news.example.org/sport/"), (), False),
        (Rule(1, kinds=(), url_pattern="https://*.example.org/*/a-*"), (), True),
        (Rule(1, kinds=(), url_pattern="https://*.example.com/*"), (), False),
        (Rule(1, kinds=(), min_chars=100), (), True),
        (Rule(1, kinds=(), min_chars=101), (), False),
        (Rule(1, kinds=("title_changed",)), (), False),
    ],
)
def test_rule_conditions(rule: Rule, labels: tuple[str, ...], expected: bool) -> None:
    record = rec("quote_added", chars=100)
    assert rule_matches(rule, record, url=URL, labels=labels) is expected


def test_channels_without_rules_use_the_default_and_each_channel_gets_one_alert() -> None:
    rules = [Rule(2, kinds=("text_added",)), Rule(2, kinds=("quote_added",))]
    record = rec("quote_added", "text_added")
    assert channels_for(record, url=URL, labels=(), channel_ids=[3, 1, 2], rules=rules) == [1, 2, 3]
    # channel 2 has its own rules, so the default (which has updated_changed) no longer applies to it
    assert channels_for(rec("updated_changed"), url=URL, labels=(), channel_ids=[1, 2], rules=rules) == [1]


def test_parse_kinds() -> None:
    assert parse_kinds("quote_added, stealth_edit,quote_added") == ("quote_added", "stealth_edit")
    with pytest.raises(ConfigError, match="unknown kind 'quote'"):
        parse_kinds("quote")
    assert "first_version" not in DEFAULT_KINDS


@pytest.mark.parametrize(
    ("pattern", "url", "expected"),
    [
        # a pattern is read in the form watch URLs are stored in (a rule typed as the user
        # typed the URL matched nothing)
        ("http://LOCALHOST:18001/news/*", "http://localhost:18001/news/a", True),
        ("HTTPS://Example.com:443/*", "https://example.com/a", True),
        ("https://example.com:443/news/", "https://example.com/news/a", True),
        ("https://host/*", "https://alice:pw@host/a", True),  # (a password in the watch URL)
        ("http://[::1]:8080/*", "http://[::1]:8080/a", True),  # (a host, not a set of characters)
        ("http://[::1]:8080/*", "http://1:8080/a", False),
        ("https://example.com/News/*", "https://example.com/news/a", False),  # (paths keep their case)
        ("https://example.com:8443/*", "https://example.com/a", False),
        ("*/politics/*", "https://news.example.org/politics/a", True),
        ("http://[::1]/news/", "http://[::1]/news/a", True),  # (no glob: a prefix, brackets and all)
        ("http://[::1]:8080/news/", "http://[::1]:8080/sport/a", False),
        ("https://bücher.example/*", "https://xn--bcher-kva.example/a", True),  # (stored in ASCII)
        ("https://BÜCHER.example/news/", "https://xn--bcher-kva.example/news/a", True),
        ("https://*.bücher.example/*", "https://www.xn--bcher-kva.example/a", True),
    ],
)
def test_a_url_pattern_is_read_as_urls_are_stored(pattern: str, url: str, expected: bool) -> None:
    assert url_matches(pattern, url) is expected
