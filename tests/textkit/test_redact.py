"""textkit.redact: what may name a person in a citizen's free text is replaced by a label
before anyone reads it (issue 19). Vietnamese examples of each kind, and text that must
stay as written."""

import itertools

import pytest

from tuyengiao.textkit.redact import find_personal, redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Liên hệ 0912 345 678 để biết thêm.", "Liên hệ [số điện thoại] để biết thêm."),
        ("Gọi +84 912.345.678 hoặc 024-3826-1234.",
         "Gọi [số điện thoại] hoặc [số điện thoại]."),
        ("CCCD 001089012345, CMND cũ 012345678.",
         "CCCD [số giấy tờ], CMND cũ [số giấy tờ]."),
        ("Gửi thư về nguyenvana@gmail.com nhé", "Gửi thư về [thư điện tử] nhé"),
        ("Xem facebook.com/nguyen.van.a và https://zalo.me/0912345678",
         "Xem [địa chỉ mạng] và [địa chỉ mạng]"),
        ("Tài khoản @lan.pham đăng bài", "Tài khoản [tài khoản mạng] đăng bài"),
        ("Nhà tôi ở số 12 đường Trần Phú, phường 3.",
         "Nhà tôi ở [địa chỉ], phường 3."),
        ("Hộ ở ngõ 5, ngách 12 bị ngập.", "Hộ ở [địa chỉ] bị ngập."),
        ("Ông Nguyễn Văn An ở tổ 3 phản ánh", "Ông [tên người] ở [địa chỉ] phản ánh"),
        ("chị Lan bán hàng trên vỉa hè", "chị [tên người] bán hàng trên vỉa hè"),
        ("Đồng chí Hoàng Thị Bình, trưởng thôn Mai Hoa Đông nói",
         "Đồng chí [tên người], trưởng thôn [tên người] nói"),
        ("Họ và tên: Trần Văn Cường", "Họ và tên: [tên người]"),
        # A full name with no word before it, or after a title and a body.
        ("Nguyễn Thị Hoa phản ánh việc lấn chiếm vỉa hè",
         "[tên người] phản ánh việc lấn chiếm vỉa hè"),
        ("Chủ tịch UBND xã Trần Văn B đã trả lời", "Chủ tịch UBND xã [tên người] đã trả lời"),
        ("Bí thư chi bộ thôn 3 Lò Văn Pá họp dân", "Bí thư chi bộ [địa chỉ] [tên người] họp dân"),
    ],
)  # fmt: skip
def test_each_kind_is_replaced_by_its_label(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Người dân lo lắng về giải phóng mặt bằng dự án đường vành đai.",
        "Có 2.800 đảng viên được học tập Nghị quyết 35-NQ/TW, đạt 89,8%.",
        "Năm 2026 xã có 1.375 hộ, 12 thôn.",
        "anh ấy nói quy hoạch chưa rõ ràng",
        "Ngày 05/3/2026 họp thôn.",
        # Leaders and heroes cited, and places named after them, stay.
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
        "Làm theo lời Bác Hồ dạy, Thành phố Hồ Chí Minh đi trước.",
        "Hà Nội và đường Lê Lợi, trường THPT Nguyễn Thị Minh Khai.",
    ],
)
def test_text_without_a_person_stays_as_written(text):
    assert redact(text) == text
    assert find_personal(text) == []


def test_spans_point_into_the_nfc_text_and_never_overlap():
    text = "Ông Lê Văn Tám, số 7 ngõ 2, điện thoại 0987654321."
    found = find_personal(text)
    assert [f.kind for f in found] == ["person", "address", "phone"]
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
    assert text[found[0].start : found[0].end] == "Lê Văn Tám"
