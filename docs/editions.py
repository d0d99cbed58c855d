"""The book's build, defined once: ``python docs/editions.py [--language L] [--draft] [sphinx-build args]``.

Everything that builds the book takes its command line, environment, paths and log patterns from here:
``noxfile.py`` (``nox -s docs``, which Read the Docs and GitHub Pages run too), the test fixtures
(``tests/build_helpers.py``, ``tests/conftest.py``) and the benchmark (``benchmarks/bench_build.py``).
It imports the standard library only (jupyter-cache only when pages execute), so nox's own Python
imports it as well as the docs environment's.

Run as a script, it builds both editions strictly (``--language`` picks one; ``--draft`` executes nothing
and does not fail on the warnings that then arise). English first, into ``docs/_build/html``: the pages
whose code changed are executed first, in parallel, into myst-nb's cache (:func:`execute_pages`), then
the build runs the gallery (sphinx-gallery's checksums) and reads the pages from that cache. Then
Simplified Chinese from ``docs/locale/zh_CN``, which runs no code again, into ``docs/_build/zh_CN/html``
(its ``jupyter_execute`` folder stays outside the site), copied to ``docs/_build/html/zh-cn``, where it
is published. The two builds run one after the other: the gallery writes into the source tree and the
execution cache is one SQLite file.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
BUILD = DOCS / "_build"
HTML = BUILD / "html"

# The environment of every build, test run and benchmark. One thread per process: notebook kernels and
# example scripts inherit it. The book's tensors are small, so a second thread costs more than it gains,
# and the build runs two examples or two kernels at a time (docs/conf.py), which then never oversubscribe
# two cores. Agg draws without a display; a fixed hash seed keeps set and dict orders, and so the pages,
# the same from build to build.
ENV = {
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MPLBACKEND": "Agg",
    "PYTHONHASHSEED": "0",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
}

# Strict: a warning fails the build (-W), every reference must resolve (-n), and all warnings are shown
# before it fails (--keep-going).
STRICT = ("-n", "-W", "--keep-going")
# myst-nb's execution cache and a page's time limit (docs/conf.py), which execute_pages uses too.
EXECUTION_CACHE = "_build/.jupyter_cache"  # relative to the docs folder
EXECUTION_TIMEOUT = 300  # seconds
# execute_pages in a child process: python -c EXECUTE_PAGES <folder of this module> <docs folder>
EXECUTE_PAGES = (
    "import sys; sys.path.insert(0, sys.argv[1]); import editions; editions.execute_pages(sys.argv[2])"
)
# jupyter-cache's reader of MyST notebooks, which myst-nb registers (entry point group jcache.readers).
MYST_READER = {"name": "myst_nb_md", "type": "plugin"}
# A build that executes nothing (no notebook, no gallery script): sphinx-gallery's documented switch
# (`make html-noplot`) and myst-nb's execution mode, as -D overrides of docs/conf.py.
NO_EXECUTION = ("-D", "nb_execution_mode=off", "-D", "plot_gallery=0")

# What the build writes and `nox -s clean` removes, relative to the docs folder (the execution cache is
# docs/_build/.jupyter_cache; sphinx-gallery renders gallery/ into docs/examples).
GENERATED = ("_build", "examples", "generated", "sg_execution_times.rst")


@dataclass(frozen=True)
class Edition:
    """One edition of the book: how it is built and where readers find it."""

    name: str  # the language's name in that language, as the language switch shows it
    tag: str  # its BCP 47 tag (``lang`` and ``hreflang`` attributes)
    folder: str  # where it is published under the site's root: "" or "zh-cn/"
    arguments: tuple[str, ...]  # what sphinx-build needs for it
    built: str  # where it is built, relative to docs/_build

    @property
    def published(self) -> str:
        """Where it is published, relative to docs/_build."""
        return f"html/{self.folder}".rstrip("/")


# Every edition, by Sphinx language, English first: the one table the build, the extensions and the
# tests read.
EDITIONS = {
    "en": Edition("English", "en", "", (), "html"),
    "zh_CN": Edition(
        "简体中文", "zh-CN", "zh-cn/", ("-D", "language=zh_CN", "-d", "zh_CN/doctrees"), "zh_CN/html"
    ),
}
# Where each edition lives in the built site, named by its folder ("en" for the root): what the site
# tests and the page-speed benchmark call the editions.
SITE_FOLDERS = {edition.folder.rstrip("/") or "en": edition.folder for edition in EDITIONS.values()}
SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"

# What a build's log says it did (sphinx-gallery's summary, myst-nb's execution messages, Sphinx's
# reading progress and warnings); the incremental tests and the benchmark count executions with them.
GALLERY_EXECUTED = re.compile(r"Sphinx-Gallery successfully executed (\d+) out of (\d+) file")
NOTEBOOK_EXECUTING = re.compile(r"^(?P<path>\S+\.(?:md|ipynb)): Executing notebook", re.M)
PAGE_EXECUTED_BEFORE = re.compile(r"Executing: (?P<path>\S+\.(?:md|ipynb))$", re.M)  # jupyter-cache's
NOTEBOOK_EXECUTED = re.compile(
    r"^(?P<path>\S+\.(?:md|ipynb)): Executed notebook in (?P<s>[\d.]+) seconds", re.M
)
READING = re.compile(r"reading sources\.\.\. \[\s*\d+%\] (?P<doc>\S+)")
WARNING_LINE = re.compile(r": (?:WARNING|ERROR|CRITICAL):")


def sphinx_arguments(
    language: str = "en",
    *extra: str,
    docs: Path = DOCS,
    outdir: Path | None = None,
    builder: str = "html",
    strict: bool = True,
) -> list[str]:
    """Return the sphinx-build arguments of one edition of the book in ``docs``.

    ``outdir`` defaults to where the edition is built (``docs/_build/html`` for English); ``extra``
    arguments (``-E``, ``-j 2``, ``*NO_EXECUTION`` ...) come before the folders.
    """
    if language not in EDITIONS:
        raise ValueError(f"language must be one of {sorted(EDITIONS)}, got {language!r}")
    edition = EDITIONS[language]
    build = Path(docs) / "_build"
    arguments = [str(build / arg) if arg.endswith("doctrees") else arg for arg in edition.arguments]
    return [
        *(STRICT if strict else ()),
        "-b",
        builder,
        *arguments,
        *extra,
        str(docs),
        str(outdir if outdir is not None else build / edition.built),
    ]


def sphinx_command(language: str = "en", *extra: str, **options: object) -> list[str]:
    """Return the full sphinx-build command line, run by this Python (see :func:`sphinx_arguments`)."""
    return [sys.executable, "-m", "sphinx", *sphinx_arguments(language, *extra, **options)]


def environment(base: Mapping[str, str] | None = None, **extra: str) -> dict[str, str]:
    """Return ``base`` (default: this process's environment) with :data:`ENV` and ``extra`` on top."""
    return {**(os.environ if base is None else base), **ENV, **extra}


def link_or_copy(source: Path | str, destination: Path | str) -> None:
    """Hard-link ``source`` to ``destination`` (no bytes copied), or else copy it with its times."""
    try:
        os.link(source, destination)
    except OSError:  # another file system, or links not supported
        shutil.copy2(source, destination)


def notebook_pages(docs: Path = DOCS) -> list[Path]:
    """Return the notebook pages of the book in ``docs``: Markdown whose front matter names a kernel."""
    pages = []
    for path in sorted(Path(docs).rglob("*.md")):
        if path.relative_to(docs).parts[0] in ("_build", "node_modules"):
            continue
        text = path.read_text(encoding="utf-8")
        if text.startswith("---\n") and "\nkernelspec:" in text[3:].split("\n---", 1)[0]:
            pages.append(path)
    return pages


def execute_pages(docs: Path | str = DOCS) -> None:
    """Execute the book's notebook pages that miss myst-nb's cache, in parallel, into that cache.

    myst-nb executes a page while Sphinx reads it, one after another, after the gallery has run. This
    runs the pages whose code changed before the build, with jupyter-cache's own parallel executor (one
    process a core), so that myst-nb finds all of them in its cache. A page that fails stays out of the
    cache: myst-nb runs it again while reading it and reports the error with the page's name.
    """
    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    docs = Path(docs)
    cache = get_cache(str(docs / EXECUTION_CACHE))
    pages = [str(path) for path in notebook_pages(docs)]
    for record in cache.list_project_records():
        if record.uri not in pages:  # a page removed or renamed since the last build
            cache.remove_nb_from_project(record.uri)
    for page in pages:
        cache.add_nb_to_project(page, read_data=MYST_READER)
    logger = logging.getLogger("execute_pages")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    result = load_executor("local-parallel", cache, logger=logger).run_and_cache(
        timeout=EXECUTION_TIMEOUT, allow_errors=False
    )
    for failed in (*result.excepted, *result.errored):
        logger.info("%s failed: myst-nb runs it again while Sphinx reads it, and reports why", failed)


def build(
    language: str = "en",
    *extra: str,
    env: Mapping[str, str] | None = None,
    capture: bool = False,
    **options: object,
) -> subprocess.CompletedProcess[str]:
    """Build one edition (strict unless ``strict=False``) in a child process with :func:`environment`.

    An HTML build that executes runs :func:`execute_pages` first, in a child process of its own.
    ``env`` replaces this process's environment as the base; ``capture`` keeps the log in the result.
    """
    run = dict(env=environment(env), capture_output=capture, text=True, check=False)
    executes = options.get("builder", "html") == "html" and "nb_execution_mode=off" not in extra
    before = subprocess.CompletedProcess([], 0, "", "")
    if executes:
        docs = options.get("docs", DOCS)
        before = subprocess.run([sys.executable, "-c", EXECUTE_PAGES, str(DOCS), str(docs)], **run)
        if before.returncode != 0:
            return before
    result = subprocess.run(sphinx_command(language, *extra, **options), **run)
    if capture:
        result.stdout, result.stderr = before.stdout + result.stdout, before.stderr + result.stderr
    return result


def executions(log: str) -> tuple[int, list[str]]:
    """Return how many gallery scripts and which notebook pages (names) a build's ``log`` executed."""
    summary = GALLERY_EXECUTED.search(log)
    executing = [*PAGE_EXECUTED_BEFORE.finditer(log), *NOTEBOOK_EXECUTING.finditer(log)]
    pages = [Path(match["path"]).stem for match in executing]
    return (int(summary.group(1)) if summary else 0), pages


def clean(docs: Path = DOCS) -> None:
    """Remove what the build generates in ``docs``: the site, the execution cache, the gallery pages."""
    for relative in GENERATED:
        path = Path(docs) / relative
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def publish(built: Path, published: Path) -> None:
    """Copy (hard-link) one edition's site to where it is published, its pages added to the sitemap.

    The English edition is built where it is published, so for it this does nothing.
    """
    if built == published:
        return
    shutil.rmtree(published, ignore_errors=True)
    shutil.copytree(built, published, copy_function=link_or_copy)
    site_map = published.parent / "sitemap.xml"
    ElementTree.register_namespace("", SITEMAP_NAMESPACE)
    tree = ElementTree.parse(site_map)
    listed = {loc.text for loc in tree.iter(f"{{{SITEMAP_NAMESPACE}}}loc")}
    for url in ElementTree.parse(built / "sitemap.xml").getroot():
        if url.find(f"{{{SITEMAP_NAMESPACE}}}loc").text not in listed:
            tree.getroot().append(url)
    tree.write(site_map, encoding="utf-8", xml_declaration=True)


def build_editions(
    *extra: str, languages: tuple[str, ...] = tuple(EDITIONS), capture: bool = False, strict: bool = True
) -> tuple[str, subprocess.CompletedProcess[str]]:
    """Build and publish the editions in ``languages`` (all, English first) until one fails.

    Return the language of the last build and its result: a failed one, or the last edition's.
    """
    for language in languages:
        result = build(language, *extra, capture=capture, strict=strict)
        if result.returncode != 0:
            break
        publish(BUILD / EDITIONS[language].built, BUILD / EDITIONS[language].published)
    return language, result


def main(argv: list[str]) -> int:
    """Build and publish the editions; say where each landed. Unknown arguments go to sphinx-build."""
    parser = argparse.ArgumentParser(
        prog="python docs/editions.py", description=__doc__.splitlines()[0], allow_abbrev=False
    )
    parser.add_argument(
        "--language",
        action="append",
        choices=list(EDITIONS),
        help="build this edition only (repeatable); default: every edition, English first",
    )
    parser.add_argument(
        "--draft",
        action="store_true",
        help="execute nothing and do not stop at warnings (pages then lack figures and glued numbers)",
    )
    args, extra = parser.parse_known_args(argv)
    languages = tuple(args.language or EDITIONS)
    if args.draft:
        extra = [*NO_EXECUTION, *extra]
    language, result = build_editions(*extra, languages=languages, strict=not args.draft)
    if result.returncode != 0:
        print(f"the {language} edition failed to build", file=sys.stderr)
        return 1
    for language in languages:
        print(f"{language}: {BUILD / EDITIONS[language].published / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
