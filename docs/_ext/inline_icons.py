r"""Draw the theme's icons as inline SVG, and drop the 1.5 MB Font Awesome script that drew them.

Why: pydata-sphinx-theme loads all of Font Awesome as JavaScript (``scripts/fontawesome.js``, 529 KiB
gzip, the heaviest file of every page) to turn some twenty ``<i class="fa-solid fa-...">`` elements into
SVG after the page has loaded. This extension does that while the book is built: each Font Awesome
element of a written page becomes the icon's ``<svg>``, taken from ``@fortawesome/fontawesome-free``
(npm, the version the theme ships; icons CC BY 4.0, credited in ``_static/convdocs.css``), with the
markup Font Awesome's script writes (``svg-inline--fa`` and the element's other classes and attributes),
so the theme's style sheets and scripts treat it as before. The theme's ``<script>`` tag for Font
Awesome is removed. An icon name that the package does not know fails the build.

The theme's style sheet draws a few more icons with Font Awesome's font (admonition titles, download
links, external links, breadcrumbs: ``--pst-icon-*`` variables), which made pages with a note download
the whole 113 KiB solid font. The site's copy of that font is cut down (fontTools) to the sixteen glyphs
those variables name, 2 KiB; and the 1,970 rules of the theme's style sheet that map a class to a Font
Awesome glyph (``.fa-bars{--fa:"\f0c9"}``, 66 KB, 19 KiB gzip), which nothing uses once the icons are
SVG, are left out of the site's copy of it.

It rewrites the HTML pages this build wrote (found by their modification time, which works under
``sphinx-build -j`` too), when the build has finished: the icons are in the theme's templates as well
as in the body, so the body alone (``html-page-context``) would miss them.
"""

from __future__ import annotations

import html
import json
import re
import time
from functools import cache
from pathlib import Path

from fontTools import subset
from sphinx.application import Sphinx
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
STYLES = {
    "fa": "solid",
    "fas": "solid",
    "fa-solid": "solid",
    "far": "regular",
    "fa-regular": "regular",
    "fab": "brands",
    "fa-brands": "brands",
}
# Classes of Font Awesome that change how an icon is drawn, not which icon it is.
MODIFIERS = re.compile(
    r"fa-(?:\d?x[sl]|sm|lg|\dx|fw|flip-\w+|rotate-\d+|spin|pulse|border|inverse|li|pull-\w+)$"
)
ICON_ELEMENT = re.compile(r"<(?P<tag>i|span)\b(?P<attributes>[^<>]*)>\s*</(?P=tag)>")
ATTRIBUTE = re.compile(r'([\w:-]+)="([^"]*)"')
SCRIPT = re.compile(r'\s*<script\b[^>]*\bsrc="[^"]*_static/scripts/fontawesome\.js[^"]*"[^>]*>\s*</script>')
SVG = re.compile(r'viewBox="(?P<box>[^"]+)".*?<path[^>]*\bd="(?P<path>[^"]+)"', re.DOTALL)


def package(app: Sphinx) -> Path:
    """Return the folder of ``@fortawesome/fontawesome-free`` installed by npm."""
    return Path(app.confdir) / "node_modules" / "@fortawesome" / "fontawesome-free"


@cache
def aliases(root: Path) -> dict[str, str]:
    """Map old icon names (``fast-backward``, as matplotlib's animations write) -> current ones."""
    families = json.loads((root / "metadata" / "icon-families.json").read_text(encoding="utf-8"))
    return {
        alias: name for name, icon in families.items() for alias in icon.get("aliases", {}).get("names", [])
    }


@cache
def icon(root: Path, style: str, name: str) -> tuple[str, str] | None:
    """Return the (viewBox, path) of an icon, or None if Font Awesome has no icon of that name and style."""
    for candidate in (name, aliases(root).get(name)):
        path = root / "svgs" / style / f"{candidate}.svg"
        if candidate and path.is_file():
            match = SVG.search(path.read_text(encoding="utf-8"))
            if match:
                return match["box"], match["path"]
    return None


def svg_for(attributes: str, root: Path) -> str | None:
    """Return the inline ``<svg>`` for one Font Awesome element's attributes; None if it is no icon.

    Raises KeyError for an icon that Font Awesome does not have.
    """
    values = dict(ATTRIBUTE.findall(attributes))
    classes = values.pop("class", "").split()
    styles = [c for c in classes if c in STYLES]
    names = [c[3:] for c in classes if c.startswith("fa-") and c not in STYLES and not MODIFIERS.match(c)]
    if not styles or len(names) != 1:
        return None
    style, name = STYLES[styles[0]], names[0]
    found = icon(root, style, name)
    if found is None:
        raise KeyError(f"fa-{name} ({style})")
    box, path = found
    kept = [c for c in classes if c not in STYLES]
    # A title would name the button or link that holds the icon differently from its visible text
    # (axe: label-content-name-mismatch); the control is named by its own label.
    values.pop("title", None)
    extra = "".join(f' {key}="{value}"' for key, value in values.items())
    return (
        f'<svg class="svg-inline--fa {" ".join(kept)}"{extra} aria-hidden="true" focusable="false" '
        f'data-icon="{name}" xmlns="http://www.w3.org/2000/svg" viewBox="{box}">'
        f'<path fill="currentColor" d="{path}"></path></svg>'
    )


def inline_icons(page: str, root: Path) -> tuple[str, list[str]]:
    """Replace the Font Awesome elements of ``page`` by inline SVG; return it and the unknown icons.

    >>> root = Path(__file__).resolve().parents[1] / "node_modules" / "@fortawesome" / "fontawesome-free"
    >>> page, unknown = inline_icons('<b><i class="fa-solid fa-bars fa-lg"></i></b>', root)
    >>> page.startswith('<b><svg class="svg-inline--fa fa-bars fa-lg" aria-hidden="true"'), unknown
    (True, [])
    >>> inline_icons('<i class="fa fa-no-such-icon"></i> <i class="note"></i>', root)
    ('<i class="fa fa-no-such-icon"></i> <i class="note"></i>', ['fa-no-such-icon (solid)'])
    """
    unknown: list[str] = []

    def replace(match: re.Match[str]) -> str:
        try:
            return svg_for(html.unescape(match["attributes"]), root) or match[0]
        except KeyError as error:
            unknown.append(error.args[0])
            return match[0]

    return SCRIPT.sub("", ICON_ELEMENT.sub(replace, page)), unknown


CSS_ICON = re.compile(r'--pst-(?:icon-[\w-]+|breadcrumb-divider):"([^"]+)"')
THEME_CSS = Path("_static") / "styles" / "pydata-sphinx-theme.css"
SOLID_FONT = Path("_static") / "vendor" / "fontawesome" / "webfonts" / "fa-solid-900.woff2"


def css_icon_characters(css: str) -> set[int]:
    r"""Return the code points of the icons a theme style sheet draws with Font Awesome's font.

    The theme writes them as characters or as CSS escapes (``\f0f3``).

    >>> sorted(css_icon_characters(':root{--pst-icon-bell:"\\f0f3";--pst-breadcrumb-divider:"\uf105"}'))
    [61683, 61701]
    """
    characters = set()
    for value in CSS_ICON.findall(css):
        text = re.sub(r"\\([0-9a-fA-F]{1,6}) ?", lambda m: chr(int(m[1], 16)), value)
        characters.update(ord(character) for character in text)
    return characters


GLYPH_RULE = re.compile(r'(?:\.fa-[\w-]+,?)+\{--fa:"[^"]*"\}')


def without_glyph_rules(css: str) -> str:
    r"""Drop the rules that only map Font Awesome classes to their glyphs.

    >>> without_glyph_rules('.fa-0{--fa:"\\30 "}.fa-bars,.fa-navicon{--fa:"\\f0c9"}.fa-lg{font-size:1.25em}')
    '.fa-lg{font-size:1.25em}'
    """
    return GLYPH_RULE.sub("", css)


def subset_font(source: Path, target: Path, characters: set[int]) -> None:
    """Write ``source`` (a WOFF2 font) to ``target`` with only the glyphs of ``characters``."""
    options = subset.Options()
    options.flavor = "woff2"
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=characters)
    subsetter.subset(font)
    partial = target.with_name(f".{target.name}.partial")
    subset.save_font(font, str(partial), options)
    partial.replace(target)


def _trim_theme_assets(app: Sphinx) -> None:
    """Cut the site's copies of the theme's style sheet and solid icon font down to what is used."""
    import pydata_sphinx_theme

    outdir = Path(app.outdir)
    theme = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
    css, font = (
        (outdir / THEME_CSS, theme / THEME_CSS.relative_to("_static")),
        (
            outdir / SOLID_FONT,
            theme / SOLID_FONT.relative_to("_static"),
        ),
    )
    if not (css[0].is_file() and css[1].is_file() and font[0].is_file() and font[1].is_file()):
        return
    original = css[1].read_text(encoding="utf-8")
    trimmed = without_glyph_rules(original)
    if css[0].read_text(encoding="utf-8") != trimmed:
        css[0].write_text(trimmed, encoding="utf-8")
    characters = css_icon_characters(original)
    if characters and font[0].stat().st_size == font[1].stat().st_size:
        subset_font(font[1], font[0], characters)


ASSET_FOLDERS = {"_static", "_sources", "_downloads", "_images"}


def pages_written_since(outdir: Path, started: float) -> list[Path]:
    """Return the HTML pages under ``outdir`` written at or after ``started`` (seconds since the epoch)."""
    return sorted(
        path
        for path in outdir.rglob("*.html")
        if path.relative_to(outdir).parts[0] not in ASSET_FOLDERS and path.stat().st_mtime >= started
    )


def setup(app: Sphinx) -> dict[str, object]:
    """Register the extension with Sphinx."""
    started = [time.time()]

    def start(app: Sphinx) -> None:
        started[0] = time.time() - 1  # file systems that keep whole seconds

    def rewrite(app: Sphinx, exception: Exception | None) -> None:
        if exception is not None or app.builder.format != "html":
            return
        root = package(app)
        if not (root / "svgs").is_dir():
            LOGGER.warning("Font Awesome is not installed in %s: run 'npm ci --prefix docs'", root)
            return
        outdir = Path(app.outdir)
        for path in pages_written_since(outdir, started[0]):
            text = path.read_text(encoding="utf-8")
            new, unknown = inline_icons(text, root)
            for name in unknown:
                LOGGER.warning("no Font Awesome icon %s in %s", name, path.relative_to(outdir))
            if new != text:
                path.write_text(new, encoding="utf-8")
        _trim_theme_assets(app)

    app.connect("builder-inited", start)
    app.connect("build-finished", rewrite)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
