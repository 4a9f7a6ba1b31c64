"""Planning: leads (线索, public tips included), topics (选题), assignments (任务), key dates."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rongmei.core.fields import EncryptedTextField
from rongmei.core.models import CenterOwned
from rongmei.core.storage import private_storage

from .choices import (
    OPEN_ASSIGNMENT_STATES,
    AssigneeRole,
    AssignmentStatus,
    AttachmentKind,
    LeadSource,
    LeadStatus,
    TopicStatus,
)


class Lead(CenterOwned):
    """A possible story: from staff, from the public (爆料) or handed down by the propaganda dept."""

    title = models.CharField(_("标题"), max_length=200)
    content = models.TextField(_("内容"))
    source = models.CharField(
        _("来源"), max_length=20, choices=LeadSource.choices, default=LeadSource.STAFF
    )
    # A tipster's phone or WeChat id: encrypted at rest, shown in full only to holders of
    # `planning.view_tipster_contact` (masked to everyone else, core.masking).
    contact = EncryptedTextField(_("联系方式"), max_length=100, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=LeadStatus.choices,
        default=LeadStatus.NEW,
        editable=False,
    )
    topic = models.ForeignKey(
        "planning.Topic",
        verbose_name=_("选题"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
        editable=False,
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("合并到"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_leads",
        editable=False,
    )
    dismiss_reason = models.CharField(_("放弃理由"), max_length=300, blank=True, editable=False)

    class Meta:
        verbose_name = _("线索")
        verbose_name_plural = _("线索")
        ordering = ["center", "-created_at", "-id"]
        indexes = [models.Index(fields=["center", "status"], name="planning_lead_center_status")]
        permissions = [("view_tipster_contact", _("查看爆料人联系方式"))]

    def __str__(self) -> str:
        return self.title


class LeadAttachment(CenterOwned):
    """An image or video sent with a lead; images are stored re-encoded, without metadata."""

    lead = models.ForeignKey(
        Lead, verbose_name=_("线索"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=AttachmentKind.choices)
    # Tipsters' photos and videos are not public: private storage, served by a view
    # that checks the center (planning_attachment).
    file = models.FileField(_("文件"), upload_to="leads/%Y/%m/", storage=private_storage)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)

    class Meta:
        verbose_name = _("线索附件")
        verbose_name_plural = _("线索附件")
        ordering = ["lead", "id"]

    def __str__(self) -> str:
        return self.file.name


class Topic(CenterOwned):
    """A plan for coverage (选题), approved or refused by a desk head with an opinion."""

    title = models.CharField(_("选题名称"), max_length=200)
    summary = models.TextField(_("报道思路"), blank=True)
    planned_date = models.DateField(_("计划日期"), null=True, blank=True)
    columns = models.ManyToManyField(
        "newsroom.Column", verbose_name=_("栏目"), blank=True, related_name="topics"
    )
    campaigns = models.ManyToManyField(
        "newsroom.Campaign", verbose_name=_("专题"), blank=True, related_name="topics"
    )
    want_text = models.BooleanField(_("文字"), default=True)
    want_photo = models.BooleanField(_("图片"), default=False)
    want_video = models.BooleanField(_("视频"), default=False)
    want_live = models.BooleanField(_("直播"), default=False)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提出人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=TopicStatus.choices,
        default=TopicStatus.PROPOSED,
        editable=False,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True, editable=False)
    opinion = models.TextField(_("审批意见"), blank=True, editable=False)

    class Meta:
        verbose_name = _("选题")
        verbose_name_plural = _("选题")
        ordering = ["center", "-created_at", "-id"]
        indexes = [
            models.Index(fields=["center", "status"], name="planning_topic_center_status"),
            models.Index(fields=["center", "planned_date"], name="planning_topic_center_date"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def coverage_label(self) -> str:
        wanted = [
            str(label)
            for flag, label in (
                (self.want_text, _("文字")),
                (self.want_photo, _("图片")),
                (self.want_video, _("视频")),
                (self.want_live, _("直播")),
            )
            if flag
        ]
        return "、".join(wanted)


class Assignment(CenterOwned):
    """Who covers what, where, by when (任务)."""

    topic = models.ForeignKey(
        Topic,
        verbose_name=_("选题"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assignments",
    )
    title = models.CharField(_("任务内容"), max_length=200)
    location = models.CharField(_("地点"), max_length=200, blank=True)
    due = models.DateTimeField(_("截止时间"))
    notes = models.TextField(_("要求"), blank=True)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.DRAFT,
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("派工人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    cancel_reason = models.CharField(_("取消原因"), max_length=300, blank=True, editable=False)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="planning.AssignmentMember",
        verbose_name=_("执行人"),
        related_name="assignments",
    )

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        ordering = ["center", "due", "id"]
        indexes = [
            models.Index(fields=["center", "status", "due"], name="planning_assign_center_due")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.status in OPEN_ASSIGNMENT_STATES and self.due < timezone.now()


class AssignmentMember(CenterOwned):
    assignment = models.ForeignKey(
        Assignment, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="assignees"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("人员"),
        on_delete=models.CASCADE,
        related_name="assignment_memberships",
    )
    role = models.CharField(_("分工"), max_length=20, choices=AssigneeRole.choices)

    class Meta:
        verbose_name = _("任务执行人")
        verbose_name_plural = _("任务执行人")
        ordering = ["assignment", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "user", "role"], name="planning_member_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}（{self.get_role_display()}）"


class KeyDate(CenterOwned):
    """A date the coverage calendar must show: a festival, a meeting, an anniversary."""

    date = models.DateField(_("日期"))
    title = models.CharField(_("事项"), max_length=200)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("重要节点")
        verbose_name_plural = _("重要节点")
        ordering = ["center", "date"]
        indexes = [models.Index(fields=["center", "date"], name="planning_keydate_center_date")]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"
