"""Party-building records (党建): meetings, lectures, theme days, community service,
the branch's members with their reports to the community, and study-app usage."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from rongmei.core.models import CenterOwned


class ActivityKind(models.TextChoices):
    BRANCH_COMMITTEE = "branch_committee", _("支委会")
    MEMBER_MEETING = "member_meeting", _("党员大会")
    GROUP_MEETING = "group_meeting", _("党小组会")
    PARTY_LECTURE = "party_lecture", _("党课")
    THEME_DAY = "theme_day", _("主题党日")
    POLITICAL_BIRTHDAY = "political_birthday", _("政治生日")
    ORG_LIFE = "org_life", _("组织生活会")
    STUDY_SESSION = "study_session", _("理论学习")
    COMMUNITY_SERVICE = "community_service", _("双报到服务")


class PartyActivity(CenterOwned):
    date = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=30, choices=ActivityKind.choices)
    title = models.CharField(_("主题"), max_length=300, blank=True)
    attendees = models.PositiveIntegerField(_("参加人数"), null=True, blank=True)
    hours = models.DecimalField(
        _("服务时长（小时）"), max_digits=8, decimal_places=1, null=True, blank=True
    )

    class Meta:
        verbose_name = _("党建活动")
        verbose_name_plural = _("党建活动")
        ordering = ["center", "-date"]
        indexes = [models.Index(fields=["center", "date"], name="party_activity_center_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.title}".strip()

    def clean(self) -> None:
        super().clean()
        if self.hours is not None and self.hours < 0:
            raise ValidationError({"hours": _("服务时长不能为负数。")})


class PartyMember(CenterOwned):
    """A member of the center's party branch (党员), for per-member figures."""

    name = models.CharField(_("姓名"), max_length=50)
    joined = models.DateField(_("转入本支部日期"), null=True, blank=True)
    left = models.DateField(
        _("转出日期"), null=True, blank=True, help_text=_("党员转出本支部后不再计入人均数。")
    )

    class Meta:
        verbose_name = _("党员")
        verbose_name_plural = _("党员")
        ordering = ["center", "name"]
        constraints = [
            models.UniqueConstraint(fields=["center", "name"], name="party_member_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.joined and self.left and self.left < self.joined:
            raise ValidationError({"left": _("转出日期不能早于转入日期。")})


class CommunityServiceReport(CenterOwned):
    """One member's report to the community (“双报到双服务”): date and hours served."""

    member = models.ForeignKey(
        "party.PartyMember",
        verbose_name=_("党员"),
        on_delete=models.PROTECT,
        related_name="service_reports",
    )
    date = models.DateField(_("报到日期"))
    hours = models.DecimalField(_("服务时长（小时）"), max_digits=6, decimal_places=1)
    activity = models.ForeignKey(
        "party.PartyActivity",
        verbose_name=_("所属活动"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_reports",
        help_text=_("支部组织的“双报到双服务”活动；个人自行报到可不填。"),
    )

    class Meta:
        verbose_name = _("社区报到")
        verbose_name_plural = _("社区报到")
        ordering = ["center", "-date"]
        indexes = [models.Index(fields=["center", "date"], name="party_service_center_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.member}"

    def clean(self) -> None:
        super().clean()
        if self.hours is not None and self.hours <= 0:
            raise ValidationError({"hours": _("服务时长应大于零。")})


class StudyAppUsage(CenterOwned):
    """How many members have installed and use a study app (学习强国 and the like) on a day."""

    date = models.DateField(_("统计日期"))
    app = models.CharField(_("APP名称"), max_length=50, default="学习强国")
    members = models.PositiveIntegerField(_("党员总数"))
    installed = models.PositiveIntegerField(_("已安装人数"))
    active = models.PositiveIntegerField(_("经常使用人数"))

    class Meta:
        verbose_name = _("学习APP使用情况")
        verbose_name_plural = _("学习APP使用情况")
        ordering = ["center", "-date", "app"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "app", "date"], name="party_study_app_unique_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.app}"

    def clean(self) -> None:
        super().clean()
        if None in (self.members, self.installed, self.active):
            return
        if self.installed > self.members:
            raise ValidationError({"installed": _("已安装人数不能多于党员总数。")})
        if self.active > self.installed:
            raise ValidationError({"active": _("经常使用人数不能多于已安装人数。")})

    @property
    def rate(self) -> int | None:
        """安装使用率: members who installed and use the app, in whole percent."""
        return usage_rate(self.active, self.members)


def usage_rate(active: int, members: int) -> int | None:
    """`active` of `members` in whole percent, rounded down (100 only when all use it)."""
    if not members:
        return None
    return active * 100 // members
