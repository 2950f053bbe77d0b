"""The documents API: /api/documents/ (list, one, register) and /api/extract/."""

import datetime
import hashlib
import io
import json

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
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
    assert reverse("api:document_list") == LIST
    assert reverse("api:document_create") == LIST
    assert reverse("api:document_detail", args=[7]) == detail(7)
    assert reverse("api:extract") == EXTRACT


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "url"), [("get", LIST), ("get", detail(1)), ("post", LIST), ("post", EXTRACT)]
)
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


def test_links_out_of_sight_keep_the_symbol_and_links_in_from_out_of_sight_are_left_out(
    client, docs, member
):
    resolution = docs["resolution"]
    relate(docs["plan_b"], RelationKind.CONCRETIZES, resolution)
    relate(docs["secret_a"], RelationKind.IMPLEMENTS, resolution)
    relate(resolution, RelationKind.CONTINUES, docs["secret"])
    body = get(client, member, detail(resolution.pk)).json()
    # A neighbour's plan and a secret plan answering it are not the member's to know.
    assert body["incoming"] == []
    assert [(r["target_symbol"], r["target_id"]) for r in body["relations"]] == [("10-NQ/TU", None)]


def test_outsider_gets_404_for_commune_a_documents(client, docs, outsider):
    for key in ("plan_a", "secret_a"):
        response = get(client, outsider, detail(docs[key].pk))
        assert response.status_code == 404
        assert response.json() == {"detail": "Không tìm thấy.", "errors": []}
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


def test_extract_returns_the_toolkit_json_exactly(client, owner):
    response = post_json(client, owner, EXTRACT, {"text": CONCLUSION})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.content.decode() == extract(CONCLUSION).to_json()
    body = response.json()
    assert {d["symbol"] for d in body["documents"]} >= {"88-KL/TU", "09-NQ/TU"}
    assert {"source": "88-KL/TU", "target": "09-NQ/TU"}.items() <= body["relations"][0].items()


@pytest.mark.django_db
def test_extract_reads_an_uploaded_legacy_file(client, owner):
    upload = SimpleUploadedFile("ket-luan.txt", encode_legacy(CONCLUSION, "tcvn3"))
    response = client.post(EXTRACT, {"file": upload}, headers=auth(owner))
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
def test_extract_refuses_bad_input_in_vietnamese(client, owner, body, content_type, status, words):
    response = client.post(EXTRACT, body, content_type=content_type, headers=auth(owner))
    assert response.status_code == status
    assert words in response.json()["detail"]


def test_extract_refuses_unreadable_and_oversized_input(client, owner, monkeypatch):
    from tuyengiao.documents import api

    binary = SimpleUploadedFile("x.txt", bytes(range(256)) * 64)
    response = client.post(EXTRACT, {"file": binary}, headers=auth(owner))
    assert response.status_code == 400
    assert "Không đọc được “x.txt”" in response.json()["detail"]

    monkeypatch.setattr(api, "MAX_TEXT_CHARS", 100)
    response = post_json(client, owner, EXTRACT, {"text": "a" * 101})
    assert response.status_code == 413
    assert "quá dài" in response.json()["detail"]


# --- GET /api/documents/ ----------------------------------------------------------------


def symbols(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["symbol"] for item in response.json()["items"]]


def test_search_without_diacritics_highlights_and_counts(client, docs, member):
    response = get(client, member, LIST, q="phat trien van hoa con nguoi")
    assert symbols(response) == ["09-NQ/TU"]
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == docs["resolution"].pk
    assert item["type_code"] == "NQ"
    assert item["score"] > 0
    assert item["title_html"] == (
        "về xây dựng và <mark>phát</mark> <mark>triển</mark> <mark>văn</mark> <mark>hóa</mark>, "
        "<mark>con</mark> <mark>người</mark> Sông Mây"
    )


def test_list_without_query_is_newest_first_and_paginated(client, docs, member):
    assert symbols(get(client, member, LIST)) == ["01-KH/ĐU", "09-NQ/TU"]
    page = get(client, member, LIST, limit=1, offset=1).json()
    assert (page["count"], page["capped"]) == (2, False)
    assert [item["symbol"] for item in page["items"]] == ["09-NQ/TU"]


def test_a_capped_count_says_so(client, docs, member, monkeypatch):
    from tuyengiao.documents import search

    monkeypatch.setattr(search, "MAX_TOTAL", 1)
    page = get(client, member, LIST).json()
    assert (page["count"], page["capped"]) == (1, True)


def test_list_filters(client, docs, member):
    relate(docs["plan_a"], RelationKind.CONCRETIZES, docs["resolution"])
    assert symbols(get(client, member, LIST, symbol="09-nq")) == ["09-NQ/TU"]
    assert symbols(get(client, member, LIST, type="nq")) == ["09-NQ/TU"]
    assert symbols(get(client, member, LIST, issuer="TU")) == ["09-NQ/TU"]
    assert symbols(get(client, member, LIST, year=2023)) == ["01-KH/ĐU"]
    assert symbols(get(client, member, LIST, relation="concretizes")) == ["01-KH/ĐU", "09-NQ/TU"]
    assert symbols(get(client, member, LIST, relation="repeals")) == []


def test_list_refuses_bad_filters(client, docs, member):
    assert get(client, member, LIST, relation="nonsense").status_code == 422
    assert get(client, member, LIST, limit=1000).status_code == 422


def test_outsider_search_never_shows_commune_a(client, docs, outsider):
    # Sorted: where an undated document falls in "newest first" differs between databases.
    assert sorted(symbols(get(client, outsider, LIST))) == ["03-KH/ĐU", "09-NQ/TU"]
    for query in ("01-KH", "02-KH", "KH/ĐU"):
        assert "01-KH/ĐU" not in symbols(get(client, outsider, LIST, q=query))
        assert symbols(get(client, outsider, LIST, symbol=query)) in ([], ["03-KH/ĐU"])


def test_secrets_are_listed_only_for_those_who_may_read_them(client, tree, docs, member):
    assert "02-KH/ĐU" not in symbols(get(client, member, LIST, q="02-KH"))
    approver = UserFactory()
    RoleAssignmentFactory(user=approver, orgunit=tree.commune_a, role=Role.APPROVER)
    assert symbols(get(client, approver, LIST, symbol="02-KH")) == ["02-KH/ĐU"]


# --- POST /api/documents/ ---------------------------------------------------------------

PLAN = (
    "ĐẢNG ỦY XÃ AN BÌNH\n"
    "Số 05-KH/ĐU\n"
    "An Bình, ngày 02 tháng 10 năm 2023\n\n"
    "KẾ HOẠCH\n"
    "cụ thể hóa Kết luận số 88-KL/TU, ngày 05/9/2023 của Ban Thường vụ Tỉnh ủy về tiếp tục "
    "thực hiện Nghị quyết số 09-NQ/TU\n"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, user, text: str, *, name="van-ban.txt", encoding="utf-8", **fields):
    data = text.encode() if encoding == "utf-8" else encode_legacy(text, encoding)
    form = {"file": SimpleUploadedFile(name, data, content_type="text/plain"), **fields}
    return client.post(LIST, form, headers=auth(user))


@pytest.mark.parametrize("typed", ["2/10/2023", "02.10.2023", "02-10-2023", "2023-10-02"])
def test_the_issue_date_is_read_as_the_date_boxes_read_it(client, tree, owner, typed):
    fields = {"orgunit": tree.commune_a.pk, "symbol": "06-KH/ĐU", "issued_on": typed}
    response = post_json(client, owner, LIST, fields)
    assert response.status_code == 201, response.content
    assert response.json()["issued_on"] == "2023-10-02"


def test_register_from_json_fields(client, tree, docs, owner):
    response = post_json(
        client,
        owner,
        LIST,
        {
            "orgunit": tree.commune_a.pk,
            "symbol": "05-kh/đu",
            "issued_on": "02/10/2023",
            "title": "thực hiện Nghị quyết về văn hóa",
            "references": [
                {"kind": "concretizes", "target_symbol": "09-NQ/TU", "target_date": "2021-10-18"},
                {"kind": "continues", "target_symbol": "35-NQ/TW"},
            ],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    document = Document.objects.get(pk=body["id"])
    assert (document.symbol, document.system, document.number) == ("05-KH/ĐU", "party", "05")
    assert (document.type_code, document.issuer_code) == ("KH", "ĐU")
    assert document.issued_on == datetime.date(2023, 10, 2)
    assert (document.orgunit, document.registered_by) == (tree.commune_a, owner)
    assert [(r["target_symbol"], r["target_id"]) for r in body["relations"]] == [
        ("09-NQ/TU", docs["resolution"].pk),
        ("35-NQ/TW", None),
    ]
    assert get(client, owner, detail(document.pk)).json() == body


def test_register_an_upload_reads_its_header_and_links_both_ways(
    client, tree, docs, province_admin, owner
):
    plan = upload(client, owner, PLAN, orgunit=tree.commune_a.pk)
    assert plan.status_code == 201, plan.content
    assert [(r["kind"], r["target_symbol"], r["target_id"]) for r in plan.json()["relations"]] == [
        ("concretizes", "88-KL/TU", None)
    ]
    response = upload(
        client,
        province_admin,
        CONCLUSION,
        name="kl88.txt",
        encoding="tcvn3",
        orgunit=tree.province.pk,
        summary="Tóm tắt",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["symbol"] == "88-KL/TU"
    assert body["issued_on"] == "2023-09-05"
    assert (body["system"], body["type_code"], body["type_name"]) == ("party", "KL", "Kết luận")
    assert body["summary"] == "Tóm tắt"
    assert "Sông Mây" in body["full_text"]
    assert [(r["kind"], r["target_id"]) for r in body["relations"]] == [
        ("continues", docs["resolution"].pk)
    ]
    # The plan registered before it now points at it, and shows up as a link to it.
    assert [(r["source_symbol"], r["source_id"]) for r in body["incoming"]] == [
        ("05-KH/ĐU", plan.json()["id"])
    ]
    [attachment] = body["attachments"]
    assert attachment["filename"] == "kl88.txt"
    assert attachment["sha256"] == hashlib.sha256(encode_legacy(CONCLUSION, "tcvn3")).hexdigest()


def test_fields_sent_with_an_upload_win_over_the_header(client, tree, province_admin):
    response = upload(
        client,
        province_admin,
        CONCLUSION,
        orgunit=tree.province.pk,
        issued_on="2023-09-06",
        title="về văn hóa",
        references="[]",
        confidential="true",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["issued_on"], body["title"], body["confidential"]) == (
        "2023-09-06",
        "về văn hóa",
        True,
    )
    assert body["relations"] == []


def test_register_a_duplicate_is_409_with_the_first(client, tree, docs, owner, outsider):
    first = {"orgunit": tree.commune_a.pk, "symbol": "01-KH/ĐU", "issued_on": "2023-10-02"}
    response = post_json(client, owner, LIST, first)
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Văn bản 01-KH/ĐU (ngày ban hành: 02/10/2023) đã được đăng ký.",
        "existing_id": docs["plan_a"].pk,
    }
    # Someone who may not read the first learns nothing of it: they register their own
    # record, answered exactly as any registration (issue 15, item 7).
    response = post_json(client, outsider, LIST, {**first, "orgunit": tree.commune_b.pk})
    assert response.status_code == 201, response.content
    assert response.json()["orgunit"] == tree.commune_b.pk
    assert response.json()["id"] != docs["plan_a"].pk


def test_register_the_identity_of_a_confidential_document_above(client, tree, docs, owner):
    """A commune registering the symbol and date of the province's confidential plan gets
    201 and its own record, not 409 "đã được đăng ký"."""
    secret = Document.objects.create(
        system="party", number="100", symbol="100-KH/TU", issued_on=datetime.date(2026, 3, 2),
        orgunit=tree.province, registered_by=docs["plan_a"].registered_by, confidential=True,
    )  # fmt: skip
    fields = {"orgunit": tree.commune_a.pk, "symbol": "100-KH/TU", "issued_on": "02/03/2026"}
    response = post_json(client, owner, LIST, fields)
    assert response.status_code == 201, response.content
    assert response.json()["id"] != secret.pk
    assert response.json()["confidential"] is False
    # The second time, the duplicate is the commune's own record, which the owner reads.
    response = post_json(client, owner, LIST, fields)
    assert response.status_code == 409
    own = Document.objects.get(orgunit=tree.commune_a, symbol="100-KH/TU")
    assert response.json()["existing_id"] == own.pk


def test_register_needs_the_editor_role_on_the_unit(client, tree, member, outsider, owner):
    fields = {"symbol": "07-KH/ĐU", "issued_on": "2024-01-02"}
    for user, unit_id in (
        (member, tree.commune_a.pk),
        (outsider, tree.commune_a.pk),
        (outsider, tree.cell_a1.pk),
        (owner, tree.province.pk),
        (owner, 424242),
    ):
        response = post_json(client, user, LIST, {**fields, "orgunit": unit_id})
        assert response.status_code == 403, (user, unit_id)
        assert "Không có quyền" in response.json()["detail"]
    assert not Document.objects.filter(symbol="07-KH/ĐU").exists()
    editor = UserFactory()
    RoleAssignmentFactory(user=editor, orgunit=tree.cell_a1, role=Role.EDITOR)
    response = post_json(client, editor, LIST, {**fields, "orgunit": tree.cell_a1.pk})
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"symbol": "07-KH/ĐU"}, {"orgunit": ["Bắt buộc."]}),
        (
            {"orgunit": "x", "issued_on": "32/13/2024"},
            {
                "orgunit": ["Phải là số nguyên."],
                "issued_on": ["Ngày không hợp lệ (yyyy-mm-dd hoặc dd/mm/yyyy)."],
            },
        ),
        (
            {
                "orgunit": 0,
                "symbol": "07-KH/ĐU",
                "references": [{"kind": "x", "target_symbol": "a"}],
            },
            {
                "references.0.kind": [
                    "Phải là một trong: 'continues', 'concretizes', 'implements', "
                    "'guides', 'repeals', 'amends' hoặc 'replaces'."
                ]
            },
        ),
        ({"orgunit": 0}, {"symbol": ["Cần nhập số, ký hiệu văn bản."]}),
        ({"orgunit": 0, "symbol": "abc"}, {"number": ["Cần nhập số văn bản."]}),
    ],
)
def test_register_refuses_bad_input_in_vietnamese(client, tree, owner, fields, errors):
    fields = {k: tree.commune_a.pk if v == 0 else v for k, v in fields.items()}
    response = post_json(client, owner, LIST, fields)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"] == "Dữ liệu không hợp lệ."
    assert _by_field(body["errors"]) == errors


def _by_field(errors: list[dict]) -> dict[str, list[str]]:
    """The API's error items ({field, message, row}) grouped by field."""
    grouped: dict[str, list[str]] = {}
    for error in errors:
        assert error["row"] is None
        grouped.setdefault(error["field"], []).append(error["message"])
    return grouped


def test_register_refuses_an_issuer_unit_out_of_scope(client, tree, owner):
    fields = {"orgunit": tree.commune_a.pk, "symbol": "07-KH/ĐU"}
    response = post_json(client, owner, LIST, {**fields, "issuer_unit": tree.commune_b.pk})
    assert response.status_code == 400
    assert _by_field(response.json()["errors"]) == {
        "issuer_unit": ["Đơn vị ban hành không có trong phạm vi."]
    }
    response = post_json(client, owner, LIST, {**fields, "issuer_unit": tree.province.pk})
    assert response.status_code == 201
    assert response.json()["issuer_unit"] == tree.province.pk


def test_register_refuses_an_unreadable_upload(client, tree, owner):
    response = upload(client, owner, "", name="scan.doc", orgunit=tree.commune_a.pk)
    assert response.status_code == 400
    assert "rỗng" in response.json()["detail"]


def test_token_registration_is_audited_as_the_token_user(client, tree, owner):
    response = post_json(client, owner, LIST, {"orgunit": tree.commune_a.pk, "symbol": "07-KH/ĐU"})
    assert response.status_code == 201
    entry = LogEntry.objects.get_for_object(Document.objects.get(pk=response.json()["id"])).get()
    assert entry.actor == owner


def test_register_from_a_pasted_text(client, tree, owner):
    response = post_json(client, owner, LIST, {"orgunit": tree.commune_a.pk, "full_text": PLAN})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["symbol"], body["issued_on"], body["type_code"]) == (
        "05-KH/ĐU",
        "2023-10-02",
        "KH",
    )
    assert body["full_text"].startswith("ĐẢNG ỦY XÃ AN BÌNH")
    assert body["attachments"] == []


def test_a_refused_user_is_told_before_the_file_is_read(client, tree, member):
    response = upload(client, member, "", name="scan.doc", orgunit=tree.commune_a.pk)
    assert response.status_code == 403


def test_extract_reads_a_docx(client, owner):
    import docx

    document = docx.Document()
    for line in CONCLUSION.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    upload = SimpleUploadedFile("kl88.docx", buffer.getvalue())
    response = client.post(EXTRACT, {"file": upload}, headers=auth(owner))
    assert response.status_code == 200, response.content
    assert "88-KL/TU" in {d["symbol"] for d in response.json()["documents"]}


def test_openapi_describes_both_bodies_and_the_filters(client, member):
    client.force_login(member)
    paths = client.get("/api/openapi.json").json()["paths"]
    listing = paths["/api/documents/"]["get"]
    assert {p["name"] for p in listing["parameters"]} == {
        "q", "symbol", "type", "issuer", "year", "relation", "limit", "offset",
    }  # fmt: skip
    create = paths["/api/documents/"]["post"]
    assert set(create["responses"]) == {"201", "400", "401", "403", "409", "413", "415"}
    content = create["requestBody"]["content"]
    assert content["application/json"]["schema"]["required"] == ["orgunit"]
    assert content["multipart/form-data"]["schema"]["properties"]["file"]["format"] == "binary"
    kinds = content["application/json"]["schema"]["properties"]["references"]
    assert "$ref" not in json.dumps(kinds)
    assert set(paths["/api/extract/"]["post"]["requestBody"]["content"]) == {
        "application/json",
        "multipart/form-data",
    }


def test_done_when_upload_find_without_diacritics_and_follow_the_links(
    client, tree, docs, province_admin, member
):
    created = upload(client, province_admin, CONCLUSION, orgunit=tree.province.pk).json()
    found = get(client, member, LIST, q="ket luan tiep tuc phat trien van hoa song may")
    assert symbols(found)[0] == "88-KL/TU"
    conclusion = get(client, member, detail(found.json()["items"][0]["id"])).json()
    assert conclusion["id"] == created["id"]
    [link] = conclusion["relations"]
    resolution = get(client, member, detail(link["target_id"])).json()
    assert resolution["symbol"] == "09-NQ/TU"
    assert [r["source_id"] for r in resolution["incoming"]] == [created["id"]]


def test_attachments_download_through_the_api_in_scope_only(client, tree, owner, outsider):
    created = upload(client, owner, PLAN, name="kh05.txt", orgunit=tree.commune_a.pk).json()
    [attachment] = created["attachments"]
    assert attachment["url"] == f"/api/documents/attachments/{attachment['id']}/"
    response = get(client, owner, attachment["url"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PLAN.encode()
    assert "kh05.txt" in response["Content-Disposition"]
    assert get(client, outsider, attachment["url"]).status_code == 404


def test_register_finds_the_issuing_unit_unless_one_is_sent(client, tree, owner):
    """Issue 15, item 14, as on the form: the header's issuer found in the tree among the
    units the caller may choose, with the year of its date; a unit sent (or null) wins."""
    text = "ĐẢNG BỘ TỈNH THỬ\nĐẢNG ỦY XÃ AN BÌNH\n*\nSố 31-KH/ĐU\nAn Bình, ngày 02/3/2026\n"
    response = post_json(client, owner, LIST, {"orgunit": tree.commune_a.pk, "full_text": text})
    assert response.status_code == 201, response.content
    assert (response.json()["issuer_unit"], response.json()["year"]) == (tree.commune_a.pk, 2026)
    sent = {"orgunit": tree.commune_a.pk, "full_text": text.replace("31-", "32-")}
    response = post_json(client, owner, LIST, {**sent, "issuer_unit": None})
    assert response.status_code == 201, response.content
    assert response.json()["issuer_unit"] is None
    sent["full_text"] = text.replace("31-", "33-")
    response = post_json(client, owner, LIST, {**sent, "issuer_unit": tree.province.pk})
    assert response.status_code == 201, response.content
    assert response.json()["issuer_unit"] == tree.province.pk


@pytest.mark.parametrize("issuer_sent", [False, True])
def test_a_registration_looks_the_document_and_its_issuer_up_once_at_most(
    client, tree, owner, issuer_sent
):
    """The header is read for its fields: whether the document is registered already is
    asked once, by the registration under its lock, and the header's issuer is looked for in
    the tree only when the caller sent none."""
    text = "ĐẢNG BỘ TỈNH THỬ\nĐẢNG ỦY XÃ AN BÌNH\n*\nSố 31-KH/ĐU\nAn Bình, ngày 02/3/2026\n"
    sent = {"orgunit": tree.commune_a.pk, "full_text": text}
    if issuer_sent:
        sent["issuer_unit"] = tree.province.pk
    with CaptureQueriesContext(connection) as captured:
        response = post_json(client, owner, LIST, sent)
    assert response.status_code == 201, response.content
    sqls = [query["sql"] for query in captured]
    identity = [s for s in sqls if 'FROM "documents_document"' in s and '."symbol" =' in s]
    assert len(identity) == 1, identity
    issuer = [s for s in sqls if "%dang uy xa an binh%" in s]  # the header's, folded
    assert len(issuer) == (0 if issuer_sent else 1), issuer
