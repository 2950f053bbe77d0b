import datetime

import pytest

from tests.values.conftest import by_level, count, monthly_form  # noqa: F401
from tuyengiao.channels.models import Channel, ChannelKind, CultureRecord, Register, Technology


@pytest.fixture
def station(tree) -> Channel:
    """Commune A's radio station (saved without the service: no figure yet)."""
    return Channel.objects.create(orgunit=tree.commune_a, kind=ChannelKind.RADIO,
                                  name="Đài truyền thanh xã An Bình")  # fmt: skip


@pytest.fixture
def cluster(tree) -> Channel:
    return Channel.objects.create(
        orgunit=tree.commune_a, kind=ChannelKind.LOUDSPEAKER, name="Cụm loa thôn 1",
        location="Nhà văn hóa thôn 1", technology=Technology.WIRELESS, has_timer=True,
        opened_on=datetime.date(2024, 1, 1),
    )  # fmt: skip


@pytest.fixture
def troupe(tree) -> CultureRecord:
    return CultureRecord.objects.create(orgunit=tree.commune_a, register=Register.TROUPE,
                                        name="Đội văn nghệ thôn 1", members=15)  # fmt: skip
