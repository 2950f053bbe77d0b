"""The same document gives the same bytes: the parts of the .docx carry no time of saving."""

import io
import zipfile

_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold


def deterministic(blob: bytes) -> bytes:
    """Rewrite a .docx (a zip) with fixed entry times, keeping the parts and their order.

    python-docx stamps every part with the time of saving; without this the shipped template
    could not be checked against the script that makes it, nor two renderings compared.
    """
    source = zipfile.ZipFile(io.BytesIO(blob))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()
