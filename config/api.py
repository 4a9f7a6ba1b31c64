"""The machine interface, /api/v1/: one NinjaAPI, with the `router` of every app's `api.py`."""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.urls import path
from ninja.security import django_auth

# Bad input answered in Chinese with a 4xx, NUL refused, error answers documented
# (rongmei/core/ninja_api.py; tests/test_api_schema.py).
from rongmei.core.ninja_api import RongmeiAPI

api = RongmeiAPI(
    title="rongmei API",
    version="1",
    auth=django_auth,
    urls_namespace="api-v1",
    docs_url="/docs",
)
for app in settings.RONGMEI_APPS:
    if find_spec(f"{app}.api") is not None:
        api.add_router("/", import_module(f"{app}.api").router)

urlpatterns = [path("", api.urls)]
