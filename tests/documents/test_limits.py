"""Decompression bombs through every way a document comes in (the parsers, the registration
page, POST /api/documents/, POST /api/extract/, the bulk import), and who may use
/api/extract/. The limits are made small here so that the bombs stay small and fast."""

import io
import time
import tracemalloc
import zipfile
import zlib

import pypdf  # noqa: F401  (imported before tracemalloc starts: its modules are no growth)
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.documents.bombs import MB, docx_bomb, pdf_bomb, text_pdf
from tests.documents.test_parsers import make_docx, make_pdf
from tests.factories import make_token
from tuyengiao.documents.models import Document
from tuyengiao.documents.parsers import ParseError, parse_upload

EXTRACT = "/api/extract/"
DOCUMENTS = "/api/documents/"
REFUSED = "vượt giới hạn"


@pytest.fixture
def small_limit(settings):
    settings.MAX_EXPANDED_BYTES = 1 * MB
    return settings.MAX_EXPANDED_BYTES


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _refused_fast(
    filename: str, data: bytes, *, peak_under: int = 4 * MB, within: float = 1.0
) -> ParseError:
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ParseError, match=REFUSED) as refused:
        parse_upload(filename=filename, data=data)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < within
    assert peak < peak_under  # never the bomb's worth
    return refused.value


# --- the parsers ------------------------------------------------------------------------


def test_a_docx_bomb_is_refused_before_python_docx_opens_it(small_limit):
    bomb = docx_bomb(16 * MB)
    assert len(bomb) < 200_000
    error = _refused_fast("bom.docx", bomb)
    assert "“bom.docx” khi giải nén lên tới 16 MB, vượt giới hạn 1 MB" in str(error)


def test_a_docx_bomb_named_otherwise_is_still_refused(small_limit):
    _refused_fast("bao-cao.txt", docx_bomb(4 * MB))  # read as .docx from its first bytes


def test_a_docx_under_the_limit_is_read(small_limit):
    assert "88-KL/TU" in parse_upload(filename="a.docx", data=docx_bomb(MB // 2)).text


def test_a_pdf_stream_bomb_is_refused_without_holding_the_limits_worth(settings):
    settings.MAX_EXPANDED_BYTES = 8 * MB
    bomb = pdf_bomb(32 * MB)
    assert len(bomb) < 100_000
    error = _refused_fast("bom.pdf", bomb, peak_under=4 * MB)  # pypdf alone would hold 16
    assert "“bom.pdf” khi giải nén vượt giới hạn 8 MB" in str(error)


def test_a_hexadecimal_wrapped_bomb_is_refused_without_holding_the_limits_worth(settings):
    # Hexadecimal hides the zlib data from the first look; the page's content is then
    # counted piece by piece (pypdf alone stops at the limit, holding 16 MB here).
    settings.MAX_EXPANDED_BYTES = 8 * MB
    error = _refused_fast("bom.pdf", pdf_bomb(32 * MB, hex_wrapped=True), peak_under=4 * MB)
    assert "Trang 1 của tệp “bom.pdf”" in str(error)


def test_many_streams_just_under_the_limit_cost_the_first_look_little():
    from tuyengiao.documents.parsers.pdf import _inflates_past

    under = b"stream\n" + zlib.compress(b"A" * (MB - 1000), 9) + b"\nendstream\n"
    started = time.perf_counter()
    assert not _inflates_past(under * 1000, MB)  # 1 GB in all: pypdf's limits see to them
    assert time.perf_counter() - started < 0.5


def test_the_text_of_all_pages_together_is_held_to_the_limit(settings):
    settings.MAX_EXPANDED_BYTES = 100_000
    page = ["x" * 200] * 200  # 40 kB of text a page: each stream passes, three pages do not
    assert parse_upload(filename="a.pdf", data=make_pdf([page, page])).pages == 2
    with pytest.raises(ParseError, match=REFUSED):
        parse_upload(filename="b.pdf", data=make_pdf([page, page, page]))


def test_a_stream_under_the_limit_is_inflated_to_its_end_and_no_further():
    # Past the end of the zlib data, zlib keeps what follows as its unconsumed tail: the
    # first look once went round on it for ever, for any stream of more than a megabyte.
    from tuyengiao.documents.parsers.pdf import _inflates_past

    stream = b"stream\n" + zlib.compress(b"A" * 3 * MB) + b"\nendstream\n"
    started = time.perf_counter()
    assert not _inflates_past(stream, 50 * MB)
    assert time.perf_counter() - started < 0.5


def test_49_mb_of_page_content_under_the_50_mb_limit_is_refused_in_a_second():
    # The stream passes the expanded-size limit; its page does not pass the page's, so
    # pypdf never parses it (minutes and more, past gunicorn's timeout).
    error = _refused_fast("trang.pdf", pdf_bomb(49 * MB), within=2.0)
    assert "Trang 1 của tệp “trang.pdf” có nội dung vượt giới hạn 512 kB" in str(error)


def _text(operators: bytes, size: int) -> bytes:
    """A page's content: `operators` repeated to about `size` bytes, in Helvetica."""
    return b"BT /F1 12 Tf 72 760 Td 16 TL\n" + operators * (size // len(operators)) + b"ET\n"


ONE_LETTER_LINES = b"(A)'\n"  # what costs pypdf most per byte: 2 MB of them take 15 s


@pytest.fixture
def small_pages(monkeypatch):
    from tuyengiao.documents.parsers import pdf

    monkeypatch.setattr(pdf, "MAX_PAGE_CONTENT", 64 * 1024)


@pytest.fixture
def parsed(monkeypatch):
    """The pages whose text pypdf was asked for."""
    from pypdf import PageObject

    asked: list[PageObject] = []
    extract_text = PageObject.extract_text

    def counted(page, *args, **kwargs):
        asked.append(page)
        return extract_text(page, *args, **kwargs)

    monkeypatch.setattr(PageObject, "extract_text", counted)
    return asked


def test_a_page_past_the_content_limit_is_refused_before_pypdf_parses_it(small_pages, parsed):
    heavy = text_pdf([_text(b"(So 1-KH/TU) '\n", 1000), _text(ONE_LETTER_LINES, 80 * 1024)])
    assert len(heavy) < 10_000
    error = _refused_fast("nang.pdf", heavy)
    assert "Trang 2 của tệp “nang.pdf” có nội dung vượt giới hạn 64 kB một trang" in str(error)
    assert len(parsed) == 1  # the first page only


def test_a_form_past_the_content_limit_is_refused_too(small_pages, parsed):
    shown = text_pdf([b"/X0 Do\n"], form=_text(ONE_LETTER_LINES, 80 * 1024))
    assert "Trang 1 của tệp" in str(_refused_fast("form.pdf", shown))
    assert not parsed


def test_a_page_under_the_content_limit_is_read(small_pages):
    page = _text(b"(So 1-KH/TU) '\n", 60 * 1024)
    assert parse_upload(filename="a.pdf", data=text_pdf([page, page])).pages == 2


def test_the_content_of_all_pages_together_is_held_to_the_limit(small_pages, settings):
    settings.MAX_EXPANDED_BYTES = 50 * 1024
    # 30 kB a page, almost all of it drawing: each page passes, two together do not.
    page = _text(b"(So 1-KH/TU) '\n", 100) + b"0 0 m 1 1 l S\n" * 2150
    assert parse_upload(filename="a.pdf", data=text_pdf([page])).pages == 1
    with pytest.raises(ParseError, match=REFUSED):
        parse_upload(filename="b.pdf", data=text_pdf([page, page]))


def test_reading_a_pdf_stops_at_the_time_limit(settings):
    settings.MAX_PDF_SECONDS = 1
    pages = [_text(ONE_LETTER_LINES, 128 * 1024)] * 30  # each page costs pypdf 0.3 s or more
    started = time.perf_counter()
    with pytest.raises(ParseError, match=r"“lau\.pdf” cần quá 1 giây để đọc"):
        parse_upload(filename="lau.pdf", data=text_pdf(pages))
    assert time.perf_counter() - started < 3.0  # the limit and one page, not 9 s and more


def test_a_form_shown_again_and_again_stops_at_the_time_limit(settings):
    # pypdf parses a form each time it is shown: 2,000 times 16 kB is 30 s and more.
    settings.MAX_PDF_SECONDS = 1
    shown = text_pdf([b"/X0 Do\n" * 2000], form=_text(ONE_LETTER_LINES, 16 * 1024))
    started = time.perf_counter()
    with pytest.raises(ParseError, match="cần quá 1 giây"):
        parse_upload(filename="lau.pdf", data=shown)
    assert time.perf_counter() - started < 3.0


def test_the_upload_limit_is_the_setting(settings):
    settings.MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ParseError, match="quá lớn"):
        parse_upload(filename="a.txt", data=b"a" * 1001)
    assert parse_upload(filename="a.txt", data=b"So 1 " * 100).text


# --- the bulk import --------------------------------------------------------------------


def _import(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("documents", "import", *map(str, args), stdout=out, stderr=err)
    return out.getvalue()


def test_the_import_skips_a_bomb_in_a_zip_and_reads_the_rest(tree, owner, tmp_path, small_limit):
    archive = tmp_path / "van-ban.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("bom.docx", docx_bomb(16 * MB))
        zf.writestr("kh15.docx", make_docx(["ĐẢNG BỘ XÃ", "Số 15-KH/ĐU", "KẾ HOẠCH"]))
    out = _import(archive, "--user", "owner")
    assert f"bom.docx: Tệp “bom.docx” khi giải nén lên tới 16 MB, {REFUSED} 1 MB" in out
    assert Document.objects.filter(symbol="15-KH/ĐU").exists()


def test_the_import_refuses_a_zip_of_too_many_members(tree, owner, tmp_path, monkeypatch):
    from tuyengiao.documents.management.commands import documents
    from tuyengiao.tabular import archives

    monkeypatch.setattr(archives, "MAX_MEMBERS", 3)
    monkeypatch.setattr(documents, "MAX_MEMBERS", 3)
    archive = tmp_path / "nhieu.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for index in range(4):
            zf.writestr(f"{index}.txt", b"x")
    with pytest.raises(CommandError, match="quá nhiều phần"):
        _import(archive, "--user", "owner")


# --- the pages and the API --------------------------------------------------------------


def _auth(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token(user)}"}


def test_registration_page_refuses_a_bomb_with_the_message(client, tree, owner, small_limit):
    client.force_login(owner)
    upload = SimpleUploadedFile("bom.docx", docx_bomb(16 * MB))
    response = client.post(
        reverse("documents:register"), {"orgunit": tree.commune_a.pk, "file": upload}
    )
    assert response.status_code == 400
    assert REFUSED in response.content.decode()


@pytest.mark.parametrize("url", [DOCUMENTS, EXTRACT])
def test_the_api_refuses_a_bomb_with_the_message(client, tree, owner, small_limit, url):
    form = {
        "file": SimpleUploadedFile("bom.docx", docx_bomb(16 * MB)),
        "orgunit": tree.commune_a.pk,
    }
    response = client.post(url, form, headers=_auth(owner))
    assert response.status_code == 400
    assert REFUSED in response.json()["detail"]
    assert not Document.objects.exists()


def test_extract_needs_the_role_that_registers_documents(client, tree, owner, member, outsider):
    body = {"text": "Số 88-KL/TU"}
    for user, status in ((owner, 200), (outsider, 200), (member, 403)):
        response = client.post(EXTRACT, body, content_type="application/json", headers=_auth(user))
        assert response.status_code == status, (user, response.content)
    assert client.post(EXTRACT, body, content_type="application/json").status_code == 401


def test_a_viewer_is_refused_before_the_file_is_read(client, tree, member, monkeypatch):
    from tuyengiao.documents import api

    def never(**kwargs):
        raise AssertionError("read")

    monkeypatch.setattr(api, "parse_upload", never)
    form = {"file": SimpleUploadedFile("a.pdf", make_pdf([["So 1-KH/TU"]]))}
    assert client.post(EXTRACT, form, headers=_auth(member)).status_code == 403
