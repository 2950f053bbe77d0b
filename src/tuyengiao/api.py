"""The REST API under /api/: one NinjaAPI, one router per app, Bearer-token authentication.

Errors are answered here, once for every endpoint, in the one shape `apikit.ErrorOut`, and
the OpenAPI description lists, for every operation, the statuses any endpoint can answer
(401, 403, 404, 422) besides those the endpoint declares itself.
"""

from http.client import responses as reason_phrases
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from tuyengiao.accounts.api import BearerTokenAuth, SessionAuth
from tuyengiao.accounts.api import router as accounts_router
from tuyengiao.activities.api import router as activities_router
from tuyengiao.activities.meeting_api import router as meetings_router
from tuyengiao.apikit import ErrorOut, error_body, error_response, invalid, schema_errors
from tuyengiao.channels.api import router as channels_router
from tuyengiao.contests.api import router as contests_router
from tuyengiao.documents.api import extract_router
from tuyengiao.documents.api import router as documents_router
from tuyengiao.orgunits.api import router as orgunits_router
from tuyengiao.reports.api import router as reports_router
from tuyengiao.reports.bulk_api import router as reports_bulk_router
from tuyengiao.surveys.api import router as surveys_router
from tuyengiao.surveys.concerns_api import router as concerns_router
from tuyengiao.surveys.public_api import router as surveys_public_router
from tuyengiao.surveys.results_api import router as surveys_results_router
from tuyengiao.tracking.api import coverage_router, tasks_router
from tuyengiao.values.api import aggregates_router, values_router
from tuyengiao.values.api import router as indicators_router

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class _Description(OpenAPISchema):
    """ninja's OpenAPI description, with the statuses that come from outside the view."""

    def responses(self, operation: Operation) -> dict[int, Any]:
        result = super().responses(operation)
        common = set()
        if operation.auth_callbacks:
            common.add(401)
            if UNSAFE_METHODS & set(operation.methods):
                common.add(403)  # a session without its CSRF token
        if "{" in operation.path:
            common.add(404)  # an id that does not exist, or is not the caller's
        if operation.models:
            common.add(422)  # a parameter or body that its schema refuses
        # ninja types this for its parameter models; any pydantic model works.
        error = self._create_schema_from_model(
            cast(Any, ErrorOut), by_alias=True, mode="serialization"
        )[0]
        for status in sorted(common - result.keys()):
            result[status] = {
                "description": reason_phrases[status],
                "content": {self.api.renderer.media_type: {"schema": error}},
            }
        return result


class _Docs(Swagger):
    # ninja's Swagger UI inside the site's page (header, navigation, a way back); its
    # script and styles still come from ninja's static files, its settings in a JSON block.
    template = "web/api_docs.html"


class TuyengiaoAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return _Description(api=self, path_prefix=path_prefix)


api = TuyengiaoAPI(
    title="tuyengiao API",
    version="1",
    description="API của tuyengiao. Xác thực: `Authorization: Bearer <mã>` "
    "(tạo bằng `tuyengiao token create TÊN_ĐĂNG_NHẬP`) hoặc phiên đăng nhập.",
    urls_namespace="api",
    docs_url="/docs",
    # ninja's Swagger template loads its script and styles from ninja's own static files and
    # passes settings in a JSON block, so it runs under our CSP as it is. The validator badge
    # would fetch an image from validator.swagger.io: turned off, nothing leaves the site.
    # Without deep links an operation's path is no link inside its summary button (a control
    # inside a control, which screen readers cannot reach).
    docs=_Docs(settings={"validatorUrl": None, "deepLinking": False}),
    # The API is for staff; the schema is no secret, but nothing about it needs to be public.
    docs_decorator=login_required,
    # Tokens for scripts; the session cookie (with CSRF) for the pages and /api/docs.
    auth=[BearerTokenAuth(), SessionAuth()],
)
api.add_router("/orgunits/", orgunits_router)
api.add_router("/documents/", documents_router)
# /api/documents/<id>/coverage/ is tracking's: documents know nothing of tasks.
api.add_router("/documents/", coverage_router)
api.add_router("/tasks/", tasks_router)
api.add_router("/extract/", extract_router)
api.add_router("/indicators/", indicators_router)
api.add_router("/datavalues/", values_router)
api.add_router("/aggregates/", aggregates_router)
api.add_router("/activities/", activities_router)
api.add_router("/meetings/", meetings_router)
api.add_router("/channels/", channels_router)
api.add_router("/surveys/", surveys_router)
api.add_router("/surveys/", surveys_public_router)
api.add_router("/surveys/", surveys_results_router)
api.add_router("/concerns/", concerns_router)
api.add_router("/contests/", contests_router)
api.add_router("/reports/", reports_router)
api.add_router("/reports/bulk/", reports_bulk_router)
api.add_router("/", accounts_router)


def _default_detail(status: int) -> str:
    return {
        400: _("Yêu cầu không hợp lệ."),
        401: _("Chưa xác thực: gửi `Authorization: Bearer <mã>` hợp lệ hoặc đăng nhập."),
        403: _("Không có quyền thực hiện thao tác này."),
        404: _("Không tìm thấy."),
        405: _("Phương thức không được hỗ trợ."),
        500: _("Lỗi máy chủ; lỗi đã được ghi lại."),
    }.get(status, reason_phrases.get(status, ""))


def _error(request: HttpRequest, status: int, detail: str = "", errors=()) -> HttpResponse:
    return api.create_response(
        request, error_body(detail or _default_detail(status), errors), status=status
    )


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    # A missing, unknown or revoked token, or no session: never "forbidden", which would say
    # the caller is known and lacks a right.
    return _error(request, 401)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = str(exc)
    if exc.status_code == 400 and message.startswith("Cannot parse request body"):
        message = _("Nội dung gửi lên không đọc được (cần JSON hợp lệ).")
    return _error(request, exc.status_code, message)


@api.exception_handler(PermissionDenied)
def service_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    # A service's refusal (`require_role`, an issued report edited): its sentence says why.
    return _error(request, 403, str(exc))


@api.exception_handler(DjangoValidationError)
def refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    # A service's refusal of the request as a whole ("the kind does not fit the period"):
    # the schema already passed, so it is a 400 with the service's words, not a 422.
    return _error(request, 400, " ".join(exc.messages))


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # Never echo the lookup: "not yours" and "does not exist" must read the same.
    return _error(request, 404)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    # ninja's locations start with the source ("query", "body"); a list sent as the body
    # is "values" (datavalue_import), its index a row.
    body = invalid(schema_errors(exc.errors, skip=1, rows="values"))
    return api.create_response(request, body, status=422)


# Django's own error views, for what never reaches an endpoint (an unknown /api/ path, a
# crash once DEBUG is off): a script under /api/ gets JSON, a person elsewhere a page.


def _json_under_api(request: HttpRequest, status: int) -> JsonResponse | None:
    if not request.path.startswith("/api/"):
        return None
    return error_response(_default_detail(status), status=status)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _json_under_api(request, 404) or defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    return _json_under_api(request, 500) or defaults.server_error(request)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _json_under_api(request, 400) or defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _json_under_api(request, 403) or defaults.permission_denied(request, exception)
