"""The build's one definition (docs/editions.py): its command lines, environment, logs and publishing."""

from __future__ import annotations

from pathlib import Path

import pytest
from build_helpers import DOCS, editions

SITEMAP = (
    '<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    "{}</urlset>"
)


def test_the_strict_arguments_of_each_edition() -> None:
    english = editions.sphinx_arguments("en")
    assert english[:3] == ["-n", "-W", "--keep-going"]
    assert english[-2:] == [str(DOCS), str(DOCS / "_build" / "html")]
    chinese = editions.sphinx_arguments("zh_CN", "-E")
    assert chinese[3:] == [
        "-b",
        "html",
        "-D",
        "language=zh_CN",
        "-d",
        str(DOCS / "_build" / "zh_CN" / "doctrees"),
        "-E",
        str(DOCS),
        str(DOCS / "_build" / "zh_CN" / "html"),
    ]


def test_a_draft_is_not_strict_and_other_builders_and_folders_are_accepted(tmp_path: Path) -> None:
    arguments = editions.sphinx_arguments("en", builder="gettext", outdir=tmp_path, strict=False)
    assert arguments == ["-b", "gettext", str(DOCS), str(tmp_path)]
    command = editions.sphinx_command("en", docs=tmp_path / "docs")
    assert command[1:3] == ["-m", "sphinx"] and command[-1] == str(tmp_path / "docs" / "_build" / "html")


def test_each_edition_is_published_in_its_folder_of_the_english_site() -> None:
    assert list(editions.EDITIONS) == ["en", "zh_CN"]  # English first: the others publish into its site
    assert [edition.published for edition in editions.EDITIONS.values()] == ["html", "html/zh-cn"]
    assert editions.EDITIONS["zh_CN"].tag == "zh-CN"


def test_an_unknown_language_names_the_argument() -> None:
    with pytest.raises(ValueError, match="language"):
        editions.sphinx_arguments("fr")


def test_the_environment_sets_one_thread_and_extras_win() -> None:
    env = editions.environment({"PATH": "/bin", "OMP_NUM_THREADS": "8"}, ATEN_CPU_CAPABILITY="default")
    assert env["PATH"] == "/bin" and env["OMP_NUM_THREADS"] == "1" and env["MPLBACKEND"] == "Agg"
    assert env["PYTHONHASHSEED"] == "0" and env["ATEN_CPU_CAPABILITY"] == "default"


def test_executions_are_read_from_the_log() -> None:
    log = (
        "/x/docs/chapter/opening.md: Executing notebook using local CWD [mystnb]\n"
        "/x/docs/chapter/channels.md: Executing notebook using local CWD [mystnb]\n"
        "[INFO/ForkPoolWorker-1] Executing: /x/docs/chapter/locality.md\n"
        "Sphinx-Gallery successfully executed 2 out of 11 files subselected by:\n"
    )
    assert editions.executions(log) == (2, ["locality", "opening", "channels"])
    assert editions.executions("nothing ran") == (0, [])


def test_publishing_copies_the_site_and_merges_the_sitemaps(tmp_path: Path) -> None:
    url = "<url><loc>{}</loc></url>"
    site, built = tmp_path / "html", tmp_path / "zh_CN" / "html"
    site.mkdir()
    built.mkdir(parents=True)
    (site / "sitemap.xml").write_text(SITEMAP.format(url.format("https://x/a.html")))
    (built / "sitemap.xml").write_text(SITEMAP.format(url.format("https://x/zh-cn/a.html")))
    (built / "a.html").write_text("<p>中文</p>")
    editions.publish(built, site / "zh-cn")
    editions.publish(built, site / "zh-cn")  # again: replaced, not listed twice
    assert (site / "zh-cn" / "a.html").read_text() == "<p>中文</p>"
    merged = (site / "sitemap.xml").read_text()
    assert merged.count("https://x/zh-cn/a.html") == 1 and "https://x/a.html" in merged
    editions.publish(site, site)  # English is built where it is published


def test_the_notebook_pages_are_the_markdown_pages_that_name_a_kernel(tmp_path: Path) -> None:
    (tmp_path / "chapter").mkdir()
    (tmp_path / "chapter" / "page.md").write_text("---\nkernelspec:\n  name: python3\n---\n# Page\n")
    (tmp_path / "prose.md").write_text("# Prose\n\nkernelspec: is mentioned, not declared.\n")
    (tmp_path / "_build").mkdir()
    (tmp_path / "_build" / "copy.md").write_text("---\nkernelspec:\n  name: python3\n---\n")
    assert editions.notebook_pages(tmp_path) == [tmp_path / "chapter" / "page.md"]
    assert [path.stem for path in editions.notebook_pages()] == sorted(
        path.stem for path in (DOCS / "chapter").glob("*.md")
    )
