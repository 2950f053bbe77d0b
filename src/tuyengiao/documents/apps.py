from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "tuyengiao.documents"
    label = "documents"
    verbose_name = _("Văn bản")

    def ready(self) -> None:
        from tuyengiao.accounts.audit import register_history_scope
        from tuyengiao.accounts.models import Role

        # Approvers: a history shows old values (the full text of a confidential document
        # too), and a path rule cannot tell confidential rows apart.
        for label, path_field in (
            ("documents.document", "orgunit__path"),
            ("documents.attachment", "document__orgunit__path"),
            ("documents.documentrelation", "source__orgunit__path"),
        ):
            register_history_scope(label, path_field=path_field, role=Role.APPROVER)
        _connect_search_index()


def _connect_search_index() -> None:
    """The search module connects its own signals when imported; it may not exist yet."""
    try:
        import tuyengiao.documents.search  # noqa: F401
    except ModuleNotFoundError as error:
        if error.name != "tuyengiao.documents.search":
            raise
