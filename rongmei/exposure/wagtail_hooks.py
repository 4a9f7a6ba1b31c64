"""The exposure board in the admin: cases are entered and changed through the services;
their status moves only by the transition buttons (曝光, 不予受理, 整改完成)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from rongmei.core.areas import area_hook
from rongmei.core.masking import (
    Sensitive,
    SensitiveExportMixin,
    SensitiveFormMixin,
    SensitiveInspectMixin,
)
from rongmei.core.viewsets import (
    CenterScopedViewSet,
    RecordServices,
    ScopedEditView,
    ScopedIndexView,
    ScopedInspectView,
    Transition,
)

from . import services
from .models import ExposureCase, ExposureStatus


def _rectify(*, by, case):
    return services.exposure_case_rectify(
        by=by, case=case, rectified_date=case.rectified_date or timezone.localdate()
    )


EXPOSURE_SERVICES = RecordServices(
    create=services.exposure_case_create,
    update=services.exposure_case_update,
    delete=services.exposure_case_delete,
    arg="case",
    transitions=(
        Transition(
            "publish",
            _("曝光"),
            services.exposure_case_publish,
            available=lambda c: c.status == ExposureStatus.RECEIVED,
        ),
        Transition(
            "reject",
            _("不予受理"),
            services.exposure_case_reject,
            available=lambda c: c.status == ExposureStatus.RECEIVED,
        ),
        Transition(
            "rectify",
            _("整改完成"),
            _rectify,
            available=lambda c: c.status in (ExposureStatus.RECEIVED, ExposureStatus.PUBLISHED),
        ),
    ),
)


# Who reported a case: in full to holders of exposure.view_complainant_contact (the
# editors who verify cases), masked to everyone else; a full view is audited.
_PERM = "exposure.view_complainant_contact"
_VERB = _("查看举报人联系方式")
COMPLAINANT = {
    "complainant_name": Sensitive(_PERM, _VERB, mask="name"),
    "complainant_contact": Sensitive(_PERM, _VERB),
}


class ExposureIndexView(SensitiveExportMixin, ScopedIndexView):
    sensitive = COMPLAINANT


class ExposureInspectView(SensitiveInspectMixin, ScopedInspectView):
    sensitive = COMPLAINANT


class ExposureEditView(SensitiveFormMixin, ScopedEditView):
    sensitive = COMPLAINANT


class ExposureCaseViewSet(CenterScopedViewSet):
    model = ExposureCase
    name = "exposures"
    icon = "warning"
    menu_label = _("曝光台")
    menu_hook = area_hook("public")
    menu_order = 10
    services = EXPOSURE_SERVICES
    index_view_class = ExposureIndexView
    inspect_view_class = ExposureInspectView
    inspect_view_enabled = True
    edit_view_class = ExposureEditView
    form_fields = [
        "date",
        "title",
        "rectified_date",
        "description",
        "complainant_name",
        "complainant_contact",
    ]
    list_display = ["title", "date", "status", "rectified_date"]
    list_filter = ["status", "date"]
    search_fields = ["title", "description"]
    list_export = [
        "date",
        "title",
        "status",
        "rectified_date",
        "description",
        "complainant_name",
        "complainant_contact",
    ]
    inspect_view_fields = [
        "date",
        "title",
        "status",
        "rectified_date",
        "description",
        "complainant_name",
        "complainant_contact",
    ]
    export_filename = "exposures"


@hooks.register("register_admin_viewset")
def register_exposure_viewsets():
    return [ExposureCaseViewSet()]
