"""Messages: subject, plain text, escaped HTML, the word diff, the signed webhook body."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.support.receiver import verify
from watcher.alerts.channels import make_channel_config, redact
from watcher.alerts.render import AlertMessage, ChangeView, render_email, sign, subject, webhook_body
from watcher.errors import ConfigError

EVIL = '<script>alert("x")</script> & <b>bold</b>'


def record(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": 7,
        "watch": {"id": 3, "url": "https://news.example.org/a"},
        "detected_at": "2025-03-29T01:16:02Z",
        "from_version": 2,
        "to_version": 3,
        "kinds": ["updated_changed", "quote_added", "text_added"],
        "title": None,
        "updated": {"before": "2025-03-28T21:42:00Z", "after": "2025-03-29T01:15:00Z"},
        "quotes": {
            "added": [{"text": "successful talk", "speaker": "P", "paragraph": 3}],
            "removed": [],
            "altered": [],
        },
        "dates": {"added": ["2025-04-28"], "removed": []},
        "minor_edits": [],
        "stealth_edit": False,
        "timestamp_only": False,
    }
    return base | over


def message(*views: ChangeView, base_url: str = "https://watcher.example.org") -> AlertMessage:
    watch = {"id": 3, "url": "https://news.example.org/a", "title": "Carney call", "labels": []}
    return AlertMessage("watcher-7-1-abc", watch, views, base_url=base_url)


def test_subject_names_the_most_newsworthy_kind_and_title() -> None:
    assert subject(message(ChangeView(record()))) == "[watcher] Quote added: Carney call"
    removed = record(kinds=["quote_removed", "text_removed"], stealth_edit=True)
    assert subject(message(ChangeView(removed))) == "[watcher] Quote removed: Carney call"
    retitled = record(kinds=["title_changed"], title={"before": "Old", "after": "New\r\nBcc: x@y"})
    assert subject(message(ChangeView(retitled))) == "[watcher] Headline changed: New Bcc: x@y"
    two = message(ChangeView(record()), ChangeView(record(kinds=["updated_changed"])))
    assert subject(two) == "[watcher] Quote added (+1 more edit): Carney call"
    moved = record(kinds=["date_added", "date_removed", "text_changed"], quotes={})
    assert subject(message(ChangeView(moved))) == "[watcher] Date changed: Carney call"


def test_email_has_quotes_dates_word_diff_and_link() -> None:
    view = ChangeView(
        record(),
        old_paragraphs=("The commitee met on Friday.", "Kept."),
        new_paragraphs=("The committee met on Friday.", "Kept.", "A successful talk, he said."),
    )
    content = render_email(message(view))
    assert "successful talk" in content.text and "2025-04-28" in content.text
    assert "[-commitee-]{+committee+}" in content.text
    assert "{+A successful talk, he said.+}" in content.text
    assert "https://watcher.example.org/watches/3/diff?from=2&to=3" in content.text
    assert '<del style="background: #fdd">commitee</del>' in content.html
    assert 'href="https://watcher.example.org/watches/3/diff?from=2&amp;to=3"' in content.html


def test_no_links_without_base_url() -> None:
    content = render_email(message(ChangeView(record()), base_url=""))
    assert "/watches/" not in content.text and "/watches/" not in content.html


@pytest.mark.parametrize(
    "base_url",
    [
        "javascript:alert(document.domain)//",
        "JavaScript:alert(1)//",
        " javascript:alert(1)//",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
    ],
)
def test_a_base_url_that_is_not_http_never_becomes_a_link(base_url: str) -> None:
    """The config refuses such a base_url; the renderer does not trust that it did."""
    msg = message(ChangeView(record()), base_url=base_url)
    content = render_email(msg)
    for part in (content.text, content.html):
        assert "script:" not in part.lower() and "data:" not in part and "/watches/" not in part
    assert json.loads(webhook_body(msg))["changes"][0]["web_url"] is None


def test_page_content_never_reaches_html_unescaped() -> None:
    view = ChangeView(
        record(
            kinds=["title_changed", "quote_added"],
            title={"before": EVIL, "after": EVIL},
            quotes={"added": [EVIL], "removed": [], "altered": [{"before": EVIL, "after": "y"}]},
        ),
        old_paragraphs=(EVIL,),
        new_paragraphs=(EVIL + " more <i>",),
    )
    watch = {"id": 3, "url": 'javascript:alert(1)"><x', "title": EVIL, "labels": []}
    html = render_email(AlertMessage("k", watch, (view,))).html
    assert "<script>" not in html and "<b>bold" not in html and "<i>" not in html and "<x" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript' not in html


def test_webhook_body_is_the_change_record_and_signature_verifies() -> None:
    body = webhook_body(message(ChangeView(record())))
    doc = json.loads(body)
    assert doc["idempotency_key"] == "watcher-7-1-abc"
    assert doc["watch"]["url"] == "https://news.example.org/a"
    assert doc["changes"][0]["kinds"] == ["updated_changed", "quote_added", "text_added"]
    assert doc["changes"][0]["web_url"].endswith("/watches/3/diff?from=2&to=3")
    headers = {"x-watcher-timestamp": "1743210962", "x-watcher-signature": sign("s3cret", 1743210962, body)}
    assert verify("s3cret", headers, body)
    assert not verify("other", headers, body)
    assert not verify("s3cret", headers | {"x-watcher-timestamp": "1743210963"}, body)


def test_channel_config_validation_and_redaction() -> None:
    email = make_channel_config(
        "email", {"to": ["a@b.org"], "smtp_url": "smtp://u:pw@h:587", "starttls": True}
    )
    assert redact("email", email)["smtp_url"] == "smtp://u:***@h:587"
    hook = make_channel_config("webhook", {"url": "https://h/x", "secret": "S3"})
    assert redact("webhook", hook)["secret"] == "***"
    assert redact("apprise", {"url": "slack://tok/en"})["url"] == "slack://***"
    slack = "https://hooks.slack.example/services/T0/B0/s3cr3tpath?x=1"
    assert redact("webhook", {"url": slack})["url"] == "https://hooks.slack.example/***"
    assert redact("webhook", {"url": "http://127.0.0.1:8080/"})["url"] == "http://127.0.0.1:8080/"
    assert redact("webhook", {"url": "http://TOKEN@127.0.0.1:8080/"})["url"] == "http://***@127.0.0.1:8080/"
    assert redact("webhook", {"url": "https://h.example/#/TOKEN"})["url"] == "https://h.example/***"
    for malformed in ("smtp:/user:PW1SECRET@host", "user:PW1SECRET@host", "smtp://user:PW1SECRET@host:bad"):
        with pytest.raises(ConfigError) as caught:
            make_channel_config("email", {"to": ["a@b.org"], "smtp_url": malformed})
        assert "PW1SECRET" not in str(caught.value) and "***@host" in str(caught.value)
    for kind, opts in [
        ("email", {"to": ["nobody"]}),
        ("email", {"to": ["a@b.org"], "smtp_url": "http://x"}),
        ("webhook", {"url": "ftp://x"}),
        ("webhook", {"url": "https://h/x", "secret": "a", "secret_env": "B"}),
        ("webhook", {"url": "https://h/x", "secret_env": "not a name"}),
        ("pager", {}),
    ]:
        with pytest.raises(ConfigError):
            make_channel_config(kind, opts)


@given(st.text(alphabet=st.sampled_from(list("<>&\"' ab/=")), min_size=1, max_size=40))
def test_any_page_text_is_escaped_in_the_html(text: str) -> None:
    marker = "<zz" + text
    view = ChangeView(
        record(
            kinds=["title_changed", "quote_added"],
            title={"before": marker, "after": marker},
            quotes={
                "added": [marker],
                "removed": [{"text": marker}],
                "altered": [{"before": marker, "after": marker}],
            },
            dates={"added": [marker], "removed": []},
            minor_edits=[[marker, marker]],
        ),
        old_paragraphs=(marker,),
        new_paragraphs=(marker + " x",),
    )
    watch = {"id": 1, "url": marker, "title": marker, "labels": []}
    html = render_email(AlertMessage("k", watch, (view,))).html
    assert marker not in html


def test_email_gives_byline_and_published_time_before_and_after_and_who_is_quoted() -> None:
    """A byline change and a backdated story were told only as "only the stated update time
    moved", with neither value; quotes came without their speaker."""
    moved = record(
        kinds=["byline_changed", "published_changed", "quote_added"],
        byline={"before": "Ann Lee", "after": "Ann Lee and Tom Achebe"},
        published={"before": "2025-03-28T17:05:00Z", "after": "2025-03-27T09:00:00Z"},
        updated=None,
        timestamp_only=False,
    )
    content = render_email(message(ChangeView(moved)))
    assert "before: Ann Lee" in content.text and "after: Ann Lee and Tom Achebe" in content.text
    assert "2025-03-28T17:05:00Z -> 2025-03-27T09:00:00Z" in content.text
    assert "\u201csuccessful talk\u201d (P)" in content.text
    stamp_only = record(
        kinds=["published_changed"], quotes={}, published={"before": "a", "after": "b"}, timestamp_only=True
    )
    assert "only a stated time moved (timestamp only)" in render_email(message(ChangeView(stamp_only))).text


def test_a_first_versions_link_is_the_watchs_page_not_an_empty_diff() -> None:
    from watcher.alerts.render import web_url

    assert web_url("https://w.example", 5, None, 1) == "https://w.example/watches/5"
    assert web_url("https://w.example", 5, 1, 2) == "https://w.example/watches/5/diff?from=1&to=2"
