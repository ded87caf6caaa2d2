"""Analysis speed: two ~5,000-word versions of an article through ``watcher.analyse.analyse``.

usage: .venv/bin/python bench/analysis.py [--runs N] [--words N]

The versions are built deterministically (seeded RNG): ~100 paragraphs of news-like prose with
quotations (several mark styles), dates and speakers; the second version changes a tenth of the
paragraphs (typo fixes, altered quotes, rewrites), drops some and adds some. Prints the median
and p95 of the wall time of one ``analyse`` call, and the kinds it found.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from dataclasses import replace
from datetime import date

from watcher.analyse import analyse
from watcher.extract import canonical
from watcher.types import Article

WORDS = (
    "the government said on tuesday that its officials would review a proposal for new tariffs "
    "on steel and aluminum while ministers met with industry leaders in the capital to discuss "
    "trade border security energy prices and a plan for housing that critics called too slow "
    "analysts expected markets to react after the central bank held its key rate steady"
).split()
SPEAKERS = ("Carney said", "said Poilievre", "the minister told reporters", "Ms. Okafor added")
MONTHS = ("January", "March", "April", "May", "June", "October")
MARKS = (("\u201c", "\u201d"), ('"', '"'), ("\u00ab ", " \u00bb"), ("\u201e", "\u201c"))


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    parts = [_sentence(rng, rng.randint(12, 22))]
    if rng.random() < 0.5:
        o, c = rng.choice(MARKS)
        parts.append(f"{o}{_sentence(rng, rng.randint(6, 14))[:-1]},{c} {rng.choice(SPEAKERS)}.")
    if rng.random() < 0.4:
        parts.append(f"The vote is set for {rng.choice(MONTHS)} {rng.randint(1, 28)}.")
    parts.append(_sentence(rng, rng.randint(8, 16)))
    return " ".join(parts)


def versions(words: int, seed: int = 7) -> tuple[Article, Article]:
    rng = random.Random(seed)
    old: list[str] = []
    while sum(len(p.split()) for p in old) < words:
        old.append(_paragraph(rng))
    new = list(old)
    for i in rng.sample(range(len(new)), len(new) // 10):
        p = new[i]
        roll = rng.random()
        if roll < 0.4:
            new[i] = p.replace(" the ", " teh ", 1)  # a typo
        elif roll < 0.7:
            new[i] = p.replace(",\u201d", " today,\u201d", 1).replace(',"', ' today,"', 1)
        else:
            new[i] = _paragraph(rng)
    for i in sorted(rng.sample(range(len(new)), 3), reverse=True):
        del new[i]
    for _ in range(4):
        new.insert(rng.randrange(len(new)), _paragraph(rng))
    common = {"byline": "Jane Doe", "published_at": "2025-03-28T17:05:00Z"}
    a = Article(title="Talks resume", paragraphs=tuple(old), updated_at="2025-03-28T21:00:00Z", **common)
    b = Article(title="Talks resume", paragraphs=tuple(new), updated_at="2025-03-29T09:00:00Z", **common)
    return a, b


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--words", type=int, default=5000)
    args = ap.parse_args()
    old, new = versions(args.words)
    analyse(old, new, 1, 2, today=date(2025, 3, 29))  # warm-up (regex compilation, imports)
    worst = {
        "rewrite (every paragraph replaced)": replace(
            new, paragraphs=tuple(_paragraph(random.Random(3)) for _ in new.paragraphs)
        ),
        "every paragraph lightly edited": replace(
            new, paragraphs=tuple(p.replace(" the ", " a ", 1) for p in old.paragraphs)
        ),
    }
    times = []
    change = None
    for _ in range(args.runs):
        canonical.cache_clear()  # each run starts cold, as a real check does
        t0 = time.perf_counter()
        change = analyse(old, new, 1, 2, today=date(2025, 3, 29))
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    n_old = sum(len(p.split()) for p in old.paragraphs)
    n_new = sum(len(p.split()) for p in new.paragraphs)
    print(f"versions: {n_old} and {n_new} words, {len(old.paragraphs)} and {len(new.paragraphs)} paragraphs")
    print(f"runs: {args.runs}  median: {statistics.median(times):.1f} ms  p95: {p95:.1f} ms")
    assert change is not None
    print("kinds:", ", ".join(change.kinds))
    print(
        f"quotes +{len(change.quotes['added'])} -{len(change.quotes['removed'])} "
        f"~{len(change.quotes['altered'])}; minor edits {len(change.minor_edits)}"
    )
    for name, other in worst.items():
        runs = []
        for _ in range(max(5, args.runs // 5)):
            canonical.cache_clear()
            t0 = time.perf_counter()
            analyse(old, other, 1, 2, today=date(2025, 3, 29))
            runs.append((time.perf_counter() - t0) * 1000)
        print(f"worst case, {name}: median {statistics.median(runs):.1f} ms over {len(runs)} runs")


if __name__ == "__main__":
    main()
