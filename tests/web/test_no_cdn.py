"""No asset comes from another host: every template and static file under src/ is scanned.

DESIGN.md: "No CDN, no downloads at run time. Every asset comes from an installed package."
The CSP would block such an asset anyway; this test says where the offending line is.
"""

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
SCANNED_SUFFIXES = {".html", ".txt", ".xml", ".css", ".js", ".mjs", ".svg"}

# An absolute ("https://host") or protocol-relative ("//host") address in a place that loads it.
_EXTERNAL = r"""(?:https?:)?//[^"')\s>]+"""
EXTERNAL_ASSET = re.compile(
    "|".join(
        [
            rf"""<script\b[^>]*\bsrc\s*=\s*["']?{_EXTERNAL}""",
            rf"""<link\b[^>]*\bhref\s*=\s*["']?{_EXTERNAL}""",
            rf"""<(?:img|iframe|source|audio|video|embed)\b[^>]*\bsrc\s*=\s*["']?{_EXTERNAL}""",
            rf"""@import\s+(?:url\(\s*)?["']?{_EXTERNAL}""",
            rf"""url\(\s*["']?{_EXTERNAL}""",
        ]
    ),
    re.IGNORECASE,
)


def _asset_files() -> list[Path]:
    return sorted(
        path
        for path in SRC.rglob("*")
        if path.is_file()
        and path.suffix in SCANNED_SUFFIXES
        and ("templates" in path.parts or "static" in path.parts)
    )


def external_assets(text: str) -> list[str]:
    return [match.group(0) for match in EXTERNAL_ASSET.finditer(text)]


def test_scan_finds_the_files():
    names = {path.name for path in _asset_files()}

    assert {"base.html", "site.css", "site.js"} <= names


@pytest.mark.parametrize(
    "line",
    [
        '<script src="https://cdn.example.org/htmx.min.js"></script>',
        "<script defer src=//unpkg.com/htmx.org></script>",
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Roboto">',
        '@import url("https://fonts.googleapis.com/css2?family=Roboto");',
        "@import 'http://example.org/x.css';",
        "background: url(https://example.org/bg.png);",
        '<img src="https://example.org/logo.png" alt="">',
        '<script\n  defer\n  src="https://cdn.example.org/a.js"></script>',
    ],
)
def test_detector_catches_external_assets(line):
    assert external_assets(line)


@pytest.mark.parametrize(
    "line",
    [
        '<script src="/static/django_htmx/htmx-2.min.js" defer></script>',
        '<link rel="stylesheet" href="{% static \'web/site.css\' %}">',
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">',
        '<a href="https://www.djangoproject.com/">Django</a>',
        "background: url(data:image/svg+xml;base64,AAAA);",
    ],
)
def test_detector_allows_local_assets_and_plain_links(line):
    assert external_assets(line) == []


def test_no_template_or_static_file_loads_from_another_host():
    offenders = []
    for path in _asset_files():
        # The whole file at once: a tag may span several lines.
        text = path.read_text(encoding="utf-8")
        for match in EXTERNAL_ASSET.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            offenders.append(f"{path.relative_to(SRC)}:{line}: {match.group(0)}")

    assert offenders == []
