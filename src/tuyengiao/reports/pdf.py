"""A report as .pdf through LibreOffice, where it is installed (issue 18 §2: optional)."""

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

# A large report converts in seconds; a stuck office suite must not hold a worker for ever,
# and the answer must come before gunicorn's 30 s kill the worker that waits for it.
TIMEOUT = 25
# One conversion at a time in a process: each soffice takes hundreds of MB and a CPU; a
# second request waits this long for the first, then is told to come back.
BUSY_WAIT = 2
_converting = threading.Lock()


class Busy(RuntimeError):
    """Another conversion is running in this process."""


def soffice() -> str | None:
    """The path of LibreOffice's command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes) -> bytes:
    """Convert with `soffice --headless --convert-to pdf`. Raises Busy while another
    conversion runs, RuntimeError without LibreOffice, when it fails or takes too long."""
    command = soffice()
    if command is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    if not _converting.acquire(timeout=BUSY_WAIT):
        raise Busy("another conversion is running")
    try:
        return _convert(command, data)
    finally:
        _converting.release()


def _convert(command: str, data: bytes) -> bytes:
    with tempfile.TemporaryDirectory(prefix="tg-pdf-") as folder:
        source = Path(folder) / "bao-cao.docx"
        source.write_bytes(data)
        # Its own profile: two conversions at once, or one beside a person's LibreOffice,
        # would otherwise fight over the user's profile lock.
        profile = f"-env:UserInstallation=file://{folder}/profile"
        # Its own process group: soffice starts soffice.bin, which killing soffice alone
        # would leave running.
        process = subprocess.Popen(  # noqa: S603 (fixed arguments, our own file)
            [command, profile, "--headless", "--convert-to", "pdf", "--outdir", folder,
             str(source)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )  # fmt: skip
        try:
            _, errors = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise RuntimeError(f"LibreOffice took more than {TIMEOUT} s") from None
        target = source.with_suffix(".pdf")
        if process.returncode != 0 or not target.exists():
            raise RuntimeError(errors.decode(errors="replace")[:500])
        return target.read_bytes()


def _kill_group(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):  # it ended meanwhile
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
