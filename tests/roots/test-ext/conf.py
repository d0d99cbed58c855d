"""A tiny book for tests/test_ext.py: the book's local extensions (docs/_ext, on sys.path there)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # gallery_settings.py

project = "Extensions under test"
extensions = [
    "gallery_settings",  # a stand-in for sphinx-gallery's configuration, which fast_images reads
    "parallel_notebooks",
    "gallery_html",
    "accessible_names",
    "fast_images",
    "lazy_details",
    "inline_icons",
    "deferred_scripts",
    "notfound_links",
    "sitemap_complete",
]
html_baseurl = "https://example.org/book/"
sitemap_url_scheme = "{link}"
notfound_urls_prefix = "/book/"
exclude_patterns = ["_build", "node_modules"]
