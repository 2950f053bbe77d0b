"""`GET /api/surveys/<id>/results/?by=`: a finished survey's protected tables (issue 19, §3).

Exactly what `disclosure` publishes, nothing added: a hidden count or total is null, never a
number below k, and `responses` is null below k. Viewers of the organiser only (a 404 for
anyone else, as for a survey that does not exist); 409 while the survey can still receive
responses; 422 for a breakdown the survey does not have.
"""

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from tuyengiao.accounts.scope import get_in_scope_or_404
from tuyengiao.apikit import ErrorOut, InputSchema, error_body
from tuyengiao.surveys.models import QuestionKind, Survey
from tuyengiao.surveys.results import ResultsNotReady, UnknownBreakdown, survey_results

router = Router(tags=["surveys"])


class CellOut(Schema):
    option: str = Field(description="Mã phương án (hoặc chủ đề của câu hỏi ý kiến tự do)")
    count: int | None = Field(description="Số phiếu; null khi bị ẩn (dưới k hoặc ẩn kèm)")


class RowOut(Schema):
    by: str = Field(
        description="Mã nhóm (đơn vị hoặc nhóm của câu hỏi thông tin chung); '' cho toàn bộ"
    )
    total: int | None = Field(description="Số người trả lời câu hỏi trong nhóm; null khi bị ẩn")
    cells: list[CellOut]


class QuestionResultOut(Schema):
    id: str = Field(description="Mã câu hỏi: q1, q2…")
    kind: QuestionKind
    rows: list[RowOut]
    coding: str | None = Field(
        None,
        description="'pending' cho câu hỏi ý kiến tự do còn ý kiến chưa mã hóa: bảng chủ đề "
        "có khi mã hóa xong",
    )


class ResultsOut(Schema):
    k: int = Field(description="Ngưỡng: không công bố số nào dưới k phiếu")
    responses: int | None = Field(description="Số phiếu; null khi dưới k")
    by: str = Field(description="Cách chia: '', 'unit' hoặc mã một câu hỏi thông tin chung")
    questions: list[QuestionResultOut]


class ResultsFilter(InputSchema):
    by: str = Field(
        "",
        max_length=20,
        description="'' toàn bộ; 'unit' theo đơn vị; mã một câu hỏi thông tin chung (nhóm tuổi…)",
    )


@router.get(
    "/{int:survey_id}/results/",
    response={200: ResultsOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    url_name="survey_results",
    summary="Kết quả đã bảo vệ của một cuộc khảo sát",
)
def results(request: HttpRequest, survey_id: int, filters: Query[ResultsFilter]):
    """Các bảng kết quả đã ẩn ô nhỏ (dưới k phiếu, và các ô ẩn kèm để không suy ra được):
    chỉ có khi cuộc khảo sát đã kết thúc và không còn nhận phiếu (409 trước đó)."""
    survey = get_in_scope_or_404(
        Survey.objects.select_related("orgunit"),
        request.user,
        path_field="orgunit__path",
        pk=survey_id,
    )
    try:
        return survey_results(survey=survey, by=filters.by)
    except ResultsNotReady as error:
        return Status(409, error_body(str(error)))
    except UnknownBreakdown as error:
        return Status(422, error_body(str(error), [{"field": "by", "message": str(error)}]))
