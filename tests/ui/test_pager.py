"""The one pager of the paginated lists: the neighbouring pages, the other filters kept."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def test_the_pager_links_the_neighbours_and_keeps_the_filters():
    request = RequestFactory().get("/surveys/", {"status": "open", "page": "2"})
    page = Paginator(range(100), 30).get_page(2)
    html = render_to_string("ui/_pager.html", {"page": page}, request=request)
    assert 'href="?status=open&amp;page=1"' in html and 'href="?status=open&amp;page=3"' in html
    assert "Trang 2/4" in html


def test_one_page_shows_no_pager():
    request = RequestFactory().get("/surveys/")
    page = Paginator(range(10), 30).get_page(1)
    assert render_to_string("ui/_pager.html", {"page": page}, request=request).strip() == ""
