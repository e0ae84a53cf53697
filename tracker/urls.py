from django.contrib import admin
from django.urls import path

from tracker import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", views.home, name="home"),
    path("events/", views.event_list, name="event_list"),
    path("events/<slug:slug>/", views.event_detail, name="event_detail"),
    path("people/<slug:slug>/", views.person_detail, name="person_detail"),
    path("countries/<str:code>/", views.country_detail, name="country_detail"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic_detail"),
    path("series/<slug:slug>/", views.series_detail, name="series_detail"),
    path("charts/timeline.json", views.timeline_json, name="timeline_json"),
]
