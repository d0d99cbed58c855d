"""Fixtures, and which tests are slow: those that build the book or run whole scripts.

Helpers that tests import (paths, ``sphinx_build``, ``throwaway_book``) live in ``build_helpers.py``;
the build itself is defined in ``docs/editions.py``. ``pytest -m "not slow"`` (``nox -s unit``) runs the
library's tests alone, in seconds.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import matplotlib
import pytest
from build_helpers import HTML, editions

matplotlib.use("Agg")

# Tests that build a book (the real one or a throw-away copy) or run every example script.
SLOW_MODULES = {
    "test_docs_build",
    "test_examples",
    "test_explorers",  # the interactive figures in Chromium
    "test_incremental",
    "test_portability",
    "test_reader",  # what readers do, on a phone and a desktop, in Chromium
    "test_site",
    "test_translation",
    "test_ext",  # the docs/_ext extensions on a tiny Sphinx project
}
# Without the docs stack (`nox -s unit` installs convdocs and pytest only) they are not even collected.
if importlib.util.find_spec("sphinx") is None:
    collect_ignore = [f"{name}.py" for name in sorted(SLOW_MODULES)]
# Fixtures that build the book: any test that uses one, directly or through another fixture, is slow.
SLOW_FIXTURES = {"built_site"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests of the build modules, and every test that needs a built site, as ``slow``."""
    for item in items:
        module = getattr(item, "module", None)
        in_slow_module = module is not None and module.__name__ in SLOW_MODULES
        if in_slow_module or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def built_site() -> Path:
    """Build both editions strictly (incremental), as ``nox -s docs`` does; return the site's folder.

    The English edition is the folder itself, the Chinese one its ``zh-cn`` subfolder.
    """
    language, result = editions.build_editions(capture=True)
    if result.returncode != 0:
        log = f"{result.stdout[-4000:]}\n{result.stderr[-8000:]}"
        pytest.fail(f"the strict build of the {language} edition failed:\n{log}")
    return HTML


@pytest.fixture(scope="session")
def site(request: pytest.FixtureRequest) -> Path:
    """The built site, both editions: $CONVDOCS_SITE_DIR if set, else ``built_site``."""
    configured = os.environ.get("CONVDOCS_SITE_DIR")
    if not configured:
        return request.getfixturevalue("built_site")
    root = Path(configured)
    for edition in (root, root / "zh-cn"):
        if not (edition / "index.html").is_file():
            pytest.fail(f"CONVDOCS_SITE_DIR={configured} holds no built site ({edition}/index.html)")
    return root


# The server and the browser run threads, so they live for one module only: a later test that forks (an
# in-process Sphinx build in test_ext.py) would otherwise fork while they run, and its child can hang on a
# lock one of their threads held.
@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[Any]:
    """The site served over HTTP with gzip, as the hosts serve it."""
    from site_helpers import SiteServer, base_path

    with SiteServer(site, base_path(site)) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium through Playwright (Debian's browser: Playwright downloads none)."""
    from site_helpers import CHROMIUM, CHROMIUM_ARGS, unavailable

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed: pip install playwright (the 'site' dependency group)")
    requested = os.environ.get("CONVDOCS_CHROMIUM") or CHROMIUM
    executable = requested if Path(requested).is_file() else shutil.which("chromium")
    if not executable:
        unavailable(
            f"no Chromium at {requested} nor on PATH: apt-get install chromium (or set CONVDOCS_CHROMIUM)"
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
