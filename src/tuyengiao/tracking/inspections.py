"""Writes for inspections (kiểm tra): the delegation, what it found in each unit, and the
recommendations that become follow-up tasks of the inspected units.

The inspecting unit's editors do all of it; the inspected units read what concerns them
(selectors) and report on the follow-up tasks like on any other.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import require_role
from tuyengiao.documents.models import Document
from tuyengiao.documents.selectors import documents_visible
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.tracking.models import InspectedUnit, Inspection, InspectionMember, Recommendation
from tuyengiao.tracking.services import TaskDraft, assignments_create, tasks_create


@dataclass
class MemberDraft:
    name: str
    role: str
    position: str = ""


def inspection_create(
    *,
    user,
    orgunit: OrgUnit,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    units: Sequence[OrgUnit],
    topics: str = "",
    documents: Sequence[Document] = (),
    members: Sequence[MemberDraft] = (),
) -> Inspection:
    """Register a delegation of `orgunit` to the `units` below it."""
    require_role(user, orgunit, role=Role.EDITOR)
    outside = [u.name for u in units if not u.path.startswith(orgunit.path) or u == orgunit]
    if outside:
        raise ValidationError(
            _("Chỉ kiểm tra được đơn vị trực thuộc %(unit)s: %(names)s.")
            % {"unit": orgunit, "names": ", ".join(outside[:5])},
            code="outside",
        )
    if not units:
        raise ValidationError(_("Chọn ít nhất một đơn vị được kiểm tra."), code="no_units")
    readable = set(documents_visible(user).filter(pk__in=[d.pk for d in documents]))
    if len(readable) != len(set(documents)):
        raise PermissionDenied(_("Bạn không được xem văn bản này."))
    inspection = Inspection(
        orgunit=orgunit,
        title=" ".join(title.split()),
        topics=topics.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=user,
    )
    if ends_on < starts_on:
        raise ValidationError(_("Ngày kết thúc trước ngày bắt đầu."), code="dates")
    inspection.full_clean()
    with transaction.atomic():
        inspection.save()
        inspection.documents.set(documents)
        for member in members:
            if member.name.strip():
                InspectionMember.objects.create(
                    inspection=inspection,
                    name=" ".join(member.name.split())[:120],
                    position=member.position.strip()[:160],
                    role=member.role,
                )
        InspectedUnit.objects.bulk_create(
            [InspectedUnit(inspection=inspection, orgunit=unit) for unit in units]
        )
    return inspection


def findings_save(*, user, inspected: InspectedUnit, strengths: str, shortcomings: str) -> None:
    """What the delegation found in one unit: strengths and shortcomings."""
    require_role(user, inspected.inspection.orgunit, role=Role.EDITOR)
    inspected.strengths = strengths.strip()
    inspected.shortcomings = shortcomings.strip()
    inspected.save(update_fields=["strengths", "shortcomings"])


def recommendation_add(
    *, user, inspected: InspectedUnit, text: str, deadline: datetime.date | None = None
) -> Recommendation:
    """A recommendation, and the follow-up task it becomes: set by the inspecting unit,
    assigned to the inspected unit, with the recommendation's deadline."""
    inspection = inspected.inspection
    require_role(user, inspection.orgunit, role=Role.EDITOR)
    text = text.strip()
    if not text:
        raise ValidationError(_("Kiến nghị chưa có nội dung."), code="empty")
    with transaction.atomic():
        [task] = tasks_create(
            user=user,
            orgunit=inspection.orgunit,
            document=None,
            drafts=[TaskDraft(title=text, description=text, deadline=deadline)],
        )
        task.inspection = inspection
        task.save(update_fields=["inspection", "updated_at"])
        assignments_create(user=user, task=task, units=[inspected.orgunit])
        return Recommendation.objects.create(
            inspected=inspected, text=text, deadline=deadline, task=task
        )
