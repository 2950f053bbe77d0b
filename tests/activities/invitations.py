"""An invitation of the province to commune A, as registered documents are: shared by the
meeting and calendar tests."""

import datetime

from tuyengiao.documents.models import Document, System
from tuyengiao.textkit.normalize import normalize

INVITATION_TEXT = """TỈNH ỦY THỬ
Số 116-GM/TU
Thử, ngày 02 tháng 3 năm 2026
GIẤY MỜI
Ban Thường vụ Tỉnh ủy trân trọng kính mời đồng chí Bí thư Đảng ủy xã An Bình dự Hội nghị
quán triệt Nghị quyết số 35-NQ/TW, vào lúc 14 giờ 00, ngày 05/3/2026, tại Hội trường Tỉnh ủy,
số 04 Trần Phú, thành phố Nha Trang.
"""


def invitation(unit, user, *, issuer_unit=None, text=INVITATION_TEXT, confidential=False):
    """Giấy mời 116-GM/TU held by `unit`, issued by `issuer_unit`."""
    return Document.objects.create(
        system=System.PARTY,
        number="116",
        symbol="116-GM/TU",
        type_code="GM",
        type_name="Giấy mời",
        issued_on=datetime.date(2026, 3, 2),
        issuer_unit=issuer_unit,
        issuer_name="Tỉnh ủy Thử",
        title="Dự Hội nghị quán triệt Nghị quyết số 35-NQ/TW",
        full_text=normalize(text),
        orgunit=unit,
        registered_by=user,
        confidential=confidential,
    )
