"""Execute the chapter pages that need it several at a time, and while the gallery runs.

myst-nb executes a notebook page while Sphinx reads it, one page after another, each in a kernel of its
own, and only after sphinx-gallery has run every example; neither it nor jupyter-cache executes pages in
parallel under plain ``sphinx-build`` (upstream: executablebooks/jupyter-cache#37, "Add parallel
execution implementation", open; jupyter-book/jupyter-book#1735). With ``nb_execution_mode = "cache"``
this extension starts the new or changed pages whose code cells miss myst-nb's cache as soon as the
builder is ready, ``convdocs_notebook_workers`` kernels at a time, so that they fill the cores the gallery
leaves idle. Each kernel runs its share of the pages one after another, clearing the namespace between
them, so torch is imported once a kernel rather than once a page (kernel start-up was most of the gap to
the floor); just before reading, it adds them to the cache, where myst-nb then finds them, and runs any
other page about to be read that still misses the cache. A page that fails stays out of the cache:
myst-nb runs it again while reading it and reports the error with the page's name, as it does without
this extension. Pages that set their own execution options in their metadata, or that
``nb_execution_excludepatterns`` excludes, are left to myst-nb, and so is everything under
``sphinx-build -j``, whose parallel readers execute the pages themselves. List it before
``sphinx_gallery.gen_gallery`` in ``extensions``, so that its start comes before the gallery's.

The kernels it starts get CurveZMQ keys (``transport_encryption="auto"`` on their ``KernelManager``; the
ipykernel kernelspec declares support for them), which encrypts their local sockets and ends ipykernel's
"running over TCP without encryption" warning (jupyter/jupyter_client#1110, ipython/ipykernel#1515).
Kernels that myst-nb starts itself (a page that failed here) keep jupyter_client's default.

It relies on myst-nb's and jupyter-cache's internals (the notebook reader, the cache's records and
bundles, ``single_nb_execution``): ``REQUIREMENTS`` bounds the versions it was written against, the
same bounds as ``pyproject.toml``'s docs group, and ``setup`` refuses others with a clear message.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath
from typing import Any

import nbformat
import zmq
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import ExecutionResult, single_nb_execution
from jupyter_client.manager import KernelManager
from myst_nb.core.read import create_nb_reader
from packaging.specifiers import SpecifierSet
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError, ExtensionError
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
# The versions of the packages whose internals this extension uses that it was written against; the docs
# group of pyproject.toml states the same bounds (tests/test_ext.py checks that they agree).
REQUIREMENTS = {
    "myst-nb": ">=1.2,<1.5",
    "jupyter-cache": ">=1.0,<1.1",
    "jupyter-client": ">=8.0,<9",
}
Page = tuple[Path, Any, Any]
# Executions started while the gallery runs, by application, collected before the pages are read.
RUNNING: dict[Sphinx, tuple[ThreadPoolExecutor, list[tuple[list[Page], Future[list[ExecutionResult]]]]]] = {}


def pages_to_execute(env: BuildEnvironment, docnames: Iterable[str]) -> list[Page]:
    """List the pages among ``docnames`` that myst-nb would execute: (path, notebook, read format)."""
    config = env.mystnb_config
    cache = get_cache(config.execution_cache_path)
    pending = []
    for docname in sorted(docnames):
        path = Path(env.doc2path(docname))
        text = path.read_text(encoding="utf-8")
        reader = create_nb_reader(str(path), env.myst_config, config, text)
        excluded = any(PurePosixPath(path.as_posix()).match(p) for p in config.execution_excludepatterns)
        if reader is None or excluded:
            continue
        notebook = reader.read(text)
        if config.metadata_key in notebook.metadata:
            continue
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            pending.append((path, notebook, reader.read_fmt))
    return pending


def modified_microseconds(path: Path) -> int:
    """Return a file's modification time in microseconds, rounded up, as Sphinx records read times."""
    return -(-path.stat().st_mtime_ns // 1000)


def unsupported_versions(installed: dict[str, str | None]) -> list[str]:
    """Describe each package of ``installed`` (name -> version, None if missing) outside ``REQUIREMENTS``.

    >>> unsupported_versions({"myst-nb": "1.4.0", "jupyter-cache": "1.0.1", "jupyter-client": "8.10.0"})
    []
    >>> unsupported_versions({"myst-nb": "1.5.0", "jupyter-cache": None, "jupyter-client": "8.10.0"})
    ['myst-nb 1.5.0 (needs >=1.2,<1.5)', 'jupyter-cache not installed (needs >=1.0,<1.1)']
    """
    problems = []
    for name, required in REQUIREMENTS.items():
        found = installed.get(name)
        if found is None:
            problems.append(f"{name} not installed (needs {required})")
        elif found not in SpecifierSet(required):
            problems.append(f"{name} {found} (needs {required})")
    return problems


def installed_versions() -> dict[str, str | None]:
    """Return the installed version of each package of ``REQUIREMENTS``, None for a missing one."""
    found: dict[str, str | None] = {}
    for name in REQUIREMENTS:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = None
    return found


def check_workers(app: Sphinx, config: Any) -> None:
    """Refuse a ``convdocs_notebook_workers`` that is not a whole number of kernels, one or more."""
    workers = config.convdocs_notebook_workers
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ConfigError(
            f"convdocs_notebook_workers must be a whole number of kernels, 1 or more; got {workers!r}"
        )


def enabled(app: Sphinx) -> bool:
    """Whether this extension executes pages: cache mode, two workers or more, no ``-j``."""
    workers = app.config.convdocs_notebook_workers
    return app.env.mystnb_config.execution_mode == "cache" and workers > 1 >= app.parallel


def kernel_options() -> dict[str, str]:
    """Return the options of each kernel's ``KernelManager``: CurveZMQ keys where both ends can."""
    if zmq.has("curve") and "transport_encryption" in KernelManager.class_trait_names():
        return {"transport_encryption": "auto"}
    return {}


RESET_CODE = """\
get_ipython().run_line_magic("reset", "-f")
import os, sys
os.chdir({folder!r})
if "matplotlib.pyplot" in sys.modules:
    sys.modules["matplotlib.pyplot"].close("all")
del os, sys
"""


def execute_one(kernel: KernelManager, page: Page, timeout: int | None) -> ExecutionResult:
    """Execute one page's notebook in a running kernel, after clearing the previous page's names."""
    path, notebook, _ = page
    LOGGER.info("%s: Executing notebook before reading", path)
    reset = nbformat.v4.new_code_cell(RESET_CODE.format(folder=str(path.parent)))
    notebook.cells.insert(0, reset)
    try:
        return single_nb_execution(
            notebook, cwd=str(path.parent), timeout=timeout, allow_errors=False, km=kernel
        )
    finally:
        notebook.cells.remove(reset)


def execute_group(pages: list[Page], timeout: int | None) -> list[ExecutionResult]:
    """Execute pages one after another in one kernel, so that torch is imported once, not once a page.

    Each page starts from an empty namespace in its own folder (its first cell seeds every generator);
    modules stay imported. A kernel that died is replaced before the next page.
    """
    kernel = KernelManager(kernel_name="python3", **kernel_options())
    results = []
    try:
        for page in pages:
            if not kernel.has_kernel or not kernel.is_alive():
                kernel.start_kernel(cwd=str(page[0].parent))
            results.append(execute_one(kernel, page, timeout))
    finally:
        if kernel.has_kernel:
            kernel.shutdown_kernel(now=True)
    return results


def split(pages: list[Page], workers: int) -> list[list[Page]]:
    """Deal the pages round-robin into at most ``workers`` groups, one kernel each."""
    return [group for group in (pages[start::workers] for start in range(workers)) if group]


def start_executing(app: Sphinx) -> None:
    """Start executing the new or changed pages that miss the cache, while the gallery runs."""
    if not enabled(app):
        return
    env = app.env
    changed = [
        docname
        for docname in env.project.discover(app.config.exclude_patterns, app.config.include_patterns)
        if docname not in env.all_docs or modified_microseconds(env.doc2path(docname)) > env.all_docs[docname]
    ]
    pending = pages_to_execute(env, changed)
    if not pending:
        return
    workers, timeout = app.config.convdocs_notebook_workers, env.mystnb_config.execution_timeout
    pool = ThreadPoolExecutor(workers)
    RUNNING[app] = (
        pool,
        [(group, pool.submit(execute_group, group, timeout)) for group in split(pending, workers)],
    )


def cache_results(env: BuildEnvironment, results: Iterable[tuple[Page, ExecutionResult]]) -> None:
    """Add the pages that ran without error to the cache, from this thread only."""
    cache = get_cache(env.mystnb_config.execution_cache_path)
    for (path, _, read_fmt), result in results:
        if result.err is not None:
            continue
        LOGGER.info("%s: Executed notebook in %.2f seconds", path, result.time)
        record = cache.add_nb_to_project(str(path), read_data=read_fmt)
        bundle = CacheBundleIn(result.nb, record.uri, data={"execution_seconds": result.time})
        cache.cache_notebook_bundle(bundle, check_validity=False, overwrite=True)


def execute_pages(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Finish the early executions, then execute the pages about to be read that still miss the cache."""
    failed = set()
    if app in RUNNING:
        pool, futures = RUNNING.pop(app)
        results = [
            (page, result)
            for group, future in futures
            for page, result in zip(group, future.result(), strict=True)
        ]
        pool.shutdown()
        cache_results(env, results)
        failed = {page[0] for page, result in results if result.err is not None}
    if not enabled(app):
        return
    pending = [page for page in pages_to_execute(env, docnames) if page[0] not in failed]
    if not pending:
        return
    workers, timeout = app.config.convdocs_notebook_workers, env.mystnb_config.execution_timeout
    groups = split(pending, workers)
    with ThreadPoolExecutor(workers) as pool:
        results = [
            result
            for group in pool.map(lambda group: execute_group(group, timeout), groups)
            for result in group
        ]
    cache_results(env, zip([page for group in groups for page in group], results, strict=True))


def setup(app: Sphinx) -> dict[str, object]:
    """Register the extension with Sphinx (list it before sphinx-gallery to overlap their work)."""
    problems = unsupported_versions(installed_versions())
    if problems:
        raise ExtensionError(
            "parallel_notebooks uses internals of myst-nb, jupyter-cache and jupyter-client and supports "
            f"only the versions in pyproject.toml's docs group; installed: {'; '.join(problems)}"
        )
    app.setup_extension("myst_nb")
    app.add_config_value("convdocs_notebook_workers", 2, "", int)
    app.connect("config-inited", check_workers)
    app.connect("builder-inited", start_executing)
    app.connect("env-before-read-docs", execute_pages)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
