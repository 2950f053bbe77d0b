"""The one limit on a request's body (TUYENGIAO_MAX_UPLOAD_MB): refused with 413 before the
body is read, as JSON under /api/ and as a page elsewhere."""

import io

import pytest
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from tests.factories import make_token
from tuyengiao.web import uploads
from tuyengiao.web.uploads import LimitedUploadHandler

pytestmark = pytest.mark.django_db

LIMIT = 100_000


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.MAX_UPLOAD_BYTES = LIMIT


class Unreadable(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = readinto = read


class Endless(io.RawIOBase):
    """A body that never ends, counting what is read of it."""

    def __init__(self) -> None:
        self.taken = 0

    def read(self, size=-1):
        size = 64 * 1024 if size is None or size < 0 else size
        self.taken += size
        return b"A" * size

    def readline(self, size=-1):
        return self.read(size)


def _declared(client, path: str, length: int, **extra):
    """A POST that declares `length` bytes and holds a body nobody may read."""
    return client.generic(
        "POST",
        path,
        b"x",
        content_type="multipart/form-data; boundary=B",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": Unreadable()},
        **extra,
    )


def test_api_answers_413_as_json_before_reading(client, owner):
    response = _declared(
        client, "/api/extract/", 10**10, HTTP_AUTHORIZATION=f"Bearer {make_token(owner)}"
    )
    assert response.status_code == 413
    body = response.json()
    assert body == {
        "detail": "Dữ liệu gửi lên quá lớn (tối đa 1 MB): hãy chia nhỏ tệp rồi gửi lại.",
        "errors": [],
    }


def test_a_page_answers_413_with_the_message_before_reading(client, owner, settings):
    settings.MAX_UPLOAD_BYTES = 3 * 1024 * 1024
    client.force_login(owner)
    response = _declared(client, "/documents/new/", 3 * 1024 * 1024 + 1)
    assert response.status_code == 413
    page = response.content.decode()
    assert "Dữ liệu quá lớn" in page
    assert "tối đa 3 MB" in page


def test_anonymous_and_csrf_less_requests_get_the_same_413(client):
    # Refused before CSRF and authentication: neither reads the body first.
    assert _declared(client, "/documents/new/", LIMIT + 1).status_code == 413


def test_a_body_at_the_limit_passes(client, owner):
    text = "Số 88-KL/TU ".encode() * (LIMIT // 20)
    upload = SimpleUploadedFile("a.txt", text[: LIMIT - 1000])
    response = client.post(
        "/api/extract/", {"file": upload}, HTTP_AUTHORIZATION=f"Bearer {make_token(owner)}"
    )
    assert response.status_code == 200, response.content


def test_a_chunked_body_without_length_is_not_read(client, owner):
    # Under WSGI Django reads no body whose length is not declared (gunicorn passes chunked
    # uploads that way): an endless one costs nothing and is refused as empty.
    body = Endless()
    response = client.generic(
        "POST",
        "/api/extract/",
        b"",
        CONTENT_TYPE="multipart/form-data; boundary=B",
        HTTP_TRANSFER_ENCODING="chunked",
        HTTP_AUTHORIZATION=f"Bearer {make_token(owner)}",
        **{"wsgi.input": body},
    )
    assert response.status_code == 400
    assert body.taken == 0


def _multipart(size: int):
    return RequestFactory().post(
        "/api/extract/", {"file": SimpleUploadedFile("a.txt", b"a" * size)}
    )


def test_the_upload_handler_stops_a_body_past_the_limit():
    request = _multipart(LIMIT * 3)
    with pytest.raises(RequestDataTooBig, match="quá lớn"):
        request.POST  # noqa: B018
    assert getattr(request, uploads._REFUSED)


def test_the_upload_handler_counts_what_arrives_whatever_was_declared():
    handler = LimitedUploadHandler(request=_multipart(10))
    handler.handle_raw_input(None, {}, 10, b"B")  # declared 10 bytes…
    assert handler.receive_data_chunk(b"a" * LIMIT, 0) == b"a" * LIMIT
    with pytest.raises(RequestDataTooBig):  # …and sent more than the limit
        handler.receive_data_chunk(b"a", LIMIT)


def test_a_body_that_grows_past_its_declaration_is_answered_413(client, owner, monkeypatch):
    # As if the server passed on a body it had not measured: the handler stops it and the
    # middleware answers 413, not Django's bare 400.
    monkeypatch.setattr(uploads, "_declared_length", lambda request: 0)
    upload = SimpleUploadedFile("a.txt", b"a" * (LIMIT * 2))
    response = client.post(
        "/api/extract/", {"file": upload}, HTTP_AUTHORIZATION=f"Bearer {make_token(owner)}"
    )
    assert response.status_code == 413
    assert "quá lớn" in response.json()["detail"]


def test_settings_follow_the_one_limit(settings):
    from django.conf import settings as live

    assert live.FILE_UPLOAD_HANDLERS[0] == "tuyengiao.web.uploads.LimitedUploadHandler"
    assert live.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440
    assert live.DATA_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024


def test_the_size_limit_is_set_once(settings):
    # settings.py once listed the middleware twice and its upload block twice, the second
    # copy quietly lowering the files a request may carry from Django's 100 to 10.
    assert settings.MIDDLEWARE.count("tuyengiao.web.uploads.RequestSizeMiddleware") == 1
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES == 100
