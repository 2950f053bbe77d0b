"""`tuyengiao demo`: the fictional province, its history and its logins."""

import datetime
import time
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count
from django.utils import translation

from tuyengiao.accounts.models import Role, RoleAssignment, User
from tuyengiao.accounts.scope import has_role_on, units_in_scope
from tuyengiao.orgunits.models import OrgUnit, OrgUnitEvent
from tuyengiao.web.demo import DEMO_PASSWORD, LOGINS, SEARCH_EXAMPLE, demo_create

GRASSROOTS = ["dang-bo-co-so", "chi-bo-co-so", "chi-bo-truc-thuoc"]


def run(*args: str) -> str:
    out = StringIO()
    # Vietnamese, as on the command line, whatever an earlier test left active.
    with translation.override("vi"):
        call_command("demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> list[tuple]:
    return list(
        OrgUnit.objects.order_by("code").values_list(
            "code", "name", "kind__code", "parent__code", "closed_on", "successor__code"
        )
    )


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """One build for the whole class, rolled back afterwards: the build takes a second or two."""
    with django_db_blocker.unblock(), transaction.atomic():
        started = time.monotonic()
        output = run("--if-empty", "--print-logins")
        seconds = time.monotonic() - started
        yield output, seconds
        transaction.set_rollback(True)


@pytest.mark.usefixtures("db")
class TestDemoProvince:
    def test_builds_in_reasonable_time(self, demo):
        # A guard against a build gone quadratic, not a speed goal (those live in bench/):
        # `make run` builds the demo, with its two years of reported figures and a year of
        # activities and channel output written through their services, in about 21 s on
        # SQLite on a 2-core machine already running two test suites; a quadratic step
        # would take minutes.
        _output, seconds = demo
        assert seconds < 60

    def test_about_thirty_communes_and_three_hundred_grassroots_units(self, demo):
        open_units = OrgUnit.objects.filter(closed_on__isnull=True)
        communes = open_units.filter(kind__code__in=["dang-uy-xa", "dang-uy-phuong"])
        assert communes.count() == 30
        assert 250 <= open_units.filter(kind__code__in=GRASSROOTS).count() <= 350
        # Every commune has its own cells, and cells sit under grassroots committees too.
        assert not communes.annotate(n=Count("children")).filter(n__lt=5).exists()
        assert open_units.filter(kind__code="chi-bo-truc-thuoc").count() >= 10
        bloc = OrgUnit.objects.get(kind__code="dang-uy-khoi")
        assert bloc.name == "Đảng ủy Các cơ quan Đảng tỉnh"
        assert OrgUnit.objects.subtree_of(bloc).count() >= 5

    def test_codes_and_names_are_unique(self, demo):
        names = list(OrgUnit.objects.values_list("name", flat=True))
        assert len(names) == len(set(names)) > 300

    def test_paths_and_levels_agree_with_parents(self, demo):
        units = {u.pk: u for u in OrgUnit.objects.all()}
        for unit in units.values():
            if unit.parent_id is None:
                assert (unit.path, unit.level) == (f"/{unit.pk}/", 0)
            else:
                parent = units[unit.parent_id]
                assert unit.path == f"{parent.path}{unit.pk}/"
                assert unit.level == parent.level + 1
        assert OrgUnit.objects.filter(parent__isnull=True).count() == 1

    def test_reorganisation_history(self, demo):
        districts = OrgUnit.objects.filter(kind__code="huyen-uy")
        assert districts.count() >= 2
        assert set(districts.values_list("closed_on", flat=True)) == {datetime.date(2025, 6, 30)}
        assert OrgUnitEvent.objects.filter(kind="closed", unit__in=districts).count() == (
            districts.count()
        )
        merged = OrgUnit.objects.filter(successor__isnull=False)
        assert merged.count() >= 4
        for unit in merged:
            assert unit.closed_on is not None and unit.successor.is_open
            assert unit.events.get(kind="merged").target == unit.successor
        new_commune = OrgUnit.objects.get(name=f"Đảng ủy xã {SEARCH_EXAMPLE}")
        assert new_commune.predecessors.count() >= 2
        # The merged Ban Tuyên giáo and Ban Dân vận of February 2025.
        ban = OrgUnit.objects.get(name="Ban Tuyên giáo và Dân vận Tỉnh ủy")
        assert ban.predecessors.count() == 2

    def test_search_example_works_without_diacritics(self, demo):
        from tuyengiao.textkit.normalize import fold

        key = fold(f"xã {SEARCH_EXAMPLE}")
        assert key.isascii()
        hits = OrgUnit.objects.filter(level=1, search_key__contains=key)
        assert [u.name for u in hits] == [f"Đảng ủy xã {SEARCH_EXAMPLE}"]

    def test_users_hold_the_listed_roles(self, demo):
        assert User.objects.get(username="admin").is_superuser
        users = User.objects.filter(username__in=[login.username for login in LOGINS])
        assert users.count() == len(LOGINS)
        # One hash for all (checked once: PBKDF2 is slow on purpose).
        assert len({user.password for user in users}) == 1
        assert users[0].check_password(DEMO_PASSWORD)
        for login in LOGINS:
            user = users.get(username=login.username)
            assert user.is_active and "(demo)" in user.get_full_name()
            if login.role is None:
                continue
            assignment = RoleAssignment.objects.get(user=user)
            assert (assignment.role, assignment.orgunit.code) == (login.role, login.unit_code)
        levels = {
            login.username: OrgUnit.objects.get(code=login.unit_code).kind.code
            for login in LOGINS
            if login.role
        }
        assert "tinh-uy" in levels.values() and "dang-uy-xa" in levels.values()
        assert "chi-bo-co-so" in levels.values()

    def test_scopes_of_the_demo_users(self, demo):
        commune_admin = User.objects.get(username=LOGINS[4].username)
        cell_editor = User.objects.get(username=LOGINS[6].username)
        province_viewer = User.objects.get(username="tinh.xem")
        commune = OrgUnit.objects.get(code=LOGINS[4].unit_code)
        other = OrgUnit.objects.filter(kind__code="dang-uy-xa").exclude(pk=commune.pk).first()
        assert has_role_on(commune_admin, commune, role=Role.UNIT_ADMIN)
        assert not has_role_on(commune_admin, other)
        assert units_in_scope(cell_editor).count() == 1
        assert not has_role_on(province_viewer, commune, role=Role.EDITOR)
        assert units_in_scope(province_viewer).count() == OrgUnit.objects.count()

    def test_everything_is_audited_with_the_admin_as_actor(self, demo):
        admin = User.objects.get(username="admin")
        cell = OrgUnit.objects.get(code=LOGINS[6].unit_code)
        assert LogEntry.objects.get_for_object(cell).filter(actor=admin).exists()

    def test_prints_the_logins_and_the_password(self, demo):
        output, _seconds = demo
        for login in LOGINS:
            assert login.username in output
        assert DEMO_PASSWORD in output
        assert f"Đảng ủy xã {SEARCH_EXAMPLE}" in output

    def test_if_empty_is_idempotent(self, demo):
        before, users = snapshot(), User.objects.count()
        assert "bỏ qua" in run("--if-empty")
        assert snapshot() == before
        assert User.objects.count() == users

    def test_plain_run_refuses_a_database_with_units(self, demo):
        with pytest.raises(CommandError, match="đã có đơn vị"):
            run()

    def test_print_logins_alone_only_prints(self, demo):
        before = snapshot()
        assert DEMO_PASSWORD in run("--print-logins")
        assert snapshot() == before


def test_if_empty_leaves_a_real_tree_alone(tree):
    assert "bỏ qua" in run("--if-empty")
    assert OrgUnit.objects.count() == 5
    assert not User.objects.filter(username="admin").exists()


def test_print_logins_on_an_empty_database(db):
    assert "Chưa có dữ liệu mẫu" in run("--print-logins")
    assert not OrgUnit.objects.exists()


def test_refuses_when_a_demo_login_is_taken(db):
    User.objects.create_user(username="tinh.xem", password="x")
    with pytest.raises(CommandError, match=r"tinh\.xem"):
        run()
    assert not OrgUnit.objects.exists()


def test_same_seed_same_tree(db):
    """Builds twice, each time rolled back, and compares: the demo must be reproducible."""
    trees = []
    with transaction.atomic():
        demo_create(seed=7)
        trees.append(snapshot())
        transaction.set_rollback(True)
    with transaction.atomic():
        # With --seed, --print-logins builds first, then prints.
        assert DEMO_PASSWORD in run("--seed", "7", "--print-logins")
        trees.append(snapshot())
        transaction.set_rollback(True)
    assert trees[0] == trees[1]
    assert len(trees[0]) > 300
