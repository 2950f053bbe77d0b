"""One limit on what a request may send (TUYENGIAO_MAX_UPLOAD_MB), kept before it is read.

Django caps form fields and JSON bodies (DATA_UPLOAD_MAX_MEMORY_SIZE) but not files: a
multipart body of any size is streamed to a temporary file before a view can look at its
size. `RequestSizeMiddleware` refuses a request whose Content-Length is over the limit before
anything reads its body; `LimitedUploadHandler`, the first upload handler, stops a multipart
body that grows past the limit while it is parsed, whatever its headers said. The reverse
proxy refuses the same bodies earlier still (client_max_body_size in the operator guide).
"""

from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tuyengiao.apikit import error_response
from tuyengiao.tabular.limits import megabytes, upload_limit

# Set on the request when the upload handler stops a body: Django turns the exception into a
# bare 400 on the way out, and the middleware answers 413 with the message instead.
_REFUSED = "_tuyengiao_upload_refused"


def too_large_message() -> str:
    return _("Dữ liệu gửi lên quá lớn (tối đa %(max)s MB): hãy chia nhỏ tệp rồi gửi lại.") % {
        "max": megabytes(upload_limit())
    }


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django reads no body it cannot measure


class RequestSizeMiddleware:
    """413 for a body over the limit, in the person's language: JSON under /api/, a page
    elsewhere. Placed before any middleware that reads the body (CSRF reads the form)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _declared_length(request) > upload_limit():
            return self._refuse(request)
        response = self.get_response(request)
        if getattr(request, _REFUSED, False):
            return self._refuse(request)
        return response

    @staticmethod
    def _refuse(request: HttpRequest) -> HttpResponse:
        message = too_large_message()
        if request.path.startswith("/api/"):
            return error_response(message, status=413)
        return render(request, "413.html", {"message": message}, status=413)


class LimitedUploadHandler(FileUploadHandler):
    """Counts the file bytes of a multipart body as they arrive and stops past the limit,
    before the handlers after it (memory, then a temporary file) store any more of them."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.received = 0
        if content_length > upload_limit():
            self._refuse()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received = getattr(self, "received", 0) + len(raw_data)
        if self.received > upload_limit():
            self._refuse()
        return raw_data  # on to the next handler

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler makes the file

    def _refuse(self) -> None:
        if self.request is not None:
            setattr(self.request, _REFUSED, True)
        raise RequestDataTooBig(too_large_message())
