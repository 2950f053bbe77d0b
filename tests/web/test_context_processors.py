import pytest
from django.test import RequestFactory

from tuyengiao.accounts.models import User
from tuyengiao.web.context_processors import site

pytestmark = pytest.mark.django_db


def _context(user=None) -> dict:
    request = RequestFactory().get("/")
    if user is not None:
        request.user = user
    return site(request)


def test_product_name():
    assert _context()["product_name"] == "Tuyên giáo"


def test_can_manage_roles_is_lazy_and_scoped(owner: User, member: User, django_assert_num_queries):
    with django_assert_num_queries(0):
        context = _context(owner)
    assert context["can_manage_roles"]() is True
    assert _context(member)["can_manage_roles"]() is False


def test_can_manage_roles_without_user():
    assert _context()["can_manage_roles"]() is False


def test_unread_notices_is_one_count_at_most_per_page(owner: User, django_assert_num_queries):
    from tuyengiao.tracking.models import Notification

    for n in range(6):
        Notification.objects.create(user=owner, kind="assigned", message=f"Việc {n}", url="/")
    Notification.objects.filter(message="Việc 0").update(read_at="2026-01-01T00:00Z")
    with django_assert_num_queries(0):
        context = _context(owner)
    with django_assert_num_queries(1):
        assert context["unread_notices"]() == 5
        assert context["unread_notices"]() == 5  # the header and the page ask: one query


def test_unread_notices_without_user_asks_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert _context()["unread_notices"]() == 0
