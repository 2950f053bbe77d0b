"""The near-duplicate check wired into the product (issue 21 §1): the check run as a task,
its stored overlaps, the flags, and the pages that show an entry beside what it overlaps
with, for the organiser's staff only. Entries are made of real prose (the official texts of
tests/textkit/data/relations/dev/)."""

import datetime
import re
from pathlib import Path

import pytest
from asgiref.local import Local
from auditlog.models import LogEntry
from django.core.management import call_command
from django.tasks import task_backends
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tests.contests.conftest import submit
from tuyengiao.contests.models import Contest, EntryOverlap, OverlapCheck
from tuyengiao.contests.overlap_selectors import overlaps_flags, segments
from tuyengiao.contests.overlaps import overlaps_check_start
from tuyengiao.documents.models import Document, System
from tuyengiao.reports.models import JobStatus
from tuyengiao.textkit.normalize import normalize

PROSE = Path(__file__).resolve().parent.parent / "textkit" / "data" / "relations" / "dev"
_NAMES = (
    "b05_baomoi_ctr_nq57",
    "b17_mattran_quy_dinh_97_dang_doan",
    "baohatinh_tag_dong_luc",
    "hethongphapluat_06_hd_ubkttw",
    "luatvietnam_16_2001_ct_ttg",
    "hethongphapluat_128_2025_qd_ubnd_thanh_hoa",
    "tapchicongsan_hoi_nghi_kl01",
    "snnptnt_thuathienhue_27_ctr_tu",
    "thuviennhadat_1209_qd_ubnd_ha_giang",
    "luatminhkhue_2516_kh_ubnd_kon_tum",
)


def paragraphs(*indexes: int) -> list[str]:
    """The paragraphs (lines of 12 words or more) of the named texts."""
    out = []
    for index in indexes:
        for line in (PROSE / f"{_NAMES[index]}.txt").read_text(encoding="utf-8").splitlines():
            if len(line.split()) >= 12:
                out.append(" ".join(line.split()))
    return out


def words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def take(source: list[str], count: int) -> list[str]:
    """Leading paragraphs of about `count` words."""
    out: list[str] = []
    while len(out) < len(source) and sum(map(words, out)) < count:
        out.append(source[len(out)])
    return out


def essay(parts: list[str]) -> str:
    return "\n\n".join(parts)


@pytest.fixture
def open_contest(contest) -> Contest:
    """The province's contest without its 60-word limit: these essays are real ones."""
    contest.max_words = None
    contest.save()
    return contest


def document(unit, user, text, symbol="12-KH/TU", **fields) -> Document:
    return Document.objects.create(
        system=System.PARTY, number=symbol.split("-")[0], symbol=symbol, type_code="KH",
        issued_on=fields.pop("issued_on", datetime.date(2026, 3, 5)), orgunit=unit,
        registered_by=user, title="Kế hoạch tuyên truyền", full_text=text, **fields,
    )  # fmt: skip


@pytest.fixture
def essays(open_contest, tree, staff):
    """A long original, an essay copying a passage of it, an independent essay, and an
    essay copying a document of the province's registry."""
    original = paragraphs(0, 1, 2)
    copied = take(original[4:], 100)
    own = paragraphs(3)
    copier_text = essay(take(own, 80) + copied + own[len(take(own, 80)) :][:2])
    registry_text = essay(paragraphs(6))
    quoted = take(paragraphs(6)[2:], 150)
    entries = {
        "original": submit(open_contest, staff, tree.commune_a, author="Trần Văn An",
                           text=essay(original), title="Bài gốc"),
        "copier": submit(open_contest, staff, tree.commune_b, author="Lê Thị Bình",
                         text=copier_text, title="Bài chép"),
        "independent": submit(open_contest, staff, tree.commune_a, author="Phạm Văn Cường",
                              text=essay(paragraphs(4, 5)), title="Bài riêng"),
        "quoting": submit(open_contest, staff, tree.commune_b, author="Hoàng Thị Dung",
                          text=essay(take(paragraphs(8), 150) + quoted), title="Bài chép kế hoạch"),
    }  # fmt: skip
    doc = document(tree.province, staff, registry_text)
    return {"entries": entries, "copied": copied, "quoted": quoted, "document": doc}


def passage_words(paragraph: str) -> str:
    """A paragraph as a passage holds it: a passage ends with a word, not its full stop."""
    return normalize(paragraph).rstrip(".;:,")


def marks(html: str) -> str:
    return " ".join(re.findall(r"<mark[^>]*>(.*?)</mark>", html, flags=re.S))


def test_a_copied_essay_is_flagged_with_its_passages_and_an_original_is_not(
    client, open_contest, essays, staff
):
    check = overlaps_check_start(user=staff, contest=open_contest)
    assert check.status == JobStatus.FINISHED and check.done == check.total == 4
    assert (check.entries, check.documents) == (4, 1)
    entries = essays["entries"]
    flags = overlaps_flags(contest=open_contest)
    assert set(flags) == {entries["copier"].pk, entries["quoting"].pk}
    assert flags[entries["copier"].pk] >= 0.30
    overlap = EntryOverlap.objects.get(entry=entries["copier"])
    assert overlap.other_entry == entries["original"] and overlap.document is None
    assert overlap.other_share < 0.30  # the original's own share: not flagged
    # The copied paragraph lies inside a passage, on each side.
    middle = passage_words(essays["copied"][1])
    text, other = normalize(entries["copier"].text), normalize(entries["original"].text)
    assert any(middle in text[p[0] : p[1]] and middle in other[p[2] : p[3]]
               for p in overlap.passages)  # fmt: skip

    client.force_login(staff)
    page = client.get(reverse("contests:overlaps", args=[open_contest.pk])).content.decode()
    assert "Bài chép" in page and "Bài chép kế hoạch" in page and "12-KH/TU" in page
    assert f'id="flagged-{entries["original"].pk}"' not in page
    assert f'id="flagged-{entries["independent"].pk}"' not in page
    url = reverse("contests:overlap", args=[open_contest.pk, entries["copier"].pk])
    side = client.get(url).content.decode()
    marked = marks(side)
    # The copied passage is marked in both texts (its words, whatever the cut at its ends).
    assert marked.count(escape(middle)) == 2
    assert "Bài gốc" in side and "Lê Thị Bình" in side
    # The original beside it is not flagged: its page says so.
    url = reverse("contests:overlap", args=[open_contest.pk, entries["independent"].pk])
    assert 'id="overlap-none"' in client.get(url).content.decode()


def test_a_document_of_the_registry_copied_into_an_entry_is_found(
    client, open_contest, essays, staff
):
    overlaps_check_start(user=staff, contest=open_contest)
    quoting = essays["entries"]["quoting"]
    overlap = EntryOverlap.objects.get(entry=quoting)
    assert overlap.document == essays["document"] and overlap.other_entry is None
    client.force_login(staff)
    page = client.get(reverse("contests:overlap", args=[open_contest.pk, quoting.pk]))
    html = page.content.decode()
    assert reverse("documents:detail", args=[essays["document"].pk]) in html
    assert marks(html).count(escape(passage_words(essays["quoted"][1]))) == 2


def test_only_the_organisers_scope_of_the_registry_is_compared(
    open_contest, tree, staff, owner, outsider
):
    """Documents of the organiser, of a unit under it and above it count; a confidential one
    does not (the page would show it to staff who may not read it)."""
    text = essay(paragraphs(6))
    entry = submit(open_contest, staff, tree.commune_a, text=essay(take(paragraphs(8), 150)
                   + take(paragraphs(6)[2:], 150)))  # fmt: skip
    document(tree.province, staff, text, confidential=True)
    overlaps_check_start(user=staff, contest=open_contest)
    assert overlaps_flags(contest=open_contest) == {}
    document(tree.commune_b, staff, text, symbol="3-KH/DU")
    check = overlaps_check_start(user=staff, contest=open_contest)
    assert check.documents == 1 and set(overlaps_flags(contest=open_contest)) == {entry.pk}


def test_a_commune_contest_ignores_a_neighbours_registry(commune_contest, tree, owner, staff):
    commune_contest.max_words = None
    commune_contest.save()
    text = essay(paragraphs(6))
    submit(commune_contest, owner, tree.cell_a1, text=essay(take(paragraphs(8), 150)
           + take(paragraphs(6)[2:], 150)))  # fmt: skip
    document(tree.commune_b, staff, text, symbol="3-KH/DU")
    check = overlaps_check_start(user=owner, contest=commune_contest)
    assert check.documents == 0 and overlaps_flags(contest=commune_contest) == {}


def test_a_new_check_replaces_the_stored_overlaps(open_contest, essays, staff):
    first = overlaps_check_start(user=staff, contest=open_contest)
    second = overlaps_check_start(user=staff, contest=open_contest)
    assert second.pk != first.pk
    assert set(EntryOverlap.objects.values_list("check_run", flat=True)) == {second.pk}
    # Who ran it is in the audit trail; the derived rows are not.
    logged = LogEntry.objects.get_for_model(OverlapCheck).filter(object_pk=str(second.pk))
    assert {e.actor for e in logged} == {staff}
    assert not LogEntry.objects.get_for_model(EntryOverlap).exists()


def test_a_changed_text_is_measured_again_on_the_page(client, open_contest, essays, staff):
    overlaps_check_start(user=staff, contest=open_contest)
    doc = essays["document"]
    doc.full_text = "Lời mở đầu thêm vào.\n\n" + doc.full_text
    doc.save()
    client.force_login(staff)
    quoting = essays["entries"]["quoting"]
    html = client.get(reverse("contests:overlap", args=[open_contest.pk, quoting.pk])).content
    html = html.decode()
    assert 'id="overlap-remeasured"' in html
    assert marks(html).count(escape(passage_words(essays["quoted"][1]))) == 2


def test_the_text_is_escaped(client, open_contest, tree, staff):
    original = paragraphs(0, 1, 2)
    hostile = '<script>alert("x")</script> <img src=x onerror=alert(1)>'
    copied = take(original[4:], 100)
    copied[1] = copied[1] + " " + hostile
    submit(open_contest, staff, tree.commune_a, author="A", text=essay(original))
    copier = submit(open_contest, staff, tree.commune_b, author="B",
                    text=essay(take(paragraphs(3), 80) + copied), title="<b>Bài</b>")  # fmt: skip
    overlaps_check_start(user=staff, contest=open_contest)
    client.force_login(staff)
    for url in (reverse("contests:overlaps", args=[open_contest.pk]),
                reverse("contests:overlap", args=[open_contest.pk, copier.pk])):  # fmt: skip
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>Bài" not in html
        assert "&lt;b&gt;Bài&lt;/b&gt;" in html


def test_segments_mark_each_character_once():
    text = "abcdefghij"
    pieces = segments(text, [(6, 9), (2, 5), (3, 7)])
    assert "".join(p.text for p in pieces) == text
    assert [(p.text, p.passage) for p in pieces] == [
        ("ab", 0), ("cde", 2), ("fg", 3), ("hi", 1), ("j", 0)
    ]  # fmt: skip


# ---- progress --------------------------------------------------------------------------------


def test_a_running_check_is_polled_by_htmx(client, open_contest, staff):
    OverlapCheck.objects.create(
        contest=open_contest, created_by=staff, status=JobStatus.RUNNING, total=4, done=2
    )
    client.force_login(staff)
    url = reverse("contests:overlaps", args=[open_contest.pk])
    page = client.get(url).content.decode()
    assert f'hx-get="{url}"' in page and 'id="overlaps-bar"' in page
    assert 'value="2"' in page and "So sánh" in page
    assert 'id="overlaps-start"' not in page  # no second check while one runs
    part = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert part.startswith('<section id="overlaps-state"') and "<html" not in part
    # Asked again, the check under way is the answer, not a second one.
    client.post(reverse("contests:overlaps_check", args=[open_contest.pk]))
    assert OverlapCheck.objects.count() == 1


def test_a_check_lost_long_ago_does_not_block_a_new_one(open_contest, staff):
    lost = OverlapCheck.objects.create(contest=open_contest, created_by=staff,
                                       status=JobStatus.RUNNING, total=4, done=1)  # fmt: skip
    OverlapCheck.objects.filter(pk=lost.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=2)
    )
    check = overlaps_check_start(user=staff, contest=open_contest)
    assert check.pk != lost.pk and check.status == JobStatus.FINISHED


@pytest.fixture
def database_backend(settings, monkeypatch):
    """settings.TASKS as with TUYENGIAO_TASKS=database (as tests/reports/test_bulk.py)."""

    def reset():
        task_backends.__dict__.pop("settings", None)
        task_backends._connections = Local(task_backends.thread_critical)

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    reset()
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    yield
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    reset()


def test_with_the_database_backend_the_worker_runs_the_check(
    client, open_contest, essays, staff, database_backend
):
    client.force_login(staff)
    response = client.post(reverse("contests:overlaps_check", args=[open_contest.pk]))
    assert response.status_code == 302
    check = OverlapCheck.objects.get()
    assert check.status == JobStatus.QUEUED and check.done == 0 and check.task_id
    page = client.get(reverse("contests:overlaps", args=[open_contest.pk])).content.decode()
    assert "hx-get" in page and "Đọc các bài dự thi" in page
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    check.refresh_from_db()
    assert check.status == JobStatus.FINISHED and check.found == 2
    logged = LogEntry.objects.get_for_model(OverlapCheck).filter(object_pk=str(check.pk))
    assert {e.actor for e in logged} == {staff}  # the worker's save too


# ---- scope -----------------------------------------------------------------------------------


def pages(contest: Contest, entry_id: int) -> list[str]:
    return [
        reverse("contests:overlaps", args=[contest.pk]),
        reverse("contests:overlap", args=[contest.pk, entry_id]),
    ]


def test_the_province_contests_pages_are_its_staffs(
    client, open_contest, essays, staff, owner, member, outsider, judges
):
    copier = essays["entries"]["copier"]
    overlaps_check_start(user=staff, contest=open_contest)
    check_url = reverse("contests:overlaps_check", args=[open_contest.pk])
    for url in pages(open_contest, copier.pk):
        assert client.get(url).status_code == 302  # anonymous: to the login page
    assert client.post(check_url).status_code == 302
    client.force_login(staff)
    for url in pages(open_contest, copier.pk):
        assert client.get(url).status_code == 200
    # Communes see the contest (it comes down the tree), not its entries' overlaps.
    for user in (owner, member, outsider):
        client.force_login(user)
        for url in pages(open_contest, copier.pk):
            assert client.get(url).status_code == 403, (user, url)
        assert client.post(check_url).status_code == 403
    # A judge holds no role: the contest does not exist for these pages.
    client.force_login(judges[0])
    for url in pages(open_contest, copier.pk):
        assert client.get(url).status_code == 404
    assert client.post(check_url).status_code == 404
    assert OverlapCheck.objects.count() == 1


def test_a_commune_contests_pages_are_the_communes(
    client, commune_contest, tree, owner, member, outsider, judges, staff
):
    entry = submit(commune_contest, owner, tree.cell_a1)
    check_url = reverse("contests:overlaps_check", args=[commune_contest.pk])
    client.force_login(owner)
    assert client.post(check_url).status_code == 302
    assert OverlapCheck.objects.get().status == JobStatus.FINISHED
    client.force_login(member)  # a viewer reads the pages, does not start a check
    for url in pages(commune_contest, entry.pk):
        assert client.get(url).status_code == 200
    page = client.get(pages(commune_contest, entry.pk)[0]).content.decode()
    assert 'id="overlaps-start"' not in page
    assert client.post(check_url).status_code == 403
    for user in (outsider, judges[0]):
        client.force_login(user)
        for url in pages(commune_contest, entry.pk):
            assert client.get(url).status_code == 404
        assert client.post(check_url).status_code == 404
    # The province's editor is staff of the organiser through the unit above it.
    client.force_login(staff)
    assert client.get(pages(commune_contest, entry.pk)[0]).status_code == 200
    assert OverlapCheck.objects.count() == 1


def test_an_entry_of_another_contest_is_not_found(client, open_contest, commune_contest, tree,
                                                  owner, staff):  # fmt: skip
    other = submit(commune_contest, owner, tree.cell_a1)
    client.force_login(staff)
    url = reverse("contests:overlap", args=[open_contest.pk, other.pk])
    assert client.get(url).status_code == 404


def test_the_newest_documents_are_compared_within_the_bound(open_contest, tree, staff, monkeypatch):
    text = essay(paragraphs(6))
    entry = submit(open_contest, staff, tree.commune_a, text=essay(take(paragraphs(8), 150)
                   + take(paragraphs(6)[2:], 150)))  # fmt: skip
    document(tree.province, staff, text, symbol="1-KH/TU", issued_on=datetime.date(2020, 1, 1))
    document(tree.province, staff, essay(paragraphs(9)), symbol="2-KH/TU")
    monkeypatch.setattr("tuyengiao.contests.overlaps.MAX_DOCUMENTS", 1)
    check = overlaps_check_start(user=staff, contest=open_contest)
    assert check.documents == 1 and overlaps_flags(contest=open_contest) == {}
    monkeypatch.setattr("tuyengiao.contests.overlaps.MAX_DOCUMENTS", 2)
    check = overlaps_check_start(user=staff, contest=open_contest)
    assert check.documents == 2 and set(overlaps_flags(contest=open_contest)) == {entry.pk}


def test_a_failed_check_says_why_and_keeps_the_earlier_overlaps(
    client, open_contest, essays, staff, monkeypatch
):
    overlaps_check_start(user=staff, contest=open_contest)
    kept = set(EntryOverlap.objects.values_list("pk", flat=True))

    def broken(**_):
        raise RuntimeError("hỏng giữa chừng")

    monkeypatch.setattr("tuyengiao.contests.similarity.overlaps_find", broken)
    check = overlaps_check_start(user=staff, contest=open_contest)
    assert check.status == JobStatus.FAILED and "hỏng giữa chừng" in check.error
    assert set(EntryOverlap.objects.values_list("pk", flat=True)) == kept
    client.force_login(staff)
    page = client.get(reverse("contests:overlaps", args=[open_contest.pk])).content.decode()
    assert 'id="overlaps-error"' in page and 'id="overlaps-start"' in page
