"""The one file box of every form, with its messages said the way the interface says them.

Django's Vietnamese catalogue says "tập tin" where every page of ours says "tệp", and its
message for an empty file names no file. An empty file is refused here, once, with its name:
a form must not add "choose a file" on top of it (issue 15, item 15).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tuyengiao.tabular.limits import file_empty

__all__ = ["FileField"]


class FileField(forms.FileField):
    """forms.FileField with its messages in our words ("tệp")."""

    default_error_messages = {
        "invalid": _("Không nhận được tệp: hãy gửi lại biểu mẫu."),
        "missing": _("Không nhận được tệp: hãy chọn lại tệp."),
        "empty": _("Tệp đã chọn rỗng (0 byte): hãy chọn tệp có nội dung."),
        "max_length": _("Tên tệp dài quá %(max)d ký tự (đang có %(length)d)."),
        "contradiction": _("Hãy chọn một tệp hoặc đánh dấu xóa, không làm cả hai."),
    }

    def to_python(self, data):
        # Named: the person may have chosen several files on the page.
        if data not in self.empty_values and getattr(data, "size", None) == 0 and data.name:
            raise ValidationError(file_empty(name=data.name), code="empty")
        return super().to_python(data)
