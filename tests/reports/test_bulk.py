"""The reports of every unit below, as background work: the job runs (at once with the
immediate backend, by `db_worker` with the database one), its .zip holds one .docx per unit
below, progress is counted on the job, and scope holds for the service, the API and the
pages (owner, member, outsider)."""

import io
import zipfile

import docx
import pytest
from asgiref.local import Local
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.tasks import task_backends
from django.urls import reverse

from tests.factories import OrgUnitFactory, make_token
from tuyengiao.reports import bulk
from tuyengiao.reports.bulk import archive_write, bulk_start, bulk_units, member_name
from tuyengiao.reports.models import BulkJob, GeneratedReport, JobStatus
from tuyengiao.values.periods import Period

MARCH = Period.month(2026, 3)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def auth(user):
    return {"authorization": f"Bearer {make_token(user)}"}


def members(job: BulkJob) -> dict[str, bytes]:
    with job.archive.open("rb") as file, zipfile.ZipFile(file) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def text_of(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


# ---- the zip, apart from the reports ------------------------------------------------------


def test_the_zip_holds_one_file_per_unit_and_counts_each(tree, province_admin):
    job = BulkJob.objects.create(orgunit=tree.province, period="202603",
                                 created_by=province_admin, total=2)  # fmt: skip
    seen = []

    def render(unit):
        seen.append(BulkJob.objects.get(pk=job.pk).done)
        return f"docx of {unit.code}".encode()

    out = io.BytesIO()
    archive_write(job=job, units=[tree.commune_a, tree.commune_b], render=render, out=out)
    with zipfile.ZipFile(out) as archive:
        assert archive.namelist() == ["XA-AB-202603.docx", "XA-BM-202603.docx"]
        assert archive.read("XA-BM-202603.docx") == b"docx of XA-BM"
    assert seen == [0, 1]  # progress moves as each report is written
    assert BulkJob.objects.get(pk=job.pk).done == 2


def test_a_member_name_keeps_only_what_a_file_name_holds(tree):
    tree.commune_a.code = "XA/AB 1"
    assert member_name(tree.commune_a, "2026Q1") == "XA-AB-1-2026Q1.docx"


# ---- the job, end to end with the real reports --------------------------------------------


def test_a_job_makes_the_draft_of_every_unit_below(tree, province_admin):
    job = bulk_start(user=province_admin, orgunit=tree.province, period=MARCH)
    assert job.status == JobStatus.FINISHED and job.finished_at is not None
    assert (job.done, job.total) == (2, 2)
    assert job.task_id
    files = members(job)
    assert sorted(files) == ["XA-AB-202603.docx", "XA-BM-202603.docx"]
    assert "DỰ THẢO" in text_of(files["XA-AB-202603.docx"])
    assert "XÃ AN BÌNH" in text_of(files["XA-AB-202603.docx"]).upper()
    drafts = GeneratedReport.objects.filter(period="202603", created_by=province_admin)
    assert {r.orgunit.code for r in drafts} == {"XA-AB", "XA-BM"}


def test_a_unit_closed_before_the_period_is_left_out(tree, province_admin):
    import datetime

    OrgUnitFactory(code="XA-CU", name="Đảng ủy xã Cũ", kind=tree.commune_a.kind,
                   parent=tree.province, closed_on=datetime.date(2025, 6, 30))  # fmt: skip
    units = bulk_units(user=province_admin, orgunit=tree.province, period=MARCH)
    assert [u.code for u in units] == ["XA-AB", "XA-BM"]


def test_an_owner_makes_those_of_its_own_units_only(tree, owner):
    job = bulk_start(user=owner, orgunit=tree.commune_a, period=MARCH)
    assert (job.done, job.total) == (1, 1)
    assert list(members(job)) == ["CB-A1-202603.docx"]
    with pytest.raises(PermissionDenied):
        bulk_start(user=owner, orgunit=tree.province, period=MARCH)


def test_a_viewer_or_an_outsider_may_not_start_one(tree, member, outsider):
    for user in (member, outsider):
        with pytest.raises(PermissionDenied):
            bulk_start(user=user, orgunit=tree.commune_a, period=MARCH)
    assert not BulkJob.objects.exists()


def test_a_report_that_fails_fails_the_job_naming_its_unit(tree, province_admin, monkeypatch):
    def broken(*, report):
        raise ValueError("mẫu hỏng")

    monkeypatch.setattr(bulk, "report_docx", broken)
    job = bulk_start(user=province_admin, orgunit=tree.province, period=MARCH)
    assert job.status == JobStatus.FAILED and job.finished_at is not None
    assert "Đảng ủy xã An Bình" in job.error and "mẫu hỏng" in job.error
    assert job.done == 0 and not job.archive


# ---- the database backend and its worker --------------------------------------------------


@pytest.fixture
def database_backend(settings, monkeypatch):
    """settings.TASKS as with TUYENGIAO_TASKS=database; Django keeps its backends once made,
    so they are made again from the setting, before and after."""

    def reset():
        task_backends.__dict__.pop("settings", None)
        task_backends._connections = Local(task_backends.thread_critical)

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    reset()
    # The worker drops a connection left in a transaction, as a request does; inside the
    # test's transaction that would be this test's own connection.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    yield
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    reset()


def test_with_the_database_backend_the_worker_runs_the_job(tree, province_admin,
                                                           database_backend):  # fmt: skip
    job = bulk_start(user=province_admin, orgunit=tree.province, period=MARCH)
    assert job.status == JobStatus.QUEUED and (job.done, job.total) == (0, 2)
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    job.refresh_from_db()
    assert job.status == JobStatus.FINISHED and job.done == 2
    assert sorted(members(job)) == ["XA-AB-202603.docx", "XA-BM-202603.docx"]
    # The worker has no request: the drafts' audit trail still names who started the job.
    entries = LogEntry.objects.get_for_model(GeneratedReport)
    assert entries.count() == 2 and {e.actor for e in entries} == {province_admin}


# ---- the API ------------------------------------------------------------------------------


def start_api(client, user, orgunit="TU", period="202603"):
    return client.post("/api/reports/bulk/", {"orgunit": orgunit, "period": period},
                       content_type="application/json", headers=auth(user))  # fmt: skip


def test_the_api_starts_a_job_and_gives_its_progress_and_zip(client, tree, province_admin):
    response = start_api(client, province_admin)
    assert response.status_code == 202, response.content
    job_id = response.json()["job"]
    assert list(response.json()) == ["job"]
    progress = client.get(f"/api/reports/bulk/{job_id}/", headers=auth(province_admin)).json()
    assert progress["done"] == 2 and progress["total"] == 2
    assert progress["status"] == "finished" and progress["orgunit"] == "TU"
    assert progress["zip"] == f"/api/reports/bulk/{job_id}/zip"
    download = client.get(progress["zip"], headers=auth(province_admin))
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert "bao-cao-TU-202603.zip" in download["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as archive:
        assert len(archive.namelist()) == 2


def test_the_api_gives_no_zip_before_the_job_is_done(client, tree, owner):
    job = BulkJob.objects.create(orgunit=tree.commune_a, period="202603", created_by=owner,
                                 total=3, done=1, status=JobStatus.RUNNING)  # fmt: skip
    progress = client.get(f"/api/reports/bulk/{job.pk}/", headers=auth(owner)).json()
    assert (progress["done"], progress["total"], progress["zip"]) == (1, 3, None)
    assert client.get(f"/api/reports/bulk/{job.pk}/zip", headers=auth(owner)).status_code == 404


def test_the_api_keeps_to_scope(client, tree, owner, member, outsider):
    assert start_api(client, member, orgunit="XA-AB").status_code == 403
    assert start_api(client, outsider, orgunit="XA-AB").status_code == 404
    assert start_api(client, owner, orgunit="TU").status_code == 404  # above its subtree
    assert start_api(client, owner, orgunit="XA-AB", period="tháng 13").status_code == 400
    job_id = start_api(client, owner, orgunit="XA-AB").json()["job"]
    for user, status in ((owner, 200), (member, 200), (outsider, 404)):
        url = f"/api/reports/bulk/{job_id}/"
        assert client.get(url, headers=auth(user)).status_code == status
        assert client.get(url + "zip", headers=auth(user)).status_code == status
    assert client.get(f"/api/reports/bulk/{job_id}/").status_code == 401


# ---- the pages ----------------------------------------------------------------------------


def test_the_page_starts_a_job_and_shows_its_progress_and_zip(client, tree, owner):
    client.force_login(owner)
    page = client.get(
        reverse("reports_bulk:new"), {"orgunit": tree.commune_a.pk, "period": "202603"}
    )
    assert page.status_code == 200 and 'id="bulk-form"' in page.content.decode()
    assert f'<option value="{tree.commune_a.pk}" selected' in page.content.decode()
    response = client.post(reverse("reports_bulk:new"),
                           {"orgunit": tree.commune_a.pk, "period": "202603"})  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    job = BulkJob.objects.get()
    assert response["Location"] == reverse("reports_bulk:job", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert '<progress id="bulk-bar" max="1" value="1"' in page
    assert 'id="bulk-zip"' in page and "hx-trigger" not in page  # done: no more polling
    download = client.get(reverse("reports_bulk:zip", args=[job.pk]))
    assert download.status_code == 200
    listing = client.get(reverse("reports_bulk:new")).content.decode()
    assert reverse("reports_bulk:job", args=[job.pk]) in listing


def test_a_running_job_is_polled_by_htmx(client, tree, owner):
    job = BulkJob.objects.create(orgunit=tree.commune_a, period="202603", created_by=owner,
                                 total=30, done=12, status=JobStatus.RUNNING)  # fmt: skip
    client.force_login(owner)
    url = reverse("reports_bulk:job", args=[job.pk])
    page = client.get(url).content.decode()
    assert f'hx-get="{url}"' in page and 'hx-trigger="every 2s"' in page
    assert 'max="30" value="12"' in page and 'id="bulk-zip"' not in page
    part = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert part.startswith('<section id="bulk-progress"') and "<html" not in part
    assert client.get(reverse("reports_bulk:zip", args=[job.pk])).status_code == 404


def test_the_pages_keep_to_scope(client, tree, owner, member, outsider):
    job = bulk_start(user=owner, orgunit=tree.commune_a, period=MARCH)
    urls = (reverse("reports_bulk:job", args=[job.pk]), reverse("reports_bulk:zip", args=[job.pk]))
    for url in (reverse("reports_bulk:new"), *urls):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(member)
    assert all(client.get(url).status_code == 200 for url in urls)
    page = client.get(reverse("reports_bulk:new")).content.decode()
    assert 'id="bulk-no-role"' in page  # a viewer sees the jobs, starts none
    response = client.post(reverse("reports_bulk:new"),
                           {"orgunit": tree.commune_a.pk, "period": "202603"})  # fmt: skip
    assert response.status_code == 400 and BulkJob.objects.count() == 1
    client.force_login(outsider)
    assert all(client.get(url).status_code == 404 for url in urls)
    response = client.post(reverse("reports_bulk:new"),
                           {"orgunit": tree.commune_a.pk, "period": "202603"})  # fmt: skip
    assert response.status_code == 400 and BulkJob.objects.count() == 1


def test_the_api_refuses_a_custom_period_before_starting_a_job(client, tree, province_admin):
    response = start_api(client, province_admin, period="20260101-20260630")
    assert response.status_code == 400, response.content
    assert "sơ kết" in response.json()["detail"]
    assert not BulkJob.objects.exists()
