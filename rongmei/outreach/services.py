"""Outreach owns outside media (外部媒体), submissions to them (报送) and the center's
stories they adopted (外宣刊播)."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rongmei.accounts.models import Membership
from rongmei.accounts.selectors import has_role
from rongmei.core.audit import (
    audit_create,
    audit_record,
    audit_transition,
    audit_update,
    snapshot,
)
from rongmei.core.changes import apply_changes as _apply
from rongmei.core.changes import check_campaigns as _check_campaigns
from rongmei.core.models import AuditAction, Center
from rongmei.core.records import record_delete
from rongmei.core.roles import Role
from rongmei.core.tenancy import record_center_ids

from .models import (
    Adoption,
    AdoptionCredit,
    CreditRole,
    Outcome,
    Outlet,
    Placement,
    Submission,
    SubmissionMethod,
    SubmissionTarget,
)

if TYPE_CHECKING:
    from django.core.files import File

    from rongmei.accounts.models import User
    from rongmei.newsroom.models import Campaign, ChannelVersion, Story

OUTLET_FIELDS = frozenset({"name", "level", "parent", "contacts", "submission_address"})
ADOPTION_FIELDS = frozenset(
    {
        "outlet", "date", "title", "kind", "placement", "url", "authors", "ref", "programme",
        "story", "evidence",
    }
)  # fmt: skip
# Who registers submissions and their outcomes; reporters and camera operators may
# submit stories they are credited on.
REGISTER_ROLES = (
    Role.EDITOR,
    Role.DESK_HEAD,
    Role.CHIEF_EDITOR,
    Role.CHANNEL_OPERATOR,
    Role.DIRECTOR,
)
AUTHOR_ROLES = (Role.REPORTER, Role.CAMERA)
STARTER_FILE = Path(__file__).resolve().parent / "data" / "starter_outlets.json"
Credits = Sequence[tuple["User", str]]


def _require_register(by: User | None, center_id: int) -> None:
    """Staff actions need a registering role; `by=None` is the system (imports, demo)."""
    if by is not None and not has_role(by, center_id, *REGISTER_ROLES):
        raise PermissionDenied(_("没有登记外宣报送与采用的权限。"))


def _check_credits(center_id: int, credits: Credits) -> list[tuple[User, str]]:
    checked = []
    for user, role in credits:
        if role not in CreditRole.values:
            raise ValidationError({"credits": _("署名分工不正确。")})
        if not user.is_superuser and center_id not in record_center_ids(user):
            raise ValidationError({"credits": _("署名人员不是本中心的员工。")})
        if (user.pk, role) not in {(u.pk, r) for u, r in checked}:
            checked.append((user, role))
    return checked


def _names(credits: Credits) -> str:
    seen: list[str] = []
    for user, _role in credits:
        name = str(user)
        if name not in seen:
            seen.append(name)
    return "、".join(seen)[:300]


def _story_credits(story: Story | None) -> list[tuple[User, str]]:
    if story is None:
        return []
    return [(a.user, a.role) for a in story.authors.select_related("user").order_by("sort_order")]


@transaction.atomic
def outlet_create(
    *,
    by: User | None,
    center: Center,
    name: str,
    level: str,
    parent: Outlet | None = None,
    contacts: str = "",
    submission_address: str = "",
    audit: bool = True,
) -> Outlet:
    outlet = Outlet(
        center=center,
        name=name.strip(),
        level=level,
        parent=parent,
        contacts=contacts,
        submission_address=submission_address.strip(),
    )
    outlet.full_clean()
    outlet.save()
    if audit:
        audit_create(by=by, obj=outlet)
    return outlet


@transaction.atomic
def outlet_update(*, by: User | None, outlet: Outlet, audit: bool = True, **changes: Any) -> Outlet:
    before = snapshot(outlet)
    _apply(outlet, changes, OUTLET_FIELDS)
    outlet.full_clean()
    outlet.save()
    if audit:
        audit_update(by=by, obj=outlet, before=before)
    return outlet


@transaction.atomic
def outlet_delete(*, by: User | None, outlet: Outlet) -> None:
    """Delete an outlet nothing refers to: no outlet below it, no submission or adoption."""
    if outlet.children.exists():
        raise ValidationError(_("该媒体下还有下级媒体，不能删除。"))
    if outlet.adoptions.exists() or SubmissionTarget.objects.filter(outlet=outlet).exists():
        raise ValidationError(_("该媒体已有报送或采用记录，不能删除。"))
    record_delete(by=by, obj=outlet)


@transaction.atomic
def adoption_create(
    *,
    by: User | None,
    center: Center,
    outlet: Outlet,
    date: dt.date,
    title: str,
    kind: str = "",
    placement: str = Placement.OTHER,
    url: str = "",
    authors: str = "",
    campaigns: Iterable[Campaign] = (),
    ref: str = "",
    programme: str = "",
    story: Story | None = None,
    evidence: File | None = None,
    credits: Credits = (),
    audit: bool = True,
) -> Adoption:
    """Record that an outside outlet carried one of the center's stories.

    `credits` are the staff credited, as (user, role); the text `authors` is filled
    from their names when not given, so that imported and registered rows read alike.
    """
    campaigns = _check_campaigns(center.pk, campaigns)
    credits = _check_credits(center.pk, credits)
    adoption = Adoption(
        center=center,
        outlet=outlet,
        date=date,
        title=title.strip(),
        kind=kind,
        placement=placement,
        url=url,
        authors=authors or _names(credits),
        ref=ref.strip(),
        programme=programme.strip(),
        story=story,
    )
    if evidence is not None:
        adoption.evidence = evidence
    adoption.full_clean()
    adoption.save()
    if campaigns:
        adoption.campaigns.set(campaigns)
    AdoptionCredit.objects.bulk_create(
        AdoptionCredit(adoption=adoption, user=user, role=role, sort_order=i)
        for i, (user, role) in enumerate(credits)
    )
    if audit:
        audit_create(by=by, obj=adoption)
    return adoption


@transaction.atomic
def adoption_update(
    *,
    by: User | None,
    adoption: Adoption,
    campaigns: Iterable[Campaign] | None = None,
    audit: bool = True,
    **changes: Any,
) -> Adoption:
    before = snapshot(adoption)
    if changes.get("evidence") is False:  # a form's "clear" box
        changes["evidence"] = ""
    _apply(adoption, changes, ADOPTION_FIELDS)
    adoption.full_clean()
    adoption.save()
    if campaigns is not None:
        new = _check_campaigns(adoption.center_id, campaigns)
        old_names = sorted(c.name for c in adoption.campaigns.all())
        adoption.campaigns.set(new)
        new_names = sorted(c.name for c in new)
        if audit and old_names != new_names:
            audit_record(
                action=AuditAction.UPDATE,
                by=by,
                obj=adoption,
                changes={"campaigns": [old_names, new_names]},
            )
    if audit:
        audit_update(by=by, obj=adoption, before=before)
    return adoption


@transaction.atomic
def adoption_credits_set(*, by: User | None, adoption: Adoption, credits: Credits) -> Adoption:
    """Replace who is credited for an adoption (and the text `authors` with their names)."""
    _require_register(by, adoption.center_id)
    credits = _check_credits(adoption.center_id, credits)
    old = [f"{c.user}:{c.role}" for c in adoption.credits.select_related("user")]
    adoption.credits.all().delete()
    AdoptionCredit.objects.bulk_create(
        AdoptionCredit(adoption=adoption, user=user, role=role, sort_order=i)
        for i, (user, role) in enumerate(credits)
    )
    if credits:
        Adoption.objects.filter(pk=adoption.pk).update(authors=_names(credits))
        adoption.authors = _names(credits)
    audit_record(
        action=AuditAction.UPDATE,
        by=by,
        obj=adoption,
        changes={"credited": [old, [f"{u}:{r}" for u, r in credits]]},
    )
    return adoption


@transaction.atomic
def adoption_delete(*, by: User | None, adoption: Adoption) -> None:
    """Delete an adoption; the submission it was registered from awaits an answer again."""
    target = SubmissionTarget.objects.filter(adoption=adoption).select_related("submission").first()
    record_delete(by=by, obj=adoption)
    if target is not None:
        SubmissionTarget.objects.filter(pk=target.pk).update(
            outcome=Outcome.PENDING, adoption=None, decided_at=None, decided_by=None
        )
        audit_transition(
            by=by,
            obj=target.submission,
            field="outcome",
            old=target.outcome,
            new=Outcome.PENDING,
            verb=_("删除采用记录"),
            extra={"outlet": target.outlet.name},
        )


@transaction.atomic
def adoption_register(
    *,
    by: User,
    center: Center,
    outlet: Outlet,
    date: dt.date,
    title: str,
    placement: str = Placement.OTHER,
    programme: str = "",
    url: str = "",
    kind: str = "",
    story: Story | None = None,
    evidence: File | None = None,
    credits: Credits = (),
) -> Adoption:
    """An adoption found without a submission (e.g. spotted in the paper), registered directly."""
    _require_register(by, center.pk)
    credits = list(credits) or _story_credits(story)
    return adoption_create(
        by=by,
        center=center,
        outlet=outlet,
        date=date,
        title=title or (story.title if story else ""),
        kind=kind,
        placement=placement,
        url=url,
        programme=programme,
        story=story,
        evidence=evidence,
        credits=credits,
    )


# -- the starter list of central outlets ------------------------------------------------


def outlet_starter_list() -> list[dict[str, Any]]:
    """The outlets shipped with the project, parents before their children."""
    with STARTER_FILE.open(encoding="utf-8") as f:
        return json.load(f)["outlets"]


@transaction.atomic
def outlet_load_starter(center: Center, *, by: User | None = None) -> list[Outlet]:
    """Copy the shipped starter list into `center`; outlets it already has (by name) stay
    as they are, so running it again changes nothing. Returns the outlets created."""
    existing = {o.name: o for o in Outlet.objects.filter(center=center)}
    created = []
    for row in outlet_starter_list():
        if row["name"] in existing:
            continue
        parent = existing.get(row["parent"]) if row.get("parent") else None
        outlet = outlet_create(
            by=by,
            center=center,
            name=row["name"],
            level=row["level"],
            parent=parent,
            submission_address=row.get("submission_address", ""),
            audit=False,
        )
        existing[outlet.name] = outlet
        created.append(outlet)
    if created:
        audit_record(
            action=AuditAction.IMPORT,
            by=by,
            center=center,
            verb=_("载入中央媒体起步名单"),
            changes={"outlets": [o.name for o in created]},
        )
    return created


# -- submissions (报送) -----------------------------------------------------------------


def _may_submit(by: User, center_id: int, story: Story | None) -> bool:
    if has_role(by, center_id, *REGISTER_ROLES):
        return True
    if story is None or not has_role(by, center_id, *AUTHOR_ROLES):
        return False
    return story.authors.filter(user=by).exists() or story.created_by_id == by.pk


@transaction.atomic
def submission_create(
    *,
    by: User | None,
    center: Center,
    outlets: Iterable[Outlet],
    date: dt.date,
    method: str = SubmissionMethod.EMAIL,
    title: str = "",
    story: Story | None = None,
    version: ChannelVersion | None = None,
    note: str = "",
    submitted_by: User | None = None,
    audit: bool = True,
) -> Submission:
    """Send a story, a channel version or a free title to one or more outlets.

    Editors, desk heads, chief editors, channel operators and directors register any
    submission; reporters and camera operators only their own stories.
    """
    if version is not None:
        if version.center_id != center.pk:
            raise ValidationError({"version": _("只能选择本中心的渠道版本。")})
        story = story or version.story
        if version.story_id != story.pk:
            raise ValidationError({"version": _("渠道版本不属于所选稿件。")})
    if story is not None and story.center_id != center.pk:
        raise ValidationError({"story": _("只能选择本中心的稿件。")})
    if by is not None and not _may_submit(by, center.pk, story):
        raise PermissionDenied(_("记者只能报送本人署名的稿件。"))
    outlets = list(dict.fromkeys(outlets))
    if not outlets:
        raise ValidationError({"outlets": _("请至少选择一家报送媒体。")})
    if any(o.center_id != center.pk for o in outlets):
        raise ValidationError({"outlets": _("该媒体不属于本中心。")})
    title = (title or (version.title if version else "") or (story.title if story else "")).strip()
    if not title:
        raise ValidationError({"title": _("请填写标题，或选择稿件。")})
    if method not in SubmissionMethod.values:
        raise ValidationError({"method": _("报送方式不正确。")})
    submission = Submission(
        center=center,
        title=title,
        story=story,
        version=version,
        date=date,
        method=method,
        submitted_by=submitted_by or by,
        note=note,
    )
    submission.full_clean()
    submission.save()
    SubmissionTarget.objects.bulk_create(
        SubmissionTarget(submission=submission, outlet=o) for o in outlets
    )
    if audit:
        audit_create(by=by, obj=submission)
    return submission


def _decide(target: SubmissionTarget, outcome: str, by: User | None, verb: str, **extra) -> None:
    old = target.outcome
    target.outcome = outcome
    target.decided_at = timezone.now()
    target.decided_by = by if by is not None and by.is_authenticated else None
    for key, value in extra.items():
        setattr(target, key, value)
    target.save()
    submission = target.submission
    audit_transition(
        by=by,
        obj=submission,
        field="outcome",
        old=old,
        new=outcome,
        verb=verb,
        extra={"outlet": target.outlet.name},
    )


def _locked_target(target: SubmissionTarget) -> SubmissionTarget:
    return (
        # Lock only the target row: PostgreSQL refuses FOR UPDATE on the nullable side
        # of the outer join to the (optional) version.
        SubmissionTarget.objects.select_for_update(of=("self",))
        .select_related("submission", "outlet", "submission__version")
        .get(pk=target.pk)
    )


@transaction.atomic
def submission_adopt(
    *,
    by: User | None,
    target: SubmissionTarget,
    date: dt.date,
    placement: str = Placement.OTHER,
    programme: str = "",
    url: str = "",
    kind: str = "",
    evidence: File | None = None,
    credits: Credits | None = None,
    title: str = "",
    campaigns: Iterable[Campaign] = (),
    audit: bool = True,
) -> Adoption:
    """The outlet carried the submission: create its adoption and link it.

    Credits default to the story's authors with their roles. An outlet that first
    declined may still carry it later; an adopted one cannot be adopted twice.
    """
    target = _locked_target(target)
    submission = target.submission
    _require_register(by, submission.center_id)
    if target.outcome == Outcome.ADOPTED:
        raise ValidationError(_("该媒体已登记采用，不能重复登记。"))
    story = submission.story or (submission.version.story if submission.version else None)
    adoption = adoption_create(
        by=by,
        center=submission.center,
        outlet=target.outlet,
        date=date,
        title=title or submission.title,
        kind=kind,
        placement=placement,
        url=url,
        programme=programme,
        story=story,
        evidence=evidence,
        credits=_story_credits(story) if credits is None else credits,
        campaigns=campaigns,
        audit=audit,
    )
    _decide(target, Outcome.ADOPTED, by, _("登记采用"), adoption=adoption)
    return adoption


@transaction.atomic
def submission_decline(*, by: User | None, target: SubmissionTarget) -> SubmissionTarget:
    """The outlet did not carry the submission (未采用)."""
    target = _locked_target(target)
    _require_register(by, target.submission.center_id)
    if target.outcome != Outcome.PENDING:
        raise ValidationError(_("只有待反馈的报送可以登记为未采用。"))
    _decide(target, Outcome.NOT_ADOPTED, by, _("登记未采用"))
    return target


# -- the demo year ---------------------------------------------------------------------


@transaction.atomic
def submission_demo_year(*, center: Center, year: int, seed: int = 2021) -> dict[str, int]:
    """Submissions behind a year of adoptions, for the demo center; idempotent.

    Every adoption of `year` not yet linked gets the submission it came from (sent 1–5
    days before to its outlet and sometimes to one more, which declined or has not
    answered), and credits for the staff its text `authors` name.
    """
    rng = random.Random(seed)  # noqa: S311 - a repeatable demo, not a secret
    staff: dict[str, Any] = {}
    for m in Membership.objects.filter(center=center, is_active=True).select_related("user"):
        staff.setdefault(str(m.user), m.user)
    outlets = list(Outlet.objects.filter(center=center))
    adoptions = (
        Adoption.objects.filter(center=center, date__year=year, submission_target__isnull=True)
        .select_related("outlet")
        .order_by("date", "pk")
    )
    methods = [SubmissionMethod.EMAIL, SubmissionMethod.PLATFORM, SubmissionMethod.SYSTEM]
    counts = {"submissions": 0, "credits": 0}
    for adoption in adoptions:
        names = [n for n in adoption.authors.replace("，", "、").split("、") if n in staff]
        credits = [(staff[n], CreditRole.WRITER) for n in dict.fromkeys(names)]
        submission = Submission.objects.create(
            center=center,
            title=adoption.title,
            story=adoption.story,
            date=adoption.date - dt.timedelta(days=rng.randint(1, 5)),
            method=rng.choice(methods),
            submitted_by=credits[0][0] if credits else None,
        )
        SubmissionTarget.objects.create(
            submission=submission, outlet=adoption.outlet, outcome=Outcome.ADOPTED,
            adoption=adoption, decided_at=timezone.now(),
        )  # fmt: skip
        if outlets and rng.random() < 0.4:
            other = rng.choice(outlets)
            if other.pk != adoption.outlet_id:
                SubmissionTarget.objects.create(
                    submission=submission,
                    outlet=other,
                    outcome=rng.choice([Outcome.NOT_ADOPTED, Outcome.PENDING]),
                )
        if credits and not adoption.credits.exists():
            AdoptionCredit.objects.bulk_create(
                AdoptionCredit(adoption=adoption, user=u, role=r, sort_order=i)
                for i, (u, r) in enumerate(credits)
            )
            counts["credits"] += len(credits)
        counts["submissions"] += 1
    return counts
