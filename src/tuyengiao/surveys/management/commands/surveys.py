"""`tuyengiao surveys codes <id> --count N [--unit CODE] [--user NAME]`: N new one-time
codes of a survey, one a line on stdout, to be printed and handed out.
`tuyengiao surveys nightly`, for a daily cron job: mix the rows of every survey still
collecting, so that the database keeps no order of arrival (mixing.responses_mix_due), and
delete the free text nobody coded within 30 days of its survey's end
(coding.freetexts_expire_all).

    tuyengiao surveys codes 12 --count 300 --unit XA-AB > ma-phieu-an-binh.txt

The codes are shown this once: only their digests are stored, so a lost list cannot be
printed again (make new codes instead). The unit is the one whose residents get the codes;
it may be left out when the survey has only one. The command acts as the user named (the
first site administrator by default), who must be an editor of the survey's organiser, as
on the page. Only the codes go to stdout; the summary goes to stderr.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tuyengiao.accounts.selectors import command_user
from tuyengiao.surveys.coding import freetexts_expire_all
from tuyengiao.surveys.collecting import CODES_MAX_PER_CALL, codes_create
from tuyengiao.surveys.mixing import responses_mix_due
from tuyengiao.surveys.models import Survey


class Command(BaseCommand):
    help = "Khảo sát dư luận: tạo mã phiếu dùng một lần (surveys: one-time codes)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        codes = actions.add_parser(
            "codes", help="In ra N mã phiếu mới của cuộc khảo sát, mỗi mã một dòng."
        )
        codes.add_argument("survey", type=int, help="Số (id) của cuộc khảo sát.")
        codes.add_argument(
            "--count", type=int, required=True, help=f"Số mã cần tạo (1–{CODES_MAX_PER_CALL})."
        )
        codes.add_argument(
            "--unit", help="Mã đơn vị được khảo sát nhận phiếu (bỏ qua nếu chỉ có một)."
        )
        codes.add_argument("--user", help="Người tạo (mặc định: quản trị hệ thống đầu tiên).")
        actions.add_parser(
            "nightly",
            help="Xáo trộn phiếu của các cuộc khảo sát đang thu phiếu; xóa ý kiến tự do chưa "
            "mã hóa của các cuộc khảo sát đã kết thúc quá 30 ngày.",
        )

    def handle(self, *args, action: str, **options) -> None:
        if action == "codes":
            self._codes(**options)
        elif action == "nightly":
            mixed = responses_mix_due()
            deleted = freetexts_expire_all()
            self.stderr.write(
                _(
                    "Đã xáo trộn phiếu của %(mixed)s cuộc khảo sát, xóa %(n)s ý kiến tự do "
                    "chưa mã hóa."
                )
                % {"mixed": mixed, "n": deleted}
            )

    def _codes(self, *, survey: int, count: int, unit: str | None, user: str | None, **_o):
        account = command_user(user)
        found = Survey.objects.filter(pk=survey).select_related("orgunit").first()
        if found is None:
            raise CommandError(_("Không có cuộc khảo sát số %(id)s.") % {"id": survey})
        units = list(found.units.order_by("code"))
        if unit:
            chosen = next((u for u in units if u.code == unit), None)
            if chosen is None:
                raise CommandError(
                    _("Đơn vị “%(code)s” không thuộc các đơn vị được khảo sát: %(codes)s.")
                    % {"code": unit, "codes": ", ".join(u.code for u in units)}
                )
        elif len(units) == 1:
            chosen = units[0]
        else:
            raise CommandError(
                _("Cuộc khảo sát có nhiều đơn vị, hãy chọn --unit: %(codes)s.")
                % {"codes": ", ".join(u.code for u in units)}
            )
        try:
            codes = codes_create(user=account, survey=found, unit=chosen, count=count)
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write("\n".join(codes))
        self.stderr.write(
            _("Đã tạo %(n)s mã phiếu cho %(unit)s (cuộc khảo sát “%(title)s”).")
            % {"n": len(codes), "unit": chosen.name, "title": found.title}
        )
