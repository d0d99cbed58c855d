"""Keep the sitemap complete on incremental builds.

sphinx-sitemap lists the pages that the current build writes, and an incremental build writes only the
pages that changed, so its sitemap would list those alone (jdillard/sphinx-sitemap#13, open since 2018;
#100 was closed as its duplicate; upstream's workaround is ``-E`` or a clean build). Published builds start
fresh and do not need this. It stays because the tests and ``nox -s site`` build incrementally into
``docs/_build`` (a clean build of the book costs minutes, an incremental one seconds) and then check that
the sitemap lists every page, and because ``docs/editions.py`` adds the Chinese pages to the English
sitemap it finds there. When a build reads any page, this extension has every page written (again from
the saved doctrees: nothing is re-read or re-executed); a build that reads nothing writes no page and
keeps the sitemap it has. tests/test_ext.py shows the difference on a tiny book. Drop it once
sphinx-sitemap reads the saved environment.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment


def setup(app: Sphinx) -> dict[str, object]:
    """Register the extension with Sphinx."""
    app.setup_extension("sphinx_sitemap")
    read: list[str] = []

    def remember_reads(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        read[:] = docnames

    def every_page_after_a_read(app: Sphinx, env: BuildEnvironment) -> list[str]:
        return sorted(env.found_docs) if read else []

    app.connect("env-before-read-docs", remember_reads)
    app.connect("env-get-updated", every_page_after_a_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
