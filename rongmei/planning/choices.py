"""States and kinds of planning records."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LeadSource(models.TextChoices):
    STAFF = "staff", _("采编人员")
    PUBLIC = "public", _("群众爆料")
    PROPAGANDA = "propaganda", _("宣传部交办")


class LeadStatus(models.TextChoices):
    NEW = "new", _("待处理")
    TOPIC = "topic", _("已转选题")
    MERGED = "merged", _("已合并")
    DISMISSED = "dismissed", _("已放弃")


class TopicStatus(models.TextChoices):
    PROPOSED = "proposed", _("待审批")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("未通过")


class AssignmentStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ASSIGNED = "assigned", _("已派发")
    ACCEPTED = "accepted", _("已接受")
    IN_PROGRESS = "in_progress", _("采访中")
    SUBMITTED = "submitted", _("已交稿")
    COMPLETED = "completed", _("已完成")
    CANCELLED = "cancelled", _("已取消")


class AssigneeRole(models.TextChoices):
    REPORTER = "reporter", _("记者")
    CAMERA = "camera", _("摄像")
    EDITOR = "editor", _("编辑")


class AttachmentKind(models.TextChoices):
    IMAGE = "image", _("图片")
    VIDEO = "video", _("视频")


OPEN_ASSIGNMENT_STATES = (
    AssignmentStatus.ASSIGNED,
    AssignmentStatus.ACCEPTED,
    AssignmentStatus.IN_PROGRESS,
)
