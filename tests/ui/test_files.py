"""The shared file box: an empty file is refused once, by name, in our words ("tệp")."""

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tuyengiao.ui.files import FileField


class _Form(forms.Form):
    file = FileField(label="Tệp")


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def test_an_empty_file_is_named_and_said_with_tep():
    form = _Form(files={"file": SimpleUploadedFile("bao-cao.xlsx", b"")})
    assert not form.is_valid()
    assert form.errors["file"] == ["Tệp “bao-cao.xlsx” rỗng (0 byte): hãy chọn tệp có nội dung."]


def test_no_message_says_tap_tin():
    messages = [str(message) for message in FileField().error_messages.values()]
    assert not [m for m in messages if "tập tin" in m.lower()]
    assert all("tệp" in m.lower() or m == "Trường này là bắt buộc." for m in messages), messages


def test_a_file_with_content_passes():
    form = _Form(files={"file": SimpleUploadedFile("a.txt", b"x")})
    assert form.is_valid()
