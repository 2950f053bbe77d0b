"""Bearer-token authentication for the API (`Authorization: Bearer <token>`)."""

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from tuyengiao.accounts.models import ApiToken


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_key(token), revoked_at__isnull=True)
            .first()
        )
        if found is None or not found.user.is_active:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user
