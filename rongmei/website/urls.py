from django.urls import path

from . import views

urlpatterns = [
    path("column/<int:pk>/", views.column_detail, name="website_column"),
    path("column/<int:pk>/rss/", views.ColumnFeed(), name="website_column_rss"),
    path("column/<int:pk>/feed.json", views.column_json_feed, name="website_column_json"),
    path("campaign/<int:pk>/", views.campaign_detail, name="website_campaign"),
    path("search/", views.search, name="website_search"),
]
