"""The OpenAPI description is true: schemathesis drives every operation of the API, through
its WSGI application with a scoped user's token, and fails on any 5xx or any response the
description does not allow (status, content type, body, headers).

Bounded so that `make test` stays quick: a fixed number of examples per operation
(`EXAMPLES`), derandomized, run on SQLite and on PostgreSQL alike.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from tests.factories import RoleAssignmentFactory, UserFactory
from tuyengiao.accounts.models import Role
from tuyengiao.accounts.services import token_create
from tuyengiao.api import api
from tuyengiao.values.models import Indicator, ValueType
from tuyengiao.wsgi import application

# Per operation (about a dozen) in the fuzzing phase, besides the coverage phase's boundary
# cases: under a minute on SQLite.
EXAMPLES = 50

# What "the description is true" means: never a server error, and every response as
# described. (`positive_data_acceptance` is left out: a well-formed request may still name
# an indicator or unit that does not exist, which the API refuses with 400 and says why.)
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.response_headers_conformance,
    schemathesis.checks.negative_data_rejection,
    schemathesis.checks.ignored_auth,
    schemathesis.checks.unsupported_method,
]


@pytest.fixture
def token(tree) -> str:
    """An editor of commune A, with a little data to find: an indicator, a document."""
    editor = UserFactory(username="schema.editor")
    RoleAssignmentFactory(user=editor, orgunit=tree.commune_a, role=Role.EDITOR)
    Indicator.objects.create(code="T_HOI_NGHI", name="Số hội nghị", value_type=ValueType.COUNT)
    return token_create(user=editor, name="schemathesis")[1]


@pytest.fixture
def one_connection():
    """Keep the test's database connection across requests, as Django's test client does:
    the WSGI handler would close it at the end of each request, inside the test's transaction.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# Read from the app itself, as /api/openapi.json serves it. (A schema from a fixture,
# `schemathesis.pytest.from_fixture`, relies on a pytest attribute that pytest 9 removed.)
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = application  # requests go to the WSGI application, in this process


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,  # nothing written into the checkout
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_as_its_description_says(case, token, one_connection):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
