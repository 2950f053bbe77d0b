"""`tuyengiao extract FILE... [--json] [--encoding …]` and `tuyengiao normalize FILE [--from …]`.

Both read files (or standard input for no FILE or "-") as bytes, decode them (legacy
encodings included) and never start Django. Unreadable input exits with code 2 and a
Vietnamese message naming the file.
"""

import argparse
import contextlib
import datetime
import json
import sys
from collections.abc import Iterator
from typing import NoReturn

from tuyengiao.textkit.encodings import ENCODINGS, DecodeError, decode_bytes
from tuyengiao.textkit.normalize import normalize
from tuyengiao.textkit.pipeline import Extraction, extract

EXIT_INPUT = 2
_APPROX = {"over": "trên", "under": "dưới", "about": "khoảng", "nearly": "gần", "exact": ""}
_KINDS = {
    "continues": "tiếp tục thực hiện",
    "concretizes": "cụ thể hóa",
    "implements": "thực hiện",
    "guides": "hướng dẫn thực hiện",
    "repeals": "bãi bỏ",
    "amends": "sửa đổi, bổ sung",
    "replaces": "thay thế",
}


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad command line in Vietnamese instead of exiting."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def main(argv: list[str]) -> int:
    """Entry point: argv[0] is "extract" or "normalize"."""
    _utf8_streams()
    command, args = (argv[0], argv[1:]) if argv else ("", [])
    parser = {"extract": _extract_parser, "normalize": _normalize_parser}.get(command)
    if parser is None:
        print("tuyengiao: lệnh không hợp lệ (dùng: extract, normalize)", file=sys.stderr)
        return EXIT_INPUT
    try:
        options = parser().parse_args(args)
    except _UsageError as error:
        print(f"tuyengiao {command}: lỗi tham số: {error}", file=sys.stderr)
        print(f"Xem hướng dẫn: tuyengiao {command} --help", file=sys.stderr)
        return EXIT_INPUT
    if command == "extract":
        return _run_extract(options)
    return _run_normalize(options)


def _extract_parser() -> _Parser:
    parser = _Parser(
        prog="tuyengiao extract",
        description="Trích xuất văn bản được dẫn, quan hệ, mốc thời gian và số liệu.",
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help='tệp văn bản; "-" là stdin')
    parser.add_argument("--json", action="store_true", help="in JSON, mỗi tệp một dòng")
    parser.add_argument("--encoding", choices=ENCODINGS, default="auto", help="bảng mã")
    return parser


def _normalize_parser() -> _Parser:
    parser = _Parser(prog="tuyengiao normalize", description="In văn bản ở dạng Unicode NFC.")
    parser.add_argument("files", nargs="*", metavar="FILE", help='tệp văn bản; "-" là stdin')
    parser.add_argument("--from", dest="encoding", choices=ENCODINGS, default="auto")
    return parser


def _utf8_streams() -> None:
    # Vietnamese output must not die on a terminal or pipe that defaults to ASCII.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            # ValueError/OSError: already written to, or not a text stream.
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8")


def _inputs(files: list[str], encoding: str) -> Iterator[tuple[str, str | None, str]]:
    """(name, text or None when unreadable, encoding used or the error message)."""
    for name in files or ["-"]:
        label = "stdin" if name == "-" else name
        try:
            data = sys.stdin.buffer.read() if name == "-" else _read(name)
            decoded = decode_bytes(data, encoding)
        except OSError as error:
            yield label, None, f"không đọc được tệp: {_os_reason(error)}"
        except DecodeError as error:
            yield label, None, f"không giải mã được nội dung ({encoding}): {error}"
        else:
            yield label, decoded.text, decoded.encoding


def _os_reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "không có tệp này"
    if isinstance(error, IsADirectoryError):
        return "đây là thư mục, không phải tệp"
    if isinstance(error, PermissionError):
        return "không có quyền đọc"
    return error.strerror or str(error)


def _read(name: str) -> bytes:
    with open(name, "rb") as handle:
        return handle.read()


def _run_extract(options: argparse.Namespace) -> int:
    status = 0
    several = len(options.files) > 1
    for name, text, info in _inputs(options.files, options.encoding):
        if text is None:
            print(f"tuyengiao extract: {name}: {info}", file=sys.stderr)
            status = EXIT_INPUT
            continue
        result = extract(text)
        if options.json:
            data = result.to_dict()
            data["source"] = name
            data["encoding"] = info
            print(json.dumps(data, ensure_ascii=False))
        else:
            print(_summary(name, result, heading=several))
    return status


def _run_normalize(options: argparse.Namespace) -> int:
    status = 0
    for name, text, info in _inputs(options.files, options.encoding):
        if text is None:
            print(f"tuyengiao normalize: {name}: {info}", file=sys.stderr)
            status = EXIT_INPUT
            continue
        sys.stdout.write(normalize(text))
    return status


def _summary(name: str, result: Extraction, *, heading: bool) -> str:
    lines = [f"== {name} =="] if heading else []
    lines.append(f"Văn bản được dẫn: {len(result.documents)}")
    for doc in result.documents:
        parts = [doc.type_name or "", doc.issuer or "", _vn_date(doc.date), doc.title or ""]
        detail = " · ".join(part for part in parts if part)
        lines.append(f"  {doc.symbol}  {detail}  ({len(doc.mentions)} lần)")
    lines.append(f"Quan hệ giữa văn bản: {len(result.relations)}")
    lines.extend(f"  {r.source} {_KINDS[r.kind]} {r.target}" for r in result.relations)
    lines.append(f"Mốc thời gian: {len(result.dates)}")
    lines.extend(
        f"  {d.text}" + (f" → {_vn_date(d.value)}" if d.value else "") for d in result.dates
    )
    lines.append(f"Số liệu: {len(result.quantities)}")
    for q in result.quantities:
        qualifier = _APPROX[q.approx]
        value = _vn_number(q.value) + (f"/{_vn_number(q.total)}" if q.total is not None else "")
        lines.append(f"  {q.text} → {qualifier + ' ' if qualifier else ''}{value} {q.unit}")
    lines.append(f"Cuộc họp: {len(result.meetings)}")
    for meeting in result.meetings:
        until = f" – {_vn_moment(meeting.end)}" if meeting.end else ""
        where = f" · {meeting.place}" if meeting.place else ""
        lines.append(f"  {_vn_moment(meeting.start)}{until}{where}")
    return "\n".join(lines)


def _vn_moment(value: datetime.date) -> str:
    """ "14:00 05/03/2026", or the day alone when there is no hour."""
    if isinstance(value, datetime.datetime):
        return value.strftime("%H:%M %d/%m/%Y")
    return _vn_date(value)


def _vn_date(value: object) -> str:
    return value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else ""


def _vn_number(value: float) -> str:
    """1234.5 → "1.234,5", the Vietnamese way."""
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
