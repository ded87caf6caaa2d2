"""How extraction and analysis scale on hostile or broken pages: each case at three sizes.

    .venv/bin/python bench/hostile.py

A hostile site controls every byte of its pages. Each case below once took time growing with
the square of its size (a page of 250 KB took seconds, and a check with it minutes); the
figure to read is the growth column: about 2 when the size doubles means linear. Times are
the best of three runs, in this process (no network).
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable
from datetime import date
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from watcher.analyse import analyse
from watcher.extract import extract
from watcher.types import Article

TODAY = date(2026, 3, 12)


def _page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body><h1>Hostile</h1>{body}</body></html>"


def _ld(body: str) -> str:
    data = json.dumps({"@type": "NewsArticle", "articleBody": body}).replace("</", "<\\/")
    return _page("<p>short</p>", f'<script type="application/ld+json">{data}</script>')


def _extract(make: Callable[[int], str]) -> Callable[[int], Callable[[], object]]:
    def prepare(n: int) -> Callable[[], object]:
        html = make(n)
        return lambda: extract(html)

    return prepare


def _analyse(make: Callable[[int], tuple[list[str], list[str]]]) -> Callable[[int], Callable[[], object]]:
    def prepare(n: int) -> Callable[[], object]:
        old, new = make(n)
        a, b = (
            Article(title="T", byline="", paragraphs=tuple(old)),
            Article(title="T", byline="", paragraphs=tuple(new)),
        )
        return lambda: analyse(a, b, 1, 2, today=TODAY)

    return prepare


def _shuffled_words(n: int) -> tuple[list[str], list[str]]:
    rng = random.Random(1)
    old = [f"w{rng.randrange(50)}" for _ in range(n)]
    new = [w if rng.random() < 0.7 else f"w{rng.randrange(50)}" for w in old]
    return [" ".join(old)], [" ".join(new)]


CASES: list[tuple[str, Callable[[int], Callable[[], object]], tuple[int, int, int]]] = [
    (
        "extract: live blog, n 'Updated' entries",
        _extract(
            lambda n: _page(
                "<div>"
                + "".join(f"<div><span>Updated {i % 12 + 1}:00 PM</span><p>Entry {i} about the port.</p></div>" for i in range(n))
                + "</div>"
            )
        ),
        (1000, 2000, 4000),
    ),
    (
        "extract: n comment and n teaser <article>s",
        _extract(
            lambda n: _page(
                "<article><p>Published: March 10, 2026 9:00 a.m.</p><p>The council met.</p></article><div id='comments'>"
                + "<div class='comment'><article><p>Comment: the council is wrong.</p></article></div>" * n
                + "</div><div>"
                + "<article><h2><a href='/s'>Other</a></h2><p>Teaser text.</p></article>" * n
                + "</div>"
            )
        ),
        (1000, 2000, 4000),
    ),
    (
        "extract: a post and n comments' stamp lines",
        _extract(
            lambda n: _page(
                "<article><h1>Storm</h1><p>Published: March 10, 2026 9:00 a.m.</p><p>The council met.</p></article><ol>"
                + "<li class='comment'><div>Posted March 14, 2026 at 9:00 a.m.</div><p>I disagree with the council.</p></li>" * n
                + "</ol>"
            )
        ),
        (1000, 2000, 4000),
    ),
    (
        "extract: n repliers' author names after the body",
        _extract(
            lambda n: _page(
                "<article><h1>Budget</h1><div class='body'>" + "<p>The council voted on Monday to approve the new budget, after a debate that lasted four hours.</p>" * 8
                + "</div><div class='reactions'><div class='list'>"
                + "".join(f"<div class='reply'><span class='author'>Reader {i}</span> agreed.</div>" for i in range(n))
                + "</div></div></article>"
            )
        ),
        (1000, 2000, 4000),
    ),
    (
        "extract: n authors before n <h1>s, no <article>",
        _extract(
            lambda n: "<html><body><div class='top'>"
            + "".join(f"<div><span class='author'>Writer {i}</span></div>" for i in range(n))
            + "</div><div class='heads'>" + "".join(f"<div><h1>Heading {i}</h1></div>" for i in range(n))
            + "</div><div class='body'>" + "<p>The council voted on Monday to approve the new budget, after a debate that lasted four hours.</p>" * 8 + "</div></body></html>"
        ),
        (1000, 2000, 4000),
    ),
    (
        "extract: n canonical links in the head",
        _extract(
            lambda n: _page(
                "<p>Updated: March 12, 2026 4:00 p.m.</p><article><p>The council met on Monday.</p></article>",
                "".join(f"<link rel='canonical' href='/a/{i}'>" for i in range(n)),
            )
        ),
        (2000, 4000, 8000),
    ),
    ("extract: one paragraph of n 'edited' links", _extract(lambda n: _page("<p>" + "<a href=x>edited</a> by staff, " * n + "</p>")), (2000, 4000, 8000)),
    ("extract: byline 'ago' + n digits", _extract(lambda n: _page(f"<div class='byline'>ago {'1' * n}</div><p>Body text.</p>")), (2000, 4000, 8000)),
    ("extract: stamp line with n <time>", _extract(lambda n: _page("<p>Updated March 28, 2025" + "<time></time>" * n + "</p>")), (1000, 2000, 4000)),
    ("extract: articleBody of 20n spaces", _extract(lambda n: _ld("x" + " " * (20 * n) + "x")), (1000, 2000, 4000)),
    ("extract: articleBody of n '<p ' without '>'", _extract(lambda n: _ld("<p " * (5 * n))), (1000, 2000, 4000)),
    ("extract: text node of 10n 'mis'", _extract(lambda n: _page("<p>x</p><p>" + "mis" * (10 * n) + "</p>")), (1000, 2000, 4000)),
    ("analyse: one word of n letters, one changed", _analyse(lambda n: ([f"Intro {'a' * n}b end."], [f"Intro {'a' * n}c end."])), (1000, 2000, 4000)),
    ("analyse: paragraph of n 'the', last word changed", _analyse(lambda n: (["the " * n + "x"], ["the " * n + "y"])), (1000, 2000, 4000)),
    (
        "analyse: n quotes, all replaced",
        _analyse(lambda n: ([f'"alpha beta {i}"' for i in range(n)], [f'"alpha beta {i + n}"' for i in range(n)])),
        (500, 1000, 2000),
    ),
    ("analyse: n paragraphs, all replaced", _analyse(lambda n: ([f"old {i} alpha" for i in range(n)], [f"new {i} beta" for i in range(n)])), (500, 1000, 2000)),
    ("analyse: paragraph of n words, 30% reshuffled", _analyse(_shuffled_words), (2000, 4000, 8000)),
    # speakers in scripts without capitals: each quote reads a window before it, not all the text
    ("analyse: n Chinese quotes '「好」，他說。'", _analyse(lambda n: (["x"], ["「好」，他說。" * n])), (500, 1000, 2000)),
    ("analyse: n Korean quotes with no sentence end", _analyse(lambda n: (["x"], ["\u201c네\u201d " * n])), (500, 1000, 2000)),
    ("analyse: n Japanese quotes with no sentence end", _analyse(lambda n: (["x"], ["「はい」と" * n])), (500, 1000, 2000)),
    ("analyse: n Arabic quotes with no sentence end", _analyse(lambda n: (["x"], ["«نعم» وقال " * n])), (500, 1000, 2000)),
]  # fmt: skip


def _best(run: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    print(f"{'case':<50} {'n':>18} {'ms':>24}  growth per doubling")
    for name, prepare, sizes in CASES:
        times = [_best(prepare(n)) * 1000 for n in sizes]
        growth = [b / a if a > 0.05 else float("nan") for a, b in pairwise(times)]
        print(
            f"{name:<50} {' / '.join(map(str, sizes)):>18} {' / '.join(f'{t:.1f}' for t in times):>24}  "
            + " ".join(f"{g:.1f}" for g in growth)
        )


if __name__ == "__main__":
    main()
