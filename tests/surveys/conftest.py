import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from tuyengiao.surveys.models import Band, Question, QuestionKind, Survey


@pytest.fixture
def survey(tree) -> Survey:
    """The province's survey of communes A and B, published and open today, with one question
    of every kind (q4 the headline scale question)."""
    today = timezone.localdate()
    survey = Survey.objects.create(
        orgunit=tree.province, title="Khảo sát về chỉnh trang vỉa hè",
        purpose="Nắm dư luận về việc lập lại trật tự vỉa hè.",
        opens_on=today - datetime.timedelta(days=3), closes_on=today + datetime.timedelta(days=10),
        published=True,
    )  # fmt: skip
    survey.units.set([tree.commune_a, tree.commune_b])
    questions = [
        ("q1", QuestionKind.BAND, "Anh/chị thuộc nhóm tuổi nào?", [], Band.AGE),
        ("q2", QuestionKind.SINGLE, "Anh/chị biết chủ trương qua kênh nào nhiều nhất?",
         [{"code": "A", "label": "Loa truyền thanh"}, {"code": "B", "label": "Họp thôn"},
          {"code": "C", "label": "Mạng xã hội"}], ""),
        ("q3", QuestionKind.MULTIPLE, "Những việc cần làm trước?",
         [{"code": "A", "label": "Kẻ vạch"}, {"code": "B", "label": "Chỗ để xe"},
          {"code": "C", "label": "Cây xanh"}], ""),
        ("q4", QuestionKind.SCALE, "Anh/chị đồng tình với chủ trương ở mức nào?", [], ""),
        ("q5", QuestionKind.NUMBER, "Gia đình anh/chị có bao nhiêu xe máy?", [], ""),
        ("q6", QuestionKind.TEXT, "Ý kiến khác của anh/chị", [], ""),
    ]  # fmt: skip
    for order, (key, kind, text, options, band) in enumerate(questions, start=1):
        Question.objects.create(
            survey=survey, key=key, kind=kind, text=text, options=options, band=band,
            required=key in ("q2", "q4"), headline=key == "q4", sort_order=order * 10,
        )  # fmt: skip
    return survey


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    """Each test starts with no submission counted against the public rate limit."""
    cache.clear()
    yield
    cache.clear()
