"""API endpoints of proofing: check any text, list the lexicons in use, keep a warning."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status

from rongmei.core.middleware import current_center
from rongmei.core.models import Center
from rongmei.core.tenancy import record_center_ids

from . import services
from .selectors import lexicon_list_for_center

router = Router(tags=["proofing"])
MAX_TEXT = 200_000


class CheckIn(Schema):
    text: str
    center: str | None = None


class FindingOut(Schema):
    start: int
    end: int
    text: str
    kind: str
    check: str
    severity: str
    category: str
    suggestion: str
    message: str
    rule: str
    rule_key: str
    lexicon: str
    lexicon_id: int
    version: int
    version_id: int
    accepted: bool
    accepted_reason: str


class LexiconVersionOut(Schema):
    lexicon: str
    lexicon_id: int
    kind: str
    version: int
    version_id: int


class CheckOut(Schema):
    text_hash: str
    has_blocking: bool
    open_warnings: int
    versions: list[LexiconVersionOut]
    findings: list[FindingOut]


class LexiconOut(Schema):
    id: int
    name: str
    kind: str
    shared: bool
    active: bool
    starter: bool
    version: int | None


class AcceptIn(Schema):
    text: str
    start: int
    end: int
    rule_key: str
    reason: str
    center: str | None = None


class AcceptOut(Schema):
    id: int
    reason: str


def _center(request, code: str | None) -> Center:
    ids = record_center_ids(request.user)
    if code:
        center = Center.objects.filter(code=code, pk__in=ids).first()
    else:
        center = current_center(request)
    if center is None or center.pk not in ids:
        raise Http404
    return center


@router.post("/proofing/check", response={200: CheckOut, 400: dict})
def proofing_check(request, payload: CheckIn):
    """Check a text against the center's lexicons and the shared ones."""
    center = _center(request, payload.center)
    if len(payload.text) > MAX_TEXT:
        return Status(400, {"detail": _("文本过长（最多 %(n)d 字）。") % {"n": MAX_TEXT}})
    return Status(200, services.proofread(center=center, text=payload.text).as_dict())


@router.get("/proofing/lexicons", response=list[LexiconOut])
def proofing_lexicons(request, center: str | None = None):
    """The lexicons a check in the center uses: its own and the shared ones."""
    center_obj = _center(request, center)
    return [
        {
            "id": lx.pk,
            "name": lx.name,
            "kind": lx.kind,
            "shared": lx.center_id is None,
            "active": lx.is_active,
            "starter": lx.is_starter,
            "version": lx.current_version.number if lx.current_version_id else None,
        }
        for lx in lexicon_list_for_center(center=center_obj)
    ]


@router.post("/proofing/accept", response={200: AcceptOut, 400: dict, 403: dict})
def proofing_accept(request, payload: AcceptIn):
    """Keep a warning on purpose, with the reason."""
    center = _center(request, payload.center)
    try:
        accepted = services.finding_accept(
            center=center,
            text=payload.text,
            start=payload.start,
            end=payload.end,
            rule_key=payload.rule_key,
            reason=payload.reason,
            by=request.user,
        )
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc)})
    except ValidationError as exc:
        return Status(400, {"detail": " ".join(exc.messages)})
    return Status(200, {"id": accepted.pk, "reason": accepted.reason})
