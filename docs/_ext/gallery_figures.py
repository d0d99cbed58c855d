"""Show a gallery example's figure on any page by the example's name and the figure's label.

Why: sphinx-gallery names the images of an example by their position, ``sphx_glr_<example>_<NNN>.png``,
and offers no stable name for them. A page that shows one by that path shows the wrong figure, without a
warning, as soon as the example gains or loses a figure before it. This has been asked of
sphinx-gallery since 2015 (sphinx-gallery/sphinx-gallery#38, "directive to insert plots ... from
examples", still open), and numbering changes have broken such paths in projects that use it
(sphinx-gallery/sphinx-gallery#464: scikit-learn's pages included ``..._000.png`` and lost it when the
numbering moved). Two pieces give the figures names:

- ``labelled_matplotlib_scraper``, the gallery's image scraper (``image_scrapers`` in ``conf.py``):
  sphinx-gallery's matplotlib scraper, which also records each saved figure's label (matplotlib's
  ``fig.set_label("score-map")``, or ``plt.figure(label=...)``) and image file in
  ``<gallery_dir>/<example>.figures.json``. The file is written whenever the example runs, so it stays
  beside the images it names; an unchanged example does not run again, and the Chinese edition, which
  runs nothing, reads the names the English build recorded.
- the ``gallery-figure`` directive, Sphinx's ``figure`` with two arguments instead of a path, the
  example and the label; its options (``:alt:``, ``:width:`` ...) and caption are the figure's, so the
  translatable messages do not change::

      ```{gallery-figure} plot_08_where_is_waldo score-map
      :alt: ...

      Caption.
      ```

A label that the example does not record, or records for more than one figure, fails the build with an
error naming the page, its line and the label. Labels that no page uses are fine.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.directives.patches import Figure
from sphinx_gallery.scrapers import matplotlib_scraper

SUFFIX = ".figures.json"
# The figures are saved as lossless WebP (a third lighter than PNG, the same pixels); sphinx-gallery's
# scraper takes the format from ``format`` and passes the rest to ``savefig``.
FORMAT = "webp"
SAVE_OPTIONS = {"format": FORMAT, "pil_kwargs": {"lossless": True}}
_RECORD = "gallery_figures"  # where the scraper keeps an example's figures while it runs (block_vars)


def manifest_path(example: Path | str) -> Path:
    """Return the manifest that names the figures of ``example``, the gallery's copy of the script.

    >>> manifest_path("docs/examples/plot_08_where_is_waldo.py").as_posix()
    'docs/examples/plot_08_where_is_waldo.figures.json'
    """
    example = Path(example)
    return example.with_name(example.stem + SUFFIX)


def _saved_file(path: str) -> Path:
    # A still is saved as WebP at the path sphinx-gallery names (.png), an animation's figure as a GIF
    # (its thumbnail).
    named = Path(path)
    saved = (named.with_suffix(f".{FORMAT}"), named.with_suffix(".gif"), named)
    return next((file for file in saved if file.is_file()), named)


def _write(path: Path, text: str) -> None:
    # Whole or not at all, even if the build stops while it is written.
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def labelled_matplotlib_scraper(
    block: Any, block_vars: dict[str, Any], gallery_conf: dict[str, Any], **kwargs: Any
) -> str:
    """Save the open figures as sphinx-gallery's matplotlib scraper does, and record their labels.

    The labels are read before the scraper saves and closes the figures, in its order (figure number),
    and paired with the image paths it took. The example's manifest (``manifest_path``) is rewritten
    after every code block, so a run of the example replaces what an earlier run recorded.
    """
    import matplotlib.pyplot as plt

    paths = block_vars["image_path_iterator"]
    first = len(paths)
    labels = plt.get_figlabels()
    rst = matplotlib_scraper(block, block_vars, gallery_conf, **{**SAVE_OPTIONS, **kwargs})
    manifest = manifest_path(block_vars["target_file"])
    figures = block_vars.setdefault(_RECORD, [])
    for label, path in zip(labels, paths.paths[first:], strict=False):
        image = _saved_file(path).relative_to(manifest.parent).as_posix()
        figures.append({"label": label, "image": image})
    example = Path(block_vars["target_file"]).stem
    text = json.dumps({"example": example, "figures": figures}, indent=1) + "\n"
    _write(manifest, text)
    return rst


def find_figure(manifests: list[Path], example: str, label: str) -> Path:
    """Return the image of the figure labelled ``label`` in ``example``, from the first manifest found.

    Raises
    ------
    LookupError
        No manifest of ``example`` exists, or it has no figure or several figures labelled ``label``.

    Examples
    --------
    >>> import json, tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> figures = [{"label": "", "image": "images/a_001.png"}, {"label": "map", "image": "images/a_002.png"}]
    >>> _ = (folder / "plot_a.figures.json").write_text(json.dumps({"figures": figures}))
    >>> find_figure([folder / "plot_a.figures.json"], "plot_a", "map").relative_to(folder).as_posix()
    'images/a_002.png'
    >>> find_figure([folder / "plot_a.figures.json"], "plot_a", "maps")
    Traceback (most recent call last):
    ...
    LookupError: gallery example 'plot_a' has no figure labelled 'maps'; its labels: 'map'
    """
    manifest = next((path for path in manifests if path.is_file()), None)
    if manifest is None:
        raise LookupError(
            f"gallery example {example!r} has recorded no figures (looked for "
            f"{', '.join(str(path) for path in manifests)}): is the name right? An example records its "
            f"figures when it runs; after `nox -s clean` every example runs again"
        )
    figures = json.loads(manifest.read_text(encoding="utf-8"))["figures"]
    images = [figure["image"] for figure in figures if figure["label"] == label]
    if not images:
        known = sorted({figure["label"] for figure in figures if figure["label"]})
        listed = ", ".join(map(repr, known)) or "none (set one with fig.set_label)"
        raise LookupError(
            f"gallery example {example!r} has no figure labelled {label!r}; its labels: {listed}"
        )
    if len(images) > 1:
        raise LookupError(
            f"gallery example {example!r} labels {len(images)} figures {label!r} ({', '.join(images)}): "
            f"a label must name one figure"
        )
    return manifest.parent / images[0]


def _gallery_dirs(app: Sphinx) -> list[Path]:
    dirs = app.config.sphinx_gallery_conf.get("gallery_dirs", [])
    dirs = [dirs] if isinstance(dirs, str) else list(dirs)
    return [Path(app.srcdir, folder) for folder in dirs]


class GalleryFigure(Figure):
    """``figure`` whose image is named by a gallery example and one of its figures' labels."""

    required_arguments = 2
    optional_arguments = 0
    final_argument_whitespace = False

    def run(self) -> list[nodes.Node]:
        """Resolve the example and label to the image file, then build the figure as ``figure`` does."""
        env = self.state.document.settings.env
        example, label = self.arguments
        manifests = [manifest_path(folder / f"{example}.py") for folder in _gallery_dirs(env.app)]
        try:
            image = find_figure(manifests, example, label)
        except LookupError as error:
            raise self.error(f"{self.name}: {error}") from None
        for manifest in manifests:
            if manifest.is_file():
                env.note_dependency(str(manifest))  # the page is read again when the names change
        page = Path(env.doc2path(env.docname)).parent
        self.arguments = [Path(os.path.relpath(image, page)).as_posix()]
        return super().run()


def setup(app: Sphinx) -> dict[str, object]:
    """Register the directive (the scraper is named in ``sphinx_gallery_conf``)."""
    app.add_directive("gallery-figure", GalleryFigure)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
