"""`tuyengiao surveys codes <id> --count N [--unit CODE]` and `tuyengiao surveys nightly`."""

import datetime
import io
import time

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tuyengiao.surveys.collecting import CODE_ALPHABET, code_digest, response_submit
from tuyengiao.surveys.models import FreeText, Response, SurveyCode

ANSWERS = {"q1": "U30", "q2": "A", "q4": 5}


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("surveys", "codes", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_codes_are_printed_one_a_line_and_work(survey, site_admin, tree):
    out, err = run(survey.pk, "--count", 4, "--unit", "XA-BM")
    codes = out.split()
    assert len(codes) == 4 == len(set(codes)) == len(out.strip().splitlines())
    assert all(set(c.replace("-", "")) <= set(CODE_ALPHABET) for c in codes)
    assert "4 mã phiếu" in err and "Đảng ủy xã Bình Minh" in err
    assert set(SurveyCode.objects.values_list("digest", flat=True)) == {
        code_digest(c) for c in codes
    }
    response_submit(survey=survey, code=codes[2], answers=ANSWERS)
    assert Response.objects.get().unit == tree.commune_b


def test_the_only_unit_is_the_default(survey, site_admin, tree):
    survey.units.set([tree.commune_a])
    out, _err = run(survey.pk, "--count", 2)
    assert len(out.split()) == 2
    assert {c.unit for c in SurveyCode.objects.all()} == {tree.commune_a}


def test_with_several_units_the_unit_is_required(survey, site_admin):
    with pytest.raises(CommandError, match=r"--unit.*XA-AB, XA-BM"):
        run(survey.pk, "--count", 2)
    with pytest.raises(CommandError, match="không thuộc"):
        run(survey.pk, "--count", 2, "--unit", "CB-A1")
    assert not SurveyCode.objects.exists()


def test_refusals_are_said_in_vietnamese(survey, site_admin, member):
    with pytest.raises(CommandError, match="Không có cuộc khảo sát số 999"):
        run(999, "--count", 1, "--unit", "XA-AB")
    with pytest.raises(CommandError, match="từ 1 đến 5000"):
        run(survey.pk, "--count", 5001, "--unit", "XA-AB")
    with pytest.raises(CommandError, match="không có quyền tạo mã phiếu"):
        run(survey.pk, "--count", 1, "--unit", "XA-AB", "--user", member.username)
    assert not SurveyCode.objects.exists()


def test_the_command_acts_as_a_named_editor_of_the_organiser(survey, province_admin):
    out, _err = run(survey.pk, "--count", 1, "--unit", "XA-AB", "--user", "province")
    assert len(out.split()) == 1


def test_without_a_site_administrator_a_user_must_be_named(survey):
    with pytest.raises(CommandError, match="--user"):
        run(survey.pk, "--count", 1, "--unit", "XA-AB")


def test_five_thousand_codes_at_once(survey, site_admin):
    start = time.perf_counter()
    out, _err = run(survey.pk, "--count", 5000, "--unit", "XA-AB")
    elapsed = time.perf_counter() - start
    assert len(set(out.split())) == 5000 == SurveyCode.objects.count()
    print(f"5000 codes: {elapsed:.2f} s")
    assert elapsed < 20


def test_nightly_deletes_what_nobody_coded_within_30_days_of_the_end(survey, tree):
    text = survey.questions.get(key="q6")
    FreeText.objects.create(question=text, unit=tree.commune_a, text="Cần thêm chỗ để xe")
    FreeText.objects.create(question=text, unit=tree.commune_a, topic="Chỗ để xe")
    err = io.StringIO()
    call_command("surveys", "nightly", stderr=err)
    assert FreeText.objects.count() == 2  # still open: coded as they come
    today = timezone.localdate()
    survey.opens_on = today - datetime.timedelta(days=60)
    survey.closes_on = today - datetime.timedelta(days=31)
    survey.save()
    call_command("surveys", "nightly", stderr=err)
    assert list(FreeText.objects.values_list("topic", flat=True)) == ["Chỗ để xe"]
    assert "xóa 1 ý kiến tự do" in err.getvalue()
