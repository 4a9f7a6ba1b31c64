"""Party-building records (党建): meetings, lectures, theme days, community service."""

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
