"""Extraction speed: ``extract()`` over N generated bench pages (bench/pages.py) in one loop,
best of R passes, printed as milliseconds a page. In-process, no network.

    .venv/bin/python bench/extract_speed.py            # 300 pages, best of 5
    .venv/bin/python bench/extract_speed.py --n 1000 --repeat 3
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import pages

import watcher
from watcher.extract import EXTRACTOR, extract


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300, help="pages (default 300)")
    ap.add_argument("--repeat", type=int, default=5, help="passes; the best is shown (default 5)")
    args = ap.parse_args(argv)
    site = pages.Site.generate(args.n)
    htmls = [site.page(i) for i in range(args.n)]
    for html in htmls[:20]:
        extract(html)  # (warm caches and lazy imports)
    best = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        for html in htmls:
            extract(html, "http://127.0.0.1/article")
        best = min(best, (time.perf_counter() - start) / len(htmls))
    print(
        f"extract(): {best * 1000:.3f} ms a page over {args.n} pages, best of {args.repeat} "
        f"(extractor release {EXTRACTOR}, {Path(watcher.__file__).parent})"
    )


if __name__ == "__main__":
    main()
