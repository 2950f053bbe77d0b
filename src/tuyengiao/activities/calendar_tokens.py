"""The private addresses of users' calendar feeds: made, rotated, revoked and looked up.
A user has at most one live address; making a new one revokes the old at once."""

import secrets

from django.db import transaction
from django.utils import timezone

from tuyengiao.activities.models import CalendarToken


def calendar_token_current(*, user) -> CalendarToken | None:
    return CalendarToken.objects.filter(user=user, revoked_at__isnull=True).first()


def calendar_token_rotate(*, user) -> str:
    """A new feed address for `user`; the old one (if any) stops working. Returns the
    secret, which is never stored."""
    key = secrets.token_urlsafe(32)
    with transaction.atomic():
        calendar_token_revoke(user=user)
        CalendarToken.objects.create(
            user=user, prefix=key[:8], key_hash=CalendarToken.hash_key(key)
        )
    return key


def calendar_token_revoke(*, user) -> None:
    """The user's feed address stops working; the rows stay for the audit trail."""
    for token in CalendarToken.objects.filter(user=user, revoked_at__isnull=True):
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def calendar_token_user(key: str):
    """The active user a live feed address belongs to, or None."""
    found = (
        CalendarToken.objects.select_related("user")
        .filter(key_hash=CalendarToken.hash_key(key), revoked_at__isnull=True)
        .first()
    )
    if found is None or not found.user.is_active:
        return None
    CalendarToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
    return found.user
