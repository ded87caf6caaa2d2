"""``watcher export``: the history as JSON or CSV, and the pages as fetched as a WARC 1.1 file
that another project's reader (warcio) takes, digests checked."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import SEEDS
from tests.support.cli import Run
from tests.support.site import Site
from tests.support.web import start_server

Cli = Callable[..., Run]
AB = SEEDS / "ab-headline-test"
SECRET = "s3cret-reader-key"


def read_warc(data: bytes) -> list[dict[str, Any]]:
    out = []
    for rec in ArchiveIterator(io.BytesIO(data), check_digests=True):
        block = rec.content_stream().read()
        assert rec.digest_checker.passed is not False, rec.digest_checker.problems
        out.append({"type": rec.rec_type, "headers": dict(rec.rec_headers.headers), "block": block})
    return out


def watched(site: Site, cli: Cli) -> tuple[str, list[bytes]]:
    """Versions 1-3 of the headline test (A, B, A), its noise between them, checked in turn."""
    url = site.url("/ledger/levy") + f"?edition=chicago&access_token={SECRET}"
    served = []
    for name in ("v1.html", "v1-noise.html", "v2.html", "v3.html"):
        body = (AB / name).read_bytes()
        site.serve("/ledger/levy", body)
        if name == "v1.html":
            assert cli("add", url).code == 0
        assert cli("check", url).code == 0
        if "noise" not in name:
            served.append(body)
    return url, served


def test_the_warc_holds_each_page_as_fetched_and_what_was_read(site: Site, cli: Cli, tmp_path: Path) -> None:
    url, served = watched(site, cli)
    out = tmp_path / "levy.warc.gz"
    run = cli("export", url, "--format", "warc", "-o", str(out))
    assert run.code == 0 and run.out == "", run.err
    records = read_warc(out.read_bytes())
    assert [r["type"] for r in records] == ["warcinfo"] + ["resource", "metadata"] * 3
    assert (
        b"software: watcher/" in records[0]["block"]
        and records[0]["headers"]["WARC-Filename"] == "levy.warc.gz"
    )

    history = cli("history", url, "--json").json()["versions"]
    details = [cli("show", url, "--version", str(n), "--json").json() for n in (1, 2, 3)]
    for n, (page, meta) in enumerate(zip(records[1::2], records[2::2], strict=True)):
        # the page's bytes as served, dated when watcher fetched them, named by the snapshot's digest
        assert page["block"] == served[n]
        assert hashlib.sha256(page["block"]).hexdigest() == details[n]["snapshot"]
        assert page["headers"]["WARC-Date"] == history[n]["fetched_at"]
        assert page["headers"]["Content-Type"].startswith("text/html")
        assert page["headers"]["WARC-Target-URI"].endswith("access_token=***")
        assert meta["headers"]["WARC-Concurrent-To"] == page["headers"]["WARC-Record-ID"]
        doc = json.loads(meta["block"])
        assert doc["version"]["seq"] == n + 1 and doc["version"]["title"] == history[n]["title"]
        assert doc["version"]["paragraphs"] == details[n]["paragraphs"]
    changes = [json.loads(m["block"])["change"] for m in records[2::2]]
    assert changes[0]["kinds"] == ["first_version"]
    assert changes[2]["reverts_to"] == 1 and changes[2]["reverted"] is True
    everything = b"".join(r["block"] + json.dumps(r["headers"]).encode() for r in records)
    assert SECRET.encode() not in everything  # (the key in the watched URL is a secret)

    # exported again: every record but the warcinfo one the same, byte for byte
    again = tmp_path / "again.warc.gz"
    assert cli("export", url, "--format", "warc", "-o", str(again)).code == 0
    first, second = gzip_members(out.read_bytes()), gzip_members(again.read_bytes())
    assert first[1:] == second[1:] and first[0] != second[0]

    # each record is a gzip member of its own, as web archives expect
    assert len(first) == len(records)
    assert gzip.decompress(out.read_bytes()).count(b"WARC/1.1\r\n") == len(records)


def gzip_members(data: bytes) -> list[bytes]:
    """The gzip members of a file, each as its own bytes."""
    members = []
    while data:
        d = zlib.decompressobj(31)
        d.decompress(data)
        members.append(data[: len(data) - len(d.unused_data)])
        data = d.unused_data
    return members


def test_the_target_uri_is_a_uri_and_a_page_with_no_type_is_html(
    site: Site, cli: Cli, tmp_path: Path
) -> None:
    body = (AB / "v1.html").read_bytes()
    site.serve("/caf%C3%A9", body, content_type="")  # (the server says no type: read as HTML)
    url = site.url("/café") + "?q=ü"
    assert cli("add", url).code == 0 and cli("check", url).code == 0
    out = tmp_path / "cafe.warc.gz"
    assert cli("export", url, "--format", "warc", "-o", str(out)).code == 0
    page = read_warc(out.read_bytes())[1]
    assert page["headers"]["WARC-Target-URI"] == site.url("/caf%C3%A9") + "?q=%C3%BC"
    assert page["headers"]["Content-Type"] == "text/html" and page["block"] == body


def test_json_csv_and_warc_are_those_of_the_api(site: Site, cli: Cli, db_url: str, tmp_path: Path) -> None:
    url, _ = watched(site, cli)
    as_json = cli("export", url, "--format", "json")
    assert as_json.code == 0
    doc = as_json.json()
    assert [v["seq"] for v in doc["versions"]] == [1, 2, 3] and len(doc["changes"]) == 3
    assert SECRET not in as_json.out
    as_csv = cli("export", url, "--format", "csv")
    assert as_csv.code == 0 and as_csv.out.splitlines()[0].startswith("change_id,detected_at")
    warc = tmp_path / "cli.warc.gz"
    assert cli("export", url, "--format", "warc", "-o", str(warc)).code == 0

    server = start_server(db_url, tmp_path)
    try:
        api = server.client()
        wid = doc["watch"]["id"]
        assert api.get(f"/api/watches/{wid}/export.json").json() == doc
        assert api.get(f"/api/watches/{wid}/export.csv").text.replace("\r\n", "\n") == as_csv.out.replace(
            "\r\n", "\n"
        )
        got = api.get(f"/api/watches/{wid}/export.warc.gz")
        assert got.status_code == 200 and got.headers["content-type"] == "application/warc"
        assert 'filename="watch-' in got.headers["content-disposition"]
        mine, theirs = read_warc(warc.read_bytes()), read_warc(got.content)
        assert [(r["headers"]["WARC-Record-ID"], r["block"]) for r in theirs[1:]] == [
            (r["headers"]["WARC-Record-ID"], r["block"]) for r in mine[1:]
        ]
        assert api.get("/api/watches/999/export.warc.gz").status_code == 404
        assert f'href="/api/watches/{wid}/export.warc.gz"' in api.get(f"/watches/{wid}").text
    finally:
        server.close()


def test_a_failed_export_leaves_no_file_and_keeps_an_earlier_one(
    site: Site, cli: Cli, tmp_path: Path
) -> None:
    url, _ = watched(site, cli)
    missing = tmp_path / "no-such-dir" / "x.json"
    run = cli("export", url, "-o", str(missing))
    assert run.code == 1 and run.err == f"error: cannot write {missing}: No such file or directory\n"
    assert not missing.parent.exists()
    folder = tmp_path / "exports"
    folder.mkdir()
    earlier = folder / "keep.json"
    earlier.write_text("earlier export")
    gone = cli("export", site.url("/not-watched"), "-o", str(earlier))
    assert gone.code == 1 and "Traceback" not in gone.err
    assert earlier.read_text() == "earlier export" and sorted(p.name for p in folder.iterdir()) == [
        "keep.json"
    ]


def test_an_export_takes_the_place_of_a_file_keeping_its_permissions_and_links(
    site: Site, cli: Cli, tmp_path: Path
) -> None:
    url, _ = watched(site, cli)
    folder = tmp_path / "exports"
    folder.mkdir()
    private = folder / "private.json"
    private.write_text("old")
    private.chmod(0o600)
    assert cli("export", url, "-o", str(private)).code == 0
    assert json.loads(private.read_text())["versions"] and private.stat().st_mode & 0o777 == 0o600
    link = folder / "latest.json"
    link.symlink_to(private)
    assert cli("export", url, "--format", "csv", "-o", str(link)).code == 0
    assert link.is_symlink() and private.read_text().startswith("change_id,")
    assert sorted(p.name for p in folder.iterdir()) == ["latest.json", "private.json"]


def test_an_export_into_a_pipe_is_written_into_it(site: Site, cli: Cli, tmp_path: Path) -> None:
    import os
    import threading

    url, _ = watched(site, cli)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    assert cli("export", url, "--format", "warc", "-o", str(fifo)).code == 0
    reader.join(30)
    assert fifo.is_fifo() and [r["type"] for r in read_warc(got[0])][:2] == ["warcinfo", "resource"]


def test_a_secret_in_the_url_is_warned_of_and_gives_no_shared_record_ids(
    site: Site, cli: Cli, tmp_path: Path
) -> None:
    # two watches whose addresses differ only in their key are shown alike: their records differ
    body = (AB / "v1.html").read_bytes()
    site.serve("/ledger/levy", body)
    ids = []
    for who in ("ALICE", "BOB"):
        url = site.url("/ledger/levy") + f"?access_token={who}"
        assert cli("add", url).code == 0 and cli("check", url).code == 0
        out = tmp_path / f"{who}.warc.gz"
        run = cli("export", url, "--format", "warc", "-o", str(out))
        assert run.code == 0 and run.err.startswith("warning: the pages are kept as fetched")
        ids.append({r["headers"]["WARC-Record-ID"] for r in read_warc(out.read_bytes())})
    assert ids[0].isdisjoint(ids[1])


def test_a_damaged_or_lost_snapshot_keeps_its_metadata_record(
    site: Site, cli: Cli, db_url: str, tmp_path: Path
) -> None:
    from sqlalchemy import create_engine, text, update

    from watcher.store.schema import snapshots

    url, served = watched(site, cli)
    details = [cli("show", url, "--version", str(n), "--json").json() for n in (1, 2, 3)]
    lost = details[2]["snapshot"]
    engine = create_engine(db_url)
    with engine.begin() as conn:  # version 2's page cut short, as a torn write would leave it
        row = conn.execute(snapshots.select().where(snapshots.c.hash == details[1]["snapshot"])).one()
        cut = row.zstd[: len(row.zstd) // 2]
        conn.execute(update(snapshots).where(snapshots.c.hash == row.hash).values(zstd=cut))
        if engine.dialect.name == "postgresql":  # (version 3's page deleted by hand, its reference kept)
            conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.execute(snapshots.delete().where(snapshots.c.hash == lost))
    engine.dispose()
    out = tmp_path / "x.warc.gz"
    run = cli("export", url, "--format", "warc", "-o", str(out))
    # (the file is written all the same: the pages it holds are still worth having)
    assert run.code == 1 and run.out == ""
    secret, damaged, missing, failed = run.err.splitlines()
    assert secret.startswith("warning: the pages are kept as fetched")  # (the watch's URL has a key)
    assert damaged.startswith("warning: left out of the archive: the stored page of version 2 ")
    assert missing == (
        "warning: left out of the archive: the stored page of version 3 is missing: "
        f"snapshot {lost} is not in the database"
    )
    assert failed.startswith("error: the archive lacks 2 of 3 pages (written with the others")
    records = read_warc(out.read_bytes())
    assert [r["type"] for r in records] == ["warcinfo", "resource", "metadata", "metadata", "metadata"]
    metadata = [json.loads(r["block"]) for r in records if r["type"] == "metadata"]
    assert [m["version"]["seq"] for m in metadata] == [1, 2, 3]
    assert [m["page"]["status"] for m in metadata] == ["archived", "damaged", "missing"]
    assert metadata[2]["page"]["detail"] == missing.split(": ", 2)[2]
    assert "WARC-Concurrent-To" not in records[3]["headers"] and records[1]["block"] == served[0]

    wid = cli("history", url, "--json").json()["watch"]["id"]
    server = start_server(db_url, tmp_path)  # (the web's export, streamed, says so in its records)
    try:
        got = server.client().get(f"/api/watches/{wid}/export.warc.gz")
    finally:
        server.close()
    assert [r["block"] for r in read_warc(got.content)[1:]] == [r["block"] for r in records[1:]]


def test_with_no_standard_output_an_export_says_so(site: Site, cli: Cli, db_url: str) -> None:
    import subprocess
    import sys

    url, _ = watched(site, cli)
    for fmt in ("json", "warc"):
        done = subprocess.run(
            f"{sys.executable} -m watcher --db '{db_url}' export '{url}' --format {fmt} >&-",
            shell=True,
            capture_output=False,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
        assert done.returncode == 1 and done.stderr.endswith(
            "error: there is no standard output: give --output FILE\n"
        )


def test_an_empty_file_name_is_a_usage_error(site: Site, cli: Cli) -> None:
    url, _ = watched(site, cli)
    run = cli("export", url, "-o", "")
    assert run.code == 2 and "--output" in run.err


@pytest.mark.parametrize("args", [("--format", "pdf"), ("--format",)])
def test_bad_export_arguments_are_usage_errors(site: Site, cli: Cli, args: tuple[str, ...]) -> None:
    url, _ = watched(site, cli)
    run = cli("export", url, *args)
    assert run.code == 2 and run.out == "" and "Traceback" not in run.err


def test_each_version_keeps_the_type_its_own_fetch_was_served_with(
    site: Site, cli: Cli, db_url: str, tmp_path: Path
) -> None:
    """The same bytes served again under another charset: the version made from them is
    archived and shown as that fetch read them, not under the type of the first fetch of the
    same bytes (a snapshot is stored once per digest)."""
    pound = "<html><body><article><h1>Budget</h1><p>The plan totals \u00a35,000,000 over five years.</p></article></body></html>"
    other = "<html><body><article><h1>Budget</h1><p>The plan totals six million over five years.</p></article></body></html>"
    url = site.serve("/budget", pound.encode("utf-8"), content_type="text/html; charset=utf-8")
    assert cli("add", url).code == 0 and cli("check", url).code == 0
    site.serve("/budget", other.encode("utf-8"), content_type="text/html; charset=utf-8")
    assert cli("check", url).code == 0
    site.serve("/budget", pound.encode("utf-8"), content_type="text/html; charset=windows-1252")
    assert cli("check", url, "--json").json()["checks"][0]["version"] == 3
    assert "\u00c2\u00a35,000,000" in cli("show", url, "--version", "3", "--json").json()["paragraphs"][0]
    out = tmp_path / "budget.warc.gz"
    assert cli("export", url, "--format", "warc", "-o", str(out)).code == 0
    pages = [r for r in read_warc(out.read_bytes()) if r["type"] == "resource"]
    assert [p["headers"]["Content-Type"] for p in pages] == [
        "text/html; charset=utf-8",
        "text/html; charset=utf-8",
        "text/html; charset=windows-1252",
    ]
    assert pages[0]["block"] == pages[2]["block"]  # (one snapshot, two types)


def test_versions_are_read_a_page_at_a_time_in_order(site: Site, cli: Cli, db_url: str) -> None:
    """Exports read versions in pages (a watch of 20,000 versions took 734 MB to export as
    JSON when they were read, and the document built, whole)."""
    from watcher.store import make_store

    url, _ = watched(site, cli)
    store = make_store(db_url)
    try:
        wid = store.get_watch(url).id
        whole = [(v.seq, v.article) for v in store.list_versions(wid)]
        for page in (1, 2, 3, 200):
            assert [(v.seq, v.article) for v in store.iter_versions(wid, page=page)] == whole
    finally:
        store.close()


def test_an_export_onto_the_database_itself_is_refused(site: Site, sqlite_url: str, tmp_path: Path) -> None:
    from functools import partial

    from tests.support.cli import run_cli

    cli = partial(run_cli, "--db", sqlite_url)
    url, _ = watched(site, cli)
    database = tmp_path / "watcher.db"
    link = tmp_path / "latest.csv"
    link.symlink_to(database)
    for target in (database, link, tmp_path / "watcher.db-wal", tmp_path / "watcher.db-shm"):
        run = cli("export", url, "--format", "csv", "-o", str(target))
        assert (run.code, run.out) == (1, "")
        assert run.err == f"error: {target} is a file of the database itself: give another file name\n"
    assert [v["seq"] for v in cli("history", url, "--json").json()["versions"]] == [1, 2, 3]
    assert link.is_symlink() and cli("export", url, "-o", str(tmp_path / "other.json")).code == 0
