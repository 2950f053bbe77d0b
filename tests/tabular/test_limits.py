"""The one upload limit and the one way a refusal says a size (tabular.limits)."""

from django.utils import translation

from tuyengiao.tabular.limits import MB, file_empty, file_too_large, megabytes, upload_limit


def test_the_limit_is_the_setting_at_each_use(settings):
    settings.MAX_UPLOAD_BYTES = 3 * MB
    assert upload_limit() == 3 * MB


def test_sizes_round_up_so_a_file_over_the_limit_never_reads_as_within_it():
    assert [megabytes(size) for size in (1, MB, MB + 1, 50 * MB)] == [1, 1, 2, 50]


def test_a_file_too_large_is_named_with_its_size_and_the_limit():
    with translation.override("vi"):
        said = file_too_large(name="bao-cao.pdf", size=60 * MB + 5, limit=50 * MB)
    assert said == "Tệp “bao-cao.pdf” quá lớn (61 MB, tối đa 50 MB)."


def test_an_empty_file_is_named():
    with translation.override("vi"):
        said = file_empty(name="ke-hoach.docx")
    assert said == "Tệp “ke-hoach.docx” rỗng (0 byte): hãy chọn tệp có nội dung."
