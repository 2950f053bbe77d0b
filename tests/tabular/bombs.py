"""Spreadsheets built to hurt a reader, written in chunks so that neither a test nor a
measurement ever holds them expanded."""

import io
import zipfile

from openpyxl import Workbook

MB = 1024 * 1024
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHARED_STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)


def xlsx_bomb(expanded: int, header: list[str]) -> bytes:
    """A real workbook whose cells (`header`, then a row of one huge text) are shared
    strings, the last one `expanded` bytes long: openpyxl's read-only mode loads the shared
    strings whole before the first row."""
    cells = "".join(
        f'<c r="{chr(ord("A") + index)}1" t="s"><v>{index}</v></c>' for index in range(len(header))
    )
    sheet = (
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">{cells}</row>'
        f'<row r="2"><c r="A2" t="s"><v>{len(header)}</v></c></row></sheetData></worksheet>'
    )
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_blank())) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet.encode()
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", SHARED_STRINGS_TYPE + b"</Types>")
            bomb.writestr(info, data)
        with bomb.open("xl/sharedStrings.xml", "w", force_zip64=True) as member:
            member.write(f'<sst xmlns="{MAIN}">'.encode())
            member.write("".join(f"<si><t>{text}</t></si>" for text in header).encode())
            member.write(b"<si><t>")
            chunk = b"A" * MB
            for _ in range(expanded // MB):
                member.write(chunk)
            member.write(b"</t></si></sst>")
    return buffer.getvalue()


def _blank() -> bytes:
    plain = io.BytesIO()
    Workbook().save(plain)
    return plain.getvalue()


def xlsx_rows(rows: int, header: list[str], row: list[str]) -> bytes:
    """A sheet of `header` then `rows` copies of `row` (inline strings), its XML streamed
    into the archive: a million rows are built in seconds without openpyxl."""
    letters = [chr(ord("A") + index) for index in range(len(header))]

    def line(number: int, cells: list[str]) -> bytes:
        inner = "".join(
            f'<c r="{letter}{number}" t="inlineStr"><is><t>{text}</t></is></c>'
            for letter, text in zip(letters, cells, strict=True)
        )
        return f'<row r="{number}">{inner}</row>'.encode()

    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_blank())) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info, source.read(info))
        with target.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            member.write(f'<worksheet xmlns="{MAIN}"><sheetData>'.encode() + line(1, header))
            batch = []
            for number in range(2, rows + 2):
                batch.append(line(number, row))
                if len(batch) == 10_000:
                    member.write(b"".join(batch))
                    batch.clear()
            member.write(b"".join(batch) + b"</sheetData></worksheet>")
    return buffer.getvalue()
