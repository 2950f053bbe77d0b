"""Decompression bombs, built in chunks so that neither a test nor the measurement ever
holds them expanded: a real .docx whose word/document.xml is huge, and a valid PDF whose one
content stream FlateDecodes to a huge page."""

import io
import zipfile
import zlib

import docx

MB = 1024 * 1024


def docx_bomb(expanded: int) -> bytes:
    """python-docx's own blank document with `expanded` bytes of paragraphs in its body."""
    document = docx.Document()
    document.add_paragraph("Số 88-KL/TU")
    blank = io.BytesIO()
    document.save(blank)
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(blank.getvalue())) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb,
    ):
        for info in source.infolist():
            if info.filename != "word/document.xml":
                bomb.writestr(info, source.read(info))
        head, tail = source.read("word/document.xml").split(b"<w:sectPr", 1)
        paragraph = b"<w:p><w:r><w:t>" + b"A" * (MB - 32) + b"</w:t></w:r></w:p>"
        with bomb.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(head)
            for _ in range(expanded // len(paragraph)):
                member.write(paragraph)
            member.write(b"<w:sectPr" + tail)
    return buffer.getvalue()


def pdf_bomb(expanded: int, *, hex_wrapped: bool = False) -> bytes:
    """One page, Helvetica, whose FlateDecode content stream shows `expanded` bytes of text;
    `hex_wrapped` writes the compressed stream in hexadecimal (ASCIIHexDecode first)."""
    compressor = zlib.compressobj(9)
    line = b"(" + b"A" * 1000 + b") '\n"
    parts = [compressor.compress(b"BT /F1 12 Tf 72 760 Td 16 TL\n")]
    block = line * (MB // len(line))
    parts += [compressor.compress(block) for _ in range(expanded // len(block))]
    parts.append(compressor.compress(b"ET\n") + compressor.flush())
    stream = b"".join(parts)
    filters = b"/FlateDecode"
    if hex_wrapped:
        stream, filters = stream.hex().encode() + b">", b"[/ASCIIHexDecode /FlateDecode]"
    return pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(stream, filters),
            HELVETICA,
        ]
    )


HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def _stream(data: bytes, filters: bytes = b"/FlateDecode", extra: bytes = b"") -> bytes:
    head = b"<< /Length %d /Filter %s %s>>\nstream\n" % (len(data), filters, extra)
    return head + data + b"\nendstream"


def text_pdf(pages: list[bytes], *, form: bytes | None = None) -> bytes:
    """Pages drawing the given content streams (FlateDecoded) in Helvetica, and, with `form`,
    a form XObject /X0 of that content in every page's resources."""
    count = len(pages)
    font, shared = 3 + 2 * count, 4 + 2 * count
    xobjects = b"/XObject << /X0 %d 0 R >>" % shared if form is not None else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (3 + 2 * index) for index in range(count)), count),
    ]
    for index, content in enumerate(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> %s >> >>" % (4 + 2 * index, font, xobjects)
        )
        objects.append(_stream(zlib.compress(content)))
    objects.append(HELVETICA)
    if form is not None:
        objects.append(
            _stream(
                zlib.compress(form),
                extra=b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] "
                b"/Resources << /Font << /F1 %d 0 R >> >> " % font,
            )
        )
    return pdf_file(objects)


def pdf_file(objects: list[bytes]) -> bytes:
    """A PDF of these objects, numbered from 1, the first one its catalog."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
