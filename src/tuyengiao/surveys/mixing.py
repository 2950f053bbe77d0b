"""Mixing a survey's rows, so that nothing in the database keeps their order of arrival.

A response, its free text and the code that let it in are written in transactions of their
own (`collecting._response_store`), so no two of them share PostgreSQL's transaction id
(`xmin`). But transactions that follow one another still sit next to each other: PostgreSQL
numbers them in order, and both databases put new rows at the end of the table (`ctid`,
SQLite's `rowid`). Someone reading the database could pair the n-th code used with the n-th
response. Mixing deletes the survey's responses, free text and used codes and writes them back
in a random order in one transaction: afterwards they all carry that one transaction's id and
lie in the table in no meaningful order.

It runs nightly (`tuyengiao surveys nightly`, on every survey still collecting) and when a
survey ends or its results are recorded. Between a submission and the next mix the closeness
remains, for someone who can read the database's system columns; the operator guide says so.
On PostgreSQL the nightly job then VACUUMs the three tables, so the old row versions' space is
marked for reuse (their bytes stay in the file until overwritten: only a database superuser
with pageinspect can read them).
"""

import datetime
import random

from django.db import connection, transaction
from django.utils import timezone

from tuyengiao.surveys.collecting import PAPER_GRACE_DAYS
from tuyengiao.surveys.models import FreeText, Response, Survey, SurveyCode

# Not the `random` module's generator: its sequence can be recovered from enough outputs.
_shuffle = random.SystemRandom().shuffle
TABLES = (Response, FreeText, SurveyCode)


def responses_mix(*, survey: Survey) -> int:
    """Write the survey's responses, free text and used codes back in a random order, in one
    transaction; how many rows were written."""
    with transaction.atomic():
        # No response lands between the reading and the writing (collecting locks it too).
        Survey.objects.select_for_update().filter(pk=survey.pk).first()
        responses = list(Response.objects.filter(survey=survey))
        texts = list(FreeText.objects.filter(question__survey=survey))
        codes = list(SurveyCode.objects.filter(survey=survey, used=True))
        Response.objects.filter(pk__in=[r.pk for r in responses]).delete()
        FreeText.objects.filter(pk__in=[t.pk for t in texts]).delete()
        SurveyCode.objects.filter(pk__in=[c.pk for c in codes]).delete()
        for code in codes:
            code.pk = None  # ids are given in order: a new one says nothing
        for rows in (responses, texts, codes):
            _shuffle(rows)
        Response.objects.bulk_create(responses, batch_size=500)
        FreeText.objects.bulk_create(texts, batch_size=500)
        SurveyCode.objects.bulk_create(codes, batch_size=500)
    return len(responses) + len(texts) + len(codes)


def responses_mix_due(*, today: datetime.date | None = None) -> int:
    """Mix every survey that may still receive responses or paper forms; then, on
    PostgreSQL, VACUUM the tables. How many surveys were mixed."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=PAPER_GRACE_DAYS + 1)
    due = Survey.objects.filter(published=True, closes_on__gte=since, opens_on__lte=today)
    count = 0
    for survey in due:
        responses_mix(survey=survey)
        count += 1
    if count and connection.vendor == "postgresql" and connection.get_autocommit():
        with connection.cursor() as cursor:
            for model in TABLES:
                cursor.execute(f"VACUUM {connection.ops.quote_name(model._meta.db_table)}")
    return count
