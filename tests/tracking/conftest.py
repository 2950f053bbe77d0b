"""A province conclusion with tasks, for the tracking tests.

The province holds 88-KL/TU and two tasks: the first, with a sub-task, was due three days
ago; the second is due in five days. `assigned` gives both communes every task, so commune
A's owner and member and commune B's outsider each have something of their own and
something that is not theirs.
"""

import datetime

import pytest

from tests.factories import RoleAssignmentFactory, UserFactory
from tuyengiao.accounts.models import Role
from tuyengiao.documents.models import Document, System
from tuyengiao.tracking.inspections import MemberDraft, inspection_create
from tuyengiao.tracking.models import MemberRole
from tuyengiao.tracking.services import TaskDraft, assignments_create, tasks_create

# Deadlines are set around the real today, with days to spare either side: the pages and the
# API read the clock, and the time zone may put their today one day after the machine's.
TODAY = datetime.date.today()
LATE = TODAY - datetime.timedelta(days=3)
SOON = TODAY + datetime.timedelta(days=5)
START = datetime.date(2026, 11, 2)  # of the inspection

CONCLUSION_TEXT = """KẾT LUẬN
của Ban Thường vụ Tỉnh ủy về tiếp tục thực hiện Nghị quyết số 09-NQ/TU

I. KẾT QUẢ THỰC HIỆN
Sau 2 năm, 100% cấp ủy đã tổ chức học tập, quán triệt.

II. NHIỆM VỤ, GIẢI PHÁP
1. Tiếp tục tăng cường sự lãnh đạo của các cấp ủy đảng. Các cấp ủy xây dựng kế hoạch.
a) Tổ chức học tập, quán triệt Kết luận đến toàn thể cán bộ, đảng viên.
b) Đưa nội dung Kết luận vào sinh hoạt chi bộ.
2. Đổi mới, nâng cao chất lượng công tác tuyên truyền. Đa dạng hóa hình thức tuyên truyền.
3. Xây dựng môi trường văn hóa lành mạnh ở cơ sở.
"""


def make_document(unit, user, symbol="88-KL/TU", **fields) -> Document:
    return Document.objects.create(
        system=System.PARTY,
        number=symbol.split("-")[0],
        symbol=symbol,
        type_code=symbol.split("-")[1].split("/")[0],
        issued_on=fields.pop("issued_on", datetime.date(2023, 9, 5)),
        orgunit=unit,
        registered_by=user,
        **fields,
    )


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def conclusion(tree, province_admin) -> Document:
    return make_document(tree.province, province_admin, full_text=CONCLUSION_TEXT)


@pytest.fixture
def tasks(conclusion, tree, province_admin):
    return tasks_create(
        user=province_admin,
        orgunit=tree.province,
        document=conclusion,
        drafts=[
            TaskDraft(
                "Tăng cường sự lãnh đạo",
                number="1",
                deadline=LATE,
                subtasks=[TaskDraft("Tổ chức học tập, quán triệt", number="1.a")],
            ),
            TaskDraft("Đổi mới công tác tuyên truyền", number="2", deadline=SOON),
        ],
    )


@pytest.fixture
def assigned(tasks, tree, province_admin):
    for task in tasks:
        assignments_create(user=province_admin, task=task, units=[tree.commune_a, tree.commune_b])
    return tasks


@pytest.fixture
def commune_editor(tree):
    user = UserFactory(username="editor_a")
    RoleAssignmentFactory(user=user, orgunit=tree.commune_a, role=Role.EDITOR)
    return user


@pytest.fixture
def delegation(tree, province_admin, conclusion):
    """The province's inspection of both communes about 88-KL/TU."""
    return inspection_create(
        user=province_admin,
        orgunit=tree.province,
        title="Kiểm tra việc thực hiện Kết luận 88-KL/TU",
        topics="Học tập, quán triệt; xây dựng kế hoạch",
        starts_on=START,
        ends_on=START + datetime.timedelta(days=4),
        units=[tree.commune_a, tree.commune_b],
        documents=[conclusion],
        members=[
            MemberDraft("Nguyễn Văn Trưởng", MemberRole.HEAD, "Phó Trưởng Ban Tuyên giáo"),
            MemberDraft("Cán bộ", MemberRole.SECRETARY),
        ],
    )
