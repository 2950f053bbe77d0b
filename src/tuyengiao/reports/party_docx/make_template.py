"""Make the default template, mau-bao-cao.docx.

`python -m tuyengiao.reports.party_docx.make_template [output]` writes it (beside this module
without an output).

The template holds the page (A4, the margins of Hướng dẫn 36-HD/VPTW), the page number at the
top from page 2, and the "Party …" styles every part of a report is written in, shown at work
in a sample report. An administrator opens a copy in Word, changes fonts, sizes, spacing or
margins (styles, not text: the body is cleared on each report), and points
TUYENGIAO_REPORT_TEMPLATE at it.
The same python-docx gives the same bytes, which a test checks against the shipped file.
"""

import argparse
import datetime
import io
from pathlib import Path

import docx

from . import page, styles
from .archive import deterministic
from .render import DEFAULT_TEMPLATE, write
from .sample import SAMPLE

_MADE = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)  # fixed, for the same bytes


def build_template() -> bytes:
    document = docx.Document()
    styles.set_defaults(document)
    styles.ensure_styles(document)
    page.set_page(document.sections[0])
    page.ensure_page_numbers(document)
    write(document, SAMPLE)
    properties = document.core_properties
    properties.title = "Mẫu báo cáo (Hướng dẫn 36-HD/VPTW)"
    properties.author = "tuyengiao"
    properties.last_modified_by = ""
    properties.comments = "Sửa kiểu (Party …), lề và khổ giấy; nội dung được xóa khi tạo báo cáo."
    properties.language = styles.LANGUAGE
    properties.revision = 1
    properties.created = _MADE
    properties.modified = _MADE
    out = io.BytesIO()
    document.save(out)
    return deterministic(out.getvalue())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("output", nargs="?", type=Path, default=DEFAULT_TEMPLATE)
    output = parser.parse_args(argv).output
    output.write_bytes(build_template())
    print(output)


if __name__ == "__main__":
    main()
