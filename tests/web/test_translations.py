"""The English catalogue: complete, in step with the code, compiled, and used by the pages.

The msgids are Vietnamese (the interface is Vietnamese first); `make messages` refreshes
src/tuyengiao/locale/en/LC_MESSAGES/django.po. These tests fail when
- an entry of the committed .po is empty or fuzzy, or its placeholders differ from the msgid;
- a string in the code or templates is missing from the .po or changed since it was
  translated (makemessages is run on a copy of the sources and the result checked the same way);
- the committed .mo does not match the .po (someone forgot compilemessages);
- a page asked for in English still shows the Vietnamese navigation.
"""

import ast
import gettext
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from tuyengiao.accounts.models import User

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "tuyengiao"
PO_FILE = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0+]*\d*(?:\.\d+)?[sdifr%]|\{[a-zA-Z_]\w*\}")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)


def parse_po(text: str) -> list[Entry]:
    """Entries of a PO file: enough of the format for what makemessages writes.

    Obsolete entries ("#~") are comments here: gettext ignores them too.
    """
    entries: list[Entry] = []
    entry, target = Entry(), ""

    def flush() -> None:
        nonlocal entry
        if entry.msgid or entry.msgstr:
            entries.append(entry)
        entry = Entry()

    for raw in [*text.splitlines(), ""]:
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ") if not line.startswith('"') else ("", "", line)
        value = ast.literal_eval(rest) if rest else ""
        if keyword:
            if entry.msgstr and keyword in ("msgid", "msgctxt"):
                flush()
            target = keyword
            if keyword.startswith("msgstr"):
                entry.msgstr.append("")
        if target == "msgid":
            entry.msgid += value
        elif target == "msgid_plural":
            entry.msgid_plural = (entry.msgid_plural or "") + value
        elif target == "msgctxt":
            entry.msgctxt = (entry.msgctxt or "") + value
        else:
            entry.msgstr[-1] += value
    return entries


def catalogue_problems(entries: list[Entry]) -> list[str]:
    """What keeps a catalogue from being complete: one line per faulty entry."""
    problems = []
    for entry in entries:
        name = entry.msgid or "(header)"
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {name!r}")
        if not entry.msgstr or not all(entry.msgstr):
            problems.append(f"untranslated: {name!r}")
            continue
        if entry.msgid and "python-format" in entry.flags:
            expected = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
            for translation in entry.msgstr:
                if sorted(PLACEHOLDER.findall(translation)) != expected:
                    problems.append(f"placeholders differ: {name!r} -> {translation!r}")
    return problems


def _entries() -> list[Entry]:
    return parse_po(PO_FILE.read_text(encoding="utf-8"))


def test_parser_reads_plurals_fuzzy_and_multiline_entries():
    text = (
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#, fuzzy, python-format\nmsgid ""\n"Chào "\n"%(name)s"\nmsgstr "Hi"\n\n'
        'msgid "%(n)s đơn vị"\nmsgid_plural "%(n)s đơn vị"\nmsgstr[0] "%(n)s unit"\n'
        'msgstr[1] ""\n\n'
        '#~ msgid "cũ"\n#~ msgstr ""\n'
    )

    header, fuzzy, plural = parse_po(text)

    assert header.msgstr == ["Language: en\n"]
    assert fuzzy.msgid == "Chào %(name)s"
    assert fuzzy.flags == {"fuzzy", "python-format"}
    assert plural.msgid_plural == "%(n)s đơn vị"
    assert plural.msgstr == ["%(n)s unit", ""]
    assert catalogue_problems([header, fuzzy, plural]) == [
        "fuzzy: 'Chào %(name)s'",
        "placeholders differ: 'Chào %(name)s' -> 'Hi'",
        "untranslated: '%(n)s đơn vị'",
    ]


def test_catalogue_is_complete():
    entries = _entries()

    assert len(entries) > 100
    assert catalogue_problems(entries) == []


def test_catalogue_covers_every_string_in_the_code(tmp_path, settings, monkeypatch):
    """makemessages on a copy of the sources must find nothing new to translate."""
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        pytest.skip("GNU gettext is not installed (apt-get install gettext)")
    copy = tmp_path / "tuyengiao"
    shutil.copytree(
        PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "static", "*.mo", "*.pyc")
    )
    # makemessages writes to LOCALE_PATHS: point it at the copy, never at the real catalogue.
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)

    call_command("makemessages", locale=["en"], no_location=True, no_obsolete=True, verbosity=0)

    refreshed = parse_po((copy / PO_FILE.relative_to(PACKAGE)).read_text(encoding="utf-8"))
    assert catalogue_problems(refreshed) == [], (
        "strings changed since the catalogue was translated: run `make messages`, "
        "translate the new entries in " + str(PO_FILE.relative_to(PACKAGE.parent.parent))
    )
    assert {e.msgid for e in refreshed} == {e.msgid for e in _entries()}


def test_compiled_catalogue_matches_the_po():
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    for entry in _entries():
        if not entry.msgid:
            continue
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            assert compiled.gettext(key) == entry.msgstr[0], entry.msgid
        else:
            assert compiled.ngettext(key, entry.msgid_plural, 1) == entry.msgstr[0], entry.msgid
            assert compiled.ngettext(key, entry.msgid_plural, 5) == entry.msgstr[1], entry.msgid


@pytest.mark.django_db
def test_home_page_in_english(client, owner: User):
    client.force_login(owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    body = client.get(reverse("web:home")).content.decode()

    assert '<html lang="en">' in body
    for english in (
        "Home",
        "Log out",
        "Change password",
        "My units and roles",
        "Unit administrator",
    ):
        assert english in body, english
    for vietnamese in ("Trang chủ", "Đăng xuất", "Đổi mật khẩu", "Xin chào", "Quản trị đơn vị"):
        assert vietnamese not in body, vietnamese


@pytest.mark.django_db
def test_error_page_in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    body = client.get("/khong-co/").content.decode()

    assert "Page not found" in body
    assert "Không tìm thấy trang" not in body


# The names xgettext looks for in Python (Django's makemessages adds none of its own).
_EXTRACTED = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext",
              "pgettext_lazy", "npgettext", "npgettext_lazy", "gettext_noop"}  # fmt: skip


def test_translation_functions_keep_names_makemessages_extracts():
    """`gettext_lazy as _lazy` hid five labels of the activity forms from the catalogue: the
    English pages showed them in Vietnamese while every other check passed."""
    renamed = [
        f"{path.relative_to(PACKAGE)}: {alias.name} as {alias.asname}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.asname and alias.asname not in _EXTRACTED
    ]
    assert renamed == []
