"""Put each page's style sheets into the page itself, cut down to the rules that can apply to it.

Why: a chapter page linked 15 style sheets (475 KB, 63 KiB gzip) in ``<head>``; the browser draws
nothing until it has all of them, and on a slow phone they came six at a time, about a second before the
first paint. pydata-sphinx-theme's sheet alone is 45 KiB gzip and 90% unused on any one page (Lighthouse's
``unused-css-rules``), and every extension adds its sheet to every page. Neither Sphinx nor the theme can
trim or combine them (sphinx-doc/sphinx#11997, "Minify css and js", closed without an option;
pydata/pydata-sphinx-theme#891, an extension's assets loaded on every page failed the theme's own
performance audit). So, after the build has written the site, this extension rewrites each page:

- its ``<link rel="stylesheet">`` elements to local files become one ``<style>`` element, in the same
  order (a sheet's ``media`` becomes an ``@media`` block; ``url()``s are rewritten for the page's folder);
- a style rule is left out when one of the classes or ids its selector requires is neither in the page
  nor a word of the scripts it loads (which add classes as the reader opens a menu or a dialog). Only
  classes and ids decide: element names, attributes (the dark theme's ``[data-theme=dark]``),
  pseudo-classes and what ``:not()``, ``:is()`` or ``:has()`` contain never remove a rule. Bootstrap's
  bundle counts for the classes of the two components the theme uses (tooltips and drop-down menus),
  not for every word in it, and classes it builds from parts (``bs-tooltip-auto``) are kept by prefix;
- ``<style data-inlined-from="...">`` records the sheets, so that a later build re-inlines a page Sphinx
  did not write again when a sheet has changed (Sphinx copies an edited sheet without rewriting pages).

The one script that must run where it stands, ``documentation_options.js`` (0.4 KiB; the inline scripts
after it set its fields, so it cannot be deferred), is put into the page the same way, so that nothing in
``<head>`` waits for the network. Sheets and scripts on other hosts are left as they are (the book has
none).
"""

from __future__ import annotations

import html
import posixpath
import re
from functools import cache
from pathlib import Path

import tinycss2
from sphinx.application import Sphinx

ASSET_FOLDERS = ("_static", "_images", "_sources", "_downloads")
LINK = re.compile(r"<link\b[^>]*>\s*", re.IGNORECASE)
STYLE = re.compile(r'<style data-inlined-from="([^"]*)">.*?</style>', re.DOTALL)
ATTRIBUTE = re.compile(r'([\w-]+)\s*=\s*("[^"]*"|\'[^\']*\'|[^\s>]+)')
CLASS_ATTRIBUTE = re.compile(r'\b(?:class|id)\s*=\s*"([^"]*)"')
WORD = re.compile(r"[A-Za-z_][\w-]*")
# Classes that scripts build from parts at run time (Bootstrap: f"bs-{name}-{placement}").
KEPT_PREFIXES = ("bs-",)
# Bootstrap's bundle names every component it has (carousel, toast, offcanvas ...), which would keep all
# their rules; the theme uses two, whose markup is in the pages: tooltips (Bootstrap builds the tooltip
# element) and drop-down menus. These are the classes it adds for them.
SCRIPT_CLASSES = {
    "bootstrap.js": frozenset({"tooltip", "tooltip-inner", "tooltip-arrow", "fade", "show", "collapsing"})
}
# What a selector requires: .class or #id, with CSS escapes (e.g. ".md\:flex").
REQUIRED = re.compile(r"([.#])((?:\\.|[\w-])+)")
IMPORT = re.compile(r"""@import\s*(?:url\()?\s*["']?([^"')\s]+)["']?\s*\)?([^;]*)""", re.IGNORECASE)
GROUPING_RULES = ("media", "supports", "layer", "container")  # at-rules that hold style rules
FUNCTIONAL = re.compile(r":[\w-]+\(")
ATTRIBUTE_SELECTOR = re.compile(r"\[[^\]]*\]")


def _without_arguments(selector: str) -> str:
    """Drop attribute selectors and the arguments of functional pseudo-classes (``:not(.a)`` -> ``:not``).

    >>> _without_arguments("a.b:not(.c):is(.d, .e)[href$='.x'] .f")
    'a.b:not:is .f'
    """
    selector = ATTRIBUTE_SELECTOR.sub("", selector)
    while (match := FUNCTIONAL.search(selector)) is not None:
        depth, end = 1, match.end()
        while end < len(selector) and depth:
            depth += {"(": 1, ")": -1}.get(selector[end], 0)
            end += 1
        selector = selector[: match.end() - 1] + selector[end:]
    return selector


def required_names(selector: str) -> frozenset[str]:
    r"""Return the classes and ids that elements must carry for ``selector`` to match.

    >>> sorted(required_names("html[data-theme=dark] .bd-header a.nav-link:not(.active)::before"))
    ['bd-header', 'nav-link']
    >>> sorted(required_names("#pst-back-to-top, .md\\:flex"))
    ['md:flex', 'pst-back-to-top']
    """
    names = (match[2].replace("\\", "") for match in REQUIRED.finditer(_without_arguments(selector)))
    return frozenset(name for name in names if not name.startswith(KEPT_PREFIXES))


def _split_selectors(prelude: list) -> list[str]:
    """Split a rule's selector list at its top-level commas."""
    selectors, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append(tinycss2.serialize(current).strip())
            current = []
        else:
            current.append(token)
    selectors.append(tinycss2.serialize(current).strip())
    return [selector for selector in selectors if selector]


def trim(css: str, present: frozenset[str] | set[str], rebase: str = "") -> str:
    """Return ``css`` without the style rules that no element can match, ``url()``s prefixed by ``rebase``.

    ``present`` holds the classes and ids that exist (on the page or in its scripts).

    >>> trim(".a{color:red}.b,.a p{margin:0}@media print{.b{x:1}}", {"a"})
    '.a{color:red}.a p{margin:0}'
    >>> trim("@font-face{src:url(fonts/k.woff2)}", set(), rebase="../_static/katex/")
    '@font-face{src:url(../_static/katex/fonts/k.woff2)}'
    """
    return render(compiled(tinycss2.parse_stylesheet(css, skip_whitespace=True)), present, rebase)


def _has_url(tokens: list) -> bool:
    return "url(" in tinycss2.serialize(tokens).lower()


def compiled(rules: list) -> list[tuple]:
    """Return rules in the form ``render`` reads quickly: selectors with the names they need, ready text.

    ``("rule", [(selector, names), ...], text, tokens_if_url)``, ``("group", header, [children])`` for
    ``@media`` and the like, ``("at", header, text, tokens_if_url)`` for the other at-rules.
    """
    out: list[tuple] = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [(s, required_names(s)) for s in _split_selectors(rule.prelude)]
            text = tinycss2.serialize(rule.content).strip()
            out.append(("rule", selectors, text, rule.content if _has_url(rule.content) else None))
        elif rule.type != "at-rule" or rule.lower_at_keyword == "charset":
            continue
        elif rule.content is not None and rule.lower_at_keyword in GROUPING_RULES:
            children = compiled(tinycss2.parse_rule_list(rule.content, True, True))
            out.append(("group", f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}", children))
        else:
            header = f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}"
            content = rule.content
            text = ";" if content is None else f"{{{tinycss2.serialize(content).strip()}}}"
            out.append(("at", header, text, content if content is not None and _has_url(content) else None))
    return out


def render(nodes: list[tuple], present: frozenset[str] | set[str], rebase: str) -> str:
    """Return the CSS of the compiled ``nodes`` that can match, ``url()``s prefixed by ``rebase``."""
    out = []
    for node in nodes:
        if node[0] == "rule":
            selectors = [selector for selector, names in node[1] if names <= present]
            if selectors:
                text = node[2] if node[3] is None or not rebase else _rebased(node[3], rebase)
                out.append(f"{','.join(selectors)}{{{text}}}")
        elif node[0] == "import":
            out.append(render(node[2], present, rebase + node[1]))
        elif node[0] == "group":
            inner = render(node[2], present, rebase)
            if inner:
                out.append(f"{node[1]}{{{inner}}}")
        else:
            text = node[2] if node[3] is None or not rebase else f"{{{_rebased(node[3], rebase)}}}"
            out.append(f"{node[1]}{text}")
    return "".join(out)


def _relative(url: str) -> bool:
    return not re.match(r"^([a-z][\w+.-]*:|/|#)", url, re.IGNORECASE)


def _rebased(tokens: list, rebase: str) -> str:
    """Serialize a declaration block with its relative ``url()``s prefixed by ``rebase``."""
    if not rebase:
        return tinycss2.serialize(tokens).strip()
    out = []
    for token in tokens:
        if token.type == "url" and _relative(token.value):
            out.append(f"url({rebase}{token.value})")
        elif token.type == "function" and token.lower_name == "url" and token.arguments:
            argument = next((t for t in token.arguments if t.type == "string"), None)
            if argument is not None and _relative(argument.value):
                out.append(f'url("{rebase}{argument.value}")')
            else:
                out.append(tinycss2.serialize([token]))
        elif hasattr(token, "content") and token.type in ("{} block", "[] block", "() block"):
            opening, closing = token.type[0], token.type[1]
            out.append(f"{opening}{_rebased(token.content, rebase)}{closing}")
        elif token.type == "function":
            out.append(f"{token.name}({_rebased(token.arguments, rebase)})")
        else:
            out.append(tinycss2.serialize([token]))
    return "".join(out).strip()


@cache
def script_words(path: Path, mtime_ns: int) -> frozenset[str]:
    """Return every identifier-like word of one script (cached by its modification time)."""
    return frozenset(WORD.findall(path.read_text(encoding="utf-8", errors="replace")))


@cache
def compiled_sheet(path: Path, mtime_ns: int) -> list[tuple]:
    """Return a style sheet's rules, parsed and compiled once (cached by modification time).

    A local ``@import`` (the theme's ``theme.css`` imports Sphinx's ``basic.css``) is replaced by the
    imported sheet's rules, as an ``("import", folder, rules)`` node whose ``url()``s are relative to
    ``folder``: inside a ``<style>`` element an ``@import`` after other rules would be ignored.
    """
    nodes = compiled(tinycss2.parse_stylesheet(path.read_text(encoding="utf-8"), True, True))
    for index, node in enumerate(nodes):
        if node[0] != "at" or not node[1].lower().startswith("@import"):
            continue
        target = IMPORT.search(node[1])
        imported = (path.parent / target[1]) if target and _relative(target[1]) else None
        if imported is not None and imported.is_file() and not target[2].strip():
            folder = posixpath.dirname(target[1])
            rules = compiled_sheet(imported, imported.stat().st_mtime_ns)
            nodes[index] = ("import", f"{folder}/" if folder else "", rules)
    return nodes


def page_names(page: str) -> set[str]:
    """Return the classes and ids of a page and the words of its inline scripts (not those it loads).

    >>> sorted(page_names('<p class="a b" id="c"><script>x.classList.add("d")</script>'))
    ['a', 'add', 'b', 'c', 'classList', 'd', 'x']
    """
    names = {name for value in CLASS_ATTRIBUTE.findall(page) for name in html.unescape(value).split()}
    for script in re.findall(r"<script\b[^>]*>(.*?)</script>", page, re.DOTALL | re.IGNORECASE):
        names.update(WORD.findall(script))
    return names


def _stylesheet(tag: str) -> tuple[str, str] | None:
    """``(href, media)`` of a ``<link rel="stylesheet">`` to a local file, else None."""
    attributes = {k.lower(): v.strip("\"'") for k, v in ATTRIBUTE.findall(tag)}
    if "stylesheet" not in attributes.get("rel", "").split() or "href" not in attributes:
        return None
    href = html.unescape(attributes["href"])
    if "://" in href or href.startswith("//"):
        return None
    return href, attributes.get("media", "all")


def locate(url: str, folder: Path, outdir: Path, base: str = "/") -> Path | None:
    """Return the file of the site at ``outdir`` that ``url`` names from a page in ``folder``, or None.

    A URL from the site's root path ``base`` (the 404 page's links) is found under ``outdir``.

    >>> locate("/en/latest/_static/a.css?v=1", Path("/site/chapter"), Path("/site"), "/en/latest/")
    PosixPath('/site/_static/a.css')
    >>> locate("../_static/a.css", Path("/site/chapter"), Path("/site"))
    PosixPath('/site/_static/a.css')
    >>> print(locate("https://example.org/a.css", Path("/site"), Path("/site")))
    None
    """
    path = html.unescape(url).split("?")[0].split("#")[0]
    if "://" in path or path.startswith("//") or not path:
        return None
    if path.startswith("/"):
        if not path.startswith(base):
            return None
        return outdir / path[len(base) :]
    return Path(posixpath.normpath((folder / path).as_posix()))


def loaded_script_words(page: str, folder: Path, outdir: Path, base: str = "/") -> set[str]:
    """Return the words of the local scripts a page loads (``<script src>``), which may add classes."""
    words: set[str] = set()
    for src in re.findall(r'<script\b[^>]*\bsrc="([^"]+)"', page):
        file = locate(src, folder, outdir, base)
        if file is None or not file.is_file():
            continue
        words |= SCRIPT_CLASSES.get(file.name) or script_words(file, file.stat().st_mtime_ns)
    return words


def inline_page(path: Path, outdir: Path, base: str = "/") -> bool:
    """Inline the style sheets (trimmed) and ``INLINED_SCRIPTS`` of the page at ``path``.

    Returns whether the page changed.
    """
    page = path.read_text(encoding="utf-8")
    head_end = page.find("</head>")
    if head_end < 0:
        return False
    head = page[:head_end]
    recorded = STYLE.search(head)
    if recorded is not None:
        sheets = [tuple(item.rsplit("|", 1)) for item in html.unescape(recorded[1]).split()]
        start, end = recorded.span()
    else:
        links = [(m, _stylesheet(m[0])) for m in LINK.finditer(head)]
        links = [(m, sheet) for m, sheet in links if sheet is not None]
        if not links:
            return _write(path, page, inline_scripts(head, path.parent, outdir, base) + page[head_end:])
        sheets = [sheet for _, sheet in links]
        start, end = links[0][0].start(), links[0][0].end()
    names = page_names(page) | loaded_script_words(page, path.parent, outdir, base)
    parts = []
    for href, media in sheets:
        file = locate(href, path.parent, outdir, base)
        if file is None or not file.is_file():
            continue
        rebase = posixpath.dirname(href.split("?")[0])
        css = render(compiled_sheet(file, file.stat().st_mtime_ns), names, f"{rebase}/" if rebase else "")
        parts.append(css if media in ("all", "") else f"@media {media}{{{css}}}")
    record = html.escape(" ".join(f"{href}|{media}" for href, media in sheets), quote=True)
    style = f'<style data-inlined-from="{record}">{"".join(parts)}</style>\n'
    if recorded is not None:
        new_head = head[:start] + style.rstrip("\n") + head[end:]
    else:
        rest = head[:start] + style + head[end:]
        drop = {m.group(0) for m, _ in links[1:]}
        new_head = LINK.sub(lambda m: "" if m.group(0) in drop else m.group(0), rest)
    return _write(path, page, inline_scripts(new_head, path.parent, outdir, base) + page[head_end:])


def _write(path: Path, old: str, new: str) -> bool:
    if new == old:
        return False
    path.write_text(new, encoding="utf-8")
    return True


INLINED_SCRIPTS = ("documentation_options.js",)
_NAMES = "|".join(re.escape(name) for name in INLINED_SCRIPTS)
SCRIPT = re.compile(
    rf'<script(?: src="([^"]*(?:{_NAMES}))(?:\?[^"]*)?"| data-inlined-from="([^"]*)")>.*?</script>', re.DOTALL
)


def inline_scripts(page: str, folder: Path, outdir: Path, base: str = "/") -> str:
    r"""Put the scripts of ``INLINED_SCRIPTS`` that ``page`` loads into it (again, if done before).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "documentation_options.js").write_text("const A = 1;\n")
    >>> inline_scripts('<script src="documentation_options.js?v=1"></script>', folder, folder)
    '<script data-inlined-from="documentation_options.js">const A = 1;</script>'
    """

    def replace(match: re.Match[str]) -> str:
        src = html.unescape(match[1] or match[2])
        file = locate(src, folder, outdir, base)
        if file is None or not file.is_file():
            return match[0]
        body = file.read_text(encoding="utf-8").strip().replace("</", "<\\/")
        return f'<script data-inlined-from="{html.escape(src, quote=True)}">{body}</script>'

    return SCRIPT.sub(replace, page)


def inline_site(outdir: Path, base: str = "/") -> int:
    """Inline the style sheets of every page under ``outdir``; return how many pages changed.

    ``base`` is the path the site is published at, which the 404 page's links start from.
    """
    # Another edition published inside this one (zh-cn/) has its own _static and its own build.
    editions = {p.parent for p in outdir.glob("*/_static")}
    changed = 0
    for path in sorted(outdir.rglob("*.html")):
        relative = path.relative_to(outdir).parts
        if set(relative[:-1]) & set(ASSET_FOLDERS) or any(e in path.parents for e in editions):
            continue
        changed += inline_page(path, outdir, base)
    return changed


def _inline(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        inline_site(Path(app.outdir), getattr(app.config, "notfound_urls_prefix", None) or "/")


def setup(app: Sphinx) -> dict[str, object]:
    """Register the extension with Sphinx."""
    app.connect("build-finished", _inline, priority=900)  # after the extensions that copy their sheets
    return {"parallel_read_safe": True, "parallel_write_safe": True}
