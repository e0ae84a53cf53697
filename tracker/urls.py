from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from tracker.admin import date_reading, import_views
from tracker.api import errors as api_errors
from tracker.api import views as api_views
from tracker.web import downloads, pages, pickers
from tracker.web.feeds import PublishedEventsFeed
from tracker.web.sitemaps import SITEMAPS

api_router = DefaultRouter()
api_router.include_format_suffixes = False
api_router.register("events", api_views.EventViewSet, basename="api-event")
api_router.register("people", api_views.PersonViewSet, basename="api-person")
api_router.register("countries", api_views.CountryViewSet, basename="api-country")
api_router.register("topics", api_views.TopicViewSet, basename="api-topic")
api_router.register("series", api_views.SeriesViewSet, basename="api-series")
api_router.register("statements", api_views.StatementViewSet, basename="api-statement")

urlpatterns = [
    path("events/export.csv", downloads.export_csv, name="events_export_csv"),
    path("events/export.csv.meta.json", downloads.export_meta, name="events_export_meta"),
    path("events/export.meta.json", downloads.export_meta),
    path("events/export.json", downloads.export_json, name="events_export_json"),
    path("events/export.geojson", downloads.export_geojson, name="events_export_geojson"),
    path("events/export.ics", downloads.export_ics, name="events_export_ics"),
    path("export/dataset.json", downloads.export_dataset, name="export_dataset"),
    path("events/export.readable.csv", downloads.export_readable_csv, name="events_export_readable_csv"),
    path("statements/export.csv", downloads.statements_csv, name="statements_export_csv"),
    path("statements/export.json", downloads.statements_json, name="statements_export_json"),
    path("events/export.plover.jsonl", downloads.export_plover, name="events_export_plover"),
    path("events/export.timelinejs.json", downloads.export_timelinejs, name="events_export_timelinejs"),
    path("admin/tracker/event/import/", import_views.import_events_page, name="events_import"),
    path("admin/tracker/event/import/rejected/", import_views.rejected_rows_download, name="events_import_rejected"),
    path("admin/tracker/read-date.json", date_reading.read_date, name="admin_read_date"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include(api_router.urls)),
    re_path(r"^api/", api_errors.not_found),
    path("feed/", PublishedEventsFeed(), name="feed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="django.contrib.sitemaps.views.sitemap"),
    path("", pages.home, name="home"),
    path("events/", pages.event_list, name="event_list"),
    path("statements/", pages.statement_list, name="statement_list"),
    path("glossary/", pages.glossary, name="glossary"),
    path("embed/timeline/", pages.embed_timeline, name="embed_timeline"),
    path("events/mark/<int:key>/", pages.event_by_mark, name="event_by_mark"),
    path("events/<slug:slug>/", pages.event_detail, name="event_detail"),
    path("people/<slug:slug>/", pages.person_detail, name="person_detail"),
    path("countries/<str:code>/", pages.country_detail, name="country_detail"),
    path("topics/<slug:slug>/", pages.topic_detail, name="topic_detail"),
    path("series/<slug:slug>/", pages.series_detail, name="series_detail"),
    path("filters/facets.json", pickers.facets_json, name="filter_facets"),
    path("filters/people.json", pickers.people_json, name="filter_people"),
    path("charts/timeline.json", pages.timeline_json, name="timeline_json"),
]
