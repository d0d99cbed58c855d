"""Chapter pages show gallery figures by example and label (docs/_ext/gallery_figures.py).

The scraper records each figure's label beside its image; the ``gallery-figure`` directive resolves a
label to the image, follows the figure when another is inserted before it, and fails the build naming the
page when a label is unknown or names two figures.
"""

from __future__ import annotations

import importlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import imagesize
import matplotlib.pyplot as plt
import numpy as np
import pytest
from build_helpers import DOCS, GALLERY, editions, sphinx_build, throwaway_book
from PIL import Image

from convdocs.plotting import crisp_pixels

# The docs stack (sphinx-gallery) is not installed where only the library is tested.
ImagePathIterator = pytest.importorskip("sphinx_gallery.scrapers").ImagePathIterator
if str(DOCS / "_ext") not in sys.path:
    sys.path.insert(0, str(DOCS / "_ext"))
gallery_figures = importlib.import_module("gallery_figures")

CHAPTER = DOCS / "chapter"
DIRECTIVE = re.compile(r"^```\{gallery-figure\} (\S+) (\S+)$", re.MULTILINE)


def scrape(block_vars: dict[str, object], tmp_path: Path) -> None:
    conf = {"image_srcset": [], "matplotlib_animations": (False, None), "compress_images": ()}
    gallery_figures.labelled_matplotlib_scraper(None, block_vars, {**conf, "src_dir": str(tmp_path)})


def example_block(tmp_path: Path) -> tuple[Path, dict[str, object]]:
    """The image path template and the block variables sphinx-gallery gives an example's code block."""
    template = tmp_path / "images" / "sphx_glr_plot_01_demo_{0:03}.png"
    template.parent.mkdir()
    block_vars = {
        "image_path_iterator": ImagePathIterator(template),
        "target_file": str(tmp_path / "plot_01_demo.py"),
        "example_globals": {},
    }
    return template, block_vars


def test_the_scraper_records_every_figure_with_its_label_in_order(tmp_path: Path) -> None:
    _, block_vars = example_block(tmp_path)
    plt.figure(figsize=(2, 1))
    plt.figure(figsize=(4, 1)).set_label("wide")
    scrape(block_vars, tmp_path)  # the first code block: two figures
    plt.figure(figsize=(1, 1), label="square")
    scrape(block_vars, tmp_path)  # the second: one more
    manifest = json.loads((tmp_path / "plot_01_demo.figures.json").read_text(encoding="utf-8"))
    assert manifest == {
        "example": "plot_01_demo",
        "figures": [
            {"label": "", "image": "images/sphx_glr_plot_01_demo_001.webp"},
            {"label": "wide", "image": "images/sphx_glr_plot_01_demo_002.webp"},
            {"label": "square", "image": "images/sphx_glr_plot_01_demo_003.webp"},
        ],
    }
    width, height = imagesize.get(tmp_path / manifest["figures"][1]["image"])
    assert width == 4 * height
    assert plt.get_fignums() == []  # closed, as sphinx-gallery's own scraper leaves them


def test_the_scraper_keeps_the_blocks_of_an_enlarged_image(tmp_path: Path) -> None:
    template, block_vars = example_block(tmp_path)
    figure = plt.figure(figsize=(1, 1), dpi=100, layout="none")  # the axes fill it, whatever the style
    # A 40 x 40 checkerboard on 100 x 100 screen pixels: 2.5 a square, where matplotlib's default would
    # smooth the edges with a Hanning filter, into greys between black and white.
    figure.add_axes((0, 0, 1, 1)).imshow(np.indices((40, 40)).sum(axis=0) % 2, cmap="gray")
    figure.axes[0].set_axis_off()
    crisp_pixels(figure)
    scrape(block_vars, tmp_path)
    with Image.open(template.with_name("sphx_glr_plot_01_demo_001.webp")) as saved:
        assert saved.format == "WEBP"
        assert len(saved.convert("L").getcolors()) == 2  # lossless: no new shades either


# Runs a gallery script as a reader would (``python script.py``), then saves its figures as the gallery's
# scraper does, in the order they were made.
RUN_AND_SAVE_FIGURES = r"""
import runpy, sys

import matplotlib.pyplot as plt

script, folder, image_format = sys.argv[1:]
sys.argv = [script]
runpy.run_path(script, run_name="__main__")
for index, number in enumerate(plt.get_fignums(), 1):
    path = f"{folder}/{index:03}.{image_format}"
    plt.figure(number).savefig(path, format=image_format, pil_kwargs={"lossless": True})
"""


@pytest.mark.parametrize("example", ["plot_07_edge_detection_on_a_photo", "plot_09_channels"])
def test_a_script_run_on_its_own_draws_the_pixels_of_the_gallery(
    built_site: Path, tmp_path: Path, example: str
) -> None:
    manifest = json.loads((DOCS / "examples" / f"{example}.figures.json").read_text(encoding="utf-8"))
    command = [sys.executable, "-c", RUN_AND_SAVE_FIGURES, str(GALLERY / f"{example}.py"), str(tmp_path)]
    subprocess.run(
        [*command, gallery_figures.FORMAT], cwd=tmp_path, env=editions.environment(), check=True, timeout=300
    )
    standalone = sorted(tmp_path.glob(f"*.{gallery_figures.FORMAT}"))
    assert len(standalone) == len(manifest["figures"])
    for own, figure in zip(standalone, manifest["figures"], strict=True):
        with Image.open(own) as mine, Image.open(DOCS / "examples" / figure["image"]) as gallery:
            assert mine.size == gallery.size, figure["image"]
            different = int((np.asarray(mine) != np.asarray(gallery)).sum())
            assert different == 0, f"{figure['image']}: {different} values differ from the script's run"


def test_a_label_naming_two_figures_is_an_error(tmp_path: Path) -> None:
    figures = [{"label": "map", "image": f"images/a_00{n}.png"} for n in (1, 2)]
    manifest = tmp_path / "plot_a.figures.json"
    manifest.write_text(json.dumps({"example": "plot_a", "figures": figures}), encoding="utf-8")
    with pytest.raises(LookupError, match=r"labels 2 figures 'map' \(images/a_001.png, images/a_002.png\)"):
        gallery_figures.find_figure([manifest], "plot_a", "map")
    with pytest.raises(LookupError, match="'plot_b' has recorded no figures"):
        gallery_figures.find_figure([tmp_path / "plot_b.figures.json"], "plot_b", "map")


def test_the_chapter_shows_gallery_figures_by_label_only() -> None:
    pages = sorted(CHAPTER.glob("*.md"))
    assert not [page.name for page in pages if "sphx_glr_plot" in page.read_text(encoding="utf-8")]
    references = [ref for page in pages for ref in DIRECTIVE.findall(page.read_text(encoding="utf-8"))]
    assert len(references) >= 10
    for example, label in references:
        script = (DOCS.parent / "gallery" / f"{example}.py").read_text(encoding="utf-8")
        assert f'set_label("{label}")' in script, (example, label)


# A throw-away book: one example with an unlabelled figure, then a wide one labelled "wide"; another that
# gives one label to two figures, which is fine as long as no page shows it.
EXAMPLE = '''"""
Two figures
===========

A small figure, then a wide one.
"""

import matplotlib.pyplot as plt

# %%
# A small one.
plt.figure(figsize=(2, 1))
# %%
# A wide one, named.
fig = plt.figure(figsize=(4, 1))
fig.set_label("wide")
'''
SQUARE = "# %%\n# Inserted before the wide one.\nplt.figure(figsize=(2, 2))\n"
TWINS = (
    '"""\nTwins\n=====\n\nTwo figures, one label.\n"""\n\nimport matplotlib.pyplot as plt\n\n# %%\n# Two.\n'
)
TWINS += 'plt.figure(label="twin")\nplt.figure(label="twin")\n'
PAGE = (
    "# A page\n\n```{gallery-figure} plot_01_two_figures LABEL\n:alt: A wide figure.\n\nThe wide one.\n```\n"
)
IMAGE = re.compile(r'<img\b[^>]*\bsrc="(?P<src>[^"]*sphx_glr_plot_01_two_figures_(?P<n>\d{3})\.\w+)"')


def shown_image(html: Path) -> tuple[str, float]:
    """Return the number of the example's image that the page shows, and its width / height."""
    match = IMAGE.search((html / "page.html").read_text(encoding="utf-8"))
    assert match is not None, "the page shows no image of the example"
    width, height = imagesize.get(html / match["src"])
    return match["n"], width / height


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the throw-away book once; return the folder that holds docs/, gallery/ and html/."""
    root = tmp_path_factory.mktemp("gallery_figures")
    scripts = {"plot_01_two_figures.py": EXAMPLE, "plot_02_twins.py": TWINS}
    docs = throwaway_book(root, PAGE.replace("LABEL", "wide"), scripts)
    result = sphinx_build(docs, root / "html")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return root


def copy_of(book: Path, tmp_path: Path) -> Path:
    root = tmp_path / "book"
    shutil.copytree(book, root, symlinks=True)
    return root


@pytest.mark.slow
def test_the_directive_shows_the_labelled_figure(book: Path) -> None:
    assert shown_image(book / "html") == ("002", 4.0)


@pytest.mark.slow
def test_a_figure_inserted_before_the_labelled_one_moves_the_reference_with_it(
    book: Path, tmp_path: Path
) -> None:
    root = copy_of(book, tmp_path)
    script = root / "gallery" / "plot_01_two_figures.py"
    source = script.read_text(encoding="utf-8")
    script.write_text(source.replace("# %%\n# A wide one", SQUARE + "# %%\n# A wide one"), encoding="utf-8")
    result = sphinx_build(root / "docs", root / "html")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert shown_image(root / "html") == ("003", 4.0)  # the old path, _002, is now the square


@pytest.mark.slow
def test_an_unknown_or_doubled_label_fails_the_build_naming_the_page(book: Path, tmp_path: Path) -> None:
    root = copy_of(book, tmp_path)
    twins = PAGE.replace("plot_01_two_figures LABEL", "plot_02_twins twin").replace("# A page\n", "")
    (root / "docs" / "page.md").write_text(PAGE.replace("LABEL", "narrow") + twins, encoding="utf-8")
    result = sphinx_build(root / "docs", root / "html")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    for message in [
        "gallery example 'plot_01_two_figures' has no figure labelled 'narrow'; its labels: 'wide'",
        "gallery example 'plot_02_twins' labels 2 figures 'twin'",
    ]:
        assert re.search(rf"page\.md:\d+: ERROR: gallery-figure: {re.escape(message)}", output), output[
            -3000:
        ]
