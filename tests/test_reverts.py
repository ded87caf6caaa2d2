"""A change that goes back to an earlier version: a headline test swinging between its
variants, an edit taken back. Each swing is stored and recorded, and the record says where it
went back to (``reverts_to``, ``title_reverts_to``, the ``reverted`` verdict)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.support.cli import Run
from tests.support.site import Site
from tests.support.web import start_server
from watcher.alerts.render import AlertMessage, ChangeView, render_email
from watcher.alerts.rules import Rule, rule_matches
from watcher.analyse.reverts import with_reverts
from watcher.render_text import render_diff
from watcher.types import Change, Earlier
from watcher.web.render import badges

Cli = Callable[..., Run]

BODY = [
    "The harbour authority closed the north pier on Tuesday after divers found cracks in two pylons.",
    "\u201cWe will not reopen it until every pylon has been checked,\u201d said harbour master Ines Dale.",
    "Ferries to the islands will leave from the south pier until further notice.",
    "The pier was last rebuilt in 1998 and carries about 4,000 passengers a day in summer.",
]


def page(title: str, paragraphs: list[str] = BODY) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html lang='en'><head><title>{title} | Coast News</title></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article></body></html>"
    )


A = "North pier closed after divers find cracks"
B = "Cracked pylons shut the north pier"


def change(frm: int, to: int, title: bool = True) -> Change:
    moved = {"before": "x", "after": "y"} if title else None
    return Change(
        kinds=("title_changed",) if title else ("text_changed",), from_version=frm, to_version=to, title=moved
    )


# -- the pure decision ----------------------------------------------------------------------
def test_the_latest_earlier_version_equal_in_full_is_named() -> None:
    got = with_reverts(change(4, 5), A, Earlier(3, ((3, A), (4, B))))
    assert (got.reverts_to, got.title_reverts_to, got.reverted) == (3, 3, True)
    assert got.as_record()["reverted"] is True and got.as_record()["reverts_to"] == 3


def test_the_version_the_change_is_measured_from_does_not_count() -> None:
    # (were it the same, there would be no change; a store naming it must not make a revert)
    got = with_reverts(change(2, 3), B, Earlier(2, ((1, A), (2, B))))
    assert (got.reverts_to, got.title_reverts_to, got.reverted) == (None, None, False)
    assert got.as_record()["reverted"] is False


def test_a_headline_back_over_an_edited_body_is_no_full_revert() -> None:
    # v1 headline A; v2 headline B; v3 headline A again, but the body was edited too
    got = with_reverts(
        change(2, 3), "North pier closed after divers find cracks ", Earlier(None, ((1, A), (2, B)))
    )
    assert (got.reverts_to, got.title_reverts_to, got.reverted) == (None, 1, False)


def test_titles_are_compared_as_the_title_change_compares_them() -> None:
    # quote style and spaces do not make another headline (they make no title change either)
    titles = ((1, "Mayor:  'we will rebuild'"), (2, "Mayor promises rebuild"))
    got = with_reverts(change(2, 3), "Mayor: \u2018we will rebuild\u2019", Earlier(None, titles))
    assert got.title_reverts_to == 1
    # of two spellings of that title, the later one
    titles = ((1, "Mayor:  'we will rebuild'"), (4, "Mayor: \u2019we will rebuild\u2019"), (5, "Other"))
    assert with_reverts(change(5, 6), "Mayor: 'we will rebuild'", Earlier(None, titles)).title_reverts_to == 4


def test_an_unchanged_title_is_not_said_to_go_back() -> None:
    got = with_reverts(change(2, 3, title=False), A, Earlier(None, ((1, A), (2, A))))
    assert got.title_reverts_to is None and got.reverts_to is None


def test_a_first_version_goes_back_to_nothing() -> None:
    first = Change(kinds=("first_version",), from_version=None, to_version=1)
    assert with_reverts(first, A, Earlier(1, ((1, A),))) is first


# -- rendering and rules ----------------------------------------------------------------------
def test_renderings_and_rules_name_the_version_gone_back_to() -> None:
    record = with_reverts(change(4, 5), A, Earlier(3, ((3, A),))).as_record()
    record |= {"id": 7, "detected_at": "2026-11-27T10:00:00Z", "watch": {"id": 1, "url": "https://e.com/a"}}
    assert next(b.label for b in badges(record)) == "reverted to v3"
    doc = {
        "watch": record["watch"],
        "from_version": 4,
        "to_version": 5,
        "change": record,
        "title": [],
        "body": [],
    }
    assert "note: reverted to version 3" in render_diff(doc, color=False)
    mail = render_email(
        AlertMessage("k", {"id": 1, "url": "https://e.com/a", "title": A}, (ChangeView(record),))
    )
    assert "again as in version 3 (reverted)" in mail.text
    assert rule_matches(Rule(channel_id=1, kinds=("reverted",)), record, url="https://e.com/a", labels=[])
    other = change(4, 5).as_record()
    assert not rule_matches(Rule(channel_id=1, kinds=("reverted",)), other, url="https://e.com/a", labels=[])


# -- end to end: a real site, the CLI, the API, SQLite and PostgreSQL --------------------------
def test_a_headline_test_is_recorded_swing_by_swing(
    site: Site, cli: Cli, db_url: str, tmp_path: Path
) -> None:
    edited = [*BODY[:2], "Ferries to the islands will leave from the south pier from Thursday.", BODY[3]]
    steps = [page(A), page(B), page(A), page(B), page(A, edited)]
    url = site.serve("/pier", steps[0])
    assert cli("add", url).code == 0
    for n, html in enumerate(steps, start=1):
        site.serve("/pier", html)
        run = cli("check", url, "--json")
        assert run.code == 0 and run.json()["checks"][0]["version"] == n, run.out

    records = {r["to_version"]: r for r in cli("changes", url, "--json").json()["changes"]}
    assert [records[n]["reverts_to"] for n in range(1, 6)] == [None, None, 1, 2, None]
    assert [records[n]["title_reverts_to"] for n in range(1, 6)] == [None, None, 1, 2, 3]
    assert [records[n]["reverted"] for n in range(1, 6)] == [False, False, True, True, False]
    assert all("title_changed" in records[n]["kinds"] for n in range(2, 6))

    reverted = cli("changes", "--kind", "reverted", "--json").json()["changes"]
    assert [r["to_version"] for r in reverted] == [3, 4]
    listed = cli("changes", url)
    assert listed.code == 0 and listed.out.count("\n") == 5
    lines = listed.out.splitlines()
    assert "title_changed  (stealth_edit, reverted to v1)  [v2 last seen " in lines[2], lines[2]
    assert "(stealth_edit, reverted to v2)  [v3 last seen " in lines[3] and "reverted" not in lines[4]

    history = cli("history", url, "--json").json()["versions"]
    assert [v["same_as"] for v in history] == [None, None, 1, 2, None]
    text = cli("history", url).out.splitlines()
    assert text[3].endswith("(= version 1)") and text[4].endswith("(= version 2)")
    assert "(=" not in text[5]

    # the diff views say it too (the diff page is where alerts link)
    diff = cli("diff", url, "--from", "2", "--to", "3", "--json").json()["change"]
    assert (diff["reverted"], diff["reverts_to"], diff["title_reverts_to"]) == (True, 1, 1)
    assert "note: stealth_edit, reverted to version 1" in cli("diff", url, "--from", "2", "--to", "3").out
    across = cli("diff", url, "--from", "4", "--to", "5", "--json").json()["change"]
    assert (across["reverted"], across["reverts_to"], across["title_reverts_to"]) == (False, None, 3)
    assert "note: stealth_edit, title of version 3 again" in cli("diff", url, "--from", "4", "--to", "5").out

    server = start_server(db_url, tmp_path)
    try:
        api = server.client()
        watch_id = records[1]["watch"]["id"]
        rows = api.get(f"/api/watches/{watch_id}/versions").json()["versions"]
        assert [v["same_as"] for v in rows] == [None, None, 1, 2, None]
        paged = api.get(f"/api/watches/{watch_id}/versions", params={"offset": 3, "limit": 1}).json()
        assert [v["same_as"] for v in paged["versions"]] == [2]
        found = api.get("/api/changes", params={"kind": "reverted"}).json()["changes"]
        assert sorted(c["to_version"] for c in found) == [3, 4]  # (newest first)
        html = api.get(f"/watches/{watch_id}").text
        assert 'href="#v1">= version 1</a>' in html
        diff = api.get(f"/api/watches/{watch_id}/diff", params={"from": 3, "to": 4}).json()["change"]
        assert (diff["reverted"], diff["reverts_to"]) == (True, 2)
        assert "reverted to v2" in api.get(f"/watches/{watch_id}/diff", params={"from": 3, "to": 4}).text
    finally:
        server.close()
