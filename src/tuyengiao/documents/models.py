"""The document registry: directives and plans, their files, and the links between them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuyengiao.orgunits.models import OrgUnit


class System(models.TextChoices):
    PARTY = "party", _("Văn bản của Đảng")
    STATE = "state", _("Văn bản của Nhà nước")


class RelationKind(models.TextChoices):
    """How one document relates to another, as the texts say it (DOMAIN.md §1)."""

    CONTINUES = "continues", _("tiếp tục thực hiện")
    CONCRETIZES = "concretizes", _("cụ thể hóa")
    IMPLEMENTS = "implements", _("thực hiện")
    GUIDES = "guides", _("hướng dẫn thực hiện")
    REPEALS = "repeals", _("bãi bỏ")
    AMENDS = "amends", _("sửa đổi, bổ sung")
    REPLACES = "replaces", _("thay thế")


class Document(models.Model):
    """Văn bản: a nghị quyết, kết luận, chỉ thị, quy định, hướng dẫn, kế hoạch, thông tư…

    A Party symbol restarts its numbering every term, so the identity of a document is
    (symbol, issue date), not the symbol alone. `orgunit` is the unit that holds the record
    in this system (who registered it); `issuer_unit` is the issuing organ when it is a unit
    of the tree, else `issuer_name` names it.
    """

    system = models.CharField(_("hệ thống"), max_length=10, choices=System.choices)
    type_code = models.CharField(_("mã loại"), max_length=10, blank=True)
    type_name = models.CharField(_("loại văn bản"), max_length=60, blank=True)
    number = models.CharField(_("số"), max_length=20)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    issuer_code = models.CharField(_("mã cơ quan ban hành"), max_length=40, blank=True)
    issuer_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_documents",
        verbose_name=_("đơn vị ban hành"),
    )
    issuer_name = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    symbol = models.CharField(_("số, ký hiệu"), max_length=60, db_index=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.TextField(_("trích yếu"), blank=True)
    summary = models.TextField(_("tóm tắt"), blank=True)
    full_text = models.TextField(_("toàn văn"), blank=True)
    confidential = models.BooleanField(_("văn bản mật"), default=False)
    orgunit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("đơn vị quản lý"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="registered_documents",
        verbose_name=_("người đăng ký"),
    )
    registered_at = models.DateTimeField(_("ngày đăng ký"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        constraints = [
            # Not (symbol, issued_on) over the whole registry: a user who may not read a
            # record registers their own, or the refusal would tell them it exists
            # (docs/design/document-visibility.md). The service refuses what the user may
            # read; the database, what every editor of the unit reads. NULLs are distinct
            # here: a symbol without a date is checked by the service alone.
            models.UniqueConstraint(
                fields=["symbol", "issued_on", "orgunit"],
                condition=models.Q(confidential=False),
                name="document_unique_in_unit",
            ),
        ]
        indexes = [
            models.Index(fields=["orgunit", "issued_on"]),
            # The registry's default listing, newest first, at 200,000 documents.
            models.Index(fields=["-issued_on", "-id"], name="document_newest_first"),
            # The search page's filter choices (documents.forms._distinct): each value found
            # by one seek, and whether a document the user reads carries it without a row.
            models.Index(fields=["type_code", "orgunit", "confidential"], name="document_type"),
            models.Index(fields=["issuer_code", "orgunit", "confidential"], name="document_issuer"),
            models.Index(fields=["year", "orgunit", "confidential"], name="document_year"),
        ]

    def __str__(self) -> str:
        return self.symbol


class Attachment(models.Model):
    """Tệp đính kèm: the uploaded file a document was read from, or a file added later."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to="documents/%Y/%m/")
    filename = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self) -> str:
        return self.filename


class DocumentRelation(models.Model):
    """Liên kết văn bản: `source` continues/implements/… `target`.

    A reference to a document not yet registered keeps `target` empty and the symbol (and
    date when known) in `target_symbol`/`target_date`: a placeholder ("chưa có trong hệ
    thống") that links itself when that document is registered.
    """

    source = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="outgoing", verbose_name=_("văn bản")
    )
    kind = models.CharField(_("quan hệ"), max_length=20, choices=RelationKind.choices)
    target = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incoming",
        verbose_name=_("văn bản liên quan"),
    )
    target_symbol = models.CharField(_("số, ký hiệu liên quan"), max_length=60, db_index=True)
    target_date = models.DateField(_("ngày ban hành liên quan"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("liên kết văn bản")
        verbose_name_plural = _("liên kết văn bản")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "target_symbol"], name="documentrelation_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.get_kind_display()} → {self.target_symbol}"

    @property
    def is_placeholder(self) -> bool:
        return self.target_id is None
