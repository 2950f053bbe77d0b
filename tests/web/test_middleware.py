import pytest
from django.conf import settings


@pytest.mark.django_db
def test_vietnamese_by_default_even_for_an_english_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "vi"


@pytest.mark.django_db
def test_the_chosen_language_wins(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.headers["Content-Language"] == "en"


@pytest.mark.django_db
def test_an_unknown_language_cookie_falls_back_to_vietnamese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.get("/")
    assert response.headers["Content-Language"] == "vi"
