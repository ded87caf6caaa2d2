"""Extractor comparison: watcher's own, trafilatura and readability-lxml on bench/corpus/.

usage: .venv/bin/python bench/extractors.py [--runs N] [--verbose]

Each corpus page ``NAME.html`` has ``NAME.json`` with the gold body paragraphs and the chrome
strings that must not reach the body (ads, related links, captions, comments, newsletter
boxes...). For every extractor and page it measures:

* paragraph precision / recall / F1 against the gold paragraphs (a paragraph matches when its
  normalised text equals a gold paragraph or is at least 90% similar to it; one-to-one);
* chrome leakage: how many of the page's chrome strings appear anywhere in the output;
* time: milliseconds per page (median over runs).

The pages were written for this benchmark (invented stories, layouts modelled on common CMS
patterns); see bench/corpus/README.md.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
import unicodedata
from collections.abc import Callable
from difflib import SequenceMatcher
from pathlib import Path

from lxml import html as lhtml

CORPUS = Path(__file__).resolve().parent / "corpus"
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "div", "td", "dd", "section"}


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).translate(_QUOTES)).strip().casefold()


def html_paragraphs(fragment: str) -> list[str]:
    """Leaf blocks of an HTML fragment as paragraphs (``<br>`` runs split a block)."""
    if not fragment.strip():
        return []
    root = lhtml.fragment_fromstring(fragment, create_parent="div")
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    out: list[str] = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag not in _BLOCKS:
            continue
        if any(isinstance(d.tag, str) and d.tag in _BLOCKS for d in el.iterdescendants()):
            continue
        out.extend(part.strip() for part in el.text_content().split("\n") if part.strip())
    return out


def ours(page: str) -> list[str]:
    from watcher.extract import extract

    return list(extract(page).paragraphs)


def trafilatura_(page: str) -> list[str]:
    import trafilatura

    text = trafilatura.extract(page, include_comments=False, include_tables=True) or ""
    return [line.strip() for line in text.split("\n") if line.strip()]


def readability_(page: str) -> list[str]:
    from readability import Document

    return html_paragraphs(Document(page).summary(html_partial=True))


EXTRACTORS: dict[str, Callable[[str], list[str]]] = {
    "watcher": ours,
    "trafilatura": trafilatura_,
    "readability-lxml": readability_,
}


def score(got: list[str], gold: list[str]) -> tuple[float, float, float]:
    g = [norm(x) for x in gold]
    o = [norm(x) for x in got]
    used: set[int] = set()
    matched = 0
    for text in o:
        for i, ref in enumerate(g):
            if i in used:
                continue
            if text == ref or (
                0.8 < len(text) / max(len(ref), 1) < 1.25 and SequenceMatcher(None, text, ref).ratio() >= 0.9
            ):
                used.add(i)
                matched += 1
                break
    precision = matched / len(o) if o else 0.0
    recall = matched / len(g) if g else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def leaks(got: list[str], chrome: list[str]) -> list[str]:
    text = norm(" ".join(got))
    return [c for c in chrome if norm(c) in text]


Row = tuple[str, float, float, float, str, str, float]


def measure(pages: list[Path], runs: int, verbose: bool) -> list[Row]:
    rows: list[Row] = []
    for name, fn in EXTRACTORS.items():
        ps, rs, fs, times = [], [], [], []
        leaked_pages = leaked_strings = chrome_total = 0
        for path in pages:
            page = path.read_text(encoding="utf-8")
            spec = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
            got = fn(page)  # warm-up, and the output that is scored
            for _ in range(runs):
                t0 = time.perf_counter()
                fn(page)
                times.append((time.perf_counter() - t0) * 1000)
            p, r, f = score(got, spec["paragraphs"])
            bad = leaks(got, spec["chrome"])
            ps.append(p)
            rs.append(r)
            fs.append(f)
            chrome_total += len(spec["chrome"])
            leaked_strings += len(bad)
            leaked_pages += bool(bad)
            if verbose:
                print(f"  {name:17} {path.stem:24} P={p:.2f} R={r:.2f} F1={f:.2f} leaks={bad}")
        rows.append(
            (
                name,
                statistics.mean(ps),
                statistics.mean(rs),
                statistics.mean(fs),
                f"{leaked_pages}/{len(pages)}",
                f"{leaked_strings}/{chrome_total}",
                statistics.median(times),
            )
        )
    return rows


def table(title: str, rows: list[Row]) -> None:
    print(f"\n{title}\n")
    print(
        "| extractor | precision | recall | F1 | pages leaking chrome | chrome strings leaked "
        "| median ms/page |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, p, r, f, lp, ls, ms in rows:
        print(f"| {name} | {p:.3f} | {r:.3f} | {f:.3f} | {lp} | {ls} | {ms:.2f} |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--verbose", action="store_true", help="per-page figures and leaked strings")
    args = ap.parse_args()
    pages = sorted(CORPUS.glob("*.html"))
    specs = {p: json.loads(p.with_suffix(".json").read_text(encoding="utf-8")) for p in pages}
    held_out = [p for p in pages if specs[p].get("held_out")]
    print(f"corpus: {len(pages)} pages ({len(held_out)} held out); timing runs per page: {args.runs}")
    table(f"All {len(pages)} pages", measure(pages, args.runs, args.verbose))
    table(
        f"Held-out {len(held_out)} pages (written after watcher's extractor was tuned on the others)",
        measure(held_out, args.runs, False),
    )


if __name__ == "__main__":
    main()
