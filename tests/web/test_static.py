"""Static assets come from installed packages and are served by the app itself (no CDN)."""

import re

import pytest
from django.core.management import call_command
from django.test import Client

from tuyengiao.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_static(settings, tmp_path):
    """collectstatic into a fresh STATIC_ROOT with the production storage, as a deploy does.

    The manifest storage also fails when site.css points at a file that does not exist.
    """
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    return settings.STATIC_ROOT


def test_page_assets_are_served_in_production(production_static, owner: User):
    client = Client()
    client.force_login(owner)
    body = client.get("/").content.decode()

    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', body)
    assert any("django_htmx/htmx-2.min" in url for url in assets), assets
    assert any("web/site." in url for url in assets), assets
    assert any("web/favicon." in url for url in assets), assets
    for url in set(assets):
        response = client.get(url)
        assert response.status_code == 200, url
