"""A logging filter that keeps a public survey request's client out of every log record.

Django logs a 4xx or 5xx answer (`django.request`), a refused request
(`django.security.*`) and, in development, every request (`django.server`) with the request
attached to the record: its META holds the client's address and user agent, which a handler
that mails or ships records (AdminEmailHandler, an error tracker) sends on in full. For the
public survey paths (the form /khao-sat/… and POST /api/surveys/<id>/responses/), this filter
takes the request off the record; the message itself ("Method Not Allowed (PUT):
/khao-sat/…") names the path and status only. The survey views answer their own refusals
without a record at all (`public_views.private`); this is for what reaches Django's own
handling (a wrong method, a body too large, an error).

Wired in settings.LOGGING on the loggers that attach a request and on every handler (a
filter on a logger does not see its children's records, a filter on a handler sees all):

    "filters": {"survey_privacy": {"()": "tuyengiao.surveys.logging.PublicSurveyFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["survey_privacy"]}},
    "loggers": {"django.request": {"filters": ["survey_privacy"]},
                "django.server": {"filters": ["survey_privacy"]}, …}
"""

import logging
import re

# The paths of a public submission, as a request's path or a server log's request line.
PUBLIC_PATH = re.compile(r"/khao-sat/|/api/surveys/[^/\s]+/responses/")
# The loggers whose records carry a request (settings.LOGGING puts the filter on these).
REQUEST_LOGGERS = ("django.request", "django.server")


def is_public_survey_record(record: logging.LogRecord) -> bool:
    request = getattr(record, "request", None)
    path = getattr(request, "path", None)
    if isinstance(path, str):
        return bool(PUBLIC_PATH.match(path))
    # django.server: the request is its socket, the path is in the request line.
    args = record.args if isinstance(record.args, tuple) else ()
    return any(isinstance(arg, str) and PUBLIC_PATH.search(arg) for arg in args)


class PublicSurveyFilter(logging.Filter):
    """Keeps the record (the path and status still tell the operator something went wrong)
    and drops the request it carries, for the public survey paths."""

    def filter(self, record: logging.LogRecord) -> bool:
        if "request" in record.__dict__ and is_public_survey_record(record):
            # Handlers read it with getattr and a default (Django's AdminEmailHandler in a
            # try): a record without one is a record about no request.
            del record.__dict__["request"]
        return True
