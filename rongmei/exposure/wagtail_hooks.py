"""exposure3"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from rongmei.core.areas import area_hook
from rongmei.core.viewsets import CenterScopedViewSet

from .models import ExposureCase


class ExposureCaseViewSet(CenterScopedViewSet):
    model = ExposureCase
    name = "exposures"
    icon = "warning"
    menu_label = _("曝光台")
    menu_hook = area_hook("public")
    menu_order = 10
    form_fields = ["date", "title", "status", "rectified_date", "description"]
    list_display = ["title", "date", "status", "rectified_date"]
    list_filter = ["status", "date"]
    search_fields = ["title", "description"]
    list_export = ["date", "title", "status", "rectified_date", "description"]
    export_filename = "exposures"


@hooks.register("register_admin_viewset")
def register_exposure_viewsets():
    return [ExposureCaseViewSet()]
