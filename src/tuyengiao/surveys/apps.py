from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "tuyengiao.surveys"
    label = "surveys"
    verbose_name = _("Khảo sát dư luận và tâm tư, nguyện vọng")

    def ready(self) -> None:
        from tuyengiao.accounts.audit import EVENT_FIELDS, EventField, register_history_scope
        from tuyengiao.surveys.services import QUESTIONS_EVENT

        # The survey's history says in words how its questions changed (services).
        EVENT_FIELDS[QUESTIONS_EVENT] = EventField(label=_("Câu hỏi"), values={})

        # A survey's own history (its questions, window, publication) is staff work; its
        # responses, answers and codes are kept out of the audit trail (settings).
        register_history_scope("surveys.survey", path_field="orgunit__path")
        register_history_scope("surveys.question", path_field="survey__orgunit__path")
        register_history_scope("surveys.concernnote", path_field="orgunit__path")
        register_history_scope("surveys.concerntask", path_field="orgunit__path")
