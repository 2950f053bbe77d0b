"""`tuyengiao demo`: load the fictional province Hòa Lâm and its demo logins.

tuyengiao demo                  build it (refused if the database has units already)
tuyengiao demo --if-empty       build it only if there is no unit yet (for `make run`)
tuyengiao demo --print-logins   only print the logins and the password
"""

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tuyengiao.accounts.models import User
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.web.demo import (
    DEFAULT_SEED,
    DEMO_PASSWORD,
    LOGINS,
    demo_create,
    demo_exists,
    login_rows,
)


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu: một tỉnh hư cấu và các tài khoản demo (fictional demo province)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Không làm gì nếu đã có đơn vị nào."
        )
        parser.add_argument(
            "--print-logins",
            action="store_true",
            help="In bảng tài khoản demo và mật khẩu; dùng một mình thì chỉ in, không tạo.",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=None,
            help=f"Hạt giống ngẫu nhiên (mặc định {DEFAULT_SEED}).",
        )

    def handle(
        self, *args, if_empty: bool, print_logins: bool, seed: int | None, **options
    ) -> None:
        # Alone, --print-logins only prints: `make run` calls it after `demo --if-empty`.
        if not print_logins or if_empty or seed is not None:
            self.create(if_empty=if_empty, seed=DEFAULT_SEED if seed is None else seed)
        if print_logins:
            self.print_logins()

    def create(self, *, if_empty: bool, seed: int) -> None:
        if demo_exists():
            if if_empty:
                self.stdout.write(_("Đã có dữ liệu: bỏ qua dữ liệu mẫu."))
                return
            raise CommandError(
                _("Cơ sở dữ liệu đã có đơn vị; dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống.")
            )
        taken = User.objects.filter(username__in=[login.username for login in LOGINS])
        if taken.exists():
            raise CommandError(
                _("Tài khoản %(names)s đã tồn tại.")
                % {"names": ", ".join(taken.values_list("username", flat=True))}
            )
        started = time.monotonic()
        demo_create(seed=seed)
        self.stdout.write(
            _("Đã tạo dữ liệu mẫu: %(units)s đơn vị, %(users)s tài khoản trong %(seconds).1f giây.")
            % {
                "units": OrgUnit.objects.count(),
                "users": User.objects.count(),
                "seconds": time.monotonic() - started,
            }
        )

    def print_logins(self) -> None:
        if not User.objects.filter(username=LOGINS[0].username).exists():
            self.stdout.write(_("Chưa có dữ liệu mẫu: chạy `tuyengiao demo`."))
            return
        rows = [(_("Tên đăng nhập"), _("Vai trò"), _("Đơn vị")), *login_rows()]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for row in rows:
            self.stdout.write(
                "  ".join(
                    cell.ljust(width) for cell, width in zip(row, widths, strict=True)
                ).rstrip()
            )
        self.stdout.write(
            _("Mật khẩu chung của các tài khoản demo: %(password)s") % {"password": DEMO_PASSWORD}
        )
