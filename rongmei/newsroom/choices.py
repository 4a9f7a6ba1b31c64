"""States and kinds of newsroom records."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Genre(models.TextChoices):
    NEWS = "news", _("消息")
    FEATURE = "feature", _("通讯特写")
    COMMENTARY = "commentary", _("评论")
    PHOTO = "photo", _("图片新闻")
    SHORT_VIDEO = "short_video", _("短视频")
    LIVE = "live", _("直播")


class AuthorRole(models.TextChoices):
    WRITER = "writer", _("文字")
    CAMERA = "camera", _("摄像摄影")
    EDITOR = "editor", _("编辑")


class Stage(models.TextChoices):
    """Where a story stands in 三审三校; changed only by `services`."""

    DRAFT = "draft", _("草稿")
    IN_REVIEW = "in_review", _("审核中")
    NEEDS_CHANGES = "needs_changes", _("退回修改")
    PUBLISHED = "published", _("已签发")
    VETOED = "vetoed", _("已否决")
    WITHDRAWN = "withdrawn", _("已撤稿")


class VersionKind(models.TextChoices):
    WEB = "web", _("网站/客户端图文")
    WECHAT = "wechat", _("微信公众号图文")
    SHORT_VIDEO = "short_video", _("短视频文案")
    TOUTIAO = "toutiao", _("头条号图文")
    TV = "tv", _("电视稿")
    RADIO = "radio", _("广播稿")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("编辑中")
    READY = "ready", _("待发布")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤下")


class ReviewLevel(models.TextChoices):
    FIRST = "first", _("初审")
    SECOND = "second", _("复审")
    FINAL = "final", _("终审")
