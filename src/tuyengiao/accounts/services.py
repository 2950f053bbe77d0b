"""Writes for accounts: tokens and role assignments."""

import secrets

from django.utils import timezone

from tuyengiao.accounts.models import ApiToken, User


def token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new API token for `user`. Returns the row and the secret, which is never stored."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=key[:8], key_hash=ApiToken.hash_key(key)
    )
    return token, key


def token_revoke(*, token: ApiToken) -> None:
    """Revoke `token` for good; the row stays so that the audit trail can name it."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
