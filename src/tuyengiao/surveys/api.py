"""Surveys over the API, for staff (the paths and shapes are fixed by issue 19: other tools
read them).

`GET /api/surveys/` lists the surveys the caller sees (those organised in its scope and those
of a unit in it); `GET /api/surveys/<id>/` adds the questions with their options. A survey
outside the caller's scope is a 404, as a missing one. `responses` is the survey's count of
responses from k on (SURVEY_MIN_CELL), null below, as the results give it.
"""

import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema

from tuyengiao.apikit import ErrorOut
from tuyengiao.surveys import selectors
from tuyengiao.surveys.models import QuestionKind, Status, Survey

router = Router(tags=["surveys"])


class SurveyOptionOut(Schema):
    code: str = Field(description="Mã phương án: A, B, C… (thang điểm: 1–5; nhóm: mã nhóm)")
    label: str


class SurveyQuestionOut(Schema):
    id: str = Field(description="Mã câu hỏi: q1, q2…")
    kind: QuestionKind
    text: str
    required: bool
    band: str | None = Field(description="Nhóm của câu thông tin chung (age, sex, occupation)")
    headline: bool = Field(description="Câu hỏi đánh giá chính (thang điểm)")
    options: list[SurveyOptionOut] = Field(description="Rỗng với câu hỏi số và ý kiến tự do")


class SurveyOut(Schema):
    id: int
    title: str
    status: Status
    public_url: str = Field(description="Đường dẫn trả lời phiếu (dùng được khi đã phát hành)")
    organiser: str = Field(description="Mã đơn vị tổ chức")
    opens_on: datetime.date
    closes_on: datetime.date
    responses: int | None = Field(
        description="Số phiếu đã nhận, từ k phiếu trở lên (SURVEY_MIN_CELL); dưới k: null"
    )


class SurveyDetailOut(SurveyOut):
    purpose: str
    units: list[str] = Field(
        description="Mã các đơn vị được khảo sát (cán bộ đơn vị được khảo sát: đơn vị của mình)"
    )
    questions: list[SurveyQuestionOut]


def _survey_out(survey: Survey, responses: int | None) -> dict:
    return {
        "id": survey.pk,
        "title": survey.title,
        "status": survey.status,
        "public_url": selectors.public_url(survey),
        "organiser": survey.orgunit.code,
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "responses": responses,
    }


@router.get("/", response=list[SurveyOut], url_name="survey_list", summary="Cuộc khảo sát")
def survey_list(request: HttpRequest):
    """Các cuộc khảo sát trong phạm vi: do đơn vị trong phạm vi tổ chức, hoặc khảo sát đơn vị
    trong phạm vi; mới nhất trước."""
    surveys = list(selectors.surveys_visible(request.user))
    totals = selectors.survey_totals(surveys)
    return [_survey_out(survey, totals[survey.pk]) for survey in surveys]


@router.get(
    "/{int:survey_id}/",
    response={200: SurveyDetailOut, 404: ErrorOut},
    url_name="survey_detail",
    summary="Một cuộc khảo sát và các câu hỏi",
)
def survey_detail(request: HttpRequest, survey_id: int):
    """Cuộc khảo sát với các câu hỏi và phương án trả lời (câu thang điểm và câu thông tin
    chung có sẵn phương án)."""
    survey = selectors.survey_get(request.user, survey_id)
    questions = [
        {
            "id": q.key,
            "kind": q.kind,
            "text": q.text,
            "required": q.required,
            "band": q.band or None,
            "headline": q.headline,
            "options": [{"code": code, "label": str(label)} for code, label in q.choices()],
        }
        for q in survey.questions.all()
    ]
    units = [unit.code for unit in selectors.surveyed_units_seen(request.user, survey)]
    body = _survey_out(survey, selectors.survey_totals([survey])[survey.pk])
    return body | {"purpose": survey.purpose, "units": units, "questions": questions}
