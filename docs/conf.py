"""Sphinx configuration of the convdocs book."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import convdocs

DOCS = Path(__file__).parent
sys.path.insert(0, str(DOCS / "_ext"))

project = "convdocs: From Fully Connected Layers to Convolutions"
author = "the convdocs authors"
copyright = "2026, the convdocs authors"
release = version = convdocs.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.mathjax",
    "numpydoc",
    "myst_nb",
    "sphinx_gallery.gen_gallery",
    "sphinx_copybutton",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "local_mathjax",
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
numfig_secnum_depth = 0  # equations numbered 1-7 through the whole chapter
math_eqref_format = "({number})"

# MyST and myst-nb: notebooks in markdown, executed through a cache, and any error fails the build.
myst_enable_extensions = ["amsmath", "colon_fence", "dollarmath", "deflist", "substitution"]
myst_heading_anchors = 3
nb_execution_mode = os.environ.get("CONVDOCS_NB_EXECUTION", "cache")
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_execution_timeout = 300
nb_merge_streams = True
nb_ipywidgets_js = {}  # the default loads require.js and widget code from a CDN

# sphinx-gallery: gallery/ -> docs/examples, in file-name order, seeded before each example.
sphinx_gallery_conf = {
    "examples_dirs": str(DOCS.parent / "gallery"),
    "gallery_dirs": str(DOCS / "examples"),
    "filename_pattern": r"/plot_",
    "within_subsection_order": "FileNameSortKey",
    "reset_modules": ("matplotlib", "convdocs.seeding.reset_gallery_state"),
    "capture_repr": ("_repr_html_", "__repr__"),
    "doc_module": ("convdocs",),
    "backreferences_dir": str(DOCS / "examples" / "backreferences"),
    "reference_url": {"convdocs": None},
    "abort_on_example_error": False,
    "only_warn_on_example_error": False,
    "matplotlib_animations": (True, "jshtml"),
    "plot_gallery": os.environ.get("CONVDOCS_PLOT_GALLERY", "True"),
    "download_all_examples": True,
    "remove_config_comments": True,
    "show_signature": False,
    "min_reported_time": 1,
}

# API reference from docstrings.
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
html_baseurl = os.environ.get("CONVDOCS_BASE_URL", "")
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": True,
    "home_page_in_toc": True,
    "navigation_with_keys": False,
}
