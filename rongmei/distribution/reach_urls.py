"""Admin URLs of the reach and audience pages, mounted by `wagtail_hooks.py` as

    path("distribution/reach/", include((urlpatterns, "reach")))

in a `register_admin_urls` hook, so the names read `reach:import`, `reach:history`…
"""

from django.urls import path

from . import reach_views

urlpatterns = [
    path("import/", reach_views.reach_import_view, name="import"),
    path("imports/", reach_views.reach_import_list, name="history"),
    path("imports/<int:pk>/", reach_views.reach_import_detail, name="import_detail"),
    path("publication/<int:pk>/", reach_views.publication_reach, name="publication"),
    path("audience/", reach_views.audience_view, name="audience"),
    path("audience/import/", reach_views.audience_import_view, name="audience_import"),
]
