"""`tuyengiao token create|list|revoke`."""

from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.factories import ApiToken, UserFactory


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    # Vietnamese, as on the command line, whatever an earlier test left active.
    with translation.override("vi"):
        call_command("token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_create_prints_only_a_working_token(client, member):
    out, _err = run("create", "member", "--name", "báo cáo tự động")
    key = out.strip()
    assert out == key + "\n" and len(key) >= 40
    token = ApiToken.objects.get(user=member)
    assert token.name == "báo cáo tự động"
    assert token.key_hash == ApiToken.hash_key(key)
    response = client.get("/api/me/", headers={"Authorization": f"Bearer {key}"})
    assert response.json()["username"] == "member"


def test_create_is_audited_with_the_user_as_actor(member):
    run("create", "member")
    entry = LogEntry.objects.get_for_object(ApiToken.objects.get(user=member)).get()
    assert entry.actor == member
    assert ApiToken.hash_key("x") not in str(entry.changes)


def test_list_shows_prefix_name_and_state(member):
    first = run("create", "member", "--name", "một")[0].strip()
    run("create", "member", "--name", "hai")
    run("revoke", first[:8])
    out, _err = run("list", "member")
    lines = out.splitlines()
    assert len(lines) == 3
    assert lines[1].startswith(f"{first[:8]}\tmột\t") and "đã thu hồi" in lines[1]
    assert lines[2].split("\t")[1] == "hai" and lines[2].endswith("đang dùng")
    # The secret itself is never shown again.
    assert first not in out


def test_list_without_tokens(member):
    assert "chưa có mã" in run("list", "member")[0]


def test_revoke_stops_the_token(client, member):
    key = run("create", "member")[0].strip()
    out, _err = run("revoke", key[:8])
    assert "Đã thu hồi" in out
    assert ApiToken.objects.get(user=member).revoked_at is not None
    response = client.get("/api/me/", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 401


def test_revoke_unknown_or_already_revoked_prefix(member):
    key = run("create", "member")[0].strip()
    run("revoke", key[:8])
    with pytest.raises(CommandError, match="Không có mã đang dùng"):
        run("revoke", key[:8])
    with pytest.raises(CommandError, match="Không có mã đang dùng"):
        run("revoke", "zzzzzzzz")


def test_revoke_refuses_an_ambiguous_prefix(member):
    other = UserFactory(username="khac")
    for user in (member, other):
        ApiToken.objects.create(user=user, prefix="samesame", key_hash=f"{user.pk:064d}")
    with pytest.raises(CommandError, match="Nhiều mã"):
        run("revoke", "samesame")
    assert not ApiToken.objects.filter(revoked_at__isnull=False).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["create", "list"])
def test_unknown_user_is_a_clear_error(action):
    with pytest.raises(CommandError, match=r"Không có người dùng “ghost”.*no user named 'ghost'"):
        run(action, "ghost")


def test_inactive_user_gets_no_token(member):
    member.is_active = False
    member.save()
    with pytest.raises(CommandError, match="đã bị khóa"):
        run("create", "member")
    assert not ApiToken.objects.exists()


def test_prefixes_never_look_like_options(member):
    keys = [run("create", "member")[0].strip() for _ in range(200)]
    assert not any(key.startswith("-") for key in keys)
