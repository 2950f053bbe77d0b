from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ValuesConfig(AppConfig):
    name = "tuyengiao.values"
    label = "values"
    verbose_name = _("Chỉ tiêu và số liệu")

    def ready(self) -> None:
        from tuyengiao.values import rollup  # noqa: F401  (connects the tree's signals)
