"""Writes of report forms and their reports: a form and its layout saved by its owner's
administrator, and the workflow of a unit's report for a period: submission (which locks its
figures), approval at each level above, return with a reason, and the exceptions that let a
unit enter figures after the deadline. The rules they apply are read in `workflow`; every
write checks the user's role again and is audited.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import require_role
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting.builder import SETTINGS, FormFields, LayoutSection
from tuyengiao.reporting.collecting import report_collected, report_follow
from tuyengiao.reporting.models import (
    EntryException,
    FormItem,
    FormSection,
    ReportForm,
    Submission,
    SubmissionEvent,
)
from tuyengiao.reporting.validation import rules_check
from tuyengiao.reporting.workflow import (
    approver_level,
    entry_block,
    entry_locks,
    is_approver_above,
)
from tuyengiao.values.periods import Period

Status = Submission.Status
Action = SubmissionEvent.Action


def _event(submission: Submission, action: str, user, *, level=None, reason: str = "") -> None:
    SubmissionEvent.objects.create(
        submission=submission, action=action, level=level, reason=reason, by=user,
        at=submission.updated_at,
    )  # fmt: skip


def _locked(form: ReportForm, unit: OrgUnit, period: Period) -> Submission:
    entry_locks([(form.pk, period.code)], shared=False)
    submission, _created = Submission.objects.select_for_update().get_or_create(
        form=form, orgunit=unit, period=period.code, defaults={"updated_at": timezone.now()}
    )
    return submission


def submission_submit(*, user, form: ReportForm, unit: OrgUnit, period: Period) -> Submission:
    """Gửi báo cáo: lock the figures and put them before the level above."""
    require_role(
        user, unit, role=Role.EDITOR, message=_("Bạn không có quyền gửi báo cáo của đơn vị này.")
    )
    with transaction.atomic():
        submission = _locked(form, unit, period)
        if submission.is_locked:
            raise ValidationError(_("Báo cáo này đã được gửi."))
        block = entry_block(user=user, form=form, unit=unit, period=period, submission=submission)
        if block:
            raise ValidationError(block)
        serious = [v for v in rules_check(form=form, unit=unit, period=period) if v.is_serious]
        if serious:
            raise ValidationError(
                [_("Chưa gửi được: số liệu vi phạm quy tắc mức cao.")]
                + [violation.message for violation in serious]
            )
        submission.status = Status.SUBMITTED
        submission.approved_up_to = None
        submission.submitted_by, submission.updated_at = user, timezone.now()
        if submission.first_submitted_at is None:  # rows written without it: their last sending
            submission.first_submitted_at = submission.submitted_at or submission.updated_at
        submission.submitted_at = submission.updated_at
        submission.return_reason = ""
        submission.save()
        _event(submission, Action.SUBMIT, user)
    return submission


def submission_approve(*, user, submission: Submission) -> Submission:
    """Duyệt at the highest level the user approves for; the owner's approval is final."""
    form, unit = submission.form, submission.orgunit
    level = approver_level(user, form, unit)
    if level is None:
        raise PermissionDenied(_("Bạn không có quyền duyệt báo cáo này."))
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.status != Status.SUBMITTED:
            raise ValidationError(_("Chỉ duyệt được báo cáo đã gửi và đang chờ duyệt."))
        if submission.approved_up_to_id is not None and (
            submission.approved_up_to.level <= level.level  # type: ignore[union-attr]
        ):
            raise ValidationError(_("Báo cáo đã được duyệt ở cấp này."))
        final = level.pk == form.owner_id
        before = report_collected(submission) if final else {}
        submission.approved_up_to = level
        if final:
            submission.status = Status.APPROVED
        submission.updated_at = timezone.now()
        submission.save()
        if final:  # its figures join the approved sums
            report_follow(submission, before)
        _event(submission, Action.APPROVE, user, level=level)
    return submission


def submission_return(*, user, submission: Submission, reason: str) -> Submission:
    """Trả lại with a reason: the unit corrects and sends again; approvals start over."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Hãy ghi lý do trả lại để đơn vị biết cần sửa gì."))
    form, unit = submission.form, submission.orgunit
    level = approver_level(user, form, unit)
    if level is None:
        raise PermissionDenied(_("Bạn không có quyền trả lại báo cáo này."))
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.status == Status.APPROVED and level.pk != form.owner_id:
            raise ValidationError(_("Báo cáo đã được duyệt cấp cuối; chỉ cấp đó trả lại được."))
        if submission.status not in (Status.SUBMITTED, Status.APPROVED):
            raise ValidationError(_("Chỉ trả lại được báo cáo đã gửi."))
        was_approved = submission.status == Status.APPROVED
        before = report_collected(submission) if was_approved else {}
        submission.status, submission.return_reason = Status.RETURNED, reason
        submission.approved_up_to = None
        submission.updated_at = timezone.now()
        submission.save()
        if was_approved:  # its figures leave the approved sums
            report_follow(submission, before)
        _event(submission, Action.RETURN, user, level=level, reason=reason)
    return submission


def exception_grant(
    *, user, form: ReportForm, unit: OrgUnit, period: Period, until: datetime.date, reason: str
) -> EntryException:
    """Cho phép nhập ngoài thời hạn, by an approver of a level above the unit."""
    if not is_approver_above(user, unit):
        raise PermissionDenied(_("Chỉ cấp trên có quyền duyệt mới cho phép nhập ngoài hạn."))
    if until < timezone.localdate():
        raise ValidationError(_("Ngày được nhập đến đã qua."))
    if not reason.strip():
        raise ValidationError(_("Hãy ghi lý do cho phép nhập ngoài thời hạn."))
    exception, _created = EntryException.objects.update_or_create(
        form=form,
        orgunit=unit,
        period=period.code,
        defaults={
            "until": until,
            "reason": reason.strip(),
            "granted_by": user,
            "granted_at": timezone.now(),
        },
    )
    return exception


def report_form_save(
    *, user, form: ReportForm | None, fields: FormFields, layout: list[LayoutSection]
) -> ReportForm:
    """Create or change a form and lay out its sections again; audited like every model.

    The user administers the owner (and the old owner, for a change). A form whose reports
    were sent keeps its period kind: its periods and their submissions would no longer match.
    """
    denied = _("Bạn không quản trị đơn vị ban hành biểu mẫu này.")
    require_role(user, fields.owner, role=Role.UNIT_ADMIN, message=denied)
    if form is not None:  # and the old owner, for a change
        require_role(user, form.owner, role=Role.UNIT_ADMIN, message=denied)
    outside = [u.code for u in fields.units if not u.path.startswith(fields.owner.path)]
    if outside:
        raise ValidationError(
            _("Đơn vị %(codes)s không thuộc đơn vị ban hành.") % {"codes": ", ".join(outside)}
        )
    if form is None:
        form = ReportForm(code=fields.code)
    elif form.period_kind != fields.period_kind and form.submissions.exists():
        raise ValidationError(_("Biểu mẫu đã có báo cáo gửi lên nên không đổi được loại kỳ."))
    for name in SETTINGS:
        setattr(form, name, getattr(fields, name))
    form.full_clean()
    with transaction.atomic():
        form.save()
        form.unit_kinds.set(fields.unit_kinds)
        form.units.set(fields.units)
        _layout_save(form, layout)
    return form


def _layout_save(form: ReportForm, layout: list[LayoutSection]) -> None:
    """Sections and items written again in the order given; values stay with their
    indicators, so an indicator taken off a form keeps its figures."""
    form.items.all().delete()
    form.sections.all().delete()
    for order, part in enumerate(layout, start=1):
        section = FormSection.objects.create(form=form, title=part.title, sort_order=order)
        # One by one, not bulk_create: the audit trail records each row through its signals.
        for position, indicator in enumerate(part.indicators, start=1):
            FormItem.objects.create(
                form=form, section=section, indicator=indicator, sort_order=position
            )
