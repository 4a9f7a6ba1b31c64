"""Stories (稿件) with their channel versions, what they are filed under (栏目, 专题),
and the task types of the three-level review (三审三校)."""

from django import forms
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    RevisionMixin,
    Task,
    WorkflowMixin,
)
from wagtail.search import index

from rongmei.core.models import CenterOwned

from .choices import AuthorRole, Genre, ReviewLevel, Stage, VersionKind, VersionStatus
from .forms import StoryForm


class Column(CenterOwned):
    """A recurring programme or section (栏目), counted in publications and episodes."""

    name = models.CharField(_("栏目名称"), max_length=100)
    channel = models.ForeignKey(
        "distribution.Channel",
        verbose_name=_("所属渠道"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="columns",
    )
    description = models.TextField(_("简介"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")
        ordering = ["center", "name"]
        constraints = [
            models.UniqueConstraint(fields=["center", "name"], name="newsroom_column_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Campaign(CenterOwned):
    """A special topic (专题) tagged across stories, videos, live streams and adoptions."""

    name = models.CharField(_("专题名称"), max_length=100)
    start = models.DateField(_("开始日期"), null=True, blank=True)
    end = models.DateField(_("结束日期"), null=True, blank=True)
    goal = models.TextField(_("宣传目标"), blank=True)

    class Meta:
        verbose_name = _("专题")
        verbose_name_plural = _("专题")
        ordering = ["center", "-start", "name"]
        constraints = [
            models.UniqueConstraint(fields=["center", "name"], name="newsroom_campaign_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("结束日期不能早于开始日期。")})


class Story(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    index.Indexed,
    CenterOwned,
    ClusterableModel,
):
    """The master of a story (稿件): one gathering, from which every channel version is made.

    A Wagtail snippet: its revisions, comparison, locking and the 三审三校 workflow are
    Wagtail's. `live` means the master has been signed off (签发).
    """

    title = models.CharField(_("标题"), max_length=200)
    body = RichTextField(_("正文"), blank=True)
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    genre = models.CharField(_("体裁"), max_length=20, choices=Genre.choices, default=Genre.NEWS)
    is_original = models.BooleanField(_("原创"), default=True)
    assignment = models.ForeignKey(
        "planning.Assignment",
        verbose_name=_("来源任务"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
    )
    columns = ParentalManyToManyField(
        "newsroom.Column", verbose_name=_("栏目"), blank=True, related_name="stories"
    )
    campaigns = ParentalManyToManyField(
        "newsroom.Campaign", verbose_name=_("专题"), blank=True, related_name="stories"
    )
    stage = models.CharField(
        _("审核状态"), max_length=20, choices=Stage.choices, default=Stage.DRAFT, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    published_at = models.DateTimeField(_("签发时间"), null=True, blank=True, editable=False)
    withdraw_reason = models.CharField(_("撤稿理由"), max_length=300, blank=True, editable=False)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="story")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="story",
        for_concrete_model=False,
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("genre"),
                FieldPanel("is_original"),
                FieldPanel("assignment"),
                FieldPanel("columns", widget=forms.CheckboxSelectMultiple),
                FieldPanel("campaigns", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("归类"),
        ),
        InlinePanel("authors", heading=_("作者"), label=_("作者"), min_num=1),
    ]
    search_fields = [index.SearchField("title"), index.FilterField("center_id")]
    base_form_class = StoryForm

    class Meta:
        verbose_name = _("稿件")
        verbose_name_plural = _("稿件")
        ordering = ["center", "-updated_at", "-id"]
        indexes = [models.Index(fields=["center", "stage"], name="newsroom_story_center_stage")]
        permissions = [("withdraw_story", "Can withdraw story")]

    def __str__(self) -> str:
        return self.title

    @property
    def revisions(self):
        return self._revisions


class StoryAuthor(Orderable):
    story = ParentalKey(
        Story, verbose_name=_("稿件"), on_delete=models.CASCADE, related_name="authors"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("人员"),
        on_delete=models.PROTECT,
        related_name="story_credits",
    )
    role = models.CharField(
        _("分工"), max_length=20, choices=AuthorRole.choices, default=AuthorRole.WRITER
    )

    panels = [FieldPanel("user"), FieldPanel("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("作者")
        verbose_name_plural = _("作者")

    def __str__(self) -> str:
        return f"{self.user}（{self.get_role_display()}）"


class ChannelVersion(RevisionMixin, CenterOwned):
    """One channel's version of a story, copied from the master and then edited on its own.

    Every saved edit is a Wagtail revision of its own, so any two can be compared.
    """

    story = models.ForeignKey(
        Story, verbose_name=_("稿件"), on_delete=models.CASCADE, related_name="versions"
    )
    kind = models.CharField(_("渠道类型"), max_length=20, choices=VersionKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = RichTextField(_("正文"), blank=True)
    caption = models.TextField(_("短视频文案"), blank=True)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=VersionStatus.choices,
        default=VersionStatus.DRAFT,
        editable=False,
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, editable=False)
    scheduled_at = models.DateTimeField(
        _("定时发布"),
        null=True,
        blank=True,
        help_text=_("留空则签发后立即发布。"),
    )

    class Meta:
        verbose_name = _("渠道版本")
        verbose_name_plural = _("渠道版本")
        ordering = ["story", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["story", "kind"], name="newsroom_version_unique_kind")
        ]
        indexes = [models.Index(fields=["center", "status"], name="newsroom_version_center")]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_kind_display()}）"

    @property
    def text(self) -> str:
        """What the pre-check reads: title, body text and caption."""
        return "\n".join(p for p in (self.title, strip_tags(self.body), self.caption) if p)


class VersionDraft(CenterOwned):
    """What one person has typed into a channel version but not yet saved (autosave).

    Never reviewed and never published: saving the version makes a revision and removes
    the draft; a draft older than the version's latest revision is ignored.
    """

    version = models.ForeignKey(
        ChannelVersion,
        verbose_name=_("渠道版本"),
        on_delete=models.CASCADE,
        related_name="drafts",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("人员"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(_("标题"), max_length=200, blank=True)
    body = models.TextField(_("正文"), blank=True)
    caption = models.TextField(_("短视频文案"), blank=True)
    saved_at = models.DateTimeField(_("自动保存时间"), auto_now=True)

    class Meta:
        verbose_name = _("渠道版本草稿")
        verbose_name_plural = _("渠道版本草稿")
        ordering = ["center", "version", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "version", "user"], name="newsroom_versiondraft_unique_user"
            )
        ]

    def __str__(self) -> str:
        return _("%(version)s的草稿（%(user)s）") % {"version": self.version, "user": self.user}


class ReviewTask(Task):
    """One human level of 三审三校: who may act is decided by role in the story's center."""

    level = models.CharField(_("审级"), max_length=10, choices=ReviewLevel.choices)

    admin_form_fields = [*Task.admin_form_fields, "level"]

    class Meta:
        verbose_name = _("人工审核")
        verbose_name_plural = _("人工审核")

    def _rules(self):
        from . import review

        return review

    def get_actions(self, obj, user):
        return self._rules().task_actions(task=self, story=obj, user=user)

    def on_action(self, task_state, user, action_name, **kwargs):
        from . import services

        services.review_decide(
            story=task_state.workflow_state.content_object,
            by=user,
            action=action_name,
            opinion=kwargs.get("comment", ""),
        )

    def get_form_for_action(self, action):
        from .forms import OpinionForm

        return OpinionForm

    def user_can_access_editor(self, obj, user):
        return bool(self.get_actions(obj, user))

    def locked_for_user(self, obj, user):
        return not self.get_actions(obj, user)

    def user_can_lock(self, obj, user):
        return bool(self.get_actions(obj, user))

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return self._rules().task_states_for(task=self, user=user)

    @classmethod
    def get_description(cls):
        return _("按角色审核：初审为编辑，复审为部门主任，终审为总编辑；每级须填写意见。")


class PrecheckTask(Task):
    """The machine pre-check (机器初筛): passes itself, or sends the story back at once."""

    class Meta:
        verbose_name = _("机器初筛")
        verbose_name_plural = _("机器初筛")

    def start(self, workflow_state, user=None):
        from . import review

        task_state = super().start(workflow_state, user=user)
        review.precheck_run(task_state=task_state, user=user)
        return task_state

    def locked_for_user(self, obj, user):
        return False

    @classmethod
    def get_description(cls):
        return _("对稿件及各渠道版本检查禁用词、领导姓名职务等；有阻断级问题时退回修改。")


class ReviewAction(models.TextChoices):
    SUBMIT = "submit", _("送审")
    PRECHECK_PASS = "precheck_pass", _("机器初筛通过")
    PRECHECK_FAIL = "precheck_fail", _("机器初筛未通过")
    APPROVE = "approve", _("通过")
    REJECT = "reject", _("退回修改")
    VETO = "veto", _("否决")
    RESTART = "restart", _("修改后重新送审")
    WITHDRAW = "withdraw", _("撤稿")


class ReviewRecord(CenterOwned):
    """One line of the review sheet (审签单): who did what at which level, with the opinion."""

    story = models.ForeignKey(
        Story, verbose_name=_("稿件"), on_delete=models.CASCADE, related_name="review_records"
    )
    level = models.CharField(_("审级"), max_length=20, blank=True)
    action = models.CharField(_("结果"), max_length=20, choices=ReviewAction.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opinion = models.TextField(_("意见"), blank=True)
    revision_id = models.PositiveBigIntegerField(_("版本号"), null=True, blank=True)

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")
        ordering = ["story", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.story} {self.get_action_display()}"


class Correction(CenterOwned):
    """A correction to a signed-off story: why, what the readers are told, and whether
    the note is shown under the article on the public site."""

    story = models.ForeignKey(
        Story, verbose_name=_("稿件"), on_delete=models.CASCADE, related_name="corrections"
    )
    reason = models.CharField(_("更正理由"), max_length=300)
    note = models.TextField(_("更正说明"), help_text=_("向读者说明更正了什么。"))
    is_public = models.BooleanField(_("在网站显示"), default=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("更正人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("更正记录")
        verbose_name_plural = _("更正记录")
        ordering = ["story", "created_at", "id"]
        indexes = [models.Index(fields=["center", "created_at"], name="newsroom_correction_center")]

    def __str__(self) -> str:
        return f"{self.story}：{self.reason}"
