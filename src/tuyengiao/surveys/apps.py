from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "tuyengiao.surveys"
    label = "surveys"
    verbose_name = _("Khảo sát dư luận và tâm tư, nguyện vọng")

    def ready(self) -> None:
        from tuyengiao.accounts.audit import register_history_scope

        # A survey's own history (its questions, window, publication) is staff work; its
        # responses, answers and codes are kept out of the audit trail (settings).
        register_history_scope("surveys.survey", path_field="orgunit__path")
        register_history_scope("surveys.question", path_field="survey__orgunit__path")
        register_history_scope("surveys.concernnote", path_field="orgunit__path")
        register_history_scope("surveys.concerntask", path_field="orgunit__path")
