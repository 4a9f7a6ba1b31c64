"""The demo center's planning and newsroom year: leads (public tips included), topics,
assignments and stories taken through 三审三校, all through the services the staff UI uses.

The services stamp leads, stories and review records with the time they run (they take
no date); the year shows in the topics' planned dates and the assignments' due dates, and
each story's timestamps (creation, revisions, review steps, sign-off, versions) are then
moved onto its planned day. Built only when the center has no story yet, so a rerun adds
nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from wagtail.models import Revision, TaskState, WorkflowState

from rongmei.accounts.models import Membership, User
from rongmei.core.models import Center
from rongmei.core.roles import ROLE_GROUP_NAMES, Role
from rongmei.newsroom.choices import AuthorRole, Genre, VersionKind
from rongmei.newsroom.models import Campaign, ChannelVersion, Column, ReviewRecord, Story
from rongmei.newsroom.services import (
    review_decide,
    story_create,
    story_submit,
    story_update,
    story_withdraw,
    version_create,
)
from rongmei.planning.choices import AssigneeRole, LeadSource
from rongmei.planning.models import Assignment, Lead, Topic
from rongmei.planning.services import (
    assignment_accept,
    assignment_cancel,
    assignment_complete,
    assignment_create,
    assignment_dispatch,
    assignment_start,
    assignment_submit,
    lead_create,
    lead_dismiss,
    lead_merge,
    lead_to_topic,
    topic_approve,
    topic_propose,
    topic_refuse,
)
from rongmei.planning.tips import tip_submit

from .holidays import spread_dates
from .vocabulary import STREETS, TOWNS, VILLAGES, Names, fill, pick_theme

Counts = dict[str, int]

KEYS = (
    "planning_leads",
    "planning_public_tips",
    "planning_topics",
    "planning_assignments",
    "newsroom_stories",
    "newsroom_versions",
    "newsroom_signed_off",
)

TIPS = (
    "{town}{street}的路灯坏了好几天，晚上出行很不方便，希望有关部门尽快修好。",
    "{village}村口的排水沟堵了，一下雨污水就漫到路上，请记者来看看。",
    "{street}新开了一家爱心早餐店，给环卫工人免费送早餐，值得宣传。",
    "{town}农贸市场门口早上车辆乱停，堵得很厉害，孩子上学都过不去。",
    "{village}的老党员坚持义务打扫村道十几年，村里人都很敬佩他。",
    "{street}小区旁边的工地晚上十点以后还在施工，噪音很大影响休息。",
    "{town}今年的{crop}丰收了，但是销路不太好，希望媒体帮忙宣传一下。",
    "{village}几个年轻人返乡搞直播带货，把家乡特产卖到了全国。",
    "{street}公交站的候车亭被大风刮坏了，下雨天没地方躲雨。",
    "{town}中心学校的老师利用周末给留守儿童免费补课，很感动。",
)
PHONE_PREFIXES = ("138", "139", "150", "151", "177", "186", "189")

LEAD_NOTES = (
    "建议派记者实地采访，听取群众和部门的说法。",
    "可做成系列报道，配发图片和短视频。",
    "宣传部交办，请按要求做好报道。",
    "素材已初步核实，可进一步挖掘人物故事。",
)
DISMISS_REASONS = (
    "经核实与事实不符，不予采用。",
    "已由相关部门处理完毕，不再跟进。",
    "新闻价值不高，暂不报道。",
    "属个人纠纷，已建议通过12345热线反映。",
    "近期已作过同类报道。",
)
REFUSE_OPINIONS = (
    "角度与近期报道重复，暂不安排。",
    "时机不成熟，待工作有实质进展后再报道。",
    "涉及未公开信息，须先与主管部门沟通。",
)
CANCEL_REASONS = ("活动延期举行，任务取消。", "采访对象临时外出，改期另行安排。")

OPINIONS = {
    "first": ("文字已校，同意送复审。", "已核对人名、地名和数据，同意。", "标题已修改，同意。"),
    "second": ("同意，送终审。", "导向正确，事实清楚，同意。", "内容属实，同意送终审。"),
    "final": ("同意签发。", "签发。", "同意刊发，注意同步客户端。"),
}
SEND_BACK = {
    "first": ("导语过长，请精简后再送审。", "数据出处不明，请补充来源。"),
    "second": ("缺少群众声音，请补充采访。", "标题不够准确，请修改。"),
    "final": ("个别表述欠妥，请修改后重新送审。", "请补充主管部门的权威说法。"),
}
VETO_OPINION = "涉及尚未公开的人事安排，导向把握不准，不予刊发。"
WITHDRAW_REASON = "稿件中一处数据有误，经核实后撤稿，更正后另行刊发。"
REVISED = "<p>（已按审核意见修改。）</p>"

BODY = (
    "<p>{date}，{title}。</p>"
    "<p>记者在{town}{village}看到，当地干部群众围绕这项工作积极行动、扎实推进。"
    "“{quote}”{name}说。</p>"
    "<p>下一步，{town}将持续抓好落实，让群众得到更多实惠。</p>"
)
QUOTES = (
    "现在环境越来越好，我们打心眼里高兴",
    "政策好、干部实，日子越过越有奔头",
    "大家一起动手，家门口的事办得又快又好",
    "我们会一直干下去，把这件好事办好",
)

# What becomes of each story, and how many at scale 1.
OUTCOMES = (
    ("published", 42),
    ("sent_back", 8),  # sent back once, revised, then signed off
    ("vetoed", 1),
    ("withdrawn", 1),  # signed off, then withdrawn with a reason
    ("in_review", 4),
    ("needs_changes", 1),
    ("draft", 3),
)
# How far each assignment goes, and how many at scale 1 (the completed ones get stories).
ASSIGNMENT_ENDS = (
    ("complete", 40),
    ("submit", 2),
    ("start", 2),
    ("accept", 1),
    ("dispatch", 1),
    ("draft", 2),
    ("cancel", 2),
)
LEVELS = ("first", "second", "final")


def _users(center: Center, role: str) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(
            center=center, is_active=True, roles__name=ROLE_GROUP_NAMES[role]
        )
        .select_related("user")
        .order_by("user__username")
    ]


def _account(center: Center, username: str) -> User | None:
    prefix = "" if center.code == "632224" else f"{center.code}-"
    return User.objects.filter(username=prefix + username).first()


def _deal(rng: random.Random, plan: tuple[tuple[str, int], ...], scale: int) -> list[str]:
    out = [name for name, n in plan for _i in range(n * scale)]
    rng.shuffle(out)
    return out


def _phone(rng: random.Random) -> str:
    return rng.choice(PHONE_PREFIXES) + "".join(str(rng.randint(0, 9)) for _ in range(8))


def _text(rng: random.Random, names: Names, template: str) -> str:
    return fill(template.replace("{street}", rng.choice(STREETS)), rng, names)


def _date_story(story: Story, day: dt.date, tz: ZoneInfo) -> None:
    """Move one story's timeline onto its planned day, keeping the order of its steps.

    Revisions and review records are spaced through the working day from 09:00; a
    withdrawal falls on the next day (within the year). Versions are made with the
    first draft; signed-off versions go out with the sign-off.
    """
    revisions = list(
        Revision.objects.filter(
            content_type__app_label="newsroom", content_type__model="story", object_id=str(story.pk)
        ).values_list("pk", "created_at")
    )
    records = list(story.review_records.values_list("pk", "created_at", "action"))
    events = sorted(
        [("revision", pk, at, "") for pk, at in revisions]
        + [("record", pk, at, action) for pk, at, action in records],
        key=lambda e: (e[2], e[0] == "record", e[1]),
    )
    start = dt.datetime.combine(day, dt.time(9, 0), tzinfo=tz)
    step = dt.timedelta(minutes=min(45, 8 * 60 // max(len(events), 1)))
    next_day = day + dt.timedelta(days=1) if day.month != 12 or day.day != 31 else day
    stamps: dict[tuple[str, int], dt.datetime] = {}
    for i, (kind, pk, _at, action) in enumerate(events):
        at = start + step * i
        if action == "withdraw":
            at = dt.datetime.combine(next_day, dt.time(10, 30), tzinfo=tz)
        stamps[(kind, pk)] = at
        model = Revision if kind == "revision" else ReviewRecord
        if kind == "revision":
            model.objects.filter(pk=pk).update(created_at=at)
        else:
            model.objects.filter(pk=pk).update(created_at=at, updated_at=at)
    first = min(stamps.values(), default=start)
    last = max(stamps.values(), default=start)
    signed = [stamps[("record", pk)] for pk, _at, action in records if action == "approve"]
    published = max(signed) if story.published_at is not None and signed else None
    fields = {"created_at": first, "updated_at": last}
    if published is not None:
        fields.update(
            published_at=published, first_published_at=published, last_published_at=published
        )
    Story.objects.filter(pk=story.pk).update(**fields)
    versions = ChannelVersion.objects.filter(story=story)
    versions.update(created_at=first + dt.timedelta(minutes=10), updated_at=last)
    if published is not None:
        versions.exclude(published_at=None).update(published_at=published)
    states = WorkflowState.objects.filter(
        base_content_type__app_label="newsroom",
        base_content_type__model="story",
        object_id=str(story.pk),
    )
    submits = sorted(stamps[("record", pk)] for pk, _at, action in records if action == "submit")
    for state, at in zip(states.order_by("pk"), submits, strict=False):
        WorkflowState.objects.filter(pk=state.pk).update(created_at=at)
        for n, task_state in enumerate(
            TaskState.objects.filter(workflow_state=state).order_by("pk")
        ):
            began = at + step * n
            TaskState.objects.filter(pk=task_state.pk).update(
                started_at=began,
                finished_at=None if task_state.finished_at is None else began + step,
            )


@transaction.atomic
def build_newsroom(
    *, center: Center, year: int, rng: random.Random, scale: int, progress
) -> Counts:
    """Leads, topics, assignments and stories reviewed at 初审/复审/终审 through the year."""
    from .year import _summarise, _ticker  # year.py imports this module

    counts = dict.fromkeys(KEYS, 0)
    if Story.objects.filter(center=center).exists():
        return counts
    reporter, camera = _account(center, "reporter"), _account(center, "camera")
    editor, desk_head = _account(center, "editor"), _account(center, "deskhead")
    chief = _account(center, "chief")
    if None in (reporter, camera, editor, desk_head, chief):
        return counts
    # Authors never review at 复审/终审: the desk head and the chief write nothing here.
    reviewers_up = {desk_head.pk, chief.pk}
    reporters = [u for u in _users(center, Role.REPORTER) if u.pk not in reviewers_up]
    cameras = [u for u in _users(center, Role.CAMERA) if u.pk not in reviewers_up]
    reporters, cameras = reporters or [reporter], cameras or [camera]
    editors = [u for u in _users(center, Role.EDITOR) if u not in reporters] or [editor]
    planners = [desk_head] * 3 + [chief]
    names = Names.of(center)
    columns = {c.name: c for c in Column.objects.filter(center=center)}
    campaigns = {c.name: c for c in Campaign.objects.filter(center=center)}
    tz = ZoneInfo(settings.TIME_ZONE)
    tick = _ticker(progress, "采编流程")

    def themed(date: dt.date) -> tuple[str, list[Column], list[Campaign]]:
        theme = pick_theme(rng, date.month)
        title = fill(rng.choice(theme.titles), rng, names)
        column = columns.get(theme.column(names)) if theme.column else None
        tagged = [campaigns[n] for n in theme.campaigns if n in campaigns and rng.random() < 0.8]
        return title, [column] if column and rng.random() < 0.5 else [], tagged

    # -- leads: public tips (no attachments) and the staff's own, then triage
    leads: list[Lead] = []
    for i, date in enumerate(spread_dates(rng, year, 60 * scale)):
        if i % 10 in (1, 4, 7):  # three in ten come from the public
            content = _text(rng, names, rng.choice(TIPS))
            lead = tip_submit(
                center=center,
                content=content,
                contact=_phone(rng),
                address=f"seed-demo-{center.code}-{year}-{i}",
            )
            counts["planning_public_tips"] += 1
        else:
            title, _columns, _campaigns = themed(date)
            source = LeadSource.PROPAGANDA if rng.random() < 0.15 else LeadSource.STAFF
            lead = lead_create(
                by=rng.choice([*reporters, *cameras, desk_head]),
                center=center,
                title=title,
                content=f"{date:%-m月%-d日}：{title}。{rng.choice(LEAD_NOTES)}",
                source=source,
            )
        leads.append(lead)
        tick()
    counts["planning_leads"] = len(leads)

    order = list(range(len(leads)))
    rng.shuffle(order)
    to_topic, rest = order[: 30 * scale], order[30 * scale :]
    merged, dismissed = rest[: 8 * scale], rest[8 * scale : 22 * scale]  # the rest stay new
    topics: list[Topic] = []
    for i in sorted(to_topic):
        topics.append(lead_to_topic(lead=leads[i], by=rng.choice([*editors[:2], desk_head])))
    for i in merged:
        into = leads[rng.choice(to_topic)]
        lead_merge(lead=leads[i], into=into, by=rng.choice([editor, desk_head]))
    for i in dismissed:
        lead_dismiss(
            lead=leads[i], by=rng.choice([editor, desk_head]), reason=rng.choice(DISMISS_REASONS)
        )

    # -- topics proposed directly, with their planned date; then the desk decides
    for date in spread_dates(rng, year, 10 * scale):
        title, topic_columns, topic_campaigns = themed(date)
        topics.append(
            topic_propose(
                by=rng.choice(reporters[:4] + editors[:2] + [desk_head]),
                center=center,
                title=title,
                summary=f"围绕“{title}”组织采访，做好全媒体报道。",
                planned_date=date,
                columns=topic_columns,
                campaigns=topic_campaigns,
                want_photo=rng.random() < 0.5,
                want_video=rng.random() < 0.6,
                want_live=rng.random() < 0.05,
            )
        )
        tick()
    counts["planning_topics"] = len(topics)
    decisions = ["refuse"] * 3 * scale + ["wait"] * 2 * scale
    decisions += ["approve"] * (len(topics) - len(decisions))
    rng.shuffle(decisions)
    approved: list[Topic] = []
    for topic, decision in zip(topics, decisions, strict=True):
        if decision == "approve":
            approved.append(topic_approve(topic=topic, by=rng.choice(planners)))
        elif decision == "refuse":
            topic_refuse(topic=topic, by=rng.choice(planners), opinion=rng.choice(REFUSE_OPINIONS))

    # -- assignments: every approved topic, some twice; each taken as far as planned
    ends = _deal(rng, ASSIGNMENT_ENDS, scale)
    picks = approved + [rng.choice(approved) for _i in range(len(ends) - len(approved))]
    done: list[tuple[Assignment, User, User | None, dt.date]] = []
    for date, topic, end in zip(spread_dates(rng, year, len(ends)), picks, ends, strict=True):
        date = topic.planned_date or date
        writer = rng.choice(reporters)
        shooter = rng.choice(cameras) if rng.random() < 0.6 else None
        members = [(writer, AssigneeRole.REPORTER)]
        if shooter is not None:
            members.append((shooter, AssigneeRole.CAMERA))
        planner = rng.choice(planners)
        assignment = assignment_create(
            by=planner,
            center=center,
            title=f"采访：{topic.title}"[:200],
            due=dt.datetime.combine(date, dt.time(rng.choice((12, 17, 18)), 0), tzinfo=tz),
            topic=topic,
            location=f"{rng.choice(TOWNS)}{rng.choice(VILLAGES)}",
            notes="文字稿当天交，视频素材同步回传。",
            members=members,
        )
        if end == "cancel":
            assignment_cancel(assignment=assignment, by=planner, reason=rng.choice(CANCEL_REASONS))
        elif end != "draft":
            assignment_dispatch(assignment=assignment, by=planner)
            reach = {"dispatch": 0, "accept": 1, "start": 2, "submit": 3, "complete": 3}[end]
            for action in (assignment_accept, assignment_start, assignment_submit)[:reach]:
                action(assignment=assignment, by=writer)
            if end == "complete":
                assignment_complete(assignment=assignment, by=planner)
                done.append((assignment, writer, shooter, date))
        counts["planning_assignments"] += 1
        tick()

    # -- stories: those of the completed assignments, then the desk's own
    outcomes = _deal(rng, OUTCOMES, scale)
    own = [
        (None, rng.choice(reporters), rng.choice(cameras) if rng.random() < 0.3 else None, d)
        for d in spread_dates(rng, year, len(outcomes) - len(done))
    ]
    for (assignment, writer, shooter, date), outcome in zip(done + own, outcomes, strict=True):
        if assignment is not None and assignment.topic is not None:
            title = assignment.topic.title
            story_columns = list(assignment.topic.columns.all())
            story_campaigns = list(assignment.topic.campaigns.all())
        else:
            title, story_columns, story_campaigns = themed(date)
        authors = [(writer, AuthorRole.WRITER)]
        if shooter is not None:
            authors.append((shooter, AuthorRole.CAMERA))
        body = BODY.format(
            date=f"{date:%-m月%-d日}",
            title=title.rstrip("。"),
            town=rng.choice(TOWNS),
            village=rng.choice(VILLAGES),
            quote=rng.choice(QUOTES),
            name=fill("{name}", rng, names),
        )
        story = story_create(
            by=writer,
            center=center,
            title=title,
            body=body,
            summary=title[:100],
            genre=rng.choices(
                (Genre.NEWS, Genre.FEATURE, Genre.PHOTO, Genre.COMMENTARY), (12, 4, 2, 1)
            )[0],
            assignment=assignment,
            columns=story_columns,
            campaigns=story_campaigns,
            authors=authors,
        )
        kinds = [VersionKind.WECHAT, VersionKind.WEB]
        # Some stories are also cut as a short video (Douyin, Kuaishou) or read on the
        # TV news; their jobs wait for an operator or go into a rundown.
        if shooter is not None and rng.random() < 0.5:
            kinds.append(VersionKind.SHORT_VIDEO)
        if rng.random() < 0.12:
            kinds.append(VersionKind.TV)
        for kind in kinds:
            version_create(story=story, kind=kind, by=rng.choice([writer, *editors[:2]]))
            counts["newsroom_versions"] += 1
        counts["newsroom_stories"] += 1
        tick()
        if outcome == "draft":
            _date_story(story, date, tz)
            continue
        story_submit(story=story, by=writer)
        first = rng.choice(editors)
        reviewers = {"first": first, "second": desk_head, "final": chief}
        back_at = rng.choice(LEVELS) if outcome in ("sent_back", "needs_changes") else None
        stop_at = rng.choice(LEVELS) if outcome == "in_review" else None
        for level in LEVELS:
            if level == stop_at:
                break
            if level == back_at:
                story = review_decide(
                    story=story,
                    by=reviewers[level],
                    action="reject",
                    opinion=rng.choice(SEND_BACK[level]),
                )
                if outcome == "needs_changes":
                    break
                story_update(story=story, by=writer, body=story.body + REVISED)
                story_submit(story=story, by=writer)
                for again in LEVELS:
                    story = review_decide(
                        story=story,
                        by=reviewers[again],
                        action="approve",
                        opinion=rng.choice(OPINIONS[again]),
                    )
                break
            if level == "final" and outcome == "vetoed":
                story = review_decide(story=story, by=chief, action="veto", opinion=VETO_OPINION)
                break
            story = review_decide(
                story=story,
                by=reviewers[level],
                action="approve",
                opinion=rng.choice(OPINIONS[level]),
            )
        if outcome == "withdrawn":
            story = story_withdraw(story=story, by=chief, reason=WITHDRAW_REASON)
        if story.published_at is not None:
            counts["newsroom_signed_off"] += 1
        _date_story(story, date, tz)
    tick(0)
    _summarise(center, "采编流程", year, counts)
    return counts
