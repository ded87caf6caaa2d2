"""Every scenario in seeds/: serve each step from a real loopback server, check, compare.

A scenario is a folder with served HTML versions and ``scenario.json`` (the format of
../shared/seeds/carney-call): per step, whether a version is expected and, for real edits,
the change record's kinds, title, stamps, quotes, dates, minor edits and verdicts.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEEDS
from tests.support.cli import Run
from tests.support.site import Site

SCENARIOS = sorted(p.parent for p in SEEDS.glob("*/scenario.json"))
MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e"


def norm(text: str) -> str:
    """A quotation as compared: marks, spacing, case and end punctuation ("." or Chinese "。")
    aside."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    return (
        re.sub(r"\s+", " ", text)
        .strip()
        .strip(MARKS + " ")
        .rstrip(",.;:\u3002")
        .strip(MARKS + " ")
        .casefold()
    )


def texts(items: list[Any]) -> list[str]:
    return [norm(i if isinstance(i, str) else i["text"]) for i in items]


def test_there_are_scenarios() -> None:
    assert any(p.name == "carney-call" for p in SCENARIOS)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[p.name for p in SCENARIOS])
def test_scenario(scenario: Path, site: Site, cli: Callable[..., Run]) -> None:
    spec = json.loads((scenario / "scenario.json").read_text())
    url = site.url(spec["path"])
    assert cli("add", url).code == 0
    versions_seen = changes_seen = 0
    for number, step in enumerate(spec["steps"], 1):
        where = f"step {number} ({step['serve']})"
        expect = step["expect"]
        site.serve(spec["path"], (scenario / step["serve"]).read_bytes())
        run = cli("check", url, "--json")
        assert run.code == 0, f"{where}: {run.err}"
        versions = cli("history", url, "--json").json()["versions"]
        records = cli("changes", url, "--json").json()["changes"]
        new_versions = len(versions) - versions_seen
        new_changes = len(records) - changes_seen
        versions_seen, changes_seen = len(versions), len(records)
        assert new_versions == (1 if expect["new_version"] else 0), where
        if not expect["new_version"]:
            assert new_changes == 0, f"{where}: noise made a change record"
            continue
        rec = records[-1]
        if expect.get("first_version"):
            assert rec["kinds"] == ["first_version"], where
            continue
        assert set(rec["kinds"]) == set(expect["kinds"]), where
        if "title" in expect:
            assert rec["title"] == {"before": expect["title"][0], "after": expect["title"][1]}, where
        if "updated" in expect:  # each side a value, or a list of the values a reader may accept
            for side, wanted in zip(("before", "after"), expect["updated"], strict=True):
                options = wanted if isinstance(wanted, list) else [wanted]
                assert rec["updated"][side] in options, f"{where}: updated {side}"
        for key, sub in (("quotes_added", "added"), ("quotes_removed", "removed")):
            assert sorted(texts(rec["quotes"][sub])) == sorted(texts(expect.get(key, []))), f"{where}: {key}"
        if "quotes_altered" in expect:
            got = sorted((norm(a["before"]), norm(a["after"])) for a in rec["quotes"]["altered"])
            assert got == sorted((norm(b), norm(a)) for b, a in expect["quotes_altered"]), where
        elif "quote_altered" not in expect["kinds"]:
            assert rec["quotes"]["altered"] == [], where
        for key, sub in (("dates_added", "added"), ("dates_removed", "removed")):
            assert sorted(rec["dates"][sub]) == sorted(expect.get(key, [])), f"{where}: {key}"
        for pair in expect.get("minor_edits", []):
            assert pair in rec["minor_edits"], f"{where}: minor edit {pair}"
        for flag in ("stealth_edit", "timestamp_only", "reverted"):
            if flag in expect:
                assert rec[flag] is expect[flag], f"{where}: {flag}"
        for key in ("reverts_to", "title_reverts_to"):  # (a version number, or null)
            if key in expect:
                assert rec[key] == expect[key], f"{where}: {key}"
