"""A report as .pdf through LibreOffice, where it is installed (issue 18 §2: optional)."""

import shutil
import subprocess
import tempfile
from pathlib import Path

# A large report converts in seconds; a stuck office suite must not hold a worker for ever.
TIMEOUT = 120


def soffice() -> str | None:
    """The path of LibreOffice's command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes) -> bytes:
    """Convert with `soffice --headless --convert-to pdf`. Raises RuntimeError without
    LibreOffice or when it fails."""
    command = soffice()
    if command is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="tg-pdf-") as folder:
        source = Path(folder) / "bao-cao.docx"
        source.write_bytes(data)
        # Its own profile: two conversions at once, or one beside a person's LibreOffice,
        # would otherwise fight over the user's profile lock.
        profile = f"-env:UserInstallation=file://{folder}/profile"
        done = subprocess.run(  # noqa: S603 (fixed arguments, our own file)
            [command, profile, "--headless", "--convert-to", "pdf", "--outdir", folder,
             str(source)],
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )  # fmt: skip
        target = source.with_suffix(".pdf")
        if done.returncode != 0 or not target.exists():
            raise RuntimeError(done.stderr.decode(errors="replace")[:500])
        return target.read_bytes()
