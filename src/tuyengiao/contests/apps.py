from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "tuyengiao.contests"
    label = "contests"
    verbose_name = _("Cuộc thi, giải thưởng")

    def ready(self) -> None:
        from tuyengiao.accounts.audit import EVENT_FIELDS, EventField, register_history_scope
        from tuyengiao.contests.feeding import contest_cells_fed
        from tuyengiao.contests.services import KEY_OPENED
        from tuyengiao.values.guards import feeder_register

        # The contests' figures are counted from their entries and prizes, never typed.
        feeder_register(contest_cells_fed)

        # Each opening of a round's key (who wrote which entry under which code) is kept in
        # the round's history, without the key itself.
        EVENT_FIELDS[KEY_OPENED] = EventField(label=_("Mở phách"), values={})
        # A contest's rules, rounds and prizes are the organiser's staff work. Entries,
        # judges' assignments and scores have no history page: their audit entries tie
        # entries to judges, which the sealed judging keeps from everyone but the secretary.
        register_history_scope("contests.contest", path_field="orgunit__path")
        register_history_scope("contests.round", path_field="contest__orgunit__path")
