"""Scoring owns staff performance points (稿分): rules by month, the monthly computation
from the records, the director's adjustments, closing a month, and story grades."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rongmei.accounts.selectors import has_role
from rongmei.core.audit import audit_create, audit_record, audit_transition, audit_update, snapshot
from rongmei.core.models import AuditAction, Center
from rongmei.core.records import record_delete
from rongmei.core.roles import Role
from rongmei.core.tenancy import record_center_ids
from rongmei.outreach import selectors as outreach_selectors

from . import selectors
from .models import (
    Grade,
    LineSource,
    MonthStatus,
    MultiLevelPolicy,
    ScoreAdjustment,
    ScoreLine,
    ScoreMonth,
    ScoreRule,
    StoryGrade,
)
from .selectors import month_first, month_last

if TYPE_CHECKING:
    from rongmei.accounts.models import User
    from rongmei.newsroom.models import Story

CENT = Decimal("0.01")
DIRECTOR_ROLES = (Role.DIRECTOR,)
COMPUTE_ROLES = (Role.DIRECTOR, Role.CHIEF_EDITOR)
GRADE_ROLES = (Role.CHIEF_EDITOR, Role.DIRECTOR)
# Who sees everyone's scores; others see their own.
VIEW_ALL_ROLES = (Role.DIRECTOR, Role.CHIEF_EDITOR, Role.DESK_HEAD, Role.ADMINISTRATOR)
GENRE_LABELS = {
    "news": "消息",
    "feature": "通讯特写",
    "commentary": "评论",
    "photo": "图片新闻",
    "short_video": "短视频",
    "live": "直播",
}
CHANNEL_LABELS = {
    "web": "网站/客户端",
    "wechat": "微信",
    "short_video": "短视频",
    "toutiao": "头条号",
    "tv": "电视",
    "radio": "广播",
}
LEVEL_LABELS = {
    "central": "中央",
    "provincial": "省级",
    "municipal": "市级",
    "county": "县级",
    "other": "其他",
}
ROLE_LABELS = {"writer": "文字", "camera": "摄像摄影", "editor": "编辑"}
RULE_FIELDS = frozenset(
    f.name
    for f in ScoreRule._meta.concrete_fields
    if f.name not in {"id", "center", "created_at", "updated_at", "effective_month"}
)


def _require(by: User | None, center_id: int, roles: tuple[str, ...], message: str) -> None:
    """`by=None` is the system (the demo, scheduled runs); staff need one of `roles`."""
    if by is not None and not has_role(by, center_id, *roles):
        raise PermissionDenied(message)


def _q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _fmt(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text


# -- rules -------------------------------------------------------------------------------


def _check_rule_month(rule: ScoreRule) -> None:
    if rule.effective_month.day != 1:
        rule.effective_month = month_first(rule.effective_month)
    if selectors.month_is_closed(center=rule.center_id, month=rule.effective_month):
        raise ValidationError(
            {"effective_month": _("该月已结账，新规则只能从未结账的月份起生效。")}
        )
    if rule.pk and ScoreMonth.objects.filter(rule=rule, status=MonthStatus.CLOSED).exists():
        raise ValidationError(
            _("该规则已用于已结账的月份，不能修改；请新增一条从下个月起生效的规则。")
        )


@transaction.atomic
def score_rule_create(
    *, by: User | None, center: Center, effective_month: dt.date, **points: Any
) -> ScoreRule:
    """A rule from `effective_month` on; earlier months keep the rule they had."""
    _require(by, center.pk, DIRECTOR_ROLES, _("只有主任可以制定稿分规则。"))
    unknown = set(points) - RULE_FIELDS
    if unknown:
        raise TypeError(f"unknown rule fields {sorted(unknown)}")
    rule = ScoreRule(center=center, effective_month=month_first(effective_month), **points)
    _check_rule_month(rule)
    rule.full_clean()
    rule.save()
    audit_create(by=by, obj=rule)
    return rule


@transaction.atomic
def score_rule_update(*, by: User | None, rule: ScoreRule, **changes: Any) -> ScoreRule:
    _require(by, rule.center_id, DIRECTOR_ROLES, _("只有主任可以修改稿分规则。"))
    unknown = set(changes) - RULE_FIELDS - {"effective_month"}
    if unknown:
        raise TypeError(f"unknown rule fields {sorted(unknown)}")
    before = snapshot(ScoreRule.objects.get(pk=rule.pk))
    for key, value in changes.items():
        setattr(rule, key, value)
    _check_rule_month(rule)
    rule.full_clean()
    rule.save()
    audit_update(by=by, obj=rule, before=before)
    return rule


@transaction.atomic
def score_rule_delete(*, by: User | None, rule: ScoreRule) -> None:
    """Delete a rule entered by mistake; one a month was scored with is kept."""
    _require(by, rule.center_id, DIRECTOR_ROLES, _("只有主任可以删除稿分规则。"))
    if rule.months.exists():
        raise ValidationError(
            _("该规则已用于计算月度稿分，不能删除；请新增一条从下个月起生效的规则。")
        )
    record_delete(by=by, obj=rule)


def score_rule_check(rule: ScoreRule) -> None:
    """The checks of create/update, for admin forms that save the rule themselves."""
    _check_rule_month(rule)


# -- story grades ----------------------------------------------------------------------


@transaction.atomic
def story_grade_set(*, by: User | None, story: Story, grade: str) -> StoryGrade:
    """The chief editor grades a story's originality (A/B/C), usually at sign-off."""
    _require(by, story.center_id, GRADE_ROLES, _("只有总编辑可以评定原创等级。"))
    if grade not in Grade.values:
        raise ValidationError({"grade": _("原创等级只能是 A、B 或 C。")})
    when = story.published_at or timezone.now()
    if selectors.month_is_closed(center=story.center_id, month=timezone.localtime(when).date()):
        raise ValidationError(_("该稿件所在月份已结账，不能再改原创等级。"))
    current = StoryGrade.objects.filter(story=story).first()
    if current is None:
        current = StoryGrade.objects.create(
            center_id=story.center_id, story=story, grade=grade, graded_by=by
        )
        audit_create(by=by, obj=current)
        return current
    before = snapshot(current)
    current.grade = grade
    current.graded_by = by
    current.save()
    audit_update(by=by, obj=current, before=before)
    return current


# -- computing a month -----------------------------------------------------------------


def _shares(rule: ScoreRule, authors: list[tuple[int, str]]) -> list[tuple[int, str, Decimal]]:
    """Each author's share of an item by role weight; equal shares if all weights are 0."""
    weights = {
        "writer": rule.share_writer,
        "camera": rule.share_camera,
        "editor": rule.share_editor,
    }
    authors = list(dict.fromkeys(authors))
    if not authors:
        return []
    total = sum((weights.get(role, Decimal(0)) for _u, role in authors), Decimal(0))
    if total <= 0:
        even = Decimal(1) / len(authors)
        return [(u, r, even) for u, r in authors]
    return [(u, r, weights.get(r, Decimal(0)) / total) for u, r in authors]


def _share_text(rule: ScoreRule, authors: list[tuple[int, str]]) -> str:
    if len(set(authors)) <= 1:
        return ""
    roles = "、".join(
        f"{ROLE_LABELS.get(r, r)}{_fmt(getattr(rule, f'share_{r}', Decimal(0)))}"
        for r in dict.fromkeys(r for _u, r in authors)
    )
    return f"；按分工权重分配（{roles}）"


def _story_points(rule: ScoreRule, story: dict[str, Any]) -> tuple[Decimal, str]:
    genre_points = getattr(rule, f"genre_{story['genre']}", Decimal(0))
    grade = story["grade"] or ("B" if story["is_original"] else "C")
    grade_factor = getattr(rule, f"grade_{grade.lower()}")
    if story["length"] < rule.short_below:
        band, band_factor = _("短稿"), rule.short_factor
    elif story["length"] >= rule.long_from:
        band, band_factor = _("长稿"), rule.long_factor
    else:
        band, band_factor = _("中等篇幅"), Decimal(1)
    points = genre_points * grade_factor * band_factor
    text = (
        f"{GENRE_LABELS.get(story['genre'], story['genre'])}{_fmt(genre_points)}分"
        f"×{grade}级{_fmt(grade_factor)}"
        f"{'' if story['grade'] else '（未评级）'}"
        f"×{band}{_fmt(band_factor)}"
    )
    for kind in story["channels"]:
        bonus = getattr(rule, f"channel_{kind}", Decimal(0))
        if bonus:
            points += bonus
            text += f"+{CHANNEL_LABELS.get(kind, kind)}{_fmt(bonus)}"
    return _q(points), text


def _adoption_value(rule: ScoreRule, row: dict[str, Any]) -> tuple[Decimal, str]:
    level = row["level"] if row["level"] in LEVEL_LABELS else "other"
    value = getattr(rule, f"adoption_{level}")
    text = f"{row['outlet']}（{LEVEL_LABELS[level]}）{_fmt(value)}分"
    if row["placement"] == "front_page_headline" and rule.headline_bonus:
        value += rule.headline_bonus
        text += f"+头版头条{_fmt(rule.headline_bonus)}"
    elif row["placement"] == "front_page" and rule.front_page_bonus:
        value += rule.front_page_bonus
        text += f"+头版{_fmt(rule.front_page_bonus)}"
    return value, text


def _item_key(row: dict[str, Any]) -> tuple[str, Any]:
    """What counts as "one item" adopted at several levels: the story, else the
    submission, else the title (imported rows carry only a title)."""
    if row["story_id"]:
        return ("story", row["story_id"])
    if row["submission_id"]:
        return ("submission", row["submission_id"])
    return ("title", re.sub(r"\s+", "", row["title"]))


_SPLIT = re.compile(r"[、，,;；/\s]+")


def _adoption_authors(row: dict[str, Any], names: dict[str, int]) -> list[tuple[int, str]]:
    if row["credits"]:
        return row["credits"]
    # Imported rows name their authors in text only: credit the staff found by name.
    found = [names[n] for n in _SPLIT.split(row["authors"] or "") if n in names]
    return [(uid, "writer") for uid in dict.fromkeys(found)]


def _adoption_scores(
    rule: ScoreRule, rows: list[dict[str, Any]], start: dt.date
) -> list[tuple[dict[str, Any], Decimal, str]]:
    """(adoption, item points, rule text) for every adoption dated from `start` on."""
    result = []
    if rule.multi_level == MultiLevelPolicy.SUM:
        for row in rows:
            if row["date"] >= start:
                value, text = _adoption_value(rule, row)
                result.append((row, value, text))
        return result
    groups: dict[tuple[str, Any], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[_item_key(row)].append(row)
    for group in groups.values():
        current = [r for r in group if r["date"] >= start]
        if not current:
            continue
        earlier = [_adoption_value(rule, r)[0] for r in group if r["date"] < start]
        scored_before = max(earlier, default=Decimal(0))
        valued = [(r, *_adoption_value(rule, r)) for r in current]
        best = max(valued, key=lambda v: (v[1], -v[0]["date"].toordinal(), -v[0]["pk"]))
        for row, value, text in valued:
            if row is best[0]:
                points = max(value - scored_before, Decimal(0))
                if scored_before:
                    text += f"，减去此前月份已计的{_fmt(scored_before)}分（多级采用只计最高）"
                elif len(group) > 1:
                    text += "（多级采用只计最高）"
                result.append((row, points, text))
            else:
                result.append((row, Decimal(0), text + "，同一稿件已按更高级别计分"))
    result.sort(key=lambda r: (r[0]["date"], r[0]["pk"]))
    return result


def _build_lines(center: Center, score_month: ScoreMonth, rule: ScoreRule) -> list[ScoreLine]:
    start, end = score_month.month, month_last(score_month.month)
    lines: list[ScoreLine] = []
    for story in selectors.stories_signed_off(center=center, month=start):
        item, text = _story_points(rule, story)
        for user_id, role, share in _shares(rule, story["authors"]):
            lines.append(
                ScoreLine(
                    center=center,
                    score_month=score_month,
                    user_id=user_id,
                    source=LineSource.STORY,
                    story_id=story["pk"],
                    date=story["date"],
                    title=story["title"][:300],
                    role=role,
                    item_points=item,
                    share=share.quantize(Decimal("0.0001")),
                    points=_q(item * share),
                    rule_text=(text + _share_text(rule, story["authors"]))[:300],
                )
            )
    names = selectors.staff_by_name(center=center)
    rows = outreach_selectors.adoptions_for_scoring(center=center, until=end)
    for row, item, text in _adoption_scores(rule, rows, start):
        authors = _adoption_authors(row, names)
        for user_id, role, share in _shares(rule, authors):
            lines.append(
                ScoreLine(
                    center=center,
                    score_month=score_month,
                    user_id=user_id,
                    source=LineSource.ADOPTION,
                    adoption_id=row["pk"],
                    story_id=row["story_id"],
                    date=row["date"],
                    title=row["title"][:300],
                    role=role,
                    item_points=_q(item),
                    share=share.quantize(Decimal("0.0001")),
                    points=_q(item * share),
                    rule_text=(text + _share_text(rule, authors))[:300],
                )
            )
    return lines


def _month_for_update(center: Center, month: dt.date) -> ScoreMonth:
    score_month, _created = ScoreMonth.objects.get_or_create(
        center=center, month=month_first(month)
    )
    return ScoreMonth.objects.select_for_update().get(pk=score_month.pk)


@transaction.atomic
def scoring_month_compute(*, center: Center, month: dt.date, by: User | None = None) -> ScoreMonth:
    """(Re)compute a month's scores from the records: stories signed off in it with their
    authors and published versions, and adoptions dated in it with the staff credited.

    Nobody types a score in; a closed month refuses, and changes only by adjustments.
    """
    _require(by, center.pk, COMPUTE_ROLES, _("只有主任或总编辑可以计算稿分。"))
    score_month = _month_for_update(center, month)
    if score_month.status == MonthStatus.CLOSED:
        raise ValidationError(_("该月已结账，只能通过稿分调整更改。"))
    rule = selectors.rule_for_month(center=center, month=score_month.month)
    score_month.lines.all().delete()
    lines = _build_lines(center, score_month, rule)
    ScoreLine.objects.bulk_create(lines, batch_size=500)
    score_month.rule = rule if rule.pk else None
    score_month.computed_at = timezone.now()
    score_month.save(update_fields=["rule", "computed_at", "updated_at"])
    audit_record(
        action=AuditAction.UPDATE,
        by=by,
        obj=score_month,
        verb=_("计算月度稿分"),
        changes={"lines": len(lines), "rule": str(rule)},
    )
    return score_month


@transaction.atomic
def scoring_month_close(*, center: Center, month: dt.date, by: User | None) -> ScoreMonth:
    """Compute the month one last time and close it (结账) for payroll."""
    _require(by, center.pk, DIRECTOR_ROLES, _("只有主任可以结账。"))
    score_month = scoring_month_compute(center=center, month=month, by=by)
    score_month.status = MonthStatus.CLOSED
    score_month.closed_at = timezone.now()
    score_month.closed_by = by
    score_month.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])
    audit_transition(
        by=by,
        obj=score_month,
        field="status",
        old=MonthStatus.OPEN,
        new=MonthStatus.CLOSED,
        verb=_("月度稿分结账"),
    )
    return score_month


@transaction.atomic
def scoring_adjust(
    *,
    by: User | None,
    center: Center,
    month: dt.date,
    user: User,
    points: Decimal | int | str,
    reason: str,
) -> ScoreAdjustment:
    """The director adds or takes points, with a reason; allowed in closed months too."""
    _require(by, center.pk, DIRECTOR_ROLES, _("只有主任可以调整稿分。"))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写调整理由。")})
    try:
        points = Decimal(str(points))
    except ArithmeticError as exc:
        raise ValidationError({"points": _("调整分必须是数字。")}) from exc
    if points == 0:
        raise ValidationError({"points": _("调整分不能为 0。")})
    if center.pk not in record_center_ids(user) and not user.is_superuser:
        raise ValidationError({"user": _("该人员不是本中心的员工。")})
    score_month, _created = ScoreMonth.objects.get_or_create(
        center=center, month=month_first(month)
    )
    adjustment = ScoreAdjustment(
        center=center,
        score_month=score_month,
        user=user,
        points=_q(points),
        reason=reason,
        made_by=by,
    )
    adjustment.full_clean()
    adjustment.save()
    audit_create(by=by, obj=adjustment, verb=_("稿分调整"))
    return adjustment


def scoring_year_compute(*, center: Center, year: int, by: User | None = None) -> list[ScoreMonth]:
    """Every month of `year` up to the current one, skipping closed months (for the demo)."""
    today = timezone.localdate()
    months = []
    for m in range(1, 13):
        month = dt.date(year, m, 1)
        if month > today:
            break
        if selectors.month_is_closed(center=center, month=month):
            continue
        months.append(scoring_month_compute(center=center, month=month, by=by))
    return months
