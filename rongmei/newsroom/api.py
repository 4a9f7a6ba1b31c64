"""Stories for machines: `GET /api/v1/stories/` (a center's stories, filtered and paged),
`GET /api/v1/stories/{id}/` (with versions, the review record and corrections) and
`POST /api/v1/stories/{id}/versions/` (a channel version copied from the master).

Signed-in staff only (the session, like every endpoint here); a center or story the user
does not work in is not found (404).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from rongmei.core.middleware import current_center
from rongmei.core.models import Center
from rongmei.core.tenancy import record_center_ids

from . import services
from .choices import Stage
from .selectors import story_detail_for_user, story_list

router = Router(tags=["newsroom"])
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Past these an id or an offset no longer fits a database integer (a server error, not 400).
MAX_ID = 2**63 - 1
MAX_PAGE = 1_000_000


class NamedOut(Schema):
    id: int
    name: str


class AuthorOut(Schema):
    user_id: int
    name: str
    role: str


class StoryOut(Schema):
    id: int
    title: str
    summary: str
    genre: str
    is_original: bool
    stage: str
    stage_label: str
    created_at: dt.datetime
    updated_at: dt.datetime
    published_at: dt.datetime | None
    columns: list[NamedOut]
    campaigns: list[NamedOut]
    authors: list[AuthorOut]


class StoryPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[StoryOut]


class ChannelVersionOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    body: str
    caption: str
    status: str
    published_at: dt.datetime | None


class RecordOut(Schema):
    level: str
    action: str
    action_label: str
    by: str | None
    opinion: str
    revision_id: int | None
    created_at: dt.datetime


class CorrectionOut(Schema):
    reason: str
    note: str
    is_public: bool
    by: str | None
    created_at: dt.datetime


class StoryDetailOut(StoryOut):
    body: str
    center: str
    withdraw_reason: str
    versions: list[ChannelVersionOut]
    review_records: list[RecordOut]
    corrections: list[CorrectionOut]


class VersionIn(Schema):
    kind: str


def _center(request, code: str | None) -> Center:
    ids = record_center_ids(request.user)
    center = Center.objects.filter(code=code).first() if code else current_center(request)
    if center is None or center.pk not in ids:
        raise Http404
    return center


def _name(user) -> str | None:
    return str(user) if user is not None else None


def _story(s) -> dict:
    return {
        "id": s.pk,
        "title": s.title,
        "summary": s.summary,
        "genre": s.genre,
        "is_original": s.is_original,
        "stage": s.stage,
        "stage_label": s.get_stage_display(),
        "created_at": s.created_at,
        "updated_at": s.updated_at,
        "published_at": s.published_at,
        "columns": [{"id": c.pk, "name": c.name} for c in s.columns.all()],
        "campaigns": [{"id": c.pk, "name": c.name} for c in s.campaigns.all()],
        "authors": [
            {"user_id": a.user_id, "name": str(a.user), "role": a.role} for a in s.authors.all()
        ],
    }


def _version(v) -> dict:
    return {
        "id": v.pk,
        "kind": v.kind,
        "kind_label": v.get_kind_display(),
        "title": v.title,
        "body": v.body,
        "caption": v.caption,
        "status": v.status,
        "published_at": v.published_at,
    }


@router.get("/stories/", response=StoryPage)
def stories_list(
    request,
    center: str | None = None,
    stage: str = "",
    column: int | None = Query(None, ge=1, le=MAX_ID),
    start: dt.date | None = None,
    end: dt.date | None = None,
    date_by: str = "created",
    page: int = 1,
    page_size: int = PAGE_SIZE,
):
    """A center's stories, newest first, `page_size` (≤100) to a page.

    Filters: `stage`, `column` (id), `start`/`end` (inclusive) on the creation date or,
    with `date_by=published`, on the sign-off date. Without `center` (its code), the
    user's current center.
    """
    center_obj = _center(request, center)
    if stage and stage not in Stage.values:
        raise HttpError(400, _("审核状态 stage 不正确。"))
    if date_by not in ("created", "published"):
        raise HttpError(400, _("date_by 只能是 created 或 published。"))
    if start and end and end < start:
        raise HttpError(400, _("结束日期不能早于开始日期。"))
    if not 1 <= page <= MAX_PAGE or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise HttpError(400, _("页码或每页条数不正确。"))
    queryset = story_list(
        center=center_obj, stage=stage, column=column, start=start, end=end, date_by=date_by
    )
    offset = (page - 1) * page_size
    return {
        "count": queryset.count(),
        "page": page,
        "page_size": page_size,
        "items": [_story(s) for s in queryset[offset : offset + page_size]],
    }


@router.get("/stories/{story_id}/", response=StoryDetailOut)
def stories_detail(request, story_id: int):
    """One story with its channel versions, every review step and its corrections."""
    s = story_detail_for_user(user=request.user, pk=story_id)
    return {
        **_story(s),
        "body": s.body,
        "center": s.center.code,
        "withdraw_reason": s.withdraw_reason,
        "versions": [_version(v) for v in s.versions.all()],
        "review_records": [
            {
                "level": r.level,
                "action": r.action,
                "action_label": r.get_action_display(),
                "by": _name(r.by),
                "opinion": r.opinion,
                "revision_id": r.revision_id,
                "created_at": r.created_at,
            }
            for r in s.review_records.all()
        ],
        "corrections": [
            {
                "reason": c.reason,
                "note": c.note,
                "is_public": c.is_public,
                "by": _name(c.by),
                "created_at": c.created_at,
            }
            for c in s.corrections.all()
        ],
    }


@router.post(
    "/stories/{story_id}/versions/", response={201: ChannelVersionOut, 400: dict, 403: dict}
)
def stories_version_create(request, story_id: int, payload: VersionIn):
    """A channel version of the story (`kind`: web, wechat, short_video, toutiao, tv,
    radio), copied from the master's latest content."""
    s = story_detail_for_user(user=request.user, pk=story_id)
    try:
        version = services.version_create(story=s, kind=payload.kind, by=request.user)
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc)})
    except ValidationError as exc:
        return Status(400, {"detail": " ".join(exc.messages)})
    return Status(201, _version(version))
