"""Lighthouse over the landing page and every chapter page, served with gzip as the hosts serve them.

``nox -s bench-site`` runs it after building the book. Lighthouse 12 (npm, ``docs/package.json``'s
development dependencies) drives Debian's Chromium with its mobile preset and simulated slow 4G, the
setting the site's performance targets are stated in. The scores vary from run to run, so this is a
benchmark, never a test: each page is measured ``--runs`` times and the run with the median performance
score is reported. Prints a table and writes ``benchmarks/results/site.json`` and ``site.md``.

    python benchmarks/bench_site.py [--site docs/_build/html] [--runs 3] [--pages index.html ...]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from gzip_server import GzipServer

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "docs" / "_build" / "html"
LIGHTHOUSE = ROOT / "docs" / "node_modules" / "lighthouse" / "cli" / "index.js"
RESULTS = ROOT / "benchmarks" / "results"
CHROMIUM = os.environ.get("CONVDOCS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = (
    "--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
    "--disable-component-update --disable-sync"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def default_pages(site: Path) -> list[str]:
    """The landing page, then every chapter page in file-name order."""
    return ["index.html", *sorted(p.relative_to(site).as_posix() for p in site.glob("chapter/*.html"))]


def lighthouse(url: str, output: Path) -> dict:
    """Run Lighthouse once on ``url`` (mobile preset, simulated throttling) and return its JSON report."""
    command = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={output}",
        f"--chrome-flags={CHROMIUM_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--quiet",
    ]
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    return json.loads(output.read_text(encoding="utf-8"))


def summary(report: dict) -> dict[str, float]:
    """The numbers the table shows, from one Lighthouse report."""
    audits, categories = report["audits"], report["categories"]
    return {
        **{name: round(100 * (categories[name]["score"] or 0)) for name in CATEGORIES},
        "fcp_s": audits["first-contentful-paint"]["numericValue"] / 1000,
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "transfer_kib": audits["total-byte-weight"]["numericValue"] / 1024,
        "requests": len(audits["network-requests"]["details"]["items"]),
    }


def measure(url: str, runs: int, folder: Path) -> dict[str, float]:
    """Measure ``url`` ``runs`` times; return the run whose performance score is the median."""
    results = [summary(lighthouse(url, folder / f"run{run}.json")) for run in range(runs)]
    median = statistics.median_low(result["performance"] for result in results)
    return next(result for result in results if result["performance"] == median)


def table(rows: dict[str, dict[str, float]]) -> str:
    """A Markdown table of the measurements, one row a page."""
    lines = [
        "| page | performance | accessibility | LCP (s) | CLS | TBT (ms) | transfer (KiB, gzip) | requests |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for page, row in rows.items():
        lines.append(
            f"| {page.removesuffix('.html')} | {row['performance']} | {row['accessibility']} "
            f"| {row['lcp_s']:.1f} | {row['cls']:.3f} | {row['tbt_ms']:.0f} | {row['transfer_kib']:.0f} "
            f"| {row['requests']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=SITE, help="the built site (docs/_build/html)")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median reported)")
    parser.add_argument("--pages", nargs="*", help="pages relative to the site (default: landing, chapter)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where site.json and site.md go")
    args = parser.parse_args()
    if not (args.site / "index.html").is_file():
        sys.exit(f"no built site at {args.site}: run nox -s docs")
    if not LIGHTHOUSE.is_file():
        sys.exit(f"Lighthouse is not installed at {LIGHTHOUSE}: npm ci --prefix docs")
    pages = args.pages or default_pages(args.site)
    rows = {}
    with GzipServer(args.site) as server, tempfile.TemporaryDirectory() as scratch:
        for page in pages:
            rows[page] = measure(server.url + page, args.runs, Path(scratch))
            row = rows[page]
            print(f"{page}: performance {row['performance']}, LCP {row['lcp_s']:.1f} s, ", end="")
            print(
                f"CLS {row['cls']:.3f}, TBT {row['tbt_ms']:.0f} ms, {row['transfer_kib']:.0f} KiB", flush=True
            )
    text = table(rows)
    print(text)
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "site.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    (args.output / "site.md").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
