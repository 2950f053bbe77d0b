"""Shared fixtures. The tree and the owner / member / outsider trio every access test uses.

Tỉnh ủy Thử (province)
├── Đảng ủy xã An Bình (commune A)   ← owner: unit admin, member: viewer
│   └── Chi bộ thôn 1 (A1)
└── Đảng ủy xã Bình Minh (commune B) ← outsider: unit admin
    └── Chi bộ thôn 2 (B1)
"""

from dataclasses import dataclass

import pytest
from django.db import transaction
from django.utils import translation

from tests.factories import OrgUnitFactory, RoleAssignmentFactory, UnitKindFactory, UserFactory
from tuyengiao.accounts.models import Role, User
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.web.demo import demo_create


@dataclass
class Tree:
    province: OrgUnit
    commune_a: OrgUnit
    cell_a1: OrgUnit
    commune_b: OrgUnit
    cell_b1: OrgUnit


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher is slow on purpose; tests create many users and log in often.
    # PBKDF2 stays listed to check hashes made by fixtures broader than a test.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture(autouse=True)
def site_language():
    """Each test starts in the site's language. A page asked for in English leaves English
    active in the thread (LocaleMiddleware activates, nothing deactivates), and pytest-django
    runs the database tests first: a message checked in Vietnamese later would be English."""
    translation.deactivate()


@pytest.fixture
def tree(db) -> Tree:
    province_kind = UnitKindFactory(code="tinh-uy", name="Tỉnh ủy", sort_order=10)
    commune_kind = UnitKindFactory(code="dang-uy-xa", name="Đảng ủy xã", sort_order=20)
    cell_kind = UnitKindFactory(code="chi-bo", name="Chi bộ", sort_order=40)
    province = OrgUnitFactory(code="TU", name="Tỉnh ủy Thử", kind=province_kind)
    commune_a = OrgUnitFactory(
        code="XA-AB", name="Đảng ủy xã An Bình", kind=commune_kind, parent=province
    )
    commune_b = OrgUnitFactory(
        code="XA-BM", name="Đảng ủy xã Bình Minh", kind=commune_kind, parent=province
    )
    return Tree(
        province=province,
        commune_a=commune_a,
        cell_a1=OrgUnitFactory(
            code="CB-A1", name="Chi bộ thôn 1", kind=cell_kind, parent=commune_a
        ),
        commune_b=commune_b,
        cell_b1=OrgUnitFactory(
            code="CB-B1", name="Chi bộ thôn 2", kind=cell_kind, parent=commune_b
        ),
    )


def _user_with_role(username: str, unit: OrgUnit, role: Role) -> User:
    user = UserFactory(username=username)
    RoleAssignmentFactory(user=user, orgunit=unit, role=role)
    return user


@pytest.fixture
def owner(tree: Tree) -> User:
    """Unit administrator of commune A."""
    return _user_with_role("owner", tree.commune_a, Role.UNIT_ADMIN)


@pytest.fixture
def member(tree: Tree) -> User:
    """Viewer of commune A."""
    return _user_with_role("member", tree.commune_a, Role.VIEWER)


@pytest.fixture
def outsider(tree: Tree) -> User:
    """Unit administrator of commune B: must never see or change commune A's data."""
    return _user_with_role("outsider", tree.commune_b, Role.UNIT_ADMIN)


@pytest.fixture
def province_admin(tree: Tree) -> User:
    return _user_with_role("province", tree.province, Role.UNIT_ADMIN)


@pytest.fixture
def site_admin(db) -> User:
    return UserFactory(username="siteadmin", is_superuser=True, is_staff=True)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo province, built once for a module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_create()
        yield
        transaction.set_rollback(True)
