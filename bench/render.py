"""Rendered watches: what a check costs when the page is built by scripts (``watcher add --render``).

    .venv/bin/python bench/render.py            # 40 pages, Chromium at /usr/bin/chromium
    .venv/bin/python bench/render.py --n 100 --pages 4

Serves N generated articles (bench/pages.py) from an HTTP server on loopback, each as a shell
whose script fetches the article's JSON and writes it into the page (plus an image and a style
sheet, which the renderer refuses), and times ``watcher check URL...`` (one process, as a user
runs it) over three rounds: all new; nothing changed (every page is rendered again: a shell
says nothing of its data); 10% of the articles edited. The same articles served as plain
HTML and watched without ``--render`` are timed beside them, so the cost of the browser shows.
Peak memory counts the browser's processes too (RUSAGE_CHILDREN).
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import random
import resource
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pages

REPO = Path(__file__).resolve().parent.parent
APP = b"""
document.addEventListener('DOMContentLoaded', async () => {
  const d = await (await fetch(location.pathname + '.json')).json();
  const art = document.createElement('article');
  const add = (tag, text) => { const el = document.createElement(tag); el.textContent = text; art.appendChild(el); };
  add('h1', d.headline);
  add('p', 'By ' + d.author);
  add('p', 'Updated: ' + d.updated);
  for (const t of d.paragraphs) add('p', t);
  document.getElementById('app').replaceChildren(art);
  document.getElementById('views').textContent = Math.floor(Math.random() * 1e6) + ' views';
});
"""
SHELL = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title} | Bench News</title>
<link rel="stylesheet" href="/site.css"><script src="/app.js"></script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<main id="app"></main><aside><span id="views"></span></aside><img src="/hero.jpg" alt=""></body></html>"""


def article_data(a: pages.Article, edited: bool) -> dict[str, object]:
    paragraphs = [" ".join(b.sentences) for b in a.blocks]
    if edited:
        paragraphs[1] = paragraphs[1].replace(" the ", " a ", 1) + " The council declined to comment."
    updated = a.updated.replace(hour=(a.updated.hour + 1) % 24) if edited else a.updated
    return {
        "headline": a.headline,
        "author": a.author,
        "updated": updated.strftime("%B %d, %Y %H:%M UTC"),
        "paragraphs": paragraphs,
    }


def plain_html(data: dict[str, object]) -> str:
    paras = "".join(f"<p>{p}</p>" for p in data["paragraphs"])  # type: ignore[attr-defined]
    return (
        f"<html><head><title>{data['headline']}</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>{data['headline']}</h1><p>By {data['author']}</p>"
        f"<p>Updated: {data['updated']}</p>{paras}</article></body></html>"
    )


class Site:
    def __init__(self) -> None:
        self.files: dict[str, tuple[bytes, str]] = {}
        self.hits: Counter[str] = Counter()
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                site.hits[path.rsplit(".", 1)[-1] if "." in path else "page"] += 1
                body, ctype = site.files.get(path, (b"", ""))
                self.send_response(200 if ctype else 404)
                self.send_header("Content-Type", ctype or "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True
            request_queue_size = 128

        self.server = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def put(self, path: str, body: bytes | str, ctype: str) -> str:
        self.files[path] = (body.encode() if isinstance(body, str) else body, ctype)
        return self.base + path


def publish(site: Site, articles: list[pages.Article], edited: set[int]) -> None:
    for a in articles:
        data = article_data(a, a.index in edited)
        site.put(f"/r/{a.index}", SHELL.format(title=data["headline"]), "text/html; charset=utf-8")
        site.put(f"/r/{a.index}.json", json.dumps(data), "application/json")
        site.put(f"/p/{a.index}", plain_html(data), "text/html; charset=utf-8")


def run_check(env: dict[str, str], urls: list[str]) -> tuple[float, dict[str, int]]:
    started = time.perf_counter()
    proc = subprocess.run(
        [str(REPO / ".venv" / "bin" / "watcher"), "check", *urls, "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    wall = time.perf_counter() - started
    if proc.returncode not in (0, 3):
        sys.exit(f"watcher check failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    outcomes = Counter(c["outcome"] for c in json.loads(proc.stdout)["checks"])
    return wall, dict(outcomes)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=40, help="articles (default 40)")
    ap.add_argument("--pages", type=int, default=2, help="browser.pages: pages rendered at once (default 2)")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args()
    if not Path(args.chromium).exists():
        sys.exit(f"no Chromium at {args.chromium} (apt-get install chromium, or --chromium PATH)")

    site = Site()
    site.put("/app.js", APP, "text/javascript")
    site.put("/site.css", "body { font-family: serif }", "text/css")
    site.put("/hero.jpg", b"\xff\xd8\xff" + bytes(2048), "image/jpeg")
    articles = [pages.make_article(1, i) for i in range(args.n)]
    publish(site, articles, set())
    work = Path(tempfile.mkdtemp(prefix="watcher-render-bench-"))
    env = dict(os.environ)
    env.update(
        WATCHER_DB=f"sqlite:///{work / 'bench.db'}",
        WATCHER_ALLOW_PRIVATE_ADDRESSES="1",
        WATCHER_BROWSER__EXECUTABLE=args.chromium,
        WATCHER_BROWSER__PAGES=str(args.pages),
        WATCHER_FETCH__PER_HOST_CONCURRENCY="16",
        WATCHER_CONFIG=str(work / "none.toml"),
    )
    (work / "none.toml").write_text("")
    watcher = str(REPO / ".venv" / "bin" / "watcher")
    (work / "r.txt").write_text("".join(f"{site.base}/r/{a.index}\n" for a in articles))
    (work / "p.txt").write_text("".join(f"{site.base}/p/{a.index}\n" for a in articles))
    for kind, extra in (("r", ["--render"]), ("p", [])):
        cmd = [watcher, "add", "--from-file", str(work / f"{kind}.txt"), *extra]
        subprocess.run(cmd, env=env, check=True, capture_output=True)

    edited = set(random.Random(7).sample(range(args.n), max(1, args.n // 10)))
    print(f"N={args.n} articles, browser.pages={args.pages}, Chromium {args.chromium}, one process")
    print(f"{'round':<22}{'watches':<10}{'time s':>8}{'checks/s':>10}  outcomes")
    for number, name in ((1, "all new"), (2, "nothing changed"), (3, f"{len(edited)} edited")):
        if number == 3:
            publish(site, articles, edited)
        for kind, shown in (("r", "rendered"), ("p", "plain")):
            wall, outcomes = run_check(env, (work / f"{kind}.txt").read_text().split())
            print(f"{number}. {name:<19}{shown:<10}{wall:>8.2f}{args.n / wall:>10.1f}  {outcomes}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS of one child process (the largest): {peak:.0f} MB")
    print(f"requests served by kind: {dict(site.hits)} (images and style sheets are refused)")
    print(f"work dir: {work}")


if __name__ == "__main__":
    main()
