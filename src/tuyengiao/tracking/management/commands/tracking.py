"""`tuyengiao tracking digest`: the daily round, for cron or a systemd timer.

    tuyengiao tracking digest

Announces in the app every assignment that has run past its deadline (once per person),
then e-mails each person the notices not e-mailed yet, when an SMTP server is configured
(TUYENGIAO_EMAIL_HOST). Safe to run more than once a day: nothing is announced twice.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.tracking.notifications import digest_send, overdue_notify


class Command(BaseCommand):
    help = "Theo dõi thực hiện: thông báo quá hạn và thư tổng hợp hằng ngày (daily digest)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("digest", help="Thông báo việc quá hạn, gửi thư tổng hợp.")

    def handle(self, *args, **options) -> None:
        late = overdue_notify(today=timezone.localdate())
        self.stdout.write(_("Thông báo quá hạn mới: %(n)s") % {"n": late})
        if not settings.SMTP_HOST:
            self.stdout.write(_("Chưa cấu hình máy chủ thư (TUYENGIAO_EMAIL_HOST): không gửi thư."))
            return
        users, notices = digest_send(site_url=settings.SITE_URL)
        self.stdout.write(
            _("Đã gửi thư cho %(users)s người, %(notices)s thông báo.")
            % {"users": users, "notices": notices}
        )
