"""The Simplified Chinese edition: one source, two languages, code run once.

The English book is built as usual; ``-D language=zh_CN`` builds the same sources again from the gettext
catalogs in ``docs/locale/zh_CN`` and reuses the English build's execution (myst-nb's cache keys on code,
sphinx-gallery's on checksums). This extension does what no setting does; each point names the upstream
issue it works around, or says that the feature is missing upstream:

- per-language settings, chosen in ``config-inited`` because ``-D language=...`` is not visible to
  ``conf.py`` (Sphinx applies overrides after it runs; by design, not a bug): base URL under ``zh-cn/``,
  the search dictionary, and the translated settings (title, code-cell prompts, copyright line);
- catalogs whose ``{glue}`` roles resolve: Sphinx parses each translated message into a fresh document
  without myst-nb's renderer (``sphinx/transforms/i18n.py``, ``_publish_msgstr``), where a glue key of the
  page itself renders empty with only a warning. Written as ``/page.md::key``, myst-nb resolves it after
  parsing, so the catalogs are compiled into ``_build/locale`` with every glue key qualified that way
  (no upstream issue found: myst-nb's glue has no support for translated documents);
- display math is not a message: it is kept out of the catalogs; glued LaTeX (``10^9``) in a translated
  message is rendered as math, which myst-nb's cross-document glue does not do (its mime-type list has
  no ``text/latex``; no upstream issue found);
- Chinese search in the browser: Sphinx 9.0's Chinese language data sets ``window.Stemmer`` to an
  undefined ``ChineseStemmer`` (sphinx-doc/sphinx#14229, fixed after 9.0.4), and the default query
  splitter splits on non-letters only, so a Chinese phrase is one term that matches nothing. The
  language below uses the English stemmer it already ships and splits queries with ``Intl.Segmenter``;
- a language switch and ``hreflang`` alternates on every page, to the same page in the other language
  (a feature the theme does not have), from the editions table of ``docs/editions.py``;
- interface strings in one catalog, ``docs/locale/<language>/LC_MESSAGES/sphinx.po``, the catalog Sphinx
  itself reads for its own and the theme's messages (``locale_dirs``): the theme's strings that Sphinx's
  Chinese catalog lacks (furo ships no catalogs), the settings readers see (``TRANSLATED_SETTINGS``) and
  the English that ``docs/_ext`` writes into pages. The gettext builder extracts them into ``sphinx.pot``
  with the template's (``_()`` and ``N_()`` calls, by Babel), so they are updated and checked as every
  other message is;
- English that no catalog can reach: the gallery thumbnails' titles and tooltips, which sphinx-gallery
  writes as raw HTML from the English docstring (raw HTML is no message), and the name of a table's
  scrolling region. They are translated in the page's body before the page is written.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po
from docutils import nodes
from editions import EDITIONS
from myst_nb.ext.glue.crossref import read_glue_cache
from myst_nb.ext.glue.utils import PendingGlueReference
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import _
from sphinx.search import languages as search_languages
from sphinx.search.zh import SearchChinese
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

EXTENSIONS = Path(__file__).resolve().parent
DOCS = EXTENSIONS.parent
LOCALE_SOURCES = DOCS / "locale"
GLOSSARY = LOCALE_SOURCES / "glossary.tsv"
COMPILED_LOCALE = DOCS / "_build" / "locale"


def N_(message: str) -> str:
    """Mark ``message`` for the interface catalog, untranslated (gettext's convention for ``N_``)."""
    return message


# The theme's messages that Sphinx's Chinese catalog does not translate.
THEME_MESSAGES = (
    N_("Skip to content"),
    N_("Back to top"),
    N_("On this page"),
    N_("View this page"),
    N_("Toggle site navigation sidebar"),
    N_("Toggle table of contents sidebar"),
    N_("Toggle Light / Dark / Auto color theme"),
    N_("Copyright &#169; %(copyright)s"),
    N_("Made with "),
    N_('<a href="https://www.sphinx-doc.org/">Sphinx</a> and '),
    N_("Next"),
    N_("Previous"),
    N_("Home"),
)
# Settings of conf.py that readers see, translated as messages of the interface catalog.
TRANSLATED_SETTINGS = ("project", "html_title", "author", "nb_code_prompt_show", "nb_code_prompt_hide")
# The footer's copyright line: conf.py's copyright is "<year>, <author>".
COPYRIGHT = N_("{year}, {author}")
# A table's scrolling region is named by its title, or by this word (convdocs.tables).
TABLE_LABEL = N_("table")
THUMBNAIL_TITLE = re.compile(r'(<div class="sphx-glr-thumbnail-title">)([^<]+)(</div>)')
THUMBNAIL_TOOLTIP = re.compile(r'(<div class="sphx-glr-thumbcontainer" tooltip=")([^"]*)(")')


# {glue}`key`, {glue:text}`key:fmt`, {glue:any}`key` ... whose key names no page.
GLUE_ROLE = re.compile(r"(\{glue(?::[a-z]+)?\}`)(?![^`]*::)([^`]+`)")


def glossary() -> list[tuple[str, str]]:
    """Return the reviewed term list, (English, Chinese) pairs, from ``docs/locale/glossary.tsv``."""
    pairs = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            english, chinese = line.split("\t")
            pairs.append((english.strip(), chinese.strip()))
    return pairs


def _words(text: str) -> str:
    return " ".join(text.split())


@cache
def gallery_messages(language: str) -> dict[str, str]:
    """Return the translated messages of the gallery's catalogs, keyed by their English, spaces collapsed."""
    messages = {}
    for po_path in sorted((LOCALE_SOURCES / language / "LC_MESSAGES" / "examples").glob("*.po")):
        with po_path.open("rb") as po_file:
            for message in read_po(po_file, locale=language):
                if message.id and isinstance(message.id, str) and message.string:
                    messages[_words(message.id)] = message.string
    return messages


def translate_literals(page: str, messages: dict[str, str], translate: Callable[[str], str] = str) -> str:
    """Translate the literal English of a written page (see the module docstring).

    ``messages`` are the gallery's translated messages; ``translate`` gives the interface catalog's text.

    >>> card = '<div class="sphx-glr-thumbcontainer" tooltip="A &#x27;cat&#x27;.">'
    >>> card += '<div class="sphx-glr-thumbnail-title">Cats</div>'
    >>> translate_literals(card, {"Cats": "猫", "A 'cat'.": "一只“猫”。"})
    '<div class="sphx-glr-thumbcontainer" tooltip="一只“猫”。"><div class="sphx-glr-thumbnail-title">猫</div>'
    >>> translate_literals('<div role="region" aria-label="table">', {}, {"table": "表格"}.get)
    '<div role="region" aria-label="表格">'
    """
    label = html.escape(translate(TABLE_LABEL), quote=True)
    page = page.replace(f'aria-label="{TABLE_LABEL}"', f'aria-label="{label}"')

    def translated(match: re.Match[str]) -> str:
        english = _words(html.unescape(match[2]))
        return match[1] + html.escape(messages.get(english, html.unescape(match[2])), quote=True) + match[3]

    page = THUMBNAIL_TITLE.sub(translated, page)
    return THUMBNAIL_TOOLTIP.sub(translated, page)


def qualify_glue_keys(message: str, docname: str) -> str:
    """Write every glue key of ``message`` as ``/docname.md::key``.

    ``{glue:text}`` reads the text after its last colon as a format, so a key without one gets the
    default format ``s`` written out.

    >>> qualify_glue_keys("{glue:text}`a:,`, {glue:text}`b`, {glue}`c`, {glue}`/x.md::d`", "ch/p")
    '{glue:text}`/ch/p.md::a:,`, {glue:text}`/ch/p.md::b:s`, {glue}`/ch/p.md::c`, {glue}`/x.md::d`'
    """

    def qualified(match: re.Match[str]) -> str:
        role, key = match[1], match[2][:-1]
        if role == "{glue:text}`" and ":" not in key:
            key += ":s"
        return f"{role}/{docname}.md::{key}`"

    return GLUE_ROLE.sub(qualified, message)


def compile_catalogs(language: str, destination: Path) -> Path:
    """Copy the catalogs of ``language`` into ``destination`` with glue keys qualified; return it.

    Sphinx compiles the copies and re-reads a page when its catalog changes, so a copy is rewritten only
    when its content does.
    """
    source = LOCALE_SOURCES / language / "LC_MESSAGES"
    for po_path in sorted(source.rglob("*.po")):
        docname = po_path.relative_to(source).with_suffix("").as_posix()
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=language)
        for message in catalog:
            if message.id and isinstance(message.string, str) and message.string:
                message.string = qualify_glue_keys(message.string, docname)
        buffer = io.BytesIO()
        write_po(buffer, catalog, width=0)
        copy = destination / language / "LC_MESSAGES" / po_path.relative_to(source)
        if not copy.is_file() or copy.read_bytes() != buffer.getvalue():
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(buffer.getvalue())
    return destination


def edition_settings(app: Sphinx, config: Config) -> None:
    """Point the build at its own URL and catalogs, and translate the settings readers see."""
    language = config.language or "en"
    if language not in EDITIONS:
        raise ValueError(f"language must be one of {sorted(EDITIONS)}, got {language!r}")
    folder = EDITIONS[language].folder
    config.html_baseurl = config.html_baseurl + folder
    config.ogp_site_url = config.html_baseurl
    config.notfound_urls_prefix = config.notfound_urls_prefix + folder
    year = config.copyright.split(",")[0].strip()
    for name in TRANSLATED_SETTINGS:
        setattr(config, name, _(getattr(config, name)))
    config.copyright = _(COPYRIGHT).format(year=year, author=config.author)
    config.ogp_site_name = config.html_title
    if language != "en":
        config.locale_dirs = [str(compile_catalogs(language, COMPILED_LOCALE))]
        user_dictionary = COMPILED_LOCALE / "search-terms.txt"
        user_dictionary.write_text("".join(f"{zh} 100000\n" for _, zh in glossary()), encoding="utf-8")
        config.html_search_options = {"dict": str(user_dictionary)}


def interface_messages(config: Config) -> Iterator[str]:
    """Yield the English of the interface catalog's messages that no template holds.

    They are the settings in ``TRANSLATED_SETTINGS`` and every string that ``docs/_ext`` marks with
    ``_()`` or ``N_()``, found by Babel's extractor, as ``xgettext`` would find them.
    """
    for name in TRANSLATED_SETTINGS:
        yield getattr(config, name)
    for _filename, _line, message, *_rest in extract_from_dir(
        EXTENSIONS, method_map=[("*.py", "python")], keywords={"_": None, "N_": None}
    ):
        yield message


def write_interface_template(app: Sphinx, exception: Exception | None) -> None:
    """Add the interface messages to the gettext builder's ``sphinx.pot`` (its templates' messages)."""
    if exception is not None or app.builder.name != "gettext":
        return
    template = Path(app.outdir) / "sphinx.pot"
    catalog = Catalog(project=app.config.project, version=app.config.version)
    if template.is_file():
        with template.open("rb") as file:
            catalog = read_po(file)
    for message in interface_messages(app.config):
        catalog.add(message)
    with template.open("wb") as file:
        write_po(file, catalog, width=0, omit_header=False)


class MathIsNotAMessage(SphinxTransform):
    """Keep display math out of the catalogs: TeX is the same in every language."""

    default_priority = 15  # before sphinx.transforms.i18n.Locale (20)

    def apply(self, **kwargs: Any) -> None:
        """Mark every display equation as not translatable."""
        for node in self.document.findall(nodes.math_block):
            node["translatable"] = False


class SearchChineseInTheBrowser(SearchChinese):
    """Chinese search whose language data runs: the English stemmer, queries cut into indexed words."""

    language_name = "English"  # names the stemmer class of the shipped english-stemmer.js
    js_splitter_code = r"""
function splitQuery(query) {
  // Latin words as they are; runs of Chinese cut into the longest words the search index knows, since
  // the browser's Intl.Segmenter cuts technical terms such as 卷积核 into single characters.
  const index = typeof Search !== "undefined" && Search._index ? Search._index : {};
  const known = (word) =>
    (index.terms && word in index.terms) || (index.titleterms && word in index.titleterms);
  const words = [];
  for (const part of query.split(/[\s.,;:!?()\[\]{}"'，。；：！？、（）]+/u)) {
    for (const run of part.match(/\p{Script=Han}+|[^\p{Script=Han}]+/gu) || []) {
      if (!/\p{Script=Han}/u.test(run)) {
        words.push(run);
        continue;
      }
      for (let start = 0, end; start < run.length; start = end) {
        end = Math.min(run.length, start + 8);
        while (end > start + 1 && !known(run.slice(start, end))) end--;
        if (known(run.slice(start, end))) words.push(run.slice(start, end));
      }
    }
  }
  return words;
}
"""


class GluedMathInTranslations(SphinxPostTransform):
    """Render glued LaTeX (``IPython.display.Latex``) that a translated message refers to as math.

    In a translated message every glue key is a cross-document reference (see the module docstring),
    and myst-nb renders those from a short list of mime types without ``text/latex``, so ``10^9`` would
    show as ``<IPython.core.display.Latex object>``. This runs just before myst-nb's own replacement.
    """

    default_priority = 4  # myst_nb.ext.glue.crossref.ReplacePendingGlueReferences is 5

    def apply(self, **kwargs: Any) -> None:
        """Replace each pending glue reference to LaTeX with an inline math node."""
        cache_folder = self.env.mystnb_config.output_folder
        for node in list(self.document.findall(PendingGlueReference)):
            output = read_glue_cache(cache_folder, node.refdoc).get(node.key, {})
            latex = output.get("data", {}).get("text/latex", "")
            if node.gtype is None and latex.startswith("$") and latex.endswith("$"):
                tex = latex.strip("$")
                node.replace_self(nodes.math(tex, tex))


def translate_page_literals(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """Translate the literal English of a page's body (see the module docstring) before it is written."""
    language = app.config.language or "en"
    if language != "en" and "body" in context:
        context["body"] = translate_literals(context["body"], gallery_messages(language), _)


def page_links(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Give every page its addresses in both editions: ``hreflang`` links and the language switch."""
    edition = EDITIONS[app.config.language or "en"]
    root = app.config.html_baseurl.removesuffix(edition.folder)
    page = pagename + app.builder.out_suffix
    if pagename == "index":
        page = ""
    to_site_root = "../" * (pagename.count("/") + edition.folder.count("/"))
    alternates = [(other.tag, root + other.folder + page) for other in EDITIONS.values()]
    alternates.append(("x-default", root + page))
    context["metatags"] = context.get("metatags", "") + "".join(
        f'<link rel="alternate" hreflang="{tag}" href="{href}" />\n' for tag, href in alternates
    )
    if pagename == app.config.notfound_pagename:
        # The 404 page is served at any address, so its links start at the site's path, not at the page.
        to_site_root = urlsplit(root).path
    context["other_editions"] = [
        (other.name, other.tag, to_site_root + other.folder + (page or "index.html"))
        for other in EDITIONS.values()
        if other != edition
    ]


def setup(app: Sphinx) -> dict[str, object]:
    """Register the extension with Sphinx."""
    search_languages["zh"] = SearchChineseInTheBrowser
    app.connect("config-inited", edition_settings)
    app.add_transform(MathIsNotAMessage)
    app.add_post_transform(GluedMathInTranslations)
    app.connect("build-finished", write_interface_template)
    app.connect("html-page-context", page_links)
    app.connect("html-page-context", translate_page_literals)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
