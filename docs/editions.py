"""Build both editions of the book strictly: ``python docs/editions.py [extra sphinx-build arguments]``.

English first, into ``docs/_build/html``: it executes the pages (myst-nb's cache) and the gallery
(sphinx-gallery's checksums). Then Simplified Chinese from ``docs/locale/zh_CN``, which runs no code
again, into ``docs/_build/zh_CN/html`` (its ``jupyter_execute`` folder stays outside the site), copied
to ``docs/_build/html/zh-cn``, where it is published. The two builds run one after the other: the gallery
writes into the source tree and the execution cache is one SQLite file.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

DOCS = Path(__file__).resolve().parent
BUILD = DOCS / "_build"
STRICT = ["-n", "-W", "--keep-going"]
SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
# language -> (sphinx-build arguments, where it is built, where it is published), relative to docs/_build
EDITIONS = {
    "en": ([], "html", "html"),
    "zh_CN": (["-D", "language=zh_CN", "-d", "zh_CN/doctrees"], "zh_CN/html", "html/zh-cn"),
}


def sphinx_command(language: str, *extra: str, docs: Path = DOCS) -> list[str]:
    """Return the strict sphinx-build command line of one edition of the book in ``docs``."""
    arguments, built, _ = EDITIONS[language]
    build = docs / "_build"
    arguments = [str(build / arg) if arg.endswith("doctrees") else arg for arg in arguments]
    return [
        sys.executable,
        "-m",
        "sphinx",
        *STRICT,
        "-b",
        "html",
        *arguments,
        *extra,
        str(docs),
        str(build / built),
    ]


def publish(built: Path, published: Path) -> None:
    """Copy one edition's site to where it is published, its pages added to the site's sitemap.

    The English edition is built where it is published, so for it this does nothing.
    """
    if built == published:
        return
    shutil.rmtree(published, ignore_errors=True)
    shutil.copytree(built, published)
    site_map = published.parent / "sitemap.xml"
    ElementTree.register_namespace("", SITEMAP_NAMESPACE)
    tree = ElementTree.parse(site_map)
    listed = {loc.text for loc in tree.iter(f"{{{SITEMAP_NAMESPACE}}}loc")}
    for url in ElementTree.parse(built / "sitemap.xml").getroot():
        if url.find(f"{{{SITEMAP_NAMESPACE}}}loc").text not in listed:
            tree.getroot().append(url)
    tree.write(site_map, encoding="utf-8", xml_declaration=True)


def main(extra: list[str]) -> int:
    """Build and publish both editions; say where each landed."""
    for language, (_, built, published) in EDITIONS.items():
        if subprocess.run(sphinx_command(language, *extra), check=False).returncode != 0:
            print(f"the {language} edition failed to build", file=sys.stderr)
            return 1
        publish(BUILD / built, BUILD / published)
    for language, (_, _, published) in EDITIONS.items():
        print(f"{language}: {BUILD / published / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
