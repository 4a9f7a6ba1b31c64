"""The machine interface, /api/v1/: one NinjaAPI, with the `router` of every app's `api.py`."""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.urls import path
from ninja import NinjaAPI
from ninja.security import django_auth

api = NinjaAPI(
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
