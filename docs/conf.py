"""Sphinx configuration of the convdocs book."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import convdocs

DOCS = Path(__file__).parent
sys.path.insert(0, str(DOCS / "_ext"))
sys.path.insert(0, str(DOCS))
# The build's environment (thread counts, seeds), and myst-nb's cache, which editions.py fills first.
from editions import ENV, EXECUTION_CACHE, EXECUTION_TIMEOUT  # noqa: E402

for _name, _value in ENV.items():
    os.environ.setdefault(_name, _value)

project = "convdocs: From Fully Connected Layers to Convolutions"
author = "the convdocs authors"
copyright = f"2026, {author}"  # "<year>, <author>": the Chinese edition translates it
release = version = convdocs.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
    "myst_nb",
    "sphinx_gallery.gen_gallery",
    # Gallery figures shown on pages by example and label, not by numbered path (docs/_ext).
    "gallery_figures",
    "sphinx_copybutton",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "sphinxext.opengraph",
    # Math rendered while the book is built, by KaTeX in Node: the reader's browser runs no math engine.
    "sphinxcontrib.katex",
    "prerendered_math",  # its server started reliably, its fonts preloaded (docs/_ext/prerendered_math.py)
    # Local extensions (docs/_ext): images with their size (no layout shift) and lazy below the first,
    # names that Sphinx and myst-nb leave out, gallery animations offline, named and with their frames
    # loaded on demand, 404 links, a sitemap of every page.
    "image_sizes",
    "accessible_names",
    "animations",
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
nb_execution_timeout = EXECUTION_TIMEOUT
# One cache for both editions (the Chinese build is written elsewhere but runs nothing again).
nb_execution_cache_path = str(DOCS / EXECUTION_CACHE)
nb_merge_streams = True
# A warning printed by a cell (stderr) is a build warning, so -W fails and names the page: it would
# otherwise be shown to readers, with the kernel's temporary file name in it.
nb_output_stderr = "warn"
# The pages hide whole cells only (hide-cell), so the toggle's text names no type: a message without a
# placeholder, which the Chinese edition translates (docs/locale/zh_CN/LC_MESSAGES/sphinx.po).
nb_code_prompt_show = "Show code cell content"
nb_code_prompt_hide = "Hide code cell content"
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
    # Figures as Sphinx's own images (sized and lazy, docs/_ext/image_sizes.py); thumbnails twice the
    # size the gallery shows them.
    "thumbnail_size": (320, 224),
}

# Build speed (`nox -s bench` measures it: benchmarks/README.md). docs/editions.py executes the pages that
# miss myst-nb's cache before the build, one process a core; gallery examples run two at a time.

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

html_theme = "furo"
html_title = "From Fully Connected Layers to Convolutions"
# KaTeX's style sheet and fonts, from the copy npm installs (docs/package.json), served by the site.
html_static_path = ["_static", "node_modules/katex/dist"]
html_css_files = ["convdocs.css"]
# KaTeX's copy-tex: copying an equation puts its TeX on the clipboard (it renders nothing);
# a tab stop on code that scrolls sideways, for keyboard readers.
html_js_files = [
    ("contrib/copy-tex.min.js", {"defer": "defer"}),
    ("scrollable-code.js", {"defer": "defer"}),
]
html_last_updated_fmt = None
# A sized image is not made a link to its own file (docs/_ext/image_sizes.py sizes every image).
html_scaled_image_link = False
# Where the site is published (CONVDOCS_BASE_URL: the Pages and Read the Docs builds set it).
BASE_URL = os.environ.get("CONVDOCS_BASE_URL") or "https://convdocs.readthedocs.io/en/latest/"
html_baseurl = BASE_URL.rstrip("/") + "/"
html_theme_options = {
    # The button at the top of each page shows the page's source (_sources/), which the reader can save.
    "top_of_page_buttons": ["view"],
}
# Furo's sidebar, with the same page in the other language (docs/_templates/language-switch.html)
# under the search field.
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "language-switch.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/scroll-end.html",
    ]
}

html_math_renderer = "katex"
katex_prerender = True
katex_css_path = "katex.min.css"

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

templates_path = ["_templates"]

# Translations (docs/locale, CONTRIBUTING.md "A translation"): one catalog per page, no source line
# numbers (they would change the catalogs whenever a line moves). `-D language=zh_CN` selects the Chinese
# edition; the translation extension picks its settings.
language = "en"
locale_dirs = ["locale/"]
gettext_compact = False
gettext_location = False
gettext_uuid = False
