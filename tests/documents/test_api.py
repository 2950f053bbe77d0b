"""The documents API: /api/documents/ (list, one, register) and /api/extract/."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.factories import RoleAssignmentFactory, UserFactory, make_token
from tuyengiao.accounts.models import Role
from tuyengiao.documents.models import Document, DocumentRelation, RelationKind, System
from tuyengiao.textkit.encodings import encode_legacy
from tuyengiao.textkit.pipeline import extract

LIST = "/api/documents/"
EXTRACT = "/api/extract/"

CONCLUSION = (
    "TỈNH ỦY SÔNG MÂY\n"
    "Số 88-KL/TU\n"
    "ĐẢNG CỘNG SẢN VIỆT NAM\n"
    "Sông Mây, ngày 05 tháng 9 năm 2023\n\n"
    "KẾT LUẬN\n"
    "của Ban Thường vụ Tỉnh ủy về tiếp tục thực hiện Nghị quyết số 09-NQ/TU, ngày "
    "18/10/2021 của Ban Chấp hành Đảng bộ tỉnh về xây dựng và phát triển văn hóa, con người "
    "Sông Mây giai đoạn 2021-2025\n\n"
    "Toàn tỉnh có 1.245 khu dân cư đạt chuẩn văn hóa, 89,8% gia đình đạt danh hiệu gia đình "
    "văn hóa.\n"
)


def detail(pk: int) -> str:
    return f"/api/documents/{pk}/"


def auth(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token(user)}"}


def get(client, user, url: str, **params):
    return client.get(url, params, headers=auth(user))


def post_json(client, user, url: str, data) -> object:
    return client.post(url, json.dumps(data), content_type="application/json", headers=auth(user))


@pytest.fixture
def docs(tree, site_admin):
    def make(symbol, unit, *, confidential=False, issued_on=None, **fields):
        return Document.objects.create(
            system=System.PARTY,
            number=symbol.split("-")[0],
            symbol=symbol,
            orgunit=unit,
            registered_by=site_admin,
            confidential=confidential,
            issued_on=issued_on,
            **fields,
        )

    found = {
        "resolution": make(
            "09-NQ/TU",
            tree.province,
            issued_on=datetime.date(2021, 10, 18),
            type_code="NQ",
            type_name="Nghị quyết",
            issuer_code="TU",
            issuer_unit=tree.province,
            title="về xây dựng và phát triển văn hóa, con người Sông Mây",
        ),
        "secret": make("10-NQ/TU", tree.province, confidential=True),
        "plan_a": make("01-KH/ĐU", tree.commune_a, issued_on=datetime.date(2023, 10, 2)),
        "secret_a": make("02-KH/ĐU", tree.commune_a, confidential=True),
        "plan_b": make("03-KH/ĐU", tree.commune_b),
    }
    return found


def relate(source, kind, target=None, *, symbol="", on=None):
    return DocumentRelation.objects.create(
        source=source,
        kind=kind,
        target=target,
        target_symbol=target.symbol if target else symbol,
        target_date=target.issued_on if target else on,
    )


# --- URLs, authentication ---------------------------------------------------------------


def test_urls_are_fixed():
    assert reverse("api:document_detail", args=[7]) == detail(7)
    assert reverse("api:extract") == EXTRACT


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url"), [("get", detail(1)), ("post", EXTRACT)])
def test_every_endpoint_needs_authentication(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 401
    assert "Chưa xác thực" in response.json()["detail"]


def test_session_posts_need_csrf(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(EXTRACT, {"text": CONCLUSION}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


# --- /api/documents/<id>/ ---------------------------------------------------------------


def test_detail_fields_and_links_both_ways(client, tree, docs, member):
    resolution, plan = docs["resolution"], docs["plan_a"]
    relate(plan, RelationKind.CONCRETIZES, resolution)
    relate(plan, RelationKind.CONTINUES, symbol="35-NQ/TW", on=datetime.date(2016, 10, 30))
    response = get(client, member, detail(plan.pk))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["symbol"] == "01-KH/ĐU"
    assert body["orgunit"] == tree.commune_a.pk
    assert body["orgunit_name"] == "Đảng ủy xã An Bình"
    assert body["issued_on"] == "2023-10-02"
    assert body["relations"] == [
        {
            "kind": "concretizes",
            "kind_name": "cụ thể hóa",
            "target_symbol": "09-NQ/TU",
            "target_id": resolution.pk,
            "target_date": "2021-10-18",
        },
        {
            "kind": "continues",
            "kind_name": "tiếp tục thực hiện",
            "target_symbol": "35-NQ/TW",
            "target_id": None,
            "target_date": "2016-10-30",
        },
    ]
    assert body["incoming"] == []
    upward = get(client, member, detail(resolution.pk)).json()
    assert upward["issuer_unit"] == tree.province.pk
    assert upward["type_name"] == "Nghị quyết"
    assert upward["incoming"] == [
        {
            "kind": "concretizes",
            "kind_name": "cụ thể hóa",
            "source_symbol": "01-KH/ĐU",
            "source_id": plan.pk,
            "source_date": "2023-10-02",
        }
    ]


def test_links_to_what_the_user_cannot_read_keep_the_symbol_only(client, docs, member):
    resolution = docs["resolution"]
    relate(docs["plan_b"], RelationKind.CONCRETIZES, resolution)
    relate(docs["secret_a"], RelationKind.IMPLEMENTS, resolution)
    relate(resolution, RelationKind.CONTINUES, docs["secret"])
    body = get(client, member, detail(resolution.pk)).json()
    assert [(r["source_symbol"], r["source_id"]) for r in body["incoming"]] == [
        ("03-KH/ĐU", None),
        ("02-KH/ĐU", None),
    ]
    assert [(r["target_symbol"], r["target_id"]) for r in body["relations"]] == [("10-NQ/TU", None)]


def test_outsider_gets_404_for_commune_a_documents(client, docs, outsider):
    for key in ("plan_a", "secret_a"):
        response = get(client, outsider, detail(docs[key].pk))
        assert response.status_code == 404
        assert response.json() == {"detail": "Không tìm thấy."}
    assert get(client, outsider, detail(docs["resolution"].pk)).status_code == 200


def test_confidential_only_for_approvers_of_the_holding_subtree(client, tree, docs, member):
    assert get(client, member, detail(docs["secret_a"].pk)).status_code == 404
    approver = UserFactory()
    RoleAssignmentFactory(user=approver, orgunit=tree.commune_a, role=Role.APPROVER)
    response = get(client, approver, detail(docs["secret_a"].pk))
    assert response.status_code == 200
    assert response.json()["confidential"] is True
    # A secret held above is not theirs to read.
    assert get(client, approver, detail(docs["secret"].pk)).status_code == 404


def test_missing_document_is_404(client, tree, site_admin):
    assert get(client, site_admin, detail(424242)).status_code == 404


# --- /api/extract/ ----------------------------------------------------------------------


def test_extract_returns_the_toolkit_json_exactly(client, member):
    response = post_json(client, member, EXTRACT, {"text": CONCLUSION})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.content.decode() == extract(CONCLUSION).to_json()
    body = response.json()
    assert {d["symbol"] for d in body["documents"]} >= {"88-KL/TU", "09-NQ/TU"}
    assert {"source": "88-KL/TU", "target": "09-NQ/TU"}.items() <= body["relations"][0].items()


@pytest.mark.django_db
def test_extract_reads_an_uploaded_legacy_file(client, member):
    upload = SimpleUploadedFile("ket-luan.txt", encode_legacy(CONCLUSION, "tcvn3"))
    response = client.post(EXTRACT, {"file": upload}, headers=auth(member))
    assert response.status_code == 200, response.content
    body = response.json()
    assert "Sông Mây" in body["text"]
    assert "88-KL/TU" in {d["symbol"] for d in body["documents"]}


@pytest.mark.parametrize(
    ("body", "content_type", "status", "words"),
    [
        ("{}", "application/json", 400, "Thiếu nội dung"),
        ('{"text": "   "}', "application/json", 400, "Thiếu nội dung"),
        ('{"text": 5}', "application/json", 400, "Thiếu nội dung"),
        ("{text", "application/json", 400, "JSON không hợp lệ"),
        ('["a"]', "application/json", 400, "đối tượng"),
        ("text=abc", "text/plain", 415, "multipart/form-data"),
    ],
)
def test_extract_refuses_bad_input_in_vietnamese(client, member, body, content_type, status, words):
    response = client.post(EXTRACT, body, content_type=content_type, headers=auth(member))
    assert response.status_code == status
    assert words in response.json()["detail"]


def test_extract_refuses_unreadable_and_oversized_input(client, member, monkeypatch):
    from tuyengiao.documents import api

    binary = SimpleUploadedFile("x.txt", bytes(range(256)) * 64)
    response = client.post(EXTRACT, {"file": binary}, headers=auth(member))
    assert response.status_code == 400
    assert "Không đọc được tệp" in response.json()["detail"]

    monkeypatch.setattr(api, "MAX_TEXT_CHARS", 100)
    response = post_json(client, member, EXTRACT, {"text": "a" * 101})
    assert response.status_code == 413
    assert "quá dài" in response.json()["detail"]
