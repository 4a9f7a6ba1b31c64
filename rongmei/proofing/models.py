"""Lexicons of the machine pre-check (内容审校), their frozen versions, and accepted findings."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rongmei.core.models import CenterOwned

from . import engine


class LexiconKind(models.TextChoices):
    BANNED = engine.BANNED, _("禁用词")
    CAUTIONED = engine.CAUTIONED, _("慎用词")
    SENSITIVE = engine.SENSITIVE, _("敏感词")
    TYPO = engine.TYPO, _("错别字")
    FORMULATION = engine.FORMULATION, _("规范表述")
    LEADER = engine.LEADER, _("领导姓名职务")
    ALLOW = engine.ALLOW, _("白名单")


class Severity(models.TextChoices):
    BLOCK = engine.BLOCK, _("阻断")
    WARN = engine.WARN, _("提示")


class RuleKind(models.TextChoices):
    REGEX = engine.RULE_REGEX, _("正则表达式")
    FIRST_MENTION = engine.RULE_FIRST_MENTION, _("首次出现用全称")


DEFAULT_SEVERITY = {
    LexiconKind.BANNED: Severity.BLOCK,
    LexiconKind.CAUTIONED: Severity.WARN,
    LexiconKind.SENSITIVE: Severity.WARN,
    LexiconKind.TYPO: Severity.WARN,
    LexiconKind.FORMULATION: Severity.WARN,
    LexiconKind.LEADER: Severity.BLOCK,
    LexiconKind.ALLOW: Severity.WARN,
}


class CenterOrShared(models.Model):
    """Base of lexicon records: one center's, or shared by every center (`center` empty).

    `core.CenterOwned` makes `center` required, and a shared lexicon belongs to no
    center, so lexicon records carry their own nullable `center` instead. Shared
    records are edited only by superusers; a center sees them and can silence their
    false positives with its own allow-list. Child records (terms, leaders, rules,
    versions) copy their lexicon's center so that every query can filter on it first.
    """

    center = models.ForeignKey(
        "core.Center",
        verbose_name=_("融媒体中心"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        editable=False,
        help_text=_("留空表示各中心共用。"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_shared(self) -> bool:
        return self.center_id is None


class Lexicon(CenterOrShared):
    """A named list of one kind: words, typo pairs, formulation rules, leaders or allowed phrases.

    Its content is edited in place; every change freezes a new `LexiconVersion`, which
    is what the checker is built from and what each finding names.
    """

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=LexiconKind.choices)
    default_severity = models.CharField(
        _("默认级别"),
        max_length=10,
        choices=Severity.choices,
        blank=True,
        help_text=_("留空则按类型：禁用词、领导姓名职务为阻断，其余为提示。"),
    )
    description = models.TextField(_("说明"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    is_starter = models.BooleanField(
        _("起步示例"),
        default=False,
        editable=False,
        help_text=_("随系统提供的起步示例，请按本地实际修改后使用。"),
    )
    current_version = models.ForeignKey(
        "proofing.LexiconVersion",
        verbose_name=_("当前版本"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("词库")
        verbose_name_plural = _("词库")
        ordering = ["kind", "name"]
        indexes = [models.Index(fields=["center", "is_active"], name="proofing_lexicon_center")]
        constraints = [
            models.UniqueConstraint(fields=["center", "name"], name="proofing_lexicon_unique_name"),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(center__isnull=True),
                name="proofing_lexicon_unique_shared_name",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def severity(self) -> str:
        return self.default_severity or DEFAULT_SEVERITY[self.kind]

    @property
    def version_label(self) -> str:
        return f"v{self.current_version.number}" if self.current_version_id else ""

    @property
    def scope_label(self) -> str:
        return self.center.name if self.center_id else str(_("共用"))


class LexiconVersion(models.Model):
    """The frozen content of a lexicon at one moment (`engine.snapshot_of`); never edited."""

    center = models.ForeignKey(
        "core.Center",
        verbose_name=_("融媒体中心"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        editable=False,
    )
    lexicon = models.ForeignKey(
        Lexicon, verbose_name=_("词库"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("版本号"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("变更说明"), max_length=200, blank=True)
    entry_count = models.PositiveIntegerField(_("条目数"), default=0)
    content = models.JSONField(_("内容"), default=dict)

    class Meta:
        verbose_name = _("词库版本")
        verbose_name_plural = _("词库版本")
        ordering = ["lexicon", "-number"]
        indexes = [models.Index(fields=["center", "lexicon"], name="proofing_version_center")]
        constraints = [
            models.UniqueConstraint(fields=["lexicon", "number"], name="proofing_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.lexicon.name} v{self.number}"


def check_lexicon_kind(entry: "Term | Leader | Rule", fits) -> None:
    """An entry lives only in a lexicon of a fitting kind."""
    lexicon = entry.lexicon if entry.lexicon_id else None
    if lexicon is not None and not fits(lexicon.kind):
        raise ValidationError({"lexicon": _("该词库的类型不能存放此类条目。")})


class Term(CenterOrShared):
    """A word of a word lexicon (or a typo and its correction), or an allowed phrase."""

    lexicon = models.ForeignKey(
        Lexicon, verbose_name=_("词库"), on_delete=models.CASCADE, related_name="terms"
    )
    text = models.CharField(_("词条"), max_length=100)
    suggestion = models.CharField(
        _("建议写法"),
        max_length=200,
        blank=True,
        help_text=_("错别字填正确写法；慎用词填建议用语。"),
    )
    category = models.CharField(_("分类"), max_length=50, blank=True)
    severity = models.CharField(
        _("级别"),
        max_length=10,
        choices=Severity.choices,
        blank=True,
        help_text=_("留空则用词库的默认级别。"),
    )
    is_exception = models.BooleanField(
        _("例外（白名单）"),
        default=False,
        help_text=_("勾选后本条不报错，而是让本词库中被它包含的词不再报出，如“路口交通”。"),
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("词条")
        verbose_name_plural = _("词条")
        ordering = ["lexicon", "text"]
        indexes = [models.Index(fields=["center", "lexicon"], name="proofing_term_center")]
        constraints = [
            # The lexicon fixes the center, so (lexicon, text) is unique across centers.
            models.UniqueConstraint(fields=["lexicon", "text"], name="proofing_term_unique")
        ]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        check_lexicon_kind(self, lambda k: k not in (LexiconKind.LEADER, LexiconKind.FORMULATION))
        if not (self.text or "").strip():
            raise ValidationError({"text": _("词条为空。")})
        lexicon = self.lexicon if self.lexicon_id else None
        if (
            lexicon is not None
            and lexicon.kind == LexiconKind.TYPO
            and not self.suggestion
            and not self.is_exception
        ):
            raise ValidationError({"suggestion": _("错别字须写明正确写法。")})


class Leader(CenterOrShared):
    """A leader whose name and titles must be right, with their protocol order."""

    lexicon = models.ForeignKey(
        Lexicon, verbose_name=_("名单"), on_delete=models.CASCADE, related_name="leaders"
    )
    name = models.CharField(_("姓名"), max_length=20)
    titles = models.TextField(_("现任职务"), help_text=_("每行一个，第一行为主要职务。"))
    former_titles = models.TextField(_("原任职务"), blank=True, help_text=_("每行一个。"))
    order = models.PositiveIntegerField(_("排序"), default=100, help_text=_("数字小的排在前。"))

    class Meta:
        verbose_name = _("领导")
        verbose_name_plural = _("领导")
        ordering = ["lexicon", "order", "name"]
        indexes = [models.Index(fields=["center", "lexicon"], name="proofing_leader_center")]
        constraints = [
            models.UniqueConstraint(fields=["lexicon", "name"], name="proofing_leader_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title_list[0] if self.title_list else ''}{self.name}"

    @property
    def title_list(self) -> list[str]:
        return [t.strip() for t in self.titles.splitlines() if t.strip()]

    @property
    def former_title_list(self) -> list[str]:
        return [t.strip() for t in self.former_titles.splitlines() if t.strip()]

    def clean(self) -> None:
        check_lexicon_kind(self, lambda k: k == LexiconKind.LEADER)
        if not self.title_list:
            raise ValidationError({"titles": _("缺少现任职务。")})


class Rule(CenterOrShared):
    """A formulation rule: a pattern and the correct form."""

    lexicon = models.ForeignKey(
        Lexicon, verbose_name=_("词库"), on_delete=models.CASCADE, related_name="rules"
    )
    name = models.CharField(_("规则名称"), max_length=100)
    kind = models.CharField(
        _("规则类型"), max_length=20, choices=RuleKind.choices, default=RuleKind.REGEX
    )
    pattern = models.CharField(
        _("模式"),
        max_length=300,
        help_text=_(
            "正则表达式；或“首次出现用全称”时填简称。给重复次数设上限（如 \\d{1,4}）"
            "并包含固定文字，校对更快。"
        ),
    )
    suggestion = models.CharField(
        _("正确写法"),
        max_length=200,
        blank=True,
        help_text=_("可用 \\1 引用分组；“首次出现用全称”时填全称。"),
    )
    category = models.CharField(_("分类"), max_length=50, blank=True)
    severity = models.CharField(_("级别"), max_length=10, choices=Severity.choices, blank=True)
    description = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("规范表述规则")
        verbose_name_plural = _("规范表述规则")
        ordering = ["lexicon", "name"]
        indexes = [models.Index(fields=["center", "lexicon"], name="proofing_rule_center")]
        constraints = [
            models.UniqueConstraint(fields=["lexicon", "name"], name="proofing_rule_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from .transfer import rule_problem

        check_lexicon_kind(self, lambda k: k == LexiconKind.FORMULATION)
        problem = rule_problem(self.kind, self.pattern or "", self.suggestion or "")
        if problem:
            raise ValidationError({"pattern": problem})


class AcceptedFinding(CenterOwned):
    """A warning an editor kept on purpose, with the reason.

    Keyed by the text's hash, the finding's span and its rule key, so the acceptance
    holds for exactly that text: any edit that changes the text asks again.
    """

    text_hash = models.CharField(_("文本指纹"), max_length=64)
    start = models.PositiveIntegerField(_("起始位置"))
    end = models.PositiveIntegerField(_("结束位置"))
    matched = models.CharField(_("命中文字"), max_length=200)
    rule_key = models.CharField(_("规则"), max_length=300)
    message = models.CharField(_("提示"), max_length=300, blank=True)
    lexicon_version = models.ForeignKey(
        LexiconVersion,
        verbose_name=_("词库版本"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("保留理由"), max_length=300)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("已确认提示")
        verbose_name_plural = _("已确认提示")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "text_hash", "start", "end", "rule_key"],
                name="proofing_accepted_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.matched}（{self.reason}）"
