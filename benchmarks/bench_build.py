"""Measure how fast the book builds, against what its code costs to run, in one run on this machine.

Everything happens in a throw-away copy of the repository under a temporary folder, so the working tree
is never touched. The phases, in the order they run:

1. ``kernel``: one notebook kernel start-up, bare and with ``import convdocs`` (what every executed
   chapter page pays before its first cell);
2. ``floor``: every gallery script and every chapter page's code cells run once in ONE process, figures
   and animations rendered as the build renders them (``benchmarks/floor_worker.py``): the least any
   build that executes them can cost;
3. ``examples``: each gallery script in its own process: wall time and peak memory;
4. ``no_exec``: a build that executes nothing (``editions.NO_EXECUTION``: gallery off, notebook
   execution off), without ``-W`` since pages then miss the figures and glued values that execution makes;
5. ``cold``: a strict build from an empty build folder, gallery folder and execution cache;
   then ``chinese``: the Simplified Chinese edition after it, which must execute nothing;
6. ``noop``: the same build again, with nothing changed;
7. ``edit_page_prose``, ``edit_page_code``, ``edit_script``: rebuilds after appending a comment to a
   chapter page's prose, to a chapter page's last code cell, and to a gallery script.

Every build is the one ``docs/editions.py`` defines (arguments, environment, log patterns), pointed at
the copy. It prints its tables and writes them to ``benchmarks/results/build.md``, under a line that says
when, at which commit and on what machine they were measured (commit the file to publish a run), and
everything it measured to ``build.json`` (not committed); ``--output`` names another folder.
Run it with ``nox -s bench``, or with any Python that has the docs dependencies::

    python benchmarks/bench_build.py [--output FOLDER] [--keep] [--builds chinese]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs"))
sys.path.insert(0, str(ROOT / "benchmarks"))
import editions  # noqa: E402  the build, defined once
from provenance import provenance  # noqa: E402

__all__ = ["main"]

RESULTS = ROOT / "benchmarks" / "results"
FLOOR_WORKER = Path(__file__).resolve().parent / "floor_worker.py"
SKIP = (".git", ".nox", "node_modules", "_build", "__pycache__", ".hypothesis", ".pytest_cache")
SKIP += (".ruff_cache", ".jupyter_cache", ".ipynb_checkpoints", "results", "*.egg-info")
TRAINING_EXAMPLES = ("plot_10_learned_feature_maps",)
EXAMPLE_LIMIT_S, TRAINING_LIMIT_S, MEMORY_LIMIT_MB = 10.0, 30.0, 2048.0
THREAD_VARIABLES = tuple(name for name in editions.ENV if name.endswith("_NUM_THREADS"))
TCP_WARNING = "Kernel is running over TCP without encryption"


@dataclass
class Run:
    """One timed process: its wall time, peak resident memory and what the log says it did."""

    name: str
    seconds: float
    peak_mb: float
    returncode: int
    cpu_seconds: float = 0.0
    notes: str = ""
    gallery_executed: int | None = None
    notebooks_executed: list[str] = field(default_factory=list)
    notebook_seconds: dict[str, float] = field(default_factory=dict)
    docs_read: list[str] = field(default_factory=list)
    warnings: int = 0
    tcp_warnings: int = 0


def timed(command: list[str], cwd: Path, env: dict[str, str], log: Path) -> tuple[float, float, float, int]:
    """Run ``command`` with its output in ``log``; return wall and CPU seconds, peak RSS (MB), exit code.

    CPU seconds (user + system) and the peak (``ru_maxrss``) are those ``wait4`` reports: of the child
    and of every descendant it waited for (notebook kernels, gallery workers). On a machine that other
    work loads, wall times grow and CPU times much less: compare builds by both.
    """
    with log.open("w") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024, process.returncode


def make_copy(destination: Path) -> Path:
    """Copy the repository's sources (no git, builds, caches or virtualenvs) to ``destination``."""
    shutil.copytree(ROOT, destination, ignore=shutil.ignore_patterns(*SKIP), symlinks=True)
    (destination / "benchmarks" / "results").mkdir()
    for table in RESULTS.glob("*.md"):  # the published tables, which docs/measurements.md shows
        shutil.copy2(table, destination / "benchmarks" / "results")
    node_modules = ROOT / "docs" / "node_modules"
    if node_modules.is_dir():
        (destination / "docs" / "node_modules").symlink_to(node_modules, target_is_directory=True)
    return destination


def clean(copy: Path) -> None:
    """Remove the site, the rendered gallery and the execution cache from ``copy``, as ``nox -s clean``."""
    editions.clean(copy / "docs")


def build_env(copy: Path) -> dict[str, str]:
    """The environment of every child: the build's (``editions.ENV``), and the copy's convdocs first."""
    path = os.pathsep.join(filter(None, [str(copy), os.environ.get("PYTHONPATH", "")]))
    return editions.environment(PYTHONPATH=path)


def sphinx_build(copy: Path, name: str, logs: Path, *, language: str = "en", draft: bool = False) -> Run:
    """Build one edition of the book in ``copy`` as ``nox -s docs`` does, and read its log.

    It runs the copy's ``docs/editions.py --language LANGUAGE``: the strict build, or with ``draft`` the
    one that executes nothing and is not strict (``editions.NO_EXECUTION``).
    """
    command = [sys.executable, str(copy / "docs" / "editions.py"), "--language", language]
    command += ["--draft"] if draft else []
    log = logs / f"{name}.log"
    seconds, cpu, peak, code = timed(command, copy, build_env(copy), log)
    text = log.read_text(errors="replace")
    gallery_executed, notebooks_executed = editions.executions(text)
    warnings = len(editions.WARNING_LINE.findall(text))
    return Run(
        name=name,
        seconds=seconds,
        peak_mb=peak,
        returncode=code,
        cpu_seconds=cpu,
        notes=("not strict (no -W)" if draft else "strict") + f", {warnings} warnings",
        gallery_executed=gallery_executed,
        notebooks_executed=notebooks_executed,
        notebook_seconds={
            Path(m["path"]).stem: float(m["s"]) for m in editions.NOTEBOOK_EXECUTED.finditer(text)
        },
        docs_read=editions.READING.findall(text),
        warnings=warnings,
        tcp_warnings=text.count(TCP_WARNING),
    )


def append_to_prose(page: Path) -> None:
    """Append an HTML comment to a page: its text changes, its code cells do not."""
    page.write_text(page.read_text() + "\n<!-- benchmark: prose edit -->\n")


def append_to_last_code_cell(page: Path) -> None:
    """Append a comment line to a page's last ``{code-cell}``, which changes that cell's source."""
    text = page.read_text()
    start = text.rindex("```{code-cell}")
    end = text.index("\n```", start)
    page.write_text(text[:end] + "\n# benchmark: code edit" + text[end:])


def append_to_script(script: Path) -> None:
    """Append a comment line to a gallery script."""
    script.write_text(script.read_text() + "\n# benchmark: script edit\n")


def kernel_startup(repeats: int = 3) -> dict[str, float]:
    """Median seconds to execute a one-cell notebook in a new kernel: ``pass`` and ``import convdocs``."""
    import nbclient
    import nbformat

    def once(source: str) -> float:
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
        notebook.metadata["kernelspec"] = {"name": "python3", "language": "python"}
        start = time.perf_counter()
        nbclient.NotebookClient(notebook, timeout=120).execute()
        return time.perf_counter() - start

    return {
        "bare": statistics.median(once("pass") for _ in range(repeats)),
        "import_convdocs": statistics.median(once("import convdocs") for _ in range(repeats)),
    }


def run_floor(copy: Path, logs: Path) -> tuple[Run, dict[str, Any]]:
    """Time ``benchmarks/floor_worker.py`` in a fresh process."""
    output = logs / "floor.json"
    command = [sys.executable, str(FLOOR_WORKER), str(copy), str(output)]
    seconds, cpu, peak, code = timed(command, copy, build_env(copy), logs / "floor.log")
    details = json.loads(output.read_text()) if output.exists() else {"timings": {}, "errors": {}}
    notes = f"errors: {sorted(details['errors'])}" if details["errors"] else ""
    return Run("floor", seconds, peak, code, cpu, notes=notes), details


def run_examples(copy: Path, logs: Path) -> list[Run]:
    """Run each gallery script in its own process, as ``python plot_NN_....py`` from the gallery folder."""
    runs = []
    for script in sorted((copy / "gallery").glob("plot_*.py")):
        command = [sys.executable, script.name]
        seconds, cpu, peak, code = timed(command, script.parent, build_env(copy), logs / f"{script.stem}.log")
        runs.append(Run(script.stem, seconds, peak, code, cpu))
    return runs


def load() -> list[float]:
    """The 1-, 5- and 15-minute load averages."""
    return [round(value, 2) for value in os.getloadavg()]


def torch_threads(copy: Path) -> int:
    """How many intra-op threads torch uses in a child process with our environment."""
    command = [sys.executable, "-c", "import torch; print(torch.get_num_threads())"]
    result = subprocess.run(command, env=build_env(copy), capture_output=True, text=True, check=True)
    return int(result.stdout.strip())


def target(name: str, measured: float, limit: float, unit: str = "x", exact: bool = False) -> dict[str, Any]:
    """A target as JSON: measured value, limit (a maximum, or the one value allowed) and whether it is met."""
    met = measured == limit if exact else measured <= limit
    return {"target": name, "measured": round(measured, 3), "limit": limit, "unit": unit, "met": met}


def evaluate(phases: dict[str, Run], examples: list[Run], page: str) -> list[dict[str, Any]]:
    """Compare the measurements with the issue's targets (those whose phases ran)."""

    def executed(run: Run) -> int:
        return run.gallery_executed + len(run.notebooks_executed)

    targets = []
    if {"floor", "no_exec", "cold"} <= phases.keys():
        floor, no_exec, cold = phases["floor"], phases["no_exec"], phases["cold"]
        targets.append(
            target("cold / (floor + no_exec)", cold.seconds / (floor.seconds + no_exec.seconds), 1.3)
        )
    if {"no_exec", "chinese"} <= phases.keys():
        chinese, no_exec = phases["chinese"], phases["no_exec"]
        targets.append(target("chinese / no_exec", chinese.seconds / no_exec.seconds, 1.2))
        targets.append(target("chinese / no_exec, CPU time", chinese.cpu_seconds / no_exec.cpu_seconds, 1.2))
        targets.append(target("chinese edition: executions", executed(chinese), 0, "runs"))
    if {"no_exec", "noop"} <= phases.keys():
        noop = phases["noop"]
        targets.append(target("noop / no_exec", noop.seconds / phases["no_exec"].seconds, 1.2))
        targets.append(target("noop executions", executed(noop), 0, "runs"))
    if "edit_page_prose" in phases:
        targets.append(target("prose edit: executions", executed(phases["edit_page_prose"]), 0, "runs"))
    if "edit_page_code" in phases:
        code = phases["edit_page_code"]
        others = code.gallery_executed + len([n for n in code.notebooks_executed if n != page])
        targets.append(target("code edit: other pages or scripts run", others, 0, "runs"))
        edited_page = code.notebooks_executed.count(page)
        targets.append(target("code edit: edited page executed", edited_page, 1, "runs", exact=True))
    if "edit_script" in phases:
        edited = phases["edit_script"]
        others = len(edited.notebooks_executed) + max(edited.gallery_executed - 1, 0)
        targets.append(target("script edit: other scripts or pages run", others, 0, "runs"))
        targets.append(
            target("script edit: scripts executed", edited.gallery_executed, 1, "runs", exact=True)
        )
    for run in examples:
        limit = TRAINING_LIMIT_S if run.name in TRAINING_EXAMPLES else EXAMPLE_LIMIT_S
        targets.append(target(f"{run.name} seconds", run.seconds, limit, "s"))
    peak = max(run.peak_mb for run in [*examples, *phases.values()])
    targets.append(target("peak memory, any process", peak, MEMORY_LIMIT_MB, "MB"))
    return targets


def table(phases: dict[str, Run], examples: list[Run], targets: list[dict[str, Any]]) -> str:
    """The results as Markdown tables: the builds, each example in its own process, the targets."""
    lines = [
        "| phase | seconds | CPU s | peak MB | exit | gallery scripts run | pages run | notes |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for run in phases.values():
        gallery = "" if run.gallery_executed is None else str(run.gallery_executed)
        notebooks = str(len(run.notebooks_executed)) if run.name not in ("floor", "kernel") else ""
        lines.append(
            f"| {run.name} | {run.seconds:.1f} | {run.cpu_seconds:.1f} | {run.peak_mb:.0f} | {run.returncode}"
            f" | {gallery} | {notebooks} | {run.notes} |"
        )
    if examples:
        lines += ["", "| example (own process) | seconds | peak MB | exit |", "|---|---:|---:|---:|"]
        lines += [f"| {r.name} | {r.seconds:.1f} | {r.peak_mb:.0f} | {r.returncode} |" for r in examples]
    lines += ["", "| target | measured | limit | met |", "|---|---:|---:|---|"]
    for t in targets:
        lines.append(f"| {t['target']} | {t['measured']} | {t['limit']} | {'yes' if t['met'] else 'NO'} |")
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=RESULTS, help="where build.json and build.md go")
    parser.add_argument("--page", default="opening", help="chapter page to edit (docs/chapter/PAGE.md)")
    parser.add_argument("--script", default="plot_01_count_parameters", help="gallery script to edit")
    parser.add_argument("--keep", action="store_true", help="keep the throw-away copy and its logs")
    parser.add_argument(
        "--builds",
        choices=["all", "chinese"],
        default="all",
        help="'chinese': only no_exec, cold and chinese, what the Chinese edition's target needs",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run every phase, print the table, write the JSON; exit 0 even when a target is missed."""
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="convdocs-bench-"))
    copy, logs = make_copy(workdir / "repo"), workdir / "logs"
    logs.mkdir()
    phases: dict[str, Run] = {}
    loads: dict[str, list[float]] = {"start": load()}
    started = time.perf_counter()
    kernel: dict[str, float] = {}
    floor_details: dict[str, Any] = {"timings": {}, "errors": {}}
    examples: list[Run] = []
    everything = args.builds == "all"
    try:
        if everything:
            kernel = kernel_startup()
            phases["floor"], floor_details = run_floor(copy, logs)
            loads["floor"] = load()
            examples = run_examples(copy, logs)
            loads["examples"] = load()
        clean(copy)
        phases["no_exec"] = sphinx_build(copy, "no_exec", logs, draft=True)
        clean(copy)
        phases["cold"] = sphinx_build(copy, "cold", logs)
        loads["cold"] = load()
        phases["chinese"] = sphinx_build(copy, "chinese", logs, language="zh_CN")
        if everything:
            phases["noop"] = sphinx_build(copy, "noop", logs)
            append_to_prose(copy / "docs" / "chapter" / f"{args.page}.md")
            phases["edit_page_prose"] = sphinx_build(copy, "edit_page_prose", logs)
            append_to_last_code_cell(copy / "docs" / "chapter" / f"{args.page}.md")
            phases["edit_page_code"] = sphinx_build(copy, "edit_page_code", logs)
            append_to_script(copy / "gallery" / f"{args.script}.py")
            phases["edit_script"] = sphinx_build(copy, "edit_script", logs)
        loads["end"] = load()
        threads = torch_threads(copy)
    finally:
        if args.keep:
            print(f"copy and logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    targets = evaluate(phases, examples, args.page)
    cold = phases["cold"]
    overhead = kernel.get("import_convdocs", 0.0) - floor_details["timings"].get("imports", 0.0)
    result = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "torch_threads_in_children": threads,
            **{name: build_env(copy).get(name) for name in THREAD_VARIABLES},
            "load_averages": loads,
        },
        "settings": {
            "builds": args.builds,
            "edited_page": args.page,
            "edited_script": args.script,
        },
        "total_seconds": round(time.perf_counter() - started, 1),
        "kernel_startup_seconds": {k: round(v, 2) for k, v in kernel.items()},
        "kernel_overhead_in_cold_build_seconds": round(overhead * len(cold.notebooks_executed), 1),
        "floor_seconds_by_unit": {k: round(v, 2) for k, v in floor_details["timings"].items()},
        "floor_errors": floor_details["errors"],
        "phases": {name: asdict(run) for name, run in phases.items()},
        "examples": [asdict(run) for run in examples],
        "targets": targets,
    }
    text = table(phases, examples, targets)
    how = "each build is docs/editions.py, as `nox -s docs` runs it, in a throw-away copy."
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "build.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (args.output / "build.md").write_text(f"{provenance(how)}\n\n{text}\n", encoding="utf-8")
    print(text)
    if kernel:
        print(
            f"\nkernel start-up: {kernel['bare']:.1f} s bare,"
            f" {kernel['import_convdocs']:.1f} s with import convdocs;"
            f" {len(cold.notebooks_executed)} pages executed in the cold build"
            f" -> about {result['kernel_overhead_in_cold_build_seconds']} s of start-ups"
            " the floor does not pay"
        )
    print(f"load averages: {loads}\nwritten to {args.output / 'build.md'} and build.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
