"""The Simplified Chinese edition: one source, two languages, code run once.

The English book is built as usual; ``-D language=zh_CN`` builds the same sources again from the gettext
catalogs in ``docs/locale/zh_CN`` and reuses the English build's execution (myst-nb's cache keys on code,
sphinx-gallery's on checksums). This extension does what no setting does; each point names the upstream
issue it works around, or says that the feature is missing upstream:

- per-language settings, chosen in ``config-inited`` because ``-D language=...`` is not visible to
  ``conf.py`` (Sphinx applies overrides after it runs; by design, not a bug): base URL under ``zh-cn/``,
  code-cell prompts, the search dictionary, the copyright line;
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
  (a feature neither theme has);
- theme messages that no catalog translates are added as a fallback of the template translator (furo
  ships no catalogs and relies on Sphinx's, which lacks its own strings such as "On this page");
- English that no catalog can reach: the buttons of matplotlib's animation player
  (``matplotlib/_animation_data.py`` has no translation at all) and the gallery thumbnails' titles and
  tooltips, which sphinx-gallery writes as raw HTML from the English docstring (raw HTML is no message).
  They are translated in the page's body before the page is written.
"""

from __future__ import annotations

import gettext
import html
import io
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from babel.messages.pofile import read_po, write_po
from docutils import nodes
from myst_nb.ext.glue.crossref import read_glue_cache
from myst_nb.ext.glue.utils import PendingGlueReference
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.search import languages as search_languages
from sphinx.search.zh import SearchChinese
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

DOCS = Path(__file__).resolve().parents[1]
LOCALE_SOURCES = DOCS / "locale"
GLOSSARY = LOCALE_SOURCES / "glossary.tsv"
COMPILED_LOCALE = DOCS / "_build" / "locale"

# language -> (name in its own language, BCP 47 tag, folder of the site it is published in)
EDITIONS = {
    "en": ("English", "en", ""),
    "zh_CN": ("简体中文", "zh-CN", "zh-cn/"),
}
SWITCH_LABELS = {"en": "Read this page in another language", "zh_CN": "用其他语言阅读本页"}
UI_STRINGS = {
    "zh_CN": {"nb_code_prompt_show": "显示单元格内容", "nb_code_prompt_hide": "隐藏单元格内容"},
}
TITLES = {"zh_CN": ("从全连接层到卷积", "convdocs：从全连接层到卷积")}  # html_title, project
# The footer's copyright line, {year} from conf.py's copyright.
COPYRIGHTS = {"zh_CN": "{year}，convdocs 作者"}
SPHINX_LINK = '<a href="https://www.sphinx-doc.org/">Sphinx</a>'
# Strings the theme's templates translate but no Chinese catalog has.
THEME_MESSAGES = {
    "zh_CN": {
        "Skip to content": "跳到正文",
        "Back to top": "回到顶部",
        "On this page": "本页内容",
        "View this page": "查看本页源文件",
        "Toggle site navigation sidebar": "显示或隐藏全书目录",
        "Toggle table of contents sidebar": "显示或隐藏本页目录",
        "Toggle Light / Dark / Auto color theme": "切换浅色、深色或跟随系统的颜色主题",
        "Copyright &#169; %(copyright)s": "版权所有 &#169; %(copyright)s",
        "Made with ": "本站使用 ",
        f"{SPHINX_LINK} and ": f"{SPHINX_LINK} 和 ",
        "Next": "下一页",
        "Previous": "上一页",
        "Home": "首页",
    },
}
# Literal English in the written pages (see the module docstring): exact text -> its translation.
PAGE_LITERALS = {
    "zh_CN": {
        'aria-label="Frame of the animation"': 'aria-label="动画的帧"',
        'aria-label="table"': 'aria-label="表格"',
        ">Once</label>": ">播放一次</label>",
        ">Loop</label>": ">循环</label>",
        ">Reflect</label>": ">往返</label>",
    },
}
# The buttons of matplotlib's animation player, each named by its title and its aria-label.
ANIMATION_BUTTONS = {
    "zh_CN": {
        "Decrease speed": "减速",
        "First frame": "第一帧",
        "Previous frame": "上一帧",
        "Play backwards": "倒放",
        "Pause": "暂停",
        "Play": "播放",
        "Next frame": "下一帧",
        "Last frame": "最后一帧",
        "Increase speed": "加速",
        "Repetition mode": "重复方式",
    },
}
THUMBNAIL_TITLE = re.compile(r'(<div class="sphx-glr-thumbnail-title">)([^<]+)(</div>)')
THUMBNAIL_TOOLTIP = re.compile(r'(<div class="sphx-glr-thumbcontainer" tooltip=")([^"]*)(")')


class ThemeMessages(gettext.NullTranslations):
    """The last fallback of the template translator: the theme messages its catalog lacks."""

    def __init__(self, messages: dict[str, str]) -> None:
        super().__init__()
        self.messages = messages

    def gettext(self, message: str) -> str:
        """Return the Chinese of ``message``, or ``message`` itself."""
        return self.messages.get(message, message)


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


def translate_literals(page: str, language: str, messages: dict[str, str]) -> str:
    """Translate the literal English of a written page (see the module docstring).

    >>> page = '<button title="Play" aria-label="Play"></button><label for="a">Loop</label>'
    >>> translate_literals(page, "zh_CN", {})
    '<button title="播放" aria-label="播放"></button><label for="a">循环</label>'
    >>> card = '<div class="sphx-glr-thumbcontainer" tooltip="A &#x27;cat&#x27;.">'
    >>> card += '<div class="sphx-glr-thumbnail-title">Cats</div>'
    >>> translate_literals(card, "zh_CN", {"Cats": "猫", "A 'cat'.": "一只“猫”。"})
    '<div class="sphx-glr-thumbcontainer" tooltip="一只“猫”。"><div class="sphx-glr-thumbnail-title">猫</div>'
    """
    for english, translated in PAGE_LITERALS.get(language, {}).items():
        page = page.replace(english, translated)
    for english, translated in ANIMATION_BUTTONS.get(language, {}).items():
        page = page.replace(f'title="{english}"', f'title="{translated}"')
        page = page.replace(f'aria-label="{english}"', f'aria-label="{translated}"')

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
    """Point the build at its own URL and catalogs, and set the strings of this language."""
    language = config.language or "en"
    if language not in EDITIONS:
        raise ValueError(f"language must be one of {sorted(EDITIONS)}, got {language!r}")
    folder = EDITIONS[language][2]
    config.html_baseurl = config.html_baseurl + folder
    config.ogp_site_url = config.html_baseurl
    config.notfound_urls_prefix = config.notfound_urls_prefix + folder
    config.html_context = {**config.html_context, "editions": EDITIONS, "edition_folder": folder}
    for name, value in UI_STRINGS.get(language, {}).items():
        setattr(config, name, value)
    if language in TITLES:
        config.html_title, config.project = TITLES[language]
        config.ogp_site_name = config.html_title
    if language in COPYRIGHTS:
        config.copyright = COPYRIGHTS[language].format(year=config.copyright.split(",")[0].strip())
    if language != "en":
        config.locale_dirs = [str(compile_catalogs(language, COMPILED_LOCALE))]
        user_dictionary = COMPILED_LOCALE / "search-terms.txt"
        user_dictionary.write_text("".join(f"{zh} 100000\n" for _, zh in glossary()), encoding="utf-8")
        config.html_search_options = {"dict": str(user_dictionary)}


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


def add_theme_messages(app: Sphinx) -> None:
    """Translate the theme's messages that its catalog leaves in English."""
    messages = THEME_MESSAGES.get(app.config.language or "en")
    if messages:
        app.translator.add_fallback(ThemeMessages(messages))


def translate_page_literals(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """Translate the literal English of a page's body (see the module docstring) before it is written."""
    language = app.config.language or "en"
    if language in PAGE_LITERALS and "body" in context:
        context["body"] = translate_literals(context["body"], language, gallery_messages(language))


def page_links(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Give every page its addresses in both editions: ``hreflang`` links and the language switch."""
    language = app.config.language or "en"
    root = app.config.html_baseurl.removesuffix(EDITIONS[language][2])
    page = pagename + app.builder.out_suffix
    if pagename == "index":
        page = ""
    to_site_root = "../" * (pagename.count("/") + EDITIONS[language][2].count("/"))
    alternates = [(EDITIONS[lang][1], root + EDITIONS[lang][2] + page) for lang in EDITIONS]
    alternates.append(("x-default", root + page))
    context["metatags"] = context.get("metatags", "") + "".join(
        f'<link rel="alternate" hreflang="{tag}" href="{href}" />\n' for tag, href in alternates
    )
    context["language_tag"] = EDITIONS[language][1]
    context["language_switch_label"] = SWITCH_LABELS[language]
    if pagename == app.config.notfound_pagename:
        # The 404 page is served at any address, so its links start at the site's path, not at the page.
        to_site_root = urlsplit(root).path
    context["other_editions"] = [
        (EDITIONS[lang][0], EDITIONS[lang][1], to_site_root + EDITIONS[lang][2] + (page or "index.html"))
        for lang in EDITIONS
        if lang != language
    ]


def setup(app: Sphinx) -> dict[str, object]:
    """Register the extension with Sphinx."""
    search_languages["zh"] = SearchChineseInTheBrowser
    app.connect("config-inited", edition_settings)
    app.add_transform(MathIsNotAMessage)
    app.add_post_transform(GluedMathInTranslations)
    app.connect("builder-inited", add_theme_messages)
    app.connect("html-page-context", page_links)
    app.connect("html-page-context", translate_page_literals)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
