"""What registration's first step read, kept on the server until the second step saves it
(issue 15, item 2).

The confirmation form posts a token, never the text: a text of several MB posted back would
pass Django's request limits at the upload (files are streamed to disk) and fail them at the
confirmation (form fields are held in memory), with a bare 400. Each stage is a directory of
the media storage named by a random token, holding the text read (UTF-8) and the file it was
read from; the session lists the tokens of its user, so a token from someone else's form
opens nothing. Stages nobody confirmed are swept after a day, and each session keeps its few
newest.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest
from django.utils import timezone

SESSION_KEY = "documents_pending_uploads"
DIRECTORY = "documents/pending"
KEEP = 5
MAX_AGE = timedelta(days=1)


@dataclass(frozen=True)
class Staged:
    """The text read at the first step and, when it came from a file, that file's name."""

    token: str
    text: str
    filename: str  # "" for a pasted text

    def upload(self) -> ContentFile | None:
        """The uploaded file, to attach to the document; None for a pasted text."""
        entry_path = _path(self.token, "bin")
        if not self.filename or not default_storage.exists(entry_path):
            return None
        with default_storage.open(entry_path, "rb") as stored:
            return ContentFile(stored.read(), name=self.filename)


def _path(token: str, kind: str) -> str:
    return f"{DIRECTORY}/{token}.{kind}"


def stage(request: HttpRequest, *, text: str, filename: str = "", data: bytes = b"") -> Staged:
    """Keep `text` (and the file `data` it was read from) for the second step."""
    sweep()
    token = secrets.token_urlsafe(16)
    default_storage.save(_path(token, "txt"), ContentFile(text.encode("utf-8")))
    if filename:
        default_storage.save(_path(token, "bin"), ContentFile(data))
    pending = request.session.get(SESSION_KEY, {})
    pending[token] = {"filename": filename, "user": request.user.pk}
    for old in list(pending)[:-KEEP]:
        pending.pop(old)
        _delete(old)
    request.session[SESSION_KEY] = pending
    return Staged(token=token, text=text, filename=filename)


def staged(request: HttpRequest, token: str) -> Staged | None:
    """The stage `token` of this session's user; None when it is not theirs or has expired."""
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if not entry or entry.get("user") != request.user.pk:
        return None
    if not default_storage.exists(_path(token, "txt")):
        return None
    with default_storage.open(_path(token, "txt"), "rb") as stored:
        text = stored.read().decode("utf-8")
    return Staged(token=token, text=text, filename=entry.get("filename") or "")


def unstage(request: HttpRequest, token: str) -> None:
    """Forget a stage once its document is saved."""
    pending = request.session.get(SESSION_KEY, {})
    if pending.pop(token, None) is not None:
        request.session[SESSION_KEY] = pending
    _delete(token)


def _delete(token: str) -> None:
    for kind in ("txt", "bin"):
        default_storage.delete(_path(token, kind))


def sweep() -> None:
    """Delete stages older than a day (the person closed the page)."""
    try:
        _dirs, names = default_storage.listdir(DIRECTORY)
    except FileNotFoundError:
        return
    cutoff = timezone.now() - MAX_AGE
    for name in names:
        path = f"{DIRECTORY}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
