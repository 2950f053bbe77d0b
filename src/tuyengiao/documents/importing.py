"""Bulk registration of files as they come (`tuyengiao documents import`): each file is read,
prefilled and registered with no one to check the form, or skipped with the reason."""

from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from tuyengiao.documents.models import Document, DocumentRelation
from tuyengiao.documents.parsers import ParseError, parse_upload
from tuyengiao.documents.services import (
    DuplicateDocument,
    Prefill,
    document_prefill,
    document_register,
)
from tuyengiao.orgunits.models import OrgUnit


@dataclass
class ImportOutcome:
    """What became of one file: `document` is set when it was registered."""

    filename: str
    symbol: str = ""
    issued_on: date | None = None
    document: Document | None = None
    skipped: str = ""  # the reason, in Vietnamese
    linked: int = 0  # references that found their document, and placeholders it filled
    placeholders: int = 0  # references still waiting for their document


def document_import(
    *, user, orgunit: OrgUnit, filename: str, data: bytes, dry_run: bool = False
) -> ImportOutcome:
    """Read, prefill and register one file as it comes, with no one to check the form.

    A file is skipped (with the reason) when it has no text, names no document number, or
    is already registered among the documents `user` may read. With `dry_run` nothing is written.
    """
    outcome = ImportOutcome(filename)
    try:
        parsed = parse_upload(filename=filename, data=data)
    except ParseError as error:
        outcome.skipped = str(error)
        return outcome
    prefill = document_prefill(text=parsed.text, user=user)
    outcome.symbol, outcome.issued_on = prefill.symbol, prefill.issued_on
    if not prefill.symbol:
        outcome.skipped = _("không tìm thấy số, ký hiệu văn bản")
        return outcome
    if prefill.duplicate is not None:
        outcome.skipped = DuplicateDocument(prefill.duplicate).messages[0]
        return outcome
    if dry_run:
        outcome.placeholders = len(prefill.references)
        return outcome
    try:
        document = document_register(
            user=user,
            orgunit=orgunit,
            **_prefilled_fields(prefill),
            full_text=parsed.text,
            upload=ContentFile(data, name=PurePath(filename).name),
        )
    except ValidationError as error:
        outcome.skipped = "; ".join(error.messages)
        return outcome
    outcome.document = document
    outcome.placeholders = document.outgoing.filter(target__isnull=True).count()
    outcome.linked = document.outgoing.filter(target__isnull=False).count()
    outcome.linked += DocumentRelation.objects.filter(target=document).count()
    return outcome


def _prefilled_fields(prefill: Prefill) -> dict[str, Any]:
    return {
        "system": prefill.system,
        "symbol": prefill.symbol,
        "number": prefill.number,
        "type_code": prefill.type_code,
        "type_name": prefill.type_name,
        "year": prefill.year,
        "issuer_code": prefill.issuer_code,
        "issuer_name": prefill.issuer_name,
        "issuer_unit": prefill.issuer_unit,
        "issued_on": prefill.issued_on,
        "title": prefill.title,
        "references": prefill.references,
    }
