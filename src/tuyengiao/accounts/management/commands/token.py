"""`tuyengiao token create|list|revoke`: API tokens from the command line.

`create` prints only the token on stdout so that a script can capture it:
    TOKEN=$(tuyengiao token create canbo --name "báo cáo tự động")
"""

from auditlog.context import set_actor
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.accounts.models import ApiToken, User
from tuyengiao.accounts.services import token_create, token_revoke


def _user(username: str) -> User:
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist:
        raise CommandError(
            _("Không có người dùng “%(username)s”.") % {"username": username}
            + f" (no user named {username!r})"
        ) from None


def _day(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else "—"


class Command(BaseCommand):
    help = "Tạo, liệt kê, thu hồi mã truy cập API (create / list / revoke API tokens)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Tạo mã mới và in ra (chỉ một lần).")
        create.add_argument("username")
        create.add_argument("--name", default="", help="Tên gợi nhớ của mã.")
        listing = actions.add_parser("list", help="Các mã của một người dùng.")
        listing.add_argument("username")
        revoke = actions.add_parser("revoke", help="Thu hồi mã theo tiền tố (8 ký tự đầu).")
        revoke.add_argument("prefix")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"handle_{action}")(**options)

    def handle_create(self, *, username: str, name: str, **options) -> None:
        user = _user(username)
        if not user.is_active:
            raise CommandError(_("Người dùng “%(username)s” đã bị khóa.") % {"username": username})
        with set_actor(user), transaction.atomic():
            _token, key = token_create(user=user, name=name)
        self.stdout.write(key)

    def handle_list(self, *, username: str, **options) -> None:
        user = _user(username)
        tokens = ApiToken.objects.filter(user=user).order_by("created_at", "pk")
        if not tokens:
            self.stdout.write(_("“%(username)s” chưa có mã nào.") % {"username": username})
            return
        self.stdout.write(
            "\t".join([_("Tiền tố"), _("Tên"), _("Tạo lúc"), _("Dùng lần cuối"), _("Trạng thái")])
        )
        for token in tokens:
            state = _("đã thu hồi %(day)s") % {"day": _day(token.revoked_at)}
            self.stdout.write(
                "\t".join(
                    [
                        token.prefix,
                        token.name or "—",
                        _day(token.created_at),
                        _day(token.last_used_at),
                        state if token.revoked_at else _("đang dùng"),
                    ]
                )
            )

    def handle_revoke(self, *, prefix: str, **options) -> None:
        # The prefix is public (shown by `list`), never the secret: ask for the row by it.
        matches = list(
            ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True).select_related("user")
        )
        if not matches:
            raise CommandError(
                _("Không có mã đang dùng nào có tiền tố “%(prefix)s”.") % {"prefix": prefix}
            )
        if len(matches) > 1:
            raise CommandError(
                _("Nhiều mã có tiền tố “%(prefix)s”: thu hồi qua trang quản trị.")
                % {"prefix": prefix}
            )
        token = matches[0]
        with set_actor(token.user), transaction.atomic():
            token_revoke(token=token)
        self.stdout.write(
            _("Đã thu hồi mã %(prefix)s… của %(username)s.")
            % {"prefix": prefix, "username": token.user.username}
        )
