"""Demo data: a fictional province, Hòa Lâm, with its 2025 reorganisation and demo logins.

Every place name is invented (poetic "landform + nature" pairs such as "Lũng Sương", which
administrative names in Viet Nam do not use) and every account is named after its role,
never after a person. The build is seeded, so the same seed gives the same tree, and runs
inside one transaction with the site administrator as the audit actor.
"""

import datetime
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass

from auditlog.context import set_actor
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from tuyengiao.accounts.models import Role, RoleAssignment, User
from tuyengiao.accounts.services import role_assign
from tuyengiao.activities.demo import demo_invitations_create
from tuyengiao.activities.demo_year import demo_activities_create
from tuyengiao.channels.demo import demo_channels_create
from tuyengiao.contests.demo import demo_contests_create
from tuyengiao.documents.demo import demo_documents_create
from tuyengiao.orgunits.models import OrgUnit, UnitKind
from tuyengiao.orgunits.services import orgunit_close, orgunit_create, orgunit_merge
from tuyengiao.reporting.demo import demo_reporting_create
from tuyengiao.surveys.concern_demo import demo_concerns_create
from tuyengiao.surveys.demo import demo_surveys_create
from tuyengiao.textkit.normalize import fold
from tuyengiao.tracking.demo import demo_deadlines, demo_tracking_create

DEMO_PASSWORD = "Demo@2026!"  # noqa: S105  (printed on purpose: it only opens the demo)
PROVINCE = "Hòa Lâm"
PREFIX = "HL"
DEFAULT_SEED = 2025
# The commune whose name the README gives as the search example ("xa lung suong").
SEARCH_EXAMPLE = "Lũng Sương"
# Communes whose year of activities is recorded (activities.demo_year), the example first.
ACTIVE_COMMUNES = [f"{PREFIX}-X01", f"{PREFIX}-X02", f"{PREFIX}-X03"]

REORGANISED_ON = datetime.date(2025, 7, 1)  # the two-level local government starts
DISTRICTS_CLOSED_ON = datetime.date(2025, 6, 30)
BANS_MERGED_ON = datetime.date(2025, 2, 28)  # Tuyên giáo + Dân vận become one ban

# (code, name, sort order)
KINDS = [
    ("tinh-uy", "Tỉnh ủy", 10),
    ("ban-dang", "Ban, cơ quan tham mưu của cấp ủy", 15),
    ("phong", "Phòng, bộ phận", 16),
    ("dang-uy-khoi", "Đảng ủy khối", 20),
    ("huyen-uy", "Huyện ủy, thị ủy (trước 01/07/2025)", 25),
    ("dang-uy-xa", "Đảng ủy xã", 30),
    ("dang-uy-phuong", "Đảng ủy phường", 31),
    ("dang-bo-co-so", "Đảng bộ cơ sở", 40),
    ("chi-bo-co-so", "Chi bộ cơ sở", 41),
    ("chi-bo-truc-thuoc", "Chi bộ trực thuộc", 50),
]

COMMUNES = [
    "Lũng Sương",
    "Bến Trăng",
    "Đồng Mây",
    "Ngàn Hương",
    "Non Biếc",
    "Rừng Sao",
    "Hồ Sương",
    "Bến Gió",
    "Đồi Trăng",
    "Lũng Mây",
    "Bãi Nắng",
    "Nương Mơ",
    "Vườn Lan",
    "Đồng Gió",
    "Ngàn Thông",
    "Ngàn Mây",
    "Cồn Trăng",
    "Bãi Sương",
    "Nương Trăng",
    "Đồng Sao",
    "Non Mây",
    "Bến Hương",
    "Lũng Nắng",
    "Vườn Sao",
]
WARDS = ["Đồi Nắng", "Hoa Sữa", "Sương Mai", "Cánh Diều", "Trăng Rằm", "Hoa Gạo"]

# Former district committees, each with the former communes that merged into a new one.
# (district name, kind of its communes, new commune, [former communes])
FORMER = [
    ("Huyện ủy Lũng Sương", "xã", "Lũng Sương", ["Lũng Thượng", "Lũng Hạ"]),
    ("Huyện ủy Mây Ngàn", "xã", "Bến Trăng", ["Bến Trên", "Bến Dưới", "Trăng Non"]),
    ("Thị ủy Đồi Nắng", "phường", "Đồi Nắng", ["Nắng Sớm", "Nắng Chiều"]),
]

BLOC = "Đảng ủy Các cơ quan Đảng tỉnh"
BLOC_CELLS = [
    "Chi bộ Văn phòng Tỉnh ủy",
    "Chi bộ Ban Tổ chức Tỉnh ủy",
    "Chi bộ Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "Chi bộ Ủy ban Kiểm tra Tỉnh ủy",
]
BLOC_PARTY = "Đảng bộ Báo và Phát thanh, Truyền hình Hòa Lâm"
BLOC_PARTY_CELLS = ["Chi bộ Phòng Thời sự", "Chi bộ Phòng Chuyên đề", "Chi bộ Phòng Kỹ thuật"]
BAN = "Ban Tuyên giáo và Dân vận Tỉnh ủy"
BAN_OFFICES = [
    "Phòng Lý luận chính trị và Lịch sử Đảng",
    "Phòng Tuyên truyền, Báo chí, Văn hóa, Văn nghệ",
    "Phòng Dân vận",
]
OTHER_BANS = ["Văn phòng Tỉnh ủy", "Ban Tổ chức Tỉnh ủy", "Ủy ban Kiểm tra Tỉnh ủy"]


@dataclass(frozen=True)
class Login:
    username: str
    full_name: str
    role: Role | None  # None: site administrator, or a judge
    unit_code: str
    judge: bool = False  # a contest's judge: an invited expert, holding no role in the tree


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", fold(name))


COMMUNE_SLUG = _slug(SEARCH_EXAMPLE)
LOGINS = [
    Login("admin", "Quản trị hệ thống (demo)", None, ""),
    Login("tinh.quantri", "Quản trị Tỉnh ủy Hòa Lâm (demo)", Role.UNIT_ADMIN, PREFIX),
    Login("tinh.bientap", "Cán bộ Ban Tuyên giáo và Dân vận tỉnh (demo)", Role.EDITOR, PREFIX),
    Login("tinh.xem", "Lãnh đạo theo dõi cấp tỉnh (demo)", Role.VIEWER, PREFIX),
    Login(
        f"xa.{COMMUNE_SLUG}.quantri",
        f"Quản trị Đảng ủy xã {SEARCH_EXAMPLE} (demo)",
        Role.UNIT_ADMIN,
        f"{PREFIX}-X01",
    ),
    Login(
        f"xa.{COMMUNE_SLUG}.bientap",
        f"Cán bộ tuyên giáo xã {SEARCH_EXAMPLE} (demo)",
        Role.EDITOR,
        f"{PREFIX}-X01",
    ),
    Login(
        f"coso.{COMMUNE_SLUG}-thon1.bientap",
        f"Bí thư Chi bộ Thôn 1, xã {SEARCH_EXAMPLE} (demo)",
        Role.EDITOR,
        f"{PREFIX}-X01-T01",
    ),
    Login("giamkhao", "Giám khảo cuộc thi (demo)", None, "", judge=True),
]
# The other judges of the demo's contests: accounts like the judge's, not listed as logins.
OTHER_JUDGES = [
    ("giamkhao.2", "Giám khảo thứ hai (demo)"),
    ("giamkhao.3", "Giám khảo thứ ba (demo)"),
]


class DemoBuilder:
    """Builds the province through the org-unit services, so every row has its history."""

    def __init__(self, *, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311  (reproducible demo data, no secrets)
        self.kinds: dict[str, UnitKind] = {}
        self.units: dict[str, OrgUnit] = {}

    def unit(self, code: str, name: str, kind: str, parent: OrgUnit | None, **extra) -> OrgUnit:
        unit = orgunit_create(code=code, name=name, kind=self.kinds[kind], parent=parent, **extra)
        self.units[code] = unit
        return unit

    def build(self) -> None:
        for code, name, order in KINDS:
            self.kinds[code], _created = UnitKind.objects.get_or_create(
                code=code, defaults={"name": name, "sort_order": order}
            )
        province = self.unit(
            PREFIX,
            f"Tỉnh ủy {PROVINCE}",
            "tinh-uy",
            None,
            short_name="TU",
            opened_on=datetime.date(1997, 1, 1),
        )
        self.build_bans(province)
        self.build_bloc(province)
        districts = self.build_former_districts(province)
        self.build_communes(province)
        self.reorganise(districts)

    def build_bans(self, province: OrgUnit) -> None:
        old = [
            self.unit(
                f"{PREFIX}-BTG",
                "Ban Tuyên giáo Tỉnh ủy",
                "ban-dang",
                province,
                opened_on=datetime.date(1997, 1, 1),
            ),
            self.unit(
                f"{PREFIX}-BDV",
                "Ban Dân vận Tỉnh ủy",
                "ban-dang",
                province,
                opened_on=datetime.date(1997, 1, 1),
            ),
        ]
        ban = self.unit(
            f"{PREFIX}-BTGDV",
            BAN,
            "ban-dang",
            province,
            short_name="BTGDVTU",
            opened_on=BANS_MERGED_ON + datetime.timedelta(days=1),
        )
        orgunit_merge(
            units=old,
            successor=ban,
            merged_on=BANS_MERGED_ON,
            note="Hợp nhất theo chủ trương sắp xếp tổ chức bộ máy năm 2025.",
        )
        for n, name in enumerate(BAN_OFFICES, start=1):
            self.unit(f"{PREFIX}-BTGDV-P{n}", name, "phong", ban)
        for n, name in enumerate(OTHER_BANS, start=1):
            self.unit(f"{PREFIX}-B{n}", name, "ban-dang", province)

    def build_bloc(self, province: OrgUnit) -> None:
        bloc = self.unit(f"{PREFIX}-DUK", BLOC, "dang-uy-khoi", province, short_name="ĐUK")
        for n, name in enumerate(BLOC_CELLS, start=1):
            self.unit(f"{PREFIX}-DUK-{n:02d}", name, "chi-bo-co-so", bloc)
        party = self.unit(f"{PREFIX}-DUK-DB", BLOC_PARTY, "dang-bo-co-so", bloc)
        for n, name in enumerate(BLOC_PARTY_CELLS, start=1):
            self.unit(f"{PREFIX}-DUK-DB-{n:02d}", name, "chi-bo-truc-thuoc", party)

    def build_former_districts(self, province: OrgUnit) -> list[OrgUnit]:
        districts = []
        for d, (name, level, _new, communes) in enumerate(FORMER, start=1):
            district = self.unit(
                f"{PREFIX}-H{d:02d}",
                name,
                "huyen-uy",
                province,
                opened_on=datetime.date(1997, 1, 1),
            )
            districts.append(district)
            kind = "dang-uy-xa" if level == "xã" else "dang-uy-phuong"
            for c, commune in enumerate(communes, start=1):
                self.unit(
                    f"{PREFIX}-H{d:02d}-X{c:02d}",
                    f"Đảng ủy {level} {commune}",
                    kind,
                    district,
                    opened_on=datetime.date(1997 + self.rng.randrange(10), 1, 1),
                )
        return districts

    def build_communes(self, province: OrgUnit) -> None:
        places = [("xã", "X", n) for n in COMMUNES] + [("phường", "P", n) for n in WARDS]
        numbers = {"X": 0, "P": 0}
        # About one commune in three has a grassroots party committee with its own cells.
        with_party = set(self.rng.sample(range(len(places)), k=len(places) // 3))
        for index, (level, letter, place) in enumerate(places):
            numbers[letter] += 1
            code = f"{PREFIX}-{letter}{numbers[letter]:02d}"
            kind = "dang-uy-xa" if level == "xã" else "dang-uy-phuong"
            commune = self.unit(
                code, f"Đảng ủy {level} {place}", kind, province, opened_on=REORGANISED_ON
            )
            self.build_grassroots(commune, code, level, place, party=index in with_party)

    def build_grassroots(
        self, commune: OrgUnit, code: str, level: str, place: str, *, party: bool
    ) -> None:
        where = f"{level} {place}"
        village = "Thôn" if level == "xã" else "Tổ dân phố"
        for n in range(1, self.rng.randint(4, 8) + 1):
            self.unit(f"{code}-T{n:02d}", f"Chi bộ {village} {n}, {where}", "chi-bo-co-so", commune)
        for suffix, body in [("CA", "Công an"), ("QS", "Quân sự"), ("TH", "Trường Tiểu học")]:
            name = f"Chi bộ {body} {place}" if suffix == "TH" else f"Chi bộ {body} {where}"
            self.unit(f"{code}-{suffix}", name, "chi-bo-co-so", commune)
        if party:
            party_unit = self.unit(
                f"{code}-DB", f"Đảng bộ Cơ quan {where}", "dang-bo-co-so", commune
            )
            for n, office in enumerate(
                ["Văn phòng Đảng ủy", "Ủy ban nhân dân", "Mặt trận Tổ quốc"], start=1
            ):
                self.unit(
                    f"{code}-DB-{n:02d}",
                    f"Chi bộ {office} {where}",
                    "chi-bo-truc-thuoc",
                    party_unit,
                )

    def reorganise(self, districts: list[OrgUnit]) -> None:
        """1 July 2025: former communes merge into the new ones, district committees close."""
        by_name = {unit.name: unit for unit in self.units.values()}
        for district, (_name, level, new, communes) in zip(districts, FORMER, strict=True):
            orgunit_merge(
                units=[by_name[f"Đảng ủy {level} {c}"] for c in communes],
                successor=by_name[f"Đảng ủy {level} {new}"],
                merged_on=DISTRICTS_CLOSED_ON,
                note="Sắp xếp đơn vị hành chính cấp xã từ 01/07/2025.",
            )
            orgunit_close(
                unit=district,
                closed_on=DISTRICTS_CLOSED_ON,
                note="Kết thúc hoạt động cấp huyện từ 01/07/2025.",
            )


def demo_exists() -> bool:
    return OrgUnit.objects.exists()


COMMUNE_KINDS = {"dang-uy-xa": "xa", "dang-uy-phuong": "phuong"}


def _commune_editors(*, admin: User, editor: User) -> dict[int, User]:
    """An editor for every commune and ward, former ones included, so that each unit's
    reports are sent by its own account (`xa.bentrang.bientap`…), as in a real province.
    Lũng Sương's is the demo login `editor`. A former commune's editor held the role while it
    was open: the assignment is written as it stood, since a closed unit takes no new role."""
    editors = {}
    units = OrgUnit.objects.filter(kind__code__in=COMMUNE_KINDS).select_related("kind")
    for unit in units.order_by("code"):
        level = COMMUNE_KINDS[unit.kind.code]
        where = unit.name.removeprefix("Đảng ủy ")  # "xã Bến Trăng"
        username = f"{level}.{_slug(where.split(' ', 1)[1])}.bientap"
        if username == editor.username:
            editors[unit.pk] = editor
            continue
        user = User(username=username, first_name=f"Cán bộ tuyên giáo {where} (demo)",
                    password=editor.password)  # fmt: skip
        user.full_clean()
        user.save()
        if unit.closed_on is None:
            role_assign(actor=admin, user=user, orgunit=unit, role=Role.EDITOR)
        else:
            RoleAssignment.objects.create(user=user, orgunit=unit, role=Role.EDITOR)
        editors[unit.pk] = user
    return editors


def _demo_users() -> tuple[User, list[User]]:
    """The site administrator and the other demo accounts, saved with one password hash.

    `user_create` would hash the password once per account; PBKDF2 is deliberately slow, and
    seven hashes cost more than the whole tree. The password is validated like any other.
    """
    hashed = make_password(DEMO_PASSWORD)
    users = []
    for login in LOGINS:
        user = User(
            username=login.username,
            first_name=login.full_name,
            password=hashed,
            is_superuser=login.role is None and not login.judge,
            is_staff=login.role is None and not login.judge,
        )
        user.full_clean()
        validate_password(DEMO_PASSWORD, user=user)
        users.append(user)
    users[0].save()
    return users[0], users[1:]


@transaction.atomic
def demo_create(*, seed: int = DEFAULT_SEED) -> User:
    """Build the demo province and its logins. Returns the site administrator."""
    admin, others = _demo_users()
    with set_actor(admin):
        DemoBuilder(seed=seed).build()
        units = {u.code: u for u in OrgUnit.objects.filter(code__startswith=PREFIX)}
        for user, login in zip(others, LOGINS[1:], strict=True):
            user.save()
            if login.role is None:  # a judge
                continue
            role_assign(actor=admin, user=user, orgunit=units[login.unit_code], role=login.role)
        today = timezone.localdate()
        demo_documents_create(
            user=admin,
            province=units[PREFIX],
            ban=units[f"{PREFIX}-BTGDV"],
            commune=units[f"{PREFIX}-X01"],
            today=today,
            deadlines=demo_deadlines(today),
        )
        editor = next(u for u in others if u.username == f"xa.{COMMUNE_SLUG}.bientap")
        province_admin = next(u for u in others if u.username == "tinh.quantri")
        # Before the reports: a month already sent would refuse the figures channels feed.
        channels_fed = demo_channels_create(
            communes=[units[f"{PREFIX}-{code}"] for code in ("X01", "X02", "P01")],
            editor=next(u for u in others if u.username == "tinh.bientap"),
            seed=seed,
        )
        editors = _commune_editors(admin=admin, editor=editor)
        # Before the forms exist (no month locked yet); the figures they give are not typed.
        fed = demo_activities_create(
            province_unit=units[f"{PREFIX}-BTGDV"],
            province_editor=next(u for u in others if u.username == "tinh.bientap"),
            communes={units[code]: editors[units[code].pk] for code in ACTIVE_COMMUNES},
            today=today,
            seed=seed,
        )
        demo_reporting_create(
            admin=admin,
            province=units[PREFIX],
            editors=editors,
            approver=province_admin,
            seed=seed,
            typed_elsewhere=fed | channels_fed,
        )
        demo_tracking_create(
            province=units[PREFIX],
            setter=province_admin,
            commune_editor=editor,
            commune=units[f"{PREFIX}-X01"],
            seed=seed,
        )
        demo_invitations_create(
            province=units[PREFIX], commune=units[f"{PREFIX}-X01"], editor=editor, today=today
        )
        province_editor = next(u for u in others if u.username == "tinh.bientap")
        demo_concerns_create(
            province=units[PREFIX], editors=editors, setter=province_editor, today=today, seed=seed
        )
        demo_surveys_create(
            province=units[PREFIX],
            editor=province_editor,
            # Five communes and wards, the last of which answers fewer forms than the tables
            # may show.
            communes=[units[code] for code in (*ACTIVE_COMMUNES, f"{PREFIX}-P01", f"{PREFIX}-X04")],
            today=today,
            seed=seed,
        )
        demo_contests_create(
            organiser=units[PREFIX],
            staff=province_editor,
            leader=province_admin,
            editors=[(units[code], editors[units[code].pk]) for code in ACTIVE_COMMUNES],
            judges=[next(u for u in others if u.username == "giamkhao"), *_other_judges(admin)],
            today=today,
            seed=seed,
            planner=units[f"{PREFIX}-BTGDV"],
        )
    return admin


def _other_judges(admin: User) -> list[User]:
    users = [User(username=username, first_name=name, password=admin.password)
             for username, name in OTHER_JUDGES]  # fmt: skip
    for user in users:
        user.full_clean()
        user.save()
    return users


def login_rows() -> Iterator[tuple[str, str, str]]:
    """(login, role, unit) for each demo account, as `--print-logins` and the README show."""
    names = dict(OrgUnit.objects.filter(code__startswith=PREFIX).values_list("code", "name"))
    for login in LOGINS:
        if login.role:
            role = str(login.role.label)
        else:
            role = gettext("Giám khảo cuộc thi") if login.judge else gettext("Quản trị hệ thống")
        # A site administrator holds no unit: the role says it all.
        yield login.username, role, names.get(login.unit_code, "—")
