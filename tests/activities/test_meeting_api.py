"""GET /api/meetings/: the meetings a caller sees, by unit and days, scoped."""

import datetime

from tests.activities.invitations import invitation
from tests.factories import make_token
from tuyengiao.activities.meetings import meeting_save
from tuyengiao.activities.models import Meeting

URL = "/api/meetings/"
DAY = datetime.date(2026, 3, 5)


def auth(user):
    return {"authorization": f"Bearer {make_token(user)}"}


def saved(user, unit, title, *, day=DAY, invited=(), **fields) -> Meeting:
    meeting = Meeting(orgunit=unit, title=title, held_on=day, **fields)
    return meeting_save(user=user, meeting=meeting, invited=list(invited))


def test_meetings_listed_in_scope(client, tree, owner, member, outsider, province_admin):
    document = invitation(tree.commune_a, owner, issuer_unit=tree.province)
    ours = saved(
        owner, tree.commune_a, "Hội nghị quán triệt", host=tree.province,
        invited=[tree.cell_a1], starts_at=datetime.time(14), document=document,
    )  # fmt: skip
    saved(outsider, tree.commune_b, "Họp riêng", day=DAY + datetime.timedelta(days=40))
    body = client.get(URL, headers=auth(member)).json()
    assert body["count"] == 1
    [item] = body["items"]
    assert item == {
        "id": ours.pk, "orgunit": "XA-AB", "title": "Hội nghị quán triệt", "host": "TU",
        "host_name": "", "invited": ["CB-A1"], "held_on": "2026-03-05", "starts_at": "14:00:00",
        "ends_on": None, "ends_at": None, "place": "", "document": document.pk, "activity": None,
    }  # fmt: skip
    # The host's users see it; by unit and by days.
    assert client.get(URL, {"unit": "TU"}, headers=auth(province_admin)).json()["count"] == 1
    everything = client.get(URL, headers=auth(province_admin)).json()
    assert everything["count"] == 2
    april = client.get(URL, {"start": "2026-04-01"}, headers=auth(province_admin)).json()
    assert [m["title"] for m in april["items"]] == ["Họp riêng"]
    march = client.get(URL, {"end": "2026-03-31"}, headers=auth(province_admin)).json()
    assert [m["title"] for m in march["items"]] == ["Hội nghị quán triệt"]
    bad = client.get(URL, {"start": "2026-04-01", "end": "2026-03-01"}, headers=auth(owner))
    assert bad.status_code == 400
    assert client.get(URL, {"start": "0"}, headers=auth(owner)).status_code == 400


def test_other_units_meetings_are_out_of_reach(client, tree, owner, outsider):
    saved(owner, tree.commune_a, "Hội nghị quán triệt", invited=[tree.commune_a])
    assert client.get(URL, headers=auth(outsider)).json() == {"items": [], "count": 0}
    assert client.get(URL, {"unit": "XA-AB"}, headers=auth(outsider)).status_code == 404
    assert client.get(URL).status_code == 401
