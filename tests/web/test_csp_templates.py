"""Templates under src/ obey the Content-Security-Policy that settings.SECURE_CSP sets.

The browser silently drops what the CSP forbids, so a page with `style="…"`, `onclick="…"`,
a `<style>` element or an inline `<script>` without the nonce looks fine in a test client and
breaks in Chromium. This test names the file and line instead.
"""

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"

INLINE_STYLE_ATTRIBUTE = re.compile(r"""<[a-zA-Z][^>]*\sstyle\s*=""")
INLINE_EVENT_HANDLER = re.compile(r"""<[a-zA-Z][^>]*\son[a-z]+\s*=\s*["']""")
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
# htmx runs these through eval(), which the CSP forbids (no 'unsafe-eval').
HTMX_EVAL = re.compile(r"""\shx-(?:on\b|on:|vars\s*=)|\shx-vals\s*=\s*["']\s*js:""")
COMMENT = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}|<!--.*?-->", re.DOTALL)
# Data blocks are never executed, so they need no nonce.
DATA_SCRIPT = re.compile(r"""type\s*=\s*["']?(?:application/(?:ld\+)?json|text/template)""")


def violations(text: str) -> list[str]:
    text = COMMENT.sub("", text)
    found = [m.group(0) for m in INLINE_STYLE_ATTRIBUTE.finditer(text)]
    found += [m.group(0) for m in HTMX_EVAL.finditer(text)]
    found += [m.group(0) for m in INLINE_EVENT_HANDLER.finditer(text)]
    found += [m.group(0) for m in STYLE_ELEMENT.finditer(text)]
    found += [
        tag
        for tag in (m.group(0) for m in SCRIPT_TAG.finditer(text))
        if "src=" not in tag and "nonce=" not in tag and not DATA_SCRIPT.search(tag)
    ]
    return found


def _templates() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.html") if "templates" in p.parts)


@pytest.mark.parametrize(
    "snippet",
    [
        '<div style="color: red">',
        '<button type="button" onclick="go()">',
        "<style>.x { color: red }</style>",
        "<script>alert(1)</script>",
        '<td class="n"\n    style="width: 3em">',
        '<button hx-post="/x" hx-on::after-request="reset()">',
        '<form hx-on:submit="x()">',
        "<div hx-vals='js:{a: f()}'>",
    ],
)
def test_detector_catches_inline_code(snippet):
    assert violations(snippet)


@pytest.mark.parametrize(
    "snippet",
    [
        '<script src="/static/web/site.js" defer></script>',
        '<script nonce="{{ csp_nonce }}">init()</script>',
        '<script type="application/json" id="data">{}</script>',
        '<p class="note">Tôi online="1" không phải thuộc tính</p>',
        '<button hx-post="/x" hx-target="#list" hx-vals=\'{"a": 1}\'>',
        "{# an inline <style> would be blocked #}",
    ],
)
def test_detector_allows_csp_safe_markup(snippet):
    assert violations(snippet) == []


def test_templates_have_no_inline_style_or_script():
    templates = _templates()
    assert any(p.name == "base.html" for p in templates)

    offenders = [
        f"{path.relative_to(SRC)}: {hit}"
        for path in templates
        for hit in violations(path.read_text(encoding="utf-8"))
    ]

    assert offenders == []
