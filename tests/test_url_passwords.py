"""Passwords in watch and feed URLs (review): ``http://alice:pw@host/...`` is sent as Basic
auth, so the password is a secret. It is stored and used for fetching, and shown everywhere
as ``http://alice:***@host/...``: CLI output and ``--json``, the API, the pages (links too),
service logs, webhook and email alerts, error messages. What was shown names the watch again.
So with a key in the query string (``?token=***``), as subscribers' feeds and pages carry."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.support.cli import Run, run_cli
from tests.support.receiver import Receiver
from tests.support.service import Worker
from tests.support.site import Site
from tests.support.smtp import SmtpServer
from tests.support.web import LiveServer, start_server
from watcher.redact import redact_url

Cli = Callable[..., Run]
SECRET = "Sup3rSecret"
CARNEY = SEEDS / "carney-call"
V1, V2 = (CARNEY / "v1.html").read_bytes(), (CARNEY / "v2.html").read_bytes()


def locked(site: Site, path: str, body: bytes | str, **kwargs: object) -> tuple[str, str]:
    """Serve ``body`` at ``path`` only to alice with her password: (the URL with the password,
    the URL as watcher shows it)."""
    site.serve(path, body, auth=f"alice:{SECRET}", **kwargs)
    return (
        f"http://alice:{SECRET}@127.0.0.1:{site.port}{path}",
        f"http://alice:***@127.0.0.1:{site.port}{path}",
    )


def shows_no_secret(*runs: Run) -> None:
    for run in runs:
        assert SECRET not in run.out + run.err, run.out + run.err


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://alice:Sup3rSecret@host/a", "http://alice:***@host/a"),
        ("https://alice:p@ss@host:8443/a?q=1", "https://alice:***@host:8443/a?q=1"),
        ("http://a%40b:pw@[::1]:8080/", "http://a%40b:***@[::1]:8080/"),
        ("http://:pw@host/", "http://:***@host/"),
        ("http://alice@host/", "http://alice@host/"),  # a user name is no secret
        ("http://host/a?user=x", "http://host/a?user=x"),
        ("http://alice:pw@[::1/", "http://***@[::1/"),  # unreadable: all of user:password hidden
        # a password with an unescaped "/", "?" or "#": the host ends there, the secret is hidden
        ("http://alice:PW/X9@host/a", "http://alice:***@host/a"),
        ("smtp://user:S?P#W@mail.example.org", "smtp://user:***@mail.example.org"),
        ("http://host:8080/a@b", "http://host:8080/a@b"),  # (a real port: an "@" in the path)
        ("http://host/a?from=x:y@z", "http://host/a?from=x:y@z"),
        # parameters named as secrets, in the query and in the path; other values stay
        ("https://host/feed?token=abc&page=2", "https://host/feed?token=***&page=2"),
        ("https://host/a?author=smith&api-key=K1#p=1", "https://host/a?author=smith&api-key=***#p=1"),
        ("https://host/a;jsessionid=AB12?x=1", "https://host/a;jsessionid=***?x=1"),
        ("https://h/a?X-Amz-Signature=f&id=3&sig=", "https://h/a?X-Amz-Signature=***&id=3&sig="),
        ("https://u:p@host/a?access%5Ftoken=s", "https://u:***@host/a?access%5Ftoken=***"),
        ("https://host/a?passage=3&keyword=k&q=a?token=b", "https://host/a?passage=3&keyword=k&q=a?token=b"),
    ],
)
def test_redact_url(url: str, shown: str) -> None:
    assert redact_url(url) == shown


def test_the_password_is_sent_and_never_shown_and_the_shown_url_names_the_watch(cli: Cli, site: Site) -> None:
    url, shown = locked(site, "/plain.html", V1)
    added = cli("add", url)
    assert added.code == 0 and f"watching {shown} every" in added.out, added.err
    listed, listed_json = cli("list"), cli("list", "--json")
    assert shown in listed.out and listed_json.json()["watches"][0]["url"] == shown
    # what `list` showed is the watch: checked, and the password was sent as Basic auth
    checked = cli("check", shown, "--json")
    assert checked.code == 0 and checked.json()["checks"][0]["outcome"] == "new", checked.out + checked.err
    assert checked.json()["checks"][0]["url"] == shown
    assert site.requests[-1]["authorization"].startswith("Basic ")
    site.serve("/plain.html", V2, auth=f"alice:{SECRET}")
    again = cli("check", url)  # the full URL too
    assert again.code == 0 and again.out.startswith(f"changed      {shown}  version 2"), again.out
    runs = [added, listed, listed_json, checked, again]
    for ref in (url, shown):
        runs += [
            history := cli("history", ref),
            cli("history", ref, "--json"),
            show := cli("show", ref, "--json"),
            diff := cli("diff", ref, "--no-color"),
            cli("diff", ref, "--json"),
            changes := cli("changes", ref),
            changes_json := cli("changes", ref, "--json"),
        ]
        assert history.out.startswith(f"{shown}: 2 versions") and show.json()["final_url"] == shown
        assert diff.out.startswith(f"{shown}  version 1 -> 2") and shown in changes.out
        assert {c["watch"]["url"] for c in changes_json.json()["changes"]} == {shown}
    # the shown form added again is the watch it names: already watched, never a second one
    dup = cli("add", shown)
    assert dup.code == 1 and dup.err == f"error: already watched: {shown}\n"
    assert cli("add", url, shown, "--json").json() == {"added": [], "skipped": [shown]}
    removed = cli("remove", shown)
    assert removed.code == 0 and removed.out == f"removed {shown} and its 2 versions\n"
    shows_no_secret(*runs, dup, removed)


def test_a_key_in_the_query_is_sent_and_never_shown_and_the_shown_url_names_the_watch(
    cli: Cli, site: Site
) -> None:
    site.serve("/story", V1)
    url = site.url(f"/story?edition=uk&access_token={SECRET}")
    shown = site.url("/story?edition=uk&access_token=***")
    added = cli("add", url)
    assert added.code == 0 and f"watching {shown} every" in added.out, added.err
    checked = cli("check", shown, "--json")
    assert checked.code == 0 and checked.json()["checks"][0]["url"] == shown, checked.out + checked.err
    assert site.requests[-1]["target"] == f"/story?edition=uk&access_token={SECRET}"  # sent as stored
    runs = [added, checked, listed := cli("list", "--json"), history := cli("history", shown)]
    assert listed.json()["watches"][0]["url"] == shown and history.out.startswith(f"{shown}: 1 version\n")
    runs += [dup := cli("add", shown), nothing := cli("add", shown.replace("uk", "us"))]
    assert dup.code == 1 and dup.err == f"error: already watched: {shown}\n"
    assert nothing.code == 1 and "is how watcher shows a password or key" in nothing.err, nothing.err
    runs += [search := cli("list", "--search", SECRET[:5], "--json")]
    assert search.json()["watches"] == []  # search cannot tell the key either
    assert cli("list", "--search", "access_token=***", "--json").json()["watches"][0]["url"] == shown
    shows_no_secret(*runs)


def test_a_shown_url_standing_for_no_watch_or_for_two(cli: Cli) -> None:
    shown = "http://alice:***@127.0.0.1:9/a"
    nothing = cli("add", shown)
    assert nothing.code == 1 and "*** is how watcher shows a password" in nothing.err, nothing.err
    assert cli("list", "--json").json()["watches"] == []
    assert cli("add", "http://alice:pw1@127.0.0.1:9/a", "http://alice:pw2@127.0.0.1:9/a").code == 0
    two = cli("history", shown)
    assert two.code == 1 and "stands for 2 watches" in two.err and "pw" not in two.err, two.err
    assert cli("history", "http://alice:pw2@127.0.0.1:9/a", "--json").json()["watch"]["id"] == 2
    assert cli("history", "http://alice:pw3@127.0.0.1:9/a").err == f"error: no such watch: {shown}\n"


def test_errors_repeat_a_url_without_its_password(cli: Cli, site: Site) -> None:
    runs = [
        cli("add", f"http://alice:{SECRET}@127.0.0.1:9/x?token=***"),  # (a key shown, a password given)
        cli("add", f"http://alice:{SECRET}/x@127.0.0.1:9/x"),  # (a "/" in the password)
        cli("add", f"http://alice:{SECRET}@127.0.0.1:0/x"),
        cli("add", f"ftp://alice:{SECRET}@example.org/x"),
        cli("add", f"http://alice:{SECRET}@a..b/x"),
        cli("add", f"http://alice:{SECRET}@127.0.0.1:99999/x"),
        cli("feed", "add", f"ftp://alice:{SECRET}@example.org/feed"),
        cli("history", f"http://alice:{SECRET}@127.0.0.1:9/none"),
        cli("feed", "remove", f"http://alice:{SECRET}@127.0.0.1:9/none"),
    ]
    for run in runs:
        assert run.code == 1 and "alice:***@" in run.err and run.err.count("\n") == 1, run.err
    # a character NFKC reads as "/" (urllib's message quotes the user and the password)
    nfkc = cli("add", f"https://alice:{SECRET}\uff0fx@example.org/x")
    assert nfkc.code == 1 and "NFKC" in nfkc.err
    runs.append(nfkc)
    # a redirect to a bad URL with a password: the check's error, stored and shown
    url, shown = locked(
        site, "/bounce", "", status=302, headers={"Location": f"http://alice:{SECRET}@127.0.0.1:0/x"}
    )
    assert cli("add", url).code == 0
    failed = cli("check", shown)
    assert failed.code == 3 and "bad redirect to 'http://alice:***@127.0.0.1:0/x'" in failed.out, failed.out
    listed = cli("list", "--json")
    assert "alice:***@" in listed.json()["watches"][0]["last_error"]
    shows_no_secret(*runs, failed, listed)


def test_a_redirect_to_a_url_with_a_password_is_shown_without_it(cli: Cli, site: Site) -> None:
    final, final_shown = locked(site, "/final", V1)
    site.serve("/moved", "", status=302, headers={"Location": final})
    assert cli("add", site.url("/moved")).code == 0
    assert cli("check").code == 0
    show = cli("show", site.url("/moved"), "--json")
    assert show.json()["final_url"] == final_shown
    shows_no_secret(show)


def test_feeds_and_the_articles_they_add_are_shown_without_passwords(cli: Cli, site: Site) -> None:
    article, article_shown = locked(site, "/a", V1)
    rss = f"<rss version='2.0'><channel><title>t</title><item><link>{article}</link></item></channel></rss>"
    feed, feed_shown = locked(site, "/feed.xml", rss, content_type="application/rss+xml")
    runs = [added := cli("feed", "add", feed)]
    assert added.code == 0 and added.out.startswith(f"polling {feed_shown} every"), added.err
    runs += [polled := cli("feed", "poll", "--json"), listed := cli("feed", "list")]
    assert polled.json()["polls"] == [
        {"url": feed_shown, "outcome": "polled", "links": 1, "added": 1, "error": None}
    ]
    assert feed_shown in listed.out
    runs += [listed_json := cli("feed", "list", "--json"), watches := cli("list", "--json")]
    assert listed_json.json()["feeds"][0]["url"] == feed_shown
    assert [w["url"] for w in watches.json()["watches"]] == [article_shown]
    runs += [dup := cli("feed", "add", feed), removed := cli("feed", "remove", feed_shown)]
    assert dup.code == 1 and dup.err == f"error: feed already added: {feed_shown}\n"
    assert removed.code == 0 and removed.out == f"removed feed {feed_shown}\n"
    shows_no_secret(*runs)


@pytest.fixture
def server(db_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    s = start_server(db_url, tmp_path)
    yield s
    s.close()


def test_the_api_and_the_pages_show_urls_without_passwords(
    server: LiveServer, db_url: str, site: Site
) -> None:
    url, shown = locked(site, "/start", "", status=302, headers={"Location": "/final"})
    site.serve("/final", V1, auth=f"alice:{SECRET}")  # the redirect keeps the password
    api = server.client()
    created = api.post("/api/watches", json={"url": url})
    assert created.status_code == 201 and created.json()["url"] == shown, created.text
    wid = created.json()["id"]
    assert run_cli("--db", db_url, "check", shown).code == 0
    site.serve("/final", V2, auth=f"alice:{SECRET}")
    assert run_cli("--db", db_url, "check", url).code == 0
    answers = [
        created,
        listed := api.get("/api/watches"),
        api.get(f"/api/watches/{wid}"),
        version := api.get(f"/api/watches/{wid}/versions/1"),
        diff := api.get(f"/api/watches/{wid}/diff"),
        changes := api.get("/api/changes"),
        api.get(f"/api/changes/{changes.json()['changes'][0]['id']}"),
        export := api.get(f"/api/watches/{wid}/export.json"),
        # what the API showed, sent back, names the watch; a bad URL's error hides it too
        again := api.post("/api/watches", json={"url": shown}),
        unknown := api.post("/api/watches", json={"url": shown.replace("/start", "/other")}),
        bad := api.post("/api/watches", json={"url": f"ftp://alice:{SECRET}@example.org/"}),
    ]
    assert listed.json()["watches"][0]["url"] == shown
    assert version.json()["final_url"] == shown.replace("/start", "/final")
    assert diff.json()["watch"]["url"] == shown and changes.json()["changes"][0]["watch"]["url"] == shown
    assert export.json()["versions"][0]["final_url"] == shown.replace("/start", "/final")
    assert again.status_code == 409 and again.json()["error"]["message"] == f"already watched: {shown}"
    assert unknown.status_code == 422 and "is how watcher shows a password" in unknown.text
    assert bad.status_code == 422 and "alice:***@" in bad.text
    c = server.client()
    pages = [c.get("/"), page := c.get(f"/watches/{wid}"), c.get(f"/watches/{wid}/diff?from=1&to=2")]
    assert f'<a href="{shown}" rel="noopener noreferrer nofollow">{shown}</a>' in page.text
    # the add form, shown again after an error, keeps the URL without its password
    csrf = c.cookies["watcher_csrf"]
    form = c.post("/watches", data={"url": url.replace("/start", "/new"), "every": "soon", "csrf": csrf})
    assert form.status_code == 422 and f'value="{shown.replace("/start", "/new")}"' in form.text
    for r in [*answers, *pages, form]:
        assert r.status_code < 500 and SECRET not in r.text, r.text


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    with contextlib.suppress(OSError):
        r.stop()


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    s = SmtpServer()
    yield s
    s.close()


def test_alerts_name_the_watch_without_its_password(
    cli: Cli, site: Site, receiver: Receiver, smtp: SmtpServer
) -> None:
    url, shown = locked(site, "/story", V1)
    assert cli("channel", "add", "webhook", "hook", "--url", receiver.url()).code == 0
    assert cli("channel", "add", "email", "ops", "--to", "desk@example.org", "--smtp-url", smtp.url).code == 0
    assert cli("add", url).code == 0 and cli("check").code == 0
    site.serve("/story", V2, auth=f"alice:{SECRET}")
    assert cli("check", url).code == 0
    dispatched = cli("alerts", "dispatch", "--once")
    assert dispatched.code == 0, dispatched.err
    (payload,) = receiver.payloads()
    assert payload["watch"]["url"] == shown
    assert {c["watch"]["url"] for c in payload["changes"]} == {shown}
    (mail,) = smtp.messages
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert shown in text and f'<a href="{shown}">' in html
    listing = [cli("alerts"), cli("alerts", "--json")]
    assert shown in listing[0].out
    for raw in [r["body"].decode() for r in receiver.requests] + [m.as_string() for m in smtp.messages]:
        assert SECRET not in raw
    shows_no_secret(dispatched, *listing)


@pytest.mark.parametrize("log_format", [[], ["--log-json"]], ids=["text", "json"])
def test_service_logs_show_the_url_without_its_password(
    sqlite_url: str, site: Site, log_format: list[str]
) -> None:
    url, shown = locked(site, "/plain.html", V1)
    assert run_cli("--db", sqlite_url, "add", url).code == 0
    worker = Worker(sqlite_url, "--no-http", *log_format, env={"WATCHER_SERVICE__TICK": "0.1"})
    try:
        line = worker.wait_for(r"\bcheck\b")
        assert worker.stop(signal.SIGTERM) == 0
    finally:
        worker.kill()
    assert (f'"url": "{shown}"' if log_format else f" url={shown}") in line, line
    assert '"outcome": "new"' in line or "outcome=new" in line, line
    assert all(SECRET not in ln for ln in worker.lines), worker.lines


def test_a_database_error_is_one_line_without_the_database_password(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    from watcher.store.sql import SqlStore

    # the test server trusts loopback and ignores the password; a driver may repeat it
    url = pg_url.replace("postgresql+psycopg://postgres@", "postgresql+psycopg://postgres:DbSecr3t@", 1)
    assert run_cli("--db", url, "list").code == 0

    def fail(*args: object, **kwargs: object) -> None:
        driver = Exception('connection to "postgres:DbSecr3t@127.0.0.1" lost\nHINT: try again')
        raise OperationalError("SELECT", {}, driver)

    monkeypatch.setattr(SqlStore, "list_watches", fail)
    run = run_cli("--db", url, "list")
    assert run.code == 1 and run.err.startswith("error: database: connection to "), run.err
    assert "DbSecr3t" not in run.err and "***" in run.err and run.err.count("\n") == 1, run.err


def test_search_cannot_tell_a_password(cli: Cli) -> None:
    """Search sees a URL as it is shown: a password is never matched, letter by letter."""
    assert (
        cli("add", f"http://alice:{SECRET}@127.0.0.1:9/story", "https://medium.example/@bob/post").code == 0
    )

    def found(text: str) -> list[str]:
        return [w["url"] for w in cli("list", "--search", text, "--json").json()["watches"]]

    assert found("Sup3r") == [] and found(SECRET) == [] and found("alice:S") == []
    assert found("alice:***@") == ["http://alice:***@127.0.0.1:9/story"]  # what is shown is found
    assert found("/story") == ["http://alice:***@127.0.0.1:9/story"]
    assert found("@bob") == ["https://medium.example/@bob/post"]  # an "@" that is no password
