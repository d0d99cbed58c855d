"""Sphinx configuration of the convdocs book."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

import convdocs

DOCS = Path(__file__).parent
sys.path.insert(0, str(DOCS / "_ext"))

project = "convdocs: From Fully Connected Layers to Convolutions"
author = "the convdocs authors"
copyright = "2026, the convdocs authors"
release = version = convdocs.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
    "myst_nb",
    # Before sphinx-gallery, so that the pages it executes start while the gallery runs.
    "parallel_notebooks",
    "sphinx_gallery.gen_gallery",
    # Gallery figures shown on pages by example and label, not by numbered path (docs/_ext).
    "gallery_figures",
    "sphinx_copybutton",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "sphinxext.opengraph",
    # Local extensions (docs/_ext): math rendered at build time by KaTeX (served by the site), the theme's
    # icons as inline SVG instead of Font Awesome's script, images sized and lazy (WebP where smaller),
    # animations' frames loaded when played, closed answers built when opened, scripts deferred, gallery
    # HTML without CDN links, names and text alternatives the theme and sphinx-gallery leave out, 404
    # links, a sitemap of every page.
    "local_katex",
    "inline_icons",
    "fast_images",
    "lazy_animations",
    "lazy_details",
    "deferred_scripts",
    "gallery_html",
    "accessible_names",
    "notfound_links",
    "sitemap_complete",
    # The Simplified Chinese edition: per-language settings, catalogs, search, language switch.
    "translation",
    "explorers",  # interactive figures: docs/_ext/explorers.py
]

# Strict: every cross-reference must resolve (sphinx-build -n -W). Without network access there is no
# intersphinx, so names from other libraries in docstrings are written as plain text, not links.
nitpicky = True
exclude_patterns = [
    "_build",
    "node_modules",
    "README.md",
    "examples/*.ipynb",
    "**.ipynb_checkpoints",
]
numfig = True
numfig_secnum_depth = 0  # equations numbered 1-7 through the whole chapter
math_numfig = True
math_eqref_format = "({number})"

# MyST and myst-nb: notebooks in markdown, executed through a cache, and any error fails the build.
myst_enable_extensions = ["amsmath", "colon_fence", "dollarmath", "deflist", "substitution"]
myst_heading_anchors = 3
nb_execution_mode = "cache"  # `-D nb_execution_mode=off` executes nothing (docs/editions.py)
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_execution_timeout = 300
# One cache for both editions (the Chinese build is written elsewhere but runs nothing again).
nb_execution_cache_path = str(DOCS / "_build" / ".jupyter_cache")
nb_merge_streams = True
# A warning printed by a cell (stderr) is a build warning, so -W fails and names the page: it would
# otherwise be shown to readers, with the kernel's temporary file name in it.
nb_output_stderr = "warn"
nb_ipywidgets_js = {}  # the default loads require.js and widget code from a CDN

# sphinx-gallery: gallery/ -> docs/examples, in file-name order, seeded before each example.
sphinx_gallery_conf = {
    "examples_dirs": str(DOCS.parent / "gallery"),
    "gallery_dirs": str(DOCS / "examples"),
    "filename_pattern": r"/plot_",
    "within_subsection_order": "FileNameSortKey",
    "reset_modules": ("matplotlib", "convdocs.seeding.reset_gallery_state"),
    "capture_repr": ("_repr_html_", "__repr__"),
    # matplotlib's scraper, which also records each figure's label for the gallery-figure directive.
    "image_scrapers": ("gallery_figures.labelled_matplotlib_scraper",),
    "doc_module": ("convdocs",),
    "backreferences_dir": str(DOCS / "examples" / "backreferences"),
    "reference_url": {"convdocs": None},
    "abort_on_example_error": False,
    "only_warn_on_example_error": False,
    "matplotlib_animations": (True, "jshtml"),
    # Examples run unless `-D plot_gallery=0` (sphinx-gallery's own switch; docs/editions.py).
    "download_all_examples": True,
    "remove_config_comments": True,
    "show_signature": False,
    # No running times on the pages (they would change the catalogs on every build), and no execution-time
    # pages (sphinx-gallery's load jQuery and DataTables from CDNs).
    "min_reported_time": float("inf"),
    "write_computation_times": False,
    "parallel": 2,
    # A copy at twice the resolution for high-density screens; docs/_ext/fast_images.py lists both in
    # srcset by width, so phones get the small one. Thumbnails are twice the size the gallery shows.
    "image_srcset": ["2x"],
    "thumbnail_size": (320, 224),
    # optipng is a system package (.ci/run installs it); without it the figures stay uncompressed.
    "compress_images": ("images", "thumbnails", "-o1") if shutil.which("optipng") else (),
}

# Build speed (`nox -s bench` measures it; README, "Building fast"). Gallery examples run two at a time in
# worker processes, and the chapter pages that miss myst-nb's cache run in two kernels while the gallery
# runs (docs/_ext/parallel_notebooks.py).
# One thread per process unless the caller chose: the book's tensors are small, and two processes then
# never oversubscribe two cores. Kernels and workers start after this and inherit it.
convdocs_notebook_workers = 2  # docs/_ext/parallel_notebooks.py
# Kernels keep no IPython history: two kernels at a time (or a reader's own IPython) would share one
# SQLite history file, and its "database is locked" message would be printed on a page.
_ipython_profile = DOCS / "_build" / "ipython" / "profile_default"
_ipython_profile.mkdir(parents=True, exist_ok=True)
(_ipython_profile / "ipython_kernel_config.py").write_text("c.HistoryManager.enabled = False\n")
os.environ["IPYTHONDIR"] = str(_ipython_profile.parent)
sys.path.insert(0, str(DOCS))
from editions import ENV  # noqa: E402  (the build's one list of thread counts and seeds)

for _name, _value in ENV.items():
    os.environ.setdefault(_name, _value)

# API reference from docstrings: docs/api.rst lists the modules, docs/_templates/autosummary/subject.rst
# writes one page per module (into docs/generated/) from its __all__, each entry followed by the
# examples that use it (sphinx-gallery's backreferences, configured above).
autosummary_generate = True
autosummary_ignore_module_all = False
# No module index: it would repeat the API page's list of modules.
html_domain_indices = False
autodoc_typehints = "none"
autodoc_member_order = "bysource"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False

bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"

copybutton_prompt_text = r">>> |\.\.\. "
copybutton_prompt_is_regexp = True

html_theme = "sphinx_book_theme"
html_title = "From Fully Connected Layers to Convolutions"
html_static_path = ["_static"]
html_css_files = ["convdocs.css"]
html_last_updated_fmt = None
# Where the site is published (CONVDOCS_BASE_URL: the Pages and Read the Docs builds set it).
BASE_URL = os.environ.get("CONVDOCS_BASE_URL") or "https://convdocs.readthedocs.io/en/latest/"
html_baseurl = BASE_URL.rstrip("/") + "/"
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": True,
    "home_page_in_toc": True,
    "navigation_with_keys": False,
    # The same page in the other language, next to the download and full-screen buttons.
    "article_header_end": ["language-switch", "article-header-buttons"],
}

# The published site: the base URL gives the sitemap, canonical links, OpenGraph tags and the 404 page's
# links, which are absolute from the base path so that the page works at any depth. Nothing here makes a
# page load anything from another host: OpenGraph adds meta tags only.
html_favicon = "_static/favicon.svg"
sitemap_url_scheme = "{link}"
sitemap_excludes = ["404.html", "search.html", "genindex.html", "py-modindex.html"]
ogp_site_url = html_baseurl
ogp_site_name = html_title
ogp_type = "website"
ogp_use_first_image = True
ogp_social_cards = {"enable": False}
notfound_urls_prefix = urlsplit(html_baseurl).path

# The theme's search button named by its visible text (docs/_templates); light or dark as the reader's
# system is set.
templates_path = ["_templates"]
html_context = {"default_mode": "auto"}

# Translations (docs/locale, README "Translating"): one catalog per page, no source line numbers (they
# would change the catalogs whenever a line moves). `-D language=zh_CN` selects the Chinese edition; the
# translation extension picks its settings.
language = "en"
locale_dirs = ["locale/"]
gettext_compact = False
gettext_location = False
gettext_uuid = False
