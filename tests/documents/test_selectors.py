import pytest

from tests.factories import RoleAssignmentFactory, UserFactory
from tuyengiao.accounts.models import Role
from tuyengiao.documents.models import Document, System
from tuyengiao.documents.selectors import documents_visible


@pytest.fixture
def documents(tree, site_admin):
    def make(symbol, unit, *, confidential=False):
        return Document.objects.create(
            system=System.PARTY,
            number=symbol.split("-")[0],
            symbol=symbol,
            orgunit=unit,
            registered_by=site_admin,
            confidential=confidential,
        )

    return {
        "province": make("09-NQ/TU", tree.province),
        "province_secret": make("10-NQ/TU", tree.province, confidential=True),
        "commune_a": make("01-KH/ĐU", tree.commune_a),
        "commune_a_secret": make("02-KH/ĐU", tree.commune_a, confidential=True),
        "commune_b": make("03-KH/ĐU", tree.commune_b),
    }


def symbols(user):
    return set(documents_visible(user).values_list("symbol", flat=True))


def test_member_reads_own_subtree_and_what_comes_down_not_secrets(documents, member):
    assert symbols(member) == {"09-NQ/TU", "01-KH/ĐU"}


def test_outsider_never_reads_commune_a(documents, outsider):
    assert "01-KH/ĐU" not in symbols(outsider)
    assert "02-KH/ĐU" not in symbols(outsider)


def test_approver_reads_secrets_held_in_their_subtree_only(tree, documents):
    approver = UserFactory()
    RoleAssignmentFactory(user=approver, orgunit=tree.commune_a, role=Role.APPROVER)
    assert symbols(approver) == {"09-NQ/TU", "01-KH/ĐU", "02-KH/ĐU"}


def test_province_admin_and_site_admin_read_everything_below(documents, province_admin, site_admin):
    assert symbols(province_admin) == {d.symbol for d in documents.values()}
    assert symbols(site_admin) == {d.symbol for d in documents.values()}
