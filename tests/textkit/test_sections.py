from tuyengiao.textkit.sections import TITLE_MAX, sections_outline, tasks_propose

CONCLUSION = """TỈNH ỦY BÌNH DƯƠNG
Số 88-KL/TU
KẾT LUẬN
về tiếp tục thực hiện Nghị quyết số 09-NQ/TU

I. KẾT QUẢ THỰC HIỆN
1. Công tác quán triệt được triển khai kịp thời.
2. Có 1.234 đảng viên tham gia học tập.

II. NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI
1. Tiếp tục tăng cường sự lãnh đạo của các cấp ủy đảng. Các cấp ủy quán triệt sâu sắc
nội dung Nghị quyết.
2. Đổi mới, nâng cao chất lượng công tác tuyên truyền:
a) Đổi mới nội dung, hình thức tuyên truyền trên báo chí.
b) Phát huy vai trò của đội ngũ báo cáo viên.
3. Kiểm tra, giám sát việc thực hiện
Định kỳ 6 tháng báo cáo kết quả về Ban Thường vụ Tỉnh ủy.
"""


def test_outline_nests_parts_items_and_letters():
    parts = sections_outline(CONCLUSION)
    assert [(p.number, p.title) for p in parts] == [
        ("I", "KẾT QUẢ THỰC HIỆN"),
        ("II", "NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI"),
    ]
    assert [s.number for s in parts[1].children] == ["1", "2", "3"]
    assert [s.number for s in parts[1].children[1].children] == ["a", "b"]


def test_tasks_come_from_the_part_of_tasks_not_the_review_of_results():
    tasks = tasks_propose(CONCLUSION)
    assert [t.title for t in tasks] == [
        "Tiếp tục tăng cường sự lãnh đạo của các cấp ủy đảng",
        "Đổi mới, nâng cao chất lượng công tác tuyên truyền",
        "Kiểm tra, giám sát việc thực hiện",
    ]
    # The heading's own sentence goes on into the body, with the lines below it.
    assert tasks[0].body == "Các cấp ủy quán triệt sâu sắc\nnội dung Nghị quyết."
    assert tasks[2].body == "Định kỳ 6 tháng báo cáo kết quả về Ban Thường vụ Tỉnh ủy."
    assert [c.title for c in tasks[1].children] == [
        "Đổi mới nội dung, hình thức tuyên truyền trên báo chí",
        "Phát huy vai trò của đội ngũ báo cáo viên",
    ]
    # The letters' text belongs to the sub-tasks, not repeated in the task's body.
    assert tasks[1].body == ""


def test_numbers_that_are_not_headings():
    text = "1.234 đảng viên đã học tập.\n2025. Năm bản lề.\n12/2025 tổng kết.\n"
    assert sections_outline(text) == []


def test_items_without_parts_and_nested_numbers():
    text = "1. Tuyên truyền\n1.1. Trên báo in\n1.2. Trên cổng thông tin\n2. Học tập\n"
    tasks = tasks_propose(text)
    assert [t.title for t in tasks] == ["Tuyên truyền", "Học tập"]
    assert [c.number for c in tasks[0].children] == ["1.1", "1.2"]


def test_parts_only_and_no_part_of_tasks():
    assert [t.number for t in tasks_propose("I. Mục đích\nA\nII. Yêu cầu\nB\n")] == ["I", "II"]
    text = "I. Phần một\n1. Việc một\nII. Phần hai\n1. Việc hai\n"
    assert [t.title for t in tasks_propose(text)] == ["Việc một", "Việc hai"]


def test_a_whole_paragraph_on_the_heading_line_is_cut_at_a_word():
    long = "1. " + "tăng cường công tác " * 30
    (task,) = tasks_propose(long)
    assert len(task.title) <= TITLE_MAX + 1 and task.title.endswith("…")
    assert task.body.startswith("tăng cường")


def test_headings_are_found_in_windows_text_with_odd_spaces():
    (task,) = tasks_propose("1.\u00a0Tuyên truyền\r\nNội dung\r\n")
    assert (task.title, task.body) == ("Tuyên truyền", "Nội dung")


def test_a_wrapped_heading_keeps_its_title_whole():
    text = (
        "2. Đổi mới, nâng cao chất lượng công tác tuyên truyền về xây dựng văn hóa, con người Hòa\n"
        "Lâm; mỗi xã tổ chức 2 hội nghị mỗi năm.\n"
        "3. Mục tiêu\n"
        "Đến năm 2025, 90% gia đình văn hóa.\n"
    )
    wrapped, short = sections_outline(text)
    assert wrapped.title == (
        "Đổi mới, nâng cao chất lượng công tác tuyên truyền về xây dựng văn hóa, con người Hòa Lâm"
    )
    assert wrapped.body == "mỗi xã tổ chức 2 hội nghị mỗi năm."
    # A short heading without a full stop is a heading on its own line, not a wrapped one.
    assert (short.title, short.body) == ("Mục tiêu", "Đến năm 2025, 90% gia đình văn hóa.")
