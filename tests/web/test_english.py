"""English has no Vietnamese left: with the language switched to English, the interface
(navigation, headings, buttons, labels, table headers, messages, what scripts write) says
nothing in Vietnamese. Data (unit names, document titles and texts, indicator names without
an English name) stays as it was written.

Three nets: the templates hold no Vietnamese outside translation tags; the scripts hold no
Vietnamese string; and the pages two demo users reach, asked for in English, show no string
of the catalogue untranslated (a string translated once at import, or stored as written in
the language of whoever caused it, would).
"""

import re
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.conf import settings
from django.test import Client

from tests.crawling import followed, shape
from tests.web.test_translations import PLACEHOLDER, PO_FILE, parse_po
from tuyengiao.accounts.models import User

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "tuyengiao"
# A letter only Vietnamese writes (with its tone marks), in either case.
VIETNAMESE = re.compile(
    "[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE
)
# The product's name is a name, in every language.
PRODUCT = "Tuyên giáo"

# What a template may hold in Vietnamese: translation tags and comments, and inside any other
# tag or attribute value a literal the code compares or sends (an option's value "có").
_TRANSLATED = re.compile(
    r"{%\s*blocktrans(?:late)?\b.*?%}.*?{%\s*endblocktrans(?:late)?\s*%}"
    r"|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}|<!--.*?-->",
    re.DOTALL,
)
_TAG = re.compile(r"{%.*?%}|{{.*?}}", re.DOTALL)
_VALUE = re.compile(r"""\bvalue=(["']).*?\1""")


def template_leftovers(source: str) -> list[str]:
    """The lines of a template that say something in Vietnamese outside translation."""
    text = _TRANSLATED.sub(" ", source)
    text = _TAG.sub(" ", text)
    text = _VALUE.sub(" ", text).replace(PRODUCT, " ")
    return [line.strip() for line in text.splitlines() if VIETNAMESE.search(line)]


_JS_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.DOTALL)
_JS_STRING = re.compile(r""""(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`""")


def script_leftovers(source: str) -> list[str]:
    """The string literals of a script that say something in Vietnamese."""
    code = _JS_COMMENT.sub(" ", source)
    return [s for s in _JS_STRING.findall(code) if VIETNAMESE.search(s.replace(PRODUCT, ""))]


def test_the_checks_see_vietnamese_outside_translation_only():
    template = (
        '{% load i18n %}<h1>{% translate "Báo cáo" %}</h1>{# Ghi chú #}\n'
        '<option value="có"{% if x == "có" %} selected{% endif %}>{{ x|default:"Tuyên giáo" }}'
        "</option>\n{% blocktranslate %}Chào {{ name }}{% endblocktranslate %}\n"
        "<button>Lưu</button>\n"
    )
    assert template_leftovers(template) == ["<button>Lưu</button>"]
    script = (
        '// Tìm kiếm\nvar a = words.filter || "Tìm";\nvar b = t.replace(/[đĐ]/g, "d");\n'
        'var c = "Tuyên giáo";\n'
    )
    assert script_leftovers(script) == ['"Tìm"']


def test_templates_say_nothing_in_vietnamese_outside_translation_tags():
    found = [
        f"{path.relative_to(PACKAGE)}: {line[:120]}"
        for path in sorted(PACKAGE.rglob("templates/**/*.html"))
        for line in template_leftovers(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_scripts_say_nothing_in_vietnamese():
    """What a script shows comes from the page (data-* attributes filled by translation)."""
    found = [
        f"{path.relative_to(PACKAGE)}: {literal[:120]}"
        for path in sorted(PACKAGE.rglob("static/**/*.js"))
        for literal in script_leftovers(path.read_text(encoding="utf-8"))
    ]
    assert found == []


# ---- the pages, in English --------------------------------------------------------------

PER_SHAPE = 1
SKIPPED = re.compile(r"^/(admin|static|media)/|^/api/|^/accounts/logout/")
# Elements whose text is not read as words, and attributes that are.
_NOT_TEXT = {"script", "style", "textarea", "pre"}
_VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
_READ_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")


def catalogue_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Each Vietnamese string of the catalogue as a pattern a whole text matches (its
    placeholders match anything, a colon may follow, as a label's does)."""
    patterns = []
    for entry in parse_po(PO_FILE.read_text(encoding="utf-8")):
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            if VIETNAMESE.search(msgid) and msgid.strip() != PRODUCT:
                literal = ".+?".join(re.escape(part) for part in PLACEHOLDER.split(msgid))
                patterns.append((msgid, re.compile(rf"\s*{literal}\s*:?\s*", re.DOTALL)))
    return patterns


class _Page(HTMLParser):
    """The links of a page and the texts it shows, outside elements declared Vietnamese
    (lang="vi": a document's own text, which stays as written)."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.texts: list[str] = []
        self._stack: list[tuple[str, bool]] = []

    def _quiet(self) -> bool:
        return any(quiet for _tag, quiet in self._stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"])
        quiet = tag in _NOT_TEXT or values.get("lang", "").startswith("vi")
        if not (quiet or self._quiet()):
            self.texts += [values[name] for name in _READ_ATTRIBUTES if values.get(name)]
            if tag == "input" and values.get("type") in ("submit", "button"):
                self.texts.append(values.get("value", ""))
        if tag not in _VOID:
            self._stack.append((tag, quiet))

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if data.strip() and not self._quiet():
            self.texts.append(data)


def untranslated_on_pages(client: Client, patterns) -> dict[str, set[str]]:
    """Follow one link of each shape from the home page; the catalogue strings shown in
    Vietnamese, with the pages that show them."""
    found: dict[str, set[str]] = defaultdict(set)
    queue, taken = ["/"], defaultdict(int)
    seen = set(queue)
    while queue:
        path = queue.pop(0)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        page = _Page()
        page.feed(response.content.decode())
        for text in filter(VIETNAMESE.search, page.texts):
            for msgid, pattern in patterns:
                if pattern.fullmatch(text):
                    found[msgid].add(shape(path))
        for href in page.hrefs:
            url, _fragment = urldefrag(urljoin(f"http://testserver{path}", href))
            if not url.startswith("http://testserver/"):
                continue
            link = url.removeprefix("http://testserver")
            link_shape = shape(link)
            if link in seen or taken[link_shape] >= PER_SHAPE:
                continue
            if SKIPPED.search(urlsplit(link).path):
                continue
            followed(seen, link)
            taken[link_shape] += 1
            queue.append(link)
    return found


@pytest.mark.usefixtures("demo")
@pytest.mark.django_db
@pytest.mark.parametrize("username", ["admin", "xa.lungsuong.bientap"])
def test_english_pages_show_no_interface_string_in_vietnamese(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    found = untranslated_on_pages(client, catalogue_patterns())

    assert found == {}
