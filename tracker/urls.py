from django.contrib import admin
from django.urls import path

from tracker import export_views, import_views

urlpatterns = [
    path("events/export.csv", export_views.export_csv, name="events_export_csv"),
    path("events/export.csv.meta.json", export_views.export_meta, name="events_export_meta"),
    path("events/export.meta.json", export_views.export_meta),
    path("events/export.json", export_views.export_json, name="events_export_json"),
    path("events/export.geojson", export_views.export_geojson, name="events_export_geojson"),
    path("events/export.ics", export_views.export_ics, name="events_export_ics"),
    path("admin/tracker/event/import/", import_views.import_events_page, name="events_import"),
    path("admin/", admin.site.urls),
]
