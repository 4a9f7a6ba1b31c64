"""URL wiring only."""

from importlib.util import find_spec

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from rongmei.core import views as core_views

# Public and staff pages of each app that has a urls.py, mounted at the root; each
# app prefixes its own paths (e.g. "tips/", "reporting/").
app_urlpatterns = [
    path("", include(f"{app}.urls"))
    for app in settings.RONGMEI_APPS
    if find_spec(f"{app}.urls") is not None
]

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("config.api")),
    path("center/switch/", core_views.center_switch, name="core_center_switch"),
    path("healthz", core_views.healthz, name="core_healthz"),
    *app_urlpatterns,
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif settings.RONGMEI_SERVE_MEDIA:
    # `make run` on one machine, DEBUG off: public uploads (images) are served by Django;
    # behind a web server, leave this off and serve MEDIA_ROOT there.
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]
