import json

import pytest

from tests.factories import make_token
from tuyengiao.values.api import AggregateOut, FigureOut
from tuyengiao.values.models import DataValue

VALUES = "/api/datavalues/"
AGGREGATES = "/api/aggregates/"


def post_values(client, user, values):
    return client.post(
        VALUES,
        json.dumps(values),
        content_type="application/json",
        headers={"authorization": f"Bearer {make_token(user)}"},
    )


def get_aggregate(client, user, **params):
    return client.get(AGGREGATES, params, headers={"authorization": f"Bearer {make_token(user)}"})


def value(indicator, unit, number, period="202310"):
    return {"indicator": indicator.code, "orgunit": unit.code, "period": period, "value": number}


def test_values_posted_show_in_the_province_total_at_once(
    client, tree, owner, province_admin, count
):
    response = post_values(
        client, owner, [value(count, tree.cell_a1, 12), value(count, tree.commune_a, "1.000")]
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"created": 2, "updated": 0, "unchanged": 0}
    response = get_aggregate(
        client, province_admin, indicator=count.code, orgunit=tree.province.code, period="2023"
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["value"], body["count"], body["period_label"]) == (1012, 2, "Năm 2023")
    assert "rows" not in body or body["rows"] is None
    by_level = get_aggregate(
        client, province_admin, indicator=count.code, orgunit=tree.province.code,
        period="2023Q4", by="level",
    ).json()  # fmt: skip
    assert [(r["orgunit"], r["value"], r["count"]) for r in by_level["rows"]] == [
        ("XA-AB", 1012, 2),
        ("XA-BM", None, 0),
    ]


@pytest.mark.parametrize("by", [{}, {"by": "level"}, {"by": "level", "depth": 2}])
def test_the_answer_is_exactly_the_schema_s(client, tree, owner, province_admin, rate, by):
    # The view renders its answer without the schema's validation (a thousand rows under a
    # bloc committee): the shape must stay the one the schema documents, key for key.
    post_values(client, owner, [value(rate, tree.cell_a1, "12,5"), value(rate, tree.commune_a, 3)])
    response = get_aggregate(
        client, province_admin, indicator=rate.code, orgunit=tree.province.code,
        period="2023Q4", **by,
    )  # fmt: skip
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert list(body) == list(AggregateOut.model_fields)
    assert AggregateOut.model_validate(body).model_dump() == body
    assert response.content == json.dumps(body).encode()
    if by:
        assert body["rows"] and all(
            list(row) == list(FigureOut.model_fields) for row in body["rows"]
        )


def test_a_bad_row_answers_400_with_every_error_and_writes_nothing(client, tree, owner, count):
    response = post_values(
        client,
        owner,
        [
            value(count, tree.cell_a1, 1),
            value(count, tree.cell_b1, 2),
            value(count, tree.cell_a1, -3, "202311"),
        ],
    )
    assert response.status_code == 400
    body = response.json()
    assert "chưa ghi" in body["detail"]
    assert [(e["row"], e["field"]) for e in body["errors"]] == [(2, "orgunit"), (3, "value")]
    assert not DataValue.objects.exists()


def test_a_viewer_may_read_but_not_write(client, tree, member, count):
    response = post_values(client, member, [value(count, tree.cell_a1, 1)])
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "orgunit"
    response = get_aggregate(
        client, member, indicator=count.code, orgunit=tree.commune_a.code, period="202310"
    )
    assert response.status_code == 200 and response.json()["value"] is None


@pytest.mark.parametrize("unit", ["province", "commune_b", "cell_b1"])
def test_an_outsider_unit_reads_as_missing(client, tree, owner, count, unit):
    code = getattr(tree, unit).code
    response = get_aggregate(client, owner, indicator=count.code, orgunit=code, period="202310")
    assert response.status_code == 404
    missing = get_aggregate(
        client, owner, indicator=count.code, orgunit="KHONG-CO", period="202310"
    )
    assert missing.status_code == 404 and missing.json() == response.json()


def test_unknown_indicator_and_bad_period_are_explained(client, tree, owner, count):
    response = get_aggregate(
        client, owner, indicator="KHONG_CO", orgunit=tree.commune_a.code, period="2023"
    )
    assert response.status_code == 400 and "KHONG_CO" in response.json()["detail"]
    response = get_aggregate(
        client, owner, indicator=count.code, orgunit=tree.commune_a.code, period="2023-10"
    )
    assert response.status_code == 400 and "Mã kỳ không hợp lệ" in response.json()["detail"]


def test_custom_range_and_breakdown_option(client, tree, owner, by_level):
    rows = [
        {**value(by_level, tree.cell_a1, 2), "option": "SO_CAP"},
        {**value(by_level, tree.cell_a1, 5, "202312"), "option": "CAO_CAP"},
    ]
    assert post_values(client, owner, rows).status_code == 200
    body = get_aggregate(
        client, owner, indicator=by_level.code, orgunit=tree.commune_a.code,
        period="20231001-20231130",
    ).json()  # fmt: skip
    assert (body["value"], body["count"]) == (2, 1)
    body = get_aggregate(
        client, owner, indicator=by_level.code, orgunit=tree.commune_a.code, period="2023",
        option="CAO_CAP",
    ).json()  # fmt: skip
    assert body["value"] == 5


def test_the_catalogue_is_listed_with_its_breakdowns(client, member):
    response = client.get(
        "/api/indicators/", headers={"authorization": f"Bearer {make_token(member)}"}
    )
    assert response.status_code == 200
    by_code = {i["code"]: i for i in response.json()}
    assert by_code["HN_THONG_TIN_THOI_SU"]["unit_of_measure"] == "hội nghị"
    assert [o["code"] for o in by_code["DV_XEP_LOAI"]["options"]] == ["HTXS", "HTT", "HT", "KHT"]
    assert by_code["TY_LE_DV_HOC"]["formula"] == "DV_DUOC_HOC / DV_TONG * 100"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/api/indicators/", AGGREGATES + "?indicator=A&orgunit=B&period=2023"]
)
def test_reporting_endpoints_need_authentication(client, url):
    assert client.get(url).status_code == 401
    assert client.post(VALUES, "[]", content_type="application/json").status_code == 401


def test_a_value_overlapping_another_period_kind_is_refused(client, tree, owner, count):
    assert post_values(client, owner, [value(count, tree.cell_a1, 9, "2023Q4")]).status_code == 200
    response = post_values(client, owner, [value(count, tree.cell_a1, 3, "202311")])
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert (error["row"], error["field"]) == (1, "period") and "hai lần" in error["message"]
    assert DataValue.objects.get().period == "2023Q4"


def test_values_posted_name_their_token_as_their_source(client, tree, owner, count):
    assert post_values(client, owner, [value(count, tree.cell_a1, 9)]).status_code == 200
    stored = DataValue.objects.get()
    assert (stored.source, stored.source_note) == ("api", "test")
    assert stored.source_type.model == "apitoken"
