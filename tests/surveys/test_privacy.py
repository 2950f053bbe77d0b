"""The proof that a public submission leaves no address, user agent or raw free text behind
(issue 19): in no log record, no row of any table, no cache key; and that nothing a
submission writes keeps a time finer than the day.

Each submission goes through the page and the API from a client with a distinctive address
(behind a trusted proxy, as in production) and user agent, succeeding and failing every way
a person or a script can make it fail (403, 404, 405, 409, 422, 429, 400), with every log
record of every logger captured at DEBUG.
"""

import ipaddress
import logging
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from django.db import models
from django.http import HttpRequest
from django.test import Client

from tuyengiao.surveys.collecting import codes_create
from tuyengiao.surveys.logging import REQUEST_LOGGERS, PublicSurveyFilter
from tuyengiao.surveys.models import FreeText, Response, Survey, SurveyCode

ADDRESS = "198.51.100.213"
AGENT = "ProbeBrowser/9.1 (UA-7f3a9c)"
PROXY = "10.0.0.1"
NEEDLES = (ADDRESS, "UA-7f3a9c", "ProbeBrowser")
RAW_NAME = "Phùng Thị Xuyến"
RAW_PHONE = "0987 654 321"
RAW = f"Tôi là chị {RAW_NAME}, gọi {RAW_PHONE} nếu cần; vỉa hè trước chợ bị lấn chiếm."
ANSWERS = {"q1": "U30", "q2": "A", "q3": ["A"], "q4": 4, "q5": 1, "q6": RAW}
FORM = {"q1": "U30", "q2": "A", "q3": ["A"], "q4": "4", "q5": "1", "q6": RAW}
DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture
def probe(settings) -> Client:
    """A client behind the operator's proxy, with a distinctive address and user agent."""
    settings.TRUSTED_PROXIES = [ipaddress.ip_network(f"{PROXY}/32")]
    settings.SURVEY_RATE_LIMIT = 12
    cache.clear()
    yield Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ADDRESS, HTTP_USER_AGENT=AGENT)
    cache.clear()


@pytest.fixture
def wired(caplog):
    """The filter where settings.LOGGING puts it: on the loggers that attach a request, and
    on the handlers (here pytest's, which receives every record at DEBUG)."""
    survey_filter = PublicSurveyFilter()
    for name in REQUEST_LOGGERS:
        logging.getLogger(name).addFilter(survey_filter)
    caplog.handler.addFilter(survey_filter)
    caplog.set_level(logging.DEBUG)
    yield caplog
    for name in REQUEST_LOGGERS:
        logging.getLogger(name).removeFilter(survey_filter)
    caplog.handler.removeFilter(survey_filter)


def leaks(value, depth: int = 0, seen: set | None = None) -> list[str]:
    """Where in `value` (a log record's attributes, recursively) an address, a user agent
    or a request shows."""
    seen = set() if seen is None else seen
    if id(value) in seen or depth > 6:
        return []
    seen.add(id(value))
    if isinstance(value, HttpRequest):
        return ["a request attached"]
    if isinstance(value, str | bytes):
        text = value.decode(errors="replace") if isinstance(value, bytes) else value
        return [needle for needle in NEEDLES if needle in text]
    found = [needle for needle in NEEDLES if needle in repr(value)]
    if isinstance(value, dict):
        items = list(value.keys()) + list(value.values())
    elif isinstance(value, list | tuple | set | frozenset):
        items = list(value)
    elif hasattr(value, "__dict__") and not isinstance(value, type):
        items = list(vars(value).values())
    else:
        items = []
    for item in items:
        found += leaks(item, depth + 1, seen)
    return found


def record_leaks(records) -> list[tuple[str, str, list[str]]]:
    return [
        (r.name, r.getMessage(), found)
        for r in records
        if (found := leaks(r.__dict__) + leaks(r.getMessage()))
    ]


def exercise(probe: Client, survey: Survey, codes: list[str]) -> dict[str, int]:
    """Every way a submission goes, through the page and the API; the statuses seen."""
    seen: dict[str, int] = {}
    path, api = survey.public_path, f"/api/surveys/{survey.pk}/responses/"

    def api_post(body, **extra):
        return probe.post(api, body, content_type="application/json", **extra)

    seen["page GET"] = probe.get(f"{path}?ma={codes[0]}").status_code
    seen["page sent"] = probe.post(path, {**FORM, "code": codes[0]}).status_code
    seen["page 403"] = probe.post(path, {**FORM, "code": codes[0]}).status_code
    seen["page 422"] = probe.post(path, {**FORM, "q4": "9", "code": codes[1]}).status_code
    seen["page 405"] = probe.put(path, "x").status_code
    seen["page 404"] = probe.get("/khao-sat/khong-co-phieu-nay/").status_code
    seen["api 201"] = api_post({"code": codes[1], "answers": ANSWERS}).status_code
    seen["api 403"] = api_post({"code": codes[1], "answers": ANSWERS}).status_code
    seen["api 422"] = api_post({"code": codes[2], "answers": {"q4": 0}}).status_code
    seen["api 400"] = api_post("{not json").status_code
    seen["api 405"] = probe.get(api).status_code
    seen["api 404"] = probe.post("/api/surveys/999999/responses/", {"code": "x", "answers": {}},
                                 content_type="application/json").status_code  # fmt: skip
    while len(seen) < 30:  # past the rate limit
        status = api_post({"code": "ZZZZ-ZZZZ", "answers": ANSWERS}).status_code
        seen[f"try {len(seen)}"] = status
        if status == 429:
            seen["page 429"] = probe.post(path, {**FORM, "code": codes[2]}).status_code
            break
    cache.clear()  # a new window
    survey.ended = True
    survey.save()
    seen["page 409"] = probe.post(path, {**FORM, "code": codes[2]}).status_code
    seen["api 409"] = api_post({"code": codes[2], "answers": ANSWERS}).status_code
    return seen


@pytest.fixture
def codes(survey, province_admin, tree) -> list[str]:
    return codes_create(user=province_admin, survey=survey, unit=tree.commune_a, count=4)


@pytest.fixture
def unfiltered():
    """Logging without the filter settings.LOGGING puts on the request loggers and the
    handlers (it changes the record itself, so one handler's filter hides it from all)."""
    loggers = [logging.getLogger(name) for name in REQUEST_LOGGERS]
    handlers = {h for logger in [logging.getLogger(), *loggers] for h in logger.handlers}
    taken = [
        (holder, f)
        for holder in [*loggers, *handlers]
        for f in holder.filters
        if isinstance(f, PublicSurveyFilter)
    ]
    for holder, survey_filter in taken:
        holder.removeFilter(survey_filter)
    yield
    for holder, survey_filter in taken:
        holder.addFilter(survey_filter)


def test_the_scan_finds_a_request_logged_without_the_filter(probe, survey, caplog, unfiltered):
    # The control: Django does log a refused method with the request (its META holds the
    # address and the user agent), and the scan below sees it.
    caplog.set_level(logging.DEBUG)
    assert probe.put(survey.public_path, "x").status_code == 405
    found = record_leaks(caplog.records)
    assert found and "a request attached" in found[0][2]


def test_the_filter_drops_the_request_of_survey_paths_only(rf):
    def record(request=None, args=()) -> logging.LogRecord:
        made = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "%s", args,
                                 None)  # fmt: skip
        if request is not None:
            made.request = request
        return made

    survey_filter = PublicSurveyFilter()
    for path in ("/khao-sat/abc/", "/khao-sat/abc/cam-on/", "/api/surveys/7/responses/"):
        public = record(rf.put(path, REMOTE_ADDR=ADDRESS), ("x",))
        assert survey_filter.filter(public) and not hasattr(public, "request")
    for path in ("/accounts/login/", "/api/surveys/7/", "/surveys/7/paper/"):
        staff = record(rf.post(path), ("x",))
        assert survey_filter.filter(staff) and isinstance(staff.request, HttpRequest)
    # The development server's records: the request is the socket, the path in the line.
    server = record(object(), ('"POST /khao-sat/abc/ HTTP/1.1"', "302", "0"))
    assert survey_filter.filter(server) and not hasattr(server, "request")
    other = record(object(), ('"GET /documents/ HTTP/1.1"', "200", "10"))
    assert survey_filter.filter(other) and hasattr(other, "request")


def test_no_log_record_holds_the_address_or_the_user_agent(probe, survey, codes, wired):
    seen = exercise(probe, survey, codes)
    expected = {"page GET": 200, "page sent": 302, "page 403": 403, "page 422": 422,
                "page 405": 405, "page 404": 404, "api 201": 201, "api 403": 403,
                "api 422": 422, "api 400": 400, "api 405": 405, "api 404": 404,
                "page 429": 429, "page 409": 409, "api 409": 409}  # fmt: skip
    assert {k: v for k, v in seen.items() if k in expected} == expected
    assert Response.objects.count() == 2
    assert wired.records, "nothing captured: the test would prove nothing"
    assert any(r.name == "django.request" for r in wired.records)
    assert record_leaks(wired.records) == []
    # Nor the raw free text, nor a code.
    logged = "\n".join(r.getMessage() + repr(r.__dict__) for r in wired.records)
    assert RAW_NAME not in logged and RAW_PHONE not in logged
    assert not any(code in logged or code.replace("-", "") in logged for code in codes)


def _rows_text(model) -> str:
    return "\n".join(repr(row) for row in model._base_manager.values_list())


def test_no_table_holds_the_address_the_user_agent_or_the_raw_text(probe, survey, codes,
                                                                   wired):  # fmt: skip
    exercise(probe, survey, codes)
    scanned = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        text = _rows_text(model)
        scanned.append(model._meta.label)
        for needle in (*NEEDLES, RAW_NAME, RAW_PHONE, *codes):
            assert needle not in text, f"{needle!r} in {model._meta.label}"
    assert {"auditlog.LogEntry", "axes.AccessAttempt", "axes.AccessLog", "surveys.FreeText",
            "sessions.Session"} <= set(scanned)  # fmt: skip
    texts = list(FreeText.objects.values_list("text", flat=True))
    assert len(texts) == 2
    assert all("[tên người]" in t and "[số điện thoại]" in t and "vỉa hè" in t for t in texts)


def test_the_audit_trail_holds_nothing_a_submission_wrote(probe, survey, codes, wired):
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    before = LogEntry.objects.count()
    exercise(probe, survey, codes)
    kinds = ContentType.objects.get_for_models(Response, FreeText, SurveyCode).values()
    assert not LogEntry.objects.filter(content_type__in=kinds).exists()
    # The one audited change is staff's: the survey ended by the test, with no address.
    assert LogEntry.objects.count() - before <= 1
    assert not LogEntry.objects.exclude(remote_addr=None).filter(remote_addr=ADDRESS).exists()


def test_the_rate_limit_keeps_no_address_in_the_cache(probe, survey, codes, wired):
    exercise(probe, survey, codes)
    store = caches["default"]
    keys = list(getattr(store, "_cache", {}).keys())
    assert keys, "the rate limit counted nothing"
    for key in keys:
        assert ADDRESS not in key and ADDRESS.replace(".", "") not in key
        assert re.search(r"surveys:rate:\d+:\d+$", key), key
        bucket = int(key.rsplit(":", 1)[1])
        assert bucket < 2**20  # ~4,000 IPv4 addresses share a bucket


def test_nothing_a_submission_writes_keeps_a_time_of_day():
    for model in (Response, FreeText, SurveyCode):
        for field in model._meta.get_fields():
            assert not isinstance(field, models.DateTimeField | models.TimeField), field
    assert isinstance(Response._meta.get_field("day"), models.DateField)
    # Random keys: the order of arrival is not kept either.
    assert isinstance(Response._meta.pk, models.UUIDField)
    assert isinstance(FreeText._meta.pk, models.UUIDField)
    # A code keeps nothing but its survey, unit, digest and whether it was used.
    assert {f.name for f in SurveyCode._meta.concrete_fields} == {
        "id",
        "survey",
        "unit",
        "digest",
        "used",
    }


# ------------------------------------------------------------- the configuration we ship


def _blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", text, flags=re.S)


ADDRESS_FIELDS = re.compile(
    r"\$remote_addr|\$binary_remote_addr|\$http_x_forwarded_for|\$proxy_add_x_forwarded_for"
    r"|\$realip_remote_addr|\$http_user_agent|%\(h\)s|%\(a\)s|%\(\{x-forwarded-for\}i\)s"
    r"|%\(\{user-agent\}i\)s|%\(\{x-real-ip\}i\)s",
    re.I,
)


def test_the_privacy_guide_lists_every_place_a_submission_passes():
    text = (DOCS / "surveys-privacy.md").read_text(encoding="utf-8")
    for place in ("nginx", "gunicorn", "Django", "log", "cache", "backup", "surveys_response",
                  "surveys_freetext", "surveys_surveycode", "auditlog"):  # fmt: skip
        assert place.lower() in text.lower(), place


def test_no_log_format_we_document_keeps_an_address():
    text = (DOCS / "surveys-privacy.md").read_text(encoding="utf-8")
    nginx = _blocks(text, "nginx")
    shell = _blocks(text, "sh")
    python = _blocks(text, "python")
    assert nginx and shell and python
    for block in nginx:
        for line in block.splitlines():
            if "log_format" in line or "access_log" in line:
                assert not ADDRESS_FIELDS.search(line), line
        # Each survey path turns the access log off.
        for location in re.findall(r"location[^{]*\{[^}]*\}", block, flags=re.S):
            if "khao-sat" in location or "responses" in location:
                assert "access_log off;" in location, location
    for block in shell + python:
        for line in block.splitlines():
            if "access" in line.lower():
                assert not ADDRESS_FIELDS.search(line), line
    # gunicorn's default is no access log; a guide that turns it on must set its format too.
    for guide in DOCS.rglob("*.md"):
        content = guide.read_text(encoding="utf-8")
        if re.search(r"--access-logfile(?!\s*/dev/null)", content):
            formats = re.findall(r"--access-logformat\s+['\"]([^'\"]*)['\"]", content)
            assert formats, f"{guide.name}: an access log without a format (%(h)s by default)"
            assert not any(ADDRESS_FIELDS.search(f) for f in formats), guide.name


def test_settings_put_the_filter_on_the_request_loggers_and_the_handlers():
    config = django_settings.LOGGING
    names = [n for n, f in config["filters"].items() if "PublicSurveyFilter" in str(f)]
    assert names
    for logger in REQUEST_LOGGERS:
        assert set(names) & set(config["loggers"][logger]["filters"]), logger
    for name, handler in config["handlers"].items():
        assert set(names) & set(handler.get("filters", [])), name
