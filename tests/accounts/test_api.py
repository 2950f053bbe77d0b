"""Bearer tokens and /api/me/."""

import pytest
from django.urls import reverse

from tests.factories import ApiToken, RoleAssignmentFactory, make_token
from tuyengiao.accounts.models import Role
from tuyengiao.accounts.services import token_revoke

ME = "/api/me/"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_me_url_is_fixed():
    assert reverse("api:me") == ME


@pytest.mark.django_db
def test_no_token_is_401_with_vietnamese_detail(client):
    response = client.get(ME)
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Chưa xác thực")


def test_bad_token_is_401(client, member):
    make_token(member)
    assert client.get(ME, headers=bearer("not-a-token")).status_code == 401


def test_revoked_token_is_401(client, member):
    key = make_token(member)
    assert client.get(ME, headers=bearer(key)).status_code == 200
    token_revoke(token=ApiToken.objects.get(user=member))
    assert client.get(ME, headers=bearer(key)).status_code == 401


def test_token_of_inactive_user_is_401(client, member):
    key = make_token(member)
    member.is_active = False
    member.save()
    assert client.get(ME, headers=bearer(key)).status_code == 401


def test_good_token_authenticates_and_records_use(client, member):
    key = make_token(member)
    response = client.get(ME, headers=bearer(key))
    assert response.status_code == 200
    assert response.json()["username"] == "member"
    assert ApiToken.objects.get(user=member).last_used_at is not None


def test_only_the_hash_is_stored(member):
    key = make_token(member)
    token = ApiToken.objects.get(user=member)
    assert key not in (token.key_hash, token.prefix)
    assert token.key_hash == ApiToken.hash_key(key)


def test_session_login_works_too(client, member):
    client.force_login(member)
    assert client.get(ME).json()["username"] == "member"


def test_me_lists_roles_with_units(client, tree, owner):
    RoleAssignmentFactory(user=owner, orgunit=tree.province, role=Role.VIEWER)
    owner.first_name, owner.last_name = "Cán bộ", "Xã An Bình"
    owner.save()
    client.force_login(owner)
    body = client.get(ME).json()
    assert body["full_name"] == "Cán bộ Xã An Bình"
    assert body["is_site_admin"] is False
    assert body["roles"] == [
        {
            "unit_id": tree.province.pk,
            "unit_code": "TU",
            "unit_name": "Tỉnh ủy Thử",
            "role": "viewer",
            "role_name": "Xem",
        },
        {
            "unit_id": tree.commune_a.pk,
            "unit_code": "XA-AB",
            "unit_name": "Đảng ủy xã An Bình",
            "role": "unit_admin",
            "role_name": "Quản trị đơn vị",
        },
    ]


def test_me_of_site_admin(client, site_admin):
    body = client.get(ME, headers=bearer(make_token(site_admin))).json()
    assert body["is_site_admin"] is True
    assert body["roles"] == []


def test_changes_made_with_a_token_are_audited_as_its_owner(rf, tree, owner):
    from auditlog.middleware import AuditlogMiddleware
    from auditlog.models import LogEntry
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    from tuyengiao.accounts.api import BearerTokenAuth

    key = make_token(owner)

    def view(request):
        # What an API write does: authenticate by token, then change a model.
        BearerTokenAuth().authenticate(request, key)
        tree.cell_a1.name = "Chi bộ thôn Một"
        tree.cell_a1.save()
        return HttpResponse()

    request = rf.post("/api/anything/")
    request.user = AnonymousUser()  # as the middleware sees a token request
    AuditlogMiddleware(view)(request)
    entry = LogEntry.objects.get_for_object(tree.cell_a1).latest("timestamp")
    assert entry.actor == owner
