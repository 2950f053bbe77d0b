"""A survey from start to end (issue 19, "Done when"): residents answer through the public
API from a distinctive address and user agent, staff code the free text and record the
results; then no table, export, API answer or page holds the address, the user agent, the
words as typed, or even the redacted words of a coded text."""

import datetime
import ipaddress

from django.apps import apps
from django.test import Client
from django.utils import timezone

from tests.surveys.test_privacy import ADDRESS, AGENT, NEEDLES, PROXY, _rows_text
from tuyengiao.surveys.coding import freetext_code
from tuyengiao.surveys.collecting import codes_create
from tuyengiao.surveys.models import FreeText
from tuyengiao.surveys.recording import survey_results_record
from tuyengiao.surveys.services import survey_end

RAW = (
    "Tôi là Nguyễn Thị Xuyến, số 12 ngõ 5 phố Chợ, gọi 0987 654 321: cần làm lại vỉa hè "
    "chợ Đồng Xoài."
)
# The words as typed, and the redacted text (deleted once coded). The phone number whole,
# spaced or not: its bare "0987" was found in a survey code's hex digest now and then.
SECRET_WORDS = (
    "Xuyến",
    "0987 654 321",
    "0987654321",
    "654 321",
    "ngõ 5",
    "Đồng Xoài",
    "[số điện thoại]",
)


def test_from_the_first_answer_to_the_recorded_figures_nothing_points_back(
    client, survey, tree, province_admin, settings
):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network(f"{PROXY}/32")]
    resident = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ADDRESS, HTTP_USER_AGENT=AGENT)
    survey.opens_on = timezone.localdate() - datetime.timedelta(days=5)
    survey.save()
    for unit in (tree.commune_a, tree.commune_b):
        codes = codes_create(user=province_admin, survey=survey, unit=unit, count=8)
        for n, code in enumerate(codes):
            answers = {"q1": "U30" if n % 2 else "O60", "q2": "AB"[n % 2], "q4": 3 + n % 3,
                       "q5": n, "q6": RAW if n == 0 else ""}  # fmt: skip
            sent = resident.post(f"/api/surveys/{survey.pk}/responses/",
                                 {"code": code, "answers": answers},
                                 content_type="application/json")  # fmt: skip
            assert sent.status_code == 201, sent.content
    for text in FreeText.objects.all():
        assert "0987" not in text.text and "[số điện thoại]" in text.text
        freetext_code(user=province_admin, freetext=text, topic="Vỉa hè, lòng đường")
    survey = survey_end(user=province_admin, survey=survey)
    survey_results_record(user=province_admin, survey=survey)

    client.force_login(province_admin)
    shown = [
        client.get(f"/surveys/{survey.pk}/results/?by={by}{fmt}").content
        for by in ("", "unit", "q1")
        for fmt in ("", "&format=csv", "&format=xlsx")
    ] + [client.get(f"/api/surveys/{survey.pk}/results/?by={by}").content for by in ("", "q1")]
    page = shown[0].decode()
    # 2 texts coded: the topic's count is below k, hidden (its name shows it was used).
    assert ">Vỉa hè, lòng đường</th>" in page
    assert "16" in page  # the survey's count of responses is published
    for content in shown:
        for needle in (*NEEDLES, *SECRET_WORDS):
            assert needle.encode() not in content
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        text = _rows_text(model)
        for needle in (*NEEDLES, *SECRET_WORDS):
            assert needle not in text, f"{needle!r} in {model._meta.label}"
