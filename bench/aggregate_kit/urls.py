"""The benchmark's URLconf: the product's URLs, and DuckDB's endpoint beside them
(`duck_api`), under /api/ as the product's API is (the middleware treats /api/ apart)."""

from django.urls import path

from aggregate_kit.duck_api import api
from tuyengiao.urls import handler400, handler403, handler404, handler500
from tuyengiao.urls import urlpatterns as product

urlpatterns = [path("api/bench-duckdb/", api.urls), *product]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
