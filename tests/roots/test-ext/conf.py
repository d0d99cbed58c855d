"""A tiny book for tests/test_ext.py: the book's local extensions (docs/_ext, on sys.path there)."""

project = "Extensions under test"
extensions = [
    "animations",
    "accessible_names",
    "image_sizes",
    "notfound_links",
    "sitemap_complete",
]
html_baseurl = "https://example.org/book/"
sitemap_url_scheme = "{link}"
notfound_urls_prefix = "/book/"
exclude_patterns = ["_build"]
html_scaled_image_link = False  # as in the book: a sized image is no link to itself
