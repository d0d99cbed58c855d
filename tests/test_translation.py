"""The Simplified Chinese edition: complete catalogs, kept terms and roles, and pages that match the English.

The catalogs in docs/locale/zh_CN are checked as translators' tools check them (``msgfmt --check
--statistics``: fuzzy entries count as untranslated, unlike ``sphinx-intl stat``), against fresh
templates from the English sources, and against the glossary. The built Chinese pages are compared with
the English ones: the same glued numbers, equations, equation numbers and cross-references, and links
from each page to the same page in the other language.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup
from build_helpers import DOCS, editions

CATALOGS = DOCS / "locale" / "zh_CN" / "LC_MESSAGES"
GLOSSARY = DOCS / "locale" / "glossary.tsv"
UNTRANSLATED = re.compile(r"^(api|generated/.+)\.pot$")  # the API reference stays English
ROLE = re.compile(r"\{[a-z:]+\}`[^`]*`|:[a-z:]+:`[^`]*`|\$[^$]+\$|``[^`]+``")
REF_TARGET = re.compile(r"<([^<>`]+)>`$")


def catalogs() -> list[Path]:
    return sorted(CATALOGS.rglob("*.po"))


def glossary() -> list[tuple[str, str]]:
    lines = GLOSSARY.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line.strip() and not line.startswith("#")]


def entries() -> list[tuple[str, polib.POEntry]]:
    return [
        (path.relative_to(CATALOGS).as_posix(), entry) for path in catalogs() for entry in polib.pofile(path)
    ]


@pytest.fixture(scope="module")
def fresh_templates(tmp_path_factory: pytest.TempPathFactory, built_site: Path) -> Path:
    """Message templates extracted from the English sources now (the build has run, so nothing executes)."""
    out = tmp_path_factory.mktemp("gettext")
    command = editions.sphinx_command(
        "en", "-q", "-d", str(out / "doctrees"), builder="gettext", outdir=out, strict=False
    )
    subprocess.run(command, check=True, capture_output=True, text=True)
    return out


def test_the_catalogs_are_up_to_date_with_the_english_sources(fresh_templates: Path) -> None:
    templates = {
        path.relative_to(fresh_templates).with_suffix("").as_posix(): path
        for path in fresh_templates.rglob("*.pot")
        if not UNTRANSLATED.match(path.relative_to(fresh_templates).as_posix())
    }
    translated = {path.relative_to(CATALOGS).with_suffix("").as_posix(): path for path in catalogs()}
    assert sorted(translated) == sorted(templates), "run `nox -s catalogs` (CONTRIBUTING.md)"
    stale = []
    for name, template in templates.items():
        wanted = {(entry.msgctxt, entry.msgid) for entry in polib.pofile(template)}
        have = {
            (entry.msgctxt, entry.msgid) for entry in polib.pofile(translated[name]) if not entry.obsolete
        }
        stale += [f"{name}: new message {msgid[:70]!r}" for _, msgid in sorted(wanted - have, key=str)]
        stale += [
            f"{name}: message no longer in the source {msgid[:70]!r}"
            for _, msgid in sorted(have - wanted, key=str)
        ]
    assert not stale, "\n".join(stale)


@pytest.mark.parametrize("catalog", catalogs(), ids=lambda path: path.relative_to(CATALOGS).as_posix())
def test_msgfmt_finds_every_message_translated_and_well_formed(catalog: Path) -> None:
    if shutil.which("msgfmt") is None:
        pytest.fail("msgfmt is missing: apt-get install gettext")
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(catalog)],
        capture_output=True,
        text=True,
        check=False,
        env={"LC_ALL": "C"},
    )
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"\d+ translated messages?\.", result.stderr.strip()), result.stderr


def test_no_entry_is_fuzzy() -> None:
    problems = [
        f"{name}: {entry.msgid[:70]!r}" for name, entry in entries() if entry.fuzzy and not entry.obsolete
    ]
    assert not problems, "\n".join(problems)


def words_outside_markup(text: str) -> str:
    return ROLE.sub(" ", text).lower()


def test_every_glossary_term_is_translated_with_its_chinese_term() -> None:
    problems = []
    for name, entry in entries():
        prose = words_outside_markup(entry.msgid)
        for english, chinese in glossary():
            if re.search(rf"\b{re.escape(english.lower())}(s|es)?\b", prose) and chinese not in entry.msgstr:
                problems.append(f"{name}: {english!r} without {chinese!r}: {entry.msgid[:60]!r}")
    assert not problems, "\n".join(problems)


def kept_markup(text: str) -> Counter[str]:
    """Roles, math and code a translation must keep: a {ref} with its own text keeps only its target."""
    kept = Counter()
    for markup in ROLE.findall(text):
        target = REF_TARGET.search(markup)
        kept[markup.split("`")[0] + target[1] if target else markup] += 1
    return kept


def test_translations_keep_every_role_equation_and_code_span() -> None:
    problems = []
    for name, entry in entries():
        missing = kept_markup(entry.msgid) - kept_markup(entry.msgstr)
        if missing:
            problems.append(f"{name}: {sorted(missing)} lost in {entry.msgstr[:60]!r}")
    assert not problems, "\n".join(problems)


# The built Chinese edition ---------------------------------------------------------------------------

PAGES = ["index.html", *(f"chapter/{path.stem}.html" for path in sorted((DOCS / "chapter").glob("*.md")))]


def article(path: Path) -> BeautifulSoup:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return soup.find("article") or soup


def test_every_page_has_a_chinese_edition_in_chinese(built_site: Path) -> None:
    for page in PAGES:
        text = article(built_site / "zh-cn" / page).get_text()
        han = len(re.findall(r"[\u4e00-\u9fff]", text))
        assert han > 100, f"zh-cn/{page} has {han} Chinese characters"


def test_glued_numbers_equations_and_references_match_the_english_page(built_site: Path) -> None:
    problems = []
    for page in PAGES:
        english, chinese = article(built_site / page), article(built_site / "zh-cn" / page)
        checks = {
            "glued values": lambda soup: Counter(span.get_text() for span in soup.select(".pasted-text")),
            "display equations": lambda soup: Counter(
                node.get_text() for node in soup.select("div.math, .katex-display annotation")
            ),
            "equation numbers": lambda soup: Counter(node.get_text() for node in soup.select(".eqno")),
            "cross-references": lambda soup: Counter(
                link["href"] for link in soup.select("a.reference.internal[href]")
            ),
            "citations": lambda soup: Counter(link.get("href") for link in soup.select("a[href*='#id']")),
        }
        for what, collect in checks.items():
            if collect(english) != collect(chinese):
                problems.append(f"{page}: {what} differ: {collect(english) - collect(chinese)} missing")
    assert not problems, "\n".join(problems)


def test_each_page_links_to_itself_in_the_other_language_and_declares_both(built_site: Path) -> None:
    for page in PAGES:
        depth = "../" * page.count("/")
        for edition, other, lang in [("", "zh-cn/", "zh-CN"), ("zh-cn/", "", "en")]:
            soup = BeautifulSoup((built_site / edition / page).read_text(encoding="utf-8"), "html.parser")
            switch = soup.select_one(".language-switch a")
            up = depth + ("../" if edition else "")
            assert switch is not None and switch["href"] == up + other + page, (edition, page, switch)
            assert switch["hreflang"] == lang
            target = (built_site / edition / page).parent / switch["href"]
            assert target.resolve().is_file(), target
            alternates = {link["hreflang"] for link in soup.select("link[rel=alternate][hreflang]")}
            assert alternates == {"en", "zh-CN", "x-default"}, page
        assert (
            BeautifulSoup((built_site / "zh-cn" / page).read_text(encoding="utf-8"), "html.parser").html[
                "lang"
            ]
            == "zh-CN"
        )
