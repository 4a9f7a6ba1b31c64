"""`POST /api/v1/ledger/import`: the ledger import for signed-in staff (contract: ledger-import.md)."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import File, Router, Status
from ninja.files import UploadedFile

from .permissions import importable_center
from .services import ledger_import

router = Router(tags=["ledgers"])

_TRUE = {"1", "true", "yes", "on"}


@router.post("/ledger/import", response={200: dict, 400: dict, 403: dict})
def ledger_import_api(request, file: File[UploadedFile] = None):
    """Import an .xlsx or .csv ledger into a center: 200 with counts, or 400 with every error."""
    code = request.POST.get("center") or request.GET.get("center") or None
    dry_run = (request.POST.get("dry_run") or request.GET.get("dry_run") or "").lower() in _TRUE
    center, problem = importable_center(request.user, code)
    if center is None:
        if problem == "not_found":
            raise Http404
        if problem == "forbidden":
            return Status(403, {"errors": [_("您没有为该中心导入台账的权限。")], "count": 1})
        return Status(
            400, {"errors": [_("您属于多个中心，请用 center 参数指定中心代码。")], "count": 1}
        )
    if file is None:
        return Status(400, {"errors": [_("请上传文件（字段 file）。")], "count": 1})
    result = ledger_import(
        file=file.file, filename=file.name, center=center, by=request.user, dry_run=dry_run
    )
    body = result.as_dict()
    body["center"] = center.code
    return Status(200 if result.ok else 400, body)
