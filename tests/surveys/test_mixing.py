"""surveys.mixing: after a mix, nothing in the database orders a survey's rows by arrival,
and on PostgreSQL no transaction id joins a response to its code or its free text."""

import pytest
from django.db import connection

from tuyengiao.surveys.collecting import codes_create, response_submit
from tuyengiao.surveys.mixing import responses_mix, responses_mix_due
from tuyengiao.surveys.models import FreeText, Response, SurveyCode

ANSWERS = {"q1": "U30", "q2": "A", "q4": 4}


def _submit(survey, codes, count):
    for n in range(count):
        text = f"Ý kiến số {n}: cần thêm chỗ để xe"
        response_submit(survey=survey, code=codes[n], answers={**ANSWERS, "q5": n, "q6": text})


def _arrival_order(model, **filters) -> list:
    """The rows in the table's own order (SQLite's rowid, PostgreSQL's ctid)."""
    column = "rowid" if connection.vendor == "sqlite" else "ctid"
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} ORDER BY {column}")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def test_a_mix_keeps_every_row_and_loses_their_order(survey, province_admin, tree):
    codes = codes_create(user=province_admin, survey=survey, unit=tree.commune_a, count=30)
    _submit(survey, codes, 30)
    numbers_before = sorted(r.answers["q5"] for r in Response.objects.all())
    texts_before = sorted(FreeText.objects.values_list("text", flat=True))
    used_before = set(SurveyCode.objects.filter(used=True).values_list("digest", flat=True))
    order_before = [str(pk).replace("-", "") for pk in _arrival_order(Response)]

    assert responses_mix(survey=survey) == 30 + 30 + 30

    assert sorted(r.answers["q5"] for r in Response.objects.all()) == numbers_before
    assert sorted(FreeText.objects.values_list("text", flat=True)) == texts_before
    assert set(SurveyCode.objects.filter(used=True).values_list("digest", flat=True)) == (
        used_before
    )
    assert SurveyCode.objects.filter(used=False).count() == 0
    order_after = [str(pk).replace("-", "") for pk in _arrival_order(Response)]
    assert sorted(order_after) == sorted(order_before)
    assert order_after != order_before  # 1 chance in 30! of failing


def test_the_nightly_mix_takes_surveys_still_collecting(survey, province_admin, tree):
    codes = codes_create(user=province_admin, survey=survey, unit=tree.commune_a, count=2)
    _submit(survey, codes, 2)
    assert responses_mix_due() == 1
    survey.published = False
    survey.save()
    assert responses_mix_due() == 0


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db(transaction=True)
def test_no_transaction_id_joins_a_response_to_its_code_or_text(tree, province_admin):
    # The survey fixture is built here, outside any test transaction, so that each write
    # commits on its own as in production.
    from tests.surveys.conftest import survey as make_survey

    survey = make_survey.__wrapped__(tree)
    codes = codes_create(user=province_admin, survey=survey, unit=tree.commune_a, count=3)
    _submit(survey, codes, 3)

    def xmins(table: str) -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT xmin::text FROM {table}")  # noqa: S608
            return {row[0] for row in cursor.fetchall()}

    responses = xmins("surveys_response")
    assert len(responses) == 3
    assert not responses & xmins("surveys_freetext")
    assert not responses & xmins("surveys_surveycode")

    responses_mix(survey=survey)
    mixed = xmins("surveys_response")
    assert len(mixed) == 1 and mixed == xmins("surveys_freetext")


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_sqlite_zeroes_what_is_deleted(db):
    # Coded text and the rows a mix deleted do not stay readable in the file's free pages.
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 2  # FAST
