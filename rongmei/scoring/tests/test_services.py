"""Monthly scores: computed from the records, shared between co-authors, highest level only,
rules by month, closed months, adjustments."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rongmei.outreach.services import adoption_create, outlet_create
from rongmei.scoring.models import ScoreAdjustment, ScoreLine, ScoreMonth
from rongmei.scoring.selectors import month_results, person_lines
from rongmei.scoring.services import (
    score_rule_create,
    score_rule_update,
    scoring_adjust,
    scoring_month_close,
    scoring_month_compute,
    story_grade_set,
)
from rongmei.scoring.tests.factories import signed_off_story

JUNE = dt.date(2021, 6, 1)
MEDIUM = "<p>" + "字" * 500 + "</p>"


@pytest.fixture
def staff(center, make_user):
    return {
        role: make_user(center, role, username=f"{role}-sc")
        for role in ("reporter", "camera", "editor", "chief_editor", "director")
    }


@pytest.fixture
def outlets(center):
    return {
        level: outlet_create(by=None, center=center, name=name, level=level)
        for level, name in (
            ("central", "人民日报"),
            ("provincial", "青海日报"),
            ("municipal", "海东日报"),
            ("county", "邻县融媒"),
        )
    }


def _total(score_month, user):
    return person_lines(score_month=score_month, user_id=user.pk)["total"]


def test_coauthors_share_a_story_by_role(center, staff):
    signed_off_story(
        center,
        [(staff["reporter"], "writer"), (staff["camera"], "camera"), (staff["editor"], "editor")],
        genre="feature",
        body=MEDIUM,
    )

    month = scoring_month_compute(center=center, month=JUNE)

    # 通讯特写 4 points × B 1 × medium 1 = 4, shared 6:3:1.
    assert _total(month, staff["reporter"]) == Decimal("2.40")
    assert _total(month, staff["camera"]) == Decimal("1.20")
    assert _total(month, staff["editor"]) == Decimal("0.40")
    line = ScoreLine.objects.get(user=staff["reporter"])
    assert line.item_points == Decimal("4.00")
    assert "通讯特写4分×B级1（未评级）×中等篇幅1" in line.rule_text
    assert "按分工权重分配" in line.rule_text


def test_grade_length_and_channels_score_a_story(center, staff):
    story = signed_off_story(
        center,
        [(staff["reporter"], "writer")],
        genre="news",
        body="<p>" + "字" * 1600 + "</p>",
        channels=["wechat", "tv"],
    )
    story_grade_set(by=staff["chief_editor"], story=story, grade="A")

    month = scoring_month_compute(center=center, month=JUNE)

    # 消息 2 × A 1.5 × long 1.5 + 微信 0.5 + 电视 1 = 6.
    assert _total(month, staff["reporter"]) == Decimal("6.00")


def test_reporter_may_not_grade_a_story(center, staff):
    story = signed_off_story(center, [(staff["reporter"], "writer")])

    with pytest.raises(PermissionDenied):
        story_grade_set(by=staff["reporter"], story=story, grade="A")


def test_an_item_adopted_at_several_levels_counts_once_at_the_highest(center, staff, outlets):
    credits = [(staff["reporter"], "writer")]
    for level, day in (("county", 2), ("municipal", 5), ("provincial", 8)):
        adoption_create(
            by=None, center=center, outlet=outlets[level], date=dt.date(2021, 6, day),
            title="高原夏菜喜丰收", credits=credits,
        )  # fmt: skip

    month = scoring_month_compute(center=center, month=JUNE)

    lines = ScoreLine.objects.filter(score_month=month).order_by("date")
    assert [line.points for line in lines] == [Decimal(0), Decimal(0), Decimal("5.00")]
    assert "同一稿件已按更高级别计分" in lines[0].rule_text
    assert _total(month, staff["reporter"]) == Decimal("5.00")


def test_a_higher_level_next_month_scores_only_the_difference(center, staff, outlets):
    credits = [(staff["reporter"], "writer")]
    adoption_create(
        by=None, center=center, outlet=outlets["municipal"], date=dt.date(2021, 5, 20),
        title="同一稿件", credits=credits,
    )  # fmt: skip
    adoption_create(
        by=None, center=center, outlet=outlets["provincial"], date=dt.date(2021, 6, 2),
        title="同一稿件", credits=credits,
    )  # fmt: skip

    may = scoring_month_compute(center=center, month=dt.date(2021, 5, 1))
    june = scoring_month_compute(center=center, month=JUNE)

    assert _total(may, staff["reporter"]) == Decimal("3.00")
    assert _total(june, staff["reporter"]) == Decimal("2.00")


def test_summing_every_level_when_the_rule_says_so(center, staff, outlets):
    score_rule_create(by=staff["director"], center=center, effective_month=JUNE, multi_level="sum")
    credits = [(staff["reporter"], "writer")]
    for level in ("municipal", "provincial"):
        adoption_create(
            by=None, center=center, outlet=outlets[level], date=dt.date(2021, 6, 2),
            title="同一稿件", credits=credits,
        )  # fmt: skip

    month = scoring_month_compute(center=center, month=JUNE)

    assert _total(month, staff["reporter"]) == Decimal("8.00")


def test_imported_adoptions_credit_staff_found_by_name(center, staff, outlets):
    adoption_create(
        by=None, center=center, outlet=outlets["provincial"], date=dt.date(2021, 6, 2),
        title="导入的稿件", authors="reporter-sc、外单位作者",
    )  # fmt: skip

    month = scoring_month_compute(center=center, month=JUNE)

    assert _total(month, staff["reporter"]) == Decimal("5.00")


def test_a_rule_change_takes_effect_from_its_month_only(center, staff, outlets):
    credits = [(staff["reporter"], "writer")]
    for day, title in ((dt.date(2021, 5, 10), "五月稿件"), (dt.date(2021, 6, 10), "六月稿件")):
        adoption_create(
            by=None, center=center, outlet=outlets["provincial"], date=day, title=title,
            credits=credits,
        )  # fmt: skip
    score_rule_create(
        by=staff["director"], center=center, effective_month=JUNE, adoption_provincial=8
    )

    may = scoring_month_compute(center=center, month=dt.date(2021, 5, 1))
    june = scoring_month_compute(center=center, month=JUNE)

    assert _total(may, staff["reporter"]) == Decimal("5.00")
    assert _total(june, staff["reporter"]) == Decimal("8.00")
    assert june.rule.effective_month == JUNE
    assert may.rule is None


def test_only_the_director_makes_rules(center, staff):
    with pytest.raises(PermissionDenied):
        score_rule_create(by=staff["chief_editor"], center=center, effective_month=JUNE)


def test_a_closed_month_refuses_changes(center, staff, outlets):
    story = signed_off_story(center, [(staff["reporter"], "writer")], body=MEDIUM)
    month = scoring_month_close(center=center, month=JUNE, by=staff["director"])
    before = list(ScoreLine.objects.filter(score_month=month).values_list("points", flat=True))
    adoption_create(
        by=None, center=center, outlet=outlets["central"], date=dt.date(2021, 6, 20),
        title="结账后登记", credits=[(staff["reporter"], "writer")],
    )  # fmt: skip

    with pytest.raises(ValidationError):
        scoring_month_compute(center=center, month=JUNE, by=staff["director"])
    with pytest.raises(ValidationError):
        story_grade_set(by=staff["chief_editor"], story=story, grade="A")
    with pytest.raises(ValidationError):
        score_rule_create(by=staff["director"], center=center, effective_month=JUNE)
    with pytest.raises(ValidationError):
        score_rule_update(by=staff["director"], rule=_rule_of(month, staff, center))

    assert (
        list(ScoreLine.objects.filter(score_month=month).values_list("points", flat=True)) == before
    )


def _rule_of(month, staff, center):
    from rongmei.scoring.models import ScoreRule

    # A rule that scored a closed month: make one in May, close June under it.
    rule = ScoreRule.objects.create(center=center, effective_month=dt.date(2021, 5, 1))
    ScoreMonth.objects.filter(pk=month.pk).update(rule=rule)
    return rule


def test_a_closed_month_changes_only_by_recorded_adjustments(center, staff):
    signed_off_story(center, [(staff["reporter"], "writer")], body=MEDIUM)
    month = scoring_month_close(center=center, month=JUNE, by=staff["director"])

    scoring_adjust(
        by=staff["director"], center=center, month=JUNE, user=staff["reporter"], points="-1.5",
        reason="稿件差错一次",
    )  # fmt: skip

    assert _total(month, staff["reporter"]) == Decimal("0.50")
    adjustment = ScoreAdjustment.objects.get()
    assert adjustment.made_by == staff["director"]
    assert adjustment.reason == "稿件差错一次"


def test_adjustments_need_the_director_and_a_reason(center, staff):
    with pytest.raises(PermissionDenied):
        scoring_adjust(
            by=staff["chief_editor"], center=center, month=JUNE, user=staff["reporter"],
            points=2, reason="奖励",
        )  # fmt: skip
    with pytest.raises(ValidationError):
        scoring_adjust(
            by=staff["director"], center=center, month=JUNE, user=staff["reporter"],
            points=2, reason="  ",
        )  # fmt: skip
    assert not ScoreAdjustment.objects.exists()


def test_ranking_per_center_and_department(center, staff, make_user):
    from rongmei.accounts.services import department_create

    dept = department_create(center=center, name="新闻采访部")
    a = make_user(center, "reporter", username="甲", department=dept)
    b = make_user(center, "reporter", username="乙", department=dept)
    c = make_user(center, "reporter", username="丙")
    for user, n in ((a, 2), (b, 1), (c, 2)):
        for i in range(n):
            signed_off_story(center, [(user, "writer")], title=f"{user}{i}", body=MEDIUM)

    rows = month_results(score_month=scoring_month_compute(center=center, month=JUNE))

    ranks = {r["name"]: (r["rank"], r["department_rank"], r["department"]) for r in rows}
    assert ranks == {"丙": (1, 1, ""), "甲": (1, 1, "新闻采访部"), "乙": (3, 2, "新闻采访部")}


def test_other_centers_records_are_not_scored(center, other_center, staff, make_user):
    foreign = make_user(other_center, "reporter", username="foreign")
    signed_off_story(other_center, [(foreign, "writer")], body=MEDIUM)

    month = scoring_month_compute(center=center, month=JUNE)

    assert not month.lines.exists()
