"""The REST API under /api/: one NinjaAPI, one router per app, Bearer-token authentication."""

from ninja import NinjaAPI
from ninja.security import django_auth

from tuyengiao.accounts.api import BearerTokenAuth
from tuyengiao.orgunits.api import router as orgunits_router

api = NinjaAPI(
    title="tuyengiao API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
    # Tokens for scripts; the session cookie (with CSRF) for the pages and /api/docs.
    auth=[BearerTokenAuth(), django_auth],
)
api.add_router("/orgunits/", orgunits_router)
