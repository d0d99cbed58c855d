"""Lighthouse over the landing page and every chapter page of both editions, served with gzip.

``nox -s bench-site`` runs it after building the book. The English pages are measured at the site's root,
the Chinese ones under ``zh-cn/`` (the table's ``lang`` column); a language whose edition is not built
is skipped. Lighthouse 12 (npm, ``docs/package.json``'s
development dependencies) drives Debian's Chromium with its mobile preset and simulated slow 4G, the
setting the site's performance targets are stated in. The scores vary from run to run, so this is a
benchmark, never a test: each page is measured ``--runs`` times and the run with the median performance
score is reported, with the audits that explain it (script evaluation, long tasks, render-blocking
resources, the largest paint's element). Prints a table and writes ``benchmarks/results/site.json``,
``site.md`` (the table, under a line that says when, at which commit and on what machine it was
measured; commit it to publish a run) and each median run's full report under
``benchmarks/results/lighthouse/``.

    python benchmarks/bench_site.py [--site docs/_build/html] [--runs 3] [--languages en zh-cn]
                                    [--pages index.html ...]
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
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs"))
import editions
from gzip_server import GzipServer
from provenance import provenance

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
LANGUAGES = editions.SITE_FOLDERS  # where each edition lives in the built site ("" is the root)


def default_pages(site: Path) -> list[str]:
    """The landing page, then every chapter page in file-name order (relative to one edition)."""
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
        # Lighthouse's measure of the machine's speed at that moment (its mobile preset assumes >= 1000).
        "benchmark_index": round(report["environment"]["benchmarkIndex"]),
        **diagnosis(audits),
    }


def _items(audit: dict) -> list[dict]:
    return (audit.get("details") or {}).get("items") or []


def _failed(audit: dict) -> bool:
    return audit.get("scoreDisplayMode") == "error"


def diagnosis(audits: dict) -> dict[str, float | str]:
    """Return what the score does not say: where the main thread's time went, what held up the paint.

    Lighthouse 12.2.3 cannot read the screenshots in a trace of Chromium 156 ("Cannot read properties of
    undefined (reading 'frame_sequence')"), and the audits that need them (render-blocking resources,
    the largest paint's element) then fail: they are reported as "audit failed", not as "none".
    """
    bootup = audits.get("bootup-time", {})
    scripting = sum(item.get("scripting", 0) for item in _items(bootup))  # ms, on the simulated phone
    long_tasks = _items(audits.get("long-tasks", {}))
    blocking_audit = audits.get("render-blocking-resources", {})
    blocking = " ".join(item.get("url", "").rsplit("/", 1)[-1] for item in _items(blocking_audit))
    lcp_audit = audits.get("largest-contentful-paint-element", {})
    element = ""
    for table in _items(lcp_audit)[:1]:  # a list of tables; the first holds the element's node
        node = (_items(table) or [{}])[0].get("node", {})
        element = node.get("selector", "") or node.get("snippet", "")
    return {
        "script_ms": round(scripting),
        "long_tasks": len(long_tasks),
        "longest_task_ms": round(max((item.get("duration", 0) for item in long_tasks), default=0)),
        "render_blocking": "audit failed" if _failed(blocking_audit) else blocking,
        "lcp_element": "audit failed" if _failed(lcp_audit) else element,
    }


def measure(url: str, runs: int, folder: Path, keep: Path | None = None) -> dict[str, float]:
    """Measure ``url`` ``runs`` times; return the run whose performance score is the median.

    ``keep``, if given, receives that run's full Lighthouse report.
    """
    reports = [lighthouse(url, folder / f"run{run}.json") for run in range(runs)]
    results = [summary(report) for report in reports]
    median = statistics.median_low(result["performance"] for result in results)
    chosen = next(i for i, result in enumerate(results) if result["performance"] == median)
    if keep is not None:
        keep.parent.mkdir(parents=True, exist_ok=True)
        keep.write_text(json.dumps(reports[chosen]), encoding="utf-8")
    return results[chosen]


def table(rows: dict[str, dict[str, float]]) -> str:
    """A Markdown table of the measurements, one row a page."""
    lines = [
        "| lang | page | performance | accessibility | LCP (s) | CLS | TBT (ms) | script (ms) "
        "| transfer (KiB, gzip) | requests |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key, row in rows.items():
        language, page = key.split(":", 1)
        lines.append(
            f"| {language} | {page.removesuffix('.html')} | {row['performance']} | {row['accessibility']} "
            f"| {row['lcp_s']:.1f} | {row['cls']:.3f} | {row['tbt_ms']:.0f} | {row.get('script_ms', 0):.0f} "
            f"| {row['transfer_kib']:.0f} | {row['requests']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=SITE, help="the built site (docs/_build/html)")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median reported)")
    parser.add_argument(
        "--languages", nargs="*", default=list(LANGUAGES), choices=list(LANGUAGES), help="editions to measure"
    )
    parser.add_argument(
        "--pages", nargs="*", help="pages relative to an edition (default: landing, chapter pages)"
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="where site.json and site.md go")
    args = parser.parse_args()
    if not (args.site / "index.html").is_file():
        sys.exit(f"no built site at {args.site}: run nox -s docs")
    if not LIGHTHOUSE.is_file():
        sys.exit(f"Lighthouse is not installed at {LIGHTHOUSE}: npm ci --prefix docs")
    pages = args.pages or default_pages(args.site)
    rows = {}
    with GzipServer(args.site) as server, tempfile.TemporaryDirectory() as scratch:
        for language in args.languages:
            prefix = LANGUAGES[language]
            if not (args.site / prefix / "index.html").is_file():
                print(f"{language}: no edition at {args.site / prefix}, skipped", flush=True)
                continue
            for page in pages:
                name = page.replace("/", "__").replace(".html", ".json")
                keep = args.output / "lighthouse" / language / name
                url = server.url + prefix + page
                row = rows[f"{language}:{page}"] = measure(url, args.runs, Path(scratch), keep)
                print(f"{language} {page}: performance {row['performance']}, ", end="")
                print(f"LCP {row['lcp_s']:.1f} s, CPU benchmark index {row['benchmark_index']}, ", end="")
                print(
                    f"CLS {row['cls']:.3f}, TBT {row['tbt_ms']:.0f} ms (script {row['script_ms']} ms, "
                    f"{row['long_tasks']} long tasks, longest {row['longest_task_ms']} ms), "
                    f"{row['transfer_kib']:.0f} KiB; LCP element {row['lcp_element']!r}; "
                    f"render-blocking: {row['render_blocking'] or 'none'}",
                    flush=True,
                )
    text = table(rows)
    print(text)
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "site.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    how = (
        "Lighthouse 12 mobile preset, simulated slow 4G, served with gzip; each row is the median run of "
        f"{args.runs} by performance score."
    )
    (args.output / "site.md").write_text(f"{provenance(how)}\n\n{text}\n", encoding="utf-8")


if __name__ == "__main__":
    main()
