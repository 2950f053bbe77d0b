"""Demo documents for the demo province: a resolution, the conclusion that continues it and
a commune's plan that concretises the conclusion, registered through the same path as an
upload so that the demo shows real prefill, links and a placeholder.

Every name is invented; the central documents cited are public.
"""

from tuyengiao.documents.importing import document_import
from tuyengiao.orgunits.models import OrgUnit

RESOLUTION = """TỈNH ỦY HÒA LÂM
*
Số 09-NQ/TU
ĐẢNG CỘNG SẢN VIỆT NAM
Hòa Lâm, ngày 18 tháng 10 năm 2021

NGHỊ QUYẾT
CỦA BAN CHẤP HÀNH ĐẢNG BỘ TỈNH
về xây dựng và phát triển văn hóa, con người Hòa Lâm giai đoạn 2021-2025
-----

Thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng,
đạo đức, phong cách Hồ Chí Minh, Ban Chấp hành Đảng bộ tỉnh quyết nghị:

1. Mục tiêu
Đến năm 2025, có trên 90% gia đình đạt danh hiệu "Gia đình văn hóa"; 100% xã, phường có
thiết chế văn hóa; 30/30 xã, phường có đội văn nghệ quần chúng.

2. Nhiệm vụ, giải pháp
Các cấp ủy tổ chức học tập, quán triệt Nghị quyết đến 100% cán bộ, đảng viên; xây dựng
chương trình hành động cụ thể hóa Nghị quyết, hoàn thành trong quý I/2022.
"""

CONCLUSION = """TỈNH ỦY HÒA LÂM
*
Số 88-KL/TU
ĐẢNG CỘNG SẢN VIỆT NAM
Hòa Lâm, ngày 05 tháng 9 năm 2023

KẾT LUẬN
CỦA BAN THƯỜNG VỤ TỈNH ỦY
về tiếp tục thực hiện Nghị quyết số 09-NQ/TU, ngày 18/10/2021 của Ban Chấp hành Đảng bộ tỉnh về xây dựng và phát triển văn hóa, con người Hòa Lâm giai đoạn 2021-2025
-----

I. KẾT QUẢ THỰC HIỆN
Sau 2 năm thực hiện, 100% cấp ủy trực thuộc đã tổ chức học tập, quán triệt; toàn tỉnh có
1.245 khu dân cư đạt chuẩn văn hóa, 89,8% gia đình đạt danh hiệu "Gia đình văn hóa";
77 hội nghị thông tin thời sự với trên 3.700 lượt người nghe.

II. NHIỆM VỤ, GIẢI PHÁP TRONG THỜI GIAN TỚI
1. Tiếp tục tăng cường sự lãnh đạo, chỉ đạo của các cấp ủy đảng. Đảng ủy các xã, phường xây
dựng kế hoạch cụ thể hóa Kết luận này, hoàn thành trước ngày 30/10/2023.
a) Tổ chức học tập, quán triệt Kết luận đến 100% cán bộ, đảng viên.
b) Đưa việc thực hiện Kết luận vào chương trình kiểm tra, giám sát hằng năm.
2. Đổi mới, nâng cao chất lượng công tác tuyên truyền về xây dựng văn hóa, con người Hòa
Lâm; mỗi xã, phường tổ chức ít nhất 2 hội nghị thông tin thời sự mỗi năm.
3. Xây dựng môi trường văn hóa lành mạnh ở cơ sở; duy trì đội văn nghệ quần chúng ở 100%
thôn, tổ dân phố.
4. Bảo tồn, phát huy giá trị di sản văn hóa; hoàn thành biên soạn lịch sử Đảng bộ xã, phường.
5. Sơ kết việc thực hiện Kết luận vào cuối năm, báo cáo Ban Thường vụ Tỉnh ủy.
"""

COMMUNE_PLAN = """ĐẢNG BỘ TỈNH HÒA LÂM
ĐẢNG ỦY XÃ LŨNG SƯƠNG
*
Số 15-KH/ĐU
ĐẢNG CỘNG SẢN VIỆT NAM
Lũng Sương, ngày 20 tháng 10 năm 2023

KẾ HOẠCH
cụ thể hóa Kết luận số 88-KL/TU, ngày 05/9/2023 của Ban Thường vụ Tỉnh ủy về tiếp tục thực hiện Nghị quyết số 09-NQ/TU
-----

1. Tổ chức 3 hội nghị học tập, quán triệt cho 100% cán bộ, đảng viên trong quý IV/2023.
2. Phấn đấu đến năm 2025 có 95% gia đình văn hóa; 12/12 thôn có đội văn nghệ.
"""


def demo_documents_create(*, user, province: OrgUnit, commune: OrgUnit) -> None:
    """Register the demo documents: the conclusion continues the resolution, the commune's
    plan concretises the conclusion."""
    for unit, filename, text in (
        (province, "nghi-quyet-09-nq-tu.txt", RESOLUTION),
        (province, "ket-luan-88-kl-tu.txt", CONCLUSION),
        (commune, "ke-hoach-15-kh-du.txt", COMMUNE_PLAN),
    ):
        outcome = document_import(
            user=user, orgunit=unit, filename=filename, data=text.encode("utf-8")
        )
        if outcome.document is None:
            raise RuntimeError(f"demo document {filename} was not registered: {outcome.skipped}")
