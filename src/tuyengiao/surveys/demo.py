"""Demo surveys: one finished province survey with its protected results recorded into the
indicators, and one open survey with a few responses and unused one-time codes.

Built through the services, as the province's staff would: the survey built and published
(`services`), paper forms typed in (`collecting.response_record`), free text coded
(`coding`), the survey ended early and recorded (`recording`). The answers are drawn from a
seeded random generator: the same seed gives the same results. One commune answers fewer
than k forms, so that its row shows "chưa đủ số phiếu".
"""

import datetime
import random
from collections.abc import Sequence
from typing import Any

from django.conf import settings

from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.surveys.coding import freetext_code
from tuyengiao.surveys.collecting import codes_create, response_record
from tuyengiao.surveys.models import FreeText, Survey
from tuyengiao.surveys.recording import survey_results_record
from tuyengiao.surveys.services import survey_end, survey_publish, survey_save

FINISHED_TITLE = "Khảo sát dư luận về chủ trương sắp xếp, sáp nhập đơn vị hành chính cấp xã"
OPEN_TITLE = "Khảo sát ý kiến người dân về chỉnh trang vỉa hè, trật tự đô thị"
# About this many responses to the finished survey, shared among its communes in these
# proportions; the last commune answers fewer than k.
RESPONSES = 300
SHARES = (84, 71, 63, 78)
SHORT = 3

FINISHED_QUESTIONS: list[dict[str, Any]] = [
    {"kind": "band", "band": "age", "text": "Anh/chị thuộc nhóm tuổi nào?"},
    {"kind": "band", "band": "sex", "text": "Giới tính của anh/chị?"},
    {"kind": "scale", "headline": True, "required": True,
     "text": "Anh/chị đồng tình với chủ trương sắp xếp, sáp nhập đơn vị hành chính cấp xã "
             "ở mức nào?"},
    {"kind": "single", "required": True,
     "text": "Anh/chị biết về chủ trương chủ yếu qua kênh nào?",
     "options": ["Loa truyền thanh xã, thôn", "Họp thôn, tổ dân phố",
                 "Báo, đài, trang thông tin điện tử", "Mạng xã hội", "Người thân, hàng xóm"]},
    {"kind": "multiple",
     "text": "Sau sắp xếp, anh/chị mong chính quyền xã quan tâm trước những việc gì?",
     "options": ["Giải quyết thủ tục hành chính nhanh, gọn", "Đi lại đến trụ sở thuận tiện",
                 "Giữ tên gọi, di tích của địa phương cũ",
                 "Công khai việc sử dụng trụ sở dôi dư", "Bố trí cán bộ hợp lý"]},
    {"kind": "number", "text": "Từ nhà anh/chị đến trụ sở xã mới khoảng bao nhiêu ki-lô-mét?"},
    {"kind": "text", "text": "Anh/chị có ý kiến, kiến nghị gì khác?"},
]  # fmt: skip

# Words as respondents write them (some with what redaction takes out), and the topic staff
# code each into.
TEXTS = [
    ("Trụ sở mới xa quá, người già đi làm giấy tờ rất vất vả.", "Đi lại đến trụ sở"),
    ("Đề nghị có xe đưa đón hoặc làm thủ tục trực tuyến cho bà con thôn xa.",
     "Đi lại đến trụ sở"),
    ("Giữ lại tên xã cũ cho các thôn, đừng đổi hết tên.", "Tên gọi địa phương"),
    ("Nhà văn hóa và trụ sở cũ nên dùng làm điểm sinh hoạt cộng đồng.", "Trụ sở dôi dư"),
    ("Làm căn cước, đất đai phải chờ lâu hơn trước, đề nghị bố trí thêm người.",
     "Thủ tục hành chính"),
    ("Có gì liên hệ tôi số 0912 345 678, tôi tên Nguyễn Văn Bình ở thôn 3.",
     "Thủ tục hành chính"),
    ("Cán bộ một cửa hướng dẫn nhiệt tình, cảm ơn.", "Thủ tục hành chính"),
    ("Cần công khai kế hoạch sử dụng trụ sở cũ.", "Trụ sở dôi dư"),
]  # fmt: skip
UNCODED = [
    "Đường vào trụ sở mới đang làm, mưa là lầy, nhờ anh Trần Văn Hải trưởng thôn báo lên.",
    "Mong giữ lại điểm bưu điện văn hóa xã cũ.",
    "Tôi ủng hộ, nhưng cần lắng nghe thêm ý kiến bà con vùng giáp ranh.",
]
# Enough people at each end of the scale that the whole table publishes every level (and
# so every figure), for any seed tried (2025 and 1–9, with three to five communes).
SCALE_WEIGHTS = [(1, 8), (2, 10), (3, 16), (4, 36), (5, 30)]
AGES = [("U30", 22), ("30_45", 30), ("46_60", 28), ("O60", 20)]
SEXES = [("NAM", 48), ("NU", 50), ("KHAC", 2)]


def _pick(rng: random.Random, weighted: Sequence[tuple]) -> object:
    return rng.choices([v for v, _w in weighted], weights=[w for _v, w in weighted])[0]


def _answers(rng: random.Random, *, text: str = "") -> dict:
    answers: dict = {
        "q1": _pick(rng, AGES),
        "q2": _pick(rng, SEXES),
        "q3": _pick(rng, SCALE_WEIGHTS),
        "q4": rng.choices("ABCDE", weights=[30, 28, 18, 16, 8])[0],
        "q5": sorted(rng.sample("ABCDE", k=rng.randint(1, 3))),
    }
    if rng.random() < 0.8:
        answers["q6"] = rng.choice([0.5, 1, 2, 3, 4, 5, 6, 8, 10, 12])
    if text:
        answers["q7"] = text
    return answers


def demo_surveys_create(
    *, province: OrgUnit, editor, communes: Sequence[OrgUnit], today: datetime.date, seed: int
) -> list[str]:
    """The province's two demo surveys, built by `editor` (an editor of `province`) over the
    first five of `communes` (the finished one: about 300 responses, the last commune fewer
    than k) and the fourth, a ward (the open one). Returns a few unused one-time codes of the
    open survey, to try its public form with."""
    rng = random.Random(seed)  # noqa: S311  (reproducible demo data, no secrets)
    _finished(province, editor, list(communes[:5]), today, rng)
    # One ward: its codes come from `tuyengiao surveys codes <id> --count N` with no --unit.
    return _open(province, editor, list(communes[3:4] or communes[:1]), today, rng)


def _finished(province, editor, communes: list[OrgUnit], today, rng: random.Random) -> Survey:
    opens_on = today - datetime.timedelta(days=45)
    purpose = ("Nắm tâm tư, nguyện vọng của nhân dân sau khi sắp xếp đơn vị hành chính cấp xã, "
               "để kịp thời giải quyết kiến nghị tại cơ sở.")  # fmt: skip
    survey = Survey(orgunit=province, title=FINISHED_TITLE, purpose=purpose, opens_on=opens_on,
                    closes_on=today)  # fmt: skip
    survey_save(user=editor, survey=survey, units=communes, questions=FINISHED_QUESTIONS)
    survey = survey_publish(user=editor, survey=survey)
    days = (today - datetime.timedelta(days=8) - opens_on).days
    for index, answers in finished_answers(rng, units=len(communes)):
        day = opens_on + datetime.timedelta(days=rng.randrange(days))
        response_record(user=editor, survey=survey, unit=communes[index], answers=answers,
                        day=day)  # fmt: skip
    topics = dict(TEXTS)
    for freetext in FreeText.objects.filter(question__survey=survey).exclude(text=""):
        topic = next((t for text, t in topics.items() if _same(text, freetext.text)), None)
        if topic is not None:
            freetext_code(user=editor, freetext=freetext, topic=topic)
    survey = survey_end(user=editor, survey=survey)
    survey.refresh_from_db()
    survey_results_record(user=editor, survey=survey)
    return survey


def finished_answers(rng: random.Random, *, units: int) -> list[tuple[int, dict]]:
    """(index of the commune, answers) of each response to the finished survey."""
    texts = [text for text, _topic in TEXTS] * 3 + UNCODED
    rng.shuffle(texts)
    forms = []
    for index, count in enumerate(_counts(units)):
        for _n in range(count):
            text = texts.pop() if texts and rng.random() < 0.25 else ""
            forms.append((index, _answers(rng, text=text)))
    return forms


def _counts(units: int) -> list[int]:
    """Responses of each of `units` communes: about RESPONSES in all, the last short of k
    (when there are two or more)."""
    if units < 2:
        return [RESPONSES] * units
    shares = [SHARES[i % len(SHARES)] for i in range(units - 1)]
    return [RESPONSES * share // sum(shares) for share in shares] + [
        min(SHORT, settings.SURVEY_MIN_CELL - 1)
    ]


def _same(original: str, stored: str) -> bool:
    # The stored text is redacted: compare the words before the first thing it took out.
    head = stored.split("[", 1)[0].strip()
    return bool(head) and original.startswith(head)


def _open(province, editor, communes: list[OrgUnit], today, rng: random.Random) -> list[str]:
    survey = Survey(orgunit=province, title=OPEN_TITLE,
                    opens_on=today - datetime.timedelta(days=4),
                    closes_on=today + datetime.timedelta(days=21),
                    purpose="Lấy ý kiến trước khi triển khai kẻ vạch, bố trí chỗ để xe "
                            "trên vỉa hè các tuyến phố chính.")  # fmt: skip
    questions: list[dict[str, Any]] = [
        {"kind": "band", "band": "age", "text": "Anh/chị thuộc nhóm tuổi nào?"},
        {"kind": "scale", "headline": True, "required": True,
         "text": "Anh/chị đồng tình với việc lập lại trật tự vỉa hè ở mức nào?"},
        {"kind": "multiple", "text": "Theo anh/chị, cần làm trước những việc gì?",
         "options": ["Kẻ vạch phần đường đi bộ", "Bố trí chỗ để xe", "Trồng thêm cây xanh",
                     "Hỗ trợ hộ kinh doanh nhỏ"]},
        {"kind": "text", "text": "Ý kiến khác của anh/chị"},
    ]  # fmt: skip
    survey_save(user=editor, survey=survey, units=communes, questions=questions)
    survey = survey_publish(user=editor, survey=survey)
    for unit in communes:
        for _n in range(rng.randint(8, 12)):
            answers = {"q1": _pick(rng, AGES), "q2": _pick(rng, SCALE_WEIGHTS),
                       "q3": sorted(rng.sample("ABCD", k=rng.randint(1, 2)))}  # fmt: skip
            response_record(user=editor, survey=survey, unit=unit, answers=answers,
                            day=today - datetime.timedelta(days=rng.randint(0, 4)))  # fmt: skip
    codes = []
    for unit in communes:
        codes += codes_create(user=editor, survey=survey, unit=unit, count=100)
    return codes[:3]
