"""The REST API under /api/: one NinjaAPI, one router per app, Bearer-token authentication."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.security import django_auth

from tuyengiao.accounts.api import BearerTokenAuth
from tuyengiao.accounts.api import router as accounts_router
from tuyengiao.documents.api import extract_router
from tuyengiao.documents.api import router as documents_router
from tuyengiao.orgunits.api import router as orgunits_router
from tuyengiao.reporting.api import aggregates_router, values_router
from tuyengiao.reporting.api import router as indicators_router
from tuyengiao.tracking.api import coverage_router, tasks_router

api = NinjaAPI(
    title="tuyengiao API",
    version="1",
    description="API của tuyengiao. Xác thực: `Authorization: Bearer <mã>` "
    "(tạo bằng `tuyengiao token create TÊN_ĐĂNG_NHẬP`) hoặc phiên đăng nhập.",
    urls_namespace="api",
    docs_url="/docs",
    # ninja's Swagger template loads its script and styles from ninja's own static files and
    # passes settings in a JSON block, so it runs under our CSP as it is. The validator badge
    # would fetch an image from validator.swagger.io: turned off, nothing leaves the site.
    docs=Swagger(settings={"validatorUrl": None}),
    # The API is for staff; the schema is no secret, but nothing about it needs to be public.
    docs_decorator=login_required,
    # Tokens for scripts; the session cookie (with CSRF) for the pages and /api/docs.
    auth=[BearerTokenAuth(), django_auth],
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
api.add_router("/", accounts_router)


def _error_messages() -> dict[int, str]:
    return {
        401: _("Chưa xác thực: gửi `Authorization: Bearer <mã>` hợp lệ hoặc đăng nhập."),
        403: _("Không có quyền thực hiện thao tác này (hoặc thiếu mã CSRF)."),
        404: _("Không tìm thấy."),
    }


@api.exception_handler(AuthenticationError)
@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    detail = _error_messages().get(exc.status_code, str(exc))
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # Never echo the lookup: "not yours" and "does not exist" must read the same.
    return api.create_response(request, {"detail": _error_messages()[404]}, status=404)
