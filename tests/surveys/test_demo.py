"""The demo's surveys: a finished province survey with protected results recorded into the
indicators (one commune short of k), and an open one with a few responses and unused codes."""

import io
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from tuyengiao.accounts.models import User
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.surveys.demo import FINISHED_TITLE, OPEN_TITLE, demo_surveys_create
from tuyengiao.surveys.models import FreeText, Status, Survey, SurveyCode
from tuyengiao.surveys.recording import month_of
from tuyengiao.surveys.results import results_ready, survey_results, units_short
from tuyengiao.values.models import DataValue

pytestmark = pytest.mark.django_db


def test_the_demo_surveys(demo, client):
    editor = User.objects.get(username="tinh.bientap")
    province = OrgUnit.objects.get(code="HL")
    communes = list(OrgUnit.objects.filter(code__in=["HL-X01", "HL-X02", "HL-X03", "HL-X04",
                                                     "HL-P01"]).order_by("code"))  # fmt: skip
    if not Survey.objects.filter(title=FINISHED_TITLE).exists():  # not yet in demo_create
        started = time.perf_counter()
        codes = demo_surveys_create(province=province, editor=editor, communes=communes,
                                    today=timezone.localdate(), seed=2025)  # fmt: skip
        elapsed = time.perf_counter() - started
        print(f"demo_surveys_create: {elapsed:.2f} s")
        assert len(codes) == 3 and elapsed < 10

    finished = Survey.objects.get(title=FINISHED_TITLE)
    assert finished.status == Status.CLOSED and finished.recorded and results_ready(finished)
    assert 280 <= finished.responses.count() <= 320
    assert len(units_short(finished)) == 1
    whole = survey_results(survey=finished)
    assert whole["responses"] == finished.responses.count() or whole["responses"] is None
    written = {
        v.indicator.code: v.value
        for v in DataValue.objects.filter(orgunit=province, period=month_of(finished).code,
                                          indicator__code__startswith="KS_")
    }  # fmt: skip
    # Recorded into the indicators, every figure (the demo's answers publish every level).
    assert set(written) == {"KS_SO_PHIEU", "KS_PHIEU_DANH_GIA", "KS_DONG_TINH", "KS_TONG_DIEM"}
    texts = FreeText.objects.filter(question__survey=finished)
    assert texts.exclude(topic="").exists() and texts.filter(topic="").exclude(text="").exists()
    assert not texts.exclude(topic="").exclude(text="").exists()  # coded: words deleted
    assert not texts.filter(text__contains="0912").exists()  # redacted before storage

    opened = Survey.objects.get(title=OPEN_TITLE)
    assert opened.status == Status.OPEN and 8 <= opened.responses.count() <= 12
    assert SurveyCode.objects.filter(survey=opened, used=False).count() == 100
    # The command, as written, adds to them.
    out = io.StringIO()
    call_command("surveys", "codes", str(opened.pk), "--count", "5", stdout=out,
                 stderr=io.StringIO())  # fmt: skip
    assert len(out.getvalue().split()) == 5
    assert SurveyCode.objects.filter(survey=opened, used=False).count() == 105

    client.force_login(User.objects.get(username="tinh.xem"))
    started = time.perf_counter()
    page = client.get(f"/surveys/{finished.pk}/results/?by=unit")
    print(f"results page by unit: {time.perf_counter() - started:.2f} s")
    assert page.status_code == 200 and "chưa đủ số phiếu" in page.content.decode()
    assert (
        "Kết quả có khi cuộc khảo sát kết thúc"
        in client.get(f"/surveys/{opened.pk}/results/").content.decode()
    )
