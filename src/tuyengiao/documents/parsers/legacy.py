"""Word and PDF files typed with legacy fonts (.VnTime, VNI-Times) hold Unicode code points
that are really TCVN3 or VNI bytes: "Tæng kÕt" for "Tổng kết". Both parsers repair them."""

from tuyengiao.textkit.encodings import REPAIR_CONFIDENCE, convert_legacy_text, detect_legacy
from tuyengiao.textkit.normalize import normalize


def repaired(text: str, *, container: str) -> tuple[str, str]:
    """(normalised text, encoding label): "docx", or "docx+tcvn3" when it was converted."""
    text = normalize(text)
    if text.isascii():
        return text, container
    found, confidence = detect_legacy(text)
    if found is None or confidence < REPAIR_CONFIDENCE:
        return text, container
    return normalize(convert_legacy_text(text, found)), f"{container}+{found}"
